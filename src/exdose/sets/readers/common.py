"""Shared pieces of the format readers: the read context, parse result, units and set kinds."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, Literal

import polars as pl

from exdose.sets.readers.parsing import DateOrder
from exdose.units import LB_TO_KG

Unit = Literal["kg", "lb"]

# Exact by definition (international yard and pound, 1959), not literature values.
MILE_TO_M: Final[float] = 1609.344
FOOT_TO_M: Final[float] = 0.3048
YARD_TO_M: Final[float] = 0.9144

# Spellings of weight units seen in exports, mapped to exdose's two.
WEIGHT_UNITS: Final[dict[str, str]] = {
    "kg": "kg",
    "kgs": "kg",
    "kilograms": "kg",
    "lb": "lb",
    "lbs": "lb",
    "pounds": "lb",
}
DISTANCE_TO_M: Final[dict[str, float]] = {
    "m": 1.0,
    "meters": 1.0,
    "metres": 1.0,
    "km": 1000.0,
    "kilometers": 1000.0,
    "kilometres": 1000.0,
    "mi": MILE_TO_M,
    "mile": MILE_TO_M,
    "miles": MILE_TO_M,
    "ft": FOOT_TO_M,
    "feet": FOOT_TO_M,
    "yd": YARD_TO_M,
    "yards": YARD_TO_M,
}


@dataclass(frozen=True)
class ReadContext:
    """What the caller told the reader: the file, the unit when the file states none, date order."""

    path: Path
    unit: Unit | None = None
    date_order: DateOrder | None = None

    @property
    def file(self) -> str:
        """The file name as messages show it."""
        return str(self.path)


@dataclass
class Parsed:
    """A format parser's output: schema columns plus `_reason` (why a row is skipped, else null)
    and optionally `_start` (session start time, to tell same-named sessions of one day apart)."""

    frame: pl.DataFrame
    warnings: list[str] = field(default_factory=list)
    pain: pl.DataFrame | None = None


def weight_column(
    header: list[str], columns: dict[str, str], ctx: ReadContext, warnings: list[str]
) -> tuple[str | None, str | None]:
    """The weight column the header has and the unit it states (`columns`: unit -> column).

    A `--unit` that contradicts the header is reported in `warnings` and ignored.
    """
    for unit, column in columns.items():
        if column in header:
            if ctx.unit and ctx.unit != unit:
                warnings.append(f"--unit {ctx.unit} ignored: the header states {unit}")
            return column, unit
    return None, None


def weight_kg(value: pl.Expr, unit: pl.Expr) -> pl.Expr:
    """The weight in kg from a value and its unit ("kg" or "lb"); null for other units."""
    return (
        pl.when(unit == "kg")
        .then(value)
        .when(unit == "lb")
        .then(value * LB_TO_KG)
        .otherwise(pl.lit(None, dtype=pl.Float64))
    )


def unit_of(expr: pl.Expr) -> pl.Expr:
    """A unit spelling normalised to "kg"/"lb" (null when empty, the lower-cased text otherwise)."""
    lowered = expr.str.to_lowercase()
    return lowered.replace(WEIGHT_UNITS)


def distance_m(value: pl.Expr, unit: pl.Expr) -> pl.Expr:
    """Distance in metres from a value and a unit name (null for an unknown unit)."""
    factor = unit.str.to_lowercase().replace_strict(
        DISTANCE_TO_M, default=None, return_dtype=pl.Float64
    )
    return value * factor


def distance_unit_known(unit: pl.Expr) -> pl.Expr:
    """True where the distance unit is one exdose knows."""
    return unit.str.to_lowercase().is_in(list(DISTANCE_TO_M))


def integral(expr: pl.Expr) -> pl.Expr:
    """True where a Float64 value is a whole number (null stays null)."""
    return expr == expr.round(0)

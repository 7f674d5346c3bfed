"""FitNotes (Android) exports: a workout is a date; no set numbers, no RPE, no warm-up marker."""

from __future__ import annotations

from typing import Final

import polars as pl

from exdose.sets.readers.common import (
    Parsed,
    ReadContext,
    distance_m,
    distance_unit_known,
    integral,
    weight_column,
    weight_kg,
)
from exdose.sets.readers.csvio import RawTable
from exdose.sets.readers.log_format import LogFormat, signature_detector
from exdose.sets.readers.parsing import (
    EXPECTED_DATES,
    attach_reasons,
    clock_seconds,
    not_a_number,
    not_a_number_message,
    number,
    parse_timestamps,
    quoted,
    text,
    too_large,
)

NAME: Final[str] = "fitnotes"
SIGNATURE: Final[frozenset[str]] = frozenset(
    {"Date", "Exercise", "Category", "Weight (kgs)", "Weight (lbs)", "Distance Unit", "Time"}
)
REQUIRED: Final[tuple[str, ...]] = ("Date", "Exercise", "Reps")


def variant(header: list[str]) -> str:
    """Which FitNotes unit the header shows."""
    return "fitnotes (lb)" if "Weight (lbs)" in header else "fitnotes (kg)"


def parse(raw: RawTable, ctx: ReadContext) -> Parsed:
    """Parse a FitNotes export into sets-table columns plus `_reason`."""
    header = raw.header
    df = raw.frame
    warnings: list[str] = []
    weight_col, unit = weight_column(
        header, {"lb": "Weight (lbs)", "kg": "Weight (kgs)"}, ctx, warnings
    )
    stamps, order = parse_timestamps(df["Date"], date_order=ctx.date_order, file=ctx.file)
    if order is not None:
        warnings.append(f"dates read as {'day/month' if order == 'dmy' else 'month/day'}/year")
    df = df.with_columns(stamps.alias("_start"))
    weight_txt = text(weight_col) if weight_col else pl.lit(None, dtype=pl.Utf8)
    weight = number(weight_txt)
    unit_expr = pl.lit(unit, dtype=pl.Utf8)
    reps = number(text("Reps"))
    dist_txt = text("Distance") if "Distance" in header else pl.lit(None, dtype=pl.Utf8)
    dist_unit = text("Distance Unit") if "Distance Unit" in header else pl.lit(None, dtype=pl.Utf8)
    dist_value = number(dist_txt)
    time_txt = text("Time") if "Time" in header else pl.lit(None, dtype=pl.Utf8)
    seconds = (
        pl.when(time_txt.str.contains(":"))
        .then(clock_seconds(time_txt))
        .otherwise(number(time_txt))
    )
    checks = [
        (text("Date").is_null(), pl.lit("no date")),
        (
            pl.col("_start").is_null(),
            quoted("date", text("Date"), f" not understood ({EXPECTED_DATES})"),
        ),
        (text("Exercise").is_null(), pl.lit("no exercise")),
        (not_a_number(text("Reps")), not_a_number_message("reps", text("Reps"))),
        (
            reps.is_not_null() & ((reps < 0) | ~integral(reps)),
            quoted("reps", text("Reps"), " is not a whole number >= 0"),
        ),
        too_large("reps", reps, text("Reps")),
        (not_a_number(weight_txt), not_a_number_message("weight", weight_txt)),
        (weight.is_not_null() & (weight < 0), quoted("weight", weight_txt, " is negative")),
        (not_a_number(dist_txt), not_a_number_message("distance", dist_txt)),
        (
            (dist_value.fill_null(0) != 0) & ~distance_unit_known(dist_unit).fill_null(False),
            quoted("distance unit", dist_unit, " not understood"),
        ),
        (time_txt.is_not_null() & seconds.is_null(), quoted("time", time_txt, " not H:MM:SS")),
        (
            reps.is_null() & weight.is_null() & dist_value.is_null() & seconds.is_null(),
            pl.lit("no reps, weight, distance or time"),
        ),
    ]
    date = pl.col("_start").dt.date()
    df = attach_reasons(df, checks)
    out = df.select(
        pl.col("row"),
        pl.col("_start"),
        date.alias("date"),
        date.cast(pl.Utf8).alias("session"),
        text("Exercise").alias("exercise_name"),
        kind_working(),
        reps.cast(pl.Int32, strict=False).alias("reps"),
        weight_kg(weight, unit_expr).alias("load_kg"),
        weight.alias("load_value"),
        pl.when(weight.is_not_null()).then(unit_expr).otherwise(None).alias("load_unit"),
        weight_txt.alias("load_text"),
        seconds.alias("duration_s"),
        distance_m(dist_value, dist_unit).alias("distance_m"),
        pl.col("_reason"),
    )
    return Parsed(frame=out, warnings=warnings)


def kind_working() -> pl.Expr:
    """FitNotes has no warm-up marker: every row is a working set."""
    return pl.lit("working").alias("set_kind")


FORMAT: Final[LogFormat] = LogFormat(
    name=NAME,
    detect=signature_detector(SIGNATURE),
    read=parse,
    required=REQUIRED,
    variant=variant,
    numbered_sets=False,
    description="FitNotes (Android) export",
)
"""This module's entry in the log-format registry."""

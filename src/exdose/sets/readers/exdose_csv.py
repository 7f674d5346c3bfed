"""exdose's own CSV: one row per set, plus the session RPE, minutes and pain no app exports.

Columns (lower case; only `date` and `exercise` are required; see docs/logs.md):
date, athlete, session, exercise, set, kind, reps, weight, unit, rpe, rir, seconds, distance_m,
rest_s, tempo, pain, session_rpe, session_minutes, pain_region, pain_during, pain_after,
pain_next_morning, stiffness, red_flag, notes.
"""

from __future__ import annotations

from typing import Final

import polars as pl

from exdose.sets.readers.common import Parsed, ReadContext, integral, unit_of, weight_kg
from exdose.sets.readers.csvio import RawTable
from exdose.sets.readers.log_format import LogFormat, signature_detector
from exdose.sets.readers.parsing import (
    YES_NO,
    first_reason,
    not_a_number,
    not_a_number_message,
    number,
    parse_timestamps,
    quoted,
    text,
    too_large,
)

NAME: Final[str] = "exdose-csv"
COLUMNS: Final[tuple[str, ...]] = (
    "date",
    "athlete",
    "session",
    "exercise",
    "set",
    "kind",
    "reps",
    "weight",
    "unit",
    "rpe",
    "rir",
    "seconds",
    "distance_m",
    "rest_s",
    "tempo",
    "pain",
    "session_rpe",
    "session_minutes",
    "pain_region",
    "pain_during",
    "pain_after",
    "pain_next_morning",
    "stiffness",
    "red_flag",
    "notes",
)
READINESS: Final[tuple[str, ...]] = (
    "sleep_hours",
    "sleep_quality",
    "stress",
    "fatigue",
    "soreness",
    "mood",
)
"""Readiness columns: read by exdose.monitor.readiness, not here, so not warned about."""
# Sets-table column names are accepted too, so a table written by exdose reads back.
ALIASES: Final[dict[str, str]] = {
    "set_number": "set",
    "set_kind": "kind",
    "load_value": "weight",
    "load_unit": "unit",
    "duration_s": "seconds",
    "exercise_name": "exercise",
}
SIGNATURE: Final[frozenset[str]] = frozenset(COLUMNS) | frozenset(ALIASES)
REQUIRED: Final[tuple[str, ...]] = ("date", "exercise")
_KINDS: Final[dict[str, str]] = {
    "working": "working",
    "work": "working",
    "warmup": "warmup",
    "warm-up": "warmup",
    "warm up": "warmup",
    "w": "warmup",
    "drop": "drop",
    "dropset": "drop",
    "d": "drop",
    "failure": "failure",
    "f": "failure",
}
_OTHER_UNITS: Final[frozenset[str]] = frozenset({"bodyweight", "bw", "band"})
PAIN_COLUMNS: Final[tuple[str, ...]] = ("pain_during", "pain_after", "pain_next_morning")


def variant(header: list[str]) -> str:
    """The exdose CSV has one variant."""
    return NAME


def normalise_header(header: list[str]) -> list[str]:
    """Lower-case the names and map sets-table aliases to the documented names."""
    out = []
    for name in header:
        key = name.strip().lower()
        out.append(ALIASES.get(key, key))
    return out


def _opt(header: list[str], name: str) -> pl.Expr:
    return text(name) if name in header else pl.lit(None, dtype=pl.Utf8)


def _scale_checks(
    header: list[str], names: tuple[str, ...], top: float
) -> list[tuple[pl.Expr, pl.Expr]]:
    checks: list[tuple[pl.Expr, pl.Expr]] = []
    for name in names:
        value = _opt(header, name)
        checks.append((not_a_number(value), not_a_number_message(name, value)))
        n = number(value)
        checks.append(
            (n.is_not_null() & ((n < 0) | (n > top)), quoted(name, value, f" is outside 0-{top:g}"))
        )
    return checks


def parse(raw: RawTable, ctx: ReadContext) -> Parsed:
    """Parse an exdose CSV into sets-table columns plus `_reason`, and its pain columns."""
    df = raw.frame.rename(dict(zip(raw.header, normalise_header(raw.header), strict=True)))
    header = df.columns
    warnings: list[str] = []
    unknown = [c for c in header if c not in COLUMNS and c not in READINESS and c != "row"]
    if unknown:
        warnings.append(f"columns not part of the exdose CSV were ignored: {', '.join(unknown)}")
    stamps, order = parse_timestamps(df["date"], date_order=ctx.date_order, file=ctx.file)
    if order is not None:
        warnings.append(f"dates read as {'day/month' if order == 'dmy' else 'month/day'}/year")
    df = df.with_columns(stamps.alias("_start"))

    weight_txt = _opt(header, "weight")
    weight = number(weight_txt)
    stated = unit_of(_opt(header, "unit"))
    unit = pl.coalesce([stated, pl.lit(ctx.unit, dtype=pl.Utf8)])
    kind_txt = _opt(header, "kind").str.to_lowercase()
    kind = (
        pl.when(kind_txt.is_null())
        .then(pl.lit("working"))
        .otherwise(kind_txt.replace_strict(_KINDS, default=None))
    )
    reps = number(_opt(header, "reps"))
    set_no = number(_opt(header, "set"))
    numbers = ("seconds", "distance_m", "rest_s", "session_minutes")
    checks: list[tuple[pl.Expr, pl.Expr]] = [
        (text("date").is_null(), pl.lit("no date")),
        (pl.col("_start").is_null(), quoted("date", text("date"), " not understood (YYYY-MM-DD)")),
        (text("exercise").is_null(), pl.lit("no exercise")),
        (
            kind.is_null(),
            quoted("kind", kind_txt, " not understood (working, warmup, drop, failure)"),
        ),
        (
            not_a_number(_opt(header, "reps")),
            not_a_number_message("reps", _opt(header, "reps")),
        ),
        (
            reps.is_not_null() & ((reps < 0) | ~integral(reps)),
            quoted("reps", _opt(header, "reps"), " is not a whole number >= 0"),
        ),
        too_large("reps", reps, _opt(header, "reps")),
        too_large("set", set_no, _opt(header, "set")),
        (
            set_no.is_not_null() & ((set_no < 1) | ~integral(set_no)),
            quoted("set", _opt(header, "set"), " is not a whole number >= 1"),
        ),
        (not_a_number(weight_txt), not_a_number_message("weight", weight_txt)),
        (weight.is_not_null() & (weight < 0), quoted("weight", weight_txt, " is negative")),
        (
            (weight.fill_null(0) != 0) & unit.is_null(),
            pl.lit("weight without a unit (fill the unit column or give --unit kg|lb)"),
        ),
        (
            unit.is_not_null() & ~unit.is_in(["kg", "lb", *_OTHER_UNITS]),
            quoted("unit", _opt(header, "unit"), " not understood (kg, lb, bodyweight, band)"),
        ),
        *[
            (not_a_number(_opt(header, n)), not_a_number_message(n, _opt(header, n)))
            for n in numbers
        ],
        *_scale_checks(
            header, ("rpe", "rir", "pain", "session_rpe", "stiffness", *PAIN_COLUMNS), 10
        ),
        (
            _opt(header, "red_flag").is_not_null()
            & ~_opt(header, "red_flag").str.to_lowercase().is_in(list(YES_NO)),
            quoted("red_flag", _opt(header, "red_flag"), " is not yes/no"),
        ),
    ]
    athlete = _opt(header, "athlete")
    session = _opt(header, "session").fill_null("1")
    date = pl.col("_start").dt.date()
    frame = df.with_columns(
        date.alias("date"),
        athlete.alias("athlete"),
        session.alias("session"),
        first_reason(checks).alias("_reason"),
    )
    group = ["athlete", "date", "session"]
    # Session-level values may sit on one row of the session or on all: spread the first one.
    spread = [
        number(_opt(header, name)).drop_nulls().first().over(group).alias(name)
        for name in ("session_rpe", "session_minutes")
    ]
    conflicts = frame.filter(pl.col("_reason").is_null()).select(
        *[
            (number(_opt(header, name)).drop_nulls().n_unique().over(group) > 1).any().alias(name)
            for name in ("session_rpe", "session_minutes")
        ]
    )
    for name in ("session_rpe", "session_minutes"):
        if conflicts.height and conflicts[name][0]:
            warnings.append(f"a session has more than one {name}: the first one is used")
    set_number = pl.coalesce(
        set_no.cast(pl.Int32, strict=False),
        (pl.int_range(pl.len()).over([*group, "exercise"]) + 1).cast(pl.Int32),
    )
    unit_norm = pl.when(unit.is_in(["bw"])).then(pl.lit("bodyweight")).otherwise(unit)
    rpe = number(_opt(header, "rpe"))
    rir = number(_opt(header, "rir"))
    good = frame.filter(pl.col("_reason").is_null())
    out = frame.select(
        pl.col("row"),
        pl.col("_start"),
        pl.col("date"),
        pl.col("athlete"),
        pl.col("session"),
        text("exercise").alias("exercise_name"),
        set_number.alias("set_number"),
        kind.alias("set_kind"),
        reps.cast(pl.Int32, strict=False).alias("reps"),
        weight_kg(weight, unit).alias("load_kg"),
        weight.alias("load_value"),
        pl.when(weight.is_not_null() | unit_norm.is_in(["bodyweight", "band"]))
        .then(unit_norm)
        .otherwise(None)
        .alias("load_unit"),
        weight_txt.alias("load_text"),
        rpe.alias("rpe"),
        rir.alias("rir"),
        number(_opt(header, "seconds")).alias("duration_s"),
        number(_opt(header, "distance_m")).alias("distance_m"),
        number(_opt(header, "rest_s")).alias("rest_s"),
        _opt(header, "tempo").alias("tempo"),
        number(_opt(header, "pain")).alias("pain"),
        *spread,
        pl.col("_reason"),
    )
    pain = None
    if any(c in header for c in PAIN_COLUMNS):
        pain = _session_pain(good, header)
    return Parsed(frame=out, warnings=warnings, pain=pain)


def _session_pain(good: pl.DataFrame, header: list[str]) -> pl.DataFrame:
    """One pain entry per (athlete, date, region) from rows that carry any pain rating."""
    values = [number(_opt(header, c)).alias(c.removeprefix("pain_")) for c in PAIN_COLUMNS]
    flag = (
        _opt(header, "red_flag")
        .str.to_lowercase()
        .replace_strict(YES_NO, default=None, return_dtype=pl.Boolean)
    )
    rows = good.select(
        pl.col("athlete"),
        pl.col("date"),
        _opt(header, "pain_region").fill_null("unspecified").alias("region"),
        *values,
        number(_opt(header, "stiffness")).alias("stiffness"),
        flag.alias("red_flag"),
        _opt(header, "notes").alias("notes"),
        pl.col("row"),
    ).filter(
        pl.any_horizontal(pl.col("during", "after", "next_morning", "stiffness").is_not_null())
    )
    return (
        rows.group_by(["athlete", "date", "region"], maintain_order=True)
        .agg(
            pl.col("during", "after", "next_morning", "stiffness").max(),
            pl.col("red_flag").max(),
            pl.col("notes").drop_nulls().first(),
            pl.col("row").min(),
        )
        .with_columns(pl.lit("exdose-csv").alias("source"))
    )


FORMAT: Final[LogFormat] = LogFormat(
    name=NAME,
    detect=signature_detector(SIGNATURE),
    read=parse,
    required=REQUIRED,
    variant=variant,
    numbered_sets=True,
    normalise=normalise_header,
    description="exdose's own CSV (docs/logs.md)",
)
"""This module's entry in the log-format registry."""

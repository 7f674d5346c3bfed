"""Hevy exports (kg and lb accounts): one row per set, 0-based set_index, typed sets."""

from __future__ import annotations

from typing import Final

import polars as pl

from exdose.sets.readers.common import (
    MILE_TO_M,
    Parsed,
    ReadContext,
    integral,
    weight_column,
    weight_kg,
)
from exdose.sets.readers.csvio import RawTable
from exdose.sets.readers.log_format import LogFormat, signature_detector
from exdose.sets.readers.parsing import (
    EXPECTED_DATES,
    attach_reasons,
    not_a_number,
    not_a_number_message,
    number,
    parse_timestamps,
    quoted,
    text,
    too_large,
)

NAME: Final[str] = "hevy"
SIGNATURE: Final[frozenset[str]] = frozenset(
    {"title", "start_time", "end_time", "exercise_title", "set_index", "set_type", "superset_id"}
)
REQUIRED: Final[tuple[str, ...]] = ("title", "start_time", "exercise_title", "set_index", "reps")
_SET_TYPES: Final[dict[str, str]] = {
    "normal": "working",
    "warmup": "warmup",
    "failure": "failure",
    "dropset": "drop",
}


def variant(header: list[str]) -> str:
    """Which Hevy account unit the header shows."""
    return "hevy (lb)" if "weight_lbs" in header else "hevy (kg)"


def parse(raw: RawTable, ctx: ReadContext) -> Parsed:
    """Parse a Hevy export into sets-table columns plus `_reason` and `_start`."""
    header = raw.header
    df = raw.frame
    warnings: list[str] = []
    weight_col, unit = weight_column(header, {"lb": "weight_lbs", "kg": "weight_kg"}, ctx, warnings)
    start, _ = parse_timestamps(df["start_time"], date_order=ctx.date_order, file=ctx.file)
    if "end_time" in header:
        end, _ = parse_timestamps(df["end_time"], date_order=ctx.date_order, file=ctx.file)
    else:
        end = pl.Series("end_time", [None] * df.height, dtype=pl.Datetime("us"))
    df = df.with_columns(start.alias("_start"), end.alias("_end"))

    weight_txt = text(weight_col) if weight_col else pl.lit(None, dtype=pl.Utf8)
    weight = number(weight_txt)
    unit_expr = pl.lit(unit, dtype=pl.Utf8)
    reps = number(text("reps"))
    rpe_txt = text("rpe") if "rpe" in header else pl.lit(None, dtype=pl.Utf8)
    rpe = number(rpe_txt)
    index = number(text("set_index"))
    type_txt = (
        text("set_type").str.to_lowercase() if "set_type" in header else pl.lit(None, dtype=pl.Utf8)
    )
    kind = (
        pl.when(type_txt.is_null())
        .then(pl.lit("working"))
        .otherwise(type_txt.replace_strict(_SET_TYPES, default=None))
    )
    if "distance_miles" in header:
        dist = number(text("distance_miles")) * MILE_TO_M
    elif "distance_km" in header:
        dist = number(text("distance_km")) * 1000.0
    else:
        dist = pl.lit(None, dtype=pl.Float64)
    seconds_txt = (
        text("duration_seconds") if "duration_seconds" in header else pl.lit(None, dtype=pl.Utf8)
    )
    minutes = (pl.col("_end") - pl.col("_start")).dt.total_seconds() / 60.0

    checks = [
        (text("start_time").is_null(), pl.lit("no start_time")),
        (
            pl.col("_start").is_null(),
            quoted("start_time", text("start_time"), f" not understood ({EXPECTED_DATES})"),
        ),
        (text("exercise_title").is_null(), pl.lit("no exercise_title")),
        (
            index.is_null() | (index < 0) | ~integral(index),
            quoted("set_index", text("set_index"), " is not a whole number >= 0"),
        ),
        (
            kind.is_null(),
            quoted("set_type", type_txt, " not understood (normal, warmup, failure, dropset)"),
        ),
        (not_a_number(text("reps")), not_a_number_message("reps", text("reps"))),
        (
            reps.is_not_null() & ((reps < 0) | ~integral(reps)),
            quoted("reps", text("reps"), " is not a whole number >= 0"),
        ),
        too_large("reps", reps, text("reps")),
        too_large("set_index", index, text("set_index")),
        (not_a_number(weight_txt), not_a_number_message("weight", weight_txt)),
        (weight.is_not_null() & (weight < 0), quoted("weight", weight_txt, " is negative")),
        (not_a_number(rpe_txt), not_a_number_message("rpe", rpe_txt)),
        (
            rpe.is_not_null() & ((rpe < 0) | (rpe > 10)),
            quoted("rpe", rpe_txt, " is outside 0-10"),
        ),
        (
            not_a_number(seconds_txt),
            not_a_number_message("duration_seconds", seconds_txt),
        ),
    ]
    df = attach_reasons(df, checks)
    out = df.select(
        pl.col("row"),
        pl.col("_start"),
        pl.col("_start").dt.date().alias("date"),
        text("title").fill_null("Workout").alias("session"),
        text("exercise_title").alias("exercise_name"),
        (index + 1).cast(pl.Int32, strict=False).alias("set_number"),
        kind.alias("set_kind"),
        reps.cast(pl.Int32, strict=False).alias("reps"),
        weight_kg(weight, unit_expr).alias("load_kg"),
        weight.alias("load_value"),
        pl.when(weight.is_not_null()).then(unit_expr).otherwise(None).alias("load_unit"),
        weight_txt.alias("load_text"),
        rpe.alias("rpe"),
        number(seconds_txt).alias("duration_s"),
        dist.alias("distance_m"),
        pl.when(minutes > 0).then(minutes).otherwise(None).alias("session_minutes"),
        pl.col("_reason"),
    )
    return Parsed(frame=out, warnings=warnings)


FORMAT: Final[LogFormat] = LogFormat(
    name=NAME,
    detect=signature_detector(SIGNATURE),
    read=parse,
    required=REQUIRED,
    variant=variant,
    numbered_sets=True,
    description="Hevy workout export (kg or lb account)",
)
"""This module's entry in the log-format registry."""

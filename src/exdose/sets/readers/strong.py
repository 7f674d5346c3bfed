"""Strong (iOS/Android) exports: three header variants, one parser keyed on the columns present."""

from __future__ import annotations

from typing import Final

import polars as pl

from exdose.errors import LogReadError
from exdose.sets.readers.common import (
    Parsed,
    ReadContext,
    distance_m,
    distance_unit_known,
    integral,
    unit_of,
    weight_kg,
)
from exdose.sets.readers.csvio import RawTable
from exdose.sets.readers.log_format import LogFormat, signature_detector
from exdose.sets.readers.parsing import (
    EXPECTED_DATES,
    attach_reasons,
    bad_num,
    duration_text_seconds,
    not_a_number_message,
    num,
    parse_timestamps,
    quoted,
    text,
    too_large,
    with_numbers,
)

NAME: Final[str] = "strong"
SIGNATURE: Final[frozenset[str]] = frozenset(
    {"Date", "Workout Name", "Exercise Name", "Set Order", "Workout #"}
)
REQUIRED: Final[tuple[str, ...]] = ("Date", "Exercise Name", "Set Order", "Reps")
WEIGHT_COLUMNS: Final[dict[str, str | None]] = {
    "Weight (kg)": "kg",
    "Weight (kgs)": "kg",
    "Weight (lbs)": "lb",
    "Weight (lb)": "lb",
    "Weight": None,
}
_SET_ORDER_KIND: Final[dict[str, str]] = {"W": "warmup", "D": "drop", "F": "failure"}


def variant(header: list[str]) -> str:
    """Which of the Strong header variants this is (for messages and docs)."""
    if "Weight Unit" in header:
        return "strong (unit column)"
    if any(c in header for c in ("Weight (kg)", "Weight (lbs)", "Weight (kgs)", "Weight (lb)")):
        return "strong (unit in header)"
    return "strong (no unit)"


def parse(raw: RawTable, ctx: ReadContext) -> Parsed:
    """Parse a Strong export into sets-table columns plus `_reason` and `_start`."""
    header = raw.header
    df = raw.frame
    warnings: list[str] = []
    weight_col = next((c for c in WEIGHT_COLUMNS if c in header), None)
    header_unit = WEIGHT_COLUMNS.get(weight_col) if weight_col else None

    stamps, order = parse_timestamps(df["Date"], date_order=ctx.date_order, file=ctx.file)
    if order is not None:
        warnings.append(f"dates read as {'day/month' if order == 'dmy' else 'month/day'}/year")
    df = df.with_columns(stamps.alias("_start"))
    numeric = [
        c
        for c in (
            weight_col,
            "Reps",
            "RPE",
            "Seconds",
            "Distance",
            "Distance (meters)",
            "Duration (sec)",
        )
        if c
    ]
    df = with_numbers(df, numeric)

    weight_txt = text(weight_col) if weight_col else pl.lit(None, dtype=pl.Utf8)
    weight = num(weight_col)
    if "Weight Unit" in header:
        stated = unit_of(text("Weight Unit"))
        fallback = pl.lit(ctx.unit, dtype=pl.Utf8)
        unit = pl.coalesce([stated, fallback])
        units_seen = set(df.select(unit_of(text("Weight Unit")).drop_nulls().unique()).to_series())
        if {"kg", "lb"} <= units_seen:
            warnings.append("the file mixes kg and lb rows: each row is converted by its own unit")
        if ctx.unit and units_seen and units_seen != {ctx.unit}:
            warnings.append(f"--unit {ctx.unit} ignored where the file states the unit")
    elif header_unit is not None:
        unit = pl.lit(header_unit, dtype=pl.Utf8)
        if ctx.unit and ctx.unit != header_unit:
            warnings.append(f"--unit {ctx.unit} ignored: the header states {header_unit}")
    else:
        unit = pl.lit(ctx.unit, dtype=pl.Utf8)
        loaded = df.select((weight.fill_null(0) != 0).any()).item()
        if ctx.unit is None and loaded:
            raise LogReadError(
                "this Strong export does not say whether weights are kg or lb",
                file=ctx.file,
                hint="give --unit kg or --unit lb (the unit set in the Strong app)",
            )

    order_txt = text("Set Order")
    kind = (
        pl.when(order_txt.str.contains(r"^\d+$"))
        .then(pl.lit("working"))
        .otherwise(order_txt.str.to_uppercase().replace_strict(_SET_ORDER_KIND, default=None))
    )
    reps = num("Reps")
    rpe_txt = text("RPE") if "RPE" in header else pl.lit(None, dtype=pl.Utf8)
    rpe = num("RPE" if "RPE" in header else None)
    seconds_txt = text("Seconds") if "Seconds" in header else pl.lit(None, dtype=pl.Utf8)

    if "Distance Unit" in header:
        dist_unit = text("Distance Unit")
        distance = num("Distance" if "Distance" in header else None)
        dist = distance_m(distance, dist_unit)
        dist_bad_unit = (distance.fill_null(0) != 0) & ~distance_unit_known(dist_unit).fill_null(
            False
        )
    elif "Distance (meters)" in header:
        dist = num("Distance (meters)")
        dist_bad_unit = pl.lit(False)
    elif "Distance" in header:
        # The unit-less variant writes distance in the account's system (km or miles).
        factor = {"kg": 1000.0, "lb": 1609.344}.get(ctx.unit or "")
        dist = num("Distance") * pl.lit(factor, dtype=pl.Float64)
        has_distance = df.select((num("Distance").fill_null(0) != 0).any()).item()
        if has_distance:
            if factor is None:
                warnings.append("distances not read: the file does not state km or miles")
            else:
                warnings.append(
                    f"distances read as {'km' if ctx.unit == 'kg' else 'miles'} (the unit-less "
                    "Strong export uses the account's system, given by --unit)"
                )
        dist_bad_unit = pl.lit(False)
    else:
        dist = pl.lit(None, dtype=pl.Float64)
        dist_bad_unit = pl.lit(False)

    duration_col = next(
        (c for c in ("Duration (sec)", "Workout Duration", "Duration") if c in header), None
    )
    if duration_col == "Duration (sec)":
        minutes = num(duration_col) / 60.0
    elif duration_col is not None:
        minutes = duration_text_seconds(text(duration_col)) / 60.0
    else:
        minutes = pl.lit(None, dtype=pl.Float64)

    is_rest = order_txt.str.to_lowercase().str.contains("rest")
    checks = [
        (text("Date").is_null(), pl.lit("no date")),
        (
            pl.col("_start").is_null(),
            quoted("date", text("Date"), f" not understood ({EXPECTED_DATES})"),
        ),
        (is_rest, pl.lit("rest timer row, not a set")),
        (text("Exercise Name").is_null(), pl.lit("no exercise name")),
        (
            kind.is_null(),
            quoted("set order", order_txt, " not understood (expected 1, 2, ..., W, D or F)"),
        ),
        (bad_num("Reps"), not_a_number_message("reps", text("Reps"))),
        (
            reps.is_not_null() & ((reps < 0) | ~integral(reps)),
            quoted("reps", text("Reps"), " is not a whole number >= 0"),
        ),
        too_large("reps", reps, text("Reps")),
        too_large("set order", order_txt.cast(pl.Float64, strict=False), order_txt),
        (bad_num(weight_col), not_a_number_message("weight", weight_txt)),
        (weight.is_not_null() & (weight < 0), quoted("weight", weight_txt, " is negative")),
        (
            (weight.fill_null(0) != 0) & unit.is_null(),
            pl.lit("weight without a unit (give --unit kg or --unit lb)"),
        ),
        (
            (weight.fill_null(0) != 0) & unit.is_not_null() & ~unit.is_in(["kg", "lb"]),
            quoted(
                "weight unit",
                text("Weight Unit") if "Weight Unit" in header else unit,
                " not understood (kg or lbs)",
            ),
        ),
        (bad_num("RPE" if "RPE" in header else None), not_a_number_message("RPE", rpe_txt)),
        (rpe.is_not_null() & ((rpe < 0) | (rpe > 10)), quoted("RPE", rpe_txt, " is outside 0-10")),
        (
            bad_num("Seconds" if "Seconds" in header else None),
            not_a_number_message("seconds", seconds_txt),
        ),
        (dist_bad_unit, pl.lit("distance unit not understood")),
    ]
    numeric_order = order_txt.cast(pl.Int32, strict=False)
    df = attach_reasons(df, checks)
    out = df.select(
        pl.col("row"),
        pl.col("_start"),
        pl.col("_start").dt.date().alias("date"),
        (
            text("Workout Name").fill_null("Workout")
            if "Workout Name" in header
            else pl.lit("Workout")
        ).alias("session"),
        text("Exercise Name").alias("exercise_name"),
        numeric_order.alias("_set_order"),
        kind.alias("set_kind"),
        reps.cast(pl.Int32, strict=False).alias("reps"),
        weight_kg(weight, unit).alias("load_kg"),
        weight.alias("load_value"),
        pl.when(weight.is_not_null()).then(unit).otherwise(None).alias("load_unit"),
        weight_txt.alias("load_text"),
        rpe.alias("rpe"),
        # Strong writes 0 for "not applicable" in the time and distance columns.
        pl.when(num("Seconds" if "Seconds" in header else None) > 0)
        .then(num("Seconds" if "Seconds" in header else None))
        .alias("duration_s"),
        pl.when(dist > 0).then(dist).alias("distance_m"),
        minutes.alias("session_minutes"),
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
    description="Strong (iOS/Android) workout export",
)
"""This module's entry in the log-format registry."""

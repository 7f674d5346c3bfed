"""Estimated one-repetition maximum (Epley, Brzycki, Lombardi) and the RTS %1RM table rule."""

from __future__ import annotations

import math
import warnings
from typing import Literal

import polars as pl

from exdose.dose.constants import (
    BRZYCKI_NUMERATOR,
    BRZYCKI_OFFSET,
    E1RM_VALID_MAX_REPS,
    E1RM_WARN_MAX_REPS,
    EPLEY_DIVISOR,
    LOMBARDI_EXPONENT,
    RTS_MAX_EFFECTIVE_REPS,
    RTS_RPE10_PCT_1RM,
)
from exdose.dose.weekly import athlete_keys, dose_sets
from exdose.errors import UsageError

Formula = Literal["epley", "brzycki", "lombardi"]
FORMULAS: tuple[str, ...] = ("epley", "brzycki", "lombardi")


class E1rmWarning(UserWarning):
    """An e1RM from 11 or 12 reps: outside the range the formulas were validated for."""


def e1rm(weight: float, reps: int, formula: Formula = "epley") -> float:
    """e1RM in the weight's unit; 1 rep returns the weight. Valid to 10 reps (Reynolds 2006):
    11-12 reps warn (E1rmWarning), more raise UsageError."""
    if formula not in FORMULAS:
        raise UsageError(f"unknown e1RM formula '{formula}'", hint="epley, brzycki or lombardi")
    if weight < 0 or not math.isfinite(weight):
        raise UsageError(f"weight must be a finite number >= 0, got {weight}")
    if reps < 1:
        raise UsageError(f"e1RM needs at least 1 rep, got {reps}")
    if reps > E1RM_WARN_MAX_REPS:
        raise UsageError(
            f"e1RM from {reps} reps is not estimated",
            hint=f"the formulas hold to {E1RM_VALID_MAX_REPS} reps (Reynolds 2006)",
        )
    if reps > E1RM_VALID_MAX_REPS:
        warnings.warn(
            f"e1RM from {reps} reps is beyond the validated {E1RM_VALID_MAX_REPS}",
            E1rmWarning,
            stacklevel=2,
        )
    if reps == 1:
        return float(weight)
    if formula == "epley":
        return float(weight * (1 + reps / EPLEY_DIVISOR))
    if formula == "brzycki":
        return float(weight * BRZYCKI_NUMERATOR / (BRZYCKI_OFFSET - reps))
    return float(weight * reps**LOMBARDI_EXPONENT)


def e1rm_expr(weight: pl.Expr, reps: pl.Expr, formula: Formula = "epley") -> pl.Expr:
    """e1RM as a polars expression; null outside 1..10 reps or without a positive weight."""
    r = reps.cast(pl.Float64)
    if formula == "epley":
        value = weight * (1 + r / EPLEY_DIVISOR)
    elif formula == "brzycki":
        value = weight * BRZYCKI_NUMERATOR / (BRZYCKI_OFFSET - r)
    elif formula == "lombardi":
        value = weight * r.pow(LOMBARDI_EXPONENT)
    else:
        raise UsageError(f"unknown e1RM formula '{formula}'", hint="epley, brzycki or lombardi")
    valid = (r >= 1) & (r <= E1RM_VALID_MAX_REPS) & (weight > 0)
    return pl.when(valid & (r == 1)).then(weight).when(valid).then(value)


def e1rm_by_day(sets: pl.DataFrame, formula: Formula = "epley") -> pl.DataFrame:
    """Best e1RM (kg) per exercise and day from working sets of 1-10 reps with external load.

    Unmatched exercises are keyed by their app name. Columns: (athlete?), exercise, date, e1rm_kg.
    """
    ath = athlete_keys(sets)
    key = pl.coalesce(pl.col("exercise"), pl.col("exercise_name")).alias("exercise_key")
    return (
        dose_sets(sets)
        .with_columns(key, e1rm_expr(pl.col("load_kg"), pl.col("reps"), formula).alias("e1rm_kg"))
        .filter(pl.col("e1rm_kg").is_not_null() & pl.col("date").is_not_null())
        .group_by([*ath, "exercise_key", "date"])
        .agg(pl.col("e1rm_kg").max())
        .rename({"exercise_key": "exercise"})
        .sort([*ath, "exercise", "date"])
    )


def rts_pct_1rm(reps: float, rpe: float) -> float:
    """%1RM (as a fraction) for reps at an RPE by the RTS rule (practice source, not a trial).

    Effective reps = reps + (10 - RPE); half points are midpoints; beyond 12 is refused.
    """
    if reps < 1 or rpe > 10 or rpe < 0:
        raise UsageError(f"RTS table needs reps >= 1 and RPE 0-10, got {reps} reps at RPE {rpe}")
    effective = reps + (10 - rpe)
    if effective * 2 != round(effective * 2):
        raise UsageError(f"RTS table works in half points; got {effective} effective reps")
    if effective > RTS_MAX_EFFECTIVE_REPS:
        raise UsageError(
            f"{reps:g} reps at RPE {rpe:g} is {effective:g} reps from failure: beyond the RTS "
            f"table's {RTS_MAX_EFFECTIVE_REPS}",
        )
    low = math.floor(effective)
    value = RTS_RPE10_PCT_1RM[low - 1]
    if effective > low:
        value = (value + RTS_RPE10_PCT_1RM[low]) / 2
    return value


def rts_pct_1rm_expr(reps: pl.Expr, rpe: pl.Expr) -> pl.Expr:
    """The RTS rule as an expression (fraction of 1RM; null beyond 12 effective reps)."""
    effective = reps.cast(pl.Float64) + (10 - rpe)
    low = effective.floor()
    table = pl.lit(pl.Series(RTS_RPE10_PCT_1RM))
    lo_val = table.gather((low - 1).cast(pl.Int64).clip(0, RTS_MAX_EFFECTIVE_REPS - 1))
    hi_val = table.gather(low.cast(pl.Int64).clip(0, RTS_MAX_EFFECTIVE_REPS - 1))
    value = pl.when(effective > low).then((lo_val + hi_val) / 2).otherwise(lo_val)
    ok = (
        (effective >= 1)
        & (effective <= RTS_MAX_EFFECTIVE_REPS)
        & ((effective * 2).round(0) == effective * 2)
    )
    return pl.when(ok).then(value)

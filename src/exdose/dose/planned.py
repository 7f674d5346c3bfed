"""Week-by-week dose of a planned programme (the summary `exdose dose` prints)."""

from __future__ import annotations

import polars as pl
from pydantic import BaseModel, Field

from exdose.dose.constants import DEFAULT_THRESHOLDS, LoadThresholds
from exdose.dose.e1rm import rts_pct_1rm_expr
from exdose.dose.weekly import (
    By,
    change_flag,
    dose_sets,
    effort_rpe,
    fill_weeks,
    weekly_effort,
    weekly_minutes,
    weekly_sessions,
    weekly_sets_per_muscle,
    weekly_volume_load,
)
from exdose.exercises import ExerciseLibrary


class WeekDose(BaseModel):
    """The dose of one programme week; `change` and `flags` compare it with the week before."""

    week: int
    sets_per_muscle: dict[str, float]
    total_sets: int
    volume_load_kg: float | None
    sessions: int
    minutes: float | None
    mean_rpe: float | None
    mean_pct_1rm: float | None
    change: dict[str, float | None] = Field(default_factory=dict)
    flags: list[str] = Field(default_factory=list)


def _pct(prev: float | None, cur: float | None) -> float | None:
    if prev is None or cur is None or prev == 0:
        return None
    return (cur - prev) / prev


def dose_changes(
    prev_muscles: dict[str, float],
    muscles: dict[str, float],
    totals: list[tuple[str, float | None, float | None]],
    thresholds: LoadThresholds = DEFAULT_THRESHOLDS,
) -> tuple[dict[str, float | None], list[str]]:
    """Week-over-week change of totals ("total sets", "volume load", ...) and of per-muscle sets
    ("glutes sets"), with caution/spike flags; small muscles are not flagged (see thresholds)."""
    change: dict[str, float | None] = {}
    flags: list[str] = []
    for label, prev, cur in totals:
        change[label] = _pct(prev, cur)
        flag = change_flag(label, change[label], thresholds)
        if flag:
            flags.append(flag)
    for muscle in sorted(set(prev_muscles) | set(muscles)):
        prev_m, cur_m = prev_muscles.get(muscle, 0.0), muscles.get(muscle, 0.0)
        label = f"{muscle} sets"
        change[label] = _pct(prev_m, cur_m)
        if max(prev_m, cur_m) >= thresholds.min_sets_for_muscle_flag:
            flag = change_flag(label, change[label], thresholds)
            if flag:
                flags.append(flag)
    return change, flags


def muscles_by_period(per_muscle: pl.DataFrame, by: By) -> dict[object, dict[str, float]]:
    """{week: {muscle: sets}} from the long table of weekly_sets_per_muscle."""
    out: dict[object, dict[str, float]] = {}
    for period, muscle, sets in per_muscle.select(by, "muscle", "sets").iter_rows():
        out.setdefault(period, {})[str(muscle)] = round(float(sets), 3)
    return out


def _pct_1rm_expr() -> pl.Expr:
    explicit = pl.when(pl.col("load_unit") == "%1RM").then(pl.col("load_value"))
    estimated = rts_pct_1rm_expr(pl.col("reps"), effort_rpe()) * 100
    return pl.coalesce(explicit, estimated)


def planned_dose(
    planned_sets: pl.DataFrame,
    library: ExerciseLibrary,
    thresholds: LoadThresholds = DEFAULT_THRESHOLDS,
    deload_weeks: frozenset[int] = frozenset(),
) -> list[WeekDose]:
    """Per programme week: fractional sets per muscle, volume load, sessions, minutes, mean RPE,
    mean %1RM (written %1RM, else the RTS estimate from reps and RPE/RIR), change and flags.

    A planned deload is compared with the week before it, but the week after a deload is compared
    with the last regular week: returning to the planned dose is not a spike."""
    by: By = "week"
    sets = planned_sets.filter(pl.col("week").is_not_null())
    if sets.height == 0:
        return []
    per_muscle = muscles_by_period(weekly_sets_per_muscle(sets, library, by), by)
    working = dose_sets(sets)
    totals = working.group_by("week").agg(
        pl.len().alias("total_sets"), _pct_1rm_expr().mean().alias("mean_pct_1rm")
    )
    table = (
        weekly_volume_load(sets, by)
        .select("week", "volume_load_kg")
        .join(weekly_sessions(sets, by), on="week", how="full", coalesce=True)
        .join(weekly_minutes(sets, by), on="week", how="full", coalesce=True)
        .join(weekly_effort(sets, by), on="week", how="full", coalesce=True)
        .join(totals, on="week", how="full", coalesce=True)
    )
    table = fill_weeks(table, ["week"], by)
    out: list[WeekDose] = []
    prev: WeekDose | None = None
    for row in table.iter_rows(named=True):
        muscles = per_muscle.get(row["week"], {})
        week = WeekDose(
            week=int(row["week"]),
            sets_per_muscle=muscles,
            total_sets=int(row["total_sets"] or 0),
            volume_load_kg=_round(row["volume_load_kg"]),
            sessions=int(row["sessions"] or 0),
            minutes=_round(row["minutes"]),
            mean_rpe=_round(row["mean_rpe"], 2),
            mean_pct_1rm=_round(row["mean_pct_1rm"], 1),
        )
        if prev is not None:
            week.change, week.flags = dose_changes(
                prev.sets_per_muscle,
                muscles,
                [
                    ("total sets", float(prev.total_sets), float(week.total_sets)),
                    ("volume load", prev.volume_load_kg, week.volume_load_kg),
                ],
                thresholds,
            )
        out.append(week)
        if week.week not in deload_weeks:
            prev = week
    return out


def _round(value: object, digits: int = 1) -> float | None:
    if value is None:
        return None
    return round(float(value), digits)  # type: ignore[arg-type]

"""Weekly dose over any sets table (planned or performed): sets per muscle, volume load, sessions,
minutes, effort, session-RPE load and week-over-week change. Pure functions on polars frames."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import polars as pl

from exdose.dose.constants import (
    DOSE_SET_KINDS,
    PRIMARY_SET_WEIGHT,
    RPE_FROM_RIR_BASE,
    SECONDARY_SET_WEIGHT,
    LoadThresholds,
)
from exdose.dose.grouping import DENSE_LIMIT, group_rows, sums
from exdose.exercises import ExerciseLibrary

By = Literal["week", "week_start"]
# Cells of the (athlete-week x exercise) matrix of set counts (64 MB of float64); past it the
# sets are spread over muscles entry by entry instead.
MATRIX_CELLS = DENSE_LIMIT // 4


def athlete_keys(sets: pl.DataFrame) -> list[str]:
    """["athlete"] when the table names athletes, else [] (a single-person table)."""
    if "athlete" in sets.columns and sets["athlete"].null_count() < sets.height:
        return ["athlete"]
    return []


def period_keys(sets: pl.DataFrame, by: By) -> list[str]:
    """The grouping columns of a weekly table: athlete (when present) and the week column."""
    return [*athlete_keys(sets), by]


def week_number_expr() -> pl.Expr:
    """Monday-based week number since the epoch: 1970-01-01 was a Thursday, so day d is in week
    (d + 3) // 7 (floor division, right for dates before 1970 too)."""
    return ((pl.col("date").cast(pl.Int32) + 3) // 7).alias("week_number")


def week_start_expr() -> pl.Expr:
    """The ISO Monday on or before `date` (the same as `dt.truncate("1w")`, in integer
    arithmetic, which is several times faster on millions of rows)."""
    return (week_number_expr() * 7 - 3).cast(pl.Date)


def with_period(sets: pl.DataFrame, by: By) -> pl.DataFrame:
    """The table with its week column: `week` as planned, or `week_start` = ISO Monday of `date`."""
    if by == "week_start":
        return sets.with_columns(week_start_expr().alias("week_start"))
    return sets


def is_dose_set() -> pl.Expr:
    """True for sets that count as dose: working and failure (a set without a kind is working)."""
    kind = pl.col("set_kind")
    return pl.any_horizontal(kind.is_null(), *[kind == k for k in DOSE_SET_KINDS])


def dose_sets(sets: pl.DataFrame) -> pl.DataFrame:
    """Sets that count as dose: working and failure sets (no set kind counts as working)."""
    if "set_kind" not in sets.columns:
        return sets
    return sets.filter(is_dose_set())


def muscle_weights(library: ExerciseLibrary, exercise_ids: Sequence[str]) -> pl.DataFrame:
    """(exercise, muscle, weight): 1.0 a set for primary muscles, 0.5 secondary (Pelland 2025)."""
    rows: list[tuple[str, str, float]] = []
    for ex_id in exercise_ids:
        ex = library.get(ex_id)
        if ex is None:
            continue
        rows += [(ex_id, m, PRIMARY_SET_WEIGHT) for m in ex.primary]
        rows += [(ex_id, m, SECONDARY_SET_WEIGHT) for m in ex.secondary if m not in ex.primary]
    return pl.DataFrame(
        rows, schema={"exercise": pl.Utf8, "muscle": pl.Utf8, "weight": pl.Float64}, orient="row"
    )


def weekly_sets_per_muscle(
    sets: pl.DataFrame, library: ExerciseLibrary, by: By = "week_start"
) -> pl.DataFrame:
    """Fractional weekly sets per muscle: columns (athlete?), week|week_start, muscle, sets.

    Warm-up and drop sets are left out; sets whose exercise is unmatched (null) or unknown to the
    library add to no muscle.
    """
    keys = period_keys(sets, by)
    source = "date" if by == "week_start" else "week"
    needed = [c for c in (*athlete_keys(sets), source, "exercise", "set_kind") if c in sets.columns]
    # Lazy, on the needed columns only: a 10-million-row table is never copied whole.
    lazy = sets.lazy().select(needed)
    keep = pl.col("exercise").is_not_null()
    if "set_kind" in needed:
        keep = keep & is_dose_set()
    fast = _sets_per_muscle_dense(lazy, keep, keys, library, by)
    if fast is not None:
        return fast
    counted = lazy.filter(keep).drop("set_kind", strict=False).collect()
    return _sets_per_muscle_hashed(counted, keys, library, by)


def _sets_per_muscle_hashed(
    counted: pl.DataFrame, keys: list[str], library: ExerciseLibrary, by: By
) -> pl.DataFrame:
    """The plain polars group-by (any key types, any size)."""
    if by == "week_start":
        counted = counted.with_columns(week_start_expr().alias("week_start"))
    counted = counted.group_by([*keys, "exercise"]).agg(pl.len().alias("n"))
    weights = muscle_weights(library, counted["exercise"].unique().to_list())
    return (
        counted.join(weights, on="exercise", how="inner")
        .group_by([*keys, "muscle"])
        .agg((pl.col("n") * pl.col("weight")).sum().alias("sets"))
        .sort([*keys, "muscle"])
    )


def _sets_per_muscle_dense(
    lazy: pl.LazyFrame, keep: pl.Expr, keys: list[str], library: ExerciseLibrary, by: By
) -> pl.DataFrame | None:
    """Sets per muscle by counting into dense arrays (see grouping.py); None when the keys do
    not fit, and the caller hashes instead."""
    ath = keys[:-1]
    schema = lazy.collect_schema()
    if schema.get("exercise") != pl.String:
        return None
    if by == "week_start":
        if schema["date"] != pl.Date:
            return None
        # Weeks as integers (Monday-based week number since the epoch) keep the key space small.
        period = week_number_expr()
    else:
        period = pl.col(by)
    # The key columns are encoded unfiltered (no copy of the strings); the rows that do not
    # count are dropped from the integer codes instead.
    keyed = lazy.select(*ath, period.alias(by), "exercise", keep.alias("_keep")).collect()
    if not keyed["_keep"].any():
        return None
    keep_rows = None if keyed["_keep"].all() else keyed["_keep"].to_numpy()
    grouped = group_rows(keyed.drop("_keep"), keep_rows)
    if grouped is None:
        return None
    groups, levels = grouped
    exercises = levels[-1]
    weights = (
        muscle_weights(library, exercises.drop_nulls().to_list())
        .join(exercises.to_frame("exercise").with_row_index("code"), on="exercise")
        .sort("code", "muscle")
    )
    if weights.height == 0:
        period_type = pl.Date() if by == "week_start" else schema[by]
        return _empty_sets_per_muscle(schema, keys, period_type)
    muscles = weights["muscle"].unique().sort()
    # One id per (athlete, week) run: the groups come sorted by athlete, week, exercise.
    same = np.ones(groups.size, dtype=bool)
    same[0] = False
    for column in groups.keys[:-1]:
        same[1:] &= column[1:] == column[:-1]
    period_id = np.cumsum(~same, dtype=np.int64) - 1
    firsts = np.flatnonzero(~same)
    periods = len(firsts)
    if periods * muscles.len() > DENSE_LIMIT:
        return None
    entry_code = weights["code"].cast(pl.Int64).to_numpy()
    entry_muscle = (
        weights.select(pl.col("muscle").cast(pl.Enum(muscles.to_list())).to_physical())
        .to_series()
        .cast(pl.Int64)
        .to_numpy()
    )
    entry_weight = weights["weight"].to_numpy()
    exercise_code = groups.keys[-1]
    n_muscles = muscles.len()
    if periods * exercises.len() <= MATRIX_CELLS:
        # Sets per (week, exercise) as a matrix, times the (exercise, muscle) weights.
        sets_matrix = np.zeros((periods, exercises.len()), dtype=np.float64)
        sets_matrix[period_id, exercise_code] = groups.counts
        weight_matrix = np.zeros((exercises.len(), n_muscles), dtype=np.float64)
        np.add.at(weight_matrix, (entry_code, entry_muscle), entry_weight)
        total = (sets_matrix @ weight_matrix).ravel()
        # A muscle is listed for a week when a set of the week works it.
        hits = ((sets_matrix > 0).astype(np.float64) @ (weight_matrix != 0)).ravel()
        cells = np.flatnonzero(hits)
    else:
        # Too many exercises for a matrix: repeat each (athlete, week, exercise) group once per
        # muscle entry of its exercise (a small table), then sum per (week, muscle) cell.
        per_exercise = np.bincount(entry_code, minlength=exercises.len())
        first_entry = np.concatenate([[0], np.cumsum(per_exercise)[:-1]])
        repeats = per_exercise[exercise_code]
        group_of = np.repeat(np.arange(groups.size, dtype=np.int64), repeats)
        offsets = np.arange(len(group_of), dtype=np.int64) - np.repeat(
            np.cumsum(repeats) - repeats, repeats
        )
        entry = first_entry[exercise_code[group_of]] + offsets
        cell = period_id[group_of] * n_muscles + entry_muscle[entry]
        size = periods * n_muscles
        total = sums(cell, size, groups.counts[group_of] * entry_weight[entry])
        cells = np.flatnonzero(np.bincount(cell, minlength=size))
    period_row, muscle_row = np.divmod(cells, n_muscles)
    group_row = firsts[period_row]
    columns: dict[str, pl.Series] = {}
    for level, code in zip(levels[:-1], groups.keys[:-1], strict=True):
        columns[level.name] = level.gather(code[group_row])
    if by == "week_start":
        columns[by] = (columns[by].cast(pl.Int32) * 7 - 3).cast(pl.Date).alias(by)
    columns["muscle"] = muscles.gather(muscle_row).alias("muscle")
    columns["sets"] = pl.Series("sets", total[cells], dtype=pl.Float64)
    return pl.DataFrame(columns)


def _empty_sets_per_muscle(schema: pl.Schema, keys: list[str], period: pl.DataType) -> pl.DataFrame:
    columns: dict[str, pl.DataType] = {k: schema[k] for k in keys[:-1]}
    columns[keys[-1]] = period
    columns["muscle"] = pl.String()
    columns["sets"] = pl.Float64()
    return pl.DataFrame(schema=columns)


def weekly_volume_load(sets: pl.DataFrame, by: By = "week_start") -> pl.DataFrame:
    """Volume load (sum of reps x external kg) per week, with the count of sets without external
    load (bodyweight, bands) reported beside it; body mass is not included."""
    keys = period_keys(sets, by)
    working = with_period(dose_sets(sets), by)
    loaded = pl.col("load_kg").is_not_null() & (pl.col("load_kg") > 0)
    tonnage = pl.col("reps").cast(pl.Float64) * pl.col("load_kg")
    return (
        working.group_by(keys)
        .agg(
            pl.when(loaded.any()).then(tonnage.filter(loaded).sum()).alias("volume_load_kg"),
            loaded.sum().cast(pl.Int64).alias("loaded_sets"),
            (~loaded).sum().cast(pl.Int64).alias("unloaded_sets"),
        )
        .sort(keys)
    )


def _session_keys(sets: pl.DataFrame) -> list[str]:
    if "date" in sets.columns and sets["date"].null_count() < sets.height:
        return [*athlete_keys(sets), "date", "session"]
    return [*athlete_keys(sets), "week", "day", "session"]


def sessions_table(sets: pl.DataFrame, by: By = "week_start") -> pl.DataFrame:
    """One row per session: its keys, week, minutes and session RPE (first non-null value)."""
    skeys = _session_keys(sets)
    frame = with_period(sets, by)
    extra = [by] if by not in skeys else []
    return frame.group_by(skeys, maintain_order=True).agg(
        *[pl.col(c).first() for c in extra],
        pl.col("session_minutes").drop_nulls().first().alias("minutes"),
        pl.col("session_rpe").drop_nulls().first().alias("session_rpe"),
    )


def weekly_sessions(sets: pl.DataFrame, by: By = "week_start") -> pl.DataFrame:
    """Distinct sessions per week ((date, session) in a log, (week, day, session) in a plan)."""
    keys = period_keys(sets, by)
    return sessions_table(sets, by).group_by(keys).agg(pl.len().alias("sessions")).sort(keys)


def weekly_minutes(sets: pl.DataFrame, by: By = "week_start") -> pl.DataFrame:
    """Session minutes per week (null when no session of the week has a duration)."""
    keys = period_keys(sets, by)
    return (
        sessions_table(sets, by)
        .group_by(keys)
        .agg(
            pl.when(pl.col("minutes").is_not_null().any())
            .then(pl.col("minutes").sum())
            .alias("minutes")
        )
        .sort(keys)
    )


def effort_rpe() -> pl.Expr:
    """Set effort as RPE: the RPE given, else 10 - RIR (Zourdos 2016)."""
    return pl.coalesce(pl.col("rpe"), RPE_FROM_RIR_BASE - pl.col("rir"))


def weekly_effort(sets: pl.DataFrame, by: By = "week_start") -> pl.DataFrame:
    """Mean RPE of the working sets per week (RIR converted; null when no effort was recorded)."""
    keys = period_keys(sets, by)
    return (
        with_period(dose_sets(sets), by)
        .group_by(keys)
        .agg(effort_rpe().mean().alias("mean_rpe"))
        .sort(keys)
    )


def weekly_srpe_load(sets: pl.DataFrame, by: By = "week_start") -> pl.DataFrame:
    """Session-RPE load (CR-10 x minutes, Foster 2001) per week; null when no session has both."""
    keys = period_keys(sets, by)
    load = pl.col("session_rpe") * pl.col("minutes")
    return (
        sessions_table(sets, by)
        .group_by(keys)
        .agg(pl.when(load.is_not_null().any()).then(load.sum()).alias("srpe_load"))
        .sort(keys)
    )


def change_expr(value: pl.Expr) -> pl.Expr:
    """(this week - last week) / last week; null when last week is 0 or unknown."""
    previous = value.shift(1)
    return pl.when(previous.is_not_null() & (previous != 0)).then((value - previous) / previous)


def week_over_week_change(series: pl.Series | Sequence[float | None]) -> pl.Series:
    """Week-over-week change of an ordered weekly series (first week, and weeks after 0, null)."""
    s = series if isinstance(series, pl.Series) else pl.Series("value", list(series), pl.Float64)
    return pl.select(change_expr(pl.lit(s.cast(pl.Float64)))).to_series().alias("change")


def change_flag(label: str, change: float | None, thresholds: LoadThresholds) -> str | None:
    """A flag like "spike: glutes sets +40% (>=15%)", or None below the caution line."""
    if change is None:
        return None
    pct = f"{change * 100:+.0f}%"
    if change >= thresholds.spike_from:
        return f"spike: {label} {pct} (>={thresholds.spike_from * 100:.0f}%)"
    if change > thresholds.caution_above:
        return f"caution: {label} {pct} (>{thresholds.caution_above * 100:.0f}%)"
    return None


def fill_weeks(frame: pl.DataFrame, keys: list[str], by: By) -> pl.DataFrame:
    """Every week from the first to the last (per athlete) present, missing weeks as new rows
    with nulls: a week without training is a real week of the series."""
    if frame.height == 0:
        return frame
    ath = [k for k in keys if k != by]
    step = "1w" if by == "week_start" else None
    spans = frame.group_by(ath or pl.lit(0).alias("_all")).agg(
        pl.col(by).min().alias("_lo"), pl.col(by).max().alias("_hi")
    )
    if step is not None:
        grid = spans.select(*ath, pl.date_ranges("_lo", "_hi", step).alias(by)).explode(by)
    else:
        grid = spans.select(*ath, pl.int_ranges("_lo", pl.col("_hi") + 1).alias(by)).explode(by)
        grid = grid.with_columns(pl.col(by).cast(frame.schema[by]))
    return grid.join(frame, on=keys, how="left", nulls_equal=True).sort(keys)

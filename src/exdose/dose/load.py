"""Daily load, ACWR (rolling coupled, rolling uncoupled, EWMA), monotony and strain.

ACWR is descriptive: exdose reports it with acute and chronic load beside it and never as an
injury prediction (the ratio's links to injury are contested; see constants.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import polars as pl

from exdose.dose.constants import (
    ACUTE_DAYS,
    ACWR_FIRST_INDEX,
    CHRONIC_DAYS,
    DAYS_PER_WEEK,
    EWMA_ACUTE_LAMBDA,
    EWMA_CHRONIC_LAMBDA,
    MONOTONY_DDOF,
)
from exdose.dose.grouping import first_non_null, group_rows, sums, with_nulls
from exdose.dose.weekly import athlete_keys, is_dose_set

Basis = Literal["auto", "session_rpe", "volume_load"]
BASIS_TEXT: dict[str, str] = {
    "session_rpe": "session RPE x minutes (arbitrary units, Foster 2001)",
    "volume_load": "volume load (kg; reps x external load of working sets)",
}
# Sums of floats leave residues: a chronic load this small is zero, and has no ratio.
_ZERO = 1e-9


@dataclass
class DailyLoad:
    """The zero-filled daily series (athlete?, date, load, srpe_load, volume_load_kg) and which
    load `load` is ("session_rpe" or "volume_load")."""

    frame: pl.DataFrame
    basis: str
    notes: list[str] = field(default_factory=list)


def daily_load(sets: pl.DataFrame, basis: Basis = "auto") -> DailyLoad:
    """Daily load from the first to the last logged day (per athlete), days without training 0.

    "auto" uses session RPE x minutes when every session has both, else volume load for the whole
    series: mixing arbitrary units and kilograms in one series would make its ratios meaningless.
    Set RPE is never used as session RPE.
    """
    ath = athlete_keys(sets)
    dense = _per_day_dense(sets, ath)
    per_day, missing, total = dense if dense is not None else _per_day_hashed(sets, ath)
    notes: list[str] = []
    chosen: str
    if basis == "auto":
        chosen = "session_rpe" if total and missing == 0 else "volume_load"
        if chosen == "volume_load" and 0 < missing < total:
            notes.append(
                f"{missing} of {total} sessions lack session RPE or minutes, so the daily load "
                "is volume load for the whole series"
            )
    else:
        chosen = basis
        if basis == "session_rpe" and missing:
            notes.append(f"{missing} of {total} sessions lack session RPE or minutes: counted 0")
    frame = per_day if dense is not None else _zero_fill(per_day, ath)
    load = pl.col("srpe_load") if chosen == "session_rpe" else pl.col("volume_load_kg")
    frame = frame.with_columns(load.fill_null(0.0).alias("load"))
    return DailyLoad(
        frame=frame.select(*ath, "date", "load", "srpe_load", "volume_load_kg"),
        basis=chosen,
        notes=notes,
    )


def _per_day_hashed(sets: pl.DataFrame, ath: list[str]) -> tuple[pl.DataFrame, int, int]:
    """Per logged day: srpe_load and volume_load_kg, with the sessions lacking session RPE or
    minutes and all sessions counted (a plain polars group-by: any key types, any size)."""
    skeys = [*ath, "date", "session"]
    needed = [*ath, "date", "session", "session_rpe", "session_minutes", "reps", "load_kg"]
    dated = (
        sets.lazy()
        .select([*needed, *(["set_kind"] if "set_kind" in sets.columns else [])])
        .filter(pl.col("date").is_not_null())
    )
    sessions = (
        dated.group_by(skeys)
        .agg(
            (
                pl.col("session_rpe").drop_nulls().first()
                * pl.col("session_minutes").drop_nulls().first()
            ).alias("srpe"),
        )
        .collect()
    )
    working = dated.filter(is_dose_set()) if "set_kind" in sets.columns else dated
    volume = working.group_by([*ath, "date"]).agg(_tonnage().sum().alias("volume_load_kg"))
    per_day = (
        sessions.group_by([*ath, "date"])
        .agg(
            pl.col("srpe").sum().alias("srpe_load"),
            pl.col("srpe").is_null().sum().alias("_missing"),
            pl.len().alias("_sessions"),
        )
        .join(volume.collect(), on=[*ath, "date"], how="left", nulls_equal=True)
    )
    missing = int(per_day["_missing"].sum()) if per_day.height else 0
    total = int(per_day["_sessions"].sum()) if per_day.height else 0
    return per_day.drop("_missing", "_sessions"), missing, total


def _tonnage() -> pl.Expr:
    return (pl.col("reps").cast(pl.Float64) * pl.col("load_kg")).fill_null(0.0)


def _per_day_dense(sets: pl.DataFrame, ath: list[str]) -> tuple[pl.DataFrame, int, int] | None:
    """The zero-filled daily frame (athlete?, date, srpe_load, volume_load_kg) and the session
    counts, by counting into dense arrays (see grouping.py); None when the table does not suit
    (empty, unusual types, some athletes unnamed), and the caller hashes instead."""
    schema = sets.schema
    floats = ("session_rpe", "session_minutes")
    if schema.get("date") != pl.Date or any(schema.get(c) != pl.Float64 for c in floats):
        return None
    if ath and sets["athlete"].null_count():
        return None
    working = is_dose_set() if "set_kind" in sets.columns else pl.lit(True)
    dated = pl.col("date").is_not_null()
    keyed = sets.select(*ath, "date", "session", dated.alias("_dated"))
    # The values of the dated rows, in row order: the rows the session ids below refer to.
    values = (
        sets.lazy()
        .filter(dated if sets["date"].null_count() else pl.lit(True))
        .select(
            working.alias("_working"),
            _tonnage().alias("_tonnage"),
            "session_rpe",
            "session_minutes",
        )
        .collect()
    )
    if not keyed["_dated"].any():
        return None
    keep = None if keyed["_dated"].all() else keyed["_dated"].to_numpy()
    grouped = group_rows(keyed.select(*ath, "date", "session"), keep)
    if grouped is None:
        return None
    sessions, levels = grouped
    srpe = first_non_null(sessions.ids, sessions.size, values["session_rpe"]) * first_non_null(
        sessions.ids, sessions.size, values["session_minutes"]
    )
    # Sessions come sorted by athlete, date, session: a day is a run of equal (athlete, date).
    day_start = np.ones(sessions.size, dtype=bool)
    day_start[1:] = sessions.keys[-2][1:] != sessions.keys[-2][:-1]
    if ath:
        day_start[1:] |= sessions.keys[0][1:] != sessions.keys[0][:-1]
    day_of_session = np.cumsum(day_start, dtype=np.int64) - 1
    days = int(day_of_session[-1]) + 1
    srpe_valid = srpe.is_not_null().to_numpy()
    srpe_load = sums(day_of_session, days, srpe.fill_null(0.0).to_numpy())
    missing = int((~srpe_valid).sum())
    working_rows = values["_working"].to_numpy()
    volume = sums(
        day_of_session[sessions.ids[working_rows]],
        days,
        values["_tonnage"].to_numpy()[working_rows],
    )
    first_session = np.flatnonzero(day_start)
    date_levels = levels[len(ath)].to_physical().fill_null(0).cast(pl.Int64).to_numpy()
    day_date = date_levels[sessions.keys[-2][first_session]]
    # Zero-fill: each athlete's days from their first to their last, on a grid of dates.
    if ath:
        athlete_of_day = sessions.keys[0][first_session]
        athlete_start = np.ones(days, dtype=bool)
        athlete_start[1:] = athlete_of_day[1:] != athlete_of_day[:-1]
    else:
        athlete_of_day = np.zeros(days, dtype=np.int64)
        athlete_start = np.zeros(days, dtype=bool)
        athlete_start[0] = True
    run_of_day = np.cumsum(athlete_start, dtype=np.int64) - 1
    first_day = np.flatnonzero(athlete_start)
    last_day = np.append(first_day[1:], days) - 1
    low = day_date[first_day]
    span = day_date[last_day] - low + 1
    grid_start = np.cumsum(span) - span
    cells = int(span.sum())
    grid_run = np.repeat(np.arange(len(span), dtype=np.int64), span)
    grid_date = low[grid_run] + np.arange(cells, dtype=np.int64) - grid_start[grid_run]
    position = grid_start[run_of_day] + day_date - low[run_of_day]
    srpe_grid = np.zeros(cells, dtype=np.float64)
    srpe_grid[position] = srpe_load
    has_day = np.zeros(cells, dtype=bool)
    has_day[position] = True
    volume_grid = np.zeros(cells, dtype=np.float64)
    volume_grid[position] = volume
    columns: list[pl.Series] = []
    if ath:
        columns.append(levels[0].gather(athlete_of_day[first_day][grid_run]))
    columns += [
        pl.Series("date", grid_date).cast(pl.Int32).cast(pl.Date),
        with_nulls(srpe_grid, has_day, "srpe_load"),
        pl.Series("volume_load_kg", volume_grid, dtype=pl.Float64),
    ]
    return pl.DataFrame(columns), missing, sessions.size


def _zero_fill(per_day: pl.DataFrame, ath: list[str]) -> pl.DataFrame:
    if per_day.height == 0:
        return per_day.with_columns(pl.lit(None, pl.Float64).alias("load"))
    spans = per_day.group_by(ath or pl.lit(0).alias("_all")).agg(
        pl.col("date").min().alias("_lo"), pl.col("date").max().alias("_hi")
    )
    grid = spans.select(*ath, pl.date_ranges("_lo", "_hi", "1d").alias("date")).explode("date")
    # nulls_equal: rows without an athlete name are one athlete, not dropped by the join
    filled = grid.join(per_day, on=[*ath, "date"], how="left", nulls_equal=True)
    return filled.with_columns(pl.col("srpe_load"), pl.col("volume_load_kg").fill_null(0.0)).sort(
        [*ath, "date"]
    )


def _over(expr: pl.Expr, ath: list[str]) -> pl.Expr:
    return expr.over(ath) if ath else expr


def _ratio(num: pl.Expr, den: pl.Expr, index: pl.Expr) -> pl.Expr:
    return pl.when((index >= ACWR_FIRST_INDEX) & (den > _ZERO)).then(num / den)


def _index(ath: list[str]) -> pl.Expr:
    return _over(pl.int_range(pl.len()), ath)


def acwr_coupled(daily: pl.DataFrame, load: str = "load") -> pl.DataFrame:
    """Adds acute (7-day mean), chronic (28-day mean, acute week inside) and acwr_coupled."""
    ath = athlete_keys(daily)
    x = pl.col(load)
    return daily.with_columns(
        _over(x.rolling_mean(ACUTE_DAYS), ath).alias("acute"),
        _over(x.rolling_mean(CHRONIC_DAYS), ath).alias("chronic"),
    ).with_columns(_ratio(pl.col("acute"), pl.col("chronic"), _index(ath)).alias("acwr_coupled"))


def acwr_uncoupled(daily: pl.DataFrame, load: str = "load") -> pl.DataFrame:
    """Adds chronic_uncoupled (mean of the 21 days before the acute week) and acwr_uncoupled."""
    ath = athlete_keys(daily)
    x = pl.col(load)
    acute = _over(x.rolling_mean(ACUTE_DAYS), ath)
    before = _over(x.shift(ACUTE_DAYS).rolling_mean(CHRONIC_DAYS - ACUTE_DAYS), ath)
    return daily.with_columns(before.alias("chronic_uncoupled")).with_columns(
        _ratio(acute, pl.col("chronic_uncoupled"), _index(ath)).alias("acwr_uncoupled")
    )


def acwr_ewma(daily: pl.DataFrame, load: str = "load") -> pl.DataFrame:
    """Adds ewma_acute (lambda 0.25), ewma_chronic (lambda 0.069), both seeded with the first
    day's load (Williams 2017), and acwr_ewma from the 28th day."""
    ath = athlete_keys(daily)
    x = pl.col(load)
    return daily.with_columns(
        _over(x.ewm_mean(alpha=EWMA_ACUTE_LAMBDA, adjust=False), ath).alias("ewma_acute"),
        _over(x.ewm_mean(alpha=EWMA_CHRONIC_LAMBDA, adjust=False), ath).alias("ewma_chronic"),
    ).with_columns(
        _ratio(pl.col("ewma_acute"), pl.col("ewma_chronic"), _index(ath)).alias("acwr_ewma")
    )


def acwr_all(daily: pl.DataFrame, load: str = "load") -> pl.DataFrame:
    """The daily frame with all three ACWR forms and their acute and chronic loads.

    The same columns as acwr_coupled, then acwr_uncoupled, then acwr_ewma, computed in one
    polars context so the per-athlete windows are found once rather than seven times."""
    ath = athlete_keys(daily)
    x = pl.col(load)
    index = "_acwr_index"
    windows = daily.with_columns(
        _over(x.rolling_mean(ACUTE_DAYS), ath).alias("acute"),
        _over(x.rolling_mean(CHRONIC_DAYS), ath).alias("chronic"),
        _over(x.shift(ACUTE_DAYS).rolling_mean(CHRONIC_DAYS - ACUTE_DAYS), ath).alias(
            "chronic_uncoupled"
        ),
        _over(x.ewm_mean(alpha=EWMA_ACUTE_LAMBDA, adjust=False), ath).alias("ewma_acute"),
        _over(x.ewm_mean(alpha=EWMA_CHRONIC_LAMBDA, adjust=False), ath).alias("ewma_chronic"),
        _index(ath).alias(index),
    )
    i = pl.col(index)
    ratios = windows.with_columns(
        _ratio(pl.col("acute"), pl.col("chronic"), i).alias("acwr_coupled"),
        _ratio(pl.col("acute"), pl.col("chronic_uncoupled"), i).alias("acwr_uncoupled"),
        _ratio(pl.col("ewma_acute"), pl.col("ewma_chronic"), i).alias("acwr_ewma"),
    )
    added = [
        "acute",
        "chronic",
        "acwr_coupled",
        "chronic_uncoupled",
        "acwr_uncoupled",
        "ewma_acute",
        "ewma_chronic",
        "acwr_ewma",
    ]
    return ratios.select(*daily.columns, *[c for c in added if c not in daily.columns])


def monotony_strain(daily: pl.DataFrame, load: str = "load") -> pl.DataFrame:
    """Per ISO week: weekly load, mean, population SD, monotony = mean/SD, strain = load x monotony
    (Foster 1998). Weeks the series does not fully cover, and SD = 0, have no monotony (null)."""
    ath = athlete_keys(daily)
    keys = [*ath, "week_start"]
    x = pl.col(load)
    weeks = (
        daily.with_columns(pl.col("date").dt.truncate("1w").alias("week_start"))
        .group_by(keys)
        .agg(
            x.sum().alias("weekly_load"),
            x.mean().alias("mean_load"),
            x.std(ddof=MONOTONY_DDOF).alias("sd_load"),
            pl.len().alias("days"),
        )
    )
    full = pl.col("days") == DAYS_PER_WEEK
    mono = pl.when(full & (pl.col("sd_load") > _ZERO)).then(pl.col("mean_load") / pl.col("sd_load"))
    return (
        weeks.with_columns(mono.alias("monotony"))
        .with_columns((pl.col("weekly_load") * pl.col("monotony")).alias("strain"))
        .sort(keys)
    )


def monotony_strain_of(loads: Sequence[float]) -> tuple[float, float | None, float | None]:
    """(weekly load, monotony, strain) of one week's 7 daily loads; monotony None when SD is 0."""
    if len(loads) != DAYS_PER_WEEK:
        raise ValueError(f"a week has {DAYS_PER_WEEK} daily loads, got {len(loads)}")
    s = pl.Series(list(loads), dtype=pl.Float64)
    total = float(s.sum())
    sd = s.std(ddof=MONOTONY_DDOF)
    if sd is None or float(sd) <= _ZERO:  # type: ignore[arg-type]
        return total, None, None
    mono = float(s.mean()) / float(sd)  # type: ignore[arg-type]
    return total, mono, total * mono

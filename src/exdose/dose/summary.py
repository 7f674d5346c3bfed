"""The load summary of a performed sets table: weekly dose and load, daily load with ACWR, e1RM.

This is what `exdose load` prints; fidelity and adjustment code can reuse `summarise_load`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from typing import Any

import polars as pl
from pydantic import BaseModel, Field

from exdose.dose.constants import DEFAULT_THRESHOLDS, LoadThresholds
from exdose.dose.e1rm import Formula, e1rm_by_day
from exdose.dose.load import BASIS_TEXT, Basis, acwr_all, daily_load, monotony_strain
from exdose.dose.planned import dose_changes, muscles_by_period
from exdose.dose.weekly import (
    By,
    dose_sets,
    fill_weeks,
    weekly_effort,
    weekly_minutes,
    weekly_sessions,
    weekly_sets_per_muscle,
    weekly_srpe_load,
    weekly_volume_load,
)
from exdose.errors import UsageError
from exdose.exercises import ExerciseLibrary

ACWR_NOTE = (
    "ACWR is descriptive only: it is shown with acute (7-day mean) and chronic (28-day mean) "
    "load and is not an injury prediction; no ratio before day 28 or when chronic load is 0"
)


class LoadWeek(BaseModel):
    """One ISO week (Monday `week_start`) of a log."""

    week_start: dt.date
    sets_per_muscle: dict[str, float]
    volume_load_kg: float
    srpe_load: float | None
    monotony: float | None
    strain: float | None
    change: float | None
    flags: list[str] = Field(default_factory=list)
    sessions: int = 0
    minutes: float | None = None
    mean_rpe: float | None = None
    unloaded_sets: int = 0
    pain_max: float | None = None


class LoadDay(BaseModel):
    """One day of the zero-filled daily series with its acute/chronic loads and ratios."""

    date: dt.date
    load: float
    acute: float | None
    chronic: float | None
    acwr_coupled: float | None
    acwr_uncoupled: float | None
    acwr_ewma: float | None
    chronic_uncoupled: float | None = None
    ewma_acute: float | None = None
    ewma_chronic: float | None = None


class E1rmPoint(BaseModel):
    """The best e1RM of an exercise on one day."""

    date: dt.date
    e1rm_kg: float


class LoadReport(BaseModel):
    """Everything `exdose load --json` prints."""

    weeks: list[LoadWeek]
    days: list[LoadDay]
    e1rm: dict[str, list[E1rmPoint]]
    skipped: list[dict[str, Any]] = Field(default_factory=list)
    unmatched: list[str] = Field(default_factory=list)
    daily_load_basis: str = "volume_load"
    daily_load_description: str = ""
    change_of: str = ""
    e1rm_formula: str = "epley"
    notes: list[str] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)

    def to_json_dict(self) -> dict[str, Any]:
        """The JSON shape documented in docs/load.md (dates as YYYY-MM-DD)."""
        return self.model_dump(mode="json")


def _r(value: object, digits: int) -> float | None:
    if value is None:
        return None
    return round(float(value), digits)  # type: ignore[arg-type]


def _weekly_pain(pain: pl.DataFrame | None) -> dict[dt.date, float]:
    if pain is None or pain.height == 0:
        return {}
    worst = pain.select(
        pl.col("date").dt.truncate("1w").alias("week_start"),
        pl.max_horizontal("during", "after", "next_morning").alias("worst"),
    )
    agg = worst.group_by("week_start").agg(pl.col("worst").max())
    return {d: float(v) for d, v in agg.iter_rows() if v is not None}


def summarise_load(
    sets: pl.DataFrame,
    library: ExerciseLibrary,
    *,
    formula: Formula = "epley",
    basis: Basis = "auto",
    thresholds: LoadThresholds = DEFAULT_THRESHOLDS,
    pain: pl.DataFrame | None = None,
    skipped: Sequence[dict[str, Any]] = (),
    unmatched: Sequence[str] = (),
    warnings: Sequence[str] = (),
    bodyweight_exercises: Collection[str] = (),
    body_mass_kg: float | None = None,
) -> LoadReport:
    """Weekly sets per muscle, volume load, session-RPE load, monotony, strain and change flags;
    the daily load with three ACWRs; e1RM per exercise; for one person's performed table.

    `bodyweight_exercises` are exercises done as body weight plus an added load (the load in the
    log is the added load). With `body_mass_kg` their volume load counts body mass + added load;
    without it they are left out of volume load, and a rise of their added load is flagged by its
    change in kg (a percentage of a 5 kg backpack would call +2.5 kg a 50% spike).
    """
    athletes = sets["athlete"].drop_nulls().unique() if "athlete" in sets.columns else None
    if athletes is not None and athletes.len() > 1:
        raise UsageError(
            f"the logs name {athletes.len()} athletes; a load summary is for one person",
            hint="read each athlete's log separately",
        )
    if "athlete" in sets.columns:
        sets = sets.with_columns(pl.lit(None, dtype=pl.Utf8).alias("athlete"))
    sets = sets.filter(pl.col("date").is_not_null())
    bw_flags: dict[dt.date, list[str]] = {}
    bw_note: str | None = None
    if bodyweight_exercises and "exercise" in sets.columns:
        is_bw = pl.col("exercise").is_in(list(bodyweight_exercises))
        names = sorted(
            {str(n) for n in sets.filter(is_bw)["exercise_name"].drop_nulls().unique().to_list()}
        )
        if names and body_mass_kg is not None:
            total = pl.lit(body_mass_kg) + pl.col("load_kg").fill_null(0.0)
            sets = sets.with_columns(
                pl.when(is_bw).then(total).otherwise("load_kg").alias("load_kg")
            )
            bw_note = (
                f"volume load counts body mass ({body_mass_kg:g} kg) + added load for the "
                f"body-weight exercises ({', '.join(names)})"
            )
        elif names:
            bw_flags = _added_load_flags(sets.filter(is_bw))
            sets = sets.with_columns(
                pl.when(is_bw).then(None).otherwise("load_kg").alias("load_kg")
            )
            bw_note = (
                f"body-weight exercises with added load ({', '.join(names)}) are left out of "
                "volume load (no body mass given); a rise in their added load is flagged in kg"
            )
    by: By = "week_start"
    notes = [
        "warm-up and drop sets are kept in the table but not counted in sets per muscle or "
        "volume load",
        "sets per muscle are fractional: 1 per set for primary muscles, 0.5 for secondary "
        "(Pelland 2025)",
        "volume load counts external load only; sets without it are counted in unloaded_sets",
        ACWR_NOTE,
    ]
    if bw_note:
        notes.append(bw_note)
    if unmatched:
        notes.append(
            f"{len(unmatched)} exercise name(s) unmatched: their sets count in volume load but "
            "not in sets per muscle (resolve them with a mapping file)"
        )
    if sets.height == 0:
        return LoadReport(
            weeks=[],
            days=[],
            e1rm={},
            skipped=list(skipped),
            unmatched=list(unmatched),
            e1rm_formula=formula,
            notes=notes,
            warnings=list(warnings),
        )
    daily = daily_load(sets, basis)
    notes += daily.notes
    days = acwr_all(daily.frame)
    mono = monotony_strain(daily.frame).select("week_start", "monotony", "strain")
    table = (
        weekly_volume_load(sets, by)
        .join(weekly_srpe_load(sets, by), on="week_start", how="full", coalesce=True)
        .join(weekly_sessions(sets, by), on="week_start", how="full", coalesce=True)
        .join(weekly_minutes(sets, by), on="week_start", how="full", coalesce=True)
        .join(weekly_effort(sets, by), on="week_start", how="full", coalesce=True)
    )
    table = fill_weeks(table, ["week_start"], by).join(mono, on="week_start", how="left")
    per_muscle = muscles_by_period(weekly_sets_per_muscle(sets, library, by), by)
    pain_by_week = _weekly_pain(pain)
    change_label = "session RPE load" if daily.basis == "session_rpe" else "volume load"
    weeks: list[LoadWeek] = []
    prev: dict[str, Any] | None = None
    for row in table.iter_rows(named=True):
        muscles = per_muscle.get(row["week_start"], {})
        week_load = row["srpe_load"] if daily.basis == "session_rpe" else row["volume_load_kg"]
        week_load = week_load or 0.0
        change: float | None = None
        flags: list[str] = []
        if prev is not None:
            changes, flags = dose_changes(
                prev["muscles"], muscles, [(change_label, prev["load"], week_load)], thresholds
            )
            change = changes[change_label]
        flags += bw_flags.get(row["week_start"], [])
        if row["monotony"] is not None and row["monotony"] > thresholds.monotony_high:
            flags.append(
                f"high monotony {row['monotony']:.2f} (>{thresholds.monotony_high:g}, practice)"
            )
        weeks.append(
            LoadWeek(
                week_start=row["week_start"],
                sets_per_muscle=muscles,
                volume_load_kg=round(float(row["volume_load_kg"] or 0.0), 1),
                srpe_load=_r(row["srpe_load"], 1),
                monotony=_r(row["monotony"], 3),
                strain=_r(row["strain"], 1),
                change=_r(change, 4),
                flags=flags,
                sessions=int(row["sessions"] or 0),
                minutes=_r(row["minutes"], 1),
                mean_rpe=_r(row["mean_rpe"], 2),
                unloaded_sets=int(row["unloaded_sets"] or 0),
                pain_max=pain_by_week.get(row["week_start"]),
            )
        )
        prev = {"muscles": muscles, "load": week_load}
    day_rows = [
        LoadDay(
            date=r["date"],
            load=round(float(r["load"]), 2),
            acute=_r(r["acute"], 2),
            chronic=_r(r["chronic"], 2),
            acwr_coupled=_r(r["acwr_coupled"], 4),
            acwr_uncoupled=_r(r["acwr_uncoupled"], 4),
            acwr_ewma=_r(r["acwr_ewma"], 4),
            chronic_uncoupled=_r(r["chronic_uncoupled"], 2),
            ewma_acute=_r(r["ewma_acute"], 2),
            ewma_chronic=_r(r["ewma_chronic"], 2),
        )
        for r in days.iter_rows(named=True)
    ]
    if len(day_rows) < 28:
        notes.append(f"the log covers {len(day_rows)} days: no ACWR before 28 days")
    e1rm: dict[str, list[E1rmPoint]] = {}
    for ex, day, value in (
        e1rm_by_day(sets, formula).select("exercise", "date", "e1rm_kg").iter_rows()
    ):
        e1rm.setdefault(str(ex), []).append(E1rmPoint(date=day, e1rm_kg=round(float(value), 1)))
    return LoadReport(
        weeks=weeks,
        days=day_rows,
        e1rm=e1rm,
        skipped=list(skipped),
        unmatched=list(unmatched),
        daily_load_basis=daily.basis,
        daily_load_description=BASIS_TEXT[daily.basis],
        change_of=change_label,
        e1rm_formula=formula,
        notes=notes,
        warnings=list(warnings),
    )


def _added_load_flags(sets: pl.DataFrame) -> dict[dt.date, list[str]]:
    """Per ISO week: "caution: Calf raise added load +2.5 kg (5 -> 7.5 kg on body weight)" for
    each body-weight exercise whose heaviest added load rose from the week before."""
    weekly = (
        dose_sets(sets)
        .filter(pl.col("load_kg").is_not_null())
        .with_columns(pl.col("date").dt.truncate("1w").alias("week_start"))
        .group_by("exercise", "week_start")
        .agg(pl.col("load_kg").max(), pl.col("exercise_name").first())
        .sort("exercise", "week_start")
    )
    out: dict[dt.date, list[str]] = {}
    previous: dict[str, float] = {}
    for ex, week, kg, name in weekly.select(
        "exercise", "week_start", "load_kg", "exercise_name"
    ).rows():
        before = previous.get(ex)
        if before is not None and kg > before:
            out.setdefault(week, []).append(
                f"caution: {name} added load +{kg - before:g} kg ({before:g} -> {kg:g} kg on "
                "body weight; no body mass given, so the change is in kg, not %)"
            )
        previous[ex] = kg
    return out

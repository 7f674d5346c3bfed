"""Load flags: week-over-week changes of sets per muscle, sets per exercise and volume load in
the week judged, each against the change the plan itself prescribes (Harrison & Johnston 2017 for
spikes >= 15%; the 10% caution line is practice), and body-weight exercises with added load."""

from __future__ import annotations

from typing import Literal

import polars as pl
from pydantic import BaseModel

from exdose.dose.constants import LoadThresholds
from exdose.dose.weekly import change_flag, weekly_sets_per_muscle, weekly_volume_load
from exdose.monitor.config import (
    MonitorConfig,
)
from exdose.monitor.week import (
    kg_of,
    num,
    working_sets,
)
from exdose.program.io import LoadedProgram, exercise_name, written_key
from exdose.program.model import (
    Program,
    Quantity,
)


class LoadFlag(BaseModel):
    """A week-over-week change in the last programme week, and whether the plan prescribed it."""

    label: str
    change: float
    kind: Literal["spike", "caution"]
    planned_change: float | None
    as_planned: bool
    message: str
    change_kg: float | None = None


def week_changes(
    frame: pl.DataFrame, key: str, value: str, week: int
) -> dict[str, tuple[float, float]]:
    """label -> (previous week, this week) for one weekly table."""
    weeks = pl.col("week").cast(pl.Int64)
    totals = (
        frame.filter(weeks.is_in([week - 1, week]))
        .group_by(key)
        .agg(
            pl.col(value).filter(weeks == week - 1).sum().alias("prev"),
            pl.col(value).filter(weeks == week).sum().alias("now"),
        )
    )
    return {
        str(label): (float(prev or 0.0), float(now or 0.0))
        for label, prev, now in totals.iter_rows()
    }


def load_flags(
    loaded: LoadedProgram,
    performed: pl.DataFrame,
    planned: pl.DataFrame,
    week: int,
    config: MonitorConfig,
) -> list[LoadFlag]:
    """Week-over-week changes of `week` against the week before: sets per muscle, sets per
    exercise and volume load, each compared with the change the plan itself prescribes."""
    thresholds = LoadThresholds(
        caution_above=config.caution_above,
        spike_from=config.spike_from,
        min_sets_for_muscle_flag=config.min_sets_for_flag,
    )
    # Only the two weeks compared matter: the weekly tables are built for them alone.
    two_weeks = pl.col("week").cast(pl.Int64).is_in([week - 1, week])
    perf = performed.filter(two_weeks).with_columns(pl.lit(None, pl.Utf8).alias("athlete"))
    plan = planned.filter(two_weeks).with_columns(pl.lit(None, pl.Utf8).alias("athlete"))
    tables: list[tuple[str, dict[str, tuple[float, float]], dict[str, tuple[float, float]]]] = []
    lib = loaded.library
    tables.append(
        (
            "{} sets",
            week_changes(weekly_sets_per_muscle(perf, lib, by="week"), "muscle", "sets", week),
            week_changes(weekly_sets_per_muscle(plan, lib, by="week"), "muscle", "sets", week),
        )
    )

    def per_exercise(frame: pl.DataFrame) -> pl.DataFrame:
        return (
            working_sets(frame)
            .filter(pl.col("exercise").is_not_null())
            .group_by("week", "exercise")
            .agg(pl.len().cast(pl.Float64).alias("sets"))
        )

    names = {k: exercise_name(loaded, k) for k in perf["exercise"].drop_nulls().unique().to_list()}
    tables.append(
        (
            "{} sets",
            {
                names.get(k, k): v
                for k, v in week_changes(per_exercise(perf), "exercise", "sets", week).items()
            },
            {
                names.get(k, k): v
                for k, v in week_changes(per_exercise(plan), "exercise", "sets", week).items()
            },
        )
    )

    # Body-weight exercises with added load (@bodyweight+5kg): with the body mass known, their
    # volume load counts body mass + added load; without it, they are left out of the volume
    # load and their added load is flagged by its change in kg (a percentage of the 5 kg alone
    # would call +2.5 kg a 50% spike).
    added = bodyweight_added_kg(loaded)
    body_mass = body_mass_kg(loaded.program)
    kg_flags: list[LoadFlag] = []
    if added and body_mass is not None:
        with_body = pl.lit(body_mass) + pl.coalesce(
            pl.col("load_kg"),
            pl.col("exercise").replace_strict(added, default=0.0, return_dtype=pl.Float64),
        )
        is_bw = pl.col("exercise").is_in(list(added))
        perf = perf.with_columns(
            pl.when(is_bw).then(with_body).otherwise("load_kg").alias("load_kg")
        )
        plan = plan.with_columns(
            pl.when(is_bw).then(with_body).otherwise("load_kg").alias("load_kg")
        )
    elif added:
        is_bw = pl.col("exercise").is_in(list(added))
        kg_flags = added_load_flags(loaded, perf, added, week)
        perf = perf.with_columns(pl.when(is_bw).then(None).otherwise("load_kg").alias("load_kg"))
        plan = plan.with_columns(pl.when(is_bw).then(None).otherwise("load_kg").alias("load_kg"))

    def volume(frame: pl.DataFrame) -> pl.DataFrame:
        return weekly_volume_load(frame, by="week").with_columns(pl.lit("all").alias("what"))

    tables.append(
        (
            "volume load",
            week_changes(volume(perf), "what", "volume_load_kg", week),
            week_changes(volume(plan), "what", "volume_load_kg", week),
        )
    )
    flags: list[LoadFlag] = kg_flags
    for template, done, prescribed in tables:
        for label, (prev, now) in sorted(done.items()):
            if prev <= 0:
                continue
            is_sets = template.endswith("sets")
            if is_sets and max(prev, now) < config.min_sets_for_flag:
                continue
            change = (now - prev) / prev
            text = template.format(label) if "{}" in template else template
            message = change_flag(text, change, thresholds)
            if message is None:
                continue
            p_prev, p_now = prescribed.get(label, (0.0, 0.0))
            planned_change = (p_now - p_prev) / p_prev if p_prev > 0 else None
            as_planned = (
                planned_change is not None and change <= planned_change + config.caution_above
            )
            if as_planned:
                message += f", as the plan prescribes ({planned_change * 100:+.0f}%)"  # type: ignore[operator]
            elif p_now > 0 and now <= p_now:
                # A rise that stays within this week's prescription is a return to the plan
                # after a lighter week (a missed session, a reduction), not new load.
                as_planned = True
                message += f", back to no more than the prescribed {num(p_now)}"
            flags.append(
                LoadFlag(
                    label=text,
                    change=round(change, 4),
                    kind="spike" if change >= config.spike_from else "caution",
                    planned_change=None if planned_change is None else round(planned_change, 4),
                    as_planned=as_planned,
                    message=message,
                )
            )
    return flags


def body_mass_kg(program: Program) -> float | None:
    """The person's body mass in kg when the programme states it (`body_mass: 70kg`)."""
    value = getattr(program, "body_mass", None)
    return kg_of(value) if isinstance(value, Quantity) else None


def bodyweight_added_kg(loaded: LoadedProgram) -> dict[str, float]:
    """Exercise key -> added kg of prescriptions written as body weight plus a load."""
    out: dict[str, float] = {}
    for _, item in loaded.program.all_prescriptions():
        for it in item.dose.intensity:
            extra = getattr(it, "added_kg", None)
            if it.kind == "bodyweight" and extra:
                key = written_key(loaded, item.exercise)
                out.setdefault(key, float(extra))
    return out


def added_load_flags(
    loaded: LoadedProgram, perf: pl.DataFrame, added: dict[str, float], week: int
) -> list[LoadFlag]:
    """A caution for each body-weight exercise whose added load rose, stated in kg."""
    rows = (
        working_sets(perf)
        .filter(pl.col("exercise").is_in(list(added)) & pl.col("load_kg").is_not_null())
        .group_by("exercise")
        .agg(
            pl.col("load_kg").filter(pl.col("week") == week - 1).max().alias("prev"),
            pl.col("load_kg").filter(pl.col("week") == week).max().alias("now"),
        )
    )
    flags: list[LoadFlag] = []
    for key, prev, now in sorted(rows.rows()):
        if prev is None or now is None or now <= prev:
            continue
        name = exercise_name(loaded, key)
        flags.append(
            LoadFlag(
                label=f"{name} added load",
                change=round((now - prev) / prev, 4),
                change_kg=round(now - prev, 2),
                kind="caution",
                planned_change=None,
                as_planned=False,
                message=f"caution: {name} added load +{num(now - prev)} kg ({num(prev)} -> "
                f"{num(now)} kg on body weight; no body mass given, so its change is stated in "
                "kg, not as a percentage)",
            )
        )
    return flags

"""Expanding a programme into the planned sets table: one row per set, week by week.

Progression rules run here. A rule advances once per non-deload week (or per session in which
the exercise appears, for `every: session`), counted from the start of the phase: each phase
starts its prescriptions afresh. Double progression plans the trajectory a person meeting every
target would follow (reps rise by `reps_step` a step up to the top of the range, then the load
rises and reps restart at the bottom); the log shows what really happened.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, replace
from typing import Any

from exdose.exercises import ExerciseLibrary
from exdose.program.io import LoadedProgram, exercise_key
from exdose.program.model import (
    Deload,
    Double,
    Levels,
    Linear,
    PercentWave,
    Prescription,
    Program,
    Quantity,
    RpeTargets,
)
from exdose.program.notation import Dose, format_dose, format_intensity
from exdose.units import LB_TO_KG

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class PlannedDose:
    """What one prescription asks for in one week, after the progression rule and any deload."""

    exercise: str
    sets: int
    reps: int | None
    reps_max: int | None
    load_kg: float | None
    load_value: float | None
    load_unit: str | None
    load_text: str | None
    rpe: float | None
    rir: float | None
    duration_s: float | None
    distance_m: float | None
    rest_s: float | None
    tempo: str | None
    per_side: bool
    level: str | None = None


def _kg(quantity: Quantity) -> float | None:
    if quantity.unit == "kg":
        return quantity.value
    if quantity.unit == "lb":
        return quantity.value * LB_TO_KG
    return None


def round_half_up(value: float, step: float | None) -> float:
    """Round to a multiple of `step` (plates), halves always up; to 0.01 without a step."""
    if not step:
        return math.floor(value * 100 + 0.5 + 1e-9) / 100
    return round(math.floor(value / step + 0.5 + 1e-9) * step, 6)


def _from_dose(exercise: str, dose: Dose) -> PlannedDose:
    load_value: float | None = None
    load_unit: str | None = None
    load_text: str | None = None
    for intensity in dose.intensity:
        if intensity.kind in ("rpe", "rir"):
            continue
        load_unit = {
            "kg": "kg",
            "lb": "lb",
            "pct_1rm": "%1RM",
            "pct_e1rm": "%e1RM",
            "pct_hrmax": "%HRmax",
            "pct_hrr": "%HRR",
            "bodyweight": "bodyweight",
            "band": "band",
        }[intensity.kind]
        load_value = intensity.value
        load_text = format_intensity(intensity).removeprefix("@")
        break
    return PlannedDose(
        exercise=exercise,
        sets=dose.sets,
        reps=dose.reps,
        reps_max=dose.reps_max,
        load_kg=dose.load_kg,
        load_value=load_value,
        load_unit=load_unit,
        load_text=load_text,
        rpe=dose.rpe,
        rir=dose.rir,
        duration_s=dose.work_seconds_per_set
        if dose.work_seconds_per_set is not None
        else dose.apnoea_s,
        distance_m=dose.distance_m,
        rest_s=dose.rest_s,
        tempo=dose.tempo,
        per_side=dose.per_side,
    )


def _with_load(planned: PlannedDose, kg: float, unit_hint: str | None) -> PlannedDose:
    if unit_hint == "lb":
        return _with_load_value(planned, kg / LB_TO_KG, "lb")
    return _with_load_value(planned, kg, "kg")


def _with_load_value(planned: PlannedDose, value: float, unit: str) -> PlannedDose:
    """Set the load in its own unit (kg or lb); load_kg follows from it."""
    value = round(value, 2)
    kg = value * LB_TO_KG if unit == "lb" else value
    return replace(
        planned,
        load_kg=round(kg, 2),
        load_value=value,
        load_unit=unit,
        load_text=f"{value:g}{unit}",
    )


def _step_in(round_to: Quantity | None, unit: str) -> float | None:
    """A rounding step expressed in the unit of the load it rounds."""
    if round_to is None:
        return None
    if round_to.unit == unit:
        return round_to.value
    kg = _kg(round_to)
    if kg is None:
        return None
    return kg / LB_TO_KG if unit == "lb" else kg


def apply_rule(item: Prescription, exercise: str, step: int) -> PlannedDose:
    """The dose of a prescription after `step` progression steps (0 = as written)."""
    base = _from_dose(exercise, item.dose)
    rule = item.progression
    if rule is None:
        return base
    if isinstance(rule, Linear):
        inc = rule.increment
        if inc.unit in ("kg", "lb", "%"):
            start_kg = _kg(rule.start) if rule.start else base.load_kg
            if start_kg is None:
                return base
            kg = (
                start_kg * (1 + step * inc.value / 100)
                if inc.unit == "%"
                else start_kg + step * (_kg(inc) or 0)
            )
            if rule.max is not None and _kg(rule.max) is not None:
                kg = min(kg, _kg(rule.max) or kg)
            unit = rule.start.unit if rule.start else base.load_unit
            return _with_load(base, kg, unit)
        if inc.unit == "rep" and base.reps is not None:
            add = int(step * inc.value)
            reps_max = base.reps_max + add if base.reps_max is not None else None
            if rule.max is not None and rule.max.unit == "rep":
                cap = int(rule.max.value)
                reps_max = min(reps_max, cap) if reps_max is not None else None
                return replace(base, reps=min(base.reps + add, cap), reps_max=reps_max)
            return replace(base, reps=base.reps + add, reps_max=reps_max)
        if inc.unit == "set":
            sets = base.sets + int(step * inc.value)
            if rule.max is not None and rule.max.unit == "set":
                sets = min(sets, int(rule.max.value))
            return replace(base, sets=max(1, sets))
        if inc.unit == "s" and base.duration_s is not None:
            seconds = base.duration_s + step * inc.value
            if rule.max is not None and rule.max.unit == "s":
                seconds = min(seconds, rule.max.value)
            return replace(base, duration_s=seconds)
        return base
    if isinstance(rule, Double):
        assert base.reps is not None and base.reps_max is not None  # checked on load
        # bottom, bottom+step, ... capped at the top: the top is always reached before load rises
        cycle = -(-(base.reps_max - base.reps) // rule.reps_step) + 1
        reps = min(base.reps + (step % cycle) * rule.reps_step, base.reps_max)
        start_kg = _kg(rule.start) if rule.start else base.load_kg
        planned = replace(base, reps=reps)
        if start_kg is None:
            return planned
        kg = start_kg + (step // cycle) * (_kg(rule.increment) or 0)
        if rule.increment.unit == "%":
            kg = start_kg * (1 + (step // cycle) * rule.increment.value / 100)
        return _with_load(planned, kg, rule.start.unit if rule.start else base.load_unit)
    if isinstance(rule, PercentWave):
        wave = rule.pattern[step % len(rule.pattern)]
        pct = (wave.pct_1rm or 0) + rule.step * (step // len(rule.pattern))
        # compute and round in the 1RM's own unit, so 2.5 kg or 5 lb plates come out exact
        unit = rule.one_rm.unit
        value = round_half_up(rule.one_rm.value * pct / 100, _step_in(rule.round_to, unit))
        planned = _from_dose(exercise, wave)
        planned = replace(
            planned, rest_s=planned.rest_s or base.rest_s, tempo=planned.tempo or base.tempo
        )
        return replace(_with_load_value(planned, value, unit), load_text=f"{pct:g}%1RM")
    if isinstance(rule, RpeTargets):
        if rule.rpe is not None:
            rpe = rule.rpe[min(step, len(rule.rpe) - 1)]
            return replace(base, rpe=rpe, rir=10 - rpe)
        assert rule.rir is not None
        rir = rule.rir[min(step, len(rule.rir) - 1)]
        return replace(base, rir=rir, rpe=10 - rir)
    if isinstance(rule, Levels):
        level = rule.levels[min(step // rule.weeks_per_level, len(rule.levels) - 1)]
        planned = _from_dose(level.exercise or exercise, level.dose)
        # in level-based programmes the level's dose is the intensity: keep it as the load text
        return replace(
            planned,
            load_text=planned.load_text or format_dose(level.dose),
            level=level.name,
            exercise=exercise if level.exercise is None else level.exercise,
        )
    return base


def apply_deload(
    planned: PlannedDose, deload: Deload, round_to: Quantity | None = None
) -> PlannedDose:
    """Reduce volume, load and effort for a deload week; exercises and frequency stay.

    Half sets round up (3 x 0.5 -> 2); a load with a rounding step (percent waves) stays on it.
    """
    sets = max(1, math.floor(planned.sets * deload.sets_factor + 0.5 + 1e-9))
    load_kg = planned.load_kg
    load_value = planned.load_value
    if load_value is not None and planned.load_unit in ("kg", "lb"):
        step = _step_in(round_to, planned.load_unit)
        value = round_half_up(load_value * deload.load_factor, step)
        planned = _with_load_value(planned, value, planned.load_unit)
        load_kg, load_value = planned.load_kg, planned.load_value
    elif load_kg is not None:
        load_kg = round(load_kg * deload.load_factor, 2)
    if load_value is not None and planned.load_unit in ("%1RM", "%e1RM"):
        load_value = round(load_value * deload.load_factor, 2)
    # effort stays on its 0-10 scales however easy the written dose already was
    rir = min(10.0, planned.rir + deload.rir_add) if planned.rir is not None else None
    rpe = max(0.0, planned.rpe - deload.rir_add) if planned.rpe is not None else None
    return replace(planned, sets=sets, load_kg=load_kg, load_value=load_value, rir=rir, rpe=rpe)


def _session_date(start: dt.date, week: int, index: int, count: int, day: str | None) -> dt.date:
    week_start = start + dt.timedelta(days=7 * (week - 1))
    if day and day.strip().lower() in WEEKDAYS:
        target = WEEKDAYS.index(day.strip().lower())
        return week_start + dt.timedelta(days=(target - week_start.weekday()) % 7)
    return week_start + dt.timedelta(days=(index * 7) // max(count, 1))


@dataclass(frozen=True)
class PlannedSession:
    """One planned session: its week, number in the week, and each prescription's dose."""

    week: int
    day: int
    name: str
    date: dt.date | None
    minutes: float | None
    deload: bool
    doses: tuple[PlannedDose, ...]


def plan_sessions(loaded: LoadedProgram) -> list[PlannedSession]:
    """Every planned session, week by week, with progression and deloads applied."""
    program: Program = loaded.program
    library: ExerciseLibrary = loaded.library
    deload_weeks = set(program.deload.weeks) if program.deload else set()
    sessions: list[PlannedSession] = []
    week_steps: dict[int, int] = {}  # phase index -> non-deload weeks done
    session_steps: dict[tuple[int, str], int] = {}
    for week in range(1, program.weeks + 1):
        phase = program.phase_for_week(week)
        if phase is None:
            continue
        phase_index = program.phases.index(phase)
        is_deload = week in deload_weeks
        step_week = week_steps.get(phase_index, 0)
        for s_index, session in enumerate(phase.sessions):
            doses = []
            for item in session.exercises:
                key = exercise_key(program, library, item.exercise) or item.exercise
                every = getattr(item.progression, "every", "week")
                counter = (phase_index, key)  # sessions of this exercise so far
                step = session_steps.get(counter, 0) if every == "session" else step_week
                planned = apply_rule(item, key, step)
                if planned.exercise != key:
                    planned = replace(
                        planned,
                        exercise=exercise_key(program, library, planned.exercise)
                        or planned.exercise,
                    )
                if is_deload and program.deload is not None:
                    round_to = getattr(item.progression, "round_to", None)
                    planned = apply_deload(planned, program.deload, round_to)
                else:
                    session_steps[counter] = session_steps.get(counter, 0) + 1
                doses.append(planned)
            date = (
                _session_date(program.start_date, week, s_index, len(phase.sessions), session.day)
                if program.start_date
                else None
            )
            sessions.append(
                PlannedSession(
                    week=week,
                    day=s_index + 1,
                    name=session.name,
                    date=date,
                    minutes=session.minutes,
                    deload=is_deload,
                    doses=tuple(doses),
                )
            )
        if not is_deload:
            week_steps[phase_index] = step_week + 1
    return sessions


def expand(loaded: LoadedProgram) -> Any:
    """The planned sets table (polars DataFrame in SETS_SCHEMA): one row per planned set."""
    import polars as pl

    from exdose.sets.schema import SETS_SCHEMA

    columns: dict[str, list[Any]] = {name: [] for name in SETS_SCHEMA}
    library = loaded.library
    for session in plan_sessions(loaded):
        for planned in session.doses:
            ex = library.get(planned.exercise)
            name = ex.name if ex else planned.exercise
            for set_number in range(1, planned.sets + 1):
                values = {
                    "athlete": None,
                    "date": session.date,
                    "week": session.week,
                    "day": session.day,
                    "session": session.name,
                    "exercise": planned.exercise,
                    "exercise_name": name,
                    "set_number": set_number,
                    "set_kind": "working",
                    "reps": planned.reps,
                    "reps_max": planned.reps_max,
                    "per_side": planned.per_side,
                    "load_kg": planned.load_kg,
                    "load_value": planned.load_value,
                    "load_unit": planned.load_unit,
                    "load_text": planned.load_text,
                    "rpe": planned.rpe,
                    "rir": planned.rir,
                    "duration_s": planned.duration_s,
                    "distance_m": planned.distance_m,
                    "rest_s": planned.rest_s,
                    "tempo": planned.tempo,
                    "pain": None,
                    "session_rpe": None,
                    "session_minutes": session.minutes,
                    "source": "plan",
                    "row": None,
                }
                for column, value in values.items():
                    columns[column].append(value)
    return pl.DataFrame(columns, schema=SETS_SCHEMA)

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

from exdose.program.io import LoadedProgram, exercise_name, written_key
from exdose.program.model import (
    Deload,
    Double,
    HomeProgramme,
    Levels,
    Linear,
    PercentWave,
    Prescription,
    Program,
    Quantity,
    RpeTargets,
    Session,
)
from exdose.program.notation import INTENSITY_LABEL, Dose, format_dose, format_intensity
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
    rest_s_max: float | None = None
    pain_max: float | None = None
    added_kg: float | None = None
    eccentric: bool = False


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
        if intensity.kind in ("rpe", "rir", "pain"):
            continue
        load_unit = INTENSITY_LABEL[intensity.kind]
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
        rest_s_max=dose.rest_s_max,
        pain_max=dose.pain_max,
        added_kg=dose.added_kg,
        eccentric=dose.eccentric,
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


HOME_SESSION = "Home"
"""The name of the home programme's sessions ("Home", or "Home 1".."Home N" when several)."""


@dataclass(frozen=True)
class PlannedSession:
    """One planned session: its week, number in the week, and each prescription's dose.

    `day` numbers the sessions of a week from 1 in the order they are listed (a session done on
    several days or several times a day takes one number for each time). `weekday` is the day
    the session is planned on when the file says (`day` or `days`), `repeat` which time of that
    day it is (1 unless `per_day` is above 1), `where` the place (`clinic`, `home`,
    `tele-rehab`, or None when the file does not say) and `supervised` whether it is supervised
    (None when the file does not say). Home-programme sessions have `home` True.
    """

    week: int
    day: int
    name: str
    date: dt.date | None
    minutes: float | None
    deload: bool
    doses: tuple[PlannedDose, ...]
    weekday: str | None = None
    repeat: int = 1
    where: str | None = None
    supervised: bool | None = None
    home: bool = False


def _occasions(session: Session) -> list[tuple[str | None, int]]:
    """(weekday, time of day) for each time the session is done in a week."""
    days: list[str | None] = list(session.days) if session.days else [session.day]
    return [(day, repeat) for day in days for repeat in range(1, session.per_day + 1)]


class _Planner:
    """Runs every prescription's rule week by week, with deloads and kit rounding."""

    def __init__(self, loaded: LoadedProgram):
        self.loaded = loaded
        self.program = loaded.program
        self.library = loaded.library
        self.deload_weeks = set(self.program.deload.weeks) if self.program.deload else set()
        self.session_steps: dict[tuple[object, str], int] = {}

    def dose(
        self, item: Prescription, week_step: int, counter_scope: object, is_deload: bool
    ) -> PlannedDose:
        program = self.program
        key = written_key(self.loaded, item.exercise)
        rule = item.progression
        unit = getattr(rule, "every_unit", "week")
        per = getattr(rule, "every_n", 1)
        counter = (counter_scope, key)  # sessions of this exercise so far
        count = self.session_steps.get(counter, 0) if unit == "session" else week_step
        step = count // per
        planned = apply_rule(item, key, step)
        if planned.exercise != key:
            planned = replace(
                planned,
                exercise=written_key(self.loaded, planned.exercise),
            )
        round_to = getattr(rule, "round_to", None)
        if is_deload and program.deload is not None:
            planned = apply_deload(planned, program.deload, round_to)
        else:
            self.session_steps[counter] = self.session_steps.get(counter, 0) + 1
        if program.kit_rounding and round_to is None:
            planned = self._on_kit(planned, item, is_deload)
        return planned

    def _on_kit(self, planned: PlannedDose, item: Prescription, is_deload: bool) -> PlannedDose:
        """A computed kg or lb load rounded to the exercise's kit (a written load is kept)."""
        from exdose.program.kit import kit_for, round_load

        if planned.load_value is None or planned.load_unit not in ("kg", "lb"):
            return planned
        written = _from_dose(planned.exercise, item.dose)
        if not is_deload and written.load_value == planned.load_value:
            return planned
        kit = kit_for(self.program, self.library, planned.exercise)
        value = round_load(planned.load_value, planned.load_unit, kit)
        if value == planned.load_value:
            return planned
        text = planned.load_text if planned.load_text and "%" in planned.load_text else None
        rounded = _with_load_value(planned, value, planned.load_unit)
        return replace(rounded, load_text=text or rounded.load_text)


def plan_sessions(loaded: LoadedProgram, *, home: bool = False) -> list[PlannedSession]:
    """Every planned session, week by week, with progression and deloads applied.

    A session with `days` or `per_day` is planned once for each time it is done. With `home`,
    the home programme's sessions follow the phase sessions of every week (see
    `plan_home_sessions`).
    """
    program: Program = loaded.program
    planner = _Planner(loaded)
    sessions: list[PlannedSession] = []
    week_steps: dict[int, int] = {}  # phase index -> non-deload weeks done
    home_sessions = plan_home_sessions(loaded) if home else []
    for week in range(1, program.weeks + 1):
        phase = program.phase_for_week(week)
        if phase is None:
            continue
        phase_index = program.phases.index(phase)
        is_deload = week in planner.deload_weeks
        step_week = week_steps.get(phase_index, 0)
        number = 0
        for s_index, session in enumerate(phase.sessions):
            for weekday, repeat in _occasions(session):
                doses = tuple(
                    planner.dose(item, step_week, phase_index, is_deload)
                    for item in session.exercises
                )
                number += 1
                date = (
                    _session_date(program.start_date, week, s_index, len(phase.sessions), weekday)
                    if program.start_date
                    else None
                )
                sessions.append(
                    PlannedSession(
                        week=week,
                        day=number,
                        name=session.name,
                        date=date,
                        minutes=session.minutes,
                        deload=is_deload,
                        doses=doses,
                        weekday=weekday.capitalize() if weekday else None,
                        repeat=repeat,
                        where=session.where,
                        supervised=session.is_supervised,
                    )
                )
        for planned in home_sessions:
            if planned.week == week:
                number += 1
                sessions.append(replace(planned, day=number))
        if not is_deload:
            week_steps[phase_index] = step_week + 1
    return sessions


def home_session_names(loaded: LoadedProgram) -> list[str]:
    """The names of the home programme's weekly sessions: "Home", or "Home 1".."Home N"."""
    home = loaded.program.home_programme
    if not isinstance(home, HomeProgramme) or not home.exercises or not home.sessions_per_week:
        return []
    n = home.sessions_per_week
    return [HOME_SESSION] if n == 1 else [f"{HOME_SESSION} {i}" for i in range(1, n + 1)]


def plan_home_sessions(loaded: LoadedProgram) -> list[PlannedSession]:
    """The home programme as planned sessions: `sessions_per_week` in every programme week.

    Each home prescription progresses by its own rule from week 1 across the whole programme
    (the home programme has no phases): one step per non-deload week, or per home session for
    `every: session`; a deload week reduces it as it reduces the phase sessions. Home sessions
    have no fixed day, so no date; `day` numbers them after the week's phase sessions.
    """
    program = loaded.program
    home = program.home_programme
    names = home_session_names(loaded)
    if not names or not isinstance(home, HomeProgramme):
        return []
    planner = _Planner(loaded)
    sessions: list[PlannedSession] = []
    step = 0
    for week in range(1, program.weeks + 1):
        phase = program.phase_for_week(week)
        first = sum(s.per_week for s in phase.sessions) if phase else 0
        is_deload = week in planner.deload_weeks
        for index, name in enumerate(names):
            doses = tuple(planner.dose(item, step, "home", is_deload) for item in home.exercises)
            sessions.append(
                PlannedSession(
                    week=week,
                    day=first + index + 1,
                    name=name,
                    date=None,
                    minutes=None,
                    deload=is_deload,
                    doses=doses,
                    where="home",
                    supervised=False,
                    home=True,
                )
            )
        if not is_deload:
            step += 1
    return sessions


def expand(loaded: LoadedProgram, *, home: bool = False) -> Any:
    """The planned sets table (polars DataFrame in SETS_SCHEMA): one row per planned set.

    With `home`, the home programme's planned sets are included (sessions "Home 1".."Home N",
    `sessions_per_week` of them in every week; see `plan_home_sessions`).
    """
    import polars as pl

    from exdose.sets_schema import SETS_SCHEMA

    columns: dict[str, list[Any]] = {name: [] for name in SETS_SCHEMA}
    for session in plan_sessions(loaded, home=home):
        for planned in session.doses:
            name = exercise_name(loaded, planned.exercise)
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

"""The next week: progress, hold, reduce (one change at a time) or refer, with reasons.

The order of judgement:
1. a red flag in the last two weeks stops everything: "refer", no changes;
2. pain outside the pain-monitoring model (Silbernagel 2007) in the last programme week: "reduce",
   with exactly one change to the exercise most likely involved, keeping the exercise;
3. an unplanned week-over-week spike in sets or volume load (>= 15%), or pain in the acceptable
   zone: "hold" (repeat the week's doses);
4. otherwise "progress" by each prescription's own progression rule, judged on what was done.

Which exercise a reduction targets: pain logged with its sets, then an exercise named in the pain
notes, then the exercise done most above its prescription, then the one with an unplanned spike,
then the one loading the painful region most, then the programme's biggest exercise. Which
variable changes: back to the prescribed volume when more was done than prescribed; else the
programme's own tailoring rule for the situation; else the first applicable variable of
`MonitorConfig.order` that has not already been changed for that exercise by an earlier run.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

import polars as pl
from pydantic import BaseModel, ConfigDict, Field

from exdose.dose.constants import DOSE_SET_KINDS, LoadThresholds
from exdose.dose.summary import require_sets
from exdose.dose.weekly import change_flag, weekly_sets_per_muscle, weekly_volume_load
from exdose.errors import LogReadError, ProgramError, UsageError
from exdose.monitor.align import StartOverride, anchor_for, on_programme_weeks
from exdose.monitor.config import (
    DEFAULT_CONFIG,
    HARRISON_SHORT,
    Evidence,
    MonitorConfig,
    Variable,
)
from exdose.monitor.pain import PainAssessment, assess_pain, combine_ratings
from exdose.program.edit import PrescriptionChange, next_version, write_program
from exdose.program.expand import expand
from exdose.program.io import LoadedProgram
from exdose.program.kit import kit_for, round_to_kit
from exdose.program.model import (
    Double,
    EquipmentItem,
    ExerciseDef,
    Linear,
    Modification,
    Phase,
    Prescription,
    Program,
    Quantity,
)
from exdose.sets.readers.model import LogRead, PainDiary
from exdose.sets.readers.parsing import DateOrder
from exdose.units import LB_TO_KG

Decision = Literal["progress", "hold", "reduce", "refer"]
Kit = EquipmentItem | str | None
MARK = "proposed by exdose adjust"


class Change(BaseModel):
    """One proposed change: which exercise, which variable, from what to what, and why."""

    model_config = ConfigDict(populate_by_name=True)

    exercise: str | None
    variable: str
    from_: str | None = Field(None, alias="from")
    to: str | None
    reason: str
    evidence: Evidence


class LoadFlag(BaseModel):
    """A week-over-week change in the last programme week, and whether the plan prescribed it."""

    label: str
    change: float
    kind: Literal["spike", "caution"]
    planned_change: float | None
    as_planned: bool
    message: str
    change_kg: float | None = None


class ProgrammeEdit(BaseModel):
    """How the one change is written into the next programme file.

    `load_kg` is the new load in kg, already rounded to the exercise's kit: the number printed,
    in `--json` and in the written file is this one.
    """

    exercise: str
    variable: str
    sets_step: int = 0
    rir_step: float = 0.0
    load_kg: float | None = None
    tempo: str | None = None
    note: str | None = None
    drop_from_session: str | None = None


class NextProgramme(BaseModel):
    """Everything `next_program` needs besides the programme: serialisable, so an adjustment
    read back from JSON still writes the next programme.

    `start_kg`: the load each exercise's rule restarts from (the load reached, never above the
    prescription); `week_grid_start`: the Monday of week 1 the proposal was judged on, written
    as the next programme's start_date when the programme had none; `extend_last_phase_to`: the
    last logged week past the programme's end, to which its last phase is extended.
    """

    change: ProgrammeEdit | None = None
    start_kg: dict[str, float] = Field(default_factory=dict)
    week_grid_start: dt.date | None = None
    week_grid_source: str | None = None
    extend_last_phase_to: int | None = None


@dataclass
class _State:
    """What was done with one exercise: its last session's working sets and the week's count."""

    sets_week: int = 0
    planned_week: int = 0
    last_reps: list[int] = field(default_factory=list)
    last_loads: list[float] = field(default_factory=list)


class Adjustment(BaseModel):
    """The proposal for the next programme week."""

    decision: Decision
    reasons: list[str]
    changes: list[Change]
    message: str
    evaluated_week: int
    next_week: int
    weeks_note: str
    target_exercise: str | None
    pain: PainAssessment
    load_flags: list[LoadFlag]
    notes: list[str]
    edit: NextProgramme = Field(default_factory=NextProgramme)

    def as_json(self) -> dict[str, Any]:
        """The JSON shape documented in docs/monitor.md (`from` spelled as in the issue)."""
        return self.model_dump(mode="json", by_alias=True)

    def summary(self) -> str:
        """The proposal as plain text lines for the terminal."""
        lines = [
            f"Decision for programme week {self.next_week}: {self.decision.upper()}",
            f"  (judged on week {self.evaluated_week}; {self.weeks_note})",
        ]
        lines += [f"- {r}" for r in self.reasons]
        for c in self.changes:
            what = c.exercise or "programme"
            arrow = f": {c.from_ or '-'} -> {c.to or '-'}"
            lines.append(f"* {what} / {c.variable}{arrow}  [{c.evidence}]")
            lines.append(f"    why: {c.reason}")
        if self.message:
            lines.append(self.message)
        lines += [f"note: {n}" for n in self.notes]
        return "\n".join(lines)


# --- helpers ---------------------------------------------------------------------------------


def _g(value: float) -> str:
    return f"{round(value, 2):g}"


def _kg(q: Quantity | None) -> float | None:
    if q is None:
        return None
    if q.unit == "kg":
        return q.value
    if q.unit == "lb":
        return q.value * LB_TO_KG
    return None


def _name(loaded: LoadedProgram, key: str) -> str:
    ex = loaded.library.get(key)
    return ex.name if ex else key


def _phase_for_next(program: Program, week: int) -> Phase:
    return program.phase_for_week(week) or program.phases[-1]


def _first_prescription(phase: Phase, key: str, loaded: LoadedProgram) -> Prescription | None:
    from exdose.program.io import exercise_key

    for session in phase.sessions:
        for item in session.exercises:
            if (
                exercise_key(loaded.program, loaded.library, item.exercise) or item.exercise
            ) == key:
                return item
    return None


def _keys_in(phase: Phase, loaded: LoadedProgram) -> list[str]:
    from exdose.program.io import exercise_key

    keys: list[str] = []
    for session in phase.sessions:
        for item in session.exercises:
            key = exercise_key(loaded.program, loaded.library, item.exercise) or item.exercise
            if key not in keys:
                keys.append(key)
    return keys


def _working(sets: pl.DataFrame) -> pl.DataFrame:
    return sets.filter(pl.col("set_kind").is_null() | pl.col("set_kind").is_in(DOSE_SET_KINDS))


def _states(performed: pl.DataFrame, planned: pl.DataFrame, week: int) -> dict[str, _State]:
    """Per exercise: sets done and planned in `week`, and the last session's working sets."""
    states: dict[str, _State] = {}
    work = _working(performed).filter(pl.col("exercise").is_not_null())
    for ex, n in work.filter(pl.col("week") == week).group_by("exercise").agg(pl.len()).rows():
        states.setdefault(ex, _State()).sets_week = int(n)
    for ex, n in planned.filter(pl.col("week") == week).group_by("exercise").agg(pl.len()).rows():
        states.setdefault(ex, _State()).planned_week = int(n)
    done = work.filter(pl.col("week") <= week)
    if done.height:
        last = done.group_by("exercise").agg(pl.col("date").max().alias("_last"))
        lastsets = done.join(last, on="exercise").filter(pl.col("date") == pl.col("_last"))
        for ex, reps, loads in (
            lastsets.sort("set_number")
            .group_by("exercise")
            .agg(pl.col("reps"), pl.col("load_kg"))
            .rows()
        ):
            state = states.setdefault(ex, _State())
            state.last_reps = [int(r) for r in reps if r is not None]
            state.last_loads = [float(x) for x in loads if x is not None]
    return states


def _week_changes(
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
            _week_changes(weekly_sets_per_muscle(perf, lib, by="week"), "muscle", "sets", week),
            _week_changes(weekly_sets_per_muscle(plan, lib, by="week"), "muscle", "sets", week),
        )
    )

    def per_exercise(frame: pl.DataFrame) -> pl.DataFrame:
        return (
            _working(frame)
            .filter(pl.col("exercise").is_not_null())
            .group_by("week", "exercise")
            .agg(pl.len().cast(pl.Float64).alias("sets"))
        )

    names = {k: _name(loaded, k) for k in perf["exercise"].drop_nulls().unique().to_list()}
    tables.append(
        (
            "{} sets",
            {
                names.get(k, k): v
                for k, v in _week_changes(per_exercise(perf), "exercise", "sets", week).items()
            },
            {
                names.get(k, k): v
                for k, v in _week_changes(per_exercise(plan), "exercise", "sets", week).items()
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
        kg_flags = _added_load_flags(loaded, perf, added, week)
        perf = perf.with_columns(pl.when(is_bw).then(None).otherwise("load_kg").alias("load_kg"))
        plan = plan.with_columns(pl.when(is_bw).then(None).otherwise("load_kg").alias("load_kg"))

    def volume(frame: pl.DataFrame) -> pl.DataFrame:
        return weekly_volume_load(frame, by="week").with_columns(pl.lit("all").alias("what"))

    tables.append(
        (
            "volume load",
            _week_changes(volume(perf), "what", "volume_load_kg", week),
            _week_changes(volume(plan), "what", "volume_load_kg", week),
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
                message += f", back to no more than the prescribed {_g(p_now)}"
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
    return _kg(value) if isinstance(value, Quantity) else None


def bodyweight_added_kg(loaded: LoadedProgram) -> dict[str, float]:
    """Exercise key -> added kg of prescriptions written as body weight plus a load."""
    from exdose.program.io import exercise_key

    out: dict[str, float] = {}
    for _, item in loaded.program.all_prescriptions():
        for it in item.dose.intensity:
            extra = getattr(it, "added_kg", None)
            if it.kind == "bodyweight" and extra:
                key = exercise_key(loaded.program, loaded.library, item.exercise) or item.exercise
                out.setdefault(key, float(extra))
    return out


def _added_load_flags(
    loaded: LoadedProgram, perf: pl.DataFrame, added: dict[str, float], week: int
) -> list[LoadFlag]:
    """A caution for each body-weight exercise whose added load rose, stated in kg."""
    rows = (
        _working(perf)
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
        name = _name(loaded, key)
        flags.append(
            LoadFlag(
                label=f"{name} added load",
                change=round((now - prev) / prev, 4),
                change_kg=round(now - prev, 2),
                kind="caution",
                planned_change=None,
                as_planned=False,
                message=f"caution: {name} added load +{_g(now - prev)} kg ({_g(prev)} -> "
                f"{_g(now)} kg on body weight; no body mass given, so its change is stated in "
                "kg, not as a percentage)",
            )
        )
    return flags


# --- above the prescription ------------------------------------------------------------------


@dataclass(frozen=True)
class AboveRx:
    """An exercise done above its prescription in the week judged: load (kg) or reps."""

    key: str
    week: int
    variable: Literal["load", "reps"]
    done: float
    prescribed: float

    def change(self, name: str, because: str | None = None) -> Change:
        """The change back to the prescription, with the reason."""
        unit = " kg" if self.variable == "load" else " reps"
        what = f"{_g(self.done)}{unit} in week {self.week} ({_g(self.prescribed)}{unit} prescribed)"
        reason = (
            f"{_g(self.done)}{unit} were done in week {self.week} against {_g(self.prescribed)}"
            f"{unit} prescribed: back to the prescription first, keeping the exercise "
            "(practice: one change at a time)"
        )
        return Change(
            exercise=name,
            variable=self.variable,
            from_=what,
            to=f"{_g(self.prescribed)}{unit}, as prescribed",
            reason=f"{because}; {reason}" if because else reason,
            evidence="practice",
        )

    def edit(self) -> ProgrammeEdit:
        """The programme edit: the prescribed load as the load the rule restarts from."""
        if self.variable == "load":
            return ProgrammeEdit(exercise=self.key, variable="load", load_kg=self.prescribed)
        return ProgrammeEdit(
            exercise=self.key,
            variable="reps",
            note=f"Reps (adjusted): no more than the prescribed {_g(self.prescribed)}",
        )


def above_prescription(
    loaded: LoadedProgram,
    performed: pl.DataFrame,
    planned: pl.DataFrame,
    week: int,
    config: MonitorConfig,
) -> dict[str, AboveRx]:
    """Exercises whose heaviest working set of `week` was above the week's prescribed load by
    more than `config.load_above_tolerance_pct` (the prescribed load rounded to the kit), or
    whose most reps were more than `config.reps_above_tolerance` above the top of the range.

    Example: 85 kg done against 75 kg prescribed is 13% above (tolerance 2.5%): back to 75 kg.
    """
    done = (
        _working(performed)
        .filter((pl.col("week") == week) & pl.col("exercise").is_not_null())
        .group_by("exercise")
        .agg(pl.col("load_kg").max().alias("kg"), pl.col("reps").max().alias("reps"))
    )
    plan = (
        _working(planned)
        .filter(pl.col("week") == week)
        .group_by("exercise")
        .agg(
            pl.col("load_kg").max().alias("kg"),
            pl.coalesce("reps_max", "reps").max().alias("reps"),
        )
    )
    out: dict[str, AboveRx] = {}
    for key, kg, reps, p_kg, p_reps in done.join(plan, on="exercise", suffix="_plan").rows():
        if kg is not None and p_kg:
            prescribed = on_kit(p_kg, kit_for(loaded.program, loaded.library, key))
            if kg > prescribed * (1 + config.load_above_tolerance_pct / 100) + 1e-9:
                out[key] = AboveRx(key, week, "load", float(kg), prescribed)
                continue
        if reps is not None and p_reps and reps > p_reps + config.reps_above_tolerance:
            out[key] = AboveRx(key, week, "reps", float(reps), float(p_reps))
    return out


def _reached(
    states: dict[str, _State], planned: pl.DataFrame, week: int, loaded: LoadedProgram
) -> dict[str, float]:
    """The load each exercise restarts from after a hold or a reduction: the heaviest load of
    its last session, never above the load prescribed for the week judged."""
    caps = dict(
        _working(planned)
        .filter(pl.col("week") == week)
        .group_by("exercise")
        .agg(pl.col("load_kg").max())
        .rows()
    )
    out: dict[str, float] = {}
    for key, state in states.items():
        if not state.last_loads:
            continue
        kg = max(state.last_loads)
        cap = caps.get(key)
        if cap:
            kg = min(kg, on_kit(cap, kit_for(loaded.program, loaded.library, key)))
        out[key] = kg
    return out


# --- which exercise, which change -------------------------------------------------------------

_REGION_MUSCLES: dict[str, tuple[str, ...]] = {
    "back": ("lower back", "middle back"),
    "lumbar": ("lower back",),
    "spine": ("lower back",),
    "hip": ("glutes", "abductors", "adductors"),
    "glute": ("glutes",),
    "buttock": ("glutes",),
    "knee": ("quadriceps",),
    "thigh": ("quadriceps", "hamstrings"),
    "hamstring": ("hamstrings",),
    "groin": ("adductors",),
    "calf": ("calves",),
    "achilles": ("calves",),
    "shoulder": ("shoulders",),
    "neck": ("traps", "neck"),
    "elbow": ("biceps", "triceps", "forearms"),
    "wrist": ("forearms",),
}


def _mentions(text: str, loaded: LoadedProgram, key: str) -> bool:
    words = {key.replace("-", " ").replace("_", " ").lower(), _name(loaded, key).lower()}
    text = text.lower()
    return any(w and (w in text or w.rstrip("s") + "s" in text) for w in words)


def _target(
    loaded: LoadedProgram,
    performed: pl.DataFrame,
    ratings: pl.DataFrame,
    pain: PainAssessment,
    flags: list[LoadFlag],
    states: dict[str, _State],
    candidates: list[str],
    above_rx: dict[str, AboveRx] | None = None,
) -> tuple[str | None, str]:
    """The exercise a reduction should change, and how it was chosen."""
    if not candidates:
        return None, "the next phase has no exercises"
    week_rows = performed.filter(pl.col("week") == pain.week)
    if "pain" in week_rows.columns:
        painful = week_rows.filter(
            pl.col("pain").is_not_null() & pl.col("exercise").is_in(candidates)
        )
        if painful.height:
            top = painful.sort("pain", descending=True).row(0, named=True)
            return top["exercise"], f"pain {_g(top['pain'])}/10 was logged during its sets"
    start = dt.date.fromisoformat(pain.week_start)
    notes = ratings.filter(
        (pl.col("date") >= start) & (pl.col("date") < start + dt.timedelta(days=7))
    )["notes"].drop_nulls()
    for key in candidates:
        if any(_mentions(n, loaded, key) for n in notes.to_list()):
            return key, "the pain notes name it"
    above = [
        (s.sets_week / s.planned_week, key)
        for key, s in states.items()
        if key in candidates and s.planned_week and s.sets_week > s.planned_week
    ]
    if above:
        _, key = max(above)
        s = states[key]
        return (
            key,
            f"{s.sets_week} sets were done in week {pain.week} against {s.planned_week} prescribed",
        )
    over = [
        (a.done / a.prescribed, key)
        for key, a in (above_rx or {}).items()
        if key in candidates and a.prescribed
    ]
    if over:
        _, key = max(over)
        a = (above_rx or {})[key]
        unit = "kg" if a.variable == "load" else "reps"
        return key, f"{_g(a.done)} {unit} were done against {_g(a.prescribed)} {unit} prescribed"
    spiked = [f for f in flags if f.kind == "spike" and not f.as_planned]
    for flag in sorted(spiked, key=lambda f: -f.change):
        for key in candidates:
            if flag.label == f"{_name(loaded, key)} sets":
                return key, f"its weekly sets spiked ({flag.change * 100:+.0f}%)"
    regions = [r for r in pain.peaks if r]
    muscles = {m for r in regions for word, ms in _REGION_MUSCLES.items() if word in r for m in ms}
    muscles |= {r for r in regions}
    loading: list[tuple[float, str]] = []
    for key in candidates:
        ex = loaded.library.get(key)
        if ex is None:
            continue
        weight = 1.0 if muscles & set(ex.primary) else 0.5 if muscles & set(ex.secondary) else 0.0
        if weight:
            loading.append((weight * max(states.get(key, _State()).sets_week, 1), key))
    if loading:
        _, key = max(loading)
        return key, "it trains the painful region most"
    sized = [(states.get(k, _State()).planned_week, -i, k) for i, k in enumerate(candidates)]
    _, _, key = max(sized)
    return key, "it is the programme's biggest exercise"


_VARIABLE_WORDS: tuple[tuple[Variable, str], ...] = (
    ("technique", r"\bcue|\bbrac|\btechnique"),
    ("volume", r"\b(?:drop|remove|fewer|reduce|cut)\b[^.;]*\bsets?\b|\bone set\b"),
    ("effort", r"\brir\b|reps in reserve|further from failure|\brpe\b"),
    ("load", r"\b(?:lower|reduce|drop|cut|decrease)\b[^.;]*\b(?:load|weight)\b"),
    ("range_of_motion", r"\brange\b"),
    ("tempo", r"\btempo\b|\bslower\b"),
    ("frequency", r"\bfrequency\b|\bsessions? a week\b|\bonce a week\b"),
)


def _rule_variables(text: str) -> list[Variable]:
    """Variables a tailoring rule's 'then' changes, in the order the text names them."""
    found: list[tuple[int, Variable]] = []
    for variable, pattern in _VARIABLE_WORDS:
        match = re.search(pattern, text, re.IGNORECASE)
        if match:
            found.append((match.start(), variable))
    return [v for _, v in sorted(found)]


def _rule_matches(when: str, pain: PainAssessment) -> bool:
    """Whether a tailoring rule's 'when' describes the week's pain findings."""
    text = when.lower()
    if "red flag" in text:
        return False
    kinds = {f.kind for f in pain.findings}
    if ("morning" in text or "settle" in text) and "not_settled" in kinds:
        return True
    if ("rise" in text or "increas" in text) and "rising" in kinds:
        return True
    numbers = [float(n) for n in re.findall(r"(\d+(?:\.\d+)?)\s*/\s*10", text)]
    if numbers:
        limit = numbers[0]
        values = [
            f.value
            for f in pain.findings
            if f.value is not None
            and f.kind in ("during", "after", "not_settled", "rising", "acceptable")
            and (("during" in text) == (f.kind != "after") or "during" not in text)
        ]
        return any(v > limit for v in values)
    return False


def _applied(program: Program, key: str) -> set[str]:
    """Variables earlier runs of exdose adjust already changed for this exercise."""
    done: set[str] = set()
    if not isinstance(program.modifications, list):
        return done
    for mod in program.modifications:
        how = mod.how or ""
        match = re.search(r"variable: (\w+); exercise: ([^;]+)", how)
        if MARK in how and match and match[2].strip() == key:
            done.add(match[1])
    return done


def _clause(text: str, variable: Variable) -> str:
    """The part of a tailoring rule's 'then' about one variable (one change at a time)."""
    pattern = dict(_VARIABLE_WORDS)[variable]
    for part in re.split(r"\s+and\s+(?![^(]*\))|;|\.\s", text):
        if re.search(pattern, part, re.IGNORECASE):
            return part.strip()
    return text.strip()


def _cue(definition: ExerciseDef | None, rule_text: str | None) -> str | None:
    if rule_text and re.search(r"\bcue|\bbrac", rule_text, re.IGNORECASE):
        return _clause(rule_text, "technique")
    if definition is None or not definition.cues:
        return None
    for cue in definition.cues:
        if re.search(r"brac|trunk|lower back|lumbar|spine|ribs|neutral", cue, re.IGNORECASE):
            return cue
    return definition.cues[0]


def _rounded(kg: float, step: float) -> float:
    return round(round(kg / step) * step, 2) if step else round(kg, 2)


def on_kit(kg: float, kit: Kit) -> float:
    """A load rounded to what the exercise's kit makes (program.kit), as the written file has it."""
    return round(round_to_kit(kg, kit), 2)


def lower_on_kit(current: float, config: MonitorConfig, kit: Kit) -> float | None:
    """`current` lowered by `config.load_reduction_pct`, on the kit: the nearest load the kit
    makes, and if that is not below `current`, the next one down; None when none is lower.

    Example: 75 kg on a leg press (5 kg stack) - 10% = 67.5 kg, which the stack cannot make;
    half-way rounds up to 70 kg (6.7% lower).
    """
    target = current * (1 - config.load_reduction_pct / 100)
    while target > 0:
        # Without a known kit the configured step rounds first; the file then holds that load.
        new = on_kit(target if kit is not None else _rounded(target, config.load_round_kg), kit)
        if 0 < new < current:
            return new
        target -= 0.5
    return None


def _start_kg(item: Prescription) -> float | None:
    rule = item.progression
    if isinstance(rule, (Double, Linear)) and rule.increment.unit in ("kg", "lb", "%"):
        return _kg(rule.start) if rule.start else item.dose.load_kg
    return item.dose.load_kg


def _make_change(
    variable: Variable,
    key: str,
    loaded: LoadedProgram,
    phase: Phase,
    state: _State,
    config: MonitorConfig,
    reason: str,
    evidence: Evidence,
    rule_text: str | None,
) -> tuple[Change, ProgrammeEdit] | None:
    """The change of one variable for one exercise, or None when it does not apply."""
    from exdose.program.io import exercise_key

    item = _first_prescription(phase, key, loaded)
    if item is None:
        return None
    dose = item.dose
    name = _name(loaded, key)
    if variable == "technique":
        cue = _cue(loaded.program.exercises.get(key), rule_text)
        if cue is None:
            return None
        change = Change(
            exercise=name,
            variable="technique",
            from_=None,
            to=f"cue: {cue}",
            reason=reason,
            evidence=evidence,
        )
        return change, ProgrammeEdit(
            exercise=key, variable=variable, note=f"Technique cue (adjusted): {cue}"
        )
    if variable == "volume":
        if dose.sets <= 1:
            return None
        new = max(1, dose.sets - config.sets_step)
        change = Change(
            exercise=name,
            variable="volume",
            from_=f"{dose.sets} sets a session",
            to=f"{new} sets a session",
            reason=reason,
            evidence=evidence,
        )
        return change, ProgrammeEdit(exercise=key, variable=variable, sets_step=config.sets_step)
    if variable == "effort":
        if dose.rir is None:
            return None
        rir = min(10.0, dose.rir + config.rir_step)
        if rir == dose.rir:
            return None
        change = Change(
            exercise=name,
            variable="effort",
            from_=f"RIR {_g(dose.rir)}",
            to=f"RIR {_g(rir)}",
            reason=reason,
            evidence=evidence,
        )
        return change, ProgrammeEdit(exercise=key, variable=variable, rir_step=config.rir_step)
    if variable == "load":
        current = max(state.last_loads) if state.last_loads else _start_kg(item)
        if not current:
            return None
        new_kg = lower_on_kit(current, config, kit_for(loaded.program, loaded.library, key))
        if new_kg is None:
            return None
        change = Change(
            exercise=name,
            variable="load",
            from_=f"{_g(current)} kg",
            to=f"{_g(new_kg)} kg",
            reason=reason,
            evidence=evidence,
        )
        return change, ProgrammeEdit(exercise=key, variable=variable, load_kg=new_kg)
    if variable == "range_of_motion":
        definition = loaded.program.exercises.get(key)
        before = definition.range_of_motion if definition else None
        if rule_text and re.search(r"\brange\b", rule_text, re.IGNORECASE):
            after = _clause(rule_text, "range_of_motion")
        else:
            after = (
                "shorten the range to the part that keeps pain during at or below "
                f"{_g(config.safe_max)}/10"
            )
        change = Change(
            exercise=name,
            variable="range of motion",
            from_=before,
            to=after,
            reason=reason,
            evidence=evidence,
        )
        return change, ProgrammeEdit(
            exercise=key, variable=variable, note=f"Range of motion (adjusted): {after}"
        )
    if variable == "tempo":
        if dose.tempo:
            parts = dose.tempo.split("-")
            if not parts[0].isdigit():
                return None
            parts[0] = str(int(parts[0]) + config.eccentric_add_s)
            tempo = "-".join(parts)
        else:
            tempo = config.default_tempo
        change = Change(
            exercise=name,
            variable="tempo",
            from_=dose.tempo,
            to=tempo,
            reason=reason,
            evidence=evidence,
        )
        return change, ProgrammeEdit(exercise=key, variable=variable, tempo=tempo)
    if variable == "frequency":
        having = [
            s
            for s in phase.sessions
            if any(
                (exercise_key(loaded.program, loaded.library, i.exercise) or i.exercise) == key
                for i in s.exercises
            )
        ]
        if len(having) < 2 or len(having[-1].exercises) < 2:
            return None
        change = Change(
            exercise=name,
            variable="frequency",
            from_=f"{len(having)} sessions a week",
            to=f"{len(having) - 1} sessions a week (not in session {having[-1].name})",
            reason=reason,
            evidence=evidence,
        )
        return change, ProgrammeEdit(
            exercise=key, variable=variable, drop_from_session=having[-1].name
        )
    return None


# Filled in per prescription with its own number of sets when the next programme is written.
_KEEP_SETS_NOTE = "Volume (adjusted): keep to the prescribed {sets} sets"


def _prescribed_sets_text(planned: pl.DataFrame, key: str, week: int) -> str | None:
    """'7 sets a week as prescribed for week 6 (4 in session A, 3 in session B)', from the plan."""
    rows = _working(planned).filter((pl.col("week") == week) & (pl.col("exercise") == key))
    if rows.height == 0:
        return None
    per_session = rows.group_by("day", "session", maintain_order=True).agg(pl.len()).sort("day")
    parts = [f"{n} in session {session}" for _, session, n in per_session.iter_rows()]
    return f"{rows.height} sets a week as prescribed for week {week} ({', '.join(parts)})"


def _reduction(
    loaded: LoadedProgram,
    key: str,
    phase: Phase,
    states: dict[str, _State],
    pain: PainAssessment,
    config: MonitorConfig,
    next_week: int,
    planned: pl.DataFrame,
    above_rx: dict[str, AboveRx] | None = None,
) -> tuple[Change, ProgrammeEdit] | None:
    """Exactly one change for the target exercise (see the module docstring for the order)."""
    state = states.get(key, _State())
    exceeded = [f for f in pain.findings if f.kind in ("during", "after", "not_settled", "rising")]
    # The reason quotes the worst finding of the week (the highest rating; the earliest on a tie).
    worst = max(exceeded, key=lambda f: f.value or 0.0, default=None)
    pain_reason = worst.message if worst else "pain outside the pain-monitoring model"
    name = _name(loaded, key)
    item = _first_prescription(phase, key, loaded)
    if state.planned_week and state.sets_week > state.planned_week and item is not None:
        change = Change(
            exercise=name,
            variable="volume",
            from_=f"{state.sets_week} sets in week {pain.week} ({state.planned_week} prescribed)",
            to=_prescribed_sets_text(planned, key, next_week)
            or f"{item.dose.sets} sets a session, as prescribed",
            reason=f"{pain_reason}; it came with {state.sets_week} sets done against "
            f"{state.planned_week} prescribed: return to the prescribed volume first, keeping "
            "the exercise (practice: one change at a time)",
            evidence="practice",
        )
        return change, ProgrammeEdit(exercise=key, variable="volume", note=_KEEP_SETS_NOTE)
    if above_rx and key in above_rx:
        a = above_rx[key]
        return a.change(name, pain_reason), a.edit()
    applied = _applied(loaded.program, key)
    reason = f"{pain_reason}; one change at a time, keeping the exercise (practice)"
    tailoring = loaded.program.tailoring
    rules = [r for r in (tailoring.rules if tailoring else []) if _rule_matches(r.when, pain)]
    # The most specific rule first: one naming this exercise, then the one with the highest
    # pain threshold (it describes the worse situation).
    rules.sort(
        key=lambda r: (
            not _mentions(r.when + " " + r.then, loaded, key),
            -max((float(n) for n in re.findall(r"(\d+(?:\.\d+)?)\s*/\s*10", r.when)), default=0),
        )
    )
    for rule in rules:
        mentions_other = any(
            _mentions(rule.when + " " + rule.then, loaded, other)
            for other in loaded.program.exercises
            if other != key
        ) and not _mentions(rule.when + " " + rule.then, loaded, key)
        if mentions_other:
            continue
        for variable in _rule_variables(rule.then):
            if variable in applied:
                continue
            made = _make_change(
                variable,
                key,
                loaded,
                phase,
                state,
                config,
                f"{reason}; the programme's tailoring rule: when {rule.when}, {rule.then}",
                "trial",
                rule.then,
            )
            if made:
                return made
    for variable in config.order:
        if variable in applied:
            continue
        made = _make_change(variable, key, loaded, phase, state, config, reason, "trial", None)
        if made:
            return made
    return None


# --- progression ------------------------------------------------------------------------------


def _plan_dose_text(planned: pl.DataFrame, key: str, week: int) -> str | None:
    rows = planned.filter((pl.col("week") == week) & (pl.col("exercise") == key))
    if rows.height == 0:
        return None
    first = rows.row(0, named=True)
    sets = rows.filter(pl.col("day") == first["day"]).height
    text = f"{sets}x{first['reps']}" if first["reps"] is not None else f"{sets} sets"
    if first["load_kg"] is not None:
        text += f" @{_g(first['load_kg'])}kg"
    if first["rir"] is not None:
        text += f" @RIR{_g(first['rir'])}"
    return text


def _progressions(
    loaded: LoadedProgram,
    phase: Phase,
    states: dict[str, _State],
    planned: pl.DataFrame,
    week: int,
    next_week: int,
) -> tuple[list[Change], dict[str, float], list[str]]:
    """Each exercise's next dose by its own rule, judged on the last session done."""
    changes: list[Change] = []
    starts: dict[str, float] = {}
    notes: list[str] = []
    program = loaded.program
    if program.deload and next_week in program.deload.weeks:
        d = program.deload
        changes.append(
            Change(
                exercise=None,
                variable="deload",
                from_=None,
                to=f"planned deload: sets x{_g(d.sets_factor)}, load x{_g(d.load_factor)}, "
                f"+{_g(d.rir_add)} RIR",
                reason=f"week {next_week} is a planned deload week of the programme",
                evidence="practice",
            )
        )
        return changes, starts, notes
    for key in _keys_in(phase, loaded):
        item = _first_prescription(phase, key, loaded)
        if item is None:
            continue
        rule = item.progression
        name = _name(loaded, key)
        state = states.get(key, _State())
        if rule is None:
            notes.append(f"{name} has no progression rule: its dose stays as written")
            continue
        if isinstance(rule, Double) and state.last_reps and state.last_loads:
            top = item.dose.reps_max or 0
            load = max(state.last_loads)
            if min(state.last_reps) >= top:
                inc = rule.increment
                new = load * (1 + inc.value / 100) if inc.unit == "%" else load + (_kg(inc) or 0)
                # The next file restarts the rule from this load, rounded to the kit: so is the
                # number printed.
                new = on_kit(new, kit_for(program, loaded.library, key))
                starts[key] = new
                changes.append(
                    Change(
                        exercise=name,
                        variable="load",
                        from_=f"{_g(load)} kg x {min(state.last_reps)}",
                        to=f"{_g(new)} kg x {item.dose.reps}",
                        reason=f"every working set reached the top of the {item.dose.reps}-{top} "
                        "range at the last session: add load and restart at the bottom "
                        "(the programme's double progression rule)",
                        evidence="practice",
                    )
                )
            else:
                reps = min(top, min(state.last_reps) + rule.reps_step)
                starts[key] = load
                changes.append(
                    Change(
                        exercise=name,
                        variable="reps",
                        from_=f"{_g(load)} kg x {min(state.last_reps)}",
                        to=f"{_g(load)} kg x {reps}",
                        reason=f"not every set reached {top} reps yet: keep the load and add "
                        f"{rule.reps_step} rep(s) (the programme's double progression rule)",
                        evidence="practice",
                    )
                )
            continue
        if (
            isinstance(rule, Linear)
            and rule.increment.unit in ("kg", "lb", "%")
            and state.last_loads
        ):
            load = max(state.last_loads)
            inc = rule.increment
            new = load * (1 + inc.value / 100) if inc.unit == "%" else load + (_kg(inc) or 0)
            cap = _kg(rule.max)
            if cap is not None:
                new = min(new, cap)
            new = on_kit(new, kit_for(program, loaded.library, key))
            starts[key] = new
            changes.append(
                Change(
                    exercise=name,
                    variable="load",
                    from_=f"{_g(load)} kg",
                    to=f"{_g(new)} kg",
                    reason=f"add {inc} (the programme's linear rule)",
                    evidence="practice",
                )
            )
            continue
        before, after = (
            _plan_dose_text(planned, key, week),
            _plan_dose_text(planned, key, next_week),
        )
        if after is not None and before != after:
            changes.append(
                Change(
                    exercise=name,
                    variable=rule.type,
                    from_=before,
                    to=after,
                    reason=f"the programme's {rule.type} rule for week {next_week}",
                    evidence="practice",
                )
            )
    return changes, starts, notes


# --- the proposal -----------------------------------------------------------------------------


def propose_adjustment(
    loaded: LoadedProgram,
    log: LogRead,
    pain: Sequence[PainDiary] = (),
    config: MonitorConfig = DEFAULT_CONFIG,
    start: StartOverride = None,
    week: int | None = None,
    planned: pl.DataFrame | None = None,
) -> Adjustment:
    """Judge a programme week of the log (and pain ratings) and propose the week after it.

    By default the last week with training or pain ratings is judged. `week` judges an earlier
    week as if the proposal were made at its end: sets and ratings after it are set aside, so a
    past decision (for example at a pain episode) can be reviewed or replayed. `planned` is the
    programme's expansion when the caller already has it.
    """
    if log.sets.height == 0:
        raise LogReadError(
            "the log has no sets to judge", hint="log at least one week of the programme"
        )
    program = loaded.program
    anchor = anchor_for(loaded, log.sets["date"], start)
    performed = on_programme_weeks(loaded, log.sets, anchor)
    diaries = [d.entries for d in pain]
    if log.pain is not None:
        diaries.append(log.pain.entries)
    ratings = combine_ratings(diaries, performed)
    last_dates = [performed["date"].max()]
    if ratings.height:
        last_dates.append(ratings["date"].max())
    last = max(d for d in last_dates if isinstance(d, dt.date))
    last_week = anchor.week_of(last)
    if last_week < 1:
        raise LogReadError(
            f"the log ends on {last.isoformat()}, before the programme starts "
            f"({anchor.start.isoformat()})",
            hint="check the programme's start_date",
        )
    set_aside: str | None = None
    if week is None:
        week = last_week
    elif not 1 <= week <= last_week:
        raise UsageError(
            f"week {week} cannot be judged: the log and pain ratings cover programme weeks "
            f"1-{last_week} ({anchor.describe()})",
            hint=f"give --week a week from 1 to {last_week}",
        )
    else:
        # Judge as at the end of `week`: what happened later was not known then.
        end = anchor.start + dt.timedelta(days=7 * week)
        later = performed.filter(pl.col("date") >= end).height
        performed = performed.filter(pl.col("date") < end)
        ratings = ratings.filter(pl.col("date") < end)
        if later:
            set_aside = (
                f"judged as at the end of week {week}: {later} logged sets after "
                f"{(end - dt.timedelta(days=1)).isoformat()} were set aside"
            )
    next_week = week + 1
    if planned is None:
        planned = expand(loaded)
    pain_result = assess_pain(ratings, anchor, week, config)
    flags = load_flags(loaded, performed, planned, week, config)
    states = _states(performed, planned, week)
    above_rx = above_prescription(loaded, performed, planned, week, config)
    phase = _phase_for_next(program, next_week)
    notes = list(pain_result.notes)
    if set_aside:
        notes.append(set_aside)
    extend_to: int | None = None
    if next_week > program.weeks:
        last_phase = max(program.phases, key=lambda p: p.last_week)
        block = f"'{last_phase.name} (from week {next_week}, adjusted)'"
        if week > program.weeks:
            extend_to = week
            notes.append(
                f"the log runs to week {week}, past the programme's {program.weeks} weeks: the "
                f"next programme extends its last phase '{last_phase.name}' to week {week} (as "
                f"done) and starts a new block {block} at week {next_week}"
            )
        else:
            notes.append(
                f"the programme has {program.weeks} weeks; the next programme continues its "
                f"last phase '{last_phase.name}' as a new block {block} at week {next_week}"
            )
    notes += [f.message for f in flags if f.kind == "caution" or f.as_planned]
    reasons: list[str] = []
    changes: list[Change] = []
    edit: ProgrammeEdit | None = None
    starts: dict[str, float] = {}
    target: str | None = None
    message = ""
    red = [f for f in pain_result.findings if f.kind == "red_flag"]
    exceeded = [
        f for f in pain_result.findings if f.kind in ("during", "after", "not_settled", "rising")
    ]
    spikes = [f for f in flags if f.kind == "spike" and not f.as_planned]
    set_spikes = [f for f in spikes if f.label != "volume load"]
    if not set_spikes and not above_rx and not config.hold_on_volume_load_spike:
        notes += [
            f"{f.message}: from reps or load within the progression, with no spike in sets"
            for f in spikes
        ]
        spikes = []
    acceptable = [f for f in pain_result.findings if f.kind == "acceptable"]
    decision: Decision
    if red:
        decision = "refer"
        reasons = [f.message for f in red]
        message = (
            "Red flag: no training proposal. Seek assessment by a physiotherapist or doctor "
            "before training on."
        )
    elif exceeded:
        decision = "reduce"
        reasons = [f.message for f in exceeded] + [f.message for f in spikes]
        candidates = _keys_in(phase, loaded)
        target, why = _target(
            loaded, performed, ratings, pain_result, flags, states, candidates, above_rx
        )
        if target is not None:
            made = _reduction(
                loaded, target, phase, states, pain_result, config, next_week, planned, above_rx
            )
            if made is not None:
                change, edit = made
                changes.append(change)
                notes.append(f"{_name(loaded, target)} chosen because {why}")
                starts = _reached(states, planned, week, loaded)
            else:
                decision = "hold"
                notes.append(
                    f"every variable of {_name(loaded, target)} has already been changed once; "
                    "hold the dose and review with the clinician"
                )
        message = "Keep the exercise; change one thing and judge it over the next week."
    elif spikes or acceptable or above_rx:
        decision = "hold"
        reasons = [
            f"{f.message}: hold this week's dose rather than add more ({HARRISON_SHORT}; "
            "the 10% caution line is practice)"
            for f in spikes
        ] + [f.message for f in acceptable]
        # Load or reps above the prescription are treated like a set spike: back to the
        # prescription first (the restart loads below are capped at it).
        for key, a in sorted(above_rx.items()):
            change = a.change(_name(loaded, key))
            reasons.append(change.reason)
            changes.append(change)
        starts = _reached(states, planned, week, loaded)
        message = "Repeat this week's doses next week; progress when the week is within limits."
    else:
        decision = "progress"
        status = pain_result.status
        reasons = [
            "pain within the pain-monitoring model"
            if status == "within limits"
            else "no pain ratings for the week (progressing on the log alone)",
            "no unplanned week-over-week spike in sets or volume load",
        ]
        changes, starts, more = _progressions(loaded, phase, states, planned, week, next_week)
        notes += more
    result = Adjustment(
        decision=decision,
        reasons=reasons,
        changes=changes,
        message=message,
        evaluated_week=week,
        next_week=next_week,
        weeks_note=anchor.describe(),
        target_exercise=target,
        pain=pain_result,
        load_flags=flags,
        notes=notes,
        edit=NextProgramme(
            change=edit,
            start_kg=starts,
            week_grid_start=anchor.start,
            week_grid_source=anchor.source,
            extend_last_phase_to=extend_to,
        ),
    )
    return result


# --- the next programme file ------------------------------------------------------------------


def _prescription_change(
    loaded: LoadedProgram, phase: Phase, edit: ProgrammeEdit
) -> tuple[PrescriptionChange, dict[str, float]]:
    """The programme edit for program.edit, and any load the exercise's rule restarts from.

    A new load goes into a load rule's start (double, linear), else into the written load as a
    factor of the prescription's own load: either way the file expands to `edit.load_kg`.
    """
    factor = 1.0
    starts: dict[str, float] = {}
    if edit.load_kg is not None:
        item = _first_prescription(phase, edit.exercise, loaded)
        rule = item.progression if item is not None else None
        if isinstance(rule, (Double, Linear)) and rule.increment.unit in ("kg", "lb", "%"):
            starts[edit.exercise] = edit.load_kg
        elif item is not None and item.dose.load_kg:
            factor = edit.load_kg / item.dose.load_kg
    change = PrescriptionChange(
        exercise=edit.exercise,
        variable=edit.variable,
        sets_step=edit.sets_step,
        rir_step=edit.rir_step,
        load_factor=factor,
        tempo=edit.tempo,
        note=edit.note,
        drop_from_session=edit.drop_from_session,
    )
    return change, starts


def _extended(loaded: LoadedProgram, to_week: int) -> LoadedProgram:
    """The programme with its last phase running to `to_week` (weeks logged past its end)."""
    program = loaded.program.model_copy(deep=True)
    last = max(program.phases, key=lambda p: p.last_week)
    if to_week > last.last_week:
        last.weeks = f"{last.first_week}-{to_week}"
    return replace(loaded, program=program)


def next_program(loaded: LoadedProgram, adjustment: Adjustment) -> Program:
    """The programme with the proposal written in from the next week on.

    The phase covering the next week is split there (or the last phase continued past the end,
    extended first over any weeks logged beyond it, so no week is left without a phase);
    progression rules in the new phase start from the loads reached (double and linear load
    rules restart their rep range at the bottom), the one change is applied to the target
    exercise, every computed load is rounded to the exercise's kit, and a hold or a reduction is
    recorded in `modifications` (TIDieR 10). A "refer" writes nothing.
    """
    if adjustment.decision == "refer":
        raise ProgramError(
            "a red flag stops the proposal: no next programme is written",
            hint="seek assessment before training on",
        )
    plan = adjustment.edit
    week = adjustment.next_week
    if plan.extend_last_phase_to is not None:
        loaded = _extended(loaded, plan.extend_last_phase_to)
    phase = _phase_for_next(loaded.program, week)
    starts = dict(plan.start_kg)
    change: PrescriptionChange | None = None
    if plan.change is not None:
        change, more = _prescription_change(loaded, phase, plan.change)
        starts.update(more)
    when = f"week {week}"
    if plan.week_grid_start is not None:
        when += f" (from {(plan.week_grid_start + dt.timedelta(days=7 * (week - 1))).isoformat()})"
    mods: list[Modification] = []
    if adjustment.decision == "reduce" and adjustment.changes and plan.change is not None:
        c = adjustment.changes[0]
        mods.append(
            Modification(
                when=when,
                what=f"{c.exercise}: {c.variable} {c.from_ or '(as before)'} -> {c.to}",
                why=c.reason,
                how=f"{MARK}; variable: {plan.change.variable}; "
                f"exercise: {plan.change.exercise}; one change at a time, judged after a week",
            )
        )
    elif adjustment.decision in ("hold", "reduce"):
        mods.append(
            Modification(
                when=when,
                what=f"Progression held: the doses of week {adjustment.evaluated_week} are "
                "repeated",
                why="; ".join(adjustment.reasons) or "hold",
                how=f"{MARK}; variable: progression; exercise: all",
            )
        )
    # Record the week grid the proposal was judged on, so the next run lines up with it.
    start_date = (
        plan.week_grid_start
        if plan.week_grid_start is not None and plan.week_grid_source != "start_date"
        else None
    )
    return next_version(
        loaded, week, start_kg=starts, change=change, modifications=mods, start_date=start_date
    )


def write_next_program(
    loaded: LoadedProgram, adjustment: Adjustment, output: str | Path
) -> Program:
    """Write the next programme file atomically, as an edit of the user's own file (comments
    and layout kept, program.edit), after checking that it loads back to the same programme."""
    program = next_program(loaded, adjustment)
    write_program(loaded, program, output)
    return program


def adjust_from_files(
    program: str | Path,
    logs: Sequence[str | Path],
    *,
    pain: Sequence[str | Path] = (),
    unit: Literal["kg", "lb"] | None = None,
    mapping: Path | None = None,
    output: str | Path | None = None,
    config: MonitorConfig = DEFAULT_CONFIG,
    start: StartOverride = None,
    week: int | None = None,
    date_order: DateOrder | None = None,
) -> Adjustment:
    """Load, judge and propose (what `exdose adjust` runs); write the next programme to `output`
    unless the decision is "refer". The input file is only replaced when `output` names it.
    `week` judges that programme week instead of the last one logged."""
    from exdose.program.io import load_program
    from exdose.sets import read_logs, read_pain_diary

    loaded = load_program(program)
    log = read_logs(
        list(logs), unit=unit, mapping=mapping, library=loaded.library, date_order=date_order
    )
    require_sets(log, logs)
    diaries = [read_pain_diary(p, date_order=date_order) for p in pain]
    result = propose_adjustment(loaded, log, diaries, config, start, week)
    for diary, path in zip(diaries, pain, strict=True):
        result.notes += [f"{path}: row {s.row} skipped: {s.reason}" for s in diary.skipped]
    if log.skipped:
        result.notes.append(f"{len(log.skipped)} log rows skipped (see `exdose load --json`)")
    if log.unmatched:
        result.notes.append(
            f"names not matched to an exercise: {', '.join(log.unmatched)}; their sets are not "
            "compared with the plan: map them with --mapping FILE (docs/logs.md)"
        )
    if output is not None and result.decision != "refer":
        write_next_program(loaded, result, output)
    return result

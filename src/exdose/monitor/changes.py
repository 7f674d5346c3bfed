"""Building the one change: back to the prescription first (sets, load or reps above it), then
the programme's tailoring rule, then the first variable of `MonitorConfig.order` not yet changed;
each change with the programme edit that writes it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

import polars as pl
from pydantic import BaseModel, ConfigDict, Field

from exdose.monitor.config import (
    Evidence,
    MonitorConfig,
    Variable,
)
from exdose.monitor.pain import PainAssessment
from exdose.monitor.tailoring import (
    applied_variables,
    clause,
    cue_for,
    rule_view,
)
from exdose.monitor.week import (
    ExerciseWeek,
    first_prescription,
    kg_of,
    lower_on_kit,
    mentions,
    num,
    on_kit,
    working_sets,
)
from exdose.program.io import LoadedProgram, exercise_name, written_key
from exdose.program.kit import kit_for
from exdose.program.model import (
    Double,
    Linear,
    Phase,
    Prescription,
    RpeTargets,
)


class Change(BaseModel):
    """One proposed change: which exercise, which variable, from what to what, and why."""

    model_config = ConfigDict(populate_by_name=True)

    exercise: str | None
    variable: str
    from_: str | None = Field(None, alias="from")
    to: str | None
    reason: str
    evidence: Evidence


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


@dataclass(frozen=True)
class AboveRx:
    """An exercise done above its prescription in the week judged: load (kg) or reps."""

    key: str
    week: int
    variable: Literal["load", "reps"]
    done: float
    prescribed: float
    autoregulated: bool = False

    def change(self, name: str, because: str | None = None) -> Change:
        """The change back to the prescription, with the reason."""
        unit = " kg" if self.variable == "load" else " reps"
        what = (
            f"{num(self.done)}{unit} in week {self.week} ({num(self.prescribed)}{unit} prescribed)"
        )
        reason = (
            f"{num(self.done)}{unit} were done in week {self.week} against {num(self.prescribed)}"
            f"{unit} prescribed: back to the prescription first, keeping the exercise "
            "(practice: one change at a time)"
        )
        return Change(
            exercise=name,
            variable=self.variable,
            from_=what,
            to=f"{num(self.prescribed)}{unit}, as prescribed",
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
            note=f"Reps (adjusted): no more than the prescribed {num(self.prescribed)}",
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
        working_sets(performed)
        .filter((pl.col("week") == week) & pl.col("exercise").is_not_null())
        .group_by("exercise")
        .agg(pl.col("load_kg").max().alias("kg"), pl.col("reps").max().alias("reps"))
    )
    plan = (
        working_sets(planned)
        .filter(pl.col("week") == week)
        .group_by("exercise")
        .agg(
            pl.col("load_kg").max().alias("kg"),
            pl.coalesce("reps_max", "reps").max().alias("reps"),
        )
    )
    # Under an RPE/RIR rule the written kg is a starting load that effort moves: a heavier load
    # there is autoregulation, marked so (it holds nothing by itself; with pain it goes back).
    autoregulated = {
        written_key(loaded, item.exercise)
        for _, item in loaded.program.all_prescriptions()
        if isinstance(item.progression, RpeTargets)
    }
    out: dict[str, AboveRx] = {}
    for key, kg, reps, p_kg, p_reps in done.join(plan, on="exercise", suffix="_plan").rows():
        if kg is not None and p_kg:
            prescribed = on_kit(p_kg, kit_for(loaded.program, loaded.library, key))
            if kg > prescribed * (1 + config.load_above_tolerance_pct / 100) + 1e-9:
                out[key] = AboveRx(key, week, "load", float(kg), prescribed, key in autoregulated)
                continue
        if reps is not None and p_reps and reps > p_reps + config.reps_above_tolerance:
            out[key] = AboveRx(key, week, "reps", float(reps), float(p_reps))
    return out


def reached_loads(
    states: dict[str, ExerciseWeek], planned: pl.DataFrame, week: int, loaded: LoadedProgram
) -> dict[str, float]:
    """The load each exercise restarts from after a hold or a reduction: the heaviest load of
    its last session, never above the load prescribed for the week judged."""
    caps = dict(
        working_sets(planned)
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
    return dict(sorted(out.items()))


def written_start_kg(item: Prescription) -> float | None:
    """The load a prescription's rule starts from (or its written load), in kg."""
    rule = item.progression
    if isinstance(rule, (Double, Linear)) and rule.increment.unit in ("kg", "lb", "%"):
        return kg_of(rule.start) if rule.start else item.dose.load_kg
    return item.dose.load_kg


def make_change(
    variable: Variable,
    key: str,
    loaded: LoadedProgram,
    phase: Phase,
    state: ExerciseWeek,
    config: MonitorConfig,
    reason: str,
    evidence: Evidence,
    rule_text: str | None,
) -> tuple[Change, ProgrammeEdit] | None:
    """The change of one variable for one exercise, or None when it does not apply."""
    item = first_prescription(phase, key, loaded)
    if item is None:
        return None
    dose = item.dose
    name = exercise_name(loaded, key)
    if variable == "technique":
        cue = cue_for(loaded.program.exercises.get(key), rule_text)
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
            from_=f"RIR {num(dose.rir)}",
            to=f"RIR {num(rir)}",
            reason=reason,
            evidence=evidence,
        )
        return change, ProgrammeEdit(exercise=key, variable=variable, rir_step=config.rir_step)
    if variable == "load":
        current = max(state.last_loads) if state.last_loads else written_start_kg(item)
        if not current:
            return None
        new_kg = lower_on_kit(current, config, kit_for(loaded.program, loaded.library, key))
        if new_kg is None:
            return None
        change = Change(
            exercise=name,
            variable="load",
            from_=f"{num(current)} kg",
            to=f"{num(new_kg)} kg",
            reason=reason,
            evidence=evidence,
        )
        return change, ProgrammeEdit(exercise=key, variable=variable, load_kg=new_kg)
    if variable == "range_of_motion":
        definition = loaded.program.exercises.get(key)
        before = definition.range_of_motion if definition else None
        if rule_text and re.search(r"\brange\b", rule_text, re.IGNORECASE):
            after = clause(rule_text, "range_of_motion")
        else:
            after = (
                "shorten the range to the part that keeps pain during at or below "
                f"{num(config.safe_max)}/10"
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
            if any(written_key(loaded, i.exercise) == key for i in s.exercises)
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
KEEP_SETS_NOTE = "Volume (adjusted): keep to the prescribed {sets} sets"


def prescribed_sets_text(planned: pl.DataFrame, key: str, week: int) -> str | None:
    """'7 sets a week as prescribed for week 6 (4 in session A, 3 in session B)', from the plan."""
    rows = working_sets(planned).filter((pl.col("week") == week) & (pl.col("exercise") == key))
    if rows.height == 0:
        return None
    per_session = rows.group_by("day", "session", maintain_order=True).agg(pl.len()).sort("day")
    parts = [f"{n} in session {session}" for _, session, n in per_session.iter_rows()]
    return f"{rows.height} sets a week as prescribed for week {week} ({', '.join(parts)})"


def reduction(
    loaded: LoadedProgram,
    key: str,
    phase: Phase,
    states: dict[str, ExerciseWeek],
    pain: PainAssessment,
    config: MonitorConfig,
    next_week: int,
    planned: pl.DataFrame,
    above_rx: dict[str, AboveRx] | None = None,
) -> tuple[Change, ProgrammeEdit] | None:
    """Exactly one change for the target exercise (see the module docstring for the order)."""
    state = states.get(key, ExerciseWeek())
    exceeded = [f for f in pain.findings if f.kind in ("during", "after", "not_settled", "rising")]
    # The reason quotes the worst finding of the week (the highest rating; the earliest on a tie).
    worst = max(exceeded, key=lambda f: f.value or 0.0, default=None)
    pain_reason = worst.message if worst else "pain outside the pain-monitoring model"
    name = exercise_name(loaded, key)
    item = first_prescription(phase, key, loaded)
    if state.planned_week and state.sets_week > state.planned_week and item is not None:
        change = Change(
            exercise=name,
            variable="volume",
            from_=f"{state.sets_week} sets in week {pain.week} ({state.planned_week} prescribed)",
            to=prescribed_sets_text(planned, key, next_week)
            or f"{item.dose.sets} sets a session, as prescribed",
            reason=f"{pain_reason}; it came with {state.sets_week} sets done against "
            f"{state.planned_week} prescribed: return to the prescribed volume first, keeping "
            "the exercise (practice: one change at a time)",
            evidence="practice",
        )
        return change, ProgrammeEdit(exercise=key, variable="volume", note=KEEP_SETS_NOTE)
    if above_rx and key in above_rx:
        a = above_rx[key]
        return a.change(name, pain_reason), a.edit()
    applied = applied_variables(loaded.program, key)
    reason = f"{pain_reason}; one change at a time, keeping the exercise (practice)"
    tailoring = loaded.program.tailoring
    views = [
        rule_view(
            r,
            frozenset(
                k for k in loaded.program.exercises if mentions(r.when + " " + r.then, loaded, k)
            ),
        )
        for r in (tailoring.rules if tailoring else [])
    ]
    rules = [v for v in views if v.matches(pain) and v.applies_to(key)]
    # The most specific rule first: one for this exercise, then the one with the highest pain
    # threshold (it describes the worse situation).
    rules.sort(key=lambda v: (key not in v.exercises, -(v.above or 0.0)))
    for rule in rules:
        for variable in rule.variables:
            if variable in applied:
                continue
            made = make_change(
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
        made = make_change(variable, key, loaded, phase, state, config, reason, "trial", None)
        if made:
            return made
    return None

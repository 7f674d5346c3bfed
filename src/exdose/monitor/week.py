"""The week judged: what was done with each exercise, the prescriptions it is judged against,
and loads on the kit. Shared by the parts of `adjust`."""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from exdose.dose.constants import DOSE_SET_KINDS
from exdose.monitor.config import (
    MonitorConfig,
)
from exdose.program.io import LoadedProgram, written_key
from exdose.program.io import exercise_name as exercise_name  # re-exported for importers
from exdose.program.kit import round_to_kit
from exdose.program.model import (
    EquipmentItem,
    Phase,
    Prescription,
    Program,
    Quantity,
)
from exdose.units import LB_TO_KG

Kit = EquipmentItem | str | None


@dataclass
class ExerciseWeek:
    """What was done with one exercise: its last session's working sets and the week's count."""

    sets_week: int = 0
    planned_week: int = 0
    last_reps: list[int] = field(default_factory=list)
    last_loads: list[float] = field(default_factory=list)


def num(value: float) -> str:
    """A number as short text: at most two decimals, no trailing zeros ("77.5", "3")."""
    return f"{round(value, 2):g}"


def kg_of(q: Quantity | None) -> float | None:
    """A quantity in kg (lb converted); None for units that are not a load."""
    if q is None:
        return None
    if q.unit == "kg":
        return q.value
    if q.unit == "lb":
        return q.value * LB_TO_KG
    return None


def phase_for_next(program: Program, week: int) -> Phase:
    """The phase covering `week`, or the last phase past the programme's end."""
    return program.phase_for_week(week) or program.phases[-1]


def first_prescription(phase: Phase, key: str, loaded: LoadedProgram) -> Prescription | None:
    """The first prescription of the exercise `key` in the phase, if any."""
    for session in phase.sessions:
        for item in session.exercises:
            if written_key(loaded, item.exercise) == key:
                return item
    return None


def keys_in(phase: Phase, loaded: LoadedProgram) -> list[str]:
    """The exercise keys of a phase, in the order they first appear."""
    keys: list[str] = []
    for session in phase.sessions:
        for item in session.exercises:
            key = written_key(loaded, item.exercise)
            if key not in keys:
                keys.append(key)
    return keys


def working_sets(sets: pl.DataFrame) -> pl.DataFrame:
    """The sets that count as dose: working and failure sets (no kind is working)."""
    return sets.filter(pl.col("set_kind").is_null() | pl.col("set_kind").is_in(DOSE_SET_KINDS))


def exercise_weeks(
    performed: pl.DataFrame, planned: pl.DataFrame, week: int
) -> dict[str, ExerciseWeek]:
    """Per exercise: sets done and planned in `week`, and the last session's working sets."""
    states: dict[str, ExerciseWeek] = {}
    work = working_sets(performed).filter(pl.col("exercise").is_not_null())
    for ex, n in work.filter(pl.col("week") == week).group_by("exercise").agg(pl.len()).rows():
        states.setdefault(ex, ExerciseWeek()).sets_week = int(n)
    for ex, n in planned.filter(pl.col("week") == week).group_by("exercise").agg(pl.len()).rows():
        states.setdefault(ex, ExerciseWeek()).planned_week = int(n)
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
            state = states.setdefault(ex, ExerciseWeek())
            state.last_reps = [int(r) for r in reps if r is not None]
            state.last_loads = [float(x) for x in loads if x is not None]
    # Sorted: polars groups come in no fixed order, and the output must not vary run to run.
    return dict(sorted(states.items()))


def mentions(text: str, loaded: LoadedProgram, key: str) -> bool:
    """Whether free text (pain notes, a rule) names the exercise by key or name."""
    words = {key.replace("-", " ").replace("_", " ").lower(), exercise_name(loaded, key).lower()}
    text = text.lower()
    return any(w and (w in text or w.rstrip("s") + "s" in text) for w in words)


def rounded_to(kg: float, step: float) -> float:
    """Round to a multiple of `step` kg (two decimals when step is 0)."""
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
        new = on_kit(target if kit is not None else rounded_to(target, config.load_round_kg), kit)
        if 0 < new < current:
            return new
        target -= 0.5
    return None

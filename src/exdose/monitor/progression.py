"""Progress: each exercise's next dose by its own rule, judged on its last session (double and
linear load rules on the kit), or the planned deload."""

from __future__ import annotations

import polars as pl

from exdose.monitor.changes import (
    Change,
)
from exdose.monitor.week import (
    ExerciseWeek,
    first_prescription,
    keys_in,
    kg_of,
    num,
    on_kit,
)
from exdose.program.io import LoadedProgram, exercise_name
from exdose.program.kit import kit_for
from exdose.program.model import (
    Double,
    Linear,
    Phase,
)


def plan_dose_text(planned: pl.DataFrame, key: str, week: int) -> str | None:
    """The planned dose of one exercise in one week as notation ("3x10 @75kg")."""
    rows = planned.filter((pl.col("week") == week) & (pl.col("exercise") == key))
    if rows.height == 0:
        return None
    first = rows.row(0, named=True)
    sets = rows.filter(pl.col("day") == first["day"]).height
    text = f"{sets}x{first['reps']}" if first["reps"] is not None else f"{sets} sets"
    if first["load_kg"] is not None:
        text += f" @{num(first['load_kg'])}kg"
    if first["rir"] is not None:
        text += f" @RIR{num(first['rir'])}"
    return text


def progressions(
    loaded: LoadedProgram,
    phase: Phase,
    states: dict[str, ExerciseWeek],
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
                to=f"planned deload: sets x{num(d.sets_factor)}, load x{num(d.load_factor)}, "
                f"+{num(d.rir_add)} RIR",
                reason=f"week {next_week} is a planned deload week of the programme",
                evidence="practice",
            )
        )
        return changes, starts, notes
    for key in keys_in(phase, loaded):
        item = first_prescription(phase, key, loaded)
        if item is None:
            continue
        rule = item.progression
        name = exercise_name(loaded, key)
        state = states.get(key, ExerciseWeek())
        if rule is None:
            notes.append(f"{name} has no progression rule: its dose stays as written")
            continue
        if isinstance(rule, Double) and state.last_reps and state.last_loads:
            top = item.dose.reps_max or 0
            load = max(state.last_loads)
            if min(state.last_reps) >= top:
                inc = rule.increment
                new = load * (1 + inc.value / 100) if inc.unit == "%" else load + (kg_of(inc) or 0)
                # The next file restarts the rule from this load, rounded to the kit: so is the
                # number printed.
                new = on_kit(new, kit_for(program, loaded.library, key))
                starts[key] = new
                changes.append(
                    Change(
                        exercise=name,
                        variable="load",
                        from_=f"{num(load)} kg x {min(state.last_reps)}",
                        to=f"{num(new)} kg x {item.dose.reps}",
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
                        from_=f"{num(load)} kg x {min(state.last_reps)}",
                        to=f"{num(load)} kg x {reps}",
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
            new = load * (1 + inc.value / 100) if inc.unit == "%" else load + (kg_of(inc) or 0)
            cap = kg_of(rule.max)
            if cap is not None:
                new = min(new, cap)
            new = on_kit(new, kit_for(program, loaded.library, key))
            starts[key] = new
            changes.append(
                Change(
                    exercise=name,
                    variable="load",
                    from_=f"{num(load)} kg",
                    to=f"{num(new)} kg",
                    reason=f"add {inc} (the programme's linear rule)",
                    evidence="practice",
                )
            )
            continue
        before, after = (
            plan_dose_text(planned, key, week),
            plan_dose_text(planned, key, next_week),
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

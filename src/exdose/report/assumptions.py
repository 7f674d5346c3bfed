"""Where exdose fills a gap in the programme file with its own default, and the plan changes.

The expanded plan (and everything computed from it: planned doses, the week-by-week tables, the
dose figures) needs numbers the file may leave out: how much lighter a deload week is, how fast
double progression adds repetitions, how often a linear increment is added. exdose then uses its
model's defaults. Those defaults are exdose's assumptions, not the protocol: the methods text does
not state them as the programme's rules, and `exdose expand` and the methods' weekly table name
them here, with the field that would make them the author's own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from exdose.program.io import exercise_name, written_key
from exdose.program.model import Deload, Double, Linear
from exdose.report.words import join_words, number

if TYPE_CHECKING:
    from exdose.program.io import LoadedProgram


@dataclass(frozen=True)
class Assumption:
    """One default exdose used because the file is silent: what it is and how to write it."""

    topic: str
    """"deload", "double" or "linear"."""
    text: str
    """A sentence naming the default, what it applies to and the field that would state it."""


def _deload(deload: Deload) -> Assumption | None:
    written = deload.model_fields_set
    parts: list[str] = []
    fields: list[str] = []
    if "sets_factor" not in written:
        parts.append(f"sets × {number(deload.sets_factor)}")
        fields.append("sets_factor")
    if "load_factor" not in written:
        parts.append(f"loads × {number(deload.load_factor)}")
        fields.append("load_factor")
    if "rir_add" not in written:
        parts.append(f"{number(deload.rir_add)} more repetitions in reserve")
        fields.append("rir_add")
    if not parts:
        return None
    weeks = join_words(str(week) for week in deload.weeks)
    noun = "week" if len(deload.weeks) == 1 else "weeks"
    return Assumption(
        "deload",
        f"Deload {noun} {weeks}: the file does not give {_either(fields)}; exdose plans "
        f"{join_words(parts)} (its defaults). Write {join_words(fields)} under deload to make "
        "them the programme's.",
    )


def _either(items: list[str] | tuple[str, ...]) -> str:
    """'a', 'a or b', 'a, b or c'."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


def plan_assumptions(loaded: LoadedProgram) -> list[Assumption]:
    """Every default of exdose's model that the expanded plan of this programme depends on."""
    program = loaded.program
    found: list[Assumption] = []
    if program.deload is not None and (deload := _deload(program.deload)) is not None:
        found.append(deload)
    double: dict[tuple[str, ...], dict[str, None]] = {}
    linear: dict[str, None] = {}
    for _, item in program.all_prescriptions():
        rule = item.progression
        name = exercise_name(loaded, written_key(loaded, item.exercise))
        if isinstance(rule, Double):
            missing = tuple(f for f in ("reps_step", "every") if f not in rule.model_fields_set)
            if missing:
                double.setdefault(missing, {})[name] = None
        elif isinstance(rule, Linear) and "every" not in rule.model_fields_set:
            linear[name] = None
    for fields, names in double.items():
        plans = {"reps_step": "repetitions rising by 1 a step", "every": "one step every week"}
        found.append(
            Assumption(
                "double",
                f"Double progression of {join_words(names)}: the file does not give "
                f"{_either(fields)}; exdose plans {join_words(plans[f] for f in fields)} "
                f"({'its default' if len(fields) == 1 else 'its defaults'}). Write "
                f"{join_words(fields)} in the rule to make "
                f"{'it' if len(fields) == 1 else 'them'} the programme's.",
            )
        )
    if linear:
        found.append(
            Assumption(
                "linear",
                f"Linear progression of {join_words(linear)}: the file does not say how often "
                "the increment is added; exdose adds it every week (its default). Write "
                "every: week or every: session in the rule.",
            )
        )
    return found

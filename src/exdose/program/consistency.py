"""Warnings `exdose check` gives about a valid programme: where its words and its computed plan
disagree, and computed loads no kit can make.

- **Plan text against the plan.** `progression.plan` and each phase's `goal` are read for
  clauses that name weeks and an effort or intensity ("weeks 9-12 RPE 7.5", "week 8 a deload",
  "weeks 1-4 at RIR 3", "week 3: 80%1RM"). Each such clause is compared with the computed plan
  (phase and home sessions): an RPE, RIR or %1RM that no prescription has in one of those weeks,
  or a week called a deload that `deload.weeks` does not list, is a warning naming the clause
  and the computed values. Deload weeks are compared only with clauses that speak of the deload.
- **Kit.** In a file without `kit_rounding: true`, a computed kg or lb load (a deload, a %
  increment, a wave without `round_to`) that the exercise's kit cannot make is a warning, once
  per exercise, naming the load kit rounding would plan.

Warnings never make a file invalid; they are advice with the place in the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from exdose.program.expand import PlannedSession, plan_sessions
from exdose.program.io import KEY, LoadedProgram, Problem, exercise_name

_WEEKS = re.compile(r"\bweeks?\s+(\d+)(?:\s*(?:-|–|to)\s*(\d+))?", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<!\d)\.(?!\d)|;|\n\s*\n")
_RPE = re.compile(r"\bRPE\s*(\d+(?:\.\d+)?)(?:\s*(?:-|–|to)\s*(\d+(?:\.\d+)?))?", re.IGNORECASE)
_RIR = re.compile(r"\bRIR\s*(\d+(?:\.\d+)?)(?:\s*(?:-|–|to)\s*(\d+(?:\.\d+)?))?", re.IGNORECASE)
_PCT = re.compile(
    r"(?<![+\d.])(\d+(?:\.\d+)?)\s*%\s*(?:of\s+(?:the\s+)?)?1RM"
    r"(?!\s*(?:heavier|lighter|more|less|higher|lower|above|below|up|down))",
    re.IGNORECASE,
)
_DELOAD = re.compile(r"\bdeload", re.IGNORECASE)


@dataclass(frozen=True)
class Clause:
    """A piece of plan text about some weeks."""

    first: int
    last: int
    text: str


def clauses(text: str) -> list[Clause]:
    """The clauses of a text that start with "week N" or "weeks N-M", up to the next one."""
    found: list[Clause] = []
    for sentence in _SENTENCE_END.split(text):
        marks = list(_WEEKS.finditer(sentence))
        for i, mark in enumerate(marks):
            end = marks[i + 1].start() if i + 1 < len(marks) else len(sentence)
            first = int(mark[1])
            last = int(mark[2] or mark[1])
            if last >= first:
                found.append(Clause(first, last, sentence[mark.start() : end].strip(" ,:")))
    return found


def _values(sessions: list[PlannedSession], week: int, what: str) -> set[float]:
    out: set[float] = set()
    for session in sessions:
        if session.week != week:
            continue
        for dose in session.doses:
            if what == "rpe" and dose.rpe is not None:
                out.add(dose.rpe)
            elif what == "rir" and dose.rir is not None:
                out.add(dose.rir)
            elif what == "pct" and dose.load_text and dose.load_text.endswith("%1RM"):
                out.add(float(dose.load_text.removesuffix("%1RM")))
            elif what == "pct" and dose.load_unit == "%1RM" and dose.load_value is not None:
                out.add(dose.load_value)
    return out


def _g(values: set[float]) -> str:
    return ", ".join(f"{v:g}" for v in sorted(values)) or "none"


def _clause_problem(
    clause: Clause, sessions: list[PlannedSession], deloads: set[int], weeks: int
) -> str | None:
    says_deload = bool(_DELOAD.search(clause.text))
    span = range(clause.first, min(clause.last, weeks) + 1)
    if says_deload:
        missing = [w for w in span if w not in deloads]
        if missing and not re.search(r"\bno deload|\bafter (a|the) deload", clause.text, re.I):
            listed = ", ".join(map(str, sorted(deloads))) or "none"
            return (
                f"the plan text says '{clause.text}', but week {missing[0]} is not a deload week "
                f"(deload.weeks: {listed})"
            )
        checked = [w for w in span if w in deloads]
    else:
        checked = [w for w in span if w not in deloads]
    for what, pattern, label in (("rpe", _RPE, "RPE"), ("rir", _RIR, "RIR"), ("pct", _PCT, "%1RM")):
        for match in pattern.finditer(clause.text):
            low = float(match[1])
            high = float(match[2]) if match.lastindex and match.lastindex >= 2 and match[2] else low
            for week in checked:
                planned = _values(sessions, week, what)
                if planned and not any(low - 1e-9 <= v <= high + 1e-9 for v in planned):
                    said = match[0].strip()
                    return (
                        f"the plan text says '{clause.text}', but the computed plan has "
                        f"{label} {_g(planned)} in week {week}, not {said}"
                    )
    return None


def plan_warnings(loaded: LoadedProgram) -> list[Problem]:
    """Warnings about a valid programme (see the module docstring), sorted by line."""
    program = loaded.program
    sessions = plan_sessions(loaded, home=True)
    deloads = set(program.deload.weeks) if program.deload else set()
    texts: list[tuple[tuple[str | int, ...], str]] = []
    if program.progression is not None and program.progression.plan:
        texts.append((("progression", "plan"), program.progression.plan))
    for index, phase in enumerate(program.phases):
        if phase.goal:
            texts.append((("phases", index, "goal"), phase.goal))
    warnings: list[Problem] = []
    for path, text in texts:
        for clause in clauses(text):
            why = _clause_problem(clause, sessions, deloads, program.weeks)
            if why:
                warnings.append(_at(loaded, path, why))
    if not program.kit_rounding:
        warnings.extend(kit_warnings(loaded, sessions))
    return sorted(warnings, key=lambda p: (p.line or 0, p.column or 0, p.message))


def kit_warnings(loaded: LoadedProgram, sessions: list[PlannedSession]) -> list[Problem]:
    """Computed loads the kit cannot make, once per exercise (files without kit_rounding)."""
    from exdose.program.kit import kit_for, kit_kind, round_load

    program, library = loaded.program, loaded.library
    seen: set[str] = set()
    out: list[Problem] = []
    for session in sessions:
        for dose in session.doses:
            if dose.exercise in seen or dose.load_value is None:
                continue
            if dose.load_unit not in ("kg", "lb"):
                continue
            if dose.load_text and "%" in dose.load_text:
                continue  # a percentage wave: its round_to decides
            kit = kit_for(program, library, dose.exercise)
            value = round_load(dose.load_value, dose.load_unit, kit)
            if abs(value - dose.load_value) < 1e-9:
                continue
            seen.add(dose.exercise)
            name = exercise_name(loaded, dose.exercise)
            kind = kit if isinstance(kit, str) else (kit.name if kit else None)
            what = f"{kind} ({kit_kind(kind) if isinstance(kit, str) else 'its entry'})"
            out.append(
                _at(
                    loaded,
                    ("deload",) if session.deload else ("phases",),
                    f"week {session.week}: the computed load of {name}, {dose.load_value:g} "
                    f"{dose.load_unit}, cannot be made with {what if kind else 'its kit'}; kit "
                    f"rounding would plan {value:g} {dose.load_unit} (add kit_rounding: true)",
                )
            )
    return out


def _at(loaded: LoadedProgram, path: tuple[str | int, ...], message: str) -> Problem:
    positions = loaded.positions
    for cut in range(len(path), -1, -1):
        for key in ((*path[:cut],), (*path[:cut], KEY)):
            if key in positions:
                line, column = positions[key]
                return Problem(loaded.path, line, column, message)
    return Problem(loaded.path, None, None, message)

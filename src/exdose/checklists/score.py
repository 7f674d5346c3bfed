"""Scoring a programme against CERT and TIDieR: which field reports each item, or what to add."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from exdose.checklists.definitions import ChecklistName, load_checklist
from exdose.program.model import (
    NONE,
    HomeProgramme,
    Levels,
    Program,
    Provider,
)

GENERIC_ROLES = frozenset({"staff", "researcher", "researchers", "team", "personnel", "assistant"})
"""Provider roles too vague for CERT 2 on their own ("staff" alone is not a qualification)."""


@dataclass(frozen=True)
class ItemResult:
    """One item: reported or not, the field that reports it, and a hint when missing."""

    id: str
    title: str
    reported: bool
    source: str | None
    hint: str | None

    def to_json(self) -> dict[str, Any]:
        """The item as in `exdose check --json`."""
        return {"id": self.id, "reported": self.reported, "source": self.source, "hint": self.hint}


@dataclass(frozen=True)
class ChecklistScore:
    """A checklist's items and total."""

    checklist: ChecklistName
    items: tuple[ItemResult, ...]

    @property
    def score(self) -> int:
        """Number of items reported."""
        return sum(item.reported for item in self.items)

    @property
    def max(self) -> int:
        """Number of items."""
        return len(self.items)

    def missing(self) -> list[ItemResult]:
        """The items not reported."""
        return [item for item in self.items if not item.reported]

    def item(self, item_id: str) -> ItemResult:
        """The result of one item by its id ("7a", "16b", ...); KeyError if there is none."""
        for result in self.items:
            if result.id == item_id:
                return result
        raise KeyError(f"{self.checklist} has no item {item_id!r}")

    def to_json(self) -> dict[str, Any]:
        """The checklist as in `exdose check --json`."""
        return {
            "score": self.score,
            "max": self.max,
            "items": [item.to_json() for item in self.items],
        }


@dataclass(frozen=True)
class CheckResult:
    """CERT and TIDieR for one programme (what `exdose.check` returns)."""

    program: str
    cert: ChecklistScore
    tidier: ChecklistScore
    notes: list[str] = field(default_factory=list)


ProgramScore = CheckResult
"""The former name of `CheckResult`, kept for the modules that still use it."""

Finding = tuple[bool, str | None, str | None]  # reported, source, hint
Rule = Callable[[Program], Finding]


def _given(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, (list, tuple, dict)):
        return len(value) > 0
    return True


def _field(name: str, hint: str) -> Rule:
    def rule(program: Program) -> Finding:
        value = getattr(program, name)
        if _given(value):
            return True, name, None
        return False, None, hint

    return rule


def _sub(name: str, sub: str, hint: str) -> Rule:
    def rule(program: Program) -> Finding:
        section = getattr(program, name)
        if section is not None and _given(getattr(section, sub, None)):
            return True, f"{name}.{sub}", None
        return False, None, hint

    return rule


def _provider(program: Program) -> Finding:
    hint = (
        "add provider: {role: physiotherapist, qualifications: ..., training: ...} "
        "('staff' alone is not enough; 'none' for a self-delivered programme)"
    )
    provider = program.provider
    if provider == NONE:
        return True, "provider", None
    if isinstance(provider, Provider):
        if provider.qualifications or provider.experience or provider.training:
            return True, "provider", None
        if provider.role.strip().lower() not in GENERIC_ROLES:
            return True, "provider.role", None
    return False, None, hint


def _uses_rules(program: Program) -> list[str]:
    return [f"{'.'.join(map(str, path))}.progression" for path, item in program.all_prescriptions()
            if item.progression is not None]  # fmt: skip


def _progression_rule(program: Program) -> Finding:
    if program.progression and program.progression.rule:
        return True, "progression.rule", None
    rules = _uses_rules(program)
    if rules:
        return True, "exercise progression rules", None
    return (
        False,
        None,
        (
            "add a progression rule to each exercise (type: linear|double|percent_wave|rpe|level) "
            "or progression: {rule: 'when ... then ...'}"
        ),
    )


def _progression_plan(program: Program) -> Finding:
    if program.progression and program.progression.plan:
        return True, "progression.plan", None
    if _uses_rules(program):
        return True, "progression rules expanded week by week", None
    if len(program.phases) > 1 or program.deload:
        return True, "phases", None
    return False, None, "add progression: {plan: 'weeks 1-4 ..., weeks 5-8 ...'} or phases"


def _used_exercise_keys(program: Program) -> list[str]:
    keys: list[str] = []
    for _, item in program.all_prescriptions():
        if item.exercise not in keys:
            keys.append(item.exercise)
        if isinstance(item.progression, Levels):
            for level in item.progression.levels:
                if level.exercise and level.exercise not in keys:
                    keys.append(level.exercise)
    return keys


def _each_exercise(program: Program) -> Finding:
    undescribed = [
        key
        for key in _used_exercise_keys(program)
        if key not in program.exercises or not program.exercises[key].description
    ]
    if not undescribed:
        return True, "exercises", None
    names = ", ".join(undescribed[:4]) + (" ..." if len(undescribed) > 4 else "")
    return (
        False,
        None,
        (
            f"describe every exercise under exercises: (description, starting_position, cues); "
            f"missing for {names}"
        ),
    )


def _home(program: Program) -> Finding:
    home = program.home_programme
    if home == NONE:
        return True, "home_programme (none)", None
    if isinstance(home, HomeProgramme):
        return True, "home_programme", None
    return False, None, "add home_programme: {description: ..., exercises: [...]} or 'none'"


def _explicit_list(name: str, hint: str) -> Rule:
    def rule(program: Program) -> Finding:
        value = getattr(program, name)
        if value == NONE:
            return True, f"{name} (none)", None
        if _given(value):
            return True, name, None
        return False, None, hint

    return rule


def _adverse(program: Program) -> Finding:
    events = program.adverse_events
    if events is not None and events.occurred is not None:
        return True, "adverse_events.occurred", None
    if events is not None and events.monitoring:
        return True, "adverse_events.monitoring", None
    return (
        False,
        None,
        (
            "add adverse_events: {monitoring: 'how events are recorded and classified'} "
            "and, after delivery, occurred: [...] or 'none'"
        ),
    )


def _has_intensity(program: Program) -> list[str]:
    """Exercises without any intensity (in the dose or from the progression rule)."""
    lacking: list[str] = []
    for _, item in program.all_prescriptions():
        if not item.states_intensity():
            lacking.append(item.exercise)
    return lacking


def _dosage(program: Program) -> Finding:
    lacking = _has_intensity(program)
    if not lacking:
        return True, "phases (sessions/week, weeks, doses with intensity)", None
    return (
        False,
        None,
        (
            f"give an intensity in every dose (e.g. '@RIR2', '@70%1RM', '@RPE6'); "
            f"missing for {', '.join(dict.fromkeys(lacking))}"
        ),
    )


def _tailoring_how(program: Program) -> Finding:
    tailoring = program.tailoring
    if tailoring is None:
        return False, None, "add tailoring: {approach: generic} or {approach: tailored, how: ...}"
    if tailoring.approach == "generic":
        return True, "tailoring.approach (generic)", None
    return True, "tailoring.how" if tailoring.how else "tailoring.rules", None


def _materials(program: Program) -> Finding:
    if _given(program.materials) and program.materials != NONE:
        return True, "materials", None
    if _given(program.equipment) and program.equipment != NONE:
        return True, "equipment", None
    if program.materials == NONE:
        return True, "materials (none)", None
    return False, None, "add materials: [{name: 'exercise handout', description: ...}]"


def _procedures(program: Program) -> Finding:
    return True, "phases[].sessions[].exercises", None


def _schedule(program: Program) -> Finding:
    missing = [s.name for phase in program.phases for s in phase.sessions if s.minutes is None]
    if not missing:
        return True, "phases (weeks, sessions with minutes, doses)", None
    return False, None, f"give minutes: for every session (missing for {', '.join(missing[:4])})"


def _delivery_mode(program: Program) -> Finding:
    if program.delivery is not None:
        return True, "delivery.mode", None
    return False, None, "add delivery: {format: individual, supervision: supervised, mode: [...]}"


def _fidelity_method(program: Program) -> Finding:
    """CERT 16a / TIDieR 11: how adherence or fidelity is assessed (attendance registers count)."""
    if program.fidelity is not None and program.fidelity.assessment:
        return True, "fidelity.assessment", None
    if program.adherence is not None and program.adherence.measurement:
        return True, "adherence.measurement", None
    return False, None, "add fidelity: {assessment: 'attendance register ...', assessed_by: ...}"


def _rationale(program: Program) -> Finding:
    """TIDieR 2: the rationale, theory or goal of the essential elements."""
    if _given(program.rationale):
        return True, "rationale", None
    if _given(program.goal):
        return True, "goal", None
    return False, None, "add rationale: why each essential element should work (or goal: ...)"


def _delivered(program: Program) -> Finding:
    if program.fidelity is not None and program.fidelity.delivered is not None:
        return True, "fidelity.delivered", None
    return (
        False,
        None,
        (
            "after delivery, add fidelity.delivered: "
            "{summary, sessions_planned, sessions_attended} "
            "(`exdose fidelity` computes it from training logs)"
        ),
    )


CERT_RULES: dict[str, Rule] = {
    "1": _explicit_list("equipment", "add equipment: [{name: ..., specification: ...}] or 'none'"),
    "2": _provider,
    "3": _sub("delivery", "format", "add delivery: {format: individual|group|...}"),
    "4": _sub("delivery", "supervision", "add delivery: {supervision: supervised|unsupervised}"),
    "5": _sub("adherence", "measurement", "add adherence: {measurement: 'training log ...'}"),
    "6": _explicit_list("motivation", "add motivation: ['goal setting', ...] or 'none'"),
    "7a": _progression_rule,
    "7b": _progression_plan,
    "8": _each_exercise,
    "9": _home,
    "10": _explicit_list(
        "non_exercise", "add non_exercise: [{name: education, description: ...}] or 'none'"
    ),
    "11": _adverse,
    "12": _sub("setting", "location", "add setting: {location: 'hospital outpatient gym'}"),
    "13": _dosage,
    "14a": _sub("tailoring", "approach", "add tailoring: {approach: generic|tailored}"),
    "14b": _tailoring_how,
    "15": _sub("starting_level", "rule", "add starting_level: {rule: 'initial load ...'}"),
    "16a": _fidelity_method,
    "16b": _delivered,
}

TIDIER_RULES: dict[str, Rule] = {
    "1": _field("name", "add name: ..."),
    "2": _rationale,
    "3": _materials,
    "4": _procedures,
    "5": _provider,
    "6": _delivery_mode,
    "7": _sub("setting", "location", "add setting: {location: ...}"),
    "8": _schedule,
    "9": _sub("tailoring", "approach", "add tailoring: {approach: generic|tailored, how: ...}"),
    "10": _explicit_list(
        "modifications", "after delivery, add modifications: [{when, what, why}] or 'none'"
    ),
    "11": _fidelity_method,
    "12": _delivered,
}


def score_checklist(program: Program, name: ChecklistName) -> ChecklistScore:
    """Rate every item of one checklist on a programme."""
    checklist = load_checklist(name)
    rules = CERT_RULES if name == "cert" else TIDIER_RULES
    items = []
    for item in checklist.items:
        reported, source, hint = rules[item.id](program)
        items.append(ItemResult(item.id, item.title, reported, source, None if reported else hint))
    return ChecklistScore(name, tuple(items))


def score_program(program: Program, name: str | None = None) -> CheckResult:
    """Rate a programme on CERT (19 items) and TIDieR (12 items)."""
    return CheckResult(
        program=name or program.name,
        cert=score_checklist(program, "cert"),
        tidier=score_checklist(program, "tidier"),
    )

"""The programme's own tailoring rules: which rule describes the week's pain, which variables
it changes, for which exercise, and which variables earlier runs of `exdose adjust` changed.

A rule is judged through its structured fields: `trigger` (measure: during, after, next_morning,
not_settled, rising or stiffness; `above` a 0-10 rating; `region`) and `action` (`variable`, and
the programme `exercise` it is for). The prose `when`/`then` is kept for rendering. A rule written
before those fields existed (prose only) is read into the same structure once (`rule_view`), so
the decision itself works on the structure alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from exdose.monitor.config import (
    Variable,
)
from exdose.monitor.pain import PainAssessment
from exdose.program.model import (
    ExerciseDef,
    Program,
)

MARK = "proposed by exdose adjust"

# Which pain findings a structured trigger's measure is about.
_MEASURE_KINDS: dict[str, frozenset[str]] = {
    "during": frozenset({"during"}),
    "after": frozenset({"after"}),
    "next_morning": frozenset({"not_settled"}),
    "not_settled": frozenset({"not_settled"}),
    "rising": frozenset({"rising"}),
    "stiffness": frozenset({"rising"}),
}
_VALUE_KINDS = frozenset({"during", "after", "not_settled", "rising", "acceptable"})


@dataclass(frozen=True)
class RuleView:
    """A tailoring rule as the decision uses it.

    The rule holds when a finding of `present` kinds exists, or when a finding of `rated` kinds
    (in `region`, if given) has a value above `above`. `variables` are the variables it changes
    (in order), `exercises` the programme exercises it is for (empty: any).
    """

    when: str
    then: str
    present: frozenset[str]
    rated: frozenset[str]
    above: float | None
    region: str | None
    variables: tuple[Variable, ...]
    exercises: frozenset[str]
    structured: bool

    def matches(self, pain: PainAssessment) -> bool:
        """Whether the week's pain findings meet the rule's trigger."""
        for f in pain.findings:
            if self.region and self.region.lower() not in f.region.lower():
                continue
            if f.kind in self.present:
                return True
            if (
                f.kind in self.rated
                and f.value is not None
                and (self.above is None or f.value > self.above)
            ):
                return True
        return False

    def applies_to(self, key: str) -> bool:
        """Whether the rule is for this exercise (a rule naming no exercise is for any)."""
        return not self.exercises or key in self.exercises


def rule_view(rule: Any, exercises_named: frozenset[str] = frozenset()) -> RuleView:
    """The structure of a tailoring rule: its `trigger` and `action` fields where it has them,
    else each read once from the prose (`exercises_named`: the exercises the prose names)."""
    trigger = getattr(rule, "trigger", None)
    action = getattr(rule, "action", None)
    if trigger is not None:
        measure = getattr(trigger, "measure", None)
        kinds = _MEASURE_KINDS.get(str(measure), frozenset()) if measure else _VALUE_KINDS
        above = getattr(trigger, "above", None)
        present = frozenset() if above is not None else kinds
        rated = kinds
        limit = None if above is None else float(above)
        region = getattr(trigger, "region", None)
    else:
        present, rated, limit = _prose_trigger(rule.when)
        region = None
    variable = getattr(action, "variable", None) if action is not None else None
    exercise = getattr(action, "exercise", None) if action is not None else None
    return RuleView(
        when=rule.when,
        then=rule.then,
        present=present,
        rated=rated,
        above=limit,
        region=region,
        variables=(variable,) if variable else tuple(rule_variables(rule.then)),
        exercises=frozenset({exercise}) if exercise else exercises_named,
        structured=trigger is not None or action is not None,
    )


def _prose_trigger(when: str) -> tuple[frozenset[str], frozenset[str], float | None]:
    """(kinds whose presence triggers, kinds whose rating must exceed the limit, the limit) read
    from a rule's `when` words: "N/10", "morning"/"settle", "rise"/"increase"; never a red flag."""
    text = when.lower()
    present: set[str] = set()
    rated: frozenset[str] = frozenset()
    limit: float | None = None
    if "red flag" not in text:
        if "morning" in text or "settle" in text:
            present.add("not_settled")
        if "rise" in text or "increas" in text:
            present.add("rising")
        numbers = [float(n) for n in re.findall(r"(\d+(?:\.\d+)?)\s*/\s*10", text)]
        if numbers:
            limit = numbers[0]
            rated = _VALUE_KINDS - {"after"} if "during" in text else _VALUE_KINDS
    return frozenset(present), rated, limit


VARIABLE_WORDS: tuple[tuple[Variable, str], ...] = (
    ("technique", r"\bcue|\bbrac|\btechnique"),
    ("volume", r"\b(?:drop|remove|fewer|reduce|cut)\b[^.;]*\bsets?\b|\bone set\b"),
    ("effort", r"\brir\b|reps in reserve|further from failure|\brpe\b"),
    ("load", r"\b(?:lower|reduce|drop|cut|decrease)\b[^.;]*\b(?:load|weight)\b"),
    ("range_of_motion", r"\brange\b"),
    ("tempo", r"\btempo\b|\bslower\b"),
    ("frequency", r"\bfrequency\b|\bsessions? a week\b|\bonce a week\b"),
)


def rule_variables(text: str) -> list[Variable]:
    """Variables a tailoring rule's 'then' changes, in the order the text names them."""
    found: list[tuple[int, Variable]] = []
    for variable, pattern in VARIABLE_WORDS:
        match = re.search(pattern, text, re.IGNORECASE)
        if match:
            found.append((match.start(), variable))
    return [v for _, v in sorted(found)]


def applied_variables(program: Program, key: str) -> set[str]:
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


def clause(text: str, variable: Variable) -> str:
    """The part of a tailoring rule's 'then' about one variable (one change at a time)."""
    pattern = dict(VARIABLE_WORDS)[variable]
    for part in re.split(r"\s+and\s+(?![^(]*\))|;|\.\s", text):
        if re.search(pattern, part, re.IGNORECASE):
            return part.strip()
    return text.strip()


def cue_for(definition: ExerciseDef | None, rule_text: str | None) -> str | None:
    """The technique cue to give: the rule's own, else the exercise's cue about the trunk."""
    if rule_text and re.search(r"\bcue|\bbrac", rule_text, re.IGNORECASE):
        return clause(rule_text, "technique")
    if definition is None or not definition.cues:
        return None
    for cue in definition.cues:
        if re.search(r"brac|trunk|lower back|lumbar|spine|ribs|neutral", cue, re.IGNORECASE):
            return cue
    return definition.cues[0]

"""A trial report as text split into sections and sentences, with character offsets."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Final, Literal

SectionKind = Literal[
    "title",
    "abstract",
    "background",
    "methods",
    "measurement",
    "intervention",
    "other_arm",
    "results",
    "discussion",
    "backmatter",
    "other",
]


@dataclass(frozen=True, slots=True)
class Section:
    """A headed part of a report: `kind` is what the heading chain says it is about."""

    heading: str
    level: int
    kind: SectionKind
    start: int
    end: int
    path: tuple[str, ...] = ()  # the chain of headings above and including this one


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence: its text is exactly `Document.text[start:end]`."""

    text: str
    start: int
    end: int
    section: int  # index into Document.sections


@dataclass(slots=True)
class Document:
    """The text of one report (after extraction) and its structure."""

    name: str
    format: str
    text: str
    title: str
    sections: list[Section] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)  # PDF: offset in `text` where each page starts

    def page_of(self, offset: int) -> int | None:
        """The 1-based PDF page an offset of `text` is on (None for other formats)."""
        if not self.pages:
            return None
        return max(1, bisect_right(self.pages, offset))

    def section_label(self, sentence: Sentence) -> str:
        """The heading chain of a sentence's section ("Methods > Intervention")."""
        section = self.sections[sentence.section]
        return " > ".join(section.path) if section.path else "title"

    def section_of(self, sentence: Sentence) -> Section:
        """The section a sentence belongs to."""
        return self.sections[sentence.section]


# Heading words mapped to a section kind; checked in order, the first hit wins. Arms other than the
# main exercise arm are named by comparator words so that what they receive is never credited.
_KIND_RULES: tuple[tuple[SectionKind, re.Pattern[str]], ...] = (
    (
        "backmatter",
        re.compile(
            r"acknowledg|funding|competing|conflict|contribut|abbreviation|footnote|reference|"
            r"publisher|author|ethic|consent for|availability|supplement|additional file|"
            r"declaration|note[s]?$|web extra|extra material|oversight|study group",
            re.I,
        ),
    ),
    (
        "other_arm",
        re.compile(
            r"\bcontrol\b|usual care|standard care|treatment as usual|placebo|sham|comparator|"
            r"wait(ing)?[- ]?list|(?<!non-)(?<!non )\boperative\b|(?<!non-)(?<!non )surg|"
            r"arthroscop|medication|"
            r"\bdrug\b|attention control",
            re.I,
        ),
    ),
    (
        "intervention",
        re.compile(
            r"intervention|exercise|training|programme|program\b|treatment protocol|therapy|"
            r"physiotherapy|rehabilitation|sessions?\b|protocol\b.*exercise|group activities",
            re.I,
        ),
    ),
    ("abstract", re.compile(r"abstract|summary", re.I)),
    (
        "background",
        re.compile(r"background|introduction|rationale|hypothes|aims?\b|objective", re.I),
    ),
    ("results", re.compile(r"result|finding|adverse|harms", re.I)),
    ("methods", re.compile(r"adherence|compliance|fidelity|attendance", re.I)),
    (
        "measurement",
        re.compile(
            r"outcome|measure|assessment|evaluation|statistic|analys|sample size|randomi[sz]|"
            r"allocation|blinding|masking|recruit|eligib|inclusion|exclusion|data management|"
            r"imaging|\bmri\b|questionnaire|predictor|covariate|baseline|characteristics|power|"
            r"schedule of|biomarker|economic",
            re.I,
        ),
    ),
    ("discussion", re.compile(r"discussion|conclusion|limitation|strength|implication", re.I)),
    (
        "methods",
        re.compile(
            r"method|design|participant|setting|procedure|recruit|random|outcome|measure|"
            r"assessment|statistic|sample|blinding|masking|eligib|inclusion|exclusion|logistic|"
            r"follow-up|data|monitor|material|adherence|compliance|fidelity",
            re.I,
        ),
    ),
)

_ANALYSIS = re.compile(r"statistic|outcome|evaluation|assessment|measure|analys", re.I)
_ANALYSIS = re.compile(r"statistic|outcome|evaluation|assessment|measure|analys", re.I)
_OUTER_OVERRIDES: frozenset[SectionKind] = frozenset({"backmatter", "abstract", "discussion"})


def classify_heading(path: tuple[str, ...]) -> SectionKind:
    """The kind of a section from its chain of headings (innermost first, refined by outer)."""
    if not path:
        return "other"
    inner = _classify_one(path[-1])
    outer: SectionKind = "other"
    for heading in reversed(path[:-1]):
        kind = _classify_one(heading)
        if kind != "other":
            outer = kind
            break
    # Inside an abstract, a discussion or the back matter the outer part decides: an abstract's
    # "Interventions" paragraph is a summary, a supplementary note is not the methods.
    if inner == "backmatter":
        # "Electronic supplementary material" under the abstract is not the abstract.
        return inner
    if outer in _OUTER_OVERRIDES:
        if outer == "abstract":
            # An abstract's Results or Conclusions part is a result or a discussion, its
            # Interventions part a summary of the methods.
            return inner if inner in ("background", "results", "discussion", "other_arm") else outer
        return outer
    if outer == "results":
        return "other_arm" if inner == "other_arm" else "results"
    if inner == "intervention" and any(_ANALYSIS.search(h) for h in path[:-1]):
        # "Effect of the intervention" under "Statistical analysis" is not the intervention.
        return "measurement"
    if inner == "other":
        if outer in ("methods", "measurement", "intervention", "results", "other_arm"):
            return outer
        return "other"
    if inner in ("methods", "results") and outer in ("intervention", "other_arm"):
        return outer
    return inner


_NUMBERING = re.compile(r"^\s*(?:\d+(?:\.\d+)*\.?|[IVX]+\.|[A-Z]\.)\s+")


PARAGRAPH: Final = re.compile(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*")
"""A paragraph of a report's text: lines up to a blank line (as sentences are split)."""


def bare_heading(heading: str) -> str:
    """A heading without its section number ("2.4. Intervention group" -> "Intervention group")."""
    return _NUMBERING.sub("", heading).strip()


def in_abstract(section: Section) -> bool:
    """True for the abstract and each part under it: a structured abstract's Objective, Results
    or Conclusions take those kinds for rating, but they are still the abstract."""
    if section.kind == "abstract":
        return True
    if section.kind == "backmatter":
        return False
    return any(_classify_one(heading) == "abstract" for heading in section.path[:-1])


@lru_cache(maxsize=8192)  # the same headings recur in every report of a review
def _classify_one(heading: str) -> SectionKind:
    text = bare_heading(heading)
    if re.match(r"^(table|figure|fig\.)\s*\d", text, re.I):
        return "other"
    for kind, pattern in _KIND_RULES:
        if pattern.search(text):
            return kind
    return "other"

"""Finding the arms of a trial: the main exercise arm's name and the comparator's words."""

from __future__ import annotations

import re
from typing import Final

from exdose.appraise.cues import FLAGS, SCOPE_KINDS
from exdose.appraise.document import Document, classify_heading
from exdose.appraise.matcher import has_any

_COMPARATOR_WORDS = (
    r"control (?:group|arm|condition|participants|subjects|patients)|\bcontrols\b|usual care|"
    r"standard (?:antenatal |medical )?care|treatment as usual|placebo|\bsham\b|"
    r"wait(?:ing)?[- ]?list|"
    r"comparison group|comparator"
)
# Every comparator phrase above contains one of these: a cheap test before the regex.
_COMPARATOR_STEMS: Final = (
    "control", "usual", "standard", "placebo", "sham", "wait", "comparison", "comparator",
)  # fmt: skip
MAIN_ARM = re.compile(
    r"(?:intervention|exercise|experimental|training|treatment|study|active|physiotherapy) "
    r"(?:group|arm)|both (?:groups|arms)|all (?:participants|groups)",
    FLAGS,
)
_ARM_PHRASE = re.compile(
    r"\b(?:the )?((?:[\w+-]+ )?(?:exercise|intervention|experimental|training|physiotherapy|"
    r"yoga|walking|resistance|aerobic)[- ](?:group|arm))\b",
    FLAGS,
)
_GENERIC_HEADING = re.compile(
    r"^(?:the )?(?:interventions?|treatment protocol|treatment|intervention group|"
    r"(?:study )?interventions? and (?:comparators?|control))\s*:?\s*$",
    FLAGS,
)
ABOUT_SESSIONS = re.compile(
    r"\bsessions?\b|exercis|\btraining\b|\btherap|physiotherap|workouts?|\bclass(?:es)?\b", FLAGS
)
# Every match of the two patterns above contains one of these (a cheap test before the search:
# an alternation searched without case is slow in Python's `re`).
MAIN_ARM_WORDS: Final = ("group", "arm", "participants")
ABOUT_SESSIONS_WORDS: Final = ("session", "exercis", "training", "therap", "workout", "class")
_ARM_PHRASE_WORDS: Final = ("group", "arm")
_NOT_DISTINCTIVE: Final = frozenset(
    {
        "control", "controls", "group", "groups", "intervention", "interventions", "comparator",
        "comparators", "treatment", "treatments", "care", "usual", "standard", "condition",
        "participants", "patients", "therapy", "exercise", "exercises", "training", "program",
        "programme", "physiotherapy", "activity", "activities", "women", "children", "receive",
        "received", "with", "without", "only", "alone", "plus",
    }
)  # fmt: skip
_HEADING_WORDS = re.compile(r"\b[a-z][a-z-]{3,}\b", FLAGS)


def detect_arm(document: Document) -> str | None:
    """The name of the main exercise arm: a specific intervention heading, else a group phrase."""
    for section in document.sections:
        if section.kind == "intervention" and section.path:
            heading = section.heading.strip().rstrip(":")
            # A part of the intervention ("Group activities" under "Treatment protocol") is a
            # component, not an arm.
            inside = any(
                classify_heading(section.path[:depth]) == "intervention"
                for depth in range(1, len(section.path))
            )
            if not inside and not _GENERIC_HEADING.match(heading) and len(heading) <= 120:
                return heading
    counts: dict[str, int] = {}
    first: list[str] = []
    for sentence in document.sentences:
        if document.sections[sentence.section].kind not in SCOPE_KINDS["arm"]:
            continue
        if not has_any(sentence.text.lower(), _ARM_PHRASE_WORDS):
            continue  # every arm phrase ends in one of them
        for match in _ARM_PHRASE.finditer(sentence.text):
            name = match.group(1).lower()
            if name.split()[0] in ("the", "a", "an", "each", "in", "of", "to", "and"):
                name = name.split(" ", 1)[1]
            if name not in counts:
                first.append(name)
            counts[name] = counts.get(name, 0) + 1
    if first:
        return first[0]
    for section in document.sections:
        if section.kind == "intervention" and section.path:
            return section.heading.strip().rstrip(":")
    return None


def comparator_pattern(document: Document) -> tuple[re.Pattern[str], tuple[str, ...]]:
    """Comparator words: the usual ones plus the distinctive words of comparator headings."""
    extra: set[str] = set()
    for section in document.sections:
        if section.kind == "other_arm" and section.path:
            for word in _HEADING_WORDS.findall(section.heading):
                lowered = word.lower()
                if lowered not in _NOT_DISTINCTIVE:
                    # a stem, so that "arthroscopy" also finds "arthroscopic"
                    extra.add(re.escape(lowered[:8]))
    words = _COMPARATOR_WORDS
    if extra:
        words += "|" + "|".join(rf"\b{w}\w*" for w in sorted(extra))
    stems = _COMPARATOR_STEMS + tuple(w.replace("\\", "") for w in sorted(extra))
    return re.compile(words, FLAGS), stems


def mentions_comparator(pattern: re.Pattern[str], text: str) -> bool:
    """True when the text names the comparator ("non-operative" does not name "operative")."""
    for match in pattern.finditer(text):
        before = text[max(0, match.start() - 4) : match.start()].lower()
        if before not in ("non-", "non "):
            return True
    return False

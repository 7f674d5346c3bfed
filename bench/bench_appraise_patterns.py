"""How many reports of a folder still show each known failure pattern of the appraiser.

The patterns are the general error causes of issue 10, each tested from the outside on the
appraiser's own output (the rated arm, the arms found, the comparator words, the evidence), so
that the counts before and after a change of the rater can be compared on reports nobody rated:

- backmatter_stems     a comparator word taken from something that is not an arm (generic words
                       such as "quality", "data", "center", "study", "education", "delivery")
- arm_container        the rated arm is a heading with another arm heading below it
                       ("Description of the intervention" over "Intervention group")
- arm_not_described    the rated arm was found in an analysis, outcome, sample-size or
                       background section, a table title or the back matter, not where the
                       trial's arms are described
- arm_add_on_control   the rated arm's name is part of another arm's name ("FB" beside
                       "ACT + FB"): the other arm adds something to it, so it is the control
- arm_active_comparator the rated arm is named like an active comparator (health education,
                       usual care, conventional therapy, standard care, attention control)
- dose_outside_arm     a CERT 13 / TIDieR 8 evidence sentence is a follow-up or assessment
                       schedule, another study, or lies outside the methods and intervention
- how_tailored_copied  CERT 14b leads with CERT 14a's first sentence although it has a sentence
                       of its own (whether it is tailored and the rule for it are different
                       questions; one sentence saying both may lead both)
- tidier9_copied       TIDieR 9 leads with CERT 14a's first sentence although it has a sentence
                       of its own (the how is shown first; the whether leads only when it is all
                       the report says)
- protocol_results     a protocol (or design paper) gets a results-only item
- design_as_results    the title says design/protocol but the type is "results"
- non_exercise_arm     a report labelled as having no exercise arm gets one (labels in
                       bench/data/corpus_exercise_arms.csv, the project's own, per trial)
- backmatter_evidence  evidence quoted from the back matter, an author list, an affiliation
                       or supplementary-material boilerplate

Usage:
    PYTHONPATH=src python bench/bench_appraise_patterns.py [FOLDER ...] [--json OUT] [--list]

Default folder: ../shared/data/appraisal-corpus/documents (154 real reports, unrated).
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections import Counter
from pathlib import Path

from exdose.appraise.arms import comparator_pattern, find_arms
from exdose.appraise.document import Document
from exdose.appraise.ingest import read_report
from exdose.appraise.models import Appraisal
from exdose.appraise.rating import appraise_document

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "data" / "appraisal-corpus" / "documents"
LABELS = ROOT / "bench" / "data" / "corpus_exercise_arms.csv"

PATTERNS = (
    "backmatter_stems",
    "arm_container",
    "arm_not_described",
    "arm_add_on_control",
    "arm_active_comparator",
    "dose_outside_arm",
    "how_tailored_copied",
    "tidier9_copied",
    "protocol_results",
    "design_as_results",
    "non_exercise_arm",
    "backmatter_evidence",
)
# Words that name no arm: seen as comparator stems only when taken from headings or back matter.
_GENERIC = (
    "quality", "data", "center", "centre", "study", "educatio", "delivery", "nurses", "manageme",
    "analysis", "monitori", "committe", "safety", "outcome", "assessme", "recruitm", "steering",
)  # fmt: skip
_NOT_DESCRIBED = re.compile(
    r"statistic|analys|outcome|sample size|power|background|introduction|discussion|"
    r"conclusion|^table|^figure|supplement|additional file|acknowledg|funding|author|"
    r"reference|abstract > results|results > (?:primary|secondary|outcome)",
    re.IGNORECASE,
)
_ACTIVE_COMPARATOR = re.compile(
    r"health education|usual care|conventional (?:therapy|care|treatment|physiotherapy)|"
    r"standard (?:\w+ )?care|attention control|treatment as usual|wait(?:ing)?[- ]?list|"
    r"\bcontrol\b|placebo|\bsham\b",
    re.IGNORECASE,
)
_FOLLOW_UP = re.compile(
    r"follow-?up|\bat baseline\b|\bet al\b|case series|previous (?:stud|trial)|recruit|"
    r"\b(?:assessed|measured|evaluated|assessments?|measurements?)\b.{0,60}\b(?:at|after)\b",
    re.IGNORECASE,
)
# An address: "Department of X, University of Y" (an affiliation, not a sentence of the trial).
_AFFILIATION = re.compile(
    r"\b(?:Department|Faculty|School|Institute|Division|Centre|Center) (?:of|for) [A-Z][\w ]+, "
    r"(?:[A-Z][\w ]+, )*[\w ]*(?:University|Hospital|College|Institute)"
)
_BOILERPLATE = re.compile(
    r"supplementary (?:material|information) (?:is|are) available|online version|"
    r"creativecommons|distributed under|correspondence(?: to)?:|e-?mail:|\S@\S+\.[a-z]{2,}",
    re.IGNORECASE,
)
_DESIGN_TITLE = re.compile(r"\bprotocol\b|\bdesign\b|\bmethods paper\b", re.IGNORECASE)
_RESULTS_ONLY = (("cert", "16b"), ("tidier", "10"), ("tidier", "12"))


def _labels() -> dict[str, str]:
    """Trial number -> "yes", "no" or "borderline" (has an exercise or physical-activity arm)."""
    if not LABELS.exists():
        return {}
    with LABELS.open(newline="", encoding="utf-8") as handle:
        return {row["trial"]: row["exercise_arm"] for row in csv.DictReader(handle)}


def _trial(name: str) -> str:
    match = re.match(r"(?:Protocol|Results)_(\d+)_", name)
    return match.group(1) if match else name


def patterns_of(document: Document, appraisal: Appraisal, label: str) -> list[str]:
    """The failure patterns one report shows."""
    found: list[str] = []
    choice = find_arms(document)
    chosen = choice.chosen
    if label == "no" and chosen is not None:
        found.append("non_exercise_arm")
    if _DESIGN_TITLE.search(document.title) and appraisal.doc_type == "results":
        found.append("design_as_results")
    if chosen is None or appraisal.cert is None or appraisal.tidier is None:
        return found
    _, stems = comparator_pattern(document, choice)
    if any(stem.startswith(word) or word.startswith(stem) for stem in stems for word in _GENERIC):
        found.append("backmatter_stems")
    others = [arm for arm in choice.arms if arm is not chosen]
    if chosen.source == "heading" and any(
        arm.source == "heading" and arm.sections and arm.sections[0] in chosen.sections[1:]
        for arm in others
    ):
        found.append("arm_container")
    if _NOT_DESCRIBED.search(chosen.where):
        found.append("arm_not_described")
    own = _core(chosen.name)
    if own and any(
        own != _core(arm.name)
        and re.search(rf"(?:\+|\bplus\b|\bwith\b)\s*{re.escape(own)}\b", _core(arm.name))
        for arm in others
    ):
        found.append("arm_add_on_control")
    if _ACTIVE_COMPARATOR.search(chosen.name):
        found.append("arm_active_comparator")
    for checklist, item in (("cert", "13"), ("tidier", "8")):
        rating = (appraisal.cert if checklist == "cert" else appraisal.tidier).item(item)
        if rating.reported and any(
            _FOLLOW_UP.search(e.text) or not _in_methods(e.section) for e in rating.evidence
        ):
            found.append("dose_outside_arm")
            break
    tailored = appraisal.cert.item("14a")
    if tailored.evidence:
        first = tailored.evidence[0].text
        for other, pattern in (
            (appraisal.cert.item("14b"), "how_tailored_copied"),
            (appraisal.tidier.item("9"), "tidier9_copied"),
        ):
            whether = {e.text for e in tailored.evidence}
            if (
                other.evidence
                and other.evidence[0].text == first
                and any(e.text not in whether for e in other.evidence[1:])
            ):
                found.append(pattern)
    if appraisal.doc_type == "protocol" and any(
        (appraisal.cert if c == "cert" else appraisal.tidier).item(i).reported
        for c, i in _RESULTS_ONLY
    ):
        found.append("protocol_results")
    for rating in [*appraisal.cert.items, *appraisal.tidier.items]:
        if any(
            _BOILERPLATE.search(e.text)
            or _AFFILIATION.search(e.text)
            or re.search(r"acknowledg|funding|author|competing|supplement", e.section, re.I)
            for e in rating.evidence
        ):
            found.append("backmatter_evidence")
            break
    return found


def _core(name: str) -> str:
    """An arm's name without articles, "group"/"arm" and brackets, for comparing names."""
    lowered = name.lower()
    bracket = re.search(r"\(([^)]+)\)", lowered)
    if bracket:  # "The Acceptance ... Group (ACT + FB)": the abbreviation names the arm
        lowered = bracket.group(1)
    lowered = re.sub(r"\b(?:the|a|an|group|arm|condition)\b|[^\w+ ]", " ", lowered)
    return " ".join(lowered.split())


def _in_methods(section: str) -> bool:
    lowered = section.lower()
    return not re.search(
        r"background|introduction|discussion|result|outcome|statistic|abstract > (?!method)",
        lowered,
    )


def main() -> int:
    """Count the failure patterns over the folders; print a table (and write JSON)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path, default=[DEFAULT])
    parser.add_argument("--json", type=Path, help="write the per-report patterns as JSON")
    parser.add_argument("--list", action="store_true", help="print the reports per pattern")
    args = parser.parse_args()
    labels = _labels()
    per_report: dict[str, list[str]] = {}
    arms: dict[str, str | None] = {}
    paths = sorted(p for folder in args.folders for p in folder.glob("*.txt"))
    for path in paths:
        document = read_report(path)
        appraisal = appraise_document(document)
        label = labels.get(_trial(path.name), "no")
        per_report[path.name] = patterns_of(document, appraisal, label)
        arms[path.name] = appraisal.arm
    counts = Counter(p for found in per_report.values() for p in found)
    with_arm = sum(1 for arm in arms.values() if arm is not None)
    print(f"{len(paths)} reports, {with_arm} with an exercise arm")
    print(f"{'pattern':<24}{'reports':>8}")
    for pattern in PATTERNS:
        print(f"{pattern:<24}{counts.get(pattern, 0):>8}")
    if args.list:
        for pattern in PATTERNS:
            names = [name for name, found in per_report.items() if pattern in found]
            if names:
                print(f"\n{pattern}:")
                for name in names:
                    print(f"  {name}  arm={arms[name]!r}")
    if args.json:
        args.json.write_text(json.dumps({"arms": arms, "patterns": per_report}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())

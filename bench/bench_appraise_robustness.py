"""Does the appraiser rate a report the same when only its structure changes?

Each dev report (examples/reports) is rewritten in ways real reports differ without changing
what they say: sub-headings of the body dropped (arms described in running text), headings
numbered ("2.4. Intervention group"), headings in capitals, the comparator's heading renamed to
an active comparator ("Usual care", "Health education"), the rated arm's heading given a
neutral name, and the arm sections put in the other order. The reference ratings still hold for
every variant (the sentences are the same), so the accuracy of each variant against them says
how much of the dev figure rests on the dev reports' own layout.

Usage:
    PYTHONPATH=src python bench/bench_appraise_robustness.py [--show VARIANT]
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections.abc import Callable
from pathlib import Path

from exdose.appraise.agreement import agreement_stats
from exdose.appraise.arms import find_arms
from exdose.appraise.ingest import parse_report
from exdose.appraise.rating import appraise_document
from exdose.appraise.table import rating_rows

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT / "examples" / "reports"
_HEADING = re.compile(r"^(#{2,6}) +(.+?)\s*$", re.MULTILINE)
_COMPARATOR_HEADING = re.compile(r"^(#{3,6}) +(.*\bcontrol\b.*)$", re.IGNORECASE | re.MULTILINE)


def _body_start(text: str) -> int:
    """Where the body starts: the first level-2 heading after the abstract."""
    for match in re.finditer(r"^## +(.+)$", text, re.MULTILINE):
        if not match.group(1).lower().startswith("abstract"):
            return match.start()
    return 0


def flat(text: str) -> str:
    """Sub-headings of the body (level 3 and below) removed: arms in running text."""
    start = _body_start(text)
    body = re.sub(r"^#{3,6} +.+\n", "", text[start:], flags=re.MULTILINE)
    return text[:start] + body


def numbered(text: str) -> str:
    """Headings numbered as many journals do ("2. Methods", "2.4. Intervention")."""
    counters = [0] * 7

    def number(match: re.Match[str]) -> str:
        level = len(match.group(1))
        counters[level] += 1
        for deeper in range(level + 1, 7):
            counters[deeper] = 0
        label = ".".join(str(counters[n]) for n in range(2, level + 1))
        return f"{match.group(1)} {label}. {match.group(2)}"

    return _HEADING.sub(number, text)


def capitals(text: str) -> str:
    """Headings in capitals."""
    return _HEADING.sub(lambda m: f"{m.group(1)} {m.group(2).upper()}", text)


def usual_care(text: str) -> str:
    """The comparator's heading names an active comparator without the word "control"."""
    return _COMPARATOR_HEADING.sub(lambda m: f"{m.group(1)} Usual care", text)


def health_education(text: str) -> str:
    """The comparator's heading is "Health education sessions"."""
    return _COMPARATOR_HEADING.sub(lambda m: f"{m.group(1)} Health education sessions", text)


def conventional(text: str) -> str:
    """The comparator's heading is "Conventional physiotherapy" (exercise words in its name)."""
    return _COMPARATOR_HEADING.sub(lambda m: f"{m.group(1)} Conventional physiotherapy", text)


_ACTIVE_WORDS = (
    "They were advised to keep up their usual physical activity and walking, and were given a "
    "leaflet with home exercises and stretching, to be done three times a week for 20 minutes. "
)


def active_comparator(text: str) -> str:
    """The comparator's own section also speaks of physical activity, walking and exercise."""

    def add(match: re.Match[str]) -> str:
        return f"{match.group(0)}\n\n{_ACTIVE_WORDS}"

    return _COMPARATOR_HEADING.sub(add, text, count=1)


def flat_active_comparator(text: str) -> str:
    """No sub-headings, and the comparator's paragraph speaks of exercise, naming its group."""
    return flat(
        active_comparator(text).replace(
            _ACTIVE_WORDS, "Participants of the control group w" + _ACTIVE_WORDS[6:]
        )
    )


def neutral_arm(text: str) -> str:
    """The rated arm's heading (when it is one) renamed "Programme"."""
    choice = find_arms(parse_report(text.encode(), name="report.md"))
    if choice.chosen is None or choice.chosen.source != "heading":
        return text
    name = re.escape(choice.chosen.name)
    return re.sub(rf"^(#{{2,6}}) +{name}:?\s*$", r"\1 Programme", text, count=1, flags=re.M)


def swapped(text: str) -> str:
    """The rated arm's section and the comparator's section in the other order."""
    blocks = list(re.finditer(r"^(#{3,6}) +.+\n(?:(?!#{1,6} ).*\n?)*", text, re.MULTILINE))
    control = next((b for b in blocks if re.search(r"control", b.group(0).split("\n")[0], re.I)),
                   None)  # fmt: skip
    if control is None:
        return text
    index = blocks.index(control)
    if index == 0:
        return text
    before = blocks[index - 1]
    if before.end() != control.start():
        return text
    return (
        text[: before.start()]
        + control.group(0).rstrip("\n") + "\n\n"
        + before.group(0).rstrip("\n") + "\n\n"
        + text[control.end():]
    )  # fmt: skip


VARIANTS: dict[str, Callable[[str], str]] = {
    "as published": lambda text: text,
    "no sub-headings": flat,
    "numbered headings": numbered,
    "headings in capitals": capitals,
    "comparator 'Usual care'": usual_care,
    "comparator 'Health education'": health_education,
    "comparator 'Conventional physio'": conventional,
    "comparator speaks of exercise": active_comparator,
    "the same, no sub-headings": flat_active_comparator,
    "rated arm 'Programme'": neutral_arm,
    "arms in the other order": swapped,
}


def main() -> int:
    """Print the accuracy and kappa of each variant against the dev reference ratings."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", help="print the disagreements of this variant")
    args = parser.parse_args()
    reference: dict[tuple[str, str, str], int] = {}
    with (DEV / "reference.csv").open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            reference[(row["document"], row["checklist"], row["item"])] = int(row["reported"])
    paths = sorted((DEV / "documents").glob("*.txt"))
    print(f"{'variant':<32}{'n':>5}{'accuracy':>10}{'kappa':>8}  arms rated")
    for label, rewrite in VARIANTS.items():
        ours: list[int] = []
        theirs: list[int] = []
        arms = []
        wrong = []
        for path in paths:
            text = rewrite(path.read_text(encoding="utf-8"))
            appraisal = appraise_document(parse_report(text.encode(), name=path.name))
            arms.append(appraisal.arm or "-")
            for row in rating_rows(appraisal):
                key = (row["document"], row["checklist"], row["item"])
                if key in reference and row["reported"] != "":
                    ours.append(int(row["reported"]))
                    theirs.append(reference[key])
                    if ours[-1] != theirs[-1]:
                        wrong.append(f"  {key[0]} {key[1]} {key[2]}: exdose={ours[-1]}")
        stats = agreement_stats(label, ours, theirs)
        kappa = "undef." if stats.kappa is None else f"{stats.kappa:.3f}"
        accuracy = (stats.percent or 0) / 100
        shown = "; ".join(a[:24] for a in arms)
        print(f"{label:<32}{stats.n:>5}{accuracy:>10.3f}{kappa:>8}  {shown}")
        if args.show and args.show == label:
            print("\n".join(wrong))
    return 0


if __name__ == "__main__":
    sys.exit(main())

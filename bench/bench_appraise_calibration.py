"""Calibration of `exdose appraise` confidences against human reference ratings.

Each rating has a `basis` (where its best evidence is, whether only part of a rule matched, a
protocol's results item, no exercise arm...). The confidence of a basis is the share of ratings
with that basis that agree with the reference, smoothed towards the overall share (as if four
ratings at the overall share were added), so that a rare basis does not get 0 or 1.

Data: the dev set (examples/reports) and the project's own-rated set (examples/reports/own-rated),
12 reports of 6 trials, 372 item ratings. The figures printed are honest out-of-sample ones:
leave one TRIAL out (its protocol and results paper), fit the table on the other five trials,
predict the left-out trial's confidences; the Brier score and the reliability table are computed
over these predictions, beside those of the confidences before calibration (the fixed values
exdose used until now). `--write` then fits the table on all 12 reports and writes
src/exdose/appraise/data/calibration.yaml; `--markdown FILE` writes the tables as Markdown.

The ratings themselves do not change with the table (only their confidences).

Usage: PYTHONPATH=src .venv/bin/python bench/bench_appraise_calibration.py [--write] [--markdown F]
"""

from __future__ import annotations

import argparse
import csv
import re
from collections import defaultdict
from pathlib import Path

import yaml

from exdose.appraise.batch import appraise_paths
from exdose.appraise.calibration import BASES, smoothed

ROOT = Path(__file__).resolve().parents[1]
SETS = (ROOT / "examples" / "reports", ROOT / "examples" / "reports" / "own-rated")
TABLE = ROOT / "src" / "exdose" / "appraise" / "data" / "calibration.yaml"
# What exdose used before calibration, per basis (the section-based constants of the rater).
OLD: dict[str, float] = {
    "reported:intervention+many": 0.93,
    "reported:intervention": 0.9,
    "reported:methods+many": 0.88,
    "reported:methods": 0.85,
    "reported:other+many": 0.8,
    "reported:other": 0.77,
    "absent:partial": 0.6,
    "absent:none": 0.8,
    "absent:protocol": 0.9,
    "absent:no_arm": 0.9,
}

Row = tuple[str, str, bool]  # trial, basis, agrees with the reference


def collect() -> list[Row]:
    """(trial, basis, agreement) for every item of every reference-rated report."""
    rows: list[Row] = []
    for folder in SETS:
        reference: dict[tuple[str, str, str], bool] = {}
        with (folder / "reference.csv").open(newline="", encoding="utf-8") as handle:
            for line in csv.DictReader(handle):
                key = (line["document"], line["checklist"], line["item"])
                reference[key] = line["reported"] == "1"
        for appraisal in appraise_paths([folder / "documents"]):
            trial = re.sub(r"^(Protocol|Results)_", "", appraisal.document).split("_")[0]
            for checklist, rating in (("cert", appraisal.cert), ("tidier", appraisal.tidier)):
                if rating is None:
                    continue
                for item in rating.items:
                    key = (appraisal.document, checklist, item.id)
                    if key in reference:
                        rows.append((trial, item.basis, item.reported == reference[key]))
    return rows


def fit(rows: list[Row]) -> dict[str, float]:
    """basis -> smoothed share of agreeing ratings."""
    prior = sum(ok for _, _, ok in rows) / len(rows)
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for _, basis, ok in rows:
        counts[basis][0] += ok
        counts[basis][1] += 1
    table = {basis: round(smoothed(0, 0, prior), 3) for basis in BASES}
    for basis, (correct, total) in counts.items():
        table[basis] = round(smoothed(correct, total, prior), 3)
    return table


def brier(pairs: list[tuple[float, bool]]) -> float:
    """Mean squared difference between confidence and agreement (0 best, 0.25 a coin)."""
    return sum((p - ok) ** 2 for p, ok in pairs) / len(pairs)


def reliability(pairs: list[tuple[float, bool]]) -> list[str]:
    """Markdown rows: confidence bin, ratings, mean confidence, share that agreed."""
    bins: dict[int, list[tuple[float, bool]]] = defaultdict(list)
    for p, ok in pairs:
        bins[min(9, int(p * 10))].append((p, ok))
    lines = ["| confidence | ratings | mean confidence | agreed |", "|---|---:|---:|---:|"]
    for index in sorted(bins):
        group = bins[index]
        mean = sum(p for p, _ in group) / len(group)
        agreed = sum(ok for _, ok in group) / len(group)
        lines.append(
            f"| {index / 10:.1f}-{(index + 1) / 10:.1f} | {len(group)} "
            f"| {mean:.3f} | {agreed:.3f} |"
        )
    return lines


def main() -> int:
    """Print (and optionally write) the calibration figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write calibration.yaml")
    parser.add_argument("--markdown", type=Path, help="write the report as Markdown")
    args = parser.parse_args()
    rows = collect()
    trials = sorted({trial for trial, _, _ in rows})
    before: list[tuple[float, bool]] = [(OLD.get(b, 0.75), ok) for _, b, ok in rows]
    after: list[tuple[float, bool]] = []
    for trial in trials:
        table = fit([r for r in rows if r[0] != trial])
        after += [(table[b], ok) for t, b, ok in rows if t == trial]
    accuracy = sum(ok for _, _, ok in rows) / len(rows)
    wrong_before = [p for p, ok in before if not ok]
    right_before = [p for p, ok in before if ok]
    wrong_after = [p for p, ok in after if not ok]
    right_after = [p for p, ok in after if ok]
    full = fit(rows)
    lines = [
        "# Calibration of exdose appraise confidences",
        "",
        f"{len(rows)} item ratings of {len(trials)} trials (dev set + own-rated set), "
        f"agreement with the reference {accuracy:.3f}.",
        "Out-of-sample: leave one trial out, fit on the other trials.",
        "",
        f"- Brier score before calibration (fixed section-based confidences): {brier(before):.4f}",
        f"- Brier score after calibration (leave-one-trial-out): {brier(after):.4f}",
        f"- Brier score of a constant confidence at the overall agreement: "
        f"{brier([(accuracy, ok) for _, _, ok in rows]):.4f}",
        f"- mean confidence of wrong / right ratings before: "
        f"{sum(wrong_before) / max(1, len(wrong_before)):.3f} / "
        f"{sum(right_before) / max(1, len(right_before)):.3f}",
        f"- mean confidence of wrong / right ratings after: "
        f"{sum(wrong_after) / max(1, len(wrong_after)):.3f} / "
        f"{sum(right_after) / max(1, len(right_after)):.3f}",
        "",
        "## Reliability before calibration",
        "",
        *reliability(before),
        "",
        "## Reliability after calibration (leave-one-trial-out)",
        "",
        *reliability(after),
        "",
        "## Table fitted on all trials (data/calibration.yaml)",
        "",
        "| basis | ratings | agreed | confidence |",
        "|---|---:|---:|---:|",
    ]
    for basis in BASES:
        group = [ok for _, b, ok in rows if b == basis]
        share = f"{sum(group) / len(group):.3f}" if group else "-"
        lines.append(f"| {basis} | {len(group)} | {share} | {full[basis]:.3f} |")
    text = "\n".join(lines) + "\n"
    print(text)
    if args.markdown:
        args.markdown.write_text(text, encoding="utf-8")
    if args.write:
        header = (
            "# Confidence per rating basis, fitted by bench/bench_appraise_calibration.py on\n"
            f"# {len(rows)} item ratings of {len(trials)} trials (examples/reports and\n"
            "# examples/reports/own-rated): share agreeing with the reference, smoothed towards\n"
            "# the overall share with a weight of four ratings. Regenerate with --write.\n"
        )
        TABLE.write_text(header + yaml.safe_dump({"confidence": full}, sort_keys=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

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
exdose used before the first calibration) and of the calibration by basis alone. `--write` then
fits the tables on all 12 reports and writes
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
from exdose.appraise.calibration import BASES, ITEM_WEIGHT, item_key, smoothed

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

Row = tuple[str, str, bool, str]  # trial, basis, agrees with the reference, item record key
_DOCUMENT_BASES = ("absent:protocol", "absent:no_arm")


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
                        record = item_key(f"{checklist} {item.id}", item.reported)
                        agrees = item.reported == reference[key]
                        rows.append((trial, item.basis, agrees, record))
    return rows


def fit(rows: list[Row]) -> dict[str, float]:
    """basis -> smoothed share of agreeing ratings."""
    prior = sum(r[2] for r in rows) / len(rows)
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for _, basis, ok, _ in rows:
        counts[basis][0] += ok
        counts[basis][1] += 1
    table = {basis: round(smoothed(0, 0, prior), 3) for basis in BASES}
    for basis, (correct, total) in counts.items():
        table[basis] = round(smoothed(correct, total, prior), 3)
    return table


def fit_items(rows: list[Row]) -> dict[str, list[int]]:
    """item record key ("cert 14b yes") -> [agreeing ratings, ratings] (item-level bases)."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for _, basis, ok, record in rows:
        if basis not in _DOCUMENT_BASES:
            counts[record][0] += ok
            counts[record][1] += 1
    return dict(sorted(counts.items()))


def predict(table: dict[str, float], items: dict[str, list[int]], row: Row) -> float:
    """The confidence exdose gives a rating: its basis value refined by its item's record."""
    base = table[row[1]]
    if row[1] in _DOCUMENT_BASES or row[3] not in items:
        return base
    correct, total = items[row[3]]
    return round(smoothed(correct, total, base, ITEM_WEIGHT), 3)


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
    trials = sorted({r[0] for r in rows})
    before: list[tuple[float, bool]] = [(OLD.get(r[1], 0.75), r[2]) for r in rows]
    by_basis: list[tuple[float, bool]] = []
    after: list[tuple[float, bool]] = []
    for trial in trials:
        train = [r for r in rows if r[0] != trial]
        table, items = fit(train), fit_items(train)
        by_basis += [(table[r[1]], r[2]) for r in rows if r[0] == trial]
        after += [(predict(table, items, r), r[2]) for r in rows if r[0] == trial]
    accuracy = sum(r[2] for r in rows) / len(rows)
    wrong_before = [p for p, ok in before if not ok]
    right_before = [p for p, ok in before if ok]
    wrong_basis = [p for p, ok in by_basis if not ok]
    right_basis = [p for p, ok in by_basis if ok]
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
        f"- Brier score calibrated by basis only (leave-one-trial-out): {brier(by_basis):.4f}",
        f"- Brier score calibrated by basis and item (leave-one-trial-out): {brier(after):.4f}",
        f"- Brier score of a constant confidence at the overall agreement: "
        f"{brier([(accuracy, r[2]) for r in rows]):.4f}",
        f"- mean confidence of wrong / right ratings before: "
        f"{sum(wrong_before) / max(1, len(wrong_before)):.3f} / "
        f"{sum(right_before) / max(1, len(right_before)):.3f}",
        f"- mean confidence of wrong / right ratings, by basis only: "
        f"{sum(wrong_basis) / max(1, len(wrong_basis)):.3f} / "
        f"{sum(right_basis) / max(1, len(right_basis)):.3f}",
        f"- mean confidence of wrong / right ratings, by basis and item: "
        f"{sum(wrong_after) / max(1, len(wrong_after)):.3f} / "
        f"{sum(right_after) / max(1, len(right_after)):.3f}",
        "",
        "## Reliability before calibration",
        "",
        *reliability(before),
        "",
        "## Reliability calibrated by basis and item (leave-one-trial-out)",
        "",
        *reliability(after),
        "",
        "## Table fitted on all trials (data/calibration.yaml)",
        "",
        "| basis | ratings | agreed | confidence |",
        "|---|---:|---:|---:|",
    ]
    full_items = fit_items(rows)
    for basis in BASES:
        group = [r[2] for r in rows if r[1] == basis]
        share = f"{sum(group) / len(group):.3f}" if group else "-"
        lines.append(f"| {basis} | {len(group)} | {share} | {full[basis]:.3f} |")
    lines += [
        "",
        "## Item records (data/calibration.yaml, items)",
        "",
        "| item, rated | ratings | agreed |",
        "|---|---:|---:|",
    ]
    lines += [f"| {key} | {n} | {c / n:.3f} |" for key, (c, n) in full_items.items()]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.markdown:
        args.markdown.write_text(text, encoding="utf-8")
    if args.write:
        header = (
            "# Confidence per rating basis, fitted by bench/bench_appraise_calibration.py on\n"
            f"# {len(rows)} item ratings of {len(trials)} trials (examples/reports and\n"
            "# examples/reports/own-rated). confidence: per basis, the share agreeing with the\n"
            "# reference, smoothed towards the overall share with a weight of four ratings.\n"
            "# items: per item and rating ([agreed, ratings]); a rating's confidence is its\n"
            "# item's share smoothed towards its basis value with a weight of four ratings.\n"
            "# Regenerate with --write.\n"
        )
        records = "".join(f"  {key}: [{c}, {n}]\n" for key, (c, n) in full_items.items())
        body = yaml.safe_dump({"confidence": full}, sort_keys=False) + "items:\n" + records
        TABLE.write_text(header + body)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

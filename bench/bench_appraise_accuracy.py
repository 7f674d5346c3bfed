"""Accuracy of `exdose appraise` against the reference ratings of the dev set.

Prints per item and overall: accuracy, Cohen's kappa and PABAK (all 31 items, 6 reports), then
the figures per trial (each trial's protocol + results paper) as a check that no single trial
carries the result. The rater has no fitted parameters (its cues are written rules), so a
leave-one-trial-out run would give exactly these numbers; the per-trial lines are the honest
equivalent: accuracy on each trial on its own.

Usage:
    PYTHONPATH=src .venv/bin/python bench/bench_appraise_accuracy.py [DIR]
    PYTHONPATH=src .venv/bin/python bench/bench_appraise_accuracy.py --reference CSV --documents DIR

DIR holds `reference.csv` and `documents/` (default examples/reports, the dev reports; the
project's own held-out ratings are in examples/reports/own-rated). `--reference` and
`--documents` name the two apart, for any set rated with the same columns.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

from exdose.appraise.agreement import agreement_stats, compare_rows
from exdose.appraise.batch import appraise_paths
from exdose.appraise.table import rating_rows

TARGET_ACCURACY = 0.85
TARGET_KAPPA = 0.6


def main() -> int:
    """Run the accuracy benchmark; exit code 1 when a target is missed."""
    default = Path(__file__).resolve().parents[1] / "examples" / "reports"
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", nargs="?", type=Path, default=default)
    parser.add_argument("--reference", type=Path, help="reference ratings (CSV)")
    parser.add_argument("--documents", type=Path, help="folder of the rated reports")
    args = parser.parse_args()
    reference_csv = args.reference or args.dir / "reference.csv"
    documents = args.documents or args.dir / "documents"
    print(f"reference {reference_csv}, documents {documents}")
    reference: dict[tuple[str, str, str], dict[str, object]] = {}
    with reference_csv.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            key = (row["document"], row["checklist"], row["item"])
            reference[key] = {"reported": int(row["reported"]), "evidence": row["evidence"]}
    ours: dict[tuple[str, str, str], dict[str, object]] = {}
    for appraisal in appraise_paths([documents]):
        if appraisal.error:
            print(f"not rated: {appraisal.error}")
        for row in rating_rows(appraisal):
            key = (row["document"], row["checklist"], row["item"])
            reported = row["reported"]
            ours[key] = {"reported": None if reported == "" else int(reported), "evidence": ""}
    report = compare_rows(ours, reference, rater_a="exdose", rater_b="reference")
    print(f"{'item':<12}{'n':>4}{'accuracy':>10}{'kappa':>9}{'PABAK':>9}")
    for stats in [*report.items, *report.checklists, report.overall]:
        kappa = "undef." if stats.kappa is None else f"{stats.kappa:.3f}"
        accuracy = (stats.percent or 0) / 100
        pabak = stats.pabak if stats.pabak is not None else float("nan")
        print(f"{stats.scope:<12}{stats.n:>4}{accuracy:>10.3f}{kappa:>9}{pabak:>9.3f}")
    print()
    print("per trial (protocol + results paper):")
    trials = sorted({re.sub(r"^(Protocol|Results)_", "", k[0]).split("_")[0] for k in reference})
    for trial in trials:
        keys = [k for k in reference if f"_{trial}_" in k[0] and k in ours]
        a = [int(ours[k]["reported"]) for k in keys]  # type: ignore[call-overload]
        b = [int(reference[k]["reported"]) for k in keys]  # type: ignore[call-overload]
        stats = agreement_stats(trial, a, b)
        kappa = "undef." if stats.kappa is None else f"{stats.kappa:.3f}"
        print(
            f"  trial {trial}: n={stats.n} accuracy={(stats.percent or 0) / 100:.3f} kappa={kappa}"
        )
    print()
    print(f"disagreements: {len(report.disagreements)}")
    for d in report.disagreements:
        print(f"  {d.document} {d.checklist} {d.item}: exdose={d.rater_a} reference={d.rater_b}")
    overall = report.overall
    accuracy = (overall.percent or 0) / 100
    ok = accuracy >= TARGET_ACCURACY and (overall.kappa or 0) >= TARGET_KAPPA
    print()
    print(
        f"overall accuracy {accuracy:.3f} (target {TARGET_ACCURACY}), kappa "
        f"{overall.kappa} (target {TARGET_KAPPA}): {'met' if ok else 'NOT met'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

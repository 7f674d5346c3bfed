"""Calibrated confidences: one per rating basis, and the summary lists the least sure first."""

from __future__ import annotations

from pathlib import Path

from exdose.appraise.batch import appraise_paths
from exdose.appraise.calibration import (
    BASES,
    calibrated,
    calibration_table,
    item_records,
    smoothed,
)
from exdose.report.review import ReviewSummary, summary_markdown


def test_smoothing_pulls_rare_bases_towards_the_prior() -> None:
    assert smoothed(0, 0, 0.8) == 0.8
    assert smoothed(3, 3, 0.8) == (3 + 3.2) / 7  # three of three right is not certainty
    assert smoothed(96, 100, 0.5) == (96 + 2) / 104


def test_every_basis_has_a_fitted_confidence() -> None:
    table = calibration_table()
    assert set(BASES) <= set(table)
    assert all(0.0 < value < 1.0 for value in table.values())
    assert calibrated("no such basis") == 0.75


def test_an_items_own_record_refines_its_basis() -> None:
    records = item_records()
    assert records, "calibration.yaml has item records"
    base = calibrated("absent:none")
    for key, (agreed, total) in records.items():
        if key.endswith(" no"):
            item = key.removesuffix(" no")
            expected = round((agreed + 4 * base) / (total + 4), 3)  # smoothed towards the basis
            assert calibrated("absent:none", item) == expected
    # whole-report bases are not refined by an item's record
    assert calibrated("absent:no_arm", "cert 1") == calibrated("absent:no_arm")
    assert calibrated("absent:none", "cert 99") == base  # an item never fitted


def test_each_rating_carries_its_basis_and_its_confidence(knee_md: Path) -> None:
    (appraisal,) = appraise_paths([knee_md])
    assert appraisal.cert is not None
    for item in appraisal.cert.items:
        assert item.basis in BASES
        assert item.confidence == calibrated(item.basis, f"cert {item.id}")
        assert item.basis.startswith("reported:") == item.reported
    assert "basis" not in appraisal.json_line()


def test_summary_lists_the_least_sure_ratings_first(knee_md: Path, balance_xml: Path) -> None:
    summary = ReviewSummary()
    for appraisal in appraise_paths([knee_md, balance_xml]):
        summary.add(appraisal)
    least = summary.least_sure(limit=10)
    confidences = [row[0] for row in least]
    assert confidences == sorted(confidences)
    everything = [c for r in summary.rated for c in r.confidence.values()]
    assert confidences[0] == min(everything)
    text = summary_markdown(summary)
    assert "## Least sure first" in text
    assert text.index("## Least sure first") < text.index(f"| {confidences[-1]:.2f} |")

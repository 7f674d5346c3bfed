"""Rating: what a reviewer relies on: the right arm, protocol rules, evidence really there."""

from __future__ import annotations

import csv
from pathlib import Path

from exdose.appraise.batch import appraise_text
from exdose.appraise.ingest import read_report
from exdose.appraise.models import Appraisal
from exdose.appraise.rating import appraise_document
from exdose.checklists import CERT_IDS, TIDIER_IDS

DEV = Path(__file__).resolve().parents[2] / "examples" / "reports"


def _flags(appraisal: Appraisal, checklist: str) -> dict[str, bool]:
    rating = appraisal.cert if checklist == "cert" else appraisal.tidier
    assert rating is not None
    return {item.id: item.reported for item in rating.items}


def test_all_items_rated_with_scores(knee_md: Path) -> None:
    result = appraise_document(read_report(knee_md))
    assert result.cert is not None and result.tidier is not None
    assert [i.id for i in result.cert.items] == list(CERT_IDS)
    assert [i.id for i in result.tidier.items] == list(TIDIER_IDS)
    assert result.cert.max == 19 and result.tidier.max == 12
    assert result.cert.score == sum(i.reported for i in result.cert.items)
    for item in [*result.cert.items, *result.tidier.items]:
        assert 0.0 <= item.confidence <= 1.0
        assert bool(item.evidence) == item.reported


def test_a_fully_described_results_paper(knee_md: Path) -> None:
    result = appraise_document(read_report(knee_md))
    assert result.doc_type == "results"
    cert = _flags(result, "cert")
    reported = {k for k, v in cert.items() if v}
    # Everything the made-up paper states, item by item.
    assert {
        "1",
        "2",
        "3",
        "4",
        "5",
        "6",
        "7a",
        "7b",
        "9",
        "11",
        "12",
        "13",
        "14a",
        "15",
    } <= reported
    assert {"16a", "16b"} <= reported
    tidier = _flags(result, "tidier")
    assert all(tidier[i] for i in ("1", "2", "3", "4", "5", "6", "7", "8", "9", "11", "12"))


def test_comparator_arm_is_not_credited(knee_md: Path) -> None:
    # Only the usual-care group got an education leaflet and weight-loss advice.
    result = appraise_document(read_report(knee_md))
    assert _flags(result, "cert")["10"] is False
    assert result.arm == "Exercise intervention"


def test_evidence_points_into_the_text(knee_md: Path) -> None:
    document = read_report(knee_md)
    result = appraise_document(document)
    assert result.cert is not None
    for item in result.cert.items:
        for evidence in item.evidence:
            assert document.text[evidence.start : evidence.end] == evidence.text
    dosage = result.cert.item("13")
    assert any("twice a week for 12 weeks" in e.text for e in dosage.evidence)


def test_protocol_cannot_report_results(balance_xml: Path) -> None:
    result = appraise_document(read_report(balance_xml))
    assert result.doc_type == "protocol"
    assert _flags(result, "cert")["16b"] is False
    tidier = _flags(result, "tidier")
    assert tidier["10"] is False and tidier["12"] is False
    assert result.tidier is not None
    assert result.tidier.item("12").reason.startswith("protocol")
    # What the protocol does plan is credited.
    cert = _flags(result, "cert")
    assert cert["2"] and cert["5"] and cert["9"]


def test_protocol_adverse_event_plan_counts() -> None:
    text = (
        "Yoga for low back pain: protocol of a randomised trial\n\n"
        "## Methods\n\n### Intervention\n\n"
        "Participants will attend yoga classes once a week for 12 weeks. Adverse events during "
        "the exercise sessions will be recorded by the instructor and classified by severity.\n"
    )
    result = appraise_text(text)
    assert result.doc_type == "protocol"
    assert _flags(result, "cert")["11"] is True


def test_explicit_none_counts_for_adverse_events_in_results() -> None:
    text = (
        "Walking after stroke: a randomised trial\n\n## Methods\n\n### Intervention\n\n"
        "Participants walked on a treadmill three times a week for 8 weeks.\n\n## Results\n\n"
        "No adverse events occurred during the training sessions.\n"
    )
    assert _flags(appraise_text(text), "cert")["11"] is True


def test_vague_description_is_not_reported() -> None:
    text = (
        "Exercise for fatigue: a randomised trial\n\n## Methods\n\n### Intervention\n\n"
        "Participants exercised regularly with the help of qualified staff.\n\n## Results\n\n"
        "Fatigue was lower in the intervention group.\n"
    )
    cert = _flags(appraise_text(text), "cert")
    for item in ("1", "3", "7a", "7b", "8", "9", "12", "13", "15", "16b"):
        assert cert[item] is False, item


def test_dev_set_accuracy_meets_the_target() -> None:
    reference: dict[tuple[str, str, str], int] = {}
    with (DEV / "reference.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            reference[(row["document"], row["checklist"], row["item"])] = int(row["reported"])
    agree = total = 0
    for path in sorted((DEV / "documents").glob("*.txt")):
        result = appraise_document(read_report(path))
        for checklist in ("cert", "tidier"):
            for item_id, reported in _flags(result, checklist).items():
                total += 1
                agree += int(reported) == reference[(path.name, checklist, item_id)]
    assert total == 186
    assert agree / total >= 0.85

"""`exdose summarize`: the review rebuilt from a ratings table a reviewer corrected."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

from exdose.appraise.ratings_table import read_ratings_table, verdict_of
from exdose.cli import app
from exdose.errors import IngestError


def _rows(tmp_path: Path, knee_md: Path) -> list[dict[str, str]]:
    out = tmp_path / "ratings.csv"
    result = CliRunner().invoke(app, ["appraise", str(knee_md), "--csv", str(out)])
    assert result.exit_code == 0, result.output
    with out.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_verdicts_as_reviewers_write_them() -> None:
    assert [verdict_of(v) for v in ("1", "Yes", "no", "0", "N/A", "not applicable", " ")] == [
        "yes", "yes", "no", "no", "na", "na", None,
    ]  # fmt: skip
    with pytest.raises(ValueError):
        verdict_of("maybe")


def test_semicolon_csv_correction_changes_the_totals(tmp_path: Path, knee_md: Path) -> None:
    rows = _rows(tmp_path, knee_md)
    before = sum(r["reported"] == "1" for r in rows if r["checklist"] == "cert")
    for row in rows:  # the reviewer disagrees on CERT 1 and marks TIDieR 10 not applicable
        if row["checklist"] == "cert" and row["item"] == "1":
            row["reported"], row["verdict"] = "no", "no"
        if row["checklist"] == "tidier" and row["item"] == "10":
            row["reported"] = "not applicable"  # with the verdict "no" exdose wrote: agrees
    corrected = tmp_path / "corrected.csv"
    with corrected.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), delimiter=";")
        writer.writeheader()
        writer.writerows(rows)
    summary_md = tmp_path / "summary.md"
    result = CliRunner().invoke(app, ["summarize", str(corrected), "--summary", str(summary_md)])
    assert result.exit_code == 0, result.output
    text = summary_md.read_text("utf-8")
    assert f"| {knee_md.name} | results |" in text
    assert f"| {before - 1} | {100 * (before - 1) / 19:.1f} |" in text
    assert "1 item rating(s) are marked not applicable" in text


def test_xlsx_ratings_are_read(tmp_path: Path, knee_md: Path) -> None:
    rows = _rows(tmp_path, knee_md)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "ratings"
    sheet.append(list(rows[0]))
    for row in rows:
        sheet.append(list(row.values()))
    path = tmp_path / "ratings.xlsx"
    book.save(path)
    ratings = read_ratings_table(path)
    assert len(ratings) == 31
    assert {r.verdict for r in ratings} <= {"yes", "no"}
    heatmap = tmp_path / "map.svg"
    result = CliRunner().invoke(app, ["summarize", str(path), "--heatmap", str(heatmap)])
    assert result.exit_code == 0, result.output
    assert heatmap.read_bytes().lstrip().startswith(b"<?xml")


def test_a_bad_verdict_names_its_row(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("document,checklist,item,reported\na.txt,cert,1,maybe\n", encoding="utf-8")
    with pytest.raises(IngestError, match="maybe") as caught:
        read_ratings_table(path)
    assert caught.value.line == 2


def test_study_keys_from_file_names() -> None:
    from exdose.report.review import study_from_filename

    assert study_from_filename("Protocol_005_PMC6069849.txt") == "005"
    assert study_from_filename("Results_005_PMC6977217.txt") == "005"
    assert study_from_filename("fait-protocol.pdf") == study_from_filename("fait_results.docx")


def test_study_level_ratings_take_any_report_of_the_study(tmp_path: Path) -> None:
    rows = ["document,doc_type,checklist,item,reported"]
    from exdose.checklists import load_checklist

    for document, doc_type, reported in (
        ("Protocol_007_PMC1.txt", "protocol", {"1", "2"}),
        ("Results_007_PMC2.txt", "results", {"2", "3", "16b"}),
    ):
        for checklist in ("cert", "tidier"):
            for item in load_checklist(checklist).ids():
                flag = "yes" if checklist == "cert" and item in reported else "no"
                rows.append(f"{document},{doc_type},{checklist},{item},{flag}")
    table = tmp_path / "ratings.csv"
    table.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "summary.md"
    result = CliRunner().invoke(
        app, ["summarize", str(table), "--summary", str(out), "--study-from", "filename"]
    )
    assert result.exit_code == 0, result.output
    text = out.read_text("utf-8")
    # per report 2 and 3 items; the study reports 1, 2, 3 and 16b
    assert "| 007 | Protocol_007_PMC1.txt, Results_007_PMC2.txt | 4 | 21.1 | 0 | 0.0 |" in text
    mapping = tmp_path / "studies.csv"
    mapping.write_text(
        "document;study\nProtocol_007_PMC1.txt;HOPE\nResults_007_PMC2.txt;HOPE\n", encoding="utf-8"
    )
    result = CliRunner().invoke(
        app, ["summarize", str(table), "--summary", str(out), "--study-from", str(mapping)]
    )
    assert result.exit_code == 0, result.output
    assert "| HOPE | Protocol_007_PMC1.txt, Results_007_PMC2.txt | 4 |" in out.read_text("utf-8")


def test_results_items_of_a_protocol_are_not_applicable(tmp_path: Path, balance_xml: Path) -> None:
    out = tmp_path / "ratings.csv"
    result = CliRunner().invoke(app, ["appraise", str(balance_xml), "--csv", str(out)])
    assert result.exit_code == 0, result.output
    with out.open(newline="", encoding="utf-8") as handle:
        rows = {(r["checklist"], r["item"]): r for r in csv.DictReader(handle)}
    assert rows[("cert", "16b")]["doc_type"] == "protocol"
    assert (rows[("cert", "16b")]["reported"], rows[("cert", "16b")]["verdict"]) == ("0", "na")
    assert rows[("tidier", "12")]["verdict"] == "na"
    assert {r["verdict"] for r in rows.values()} <= {"yes", "no", "na"}
    ratings = {(r.checklist, r.item): r.verdict for r in read_ratings_table(out)}
    assert ratings[("cert", "16b")] == "na"


def test_summarize_writes_a_word_summary(tmp_path: Path, knee_md: Path) -> None:
    from docx import Document as read_docx

    ratings = tmp_path / "ratings.csv"
    result = CliRunner().invoke(app, ["appraise", str(knee_md), "--csv", str(ratings)])
    assert result.exit_code == 0, result.output
    out = tmp_path / "summary.docx"
    result = CliRunner().invoke(app, ["summarize", str(ratings), "--summary", str(out)])
    assert result.exit_code == 0, result.output
    word = read_docx(str(out))
    headings = [p.text for p in word.paragraphs if p.style.name.startswith(("Title", "Heading"))]
    assert headings[:3] == [
        "Reporting completeness of the exercise interventions", "Per report", "Per item",
    ]  # fmt: skip
    assert word.tables[0].rows[1].cells[0].text == knee_md.name

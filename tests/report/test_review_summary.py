"""The review summary is one `Document`, written to Markdown, HTML and DOCX by the writers."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from exdose.checklists import load_checklist
from exdose.errors import UsageError
from exdose.report.document import Bullets, Figure, Table
from exdose.report.review import (
    HEATMAP_KEY,
    ReportRecord,
    ReviewSummary,
    summary_document,
    summary_html,
    summary_markdown,
    write_summary_files,
)

SCRIPT_NAME = "A <script>alert(1)</script>.txt"


def _rated(document: str, arm: str | None, cert: int, tidier: int) -> ReportRecord:
    """A rated report reporting the first `cert` CERT items and the first `tidier` TIDieR items."""
    record = ReportRecord(document, "results", arm, None)
    record.cert = {i: n < cert for n, i in enumerate(load_checklist("cert").ids())}
    record.tidier = {i: n < tidier for n, i in enumerate(load_checklist("tidier").ids())}
    record.confidence = {("cert", "1"): 0.42, ("tidier", "3"): 0.9}
    return record


def _summary() -> ReviewSummary:
    summary = ReviewSummary()
    first = _rated(SCRIPT_NAME, "arm | one & <b>", 10, 5)
    first.not_applicable.add(("cert", "16a"))
    summary.reports.append(first)
    summary.reports.append(_rated("B.txt", None, 5, 2))
    no_arm = ReportRecord("C.txt", "protocol", None, None)
    no_arm.note = "no exercise arm <i>found</i>"
    summary.reports.append(no_arm)
    summary.reports.append(ReportRecord("D|x.pdf", "?", None, "D|x.pdf: cannot read"))
    summary.studies = {SCRIPT_NAME: "s1", "B.txt": "s1"}
    return summary


def test_the_document_has_every_section_in_order() -> None:
    document = summary_document(_summary())
    assert document.headings() == [
        "Reporting completeness of the exercise interventions",
        "Per report",
        "Per study",
        "Per item",
        "Reports x items",
        "Least sure first (check these first)",
        "Reports without an exercise arm (not in the totals)",
        "Reports that could not be read",
    ]
    assert document.figure_keys() == [HEATMAP_KEY]
    tables = [b for b in document.blocks if isinstance(b, Table)]
    per_report, per_study, per_item, least = tables
    # 10/19 = 52.6 %, 5/12 = 41.7 %; 5/19 = 26.3 %, 2/12 = 16.7 %; the unreadable one is not rated
    assert per_report.rows == (
        (SCRIPT_NAME, "results", "arm | one & <b>", "10", "52.6", "5", "41.7"),
        ("B.txt", "results", "", "5", "26.3", "2", "16.7"),
        ("D|x.pdf", "not rated", "", "", "", "", ""),
    )
    assert per_study.rows == (("s1", f"{SCRIPT_NAME}, B.txt", "10", "52.6", "5", "41.7"),)
    assert len(per_item.rows) == 19 + 12
    # CERT 6 is the 6th item: only the first report (10 items) reports it, 1 of 2 = 50 %
    assert per_item.rows[5] == ("CERT", "6", "Motivation strategies", "50.0", "1")
    # least sure first, then by report name
    assert [row[:3] for row in least.rows] == [
        ("0.42", SCRIPT_NAME, "CERT 1"),
        ("0.42", "B.txt", "CERT 1"),
        ("0.90", SCRIPT_NAME, "TIDieR 3"),
        ("0.90", "B.txt", "TIDieR 3"),
    ]
    assert [row[3] for row in least.rows] == ["reported"] * 3 + ["not reported"]
    apart = [b for b in document.blocks if isinstance(b, Bullets)]
    assert apart[0].items == ((None, "C.txt: no exercise arm <i>found</i>"),)
    assert apart[1].items == ((None, "D|x.pdf: D|x.pdf: cannot read"),)
    # mean completeness (10 + 5) / 38 = 39.5 %, (5 + 2) / 24 = 29.2 %; one item marked n/a
    text = summary_markdown(_summary())
    assert "Reports: 4 (2 rated, 1 without an exercise arm, 1 could not be read)." in text
    assert "Mean completeness: CERT 39.5% of 19 items, TIDieR 29.2% of 12 items." in text
    assert "1 item rating(s) are marked not applicable" in text


def test_html_escapes_report_names_arms_and_notes() -> None:
    page = summary_html(_summary())
    assert "<script>" not in page
    assert "A &lt;script&gt;alert(1)&lt;/script&gt;.txt" in page
    assert "arm | one &amp; &lt;b&gt;" in page
    assert "no exercise arm &lt;i&gt;found&lt;/i&gt;" in page
    assert page.count('src="data:image/png;base64,') == 1  # the heatmap, embedded
    assert '<td class="n">52.6</td>' in page  # numbers aligned right


def test_markdown_escapes_pipes_in_cells_and_leaves_the_heatmap_out() -> None:
    text = summary_markdown(_summary())
    assert "| D\\|x.pdf | not rated |" in text
    assert "| arm \\| one & <b> | 10 | 52.6 | 5 | 41.7 |" in text
    assert "|---|---|---|---:|---:|---:|---:|" in text
    assert "Reports x items" not in text  # the heatmap is its own file (--heatmap)


def test_html_and_markdown_say_the_same_cells() -> None:
    import html

    summary = _summary()
    page, text = summary_html(summary), summary_markdown(summary)
    for block in summary_document(summary).blocks:
        if isinstance(block, Table):
            for cell in (c for row in block.rows for c in row if c):
                assert html.escape(cell, quote=False) in page
                assert cell.replace("|", "\\|") in text


def test_nothing_rated_has_no_heatmap() -> None:
    summary = ReviewSummary()
    summary.reports.append(ReportRecord("D.pdf", "?", None, "D.pdf: cannot read"))
    document = summary_document(summary)
    assert not any(isinstance(b, Figure) for b in document.blocks)
    assert "data:image/png" not in summary_html(summary)
    assert "Mean completeness: CERT -% of 19 items" in summary_markdown(summary)


def test_docx_summary_has_the_same_tables(tmp_path: Path) -> None:
    from docx import Document as read_docx

    out = tmp_path / "summary.docx"
    write_summary_files(_summary(), summary_path=out)
    word = read_docx(io.BytesIO(out.read_bytes()))
    first_column = [row.cells[0].text for row in word.tables[0].rows]
    assert first_column == ["report", SCRIPT_NAME, "B.txt", "D|x.pdf"]
    assert len(word.tables) == 4
    assert len(word.inline_shapes) == 1  # the heatmap


@pytest.mark.parametrize("name", ["summary.pdf", "summary.txt"])
def test_other_summary_formats_are_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(UsageError, match="unsupported extension"):
        write_summary_files(_summary(), summary_path=tmp_path / name)
    assert not (tmp_path / name).exists()

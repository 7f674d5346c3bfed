"""Tables are read and rated: the dose is often only in a table, and evidence names it."""

from __future__ import annotations

from pathlib import Path

from exdose.appraise.batch import appraise_file

_ROWS = [
    ("Component", "Schedule", "Volume", "Intensity"),
    (
        "Treadmill walking",
        "3 sessions per week for 12 weeks",
        "30 minutes",
        "60% of heart rate reserve",
    ),
    ("Leg press", "2 sessions per week for 12 weeks", "3 sets of 10 repetitions", "70% of 1RM"),
]
_INTRO = (
    "Participants were adults aged 60 to 80 years with knee osteoarthritis recruited from "
    "general practices. Outcomes were assessed by assessors unaware of the allocation. "
) * 10


def _docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph("Exercise for knee osteoarthritis: a randomised trial", style="Title")
    document.add_heading("Methods", level=1)
    document.add_paragraph(_INTRO)
    document.add_heading("Exercise group", level=2)
    document.add_paragraph("The exercise group trained in the hospital gym (Table 2).")
    document.add_paragraph("Table 2. The exercise programme")
    table = document.add_table(rows=len(_ROWS), cols=4)
    for row, values in zip(table.rows, _ROWS, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    document.add_heading("Control group", level=2)
    document.add_paragraph("Usual care from the general practitioner.")
    document.save(str(path))
    return path


def _jats(path: Path) -> Path:
    rows = "".join(
        "<tr>" + "".join(f"<td>{value}</td>" for value in values) + "</tr>" for values in _ROWS
    )
    path.write_text(
        '<?xml version="1.0"?><article><front><article-meta><title-group><article-title>'
        "Exercise for knee osteoarthritis: a randomised trial</article-title></title-group>"
        f"</article-meta></front><body><sec><title>Methods</title><p>{_INTRO}</p>"
        "<sec><title>Exercise group</title><p>The exercise group trained in the hospital gym "
        "(Table 2).</p><table-wrap><label>Table 2</label><caption><title>The exercise programme"
        f"</title></caption><table><tbody>{rows}</tbody></table></table-wrap></sec>"
        "<sec><title>Control group</title><p>Usual care from the general practitioner.</p>"
        "</sec></sec></body></article>",
        encoding="utf-8",
    )
    return path


def _pdf(path: Path, columns: int) -> Path:
    """The same report as a PDF: the table ruled, in smaller type, cells wrapping over lines;
    with `columns` 2 the text is justified in two columns and the table fills one."""
    from weasyprint import HTML

    rows = "".join(
        "<tr>" + "".join(f"<td>{value}</td>" for value in values) + "</tr>" for values in _ROWS
    )
    layout = "column-count: 2; text-align: justify" if columns == 2 else ""
    page = (
        f"<html><head><style>body {{ font-size: 10pt; {layout} }} h1 {{ font-size: 16pt }} "
        "h2 { font-size: 13pt } h3 { font-size: 11pt } .caption { font-weight: bold } "
        "table { font-size: 8.5pt; border-collapse: collapse; width: 100% } "
        "td { border-top: 0.5pt solid black; padding: 2pt 4pt; vertical-align: top }"
        "</style></head><body>"
        "<h1>Exercise for knee osteoarthritis: a randomised trial</h1>"
        f"<h2>Methods</h2><p>{_INTRO}</p><h3>Exercise group</h3>"
        "<p>The exercise group trained in the hospital gym (Table 2).</p>"
        f'<p class="caption">Table 2 The exercise programme</p><table>{rows}</table>'
        "<h3>Control group</h3><p>Usual care from the general practitioner.</p>"
        "</body></html>"
    )
    HTML(string=page).write_pdf(str(path))
    return path


def _dose_from_the_table(path: Path) -> None:
    appraisal = appraise_file(path)
    assert appraisal.arm == "Exercise group"
    assert appraisal.cert is not None
    dose = appraisal.cert.item("13")
    assert dose.reported, dose.reason
    assert any("Table 2" in e.section for e in dose.evidence)
    assert any("60% of heart rate reserve" in e.text for e in dose.evidence)


def test_docx_table_is_rated_and_named(tmp_path: Path) -> None:
    _dose_from_the_table(_docx(tmp_path / "trial.docx"))


def test_jats_table_is_rated_and_named(tmp_path: Path) -> None:
    _dose_from_the_table(_jats(tmp_path / "trial.xml"))


def test_pdf_table_is_rated_and_named(tmp_path: Path) -> None:
    _dose_from_the_table(_pdf(tmp_path / "trial.pdf", columns=1))


def test_pdf_table_in_a_column_of_justified_text_is_read_row_by_row(tmp_path: Path) -> None:
    # In the narrow column the cells wrap over two to four lines and justification spreads
    # their words; each row is still one sentence, its cells in the header's columns
    # and named by them.
    from exdose.appraise.ingest import read_report

    path = _pdf(tmp_path / "trial.pdf", columns=2)
    document = read_report(path)
    table = next(s for s in document.sections if s.heading.startswith("Table 2"))
    assert table.path == ("Methods", "Exercise group", "Table 2 The exercise programme")
    rows = [s.text for s in document.sentences if s.section == document.sections.index(table)]
    assert rows == [
        "Component; Schedule; Volume; Intensity.",
        "Treadmill walking; Schedule: 3 sessions per week for 12 weeks; Volume: 30 minutes; "
        "Intensity: 60% of heart rate reserve.",
        "Leg press; Schedule: 2 sessions per week for 12 weeks; "
        "Volume: 3 sets of 10 repetitions; Intensity: 70% of 1RM.",
    ]
    _dose_from_the_table(path)
    appraisal = appraise_file(path)
    assert appraisal.cert is not None
    assert {e.page for e in appraisal.cert.item("13").evidence} == {1}


def test_docx_and_jats_rows_are_named_by_their_headers_as_in_a_pdf(tmp_path: Path) -> None:
    # The first row ("Component; Schedule; ...") is the header in every format (it was read
    # as bare cells in DOCX and JATS before): the rows read as the PDF's do.
    from exdose.appraise.ingest import read_report

    for path in (_docx(tmp_path / "trial.docx"), _jats(tmp_path / "trial.xml")):
        document = read_report(path)
        table = next(s for s in document.sections if s.heading.startswith("Table 2"))
        rows = [s.text for s in document.sentences if s.section == document.sections.index(table)]
        assert rows[1] == (
            "Treadmill walking; Schedule: 3 sessions per week for 12 weeks; Volume: 30 minutes; "
            "Intensity: 60% of heart rate reserve."
        ), path.name


def test_xml_with_an_unknown_encoding_is_an_ingest_error() -> None:
    import pytest

    from exdose.appraise.ingest import parse_report
    from exdose.errors import IngestError

    data = b'<?xml version="1.0" encoding="UTF-6"?><article><body><p>x</p></body></article>'
    with pytest.raises(IngestError, match="encoding"):
        parse_report(data, name="odd.xml")

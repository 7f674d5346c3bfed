"""One table reads the same in every format: JATS, HTML, DOCX and PDF rows are one sentence each
with their values named by the column headers (`exdose.appraise.blocks.table_sentences`), so a
report whose dose is only in the table rates the same whatever format it comes in."""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from exdose.appraise.batch import appraise_file
from exdose.appraise.blocks import MAX_TABLE_COLUMNS, TableCell, table_sentences
from exdose.appraise.ingest import parse_report, read_report

_TITLE = "Strength training for knee osteoarthritis: a randomised trial"
_HEAD = ("Exercise", "Sets", "Repetitions", "Intensity", "Rest (s)", "Frequency")
_ROWS = [
    ("Squat", "3", "10", "60% 1RM", "90", "3 sessions per week for 12 weeks"),
    ("Leg press", "3", "12", "65% 1RM", "90", "3 sessions per week for 12 weeks"),
    ("Calf raise", "2", "15", "body weight", "60", "3 sessions per week for 12 weeks"),
]
_PARA = (
    "Participants were adults aged 60 to 80 years with knee osteoarthritis recruited from "
    "general practices in two cities. Outcomes were assessed at baseline and at follow-up by "
    "assessors unaware of the allocation, and the analysis followed the intention to treat. "
)
_INTRO = "The exercise group trained in the hospital gym under a physiotherapist (Table 2)."
_CAPTION = "The exercise programme"
_EXPECTED = [
    "Exercise; Sets; Repetitions; Intensity; Rest (s); Frequency.",
    "Squat; 3 sets; 10 repetitions; Intensity: 60% 1RM; Rest: 90 s; "
    "Frequency: 3 sessions per week for 12 weeks.",
    "Leg press; 3 sets; 12 repetitions; Intensity: 65% 1RM; Rest: 90 s; "
    "Frequency: 3 sessions per week for 12 weeks.",
    "Calf raise; 2 sets; 15 repetitions; Intensity: body weight; Rest: 60 s; "
    "Frequency: 3 sessions per week for 12 weeks.",
]


def _cells(tag: str, values: tuple[str, ...]) -> str:
    return "".join(f"<{tag}>{html.escape(v)}</{tag}>" for v in values)


def _html_table() -> str:
    body = "".join(f"<tr>{_cells('td', row)}</tr>" for row in _ROWS)
    return f"<table><thead><tr>{_cells('th', _HEAD)}</tr></thead><tbody>{body}</tbody></table>"


def _jats(path: Path) -> Path:
    path.write_text(
        '<?xml version="1.0"?><article><front><article-meta><title-group><article-title>'
        f"{_TITLE}</article-title></title-group></article-meta></front><body>"
        f"<sec><title>Methods</title><p>{_PARA * 4}</p><sec><title>Exercise group</title>"
        f"<p>{_INTRO}</p><table-wrap><label>Table 2</label><caption><title>{_CAPTION}</title>"
        f"</caption>{_html_table()}</table-wrap></sec><sec><title>Control group</title>"
        "<p>Usual care from the general practitioner.</p></sec></sec></body></article>",
        encoding="utf-8",
    )
    return path


def _page(css: str = "") -> str:
    return (
        f"<html><head><title>{_TITLE}</title><style>{css}</style></head><body><article>"
        f"<h1>{_TITLE}</h1><h2>Methods</h2><p>{_PARA * 4}</p><h3>Exercise group</h3>"
        f"<p>{_INTRO}</p>"
        + (
            f'<p class="caption">Table 2 {_CAPTION}</p>{_html_table()}'
            if css
            else f"<table><caption>Table 2 {_CAPTION}</caption>{_html_table()[7:]}"
        )
        + "<h3>Control group</h3><p>Usual care from the general practitioner.</p>"
        "</article></body></html>"
    )


def _html(path: Path) -> Path:
    path.write_text(_page(), encoding="utf-8")
    return path


def _docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph(_TITLE, style="Title")
    document.add_heading("Methods", level=1)
    document.add_paragraph(_PARA * 4)
    document.add_heading("Exercise group", level=2)
    document.add_paragraph(_INTRO)
    document.add_paragraph(f"Table 2. {_CAPTION}")
    table = document.add_table(rows=len(_ROWS) + 1, cols=len(_HEAD))
    for row, values in zip(table.rows, [_HEAD, *_ROWS], strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    document.add_heading("Control group", level=2)
    document.add_paragraph("Usual care from the general practitioner.")
    document.save(str(path))
    return path


def _pdf(path: Path) -> Path:
    from weasyprint import HTML

    css = (
        "@page { size: A4; margin: 2cm } html { font-family: 'DejaVu Serif', serif; "
        "font-size: 10pt } .caption { font-weight: bold } table { font-family: sans-serif; "
        "font-size: 8pt; border-collapse: collapse; width: 100% } "
        "td, th { padding: 1pt 3pt; text-align: left; vertical-align: top; "
        "font-weight: normal; border-top: 0.5pt solid black }"
    )
    HTML(string=_page(css)).write_pdf(str(path))
    return path


_FORMATS = {"jats": _jats, "html": _html, "docx": _docx, "pdf": _pdf}
_SUFFIX = {"jats": "xml", "html": "html", "docx": "docx", "pdf": "pdf"}


def _made(tmp_path: Path, fmt: str) -> Path:
    return _FORMATS[fmt](tmp_path / f"trial.{_SUFFIX[fmt]}")


def _table_rows(path: Path) -> list[str]:
    document = read_report(path)
    index = next(i for i, s in enumerate(document.sections) if s.heading.startswith("Table 2"))
    return [s.text for s in document.sentences if s.section == index]


@pytest.mark.parametrize("fmt", sorted(_FORMATS))
def test_rows_carry_their_column_headers(tmp_path: Path, fmt: str) -> None:
    assert _table_rows(_made(tmp_path, fmt)) == _EXPECTED


def test_dose_only_in_the_table_rates_the_same_in_every_format(tmp_path: Path) -> None:
    rated: dict[str, dict[str, bool]] = {}
    for fmt in _FORMATS:
        appraisal = appraise_file(_made(tmp_path, fmt))
        assert appraisal.cert is not None and appraisal.tidier is not None, appraisal.error
        items = {
            "CERT 8": appraisal.cert.item("8"),
            "CERT 13": appraisal.cert.item("13"),
            "TIDieR 8": appraisal.tidier.item("8"),
        }
        rated[fmt] = {name: item.reported for name, item in items.items()}
        assert items["CERT 13"].reported, (fmt, items["CERT 13"].reason)
        for name, item in items.items():
            if item.reported:
                assert any("Table 2" in e.section for e in item.evidence), (fmt, name)
    assert all(r == rated["jats"] for r in rated.values()), rated


# --- the shared reading: headers, spans, empty cells, tables without a header ----------------


def _plain(rows: list[list[str]]) -> list[list[TableCell]]:
    return [[(text, 1, 1) for text in row] for row in rows]


def test_a_table_without_a_header_keeps_its_cells() -> None:
    rows = _plain([["Squat", "3", "10"], ["Lunge", "2", "12"]])
    assert table_sentences(rows) == (["Squat; 3; 10.", "Lunge; 2; 12."], None)


def test_an_unmarked_first_row_of_names_is_the_header() -> None:
    sentences, header = table_sentences(_plain([["", "Sets", "Load"], ["Squat", "3", "60 kg"]]))
    assert sentences == ["Sets; Load.", "Squat; 3 sets; Load: 60 kg."]
    assert header == ((), ("Sets",), ("Load",))


def test_a_marked_header_is_used_even_when_it_holds_numbers() -> None:
    rows = _plain([["Exercise", "2019", "2020"], ["Squat", "3 sets", "4 sets"]])
    assert table_sentences(rows, header_rows=1)[0][1] == "Squat; 2019: 3 sets; 2020: 4 sets."
    assert table_sentences(rows)[0][1] == "Squat; 3 sets; 4 sets."


def test_empty_cells_are_left_out() -> None:
    rows = _plain([["Exercise", "Sets", "Intensity"], ["Walking", "", "moderate"]])
    assert table_sentences(rows)[0][1] == "Walking; Intensity: moderate."


def test_a_header_over_two_rows_joins_a_column_s_cells() -> None:
    rows: list[list[TableCell]] = [
        [("Exercise", 1, 2), ("Resistance training", 2, 1), ("Duration (min)", 1, 2)],
        [("Sets", 1, 1), ("Load", 1, 1)],
        [("Squat", 1, 1), ("3", 1, 1), ("60% 1RM", 1, 1), ("30", 1, 1)],
    ]
    sentences, header = table_sentences(rows, header_rows=2)
    assert header == (
        ("Exercise",),
        ("Resistance training", "Sets"),
        ("Resistance training", "Load"),
        ("Duration (min)",),
    )
    assert sentences == [
        "Exercise; Resistance training; Duration (min).",
        "Sets; Load.",
        "Squat; Resistance training: 3 sets; Resistance training Load: 60% 1RM; Duration: 30 min.",
    ]


def test_a_cell_spanning_rows_goes_into_each_of_them() -> None:
    rows: list[list[TableCell]] = [
        [("Phase", 1, 1), ("Exercise", 1, 1), ("Sets", 1, 1)],
        [("Weeks 1-4", 1, 2), ("Squat", 1, 1), ("2", 1, 1)],
        [("Lunge", 1, 1), ("3", 1, 1)],
        [("Weeks 5-8", 1, 1), ("Squat", 1, 1), (None, 1, 1)],  # None: the cell above goes on
    ]
    assert table_sentences(rows)[0][1:] == [
        "Weeks 1-4; Exercise: Squat; 2 sets.",
        "Weeks 1-4; Exercise: Lunge; 3 sets.",
        "Weeks 5-8; Exercise: Squat; 3 sets.",
    ]


def test_a_cell_spanning_columns_is_written_once_and_spans_cannot_grow_the_grid() -> None:
    rows: list[list[TableCell]] = [
        [("Exercise", 1, 1), ("Sets", 1, 1), ("Repetitions", 1, 1)],
        [("Warm-up walking, 10 minutes", 3, 1)],
        [("Squat", 1, 1), ("3", 1, 1), ("10", 1, 1)],
        [("Row", 1, 1), ("x", 10**9, 10**9), ("y", 1, 1)],
    ]
    sentences, header = table_sentences(rows)
    assert sentences[1:3] == ["Warm-up walking, 10 minutes.", "Squat; 3 sets; 10 repetitions."]
    assert sentences[3] == "Row; Sets: x."  # the span ends at the bound; "y" is beyond it
    assert header is not None and len(header) == 3
    assert MAX_TABLE_COLUMNS < 10**9


def test_jats_and_html_spans_and_row_headers(tmp_path: Path) -> None:
    table = (
        "<table><thead><tr><th rowspan='2'>Exercise</th><th colspan='2'>Dose</th></tr>"
        "<tr><th>Sets</th><th>Repetitions</th></tr></thead><tbody>"
        "<tr><th scope='row'>Squat</th><td>3</td><td>10</td></tr>"
        "<tr><th scope='row'>Lunge</th><td colspan='2'>as tolerated</td></tr></tbody></table>"
    )
    expected = [
        "Exercise; Dose.",
        "Sets; Repetitions.",
        "Squat; Dose: 3 sets; Dose: 10 repetitions.",
        "Lunge; Dose Sets: as tolerated.",
    ]
    jats = (
        "<article><front><article-meta><title-group><article-title>T</article-title>"
        "</title-group></article-meta></front><body><sec><title>Methods</title>"
        f"<table-wrap><label>Table 1</label>{table}</table-wrap></sec></body></article>"
    )
    page = f"<html><body><h2>Methods</h2><table><caption>Table 1</caption>{table[7:]}</body></html>"
    for name, data in (("t.xml", jats), ("t.html", page)):
        document = parse_report(data.encode(), name=name)
        index = next(i for i, s in enumerate(document.sections) if s.heading == "Table 1")
        rows = [s.text for s in document.sentences if s.section == index]
        assert rows == expected, name


def test_docx_merged_cells_and_marked_header_rows(tmp_path: Path) -> None:
    import docx
    from docx.oxml import OxmlElement

    document = docx.Document()
    document.add_paragraph("T", style="Title")
    document.add_heading("Methods", level=1)
    document.add_paragraph("Table 1. Programme")
    table = document.add_table(rows=4, cols=3)
    values = [
        ("Phase", "2019", "Sets"),  # marked as header: numbers in it do not matter
        ("Weeks 1-4", "Squat", "2"),
        ("", "Lunge", "3"),
        ("Cool-down stretching", "", ""),
    ]
    for row, texts in zip(table.rows, values, strict=True):
        for cell, text in zip(row.cells, texts, strict=True):
            cell.text = text
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    table.cell(1, 0).merge(table.cell(2, 0))  # vMerge: "Weeks 1-4" over two rows
    table.cell(3, 0).merge(table.cell(3, 2))  # gridSpan: one cell over the row
    path = tmp_path / "t.docx"
    document.save(str(path))
    document_read = read_report(path)
    index = next(i for i, s in enumerate(document_read.sections) if s.heading.startswith("Table"))
    rows = [s.text for s in document_read.sentences if s.section == index]
    assert rows == [
        "Phase; 2019; Sets.",
        "Weeks 1-4; 2019: Squat; 2 sets.",
        "Weeks 1-4; 2019: Lunge; 3 sets.",
        "Cool-down stretching.",
    ]


def test_table_markup_stays_bounded(tmp_path: Path) -> None:
    # A huge colspan/rowspan and deeply nested markup inside a table are read without
    # growing the grid or the stack; the XML safety of the readers is unchanged.
    nested = "<div>" * 5000 + "x" + "</div>" * 5000
    page = (
        "<html><body><table><caption>Table 1</caption><tr><th>Exercise</th><th>Sets</th></tr>"
        f"<tr><td colspan='99999999' rowspan='99999999'>Squat</td></tr><tr><td>{nested}</td>"
        "<td>3</td></tr></table></body></html>"
    )
    document = parse_report(page.encode(), name="t.html")
    assert any(s.text.startswith("Squat") for s in document.sentences)


@pytest.mark.parametrize("span", ["9" * 5000, "\u00b2", "-3", "0", "x", " 2 "])
def test_odd_span_attributes_do_not_fail(span: str) -> None:
    page = (
        "<html><body><table><caption>Table 1</caption><tr><th>Exercise</th><th>Sets</th></tr>"
        f"<tr><td>Squat</td><td colspan='{span}' rowspan='{span}'>3</td></tr></table></body></html>"
    )
    document = parse_report(page.encode(), name="t.html")
    assert "Squat; 3 sets." in [s.text for s in document.sentences]

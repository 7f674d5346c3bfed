"""PDF tables as journals lay them out: the caption under the table or in other styles, a table
continued over a page, booktabs rules or no rules at all, a full-width table in the middle of a
two-column page. The dose given only in the table is rated, with "Table N" and the page."""

from __future__ import annotations

from pathlib import Path

import pytest

from exdose.appraise.batch import appraise_file
from exdose.appraise.ingest import read_report

_HEAD = ("Exercise", "Sets", "Repetitions", "Intensity", "Frequency")
_NAMES = ("Squat", "Leg press", "Lunge", "Step-up", "Calf raise", "Heel raise", "Wall sit")
_ROWS = [
    (
        name,
        "3",
        str(10 + 2 * (i % 2)),
        f"{60 + 5 * (i % 3)}% 1RM",
        "3 sessions per week for 12 weeks",
    )
    for i, name in enumerate(_NAMES)
]
_PARA = (
    "Participants were adults aged 60 to 80 years with knee osteoarthritis recruited from "
    "general practices in two cities. Outcomes were assessed at baseline and at follow-up by "
    "assessors unaware of the allocation, and the analysis followed the intention to treat. "
)
_CSS = """@page { size: A4; margin: 2cm 1.7cm;
  @top-left { content: "Author et al. Trials (2017) 18:212"; font-size: 7.5pt }
  @top-right { content: "Page " counter(page) " of " counter(pages); font-size: 7.5pt } }
html { font-family: "DejaVu Serif", serif; font-size: 9.2pt; line-height: 1.25 }
h1 { font-family: sans-serif; font-size: 16pt } h2 { font-family: sans-serif; font-size: 11pt }
h3 { font-family: sans-serif; font-size: 9.2pt }
.cols { column-count: 2; column-gap: 0.6cm; text-align: justify; hyphens: auto }
p { margin: 0 0 4pt } .open { text-align-last: justify; margin: 0 }
.caption { font-family: sans-serif; font-size: 8pt; font-weight: bold; text-align: left }
table { font-family: sans-serif; font-size: 7.5pt; border-collapse: collapse; width: 100%;
  margin: 4pt 0 } tr { break-inside: avoid }
.fixed table { table-layout: fixed }
td, th { padding: 0 3pt; vertical-align: top; text-align: left; font-weight: normal }
"""
_RULES = {
    "booktabs": "table { border-top: 1pt solid black; border-bottom: 1pt solid black }"
    " thead tr { border-bottom: 0.5pt solid black }",
    "none": "",
}
_TITLE = "<h1>Strength training for knee osteoarthritis: a randomised trial</h1>"
_INTRO = "The exercise group trained in the hospital gym under a physiotherapist (Table 2)."
_AFTER = "<h3>Control group</h3><p>Usual care from the general practitioner.</p>"


def _table(rows: list[tuple[str, ...]], head: bool = True) -> str:
    header = "<thead><tr>" + "".join(f"<th>{c}</th>" for c in _HEAD) + "</tr></thead>"
    cells = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table>{header if head else ''}<tbody>{cells}</tbody></table>"


def _caption(text: str) -> str:
    return f'<p class="caption">{text}</p>'


def _write(path: Path, body: str, rules: str = "booktabs") -> Path:
    from weasyprint import HTML

    page = f"<html><head><style>{_CSS}{_RULES[rules]}</style></head><body>{body}</body></html>"
    HTML(string=page).write_pdf(str(path))
    return path


def _in_column(path: Path, caption: str, rules: str = "booktabs") -> Path:
    """A two-column page with the table in the left column under its caption."""
    return _write(
        path,
        f'{_TITLE}<div class="cols"><h2>Methods</h2><p>{_PARA * 2}</p><h3>Exercise group</h3>'
        f"<p>{_INTRO}</p>{_caption(caption)}{_table(_ROWS[:5])}{_AFTER}"
        f"<h2>Results</h2><p>{_PARA * 3}</p></div>",
        rules,
    )


_BEFORE_TABLE = (
    "Sessions started with a warm-up on a cycle ergometer and ended with stretching, and the "
    "physiotherapist recorded attendance at every session in a"
)
_AFTER_TABLE = "logbook kept at the gym for the whole of the trial."


def _across(path: Path, below: bool) -> Path:
    """A two-column page with a full-width table in the middle: a paragraph runs from the band
    above the table (its right column) to the band below it (its left column)."""
    table = _table(_ROWS[:5])
    wide = (
        table + _caption("Table 2 Exercise programme")
        if below
        else (_caption("Table 2 Exercise programme") + table)
    )
    return _write(
        path,
        f'{_TITLE}<div class="cols"><h2>Methods</h2><p>{_PARA * 2}</p><h3>Exercise group</h3>'
        f'<p>{_INTRO}</p><p class="open">{_PARA} {_BEFORE_TABLE}</p></div>{wide}'
        f'<div class="cols"><p>{_AFTER_TABLE} {_PARA * 2}</p>{_AFTER}<h2>Results</h2>'
        f"<p>{_PARA * 2}</p></div>",
    )


def _continued(path: Path, how: str) -> Path:
    """A one-column report whose table starts at the foot of page 1 and goes on on page 2:
    under "Table 2 (continued)", under its header repeated, or with neither (its columns as
    wide as on page 1, as a journal sets them)."""
    first, rest = _ROWS[:3], _ROWS[3:]
    if how == "caption":
        second = _caption("Table 2 (continued)") + _table(rest, head=True)
    elif how == "header":
        second = _table(rest, head=True)
    else:
        second = _table(rest, head=False)
    return _write(
        path,
        f"{_TITLE}<h2>Methods</h2><p>{_PARA * 9}</p><h3>Exercise group</h3><p>{_INTRO}</p>"
        f'<div class="fixed">{_caption("Table 2 Exercise programme")}{_table(first)}'
        f'<div style="break-before: page">{second}</div></div>{_AFTER}'
        f"<h2>Results</h2><p>{_PARA * 2}</p>",
    )


def _table_sentences(path: Path) -> tuple[list[str], list[str]]:
    """(the sentences of the table's sections, the other sentences)."""
    document = read_report(path)
    label = [document.section_label(s).lower() for s in document.sentences]
    in_table = [s.text for s, la in zip(document.sentences, label, strict=True) if "table" in la]
    others = [s.text for s, la in zip(document.sentences, label, strict=True) if "table" not in la]
    return in_table, others


def _rated_from(path: Path, name: str, pages: set[int]) -> None:
    appraisal = appraise_file(path)
    assert appraisal.arm == "Exercise group"
    assert appraisal.cert is not None and appraisal.tidier is not None
    for item in (appraisal.cert.item("8"), appraisal.cert.item("13"), appraisal.tidier.item("8")):
        assert item.reported, item.reason
        assert all(name in e.section for e in item.evidence), item.evidence
        assert {e.page for e in item.evidence} <= pages


_SQUAT = (
    "Squat; 3 sets; 10 repetitions; Intensity: 60% 1RM; "
    "Frequency: 3 sessions per week for 12 weeks."
)


@pytest.mark.parametrize("caption", ["Table 2. Exercise programme", "TABLE 2 EXERCISE PROGRAMME",
                                     "Table 2: Exercise programme"])  # fmt: skip
def test_caption_styles_name_the_table(tmp_path: Path, caption: str) -> None:
    path = _in_column(tmp_path / "styles.pdf", caption)
    rows, others = _table_sentences(path)
    assert _SQUAT in rows and len(rows) == 6  # the header and five exercises
    _rated_from(path, caption, {1})
    assert not any("1RM" in s for s in others)


def test_a_supplementary_table_s1_is_read(tmp_path: Path) -> None:
    path = _in_column(tmp_path / "s1.pdf", "Table S1 Exercise programme")
    document = read_report(path)
    table = next(s for s in document.sections if s.heading.startswith("Table S1"))
    rows = [s.text for s in document.sentences if document.sections[s.section] is table]
    assert _SQUAT in rows and len(rows) == 6  # the header and five exercises
    _rated_from(path, "Table S1", {1})


@pytest.mark.parametrize("rules", ["booktabs", "none"])
def test_booktabs_and_unruled_tables_keep_rows_and_headers(tmp_path: Path, rules: str) -> None:
    # no cell borders: the rows are as close as the wrapped lines of a cell ("Leg" / "press",
    # "60%" / "1RM", "3 sessions per week" / "for 12 weeks")
    path = _in_column(tmp_path / f"{rules}.pdf", "Table 2 Exercise programme", rules)
    rows, others = _table_sentences(path)
    assert rows[0] == "Exercise; Sets; Repetitions; Intensity; Frequency."
    assert rows[1] == _SQUAT
    assert rows[2] == (
        "Leg press; 3 sets; 12 repetitions; Intensity: 65% 1RM; "
        "Frequency: 3 sessions per week for 12 weeks."
    )
    assert len(rows) == 6
    assert "Usual care from the general practitioner." in others
    _rated_from(path, "Table 2 Exercise programme", {1})


@pytest.mark.parametrize("below", [False, True], ids=["caption-above", "caption-below"])
def test_a_full_width_table_between_two_column_bands(tmp_path: Path, below: bool) -> None:
    path = _across(tmp_path / "across.pdf", below)
    rows, others = _table_sentences(path)
    assert _SQUAT in rows and len(rows) == 6
    # the paragraph around the table reads on as one, with no table text in it
    assert any(f"{_BEFORE_TABLE} {_AFTER_TABLE}" in s.replace("\n", " ") for s in others), others
    assert not any("1RM" in s or "Repetitions" in s for s in others)
    _rated_from(path, "Table 2 Exercise programme", {1})


@pytest.mark.parametrize("how", ["caption", "header", "bare"])
def test_a_table_continued_over_a_page_is_one_table(tmp_path: Path, how: str) -> None:
    path = _continued(tmp_path / f"continued-{how}.pdf", how)
    document = read_report(path)
    assert len(document.pages) == 2
    tables = [s for s in document.sections if "Table 2" in s.heading]
    assert {s.heading for s in tables} == {"Table 2 Exercise programme"}  # named once
    rows = [s for s in document.sentences if "Table 2" in document.section_label(s)]
    texts = [s.text for s in rows]
    assert texts.count("Exercise; Sets; Repetitions; Intensity; Frequency.") == 1
    assert len(texts) == 1 + len(_ROWS), texts
    pages = {s.text.split(";")[0]: document.page_of(s.start) for s in rows}
    assert pages["Squat"] == 1 and pages["Wall sit"] == 2
    appraisal = appraise_file(path)
    assert appraisal.cert is not None
    dose = appraisal.cert.item("13")
    assert dose.reported and all("Table 2" in e.section for e in dose.evidence)
    others = [s.text for s in document.sentences if "Table 2" not in document.section_label(s)]
    assert not any("1RM" in s for s in others)

"""Journal PDFs: page furniture removed before sentences are split, title from the article."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest

from exdose.appraise.batch import appraise_file
from exdose.appraise.ingest import read_report
from exdose.appraise.pdf import Line, lines_to_text

_CSS = """@page { size: A4; margin: 2cm;
  @top-center { content: "Berg et al. Trials (2017) 18:212"; font-size: 8pt }
  @bottom-center { content: "Page " counter(page) " of " counter(pages); font-size: 8pt } }
body { column-count: 2; font-size: 10pt } .mast { font-weight: bold }"""


@pytest.fixture(scope="module")
def journal_pdf(tmp_path_factory: pytest.TempPathFactory, knee_md: Path) -> Path:
    """The knee report as a two-column journal PDF: masthead, running header, page footer,
    licence line."""
    from weasyprint import HTML

    parts = ['<div class="mast">Trials</div><div class="mast">RESEARCH Open Access</div>']
    for line in knee_md.read_text("utf-8").split("\n"):
        match = re.match(r"^(#{1,6})\s+(.*)$", line)
        if match:
            level = len(match.group(1))
            parts.append(f"<h{level}>{html.escape(match.group(2))}</h{level}>")
        elif line.strip():
            parts.append(f"<p>{html.escape(line)}</p>")
    parts.append(
        "<p>© The Author(s). 2017 Open Access This article is distributed under the terms of "
        "the Creative Commons Attribution 4.0 International License.</p>"
    )
    page = f"<html><head><style>{_CSS}</style></head><body>{''.join(parts)}</body></html>"
    path = tmp_path_factory.mktemp("journal") / "knee_journal.pdf"
    HTML(string=page).write_pdf(str(path))
    return path


def test_title_comes_from_the_article_not_the_masthead(journal_pdf: Path, knee_md: Path) -> None:
    document = read_report(journal_pdf)
    assert document.title == knee_md.read_text("utf-8").split("\n")[0]
    assert len(document.pages) >= 2 and document.pages[0] == 0


def test_running_header_footer_and_licence_are_not_in_the_text(journal_pdf: Path) -> None:
    text = read_report(journal_pdf).text
    assert "et al. Trials" not in text
    assert not re.search(r"Page \d+ of \d+", text)
    assert "Creative Commons" not in text


def test_two_column_pdf_rates_like_its_text(journal_pdf: Path, knee_md: Path) -> None:
    pdf, plain = appraise_file(journal_pdf), appraise_file(knee_md)
    assert pdf.cert is not None and plain.cert is not None
    assert pdf.tidier is not None and plain.tidier is not None
    differ = [
        a.id
        for ours, theirs in ((pdf.cert, plain.cert), (pdf.tidier, plain.tidier))
        for a, b in zip(ours.items, theirs.items, strict=True)
        if a.reported != b.reported
    ]
    assert len(differ) <= 2, differ
    pages = {e.page for item in pdf.cert.items for e in item.evidence}
    assert pages and None not in pages


def _page(lines: list[str]) -> list[Line]:
    """Lines as a text layer without type sizes gives them: one below the other, page wide."""
    return [Line(text, 50.0, 550.0, 800.0 - 14 * i) for i, text in enumerate(lines)]


def test_a_sentence_across_a_page_break_is_whole_again() -> None:
    # What a journal PDF's text layer gives at a page break: the word hyphenated with U+2010,
    # then the footer, the page number, the next page's running header.
    page1 = [
        "Trials",
        "STUDY PROTOCOL Open Access",
        "Home exercise after hip fracture: a randomised trial",
        "Methods",
        "Participants will perform the exer\u2010",
        "© The Author(s). 2017 Open Access This article is distributed under the terms",
        "Page 1 of 8",
    ]
    page2 = [
        "Berg et al. Trials (2017) 18:212 Page 2 of 8",
        "cises three times a week at home.",
        "Berg et al. Trials (2017) 18:212",
    ]
    page3 = ["Berg et al. Trials (2017) 18:212 Page 3 of 8", "Results", "All did well."]
    text, headings, pages = lines_to_text([_page(page1), _page(page2), _page(page3)])
    assert text.split("\n")[0] == "Home exercise after hip fracture: a randomised trial"
    assert "Participants will perform the exercises three times a week at home." in text
    assert "et al" not in text and "Page" not in text and "©" not in text
    assert [h[3] for h in headings] == ["Methods", "Results"]
    assert len(pages) == 3


def test_a_password_protected_pdf_says_so(tmp_path: Path, knee_pdf: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    from exdose.errors import IngestError

    reader = pypdf.PdfReader(str(knee_pdf))
    writer = pypdf.PdfWriter()
    for page in reader.pages:
        writer.add_page(page)
    writer.encrypt(user_password="secret", algorithm="RC4-128")  # no extra crypto library
    locked = tmp_path / "locked.pdf"
    with locked.open("wb") as handle:
        writer.write(handle)
    with pytest.raises(IngestError, match="password-protected") as caught:
        read_report(locked)
    assert caught.value.hint is not None and "unprotected copy" in caught.value.hint


REAL = Path(__file__).resolve().parents[2] / "examples" / "reports" / "documents"
_WORDS = re.compile(r"[\w\u2010-]+")


@pytest.fixture(
    scope="module",
    params=["Protocol_005_PMC6069849", "Results_005_PMC6977217", "Results_014_PMC5741924"],
)
def real_report(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, journal: Any
) -> tuple[Path, Path]:
    """(the plain text of a real trial report, the same report as a two-column journal PDF)."""
    text = REAL / f"{request.param}.txt"
    kind = "STUDY PROTOCOL" if request.param.startswith("Protocol") else "RESEARCH"
    pdf = tmp_path_factory.mktemp("real") / f"{request.param}.pdf"
    return text, journal.pdf(text.read_text("utf-8"), pdf, kind)


def test_a_two_column_pdf_of_a_real_report_rates_item_by_item_like_its_text(
    real_report: tuple[Path, Path],
) -> None:
    text, pdf = real_report
    ours, theirs = appraise_file(pdf), appraise_file(text)
    assert ours.error is None and ours.cert is not None and ours.tidier is not None
    assert theirs.cert is not None and theirs.tidier is not None
    assert (ours.doc_type, ours.arm, ours.arms) == (theirs.doc_type, theirs.arm, theirs.arms)
    for mine, plain in ((ours.cert, theirs.cert), (ours.tidier, theirs.tidier)):
        assert [(i.id, i.reported) for i in mine.items] == [(i.id, i.reported) for i in plain.items]
    assert all(e.page for item in ours.cert.items for e in item.evidence)


def test_the_pdf_has_the_texts_headings_at_their_levels(real_report: tuple[Path, Path]) -> None:
    # Third-level (and deeper) headings are told by their type: bold italic, italic.
    text, pdf = real_report
    from_pdf, plain = read_report(pdf), read_report(text)
    assert from_pdf.title == plain.title
    assert [s.path for s in from_pdf.sections] == [s.path for s in plain.sections]
    assert [s.level for s in from_pdf.sections] == [s.level for s in plain.sections]
    if pdf.name.startswith("Protocol_005"):  # the parts of the intervention, four levels down
        assert ("Methods", "Treatment protocol", "Individual therapy") in {
            s.path for s in from_pdf.sections
        }


def test_hyphenation_and_page_furniture_leave_no_word_of_their_own(
    real_report: tuple[Path, Path],
) -> None:
    import pypdfium2 as pdfium

    text, pdf = real_report
    document = pdfium.PdfDocument(str(pdf))
    layer = "".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    document.close()
    assert layer.count("\u2010\r\n") >= 20  # the typesetter broke words at line ends
    assert "Page 2 of" in layer and "Creative Commons" in layer
    words = set(_WORDS.findall(read_report(pdf).text)) - set(_WORDS.findall(text.read_text()))
    # Every word of the PDF's text is a word of the plain text, but for the author line and the
    # compounds the plain text itself splits ("hand-to- mouth", "video- related" in the corpus
    # files).
    assert words <= {"Ann", "Ben", "Cas", "Author", "hand-to-mouth", "video-related"}


_FILLER = (
    "Participants were adults aged 60 to 80 years with knee osteoarthritis recruited from "
    "general practices in two cities, screened by telephone and seen once at the clinic. "
)


def test_columns_are_read_left_then_right_whatever_order_the_page_draws_them(
    tmp_path: Path,
) -> None:
    # The right column comes first in the page's content stream (it is placed first), as in
    # PDFs whose columns were laid out of order.
    from weasyprint import HTML

    left = (
        f"<h2>Methods</h2><p>{_FILLER * 3}</p><h3>Exercise group</h3>"
        "<p>The exercise group trained in the hospital gym, supervised by a physiotherapist, "
        "three</p>"
    )
    right = (
        "<p>times a week for 12 weeks at 60% of the heart rate reserve.</p>"
        f"<h3>Control group</h3><p>Usual care from the general practitioner. {_FILLER}</p>"
    )
    page = (
        "<html><head><style>body { font-size: 10pt } h2 { font-size: 13pt } "
        "h3 { font-size: 10pt }</style></head><body>"
        "<h1>Exercise for knee osteoarthritis: a randomised trial</h1>"
        f'<div style="position: absolute; top: 3cm; left: 52%; width: 48%">{right}</div>'
        f'<div style="position: absolute; top: 3cm; left: 0; width: 48%">{left}</div>'
        "</body></html>"
    )
    path = tmp_path / "columns.pdf"
    HTML(string=page).write_pdf(str(path))
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    layer = document[0].get_textpage().get_text_range()
    document.close()
    assert layer.index("times a week") < layer.index("Methods")  # drawn right column first

    read = read_report(path)
    assert read.title == "Exercise for knee osteoarthritis: a randomised trial"
    assert [s.path for s in read.sections[1:]] == [
        ("Methods",),
        ("Methods", "Exercise group"),
        ("Methods", "Control group"),
    ]
    sentences = [s.text for s in read.sentences]
    assert (
        "The exercise group trained in the hospital gym, supervised by a physiotherapist, three "
        "times a week for 12 weeks at 60% of the heart rate reserve."
    ) in sentences


def test_a_pdf_printed_by_chromium_rates_like_its_text(tmp_path: Path, journal: Any) -> None:
    # Another PDF writer (Skia, as browsers print): other fonts, no hyphenation, its own runs.
    import shutil
    import subprocess

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("chromium is not installed")
    text = REAL / "Protocol_005_PMC6069849.txt"
    page = tmp_path / "journal.html"
    page.write_text(journal.html(text.read_text("utf-8"), "STUDY PROTOCOL"), "utf-8")
    pdf = tmp_path / "journal.pdf"
    subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
         f"--print-to-pdf={pdf}", page.as_uri()],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    ours, theirs = appraise_file(pdf), appraise_file(text)
    assert ours.cert is not None and ours.tidier is not None
    assert theirs.cert is not None and theirs.tidier is not None
    assert (ours.doc_type, ours.arm) == (theirs.doc_type, theirs.arm)
    for mine, plain in ((ours.cert, theirs.cert), (ours.tidier, theirs.tidier)):
        assert [(i.id, i.reported) for i in mine.items] == [(i.id, i.reported) for i in plain.items]
    assert [s.path for s in read_report(pdf).sections] == [
        s.path for s in read_report(text).sections
    ]

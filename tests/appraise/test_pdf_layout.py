"""Journal PDFs: page furniture removed before sentences are split, title from the article."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from exdose.appraise.batch import appraise_file
from exdose.appraise.ingest import _lines_to_blocks, _without_page_furniture, read_report

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
    text, headings, pages = _lines_to_blocks(_without_page_furniture([page1, page2, page3]))
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

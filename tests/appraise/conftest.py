"""Shared fixtures for the appraisal tests: the self-written reports and formats made from them."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "data" / "appraise"
DEV = Path(__file__).resolve().parents[2] / "examples" / "reports"


@pytest.fixture(scope="session")
def knee_md() -> Path:
    """A results paper (Markdown): supervised group strength training vs usual care."""
    return DATA / "knee_strength_results.md"


@pytest.fixture(scope="session")
def balance_xml() -> Path:
    """A protocol (JATS XML): home balance programme vs education leaflet."""
    return DATA / "balance_protocol.xml"


def markdown_to_html(text: str) -> str:
    """Minimal Markdown (headings, paragraphs) to HTML, for making PDF fixtures."""
    parts = []
    for line in text.split("\n"):
        match = re.match(r"^(#{1,6})\s+(.*)$", line)
        if match:
            level = len(match.group(1))
            parts.append(f"<h{level}>{html.escape(match.group(2))}</h{level}>")
        elif line.strip():
            parts.append(f"<p>{html.escape(line)}</p>")
    return "<html><body>" + "".join(parts) + "</body></html>"


@pytest.fixture(scope="session")
def knee_pdf(tmp_path_factory: pytest.TempPathFactory, knee_md: Path) -> Path:
    """The knee report as a PDF with a text layer, written by weasyprint."""
    from weasyprint import HTML

    path = tmp_path_factory.mktemp("pdf") / "knee.pdf"
    HTML(string=markdown_to_html(knee_md.read_text("utf-8"))).write_pdf(str(path))
    return path


@pytest.fixture(scope="session")
def knee_docx(tmp_path_factory: pytest.TempPathFactory, knee_md: Path) -> Path:
    """The knee report as DOCX (headings as Heading styles), written by python-docx."""
    import docx

    document = docx.Document()
    lines = knee_md.read_text("utf-8").split("\n")
    document.add_paragraph(lines[0], style="Title")
    for line in lines[1:]:
        match = re.match(r"^(#{1,6})\s+(.*)$", line)
        if match:
            document.add_heading(match.group(2), level=len(match.group(1)) - 1)
        elif line.strip():
            document.add_paragraph(line)
    path = tmp_path_factory.mktemp("docx") / "knee.docx"
    document.save(str(path))
    return path


# A journal's two-column layout (BMC-like): masthead and article type on the first page, the
# title in large type, a running header with the page number on the others, the licence in small
# type at the foot of the first column, headings by type (section 11 pt bold, subsection bold,
# third level bold italic, fourth level italic), justified text hyphenated by the typesetter.
_JOURNAL_CSS = """
@page { size: A4; margin: 2.3cm 1.7cm 2cm 1.7cm;
  @top-left { content: "Author et al. Trials (2017) 18:212"; font-size: 7.5pt }
  @top-right { content: "Page " counter(page) " of " counter(pages); font-size: 7.5pt } }
@page :first { @top-left { content: none } @top-right { content: none } }
html { font-family: "DejaVu Serif", serif; font-size: 9.2pt; line-height: 1.25 }
.mast { font-family: sans-serif; font-size: 8pt }
.kind { font-family: sans-serif; font-weight: bold; font-size: 9pt }
h1 { font-family: sans-serif; font-size: 16pt; margin: 6pt 0 8pt }
.authors { font-family: sans-serif; font-size: 9pt; margin-bottom: 10pt }
.body { column-count: 2; column-gap: 0.6cm; text-align: justify; hyphens: auto }
h2 { font-family: sans-serif; font-size: 11pt; margin: 8pt 0 3pt }
h3 { font-family: sans-serif; font-size: 9.2pt; margin: 6pt 0 2pt }
h4 { font-family: sans-serif; font-size: 9.2pt; font-style: italic; margin: 5pt 0 2pt }
h5, h6 { font-family: sans-serif; font-size: 9.2pt; font-weight: normal; font-style: italic;
  margin: 4pt 0 2pt }
p { margin: 0 0 4pt }
.licence { font-size: 6.5pt }
"""
_LICENCE = (
    "© The Author(s). 2017 Open Access This article is distributed under the terms of the "
    "Creative Commons Attribution 4.0 International License, which permits unrestricted use, "
    "distribution, and reproduction in any medium, provided you give appropriate credit to the "
    "original author(s) and the source."
)


@pytest.fixture(scope="session")
def journal() -> object:
    """The journal layout builders (`journal_pdf`, `journal_html`) for the PDF tests."""
    import types

    return types.SimpleNamespace(pdf=journal_pdf, html=journal_html)


def journal_pdf(text: str, path: Path, kind: str = "RESEARCH") -> Path:
    """A Markdown-headed report laid out as a two-column journal article PDF (weasyprint)."""
    from weasyprint import HTML

    HTML(string=journal_html(text, kind)).write_pdf(str(path))
    return path


def journal_html(text: str, kind: str = "RESEARCH") -> str:
    """The journal layout of a Markdown-headed report as one HTML page (see `journal_pdf`)."""
    lines = text.split("\n")
    body: list[str] = []
    for line in lines[1:]:
        match = re.match(r"^(#{1,6})\s+(.*)$", line)
        if match:
            level = len(match.group(1))
            body.append(f"<h{level}>{html.escape(match.group(2))}</h{level}>")
        elif line.strip():
            body.append(f"<p>{html.escape(line.strip())}</p>")
    # the licence ends the first column's text, after the abstract (before "## Background")
    after_abstract = next(
        (i for i, part in enumerate(body) if part.startswith("<h2") and i > 2), len(body)
    )
    body.insert(after_abstract, f'<p class="licence">{html.escape(_LICENCE)}</p>')
    return (
        f'<html lang="en"><head><meta charset="utf-8"><style>{_JOURNAL_CSS}</style></head><body>'
        '<div class="mast">Author et al. Trials (2017) 18:212 DOI 10.1186/s13063-017-1234-5</div>'
        f'<div class="kind">{kind} Open Access</div><h1>{html.escape(lines[0].strip())}</h1>'
        '<div class="authors">Ann Author, Ben Author and Cas Author</div>'
        f'<div class="body">{"".join(body)}</div></body></html>'
    )

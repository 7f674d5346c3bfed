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

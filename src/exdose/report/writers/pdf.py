"""The PDF writer: WeasyPrint lays out the same HTML page on A4."""

from __future__ import annotations

from exdose.report.document import Document
from exdose.report.writers.html import to_html


def to_pdf(document: Document, figures: dict[str, bytes] | None = None) -> bytes:
    """The document as PDF, laid out by WeasyPrint from the same HTML."""
    import logging

    from weasyprint import HTML

    # WeasyPrint logs every unsupported CSS detail; the library must not write to the terminal.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    pdf = HTML(string=to_html(document, figures)).write_pdf()
    assert isinstance(pdf, bytes)
    return pdf

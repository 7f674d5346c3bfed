"""The DOCX writer: real Word headings, paragraphs, tables and pictures."""

from __future__ import annotations

import io
from collections.abc import Sequence

from exdose.report.document import (
    TICK,
    Block,
    Box,
    Bullets,
    Document,
    Figure,
    Heading,
    Image,
    Keep,
    PageBreak,
    Paragraph,
    Table,
)


def to_docx(document: Document, figures: dict[str, bytes] | None = None) -> bytes:
    """The document as a Word file: real headings, paragraphs, tables and pictures."""
    from docx import Document as new_docx
    from docx.shared import Cm, Pt

    doc = new_docx()
    doc.core_properties.language = document.lang  # Word's proofing language for the handout
    section = doc.sections[0]
    margin = Cm(2.0)
    section.left_margin = section.right_margin = margin
    section.top_margin = section.bottom_margin = margin
    normal = doc.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(13 if document.audience == "handout" else 10.5)
    width = int(section.page_width or Cm(21.0)) - 2 * int(margin)
    _docx_blocks(doc, document.blocks, figures or {}, width, 0)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _docx_blocks(
    doc: object, blocks: Sequence[Block], figures: dict[str, bytes], width: int, base: int
) -> None:
    from docx.enum.text import WD_BREAK
    from docx.shared import Pt

    for block in blocks:
        if isinstance(block, Heading):
            # Heading levels as in the Markdown; the first top-level heading is the Title
            level = min(block.level + base, 9)
            if level == 1 and not any(p.style.name == "Title" for p in doc.paragraphs):  # type: ignore[attr-defined]
                level = 0
            doc.add_heading(block.text, level=level)  # type: ignore[attr-defined]
        elif isinstance(block, Paragraph):
            para = doc.add_paragraph()  # type: ignore[attr-defined]
            if block.lead:
                para.add_run(block.lead + " ").bold = True
            para.add_run(block.text)
        elif isinstance(block, Bullets):
            for lead, text in block.items:
                para = doc.add_paragraph(style="List Bullet")  # type: ignore[attr-defined]
                if lead:
                    para.add_run(lead + " ").bold = True
                para.add_run(text)
        elif isinstance(block, Table):
            if block.caption:
                cap = doc.add_paragraph()  # type: ignore[attr-defined]
                cap.add_run(block.caption).italic = True
            table = doc.add_table(rows=1, cols=len(block.header))  # type: ignore[attr-defined]
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, block.header, strict=True):
                cell.text = ""
                cell.paragraphs[0].add_run(text).bold = True
            for row in block.rows:
                cells = table.add_row().cells
                for cell, text in zip(cells, row, strict=True):
                    cell.text = text
                    if block.ticks and text and not text.replace(TICK, "").strip():
                        for run in cell.paragraphs[0].runs:
                            run.font.size = Pt(16)
            _repeat_header(table)
            doc.add_paragraph()  # type: ignore[attr-defined]
        elif isinstance(block, Figure):
            png = figures.get(block.key)
            if png is None:
                continue
            doc.add_picture(io.BytesIO(png), width=width)  # type: ignore[attr-defined]
            cap = doc.add_paragraph()  # type: ignore[attr-defined]
            cap.add_run(block.caption).italic = True
        elif isinstance(block, Image):
            from docx.shared import Cm

            picture_width = min(width, int(Cm(6)))  # an exercise picture, not a full-width figure
            doc.add_picture(io.BytesIO(block.data), width=picture_width)  # type: ignore[attr-defined]
        elif isinstance(block, Keep):
            start = len(_body_blocks(doc))
            _docx_blocks(doc, block.blocks, figures, width, base)
            _keep_together(_body_blocks(doc)[start:])
        elif isinstance(block, Box):
            doc.add_heading(block.title, level=min(3 + base, 9))  # type: ignore[attr-defined]
            _docx_blocks(doc, block.blocks, figures, width, base + 1)
        elif isinstance(block, PageBreak):
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)  # type: ignore[attr-defined]


def _body_blocks(doc: object) -> list[object]:
    """The paragraphs and tables of the body, in order (without the section settings)."""
    from docx.oxml.ns import qn

    body = doc.element.body  # type: ignore[attr-defined]
    return [element for element in body if element.tag != qn("w:sectPr")]


def _keep_together(added: list[object]) -> None:
    """Keep these body blocks on one page where they fit: Word's "keep with next" on every
    paragraph of them (table cells included) but the last, as `.keep` does in the HTML."""
    from docx.oxml.ns import qn

    paragraphs = [p for element in added for p in element.iter(qn("w:p"))]  # type: ignore[attr-defined]
    for paragraph in paragraphs[:-1]:
        paragraph.get_or_add_pPr().keepNext_val = True


def _repeat_header(table: object) -> None:
    """Mark the first row as a header row so Word repeats it on each page of a long table."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tr_pr = table.rows[0]._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)

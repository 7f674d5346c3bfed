"""Rendering a programme to Markdown, HTML, PDF or DOCX.

`methods.py` and `handout.py` build one format-free document (a list of blocks: headings,
paragraphs, bullet lists, tables, boxed groups, figures); the writers here turn that one document
into each format, so the four outputs always say the same thing. Figures are drawn only for the
formats that carry them (HTML, PDF, DOCX); Markdown carries the same numbers as tables.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from exdose.errors import UsageError
from exdose.files import write_bytes_atomic, write_text_atomic

if TYPE_CHECKING:
    from exdose.program.io import LoadedProgram

Audience = Literal["methods", "handout"]
FORMATS: tuple[str, ...] = (".md", ".html", ".pdf", ".docx")

# --- the document model ----------------------------------------------------------------------


@dataclass(frozen=True)
class Heading:
    """A heading; level 1 is the document title."""

    level: int
    text: str


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of plain text, optionally opened by a bold lead-in ("Cues.")."""

    text: str
    lead: str | None = None


@dataclass(frozen=True)
class Bullets:
    """A bullet list; each item is (bold lead-in or None, text)."""

    items: tuple[tuple[str | None, str], ...]


@dataclass(frozen=True)
class Table:
    """A table with a header row; `ticks` marks a tick-off table (empty boxes to fill in)."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str | None = None
    ticks: bool = False


@dataclass(frozen=True)
class Figure:
    """A figure drawn from the programme's planned dose; `key` names it in `figures.py`."""

    key: str
    caption: str


@dataclass(frozen=True)
class Box:
    """A group of blocks that belongs together on paper (one handout session)."""

    title: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class PageBreak:
    """Start a new page on paper (PDF, DOCX); nothing in Markdown."""


Block = Heading | Paragraph | Bullets | Table | Figure | Box | PageBreak


@dataclass
class Document:
    """A rendered programme: title, blocks and the figures the blocks refer to."""

    title: str
    audience: Audience
    blocks: list[Block] = field(default_factory=list)

    def figure_keys(self) -> list[str]:
        """The keys of every figure in the document, in order."""
        keys: list[str] = []

        def visit(blocks: Sequence[Block]) -> None:
            for block in blocks:
                if isinstance(block, Figure):
                    keys.append(block.key)
                elif isinstance(block, Box):
                    visit(block.blocks)

        visit(self.blocks)
        return keys

    def headings(self) -> list[str]:
        """Every heading text, in order (for tests and the checklist 'where' column)."""
        return [block.text for block in self.blocks if isinstance(block, Heading)]


TICK = "☐"

# --- entry points ----------------------------------------------------------------------------


def build_document(loaded: LoadedProgram, audience: Audience) -> Document:
    """The format-free document for an audience."""
    if audience == "methods":
        from exdose.report.methods import methods_document

        return methods_document(loaded)
    if audience == "handout":
        from exdose.report.handout import handout_document

        return handout_document(loaded)
    raise UsageError(f"unknown audience {audience!r}", hint="use methods or handout")


def render_file(loaded: LoadedProgram, output: Path, audience: str) -> None:
    """Render a loaded programme for an audience into OUTPUT (.md, .html, .pdf or .docx)."""
    output = Path(output)
    suffix = output.suffix.lower()
    if suffix not in FORMATS:
        raise UsageError(
            f"cannot render to {output.name!r}: unknown file type {suffix or '(none)'!r}",
            file=output,
            hint="end the output name with .md, .html, .pdf or .docx",
        )
    if audience not in ("methods", "handout"):
        raise UsageError(f"unknown audience {audience!r}", hint="use methods or handout")
    document = build_document(loaded, audience)  # type: ignore[arg-type]
    if suffix == ".md":
        write_text_atomic(output, to_markdown(document))
        return
    figures = _figures(loaded, document)
    if suffix == ".html":
        write_text_atomic(output, to_html(document, figures))
    elif suffix == ".pdf":
        write_bytes_atomic(output, to_pdf(document, figures))
    else:
        write_bytes_atomic(output, to_docx(document, figures))


def _figures(loaded: LoadedProgram, document: Document) -> dict[str, bytes]:
    keys = document.figure_keys()
    if not keys:
        return {}
    from exdose.report.figure_io import figure_bytes
    from exdose.report.figures import DPI, dose_figures

    return {
        key: figure_bytes(figure, dpi=DPI, tight=True)
        for key, figure in dose_figures(loaded, keys).items()
    }


# --- Markdown --------------------------------------------------------------------------------


def _md_escape(text: str) -> str:
    # Only what would change the meaning in running text: table pipes and line breaks.
    return text.replace("|", "\\|").replace("\n", " ")


def _md_blocks(blocks: Sequence[Block], out: list[str], base_level: int = 0) -> None:
    for block in blocks:
        if isinstance(block, Heading):
            out.append(f"{'#' * min(block.level + base_level, 6)} {block.text}\n")
        elif isinstance(block, Paragraph):
            lead = f"**{block.lead}** " if block.lead else ""
            out.append(f"{lead}{block.text}\n")
        elif isinstance(block, Bullets):
            lines = [f"- **{lead}** {text}" if lead else f"- {text}" for lead, text in block.items]
            out.append("\n".join(lines) + "\n")
        elif isinstance(block, Table):
            if block.caption:
                out.append(f"*{block.caption}*\n")
            header = "| " + " | ".join(_md_escape(h) for h in block.header) + " |"
            rule = "|" + "|".join("---" for _ in block.header) + "|"
            rows = [
                "| " + " | ".join(_md_escape(cell) or " " for cell in row) + " |"
                for row in block.rows
            ]
            out.append("\n".join([header, rule, *rows]) + "\n")
        elif isinstance(block, Box):
            out.append(f"{'#' * min(3 + base_level, 6)} {block.title}\n")
            _md_blocks(block.blocks, out, base_level + 1)
        # Figures and page breaks have no Markdown form: the numbers are in the tables.


def to_markdown(document: Document) -> str:
    """The document as Markdown (CommonMark with pipe tables)."""
    out: list[str] = []
    _md_blocks(document.blocks, out)
    return "\n".join(out).rstrip() + "\n"


# --- HTML and PDF ----------------------------------------------------------------------------


def _template_env() -> object:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("exdose.report", "templates"),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _stylesheet() -> str:
    from importlib.resources import files

    return (files("exdose.report") / "templates" / "render.css").read_text(encoding="utf-8")


def to_html(document: Document, figures: dict[str, bytes] | None = None) -> str:
    """The document as one self-contained HTML page (CSS inline, figures as base64 PNG)."""
    import jinja2

    env = _template_env()
    assert isinstance(env, jinja2.Environment)
    images = {
        key: "data:image/png;base64," + base64.b64encode(png).decode("ascii")
        for key, png in (figures or {}).items()
    }
    template = env.get_template("document.html.j2")
    return template.render(
        document=document,
        css=_stylesheet(),
        images=images,
        audience=document.audience,
        kind=_kind,
    )


def _kind(block: Block) -> str:
    return type(block).__name__.lower()


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


# --- DOCX ------------------------------------------------------------------------------------


def to_docx(document: Document, figures: dict[str, bytes] | None = None) -> bytes:
    """The document as a Word file: real headings, paragraphs, tables and pictures."""
    from docx import Document as new_docx
    from docx.shared import Cm, Pt

    doc = new_docx()
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
                    if block.ticks and text == TICK:
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
        elif isinstance(block, Box):
            doc.add_heading(block.title, level=min(3 + base, 9))  # type: ignore[attr-defined]
            _docx_blocks(doc, block.blocks, figures, width, base + 1)
        elif isinstance(block, PageBreak):
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)  # type: ignore[attr-defined]


def _repeat_header(table: object) -> None:
    """Mark the first row as a header row so Word repeats it on each page of a long table."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tr_pr = table.rows[0]._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)

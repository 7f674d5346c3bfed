"""Rendering a programme to Markdown, HTML, PDF or DOCX.

The content builders (`methods.methods_document`, `handout.handout_document`) make one
format-free document (`exdose.report.document`); one writer per format (`exdose.report.writers`)
turns it into the file. Figures are built (as matplotlib Figures, `figures.py`) and encoded only
for the formats that carry them (HTML, PDF, DOCX); Markdown carries the same numbers as tables.

Dependencies inside report/ run one way: document <- words <- doses <- builders, figures <- this
module; the writers depend on the document model only.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from exdose.errors import UsageError
from exdose.files import write_bytes_atomic, write_text_atomic
from exdose.report.document import Audience, Document
from exdose.report.writers.docx import to_docx
from exdose.report.writers.html import to_html
from exdose.report.writers.markdown import to_markdown
from exdose.report.writers.pdf import to_pdf

if TYPE_CHECKING:
    from exdose.program.io import LoadedProgram

__all__ = [
    "FORMATS",
    "build_document",
    "render_file",
    "to_docx",
    "to_html",
    "to_markdown",
    "to_pdf",
]

FORMATS: tuple[str, ...] = (".md", ".html", ".pdf", ".docx")


def build_document(loaded: LoadedProgram, audience: Audience, lang: str = "en") -> Document:
    """The format-free document for an audience; handouts in en, nb or sv."""
    if audience == "methods":
        if lang != "en":
            raise UsageError(
                f"the methods text is written in English only, not {lang!r}",
                hint="languages apply to the handout",
            )
        from exdose.report.methods import methods_document

        return methods_document(loaded)
    if audience == "handout":
        from exdose.report.handout import handout_document

        return handout_document(loaded, lang)
    raise UsageError(f"unknown audience {audience!r}", hint="use methods or handout")


def render_file(loaded: LoadedProgram, output: Path, audience: str, lang: str = "en") -> None:
    """Render a loaded programme for an audience into OUTPUT (.md, .html, .pdf or .docx);
    `lang` (en, nb, sv) is the handout's language."""
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
    document = build_document(loaded, audience, lang)  # type: ignore[arg-type]
    if suffix == ".md":
        write_text_atomic(output, to_markdown(document))
        return
    figures = figure_images(loaded, document)
    if suffix == ".html":
        write_text_atomic(output, to_html(document, figures))
    elif suffix == ".pdf":
        write_bytes_atomic(output, to_pdf(document, figures))
    else:
        write_bytes_atomic(output, to_docx(document, figures))


def figure_images(loaded: LoadedProgram, document: Document) -> dict[str, bytes]:
    """The PNG of every figure the document refers to, by key (built, then encoded here)."""
    keys = document.figure_keys()
    if not keys:
        return {}
    from exdose.report.figure_io import figure_bytes
    from exdose.report.figures import DPI, dose_figures

    return {
        key: figure_bytes(figure, dpi=DPI, tight=True)
        for key, figure in dose_figures(loaded, keys).items()
    }

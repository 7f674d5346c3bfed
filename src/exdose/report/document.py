"""The format-free document model: what a rendered programme says, before any file format.

A document is a list of blocks (headings, paragraphs, bullet lists, tables, boxed groups, figures,
page breaks). The content builders (`methods`, `handout`) produce one; the writers in
`exdose.report.writers` turn that one document into Markdown, HTML, PDF or DOCX, so the outputs
always say the same thing. Text in the blocks is plain text: each writer escapes it for its format.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

Audience = Literal["methods", "handout"]


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
    """A table with a header row; `ticks` marks a tick-off table (empty boxes to fill in).

    `right` lists the columns (0-based) whose cells are numbers, aligned right.
    """

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str | None = None
    ticks: bool = False
    right: tuple[int, ...] = ()


@dataclass(frozen=True)
class Figure:
    """A figure drawn from the programme's planned dose; `key` names it in `figures.py`."""

    key: str
    caption: str


@dataclass(frozen=True)
class Image:
    """A picture from the programme (an exercise's `media` file), carried as its bytes.

    `source` is the path as the programme wrote it (Markdown links to it); `mime` is
    image/png, image/jpeg or image/gif.
    """

    data: bytes
    mime: str
    alt: str
    source: str


@dataclass(frozen=True)
class Box:
    """A group of blocks that belongs together on paper (one handout session)."""

    title: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class PageBreak:
    """Start a new page on paper (PDF, DOCX); nothing in Markdown."""


@dataclass(frozen=True)
class Keep:
    """Blocks kept together on one page where they fit (an exercise with its picture)."""

    blocks: tuple[Block, ...]


Block = Heading | Paragraph | Bullets | Table | Figure | Image | Box | Keep | PageBreak


@dataclass
class Document:
    """A rendered programme: title, blocks and the figures the blocks refer to."""

    title: str
    audience: Audience
    blocks: list[Block] = field(default_factory=list)
    lang: str = "en"

    def figure_keys(self) -> list[str]:
        """The keys of every figure in the document, in order."""
        keys: list[str] = []

        def visit(blocks: Sequence[Block]) -> None:
            for block in blocks:
                if isinstance(block, Figure):
                    keys.append(block.key)
                elif isinstance(block, (Box, Keep)):
                    visit(block.blocks)

        visit(self.blocks)
        return keys

    def headings(self) -> list[str]:
        """Every heading text, in order (for tests and the checklist 'where' column)."""
        return [block.text for block in self.blocks if isinstance(block, Heading)]


TICK = "☐"

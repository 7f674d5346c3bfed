"""The Markdown writer (CommonMark with pipe tables)."""

from __future__ import annotations

from collections.abc import Sequence

from exdose.report.document import (
    Block,
    Box,
    Bullets,
    Document,
    Heading,
    Image,
    Keep,
    Paragraph,
    Table,
)


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
            rules = ("---:" if c in block.right else "---" for c in range(len(block.header)))
            rule = "|" + "|".join(rules) + "|"
            rows = [
                "| " + " | ".join(_md_escape(cell) or " " for cell in row) + " |"
                for row in block.rows
            ]
            out.append("\n".join([header, rule, *rows]) + "\n")
        elif isinstance(block, Box):
            out.append(f"{'#' * min(3 + base_level, 6)} {block.title}\n")
            _md_blocks(block.blocks, out, base_level + 1)
        elif isinstance(block, Keep):
            _md_blocks(block.blocks, out, base_level)
        elif isinstance(block, Image):
            # The picture stays where the programme keeps it; Markdown links to it.
            alt = block.alt.replace("[", "(").replace("]", ")")
            out.append(f"![{_md_escape(alt)}](<{block.source}>)\n")
        # Figures and page breaks have no Markdown form: the numbers are in the tables.


def to_markdown(document: Document) -> str:
    """The document as Markdown (CommonMark with pipe tables)."""
    out: list[str] = []
    _md_blocks(document.blocks, out)
    return "\n".join(out).rstrip() + "\n"

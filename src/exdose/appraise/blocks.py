"""Building a report's text from headings and paragraphs, shared by the document readers.

The structured formats (JATS, DOCX, HTML, PDF) are written out as Markdown-like text: headings as
`## Heading` lines, paragraphs separated by a blank line, table rows as one sentence each.
"""

from __future__ import annotations

import re
from typing import Final

MAX_TEXT_CHARS: Final[int] = 5_000_000
"""Bound on the extracted text of one report: a real trial report is well under 300,000."""

_Heading = tuple[int, int, int, str]  # line start, line end, level, heading text

# A bare line that is a usual section name (with optional numbering), as in text pasted from a PDF.
_PLAIN_HEADING = re.compile(
    r"^(?:\d+(?:\.\d+)*\.?\s+)?(abstract|background|introduction|methods?|materials and methods|"
    r"methods and materials|methods/design|study design|design|participants|interventions?|"
    r"exercise (?:intervention|programme|program|protocol)|control group|outcomes?|"
    r"outcome measures|statistical analys[ie]s|results|discussion|conclusions?|limitations|"
    r"acknowledg(?:e)?ments?|references|funding|competing interests|trial registration|"
    r"setting|adherence|adverse events|procedures?|randomi[sz]ation|"
    # back matter headings often run on after a colon: "Supplementary material: checklists"
    r"(?:supplementary (?:materials?|files?|information|data)|appendix(?: [a-z0-9]{1,3})?)"
    r"(?:[ \t]*[:.\u2013-][^\n]{0,120})?)[ \t]*:?[ \t]*$",
    re.I | re.M,
)


class _Writer:
    """Collects headings and paragraphs into one text, remembering where each heading is."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.headings: list[_Heading] = []

    def heading(self, level: int, text: str) -> None:
        text = _clean(text)
        if not text:
            return
        line = "#" * max(1, min(level, 6)) + " " + text
        start = self.length
        self._add(line + "\n\n")
        self.headings.append((start, start + len(line), max(1, min(level, 6)), text))

    def paragraph(self, text: str) -> None:
        text = _clean(text)
        if text:
            self._add(text + "\n\n")

    def _add(self, chunk: str) -> None:
        self.parts.append(chunk)
        self.length += len(chunk)
        if self.length > MAX_TEXT_CHARS:
            raise _TooLong

    def result(self) -> tuple[str, list[_Heading]]:
        return "".join(self.parts), self.headings


class _TooLong(Exception):
    pass


def _clean(text: str) -> str:
    return " ".join(text.split())


def _table_row(cells: list[str]) -> str:
    """A table row as one sentence: its cells joined by semicolons, closed by a full stop."""
    text = "; ".join(cell.rstrip(".;") for cell in cells if cell)
    return text + "." if text else ""

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


# --- table rows with their column headers, shared by all readers --------------------------------

MAX_TABLE_COLUMNS: Final[int] = 200
"""Spans and cells beyond this many grid columns are dropped (an untrusted colspan or gridSpan
could otherwise make a grid of any width); real tables have a few dozen columns at most."""

TableCell = tuple[str | None, int, int]
"""One cell as a reader finds it: its text (None: the cell above goes on, as a DOCX vMerge
continuation), how many columns and how many rows it spans."""

Header = tuple[tuple[str, ...], ...]
"""Per grid column, the header cells over it, top to bottom (several for a multi-row header)."""

_BARE_NUMBER: Final = re.compile(r"\d+(?:\.\d+)?(?:\s*(?:-|\u2013|to)\s*\d+(?:\.\d+)?)?")
_UNIT: Final = re.compile(r"(.*?)\s*\(([^()]{1,12})\)")

_Placed = tuple[int, int, str, bool]  # first grid column, columns spanned, text, carried from above


def _placed(rows: list[list[TableCell]]) -> list[list[_Placed]]:
    """The rows' cells in grid columns: a cell spanning rows is carried into the rows below it
    (marked as carried), a None cell takes the text of the cell above it."""
    carried: dict[int, tuple[int, str, int]] = {}  # column -> (columns, text, rows still to go)
    previous: dict[int, str] = {}
    grid: list[list[_Placed]] = []
    for row in rows:
        placed: list[_Placed] = []
        started: dict[int, tuple[int, str, int]] = {}
        column = 0
        for text, colspan, rowspan in row:
            while column in carried:
                span, above, _ = carried[column]
                placed.append((column, span, above, True))
                column += span
            if column >= MAX_TABLE_COLUMNS:
                break
            span = max(1, min(colspan, MAX_TABLE_COLUMNS - column))
            if text is None:
                placed.append((column, span, previous.get(column, ""), True))
            else:
                placed.append((column, span, text, False))
                if rowspan > 1:
                    started[column] = (span, text, rowspan - 1)
            column += span
        placed.extend((c, s, t, True) for c, (s, t, _) in sorted(carried.items()) if c >= column)
        placed.sort()
        carried = {c: (s, t, n - 1) for c, (s, t, n) in carried.items() if n > 1}
        carried.update(started)
        previous = {c: text for c, _, text, _ in placed}
        grid.append(placed)
    return grid


def table_header(rows: list[list[_Placed]]) -> Header:
    """The header cells over each column of `rows` (the header rows), repeats dropped."""
    width = max((c + s for row in rows for c, s, _, _ in row), default=0)
    pieces: list[list[str]] = [[] for _ in range(width)]
    for row in rows:
        for start, span, text, _ in row:
            name = text.rstrip(":").strip()
            for column in range(start, start + span):
                if name and (not pieces[column] or pieces[column][-1] != name):
                    pieces[column].append(name)
    return tuple(tuple(p) for p in pieces)


def is_header_row(cells: list[str]) -> bool:
    """Whether an unmarked first row is a header: a named cell after the first, none of them a
    number (the PDF reader's test, used for every format's tables without a marked header)."""
    named = [cell for cell in cells[1:] if cell]
    return len(named) >= 1 and not any(cell[:1].isdigit() for cell in named)


def _named(value: str, names: tuple[str, ...]) -> str:
    """A cell's value with its column's header: "3" under "Sets" is "3 sets" (the rater knows
    "3 sets", not "Sets: 3"), "60% 1RM" under "Intensity" is "Intensity: 60% 1RM", "30" under
    "Duration (min)" is "Duration: 30 min"; over several header rows the upper ones go first
    ("Resistance training: 3 sets")."""
    if not value or not names:
        return value
    last, upper = names[-1], " ".join(names[:-1])
    if last.lower() in value.lower():
        return f"{upper}: {value}" if upper else value
    unit = _UNIT.fullmatch(last)
    if _BARE_NUMBER.fullmatch(value):
        if unit:
            named = f"{unit.group(1)}: {value} {unit.group(2)}" if unit.group(1) else value
            return f"{upper} {named}" if upper and unit.group(1) else named
        named = f"{value} {last.lower()}"
        return f"{upper}: {named}" if upper else named
    return f"{upper} {last}: {value}" if upper else f"{last}: {value}"


def table_sentences(
    rows: list[list[TableCell]], header_rows: int = 0, known: Header | None = None
) -> tuple[list[str], Header | None]:
    """A table's rows as sentences, each value named by its column's header, and the header.

    `header_rows` is the number of rows marked as the header (JATS and HTML <thead> or rows of
    <th>, DOCX rows repeated as header); when none is marked the first row is the header if it
    looks like one (`is_header_row`). `known` is the header of a table this one continues (a
    PDF table on its next page): then no row of this one is its header. Header rows are written
    as they are; the first column (the row's name, as the exercise) is never named; a table
    without a header keeps its cells as they are.
    """
    grid = _placed(rows)
    own = 0
    header = known
    if header is None:
        own = min(header_rows, len(grid))
        if not own and grid and is_header_row(_texts(grid[0])):
            own = 1
        header = table_header(grid[:own]) if own else None
    sentences: list[str] = []
    for number, row in enumerate(grid):
        if number < own:
            cells = [text for _, _, text, carried in row if not carried]
        elif header is None:
            cells = [text for _, _, text, _ in row]
        else:
            cells = [
                text if start == 0 else _named(text, header[start] if start < len(header) else ())
                for start, _, text, _ in row
            ]
        sentence = _table_row(cells)
        if sentence:
            sentences.append(sentence)
    return sentences, header


def _texts(row: list[_Placed]) -> list[str]:
    """A placed row's texts, one per grid column from the first (blank where none)."""
    width = max((c + s for c, s, _, _ in row), default=0)
    out = [""] * width
    for start, _, text, _ in row:
        out[start] = text
    return out

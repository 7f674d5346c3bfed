"""Reading a journal PDF's text layer in reading order (pypdfium2).

pdfium gives the text of a page line by line in the order of the page's content stream, and for
each character its box, font size and font. From these the reader

1. removes page furniture first: running headers and footers (lines in the top or bottom rows of
   most pages, numbers blanked), page numbers, licence and correspondence blocks;
2. puts two-column pages in reading order (left column, then right, band by band between the
   lines that span both columns);
3. reads tables: the rows under (or above) a "Table N" caption, cells found from the gaps
   between words, rows from horizontal rules and first cells, each row one sentence under the
   caption with its values named by the column headers; a table's continuation on the next
   page or column is the same table;
4. takes the title from the article (the largest type on the first page, after the masthead)
   and headings from their type (larger, bold or italic whole lines), their levels from the
   order of the styles' sizes, so third-level headings stay headings;
5. re-flows the lines into paragraphs, rejoining words hyphenated at a line end.
"""

from __future__ import annotations

import ctypes
import re
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Final

from exdose.appraise.blocks import (
    _PLAIN_HEADING,
    Header,
    TableCell,
    _Writer,
    is_header_row,
    table_header,
    table_sentences,
)
from exdose.errors import IngestError


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a page's text layer, with where it is and its type.

    `y` is the baseline (PDF units, growing upwards), `size` the font size of its first
    character; `bold` and `italic` hold for the whole line (its first and last characters).
    """

    text: str
    x0: float = 0.0
    x1: float = 0.0
    y: float = 0.0
    size: float = 0.0
    bold: bool = False
    italic: bool = False
    # on pages with a table caption: the line's pieces set apart by wide gaps, (x0, text)
    cells: tuple[tuple[float, str], ...] = ()
    # a table caption: the table's rows, each one sentence (cells joined by semicolons)
    table: tuple[str, ...] = ()
    # a table's rows continuing one named earlier (on an earlier page or column)
    continues: bool = False


_BOLD_NAME: Final = re.compile(r"bold|black|heavy|semibold|demi|[-,]b\b|medi", re.I)
_ITALIC_NAME: Final = re.compile(r"italic|oblique|[-,]i\b", re.I)
_FORCE_BOLD: Final = 1 << 18
_ITALIC_FLAG: Final = 1 << 6


def read_pdf_lines(
    data: bytes,
    where: str | Path,
    max_pages: int,
    max_chars: int,
    rules: list[list[_Rule]] | None = None,
) -> list[list[Line]]:
    """Every page's lines as pdfium gives them (IngestError when the PDF cannot be read); with
    `rules`, each page's horizontal rules are added to it (on pages that may hold a table)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():
            raise IngestError(
                "PDF is password-protected",
                file=where,
                hint="open it with its password and save or print an unprotected copy",
            ) from error
        raise IngestError(f"PDF cannot be opened ({error})", file=where,
                          hint="the file may be truncated or damaged") from error  # fmt: skip
    pages: list[list[Line]] = []
    try:
        if len(pdf) > max_pages:
            raise IngestError(f"PDF has {len(pdf)} pages, over {max_pages}", file=where)
        total = 0
        table_pages = 0  # pages still to read with cells after a table caption
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            try:
                text = textpage.get_text_range()
                total += len(text)
                if total > max_chars:
                    raise IngestError(f"PDF text is over {max_chars:,} characters", file=where)
                # a table's continuation may be on the pages after its caption's
                table_pages = _TABLE_PAGES if _CAPTION.search(text) else max(0, table_pages - 1)
                with_cells = table_pages > 0
                if textpage.count_chars() == len(text):
                    pages.append(_page_lines(raw, textpage.raw, text, with_cells))
                else:  # characters outside the BMP: offsets differ, read the text alone
                    pages.append(_plain_lines(text))
                if rules is not None:
                    rules.append(_page_rules(page, raw) if with_cells else [])
            finally:
                textpage.close()
                page.close()
    except pdfium.PdfiumError as error:
        raise IngestError(f"PDF cannot be read ({error})", file=where) from error
    finally:
        pdf.close()
    return pages


_LINE: Final = re.compile(r"[^\r\n]+")


def _plain_lines(text: str) -> list[Line]:
    """Lines without geometry: one after the other down the page, all spanning it."""
    lines = [m.group(0).strip() for m in _LINE.finditer(text)]
    return [Line(t, 0.0, 1000.0, -12.0 * i) for i, t in enumerate(lines) if t]


# "Table 2", "Table 2.", "TABLE 2:", "Table S1", "Table A3", "Table 2 (continued)"
_CAPTION: Final = re.compile(r"(?m)^[ \t]*table[ \t]+(?P<label>[sa]?\d+[a-z]?)(?=[.:\s(]|$)", re.I)
_TABLE_PAGES: Final = 3  # a caption's page and the two after it are read with cells and rules
_MAX_PATHS: Final = 5000  # path objects looked at on a page for rules (a figure may have many)

_Rule = tuple[float, float, float]  # a horizontal rule: its y, x from, x to


def _page_rules(page: object, raw: object) -> list[_Rule]:
    """The page's horizontal rules (thin, wide path objects: table rules, cell borders)."""
    rules: list[_Rule] = []
    objects = page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH], max_depth=2)  # type: ignore[attr-defined]
    for count, obj in enumerate(objects):
        if count >= _MAX_PATHS:
            break
        left, bottom, right, top = obj.get_bounds()
        if top - bottom <= 2.5 and right - left > max(8.0, 4 * (top - bottom)):
            rules.append(((top + bottom) / 2, left, right))
    return rules


def _page_lines(raw: object, textpage: object, text: str, cells: bool = False) -> list[Line]:
    """The page's lines with their first and last characters' boxes, size and font (and, with
    `cells`, their pieces apart by wide gaps: the cells of a table row)."""
    get_box = raw.FPDFText_GetCharBox  # type: ignore[attr-defined]
    get_origin = raw.FPDFText_GetCharOrigin  # type: ignore[attr-defined]
    get_size = raw.FPDFText_GetFontSize  # type: ignore[attr-defined]
    get_info = raw.FPDFText_GetFontInfo  # type: ignore[attr-defined]
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    origin_x, origin_y = ctypes.c_double(), ctypes.c_double()
    name = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    styles: dict[bytes, tuple[bool, bool]] = {}

    def style(index: int) -> tuple[bool, bool]:
        get_info(textpage, index, name, 128, ctypes.byref(flags))
        key = name.value + flags.value.to_bytes(4, "little", signed=True)
        known = styles.get(key)
        if known is None:
            font = name.value.decode("latin-1").split("+")[-1]
            known = (
                bool(_BOLD_NAME.search(font)) or bool(flags.value & _FORCE_BOLD),
                bool(_ITALIC_NAME.search(font)) or bool(flags.value & _ITALIC_FLAG),
            )
            styles[key] = known
        return known

    lines: list[Line] = []
    for match in _LINE.finditer(text):
        # pdfium joins a line ending in a hyphen to the next line it reads (marking the hyphen
        # U+FFFE), even to the top of the next column: split there, each part with its place.
        start = match.start()
        for part in match.group(0).split("\ufffe"):
            end = start + len(part)
            segment = (part + "-") if end < match.end() else part
            stripped = segment.strip()
            if stripped:
                first = start + (len(part) - len(part.lstrip()))
                # the last character: the hyphen marker, or the part's last non-space one
                last = end if end < match.end() else start + len(part.rstrip()) - 1
                get_box(textpage, first, left, right, bottom, top)
                x0 = left.value
                get_origin(textpage, first, origin_x, origin_y)
                y = origin_y.value
                get_box(textpage, last, left, right, bottom, top)
                x1 = right.value
                bold0, italic0 = style(first)
                bold1, italic1 = style(last) if last != first else (bold0, italic0)
                size = get_size(textpage, first)
                pieces = _cells(raw, textpage, text, first, last) if cells else ()
                lines.append(
                    Line(stripped, x0, x1, y, size, bold0 and bold1, italic0 and italic1, pieces)
                )
            start = end + 1
    return lines


_SPACES: Final = re.compile(r"\s+")


def _cells(
    raw: object, textpage: object, text: str, first: int, last: int
) -> tuple[tuple[float, str], ...]:
    """A line's pieces set apart by wide gaps, (x0, text): the cells of a table row.

    A gap is a run of spaces between two characters; it is wide when it is over 1.5 average
    characters of the line and no space character of the PDF's own is in it (pdfium adds the
    spaces where text runs are apart), or over 4 with one (a space stretched by justification
    stays inside its cell).
    """
    gaps = list(_SPACES.finditer(text, first, last + 1))
    if not gaps:
        return ()
    get_box = raw.FPDFText_GetCharBox  # type: ignore[attr-defined]
    generated = raw.FPDFText_IsGenerated  # type: ignore[attr-defined]
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    get_box(textpage, first, left, right, bottom, top)
    x0 = left.value
    get_box(textpage, last, left, right, bottom, top)
    average = max((right.value - x0) / max(last + 1 - first, 1), 0.5)
    pieces: list[tuple[float, str]] = []
    start, start_x = first, x0
    for gap in gaps:
        before, after = gap.start() - 1, gap.end()
        get_box(textpage, before, left, right, bottom, top)
        end_x = right.value
        get_box(textpage, after, left, right, bottom, top)
        width = left.value - end_x
        real = any(generated(textpage, i) == 0 for i in range(gap.start(), gap.end()))
        if width > (4.0 if real else 1.5) * average:
            pieces.append((start_x, text[start : before + 1].strip().replace("\ufffe", "-")))
            start, start_x = after, left.value
    pieces.append((start_x, text[start : last + 1].strip().replace("\ufffe", "-")))
    return tuple(pieces)


# --- page furniture ----------------------------------------------------------------------------

_PAGE_NUMBER: Final = re.compile(r"^\s*(?:page\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?\s*$", re.I)
_LICENCE_LINE: Final = re.compile(
    r"©|\(c\) \d{4}|creative ?commons|open access|distributed under the terms|licensee|"
    r"all rights reserved|this article is (?:licensed|distributed)|^\s*(?:https?://)?(?:dx\.)?"
    r"doi(?:\.org)?[:/]|downloaded from|^\s*page \d+ of \d+",
    re.I,
)
# A footnote block on the first page that is not the article: correspondence and affiliations.
_FOOTNOTE_START: Final = re.compile(
    r"^\s*\*?\s*(?:correspondence|full list of author information|equal contributors?|"
    r"†\s*\w+ (?:authors )?contributed equally)",
    re.I,
)
# Words of which a licence line has one (the regular expression is tried only on those lines).
_LICENCE_WORDS: Final = ("©", "(c)", "creative", "open access", "distributed", "licens",
                         "rights reserved", "doi", "downloaded", "page")  # fmt: skip


def _maybe_licence(text: str) -> bool:
    lowered = text.lower()
    return any(word in lowered for word in _LICENCE_WORDS)


_EDGE_ROWS: Final = 3  # running headers and footers are in the top or bottom rows of a page


def furniture_key(line: str) -> str:
    """A line with its numbers blanked: "Smith et al. Trials (2017) 18:212 Page 2 of 8"."""
    key = re.sub(r"\d+", "#", " ".join(line.lower().split()))
    return re.sub(r"\s*\bpage # (?:of|/) #\s*", " ", key).strip()  # with or without the page


def _edge_lines(lines: list[Line]) -> set[int]:
    """The indexes of the lines in the top and bottom rows of a page (rows by baseline)."""
    rows = sorted({round(line.y) for line in lines})
    if not rows:
        return set()
    # rows closer than 2 units are one row (baselines differ by rounding)
    merged: list[int] = []
    for row in rows:
        if not merged or row - merged[-1] > 2:
            merged.append(row)
    low = merged[min(_EDGE_ROWS, len(merged)) - 1] + 2
    high = merged[-min(_EDGE_ROWS, len(merged))] - 2
    return {i for i, line in enumerate(lines) if line.y <= low or line.y >= high}


def without_furniture(pages: list[list[Line]], body_size: float) -> list[list[Line]]:
    """The pages' lines without running headers and footers, page numbers and licence lines.

    A licence line, or a correspondence or affiliation note, in type smaller than the body's
    takes the lines after it in the same type with it (the whole block).
    """
    edges = [_edge_lines(lines) for lines in pages]
    counts: Counter[str] = Counter()
    for lines, edge in zip(pages, edges, strict=True):
        counts.update({furniture_key(lines[i].text) for i in edge})
    needed = max(2, len(pages) // 2)
    repeated = {k for k, n in counts.items() if len(pages) >= 2 and n >= needed}
    out: list[list[Line]] = []
    for lines, edge in zip(pages, edges, strict=True):
        kept: list[Line] = []
        block_size = 0.0  # the type of a licence or footnote block being dropped
        block_x = 0.0
        for index, line in enumerate(lines):
            if block_size and abs(line.size - block_size) < 0.3 and abs(line.x0 - block_x) < 40:
                continue
            block_size = 0.0
            text = line.text
            if index in edge and furniture_key(text) in repeated:
                continue
            if _PAGE_NUMBER.match(text):
                continue
            small = 0 < line.size < body_size - 0.3
            if len(text) < 200 and _maybe_licence(text) and _LICENCE_LINE.search(text):
                if small:
                    block_size, block_x = line.size, line.x0
                continue
            if small and _FOOTNOTE_START.match(text):
                block_size, block_x = line.size, line.x0
                continue
            kept.append(line)
        out.append(kept)
    return out


# --- reading order -----------------------------------------------------------------------------


def reading_order(lines: list[Line]) -> list[Line]:
    """A page's lines in reading order: on a two-column page, band by band (between lines that
    span both columns), the left column top to bottom, then the right one."""
    gutter = _gutter(lines)
    if gutter is None:
        return lines
    ordered: list[Line] = []
    left: list[Line] = []
    right: list[Line] = []

    def close_band() -> None:
        ordered.extend(sorted(left, key=lambda ln: -ln.y))
        ordered.extend(sorted(right, key=lambda ln: -ln.y))
        left.clear()
        right.clear()

    for line in sorted(lines, key=lambda ln: (-round(ln.y), ln.x0)):
        if line.x1 <= gutter + 1:
            left.append(line)
        elif line.x0 >= gutter - 1:
            right.append(line)
        else:
            close_band()
            ordered.append(line)
    close_band()
    return ordered


def _gutter(lines: list[Line]) -> float | None:
    """The x between the columns of a two-column page (None: one column)."""
    if len(lines) < 10:
        return None
    lo = min(line.x0 for line in lines)
    hi = max(line.x1 for line in lines)
    width = hi - lo
    if width <= 0:
        return None
    # The right column's lines start at one x near the middle of the page.
    starts = Counter(
        round(line.x0 / 3) for line in lines if lo + 0.3 * width < line.x0 < lo + 0.7 * width
    )
    if not starts:
        return None
    bucket, count = starts.most_common(1)[0]
    start = bucket * 3 - 1.5
    left = sum(1 for line in lines if line.x1 < start - 2)
    if count < 5 or left < 5:
        return None
    crossing = sum(1 for line in lines if line.x0 < start - 2 < line.x1)
    if crossing > 0.5 * (count + left):
        return None  # most lines cross it: one column with some indented lines
    return start - 2


# --- tables ------------------------------------------------------------------------------------

_FIGURE: Final = re.compile(r"^\s*fig(?:ure|\.)?\s*\d", re.I)
_CONTINUED: Final = re.compile(r"\(\s*cont(?:inued|'d|d|\.)?\s*\)|\bcontinued\b", re.I)


@dataclass(slots=True)
class _Table:
    """A table read on an earlier page or column, which may continue: its name, header, columns."""

    name: str
    header: Header | None
    offsets: tuple[float, ...]  # its columns' x, from the first column's


@dataclass(slots=True)
class Tables:
    """The tables read so far in a report (their continuations are read as the same table)."""

    by_label: dict[str, _Table]
    last: _Table | None = None


def with_tables(
    lines: list[Line],
    body: _Style,
    full_width: float,
    pitch: float,
    rules: list[_Rule] | None = None,
    tables: Tables | None = None,
) -> list[Line]:
    """A page's lines with each table read: its caption line carries the rows, which leave.

    A table is the rows of lines below a "Table N" caption (in the caption's column, or the
    page's width when the caption or the first row crosses the gutter), or above it when the
    caption is under the table, grouped by baseline; its cells are the lines' pieces apart by
    wide gaps, put in the columns that the first row of several cells (the header) starts. A
    horizontal rule between two lines starts a row; in a table with rules between its rows, a
    line without one continues the row above (a cell wrapping), otherwise a line without a
    first cell, or one starting in lower case, or closer to the one above than 1.25 lines of its
    type (`pitch`: the body's line spacing per unit of type size) continues it. The table ends
    at prose (a line in the body's type nearly as wide as a column), a heading in larger type,
    a figure or another caption, or a wide vertical gap.

    A table continued from an earlier page or column ("Table 2 (continued)", its header row
    repeated, or rows in its columns at the top of a column) is named as it was (`tables`).
    """
    tables = tables if tables is not None else Tables({})
    rules = rules or []
    has_caption = any(_CAPTION.match(line.text) for line in lines)
    if not has_caption and tables.last is None:
        return lines
    gutter = _gutter(lines)
    used: set[int] = set()
    found: dict[int, Line] = {}
    for index, caption in enumerate(lines):
        matched = None if index in used else _CAPTION.match(caption.text)
        if matched is None:
            continue
        label = matched.group("label").upper()
        earlier = tables.by_label.get(label)
        continued = earlier is not None and bool(_CONTINUED.search(caption.text))
        known = earlier if continued else None
        rows = _rows_near(lines, index, gutter, used, above=False)
        read = _read_table(lines, rows, body, full_width, pitch, rules, caption, known)
        if read is None:  # the caption under its table
            rows = _upwards(
                lines, caption, body, _rows_near(lines, index, gutter, used, above=True)
            )
            read = _read_table(lines, rows, body, full_width, pitch, rules, None, known)
            if read is not None and len(read[1]) < 2:
                read = None  # a table has a header and a row at least
            if read is not None:
                read = (_run_on(lines, index, gutter, used), *read[1:])
        if read is None:
            continue
        more, table, consumed, header, offsets = read
        used.update(consumed)
        used.add(index)
        name = known.name if known else f"{caption.text} {more}".strip()
        record = _Table(name, header, offsets)
        if known is None:
            tables.by_label.setdefault(label, record)
        tables.last = record if known is None else known
        found[index] = _table_line(name, caption, [lines[i] for i in consumed], table, known)
    _continuations(lines, body, full_width, pitch, rules, tables, gutter, used, found)
    if not found:
        return lines
    return [found.get(i, line) for i, line in enumerate(lines) if i not in used or i in found]


def _table_line(
    name: str, at: Line, cells: list[Line], table: tuple[str, ...], known: _Table | None
) -> Line:
    """The line standing for a table: its name, its rows, as wide as the table."""
    everything = [at, *cells]
    return Line(
        name, min(ln.x0 for ln in everything), max(ln.x1 for ln in everything), at.y, at.size,
        at.bold, at.italic, table=table, continues=known is not None,
    )  # fmt: skip


def _continuations(
    lines: list[Line],
    body: _Style,
    full_width: float,
    pitch: float,
    rules: list[_Rule],
    tables: Tables,
    gutter: float | None,
    used: set[int],
    found: dict[int, Line],
) -> None:
    """Rows of the last table read that go on without its caption: after its header row
    repeated, or in its columns at the top of a page or column."""
    for index in sorted(range(len(lines)), key=lambda i: (-lines[i].y, lines[i].x0)):
        known = tables.last
        line = lines[index]
        if known is None or index in used or len(line.cells) < 2:
            continue
        texts = tuple(text for _, text in line.cells)
        names = tuple(" ".join(p) for p in known.header) if known.header is not None else None
        repeated = names is not None and texts == names[: len(texts)]
        if not repeated and not (_aligned(line, known) and _top_of_region(lines, index, gutter)):
            continue
        rows = _rows_near(lines, index, gutter, used, above=False)
        rows.insert(0, [index])
        read = _read_table(lines, rows, body, full_width, pitch, rules, None, known)
        if read is None:
            continue
        _, table, consumed, _, _ = read
        used.update(consumed)
        found[index] = _table_line(known.name, line, [lines[i] for i in consumed], table, known)


def _aligned(line: Line, known: _Table) -> bool:
    """Whether a line's pieces (three or more) start in a known table's columns."""
    if len(line.cells) < 3 or len(known.offsets) < 3:
        return False
    first = line.cells[0][0]
    return all(any(abs(x - first - o) < 2.0 for o in known.offsets) for x, _ in line.cells)


def _top_of_region(lines: list[Line], index: int, gutter: float | None) -> bool:
    """Whether no line is above this one in its column (or on the page, for a wide line)."""
    line = lines[index]
    for other in lines:
        if other.y > line.y + 0.5:
            if gutter is None or not (other.x1 <= gutter + 1 or other.x0 >= gutter - 1):
                return False
            if (other.x1 <= gutter + 1) == (line.x1 <= gutter + 1) or line.x0 < gutter < line.x1:
                return False
    return True


def _run_on(lines: list[Line], index: int, gutter: float | None, used: set[int]) -> str:
    """The caption's text continuing on the lines right under it (in its type), which leave."""
    caption = lines[index]
    more: list[str] = []
    previous = caption
    for row in _rows_near(lines, index, gutter, used, above=False)[:3]:
        line = lines[row[0]]
        if len(row) > 1 or _style(line) != _style(caption) or abs(line.x0 - caption.x0) > 2:
            break
        if previous.y - line.y > 1.6 * max(line.size, 1.0):
            break
        more.append(line.text)
        used.add(row[0])
        previous = line
    return " ".join(more)


def _rows_near(
    lines: list[Line], index: int, gutter: float | None, used: set[int], above: bool
) -> list[list[int]]:
    """The lines below (or above) a caption in its region, grouped into rows by baseline, the
    nearest first."""
    caption = lines[index]
    sign = -1.0 if above else 1.0  # below: y smaller than the caption's

    def beyond(ln: Line) -> bool:
        return sign * (caption.y - ln.y) > 0.5

    low, high = float("-inf"), float("inf")
    if gutter is not None and (caption.x1 <= gutter + 1 or caption.x0 >= gutter - 1):
        in_left = caption.x1 <= gutter + 1
        low, high = (float("-inf"), gutter + 1) if in_left else (gutter - 1, float("inf"))
        near = [ln for ln in lines if beyond(ln) and low <= ln.x0 and ln.x1 <= high]
        crossing = [ln for ln in lines if beyond(ln) and ln.x0 < gutter < ln.x1]
        if crossing:
            first_crossing = max(crossing, key=lambda ln: sign * ln.y)
            first_near = max(near, key=lambda ln: sign * ln.y) if near else None
            tolerance = 0.5 * max(first_crossing.size, 1.0)
            if first_near is None or sign * (first_near.y - first_crossing.y) < tolerance:
                low, high = float("-inf"), float("inf")  # a table as wide as the page
    candidates = sorted(
        (
            i
            for i, ln in enumerate(lines)
            if i != index and i not in used and beyond(ln) and low <= ln.x0 and ln.x1 <= high
        ),
        key=lambda i: (-sign * lines[i].y, lines[i].x0),
    )
    rows: list[list[int]] = []
    for i in candidates:
        if rows and abs(lines[rows[-1][0]].y - lines[i].y) < 0.5 * max(lines[i].size, 1.0):
            rows[-1].append(i)
        else:
            rows.append([i])
    return rows


def _upwards(
    lines: list[Line], caption: Line, body: _Style, rows: list[list[int]]
) -> list[list[int]]:
    """The rows above a caption that can be its table (up to a gap, another caption, text in
    the body's type or in another type than the nearest row's), top first."""
    kept: list[list[int]] = []
    previous, size = caption, 0.0
    for row in rows:
        first = min((lines[i] for i in row), key=lambda ln: ln.x0)
        size = size or first.size
        if first.y - previous.y > 3.5 * max(first.size, 1.0):
            break
        if any(_CAPTION.match(lines[i].text) or _FIGURE.match(lines[i].text) for i in row):
            break
        if all(_style(lines[i]) in (body, _style(caption)) for i in row):
            break  # the paragraph (or another caption's words) above a caption that is no table's
        if all(abs(lines[i].size - size) > 0.4 for i in row):
            break  # not the table's type
        kept.append(row)
        previous = first
    return kept[::-1]


def _ruled_between(rules: list[_Rule], upper: Line, lower: Line, x0: float, x1: float) -> bool:
    """Whether a horizontal rule runs between two lines (under the upper line's letters)."""
    size = max(lower.size, 1.0)
    return any(
        lower.y + 0.6 * size < y < upper.y - 0.1 * size and a < x1 and b > x0 for y, a, b in rules
    )


def _read_table(
    lines: list[Line],
    rows: list[list[int]],
    body: _Style,
    full_width: float,
    pitch: float,
    rules: list[_Rule],
    caption: Line | None,
    known: _Table | None,
) -> tuple[str, tuple[str, ...], set[int], Header | None, tuple[float, ...]] | None:
    """(caption's further text, row sentences, lines used, header, column offsets) of the table
    in `rows` (top first, under `caption` when it is given), or None when it is no table."""
    caption_text = ""
    table: list[list[str]] = []
    anchors: list[float] = []
    consumed: set[int] = set()
    previous: Line | None = caption
    ruled_rows = _ruled_rows(lines, rows, rules)
    table_size = 0.0
    for position, row in enumerate(rows):
        row_lines = sorted((lines[i] for i in row), key=lambda ln: ln.x0)
        first = row_lines[0]
        size = max(first.size, 1.0)
        if previous is not None and previous.y - first.y > 3.5 * size:
            break  # a wide gap: the table has ended
        if any(_CAPTION.match(ln.text) or _FIGURE.match(ln.text) for ln in row_lines):
            break
        if any(ln.size > body[0] + 0.4 for ln in row_lines):
            break  # a heading in larger type
        if full_width and any(
            _style(ln) == body and ln.x1 - ln.x0 >= 0.7 * full_width for ln in row_lines
        ):
            break  # prose
        if table_size and all(abs(ln.size - table_size) > 0.4 for ln in row_lines):
            break  # text in another type than the table's: a heading or prose after it
        pieces = [piece for ln in row_lines for piece in (ln.cells or ((ln.x0, ln.text),))]
        if not anchors:
            if caption is not None:
                same_type = len(row_lines) == 1 and _style(first) == _style(caption)
                if (
                    (len(pieces) == 1 or same_type)
                    and position < 2
                    and abs(first.x0 - caption.x0) < size
                ):
                    caption_text += " " + first.text  # the caption runs on
                    consumed.update(row)
                    previous = first
                    continue
            if len(pieces) == 1:
                return None  # no row of cells: not a table
            anchors = [x for x, _ in pieces]  # the header's columns
            table_size = first.size
        tolerance = 0.3 * size
        columns = [max(0, sum(1 for a in anchors if a <= x + tolerance) - 1) for x, _ in pieces]
        if table and previous is not None:
            x0, x1 = min(anchors[0], first.x0), max(ln.x1 for ln in row_lines)
            if _ruled_between(rules, previous, first, x0, x1):
                goes_on = False
            elif columns[0] != 0 or ruled_rows:
                goes_on = True
            else:
                gap = previous.y - first.y
                text = pieces[0][1]
                goes_on = (
                    (pitch > 0 and gap < 1.25 * pitch * size)
                    and (text[:1].islower() or table[-1][0].endswith(_HYPHENS))
                ) or (pitch > 0 and gap < 1.05 * pitch * size and not _starts_row(text))
        else:
            goes_on = False
        if goes_on:
            target = table[-1]
        else:
            target = [""] * len(anchors)
            table.append(target)
        for column, (_, text) in zip(columns, pieces, strict=True):
            joined = target[column]
            if joined.endswith(_HYPHENS) and text[:1].islower():
                target[column] = joined + text  # "Calf raise" over two lines stays one word
            else:
                target[column] = f"{joined} {text}".strip()
        consumed.update(row)
        previous = first
    table = [cells for cells in table if any(cells)]
    if not table:
        return None
    header = known.header if known else None
    cells: list[list[TableCell]] = [[(text, 1, 1) for text in row] for row in table]
    if header is not None and is_header_row(table[0]):
        names = table_header([[(c, 1, t, False) for c, t in enumerate(table[0])]])
        if names == header[: len(names)]:
            cells = cells[1:]  # its header repeated on the next page
    offsets = tuple(a - anchors[0] for a in anchors)
    sentences, header = table_sentences(cells, known=header)
    return caption_text.strip(), tuple(sentences), consumed, header, offsets


def _ruled_rows(lines: list[Line], rows: list[list[int]], rules: list[_Rule]) -> bool:
    """Whether rules run between most of the rows (a grid), not just under the header."""
    if len(rows) < 3 or not rules:
        return False
    firsts = [min((lines[i] for i in row), key=lambda ln: ln.x0) for row in rows[:12]]
    x0, x1 = min(ln.x0 for ln in firsts), max(ln.x1 for ln in firsts)
    ruled = sum(_ruled_between(rules, a, b, x0, x1) for a, b in pairwise(firsts))
    return ruled >= 3


def _starts_row(text: str) -> bool:
    """Whether a first cell's text looks like a row's label (capital or number first)."""
    return text[:1].isupper() or text[:1].isdigit()


# --- styles, title and headings ----------------------------------------------------------------

_Style = tuple[float, bool, bool]  # size (to a quarter point), bold, italic


def _style(line: Line) -> _Style:
    return (round(line.size * 4) / 4, line.bold, line.italic)


def body_style(pages: list[list[Line]]) -> _Style:
    """The type most of the text is set in (by characters)."""
    weights: Counter[_Style] = Counter()
    for lines in pages:
        for line in lines:
            weights[_style(line)] += len(line.text)
    return weights.most_common(1)[0][0] if weights else (0.0, False, False)


# Masthead lines before a journal article's title ("Trials", "STUDY PROTOCOL Open Access").
MASTHEAD: Final = re.compile(
    r"^(?:[A-Z][A-Z &-]{2,}|(?i:research(?: article)?|study protocol|original (?:article|research)|"
    r"open access|trials|bmc \w+|journal of .*|vol(?:ume)?\.? \d.*|issn.*|.*\bet al\..*|"
    r".{0,40}\(\d{4}\) \d+.*))(?:\s+(?i:open access|research|study protocol))*\s*$"
)
_SENTENCE_END: Final = (".", ",", ";")


def _is_heading_style(style: _Style, body: _Style) -> bool:
    size, bold, italic = style
    if size > body[0] + 0.4:
        return True
    if size < body[0] - 0.4:
        return False
    return (bold and not body[1]) or (italic and not body[2] and not bold and not body[1])


def heading_levels(
    lines: list[Line], body: _Style, title_style: _Style | None
) -> dict[_Style, int]:
    """Levels of the heading styles used: larger type first, then bold, then italic (2, 3...)."""
    used: Counter[_Style] = Counter()
    for line in lines:
        style = _style(line)
        if style != title_style and _is_heading_style(style, body) and _heading_text(line.text):
            used[style] += 1
    styles = sorted(used, key=lambda s: (-s[0], not s[1], s[2]))[:5]
    return {style: level for level, style in enumerate(styles, start=2)}


def _heading_text(text: str) -> bool:
    """A line that can be (part of) a heading: short, not a sentence's end, not lower-case."""
    return (
        len(text) < 160
        and (not text.endswith(_SENTENCE_END) or (len(text) < 40 and text.endswith(".")))
        and not text[:1].islower()
        and any(c.isalpha() for c in text)
    )


def _title(lines: list[Line], body: _Style) -> tuple[list[Line], int]:
    """The article's title lines on the first page and the index after them.

    The title is the largest type of the first page's upper part (not the masthead); in a PDF
    without type sizes, the first line that is not the masthead, with the lines continuing it.
    """
    head = lines[:40]
    # the front matter ends where the article's first section ("Abstract", "Background") starts
    front = next((i for i, ln in enumerate(head) if _plain_heading(ln.text)), len(head))
    head = head[:front]
    candidates = [
        i for i, ln in enumerate(head) if len(ln.text) >= 12 and not MASTHEAD.match(ln.text)
    ]
    if not candidates:
        return [], 0
    largest = max(head[i].size for i in candidates)
    if largest > body[0] + 1:
        first = next(i for i in candidates if head[i].size > largest - 0.3)
        end = first + 1
        while end < len(head) and abs(head[end].size - largest) < 0.3:
            end += 1
        return head[first:end], end
    first = candidates[0]
    end = first + 1
    while end < len(lines):
        nxt = lines[end].text
        if not (nxt[:1].islower() or _OPEN_END.search(lines[end - 1].text)):
            break
        if _plain_heading(nxt):
            break
        end += 1
    return lines[first:end], end


# A title line ending so continues on the next line.
_OPEN_END: Final = re.compile(
    r"(?:\b(?:of|for|and|or|in|the|a|an|with|to|on|versus|vs\.?|after)|[:,–-])$", re.I
)
_HYPHENS: Final = ("-", "\u2010", "\u00ad")  # hyphen-minus, hyphen, soft hyphen
_PARAGRAPH_END: Final = (".", ":", "?", "!", ".)", ".]", '."', ".”")
_WORD: Final = re.compile(r"\w+(?:-\w+)*")


def _plain_heading(text: str) -> bool:
    return len(text) < 70 and _PLAIN_HEADING.match(text) is not None


def pdf_blocks(
    data: bytes, where: str | Path, max_pages: int, max_chars: int
) -> tuple[str, list[tuple[int, int, int, str]], list[int]]:
    """The text of a PDF (headings as Markdown headings), its headings and its page starts."""
    rules: list[list[_Rule]] = []
    return lines_to_text(read_pdf_lines(data, where, max_pages, max_chars, rules), rules)


def lines_to_text(
    raw_pages: list[list[Line]], rules: list[list[_Rule]] | None = None
) -> tuple[str, list[tuple[int, int, int, str]], list[int]]:
    """Pages of lines (and their horizontal rules) to the report's text, its headings and the
    offset where each page starts."""
    body = body_style(raw_pages)
    pages = without_furniture(raw_pages, body[0])
    widths = sorted(ln.x1 - ln.x0 for lines in pages for ln in lines if _style(ln) == body)
    full_width = widths[len(widths) * 3 // 4] if widths else 0.0
    pitch = _line_pitch(pages, body)
    tables = Tables({})
    page_rules = rules if rules is not None and len(rules) == len(pages) else [[] for _ in pages]
    pages = [
        reading_order(with_tables(lines, body, full_width, pitch, ruled, tables))
        for lines, ruled in zip(pages, page_rules, strict=True)
    ]
    title_lines, after_title = _title(pages[0], body) if pages else ([], 0)
    title_style = _style(title_lines[0]) if title_lines and title_lines[0].size else None
    everything = [line for lines in pages for line in lines]
    levels = heading_levels(everything, body, title_style)
    styled = sum(1 for line in everything if _style(line) in levels) >= 3
    words = {w.lower() for w in _WORD.findall(" ".join(ln.text for ln in everything))}

    writer = _Writer()
    page_starts = [0]
    paragraph: list[str] = []

    pending: list[Line] = []  # tables met inside a paragraph, written after it
    table_end = -1  # where the last table's rows end in the text

    def write_table(line: Line) -> None:
        nonlocal table_end
        if not (line.continues and table_end == writer.length):  # named once when run on
            level = levels.get(_style(line), last_level + 1) if styled else last_level + 1
            writer.heading(level, line.text)
        for row in line.table:
            writer.paragraph(row)
        table_end = writer.length

    def flush() -> None:
        if paragraph:
            writer.paragraph(_joined(paragraph, words))
            paragraph.clear()
        for line in pending:
            write_table(line)
        pending.clear()

    if title_lines:
        writer.paragraph(_joined([ln.text for ln in title_lines], words))
    heading: list[Line] = []
    last_level = 1

    def close_heading() -> None:
        nonlocal last_level
        if heading:
            level = levels.get(_style(heading[0]), 2)
            writer.heading(level, _joined([ln.text for ln in heading], words))
            last_level = level
            heading.clear()

    previous: Line | None = None
    for number, lines in enumerate(pages):
        if number:
            close_heading()
            page_starts.append(writer.length + sum(len(piece) + 1 for piece in paragraph))
            previous = None
        for line in lines[after_title if number == 0 else 0 :]:
            text = line.text
            if line.table or line.continues:  # a table: its caption a heading, a row a sentence
                if paragraph and not paragraph[-1].endswith(_PARAGRAPH_END) and not heading:
                    pending.append(line)  # in the middle of a paragraph: the text reads on
                    continue
                close_heading()
                flush()
                write_table(line)
                previous = None
                continue
            if heading and _continues_heading(heading[-1], line, full_width, pitch):
                heading.append(line)  # a heading wrapped over lines
                previous = line
                continue
            is_heading = (
                _style(line) in levels and _heading_text(text) if styled else _plain_heading(text)
            )
            if is_heading:
                flush()
                if heading and not _continues_heading(heading[-1], line, full_width, pitch):
                    close_heading()
                heading.append(line)
                previous = line
                continue
            close_heading()
            if paragraph and previous is not None and _new_paragraph(previous, line, full_width):
                flush()
            paragraph.append(text)
            previous = line
        # a paragraph runs on across the page break
    close_heading()
    flush()
    text, headings = writer.result()
    return text, headings, page_starts


def _line_pitch(pages: list[list[Line]], body: _Style) -> float:
    """The body's line spacing per unit of type size (median over lines following each other)."""
    gaps: list[float] = []
    for lines in pages:
        for above, below in pairwise(lines):
            if _style(above) == body == _style(below) and abs(above.x0 - below.x0) < 2:
                gap = above.y - below.y
                if 0 < gap < 3 * max(above.size, 1.0):
                    gaps.append(gap / max(above.size, 1.0))
    gaps.sort()
    return gaps[len(gaps) // 2] if gaps else 0.0


def _continues_heading(previous: Line, line: Line, full_width: float, pitch: float) -> bool:
    """Whether a heading line continues the one before (a heading wrapped over two lines): in
    the same type, one line below (not the space between two headings)."""
    if _style(previous) != _style(line):
        return False
    spacing = 1.4 * pitch if pitch else 2.2
    if not 0 < previous.y - line.y <= spacing * max(line.size, 1.0):
        return False
    wide = full_width > 0 and previous.x1 - previous.x0 > 0.6 * full_width
    return wide or bool(_OPEN_END.search(previous.text)) or line.text[:1].islower()


_BULLET: Final = re.compile(r"^[•▪◦*–]\s")


def _new_paragraph(previous: Line, line: Line, full_width: float) -> bool:
    """Whether `line` starts a new paragraph after `previous`."""
    if _BULLET.match(line.text):
        return True  # an item of a list
    if not previous.text.endswith(_PARAGRAPH_END):
        # a line far shorter than the column's ends its paragraph even without a full stop
        # (a list item, a caption); a sentence is never cut at a page or column end
        if not full_width:
            return False
        width = previous.x1 - previous.x0
        if width < 0.6 * full_width:
            return True
        return (
            width < 0.85 * full_width
            and (line.text[:1].isupper() or line.text[:1].isdigit())
            and not previous.text.endswith((",", ";", "-", "(", "\u2010"))
            and not _OPEN_END.search(previous.text)
        )
    if full_width and previous.x1 - previous.x0 < 0.85 * full_width:
        return True  # a sentence ending a short line ends its paragraph
    same_column = abs(line.x0 - previous.x0) < 3 * max(line.size, 1.0)
    gap = previous.y - line.y
    if same_column and gap > 1.8 * max(line.size, 1.0):
        return True
    return line.x0 - previous.x0 > 0.8 * max(line.size, 1.0) and gap > 0  # first-line indent


def _joined(pieces: list[str], words: set[str]) -> str:
    """Lines joined into one text, words hyphenated at a line end made whole again.

    Which hyphen ends the line decides by default: U+2010 and the soft hyphen are typesetters'
    breaks inside a word (rejoined), a hyphen-minus is kept ("follow-" + "up"). The report's own
    words overrule the default: a word it writes whole elsewhere is joined ("exer-" + "cise"),
    one it writes only with its hyphen keeps it.
    """
    joined = ""
    last = ""
    for piece in pieces:
        if joined.endswith(_HYPHENS):
            head_match = _LAST_WORD.search(last[:-1])
            head = head_match.group(0) if head_match else ""
            rest_match = _FIRST_WORD.match(piece)
            rest = rest_match.group(0) if rest_match else ""
            if head and rest:
                whole = (head + rest).lower() in words
                compound = f"{head}-{rest}".lower() in words
                if whole != compound:
                    keep = compound
                elif joined.endswith("-"):  # a hyphen-minus: a compound ("Sint-" + "Jozef")
                    keep = True
                else:  # a typesetter's hyphen, whatever the case ("CON" + "SORT")
                    keep = False
                joined = joined[:-1] + ("-" if keep else "") + piece
                last = piece
                continue
        if joined.endswith("\u2013") and joined[-2:-1].isalnum() and piece[:1].isalnum():
            joined += piece  # "head–" + "neck", "0–" + "3": an en dash joining two words
            last = piece
            continue
        if joined.endswith("/") and not piece[:1].isupper():
            joined += piece  # a web address or a DOI broken after a slash
            last = piece
            continue
        joined = f"{joined} {piece}" if joined else piece
        last = piece
    return joined


_LAST_WORD: Final = re.compile(r"\w*\Z")
_FIRST_WORD: Final = re.compile(r"\w*")

"""Reading trial reports (plain text/Markdown, JATS XML, PDF, DOCX) into a `Document`.

The format is detected from the content, never from the file name. Every input is bounded:
`max_bytes` for the file itself (and for the unpacked parts of a DOCX), `MAX_TEXT_CHARS` for the
extracted text. For plain text and Markdown the offsets of sections and sentences point into the
file's own text; for the other formats they point into the extracted text, in which headings are
written as Markdown headings (`## Methods`) and paragraphs are separated by a blank line.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Literal

from exdose.appraise.blocks import (
    _PLAIN_HEADING,
    MAX_TEXT_CHARS,
    TableCell,
    _clean,
    _TooLong,
    _Writer,
    table_sentences,
)
from exdose.appraise.document import PARAGRAPH, Document, Section, Sentence, classify_heading
from exdose.errors import IngestError

ReportFormat = Literal["text", "jats", "pdf", "docx", "html"]

DEFAULT_MAX_BYTES: Final[int] = 50 * 1024 * 1024
"""Default size bound for one input file (50 MB); the CLI's --max-size changes it."""
MAX_PDF_PAGES: Final[int] = 1000
MAX_ZIP_ENTRIES: Final[int] = 5000
MAX_ZIP_RATIO: Final[int] = 200  # a DOCX part packs roughly 3-20x; far more is a zip bomb

REPORT_SUFFIXES: Final[frozenset[str]] = frozenset(
    {
        ".txt",
        ".md",
        ".markdown",
        ".xml",
        ".nxml",
        ".jats",
        ".pdf",
        ".docx",
        ".text",
        ".html",
        ".htm",
    }
)
"""Files picked up when a folder is given (a file named explicitly is read whatever its name)."""


# Files that sit beside reports in a folder but are not reports.
_NOT_A_REPORT = re.compile(r"^(readme|license|licence|changelog|notice)\b", re.I)


# The first line of the review summary exdose writes (never rated as a report).
_OWN_SUMMARY = "# Reporting completeness of the exercise interventions"
_OWN_HTML = re.compile(r'<meta name="generator" content="exdose">')  # the HTML summary's head
_SKIP_REASONS: Final[dict[str, str]] = {
    ".zip": "a zip archive: unpack it first",
    ".csv": "a table (a ratings table?), not a report",
    ".xlsx": "a spreadsheet (a ratings table?), not a report",
    ".png": "an image, not a report",
    ".svg": "an image, not a report",
    ".doc": "old Word format: save it as DOCX or PDF",
}


@dataclass(frozen=True)
class ReportScan:
    """The report files found under some paths, and what was skipped and why."""

    files: list[tuple[Path, str]]  # (path, the name the report is known by)
    skipped: list[tuple[Path, str]]  # (path, reason)
    hidden: int = 0  # files in hidden folders or hidden themselves (not listed)


def scan_reports(paths: Iterable[Path]) -> ReportScan:
    """The report files among `paths` (folders read recursively, sorted), and the rest.

    A folder's files that are not reports are listed with the reason (HTML, zip, tables,
    images, exdose's own review summary...). Reports with the same file name in two folders
    are known by their path relative to the folder given.
    """
    found: list[tuple[Path, str]] = []  # (path, relative name)
    skipped: list[tuple[Path, str]] = []
    hidden = 0
    for path in paths:
        if not path.is_dir():
            found.append((path, path.name))
            continue
        for child in sorted(path.rglob("*")):
            if not child.is_file():
                continue
            relative = child.relative_to(path)
            if any(part.startswith(".") for part in relative.parts):
                hidden += 1
                continue
            reason = _skip_reason(child)
            if reason is None:
                found.append((child, relative.as_posix()))
            else:
                skipped.append((child, reason))
    counts: dict[str, int] = {}
    for file, _ in found:
        counts[file.name] = counts.get(file.name, 0) + 1
    files = [(file, name if counts[file.name] > 1 else file.name) for file, name in found]
    return ReportScan(files, skipped, hidden)


def _skip_reason(path: Path) -> str | None:
    """Why a file in a folder is not rated (None: it is a report)."""
    suffix = path.suffix.lower()
    if _NOT_A_REPORT.match(path.name):
        return "not a report (readme, licence or notes)"
    if suffix not in REPORT_SUFFIXES:
        return _SKIP_REASONS.get(suffix, f"unknown file type {suffix or '(no suffix)'}")
    if suffix in (".md", ".markdown", ".txt", ".html", ".htm"):
        try:
            with path.open("rb") as handle:
                head = handle.read(1024).decode("utf-8", "replace")
        except OSError:
            return None  # reading it will report the error
        if head.lstrip("\ufeff").startswith(_OWN_SUMMARY) or (
            _OWN_HTML.search(head) and _OWN_SUMMARY.lstrip("# ") in head
        ):
            return "exdose's own review summary, not a report"
    return None


def iter_report_paths(paths: Iterable[Path]) -> Iterator[Path]:
    """The report files among `paths`, folders read recursively in a stable (sorted) order."""
    for path, _ in scan_reports(paths).files:
        yield path


def read_report(
    path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES, name: str | None = None
) -> Document:
    """Read one report file into a `Document` (IngestError if it cannot or must not be read).

    `name` is what the report is called (default its file name).
    """
    try:
        size = path.stat().st_size
    except OSError as error:
        raise IngestError(f"cannot read the file: {error.strerror}", file=path) from error
    if size > max_bytes:
        raise IngestError(
            f"file is {size / 1e6:.1f} MB, over the size bound of {max_bytes / 1e6:.1f} MB",
            file=path,
            hint="raise the bound with --max-size if this is really a trial report",
        )
    try:
        data = path.read_bytes()
    except OSError as error:
        raise IngestError(f"cannot read the file: {error.strerror}", file=path) from error
    return parse_report(data, name=name or path.name, source=path, max_bytes=max_bytes)


def parse_report(
    data: bytes,
    *,
    name: str,
    source: str | Path | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Document:
    """Parse report bytes of any supported format into a `Document`."""
    where = source if source is not None else name
    if len(data) > max_bytes:
        raise IngestError(
            f"input is {len(data) / 1e6:.1f} MB, over the size bound of {max_bytes / 1e6:.1f} MB",
            file=where,
        )
    fmt = detect_format(data, where=where)
    pages: list[int] = []
    if fmt == "pdf":
        text, headings, pages = _pdf_blocks(data, where)
    elif fmt == "docx":
        text, headings = _docx_blocks(data, where, max_bytes)
    elif fmt == "jats":
        text, headings = _jats_blocks(data, where)
    elif fmt == "html":
        text, headings = _html_blocks(data, where)
    else:
        text = _decode_text(data, where)
        headings = _markdown_headings(text)
    if len(text) > MAX_TEXT_CHARS:
        raise IngestError(
            f"extracted text has {len(text):,} characters, over the bound of {MAX_TEXT_CHARS:,}",
            file=where,
        )
    if not text.strip():
        raise IngestError(
            "the report has no text"
            + (" layer (a scanned PDF needs OCR first)" if fmt == "pdf" else ""),
            file=where,
        )
    document = build_document(name, fmt, text, headings)
    document.pages = pages
    return document


_BINARY_MAGIC: Final[tuple[bytes, ...]] = (
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"\x1f\x8b",
    b"BZh",
    b"\xfd7zXZ",
    b"7z\xbc\xaf",
    b"Rar!",
    b"\x7fELF",
    b"MZ",
    b"\xd0\xcf\x11\xe0",  # old MS Office (.doc)
)


def detect_format(data: bytes, *, where: str | Path = "") -> ReportFormat:
    """The format of report bytes, from their content (magic bytes and the first markup)."""
    if not data.strip():
        raise IngestError("the file is empty", file=where)
    head = data[:4096]
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    for magic in _BINARY_MAGIC:
        if head.startswith(magic):
            raise IngestError(
                "binary file of an unsupported kind",
                file=where,
                hint="give plain text, Markdown, JATS XML, PDF or DOCX",
            )
    if head.startswith(_UTF16_BOMS):
        # a UTF-16 file (some editors and Windows tools save XML so): look at its characters
        head = head[: len(head) // 2 * 2].decode("utf-16", errors="replace").encode("utf-8")
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    lowered = stripped[:2048].lower()
    if lowered.startswith(b"<!doctype html") or lowered.startswith(b"<html"):
        return "html"
    if (
        stripped.startswith(b"<?xml")
        or stripped.startswith(b"<article")
        or (stripped.startswith(b"<!DOCTYPE") and b"article" in lowered)
    ):
        return "jats"
    return "text"


# --- plain text and Markdown -------------------------------------------------------------------

_Heading = tuple[int, int, int, str]  # line start, line end, level, heading text


_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def _decode_text(data: bytes, where: str | Path) -> str:
    if data.startswith(_UTF16_BOMS):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise IngestError(
                f"UTF-16 text that does not decode (byte {error.start})", file=where
            ) from None
    sample = data[:8192]
    if b"\x00" in sample:
        raise IngestError(
            "binary data (NUL bytes), not a text report",
            file=where,
            hint="give plain text, Markdown, JATS XML, PDF or DOCX",
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    control = len(_CONTROL_CHARS.findall(text, 0, 8192))
    odd = text.count("\ufffd", 0, 8192)
    if (control + odd) > 0.05 * min(len(text), 8192):
        raise IngestError(
            "binary data, not a text report",
            file=where,
            hint="give plain text, Markdown, JATS XML, PDF or DOCX",
        )
    return text.replace("\r\n", "\n").replace("\r", "\n")


_MD_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$", re.M)


def _markdown_headings(text: str) -> list[_Heading]:
    headings = [
        (m.start(), m.end(), len(m.group(1)), m.group(2).strip())
        for m in _MD_HEADING.finditer(text)
    ]
    if len(headings) >= 2:
        return headings
    plain = [
        (m.start(), m.end(), 1 if m.group(1).lower() == "abstract" else 2, m.group(0).strip())
        for m in _PLAIN_HEADING.finditer(text)
    ]
    return sorted(headings + plain)


# --- building sections and sentences -----------------------------------------------------------


def build_document(name: str, fmt: str, text: str, headings: list[_Heading]) -> Document:
    """Split text with known heading lines into sections and sentences."""
    first_line = text.lstrip().split("\n", 1)[0].strip().lstrip("#").strip()
    title = first_line[:300]
    sections: list[Section] = []
    sentences: list[Sentence] = []
    # The part before the first heading is the title block.
    bounds: list[tuple[int, int, int, tuple[str, ...]]] = []
    stack: list[tuple[int, str]] = []
    first = headings[0][0] if headings else len(text)
    bounds.append((0, 0, first, ()))
    for index, (_start, end, level, heading) in enumerate(headings):
        while stack and stack[-1][0] >= level:
            stack.pop()
        stack.append((level, heading))
        stop = headings[index + 1][0] if index + 1 < len(headings) else len(text)
        bounds.append((end, level, stop, tuple(h for _, h in stack)))
    for body_start, level, stop, path in bounds:
        kind = classify_heading(path) if path else "title"
        section_index = len(sections)
        sections.append(
            Section(
                heading=path[-1] if path else title,
                level=level,
                kind=kind,
                start=body_start,
                end=stop,
                path=path,
            )
        )
        for start, end in split_sentences(text, body_start, stop):
            sentences.append(Sentence(text[start:end], start, end, section_index))
    if not headings and sentences:
        # No structure at all: treat the text as one methods-like body, title kept apart.
        sections[0] = Section(title, 0, "methods", 0, len(text), ())
    return Document(name=name, format=fmt, text=text, title=title, sections=sections,
                    sentences=sentences)  # fmt: skip


_ABBREVIATIONS: Final[frozenset[str]] = frozenset(
    {
        "al", "e.g", "i.e", "eg", "ie", "fig", "figs", "vs", "approx", "ca", "cf", "dr", "mr",
        "mrs", "ms", "prof", "st", "no", "nos", "vol", "ref", "refs", "etc", "resp", "incl",
        "tab", "eq", "sd", "min", "max", "wk", "wks", "yr", "yrs", "u.s", "u.k", "inc", "ltd",
    }
)  # fmt: skip
_BOUNDARY = re.compile(r"[.!?][\"”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")


def split_sentences(text: str, start: int, stop: int) -> Iterator[tuple[int, int]]:
    """Sentence spans (start, end) in text[start:stop], paragraph by paragraph."""
    for para in PARAGRAPH.finditer(text, start, stop):
        p_start, p_end = para.start(), para.end()
        cursor = p_start
        for boundary in _BOUNDARY.finditer(text, p_start, p_end):
            dot = boundary.start()
            word_start = dot
            while word_start > cursor and not text[word_start - 1].isspace():
                word_start -= 1
            word = text[word_start:dot].lower().strip("([\"'")
            if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
                continue
            end = dot + 1
            while end < p_end and text[end] in '"”’)]':
                end += 1
            yield from _trimmed(text, cursor, end)
            cursor = boundary.end()
        yield from _trimmed(text, cursor, p_end)


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end - start >= 3:
        yield start, end


# --- structured formats: assemble Markdown-like text -------------------------------------------


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _jats_blocks(data: bytes, where: str | Path) -> tuple[str, list[_Heading]]:
    import defusedxml.ElementTree as SafeET
    from defusedxml import DefusedXmlException

    try:
        # defusedxml refuses entity declarations (billion laughs, external entities) and never
        # fetches a DTD or anything else over the network.
        root = SafeET.fromstring(data)
    except DefusedXmlException as error:
        raise IngestError(
            f"unsafe XML refused ({type(error).__name__}): entity declarations are not allowed",
            file=where,
        ) from error
    except SafeET.ParseError as error:
        raise IngestError(f"XML does not parse: {error}", file=where) from error
    except (LookupError, ValueError) as error:  # an unknown encoding in the XML declaration
        raise IngestError(
            f"the XML declares an encoding that cannot be read ({error})", file=where
        ) from error
    if _local(root.tag) != "article":
        raise IngestError(
            f"XML whose root is <{_local(root.tag)}>, not a JATS <article>",
            file=where,
            hint="give the article as JATS XML (as PubMed Central serves it), text or PDF",
        )
    writer = _Writer()
    try:
        for element in root.iter():
            if _local(element.tag) == "article-title":
                # The title is the document's first line, not a heading over everything.
                writer.paragraph("".join(element.itertext()))
                break
        for element in root.iter():
            if _local(element.tag) == "abstract":
                writer.heading(2, "Abstract")
                _jats_container(element, writer, 3)
        for element in root:
            if _local(element.tag) == "body":
                _jats_container(element, writer, 2)
    except _TooLong:
        raise IngestError(
            f"extracted text is over {MAX_TEXT_CHARS:,} characters", file=where
        ) from None
    except _TooDeep:
        raise IngestError(
            f"sections nested more than {MAX_JATS_DEPTH} levels deep: not a journal article",
            file=where,
        ) from None
    return writer.result()


MAX_JATS_DEPTH = 100
"""Sections, lists and boxes nested deeper than this refuse the file (real articles nest a few
levels; the walk is recursive, so an unbounded depth would exhaust the stack)."""


class _TooDeep(Exception):
    pass


def _jats_container(element: object, writer: _Writer, level: int, depth: int = 0) -> None:
    if depth > MAX_JATS_DEPTH:
        raise _TooDeep
    for child in element:  # type: ignore[attr-defined]
        tag = _local(child.tag)
        if tag == "sec":
            title = next((c for c in child if _local(c.tag) == "title"), None)
            if title is not None:
                writer.heading(level, "".join(title.itertext()))
            _jats_container(child, writer, level + 1, depth + 1)
        elif tag == "p":
            writer.paragraph("".join(child.itertext()))
        elif tag in ("list", "list-item", "boxed-text", "disp-quote"):
            _jats_container(child, writer, level, depth + 1)
        elif tag in ("table-wrap", "fig"):
            caption = [
                "".join(c.itertext()) for c in child.iter() if _local(c.tag) in ("label", "title")
            ]
            if caption:
                writer.heading(level, " ".join(caption))
            if tag == "table-wrap":
                # Dose is often only in a table: each row is read as one sentence, under the
                # table's caption, so evidence from it names the table; values are named by
                # their column's header (`table_sentences`).
                for sentence in _markup_table(child, _local, lambda c: "".join(c.itertext())):
                    writer.paragraph(sentence)


def _span(value: object) -> int:
    """A colspan/rowspan attribute as a count (bad or missing values are 1)."""
    text = value.strip() if isinstance(value, str) else ""
    if not (text.isascii() and text.isdigit()):
        return 1  # also "²" or "٣", which isdigit() takes and int() may not
    return max(1, int(text)) if len(text) <= 5 else 100_000  # int() of 5,000 digits raises


def _markup_table(
    table: Any, tag_of: Callable[[object], str], text_of: Callable[[Any], str]
) -> list[str]:
    """The row sentences of a JATS or HTML table: rows in <thead>, or leading rows of <th>
    only, are its header; colspan and rowspan place cells in their columns."""
    rows: list[list[TableCell]] = []
    marked = 0
    in_header = True  # still in the leading header rows
    for row, in_thead in _table_rows(table, tag_of):
        cells = [c for c in row if tag_of(c.tag) in ("td", "th")]
        head = in_thead or (bool(cells) and all(tag_of(c.tag) == "th" for c in cells))
        if in_header and head:
            marked += 1
        else:
            in_header = False
        rows.append(
            [(_clean(text_of(c)), _span(c.get("colspan")), _span(c.get("rowspan"))) for c in cells]
        )
    return table_sentences(rows, marked)[0]


# Parts of a saved journal page that are not the article.
_HTML_DROP: Final = frozenset(
    {"script", "style", "noscript", "nav", "header", "footer", "aside", "form", "button", "svg",
     "iframe", "template", "menu"}
)  # fmt: skip
_HTML_BLOCKS: Final = frozenset({"p", "li", "dd", "dt", "blockquote", "figcaption", "caption"})


def _html_blocks(data: bytes, where: str | Path) -> tuple[str, list[_Heading]]:
    """An article saved from a journal site: headings, paragraphs and tables of its body.

    Parsed with lxml.html (no network, no scripts); navigation, headers, footers, asides and
    scripts are dropped. The title is the `citation_title` meta tag, else the first <h1>, else
    the <title>.
    """
    import lxml.html

    try:
        root = lxml.html.document_fromstring(data)
    except (ValueError, lxml.etree.ParserError) as error:
        raise IngestError(f"HTML does not parse: {error}", file=where) from error
    for element in list(root.iter()):
        if isinstance(element.tag, str) and element.tag.lower() in _HTML_DROP:
            element.drop_tree()
    meta = root.xpath('//meta[@name="citation_title" or @name="dc.title" or @name="DC.title"]')
    h1 = root.xpath("//h1")
    title_tag = root.xpath("//title")
    if meta and meta[0].get("content"):
        title = meta[0].get("content")
    elif h1:
        title = h1[0].text_content()
    else:
        title = title_tag[0].text_content() if title_tag else ""
    body = root.xpath("//article") or root.xpath("//main") or root.xpath("//body") or [root]
    writer = _Writer()
    try:
        writer.paragraph(title)
        _html_container(body[0], writer, _clean(title))
    except _TooLong:
        raise IngestError(
            f"extracted text is over {MAX_TEXT_CHARS:,} characters", file=where
        ) from None
    return writer.result()


def _html_container(element: object, writer: _Writer, title: str) -> None:
    for child in element:  # type: ignore[attr-defined]
        tag = child.tag.lower() if isinstance(child.tag, str) else ""
        if len(tag) == 2 and tag[0] == "h" and tag[1].isdigit():
            text = _clean(child.text_content())
            if text and text != title:
                writer.heading(int(tag[1]), text)
        elif tag in _HTML_BLOCKS:
            writer.paragraph(child.text_content())
        elif tag == "table":
            caption = child.find("caption")
            if caption is not None and _clean(caption.text_content()):
                writer.heading(6, caption.text_content())  # below any section heading
            for sentence in _markup_table(child, _html_tag, lambda c: c.text_content()):
                writer.paragraph(sentence)
        elif tag in ("ul", "ol", "dl"):
            _html_container(child, writer, title)
        elif tag:
            if (
                tag in ("div", "section", "span")
                and child.text
                and child.text.strip()
                and not any(isinstance(c.tag, str) for c in child)
            ):
                # text straight inside a division (some journal pages have no <p>)
                writer.paragraph(child.text_content())
                continue
            _html_container(child, writer, title)


def _pdf_blocks(data: bytes, where: str | Path) -> tuple[str, list[_Heading], list[int]]:
    """The text of a PDF's text layer in reading order, its headings, and where each page starts
    in the text (see `exdose.appraise.pdf`)."""
    from exdose.appraise.pdf import pdf_blocks

    return pdf_blocks(data, where, MAX_PDF_PAGES, MAX_TEXT_CHARS)


_TABLE_CAPTION = re.compile(r"^\s*table\s+\d+[.:]?\s", re.I)


def _docx_blocks(data: bytes, where: str | Path, max_bytes: int) -> tuple[str, list[_Heading]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        raise IngestError(f"not a valid DOCX/zip file ({error})", file=where) from error
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ZIP_ENTRIES:
            raise IngestError(f"DOCX has {len(infos)} parts, over {MAX_ZIP_ENTRIES}", file=where)
        unpacked = sum(info.file_size for info in infos)
        if unpacked > 4 * max_bytes:
            raise IngestError(
                f"DOCX unpacks to {unpacked / 1e6:.0f} MB, over the bound of "
                f"{4 * max_bytes / 1e6:.0f} MB (a zip bomb?)",
                file=where,
            )
        for info in infos:
            if info.compress_size and info.file_size / info.compress_size > MAX_ZIP_RATIO:
                raise IngestError(
                    f"DOCX part {info.filename} unpacks to "
                    f"{info.file_size // info.compress_size} times its packed size (a zip bomb?)",
                    file=where,
                )
        if "word/document.xml" not in archive.namelist():
            raise IngestError("zip file that is not a DOCX (no word/document.xml)", file=where)
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises many kinds on damaged files
        raise IngestError(f"DOCX cannot be read ({type(error).__name__})", file=where) from error
    from docx.table import Table

    writer = _Writer()
    titled = False
    level = 1  # of the last heading: a table caption goes one below it
    try:
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                # Each row one sentence, under the caption when the paragraph before named it.
                try:
                    sentences = _docx_table(block)
                except (ValueError, TypeError, AttributeError) as error:  # a damaged table
                    raise IngestError(
                        f"DOCX table cannot be read ({type(error).__name__})", file=where
                    ) from error
                for sentence in sentences:
                    writer.paragraph(sentence)
                continue
            paragraph = block
            style = (paragraph.style.name if paragraph.style is not None else "") or ""
            match = re.match(r"Heading (\d)", style)
            if style == "Title" and titled:
                writer.heading(1, paragraph.text)  # a second "Title" is a top-level heading
                level = 1
            elif style == "Title":
                titled = True
                writer.paragraph(paragraph.text)
            elif match:
                level = int(match.group(1)) + 1
                writer.heading(level, paragraph.text)
            elif _TABLE_CAPTION.match(paragraph.text):
                writer.heading(level + 1, paragraph.text)
            else:
                writer.paragraph(paragraph.text)
    except _TooLong:
        raise IngestError(
            f"extracted text is over {MAX_TEXT_CHARS:,} characters", file=where
        ) from None
    return writer.result()


def _table_rows(table: Any, tag_of: Callable[[object], str]) -> Iterator[tuple[Any, bool]]:
    """A table's <tr> elements in document order, each with whether it is in a <thead>
    (walked with a stack, not recursion: the markup's depth is the file's to choose)."""
    stack: list[tuple[Any, bool]] = [(table, False)]
    while stack:
        element, in_thead = stack.pop()
        if tag_of(element.tag) == "tr":
            yield element, in_thead
            continue
        head = in_thead or tag_of(element.tag) == "thead"
        stack.extend((child, head) for child in reversed(list(element)))


def _html_tag(tag: object) -> str:
    return tag.lower() if isinstance(tag, str) else ""


def _docx_table(table: Any) -> list[str]:
    """The row sentences of a DOCX table: leading rows marked to repeat as header
    (w:tblHeader) are its header, else the first row when it looks like one; a cell's
    w:gridSpan is its columns, a w:vMerge continuation the cell above going on."""
    from docx.table import _Cell

    rows: list[list[TableCell]] = []
    marked = 0
    in_header = True
    for tr in table._tbl.tr_lst:
        if in_header and tr.xpath("./w:trPr/w:tblHeader"):
            marked += 1
        else:
            in_header = False
        cells: list[TableCell] = [("", 1, 1)] * min(tr.grid_before, 1000)
        for tc in tr.tc_lst:
            text = None if tc.vMerge == "continue" else _clean(_Cell(tc, table).text)
            cells.append((text, tc.grid_span, 1))
        rows.append(cells)
    return table_sentences(rows, marked)[0]

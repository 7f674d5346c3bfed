"""Reading a delimited log into a table of strings, row by row, every bad row accounted for.

The file is streamed with the standard csv module (quotes, embedded newlines) and refused above a
size bound before anything is read, so a huge or wrong file fails fast with a clear message.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

import polars as pl

from exdose.errors import LogReadError
from exdose.sets.readers.model import Skipped
from exdose.sets.readers.parsing import clean_text

MAX_LOG_BYTES: Final[int] = 128 * 1024 * 1024
"""Largest log exdose reads (128 MiB, about a million sets: decades of one person's training).

Bigger files are refused before reading: split them (for example by year) or pass `max_bytes`.
"""

MAX_HEADER_CHARS: Final[int] = 64 * 1024
"""Longest header line read (64 KiB); real exports have headers of a few hundred characters."""
MAX_COLUMNS: Final[int] = 256
"""Most columns in a log (the widest app export has about 20)."""
MAX_FIELD_CHARS: Final[int] = 131_072
"""Longest single field (the standard csv module's default limit, which exdose does not change)."""
MAX_LEADING_BLANK_LINES: Final[int] = 1000
"""Blank lines tolerated before the header line."""

DELIMITERS: Final[tuple[str, ...]] = (",", ";", "\t")
_DELIMITER_NAMES: Final[dict[str, str]] = {",": "comma", ";": "semicolon", "\t": "tab"}
ROW: Final[str] = "row"
"""The column added to every read table: the 1-based data row (header excluded)."""


def delimiter_name(delimiter: str) -> str:
    """A readable name for a delimiter ("comma", "semicolon", "tab")."""
    return _DELIMITER_NAMES.get(delimiter, repr(delimiter))


@dataclass
class RawTable:
    """The file as strings: one column per header field plus `row` (1-based data row)."""

    path: Path
    header: list[str]
    delimiter: str
    frame: pl.DataFrame
    skipped: list[Skipped] = field(default_factory=list)
    data_rows: int = 0


def check_size(path: Path, max_bytes: int = MAX_LOG_BYTES) -> int:
    """The file size in bytes; raise LogReadError when missing, empty or above `max_bytes`."""
    try:
        size = os.stat(path).st_size
    except FileNotFoundError:
        raise LogReadError("file not found", file=path) from None
    except OSError as error:
        raise LogReadError(f"cannot open file: {error.strerror}", file=path) from None
    if path.is_dir():
        raise LogReadError("is a folder, not a log file", file=path)
    if size == 0:
        raise LogReadError("the file is empty", file=path, hint="export the log again")
    if size > max_bytes:
        raise LogReadError(
            f"the file is {size / 1024**2:,.0f} MiB, above exdose's limit of "
            f"{max_bytes / 1024**2:,.0f} MiB for one log",
            file=path,
            hint="split it into smaller files (for example one per year) and pass them all",
        )
    return size


def first_line(path: Path) -> str:
    """The first non-blank line of the file (BOM removed), for format detection.

    Lines end at LF, CRLF or a lone CR (old Mac and some Excel exports). A header line longer than
    MAX_HEADER_CHARS, or more than MAX_LEADING_BLANK_LINES blank lines first, is refused.
    """
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            for _ in range(MAX_LEADING_BLANK_LINES + 1):
                line = handle.readline(MAX_HEADER_CHARS + 2)
                if not line:
                    break
                if len(line.rstrip("\r\n")) > MAX_HEADER_CHARS:
                    raise LogReadError(
                        f"the header line is longer than {MAX_HEADER_CHARS // 1024} KiB",
                        file=path,
                        line=1,
                        hint="this is not a training log export; a log header names a few "
                        f"columns, exdose reads at most {MAX_COLUMNS}",
                    )
                if line.strip():
                    return line.rstrip("\r\n")
            else:
                raise LogReadError(
                    f"more than {MAX_LEADING_BLANK_LINES} blank lines before the header line",
                    file=path,
                    hint="remove the blank lines at the top of the file",
                )
    except UnicodeDecodeError:
        raise LogReadError(
            "the file is not UTF-8 text", file=path, line=1, hint=_encoding_hint(path)
        ) from None
    raise LogReadError("the file has no header line (only blank lines)", file=path)


def _encoding_hint(path: Path) -> str:
    with open(path, "rb") as handle:
        start = handle.read(4)
    if start[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "it is UTF-16; save or export it as UTF-8 CSV"
    return "export or save it as UTF-8 CSV"


def split_header(line: str, delimiter: str) -> list[str]:
    """The header fields of `line` split by `delimiter`, stripped of spaces and quotes."""
    try:
        fields = next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        # A stray CR or an over-long field: split plainly; the table reader reports the detail.
        fields = line.split(delimiter)
    return [f.strip().strip('"').strip() for f in fields]


def column_names(header: list[str], path: Path) -> list[str]:
    """Unique, safe column names for a header: empty names become `column`, repeats get `_2`,
    and names polars or exdose would misread (`row`, `_...`, `*`, `^...$`) get a suffix."""
    if len(header) > MAX_COLUMNS:
        raise LogReadError(
            f"the header has {len(header):,} columns; exdose reads logs of at most {MAX_COLUMNS}",
            file=path,
            line=1,
            hint="this is not a training log export, or columns were added by mistake",
        )
    seen: dict[str, int] = {}
    out: list[str] = []
    for index, name in enumerate(header, start=1):
        base = name or "column"
        if (
            base.lower() == ROW
            or base.startswith("_")
            or base == "*"
            or (base.startswith("^") and base.endswith("$"))
        ):
            base = f"{base} (column {index})"
        count = seen.get(base, 0)
        seen[base] = count + 1
        out.append(base if count == 0 else f"{base}_{count + 1}")
    return out


def refuse_repeated(names: list[str], original: list[str], path: Path) -> None:
    """Refuse a header that names a column twice (after the format's normalisation, e.g. `date`
    and `Date` in an exdose CSV): exdose could read only one of them and would lose the other."""
    first: dict[str, int] = {}
    for index, name in enumerate(names):
        if not name:
            continue
        if name in first:
            a, b = first[name], index
            raise LogReadError(
                f"the header names the column {name!r} twice (columns {a + 1} "
                f"{original[a]!r} and {b + 1} {original[b]!r}); exdose cannot tell which to read",
                file=path,
                line=1,
                hint="remove or rename one of them",
            )
        first[name] = index


_QUOTED = r'"(?:[^"]|"")*"'
_MARK = "\x1e"


def _fast_table(path: Path, delimiter: str) -> RawTable | None:
    """polars' reader when every line is one well-formed record, else None (use the careful path).

    The careful path is needed for blank lines, quoted newlines, stray quotes, lone CRs, ragged
    rows, over-long fields or bad encoding: it numbers and reports each such row, which polars
    would fill, skip or refuse silently. Both paths give the same table where both apply.
    """
    try:
        lines = pl.read_csv(
            path,
            has_header=False,
            separator="\x1f",
            quote_char=None,
            infer_schema=False,
            new_columns=["line"],
        )
    except Exception:
        return None
    if lines.width != 1 or lines.height < 1:
        return None
    line = lines["line"]
    if line.null_count() > 0:
        return None  # a blank line (also a blank first line before the header)
    if (line.str.len_chars() > MAX_FIELD_CHARS).any():
        return None
    if line.str.contains("[\r\x1e]").any():
        return None  # a lone CR ends a line for the csv module but not for polars
    first = str(line[0]).lstrip("\ufeff")
    header = split_header(first, delimiter)
    if not all(header) or len(header) > MAX_COLUMNS:
        return None
    body = line.slice(1)
    if (body.str.strip_chars() == "").any():
        return None
    # Quotes only as whole fields ("a","b""c"): any other quote is read differently by polars
    # and the csv module, so leave such files to the careful path.
    marked = body.str.replace_all(_QUOTED, _MARK)
    d = re.escape(delimiter)
    stray = marked.str.contains('"') | marked.str.contains(
        f"[^{d}]{_MARK}|{_MARK}[^{d}]", literal=False
    )
    if stray.any():
        return None
    counts = marked.str.count_matches(delimiter, literal=True) + 1
    if (counts != len(header)).any():
        return None
    names = column_names(header, path)
    try:
        frame = pl.read_csv(
            path,
            separator=delimiter,
            has_header=True,
            infer_schema=False,
            new_columns=names,
        )
    except Exception:
        return None
    if frame.height != body.len() or frame.width != len(names):
        return None
    frame = frame.with_columns(pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias(ROW))
    frame = frame.with_columns([clean_text(name) for name in names])
    return RawTable(
        path=path, header=names, delimiter=delimiter, frame=frame, data_rows=frame.height
    )


def read_table(
    path: Path,
    delimiter: str,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> RawTable:
    """Read every data row as strings; rows with the wrong field count are skipped, with reason.

    Every record after the header is a data row: it is either in the table or in `skipped`, so
    `frame.height + len(skipped) == data_rows`.
    """
    fast = _fast_table(path, delimiter)
    if fast is not None:
        if progress is not None:
            progress(1, 1)
        return fast
    total = os.stat(path).st_size
    # Good records are copied to an in-memory CSV that polars reads at the end: memory stays a
    # small multiple of the file size, where Python lists of strings would take ten times more.
    buffer = io.BytesIO()
    text_out = io.TextIOWrapper(buffer, encoding="utf-8", newline="", write_through=True)
    writer = csv.writer(text_out, lineterminator="\n")
    kept = 0
    skipped: list[Skipped] = []
    header: list[str] | None = None
    n_fields = 0
    wrong_count = 0
    data_row = 0
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle, delimiter=delimiter)
            for record in reader:
                if header is None:
                    if not record or not any(f.strip() for f in record):
                        continue
                    header = [f.strip().strip('"').strip() for f in record]
                    n_fields = len(header)
                    names = column_names(header, path)
                    continue
                data_row += 1
                if not record or (len(record) == 1 and not record[0].strip()):
                    skipped.append(Skipped(data_row, "blank line"))
                    continue
                if len(record) != n_fields:
                    # A trailing delimiter adds one empty field: harmless.
                    if len(record) == n_fields + 1 and not record[-1].strip():
                        record = record[:-1]
                    else:
                        wrong_count += 1
                        skipped.append(
                            Skipped(
                                data_row,
                                f"{len(record)} fields where the header has {n_fields} "
                                f"({delimiter_name(delimiter)}-separated; wrong delimiter or an "
                                "unquoted delimiter inside a field?)",
                            )
                        )
                        continue
                writer.writerow([data_row, *record])
                kept += 1
    except UnicodeDecodeError:
        raise LogReadError(
            "the file is not UTF-8 text",
            file=path,
            row=data_row + 1,
            hint=_encoding_hint(path),
        ) from None
    except csv.Error as error:
        reason = str(error)
        if "field larger" in reason:
            reason = f"a field is longer than {MAX_FIELD_CHARS:,} characters"
        raise LogReadError(
            f"not a readable CSV file: {reason}",
            file=path,
            row=data_row + 1 if header is not None else None,
            line=None if header is not None else 1,
            hint="an unclosed quote makes the rest of the file one field; check that row",
        ) from None
    if header is None:
        raise LogReadError("the file has no header line", file=path)
    if wrong_count and not kept:
        other = [d for d in DELIMITERS if d != delimiter]
        raise LogReadError(
            f"no data row has the {n_fields} fields of the header; every one of the "
            f"{wrong_count} rows was split differently",
            file=path,
            hint="the rows probably use another delimiter "
            f"({', '.join(map(delimiter_name, other))}) than the header; export the log again"
            " without editing it",
        )
    text_out.flush()
    schema = {ROW: pl.Utf8(), **{name: pl.Utf8() for name in names}}
    if kept:
        buffer.seek(0)
        frame = pl.read_csv(
            buffer,
            has_header=False,
            schema=schema,
            quote_char='"',
        )
    else:
        frame = pl.DataFrame(schema=schema)
    text_out.detach()
    frame = frame.with_columns(pl.col(ROW).cast(pl.Int64)).select(*names, ROW)
    frame = frame.with_columns([clean_text(name) for name in names])
    if progress is not None:
        progress(total, total)
    return RawTable(
        path=path,
        header=names,
        delimiter=delimiter,
        frame=frame,
        skipped=skipped,
        data_rows=data_row,
    )

"""Reading a delimited log into a table of strings, row by row, every bad row accounted for.

The file is streamed with the standard csv module (quotes, embedded newlines) and refused above a
size bound before anything is read, so a huge or wrong file fails fast with a clear message.
"""

from __future__ import annotations

import csv
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

DELIMITERS: Final[tuple[str, ...]] = (",", ";", "\t")
_DELIMITER_NAMES: Final[dict[str, str]] = {",": "comma", ";": "semicolon", "\t": "tab"}


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
    """The first non-blank line of the file (BOM removed), for format detection."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            for line in handle:
                if line.strip():
                    return line.rstrip("\r\n")
    except UnicodeDecodeError:
        raise LogReadError(
            "the file is not UTF-8 text", file=path, line=1, hint="export or save it as UTF-8 CSV"
        ) from None
    raise LogReadError("the file has no header line (only blank lines)", file=path)


def split_header(line: str, delimiter: str) -> list[str]:
    """The header fields of `line` split by `delimiter`, stripped of spaces and quotes."""
    fields = next(csv.reader([line], delimiter=delimiter), [])
    return [f.strip().strip('"').strip() for f in fields]


def _fast_table(path: Path, delimiter: str) -> RawTable | None:
    """polars' reader when every line is one well-formed record, else None (use the careful path).

    The careful path is needed for blank lines, quoted newlines, ragged rows or bad encoding: it
    numbers and reports each such row, which polars would fill, skip or refuse silently.
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
    first = lines["line"][0].lstrip("\ufeff")
    header = [f.strip().strip('"').strip() for f in next(csv.reader([first], delimiter=delimiter))]
    if not all(header):
        return None
    body = lines.slice(1)["line"]
    # A line with an odd number of quotes holds a quoted newline: records span lines.
    odd = (body.str.count_matches('"', literal=True) % 2 == 1).any()
    blank = body.null_count() > 0 or (body.str.strip_chars() == "").any()
    if odd or blank:
        return None
    counts = body.str.count_matches(delimiter, literal=True) + 1
    off = counts != len(header)
    if off.any():
        # Delimiters inside quoted fields do not separate fields: recount those lines only.
        unquoted = body.filter(off).str.replace_all(r'"[^"]*"', "")
        if (unquoted.str.count_matches(re.escape(delimiter)) + 1 != len(header)).any():
            return None
    try:
        frame = pl.read_csv(
            path,
            separator=delimiter,
            has_header=True,
            infer_schema=False,
            new_columns=_unique_names(header),
        )
    except Exception:
        return None
    if frame.height != body.len():
        return None
    names = _unique_names(header)
    frame = frame.with_columns(pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias("row"))
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
    """Read every data row as strings; rows with the wrong field count are skipped, with reason."""
    fast = _fast_table(path, delimiter)
    if fast is not None:
        if progress is not None:
            progress(1, 1)
        return fast
    total = os.stat(path).st_size
    rows: list[list[str]] = []
    numbers: list[int] = []
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
                rows.append(record)
                numbers.append(data_row)
    except UnicodeDecodeError:
        raise LogReadError(
            "the file is not UTF-8 text",
            file=path,
            row=data_row + 1,
            hint="export or save it as UTF-8 CSV",
        ) from None
    except csv.Error as error:
        raise LogReadError(f"not a readable CSV file: {error}", file=path, row=data_row) from None
    if header is None:
        raise LogReadError("the file has no header line", file=path)
    if wrong_count and not rows:
        other = [d for d in DELIMITERS if d != delimiter]
        raise LogReadError(
            f"no data row has the {n_fields} fields of the header; every one of the "
            f"{wrong_count} rows was split differently",
            file=path,
            hint="the rows probably use another delimiter "
            f"({', '.join(map(delimiter_name, other))}) than the header; export the log again"
            " without editing it",
        )
    names = _unique_names(header)
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in names]
    frame = pl.DataFrame(
        {
            name: pl.Series(name, list(col), dtype=pl.Utf8)
            for name, col in zip(names, columns, strict=True)
        }
    ).with_columns(pl.Series("row", numbers, dtype=pl.Int64))
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


def _unique_names(header: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out: list[str] = []
    for name in header:
        base = name or "column"
        count = seen.get(base, 0)
        seen[base] = count + 1
        out.append(base if count == 0 else f"{base}_{count + 1}")
    return out

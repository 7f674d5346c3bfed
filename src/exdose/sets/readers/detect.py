"""Recognising a log's format from its header line (and delimiter), never from the file name.

The candidates are the registered formats (exdose.sets.readers.registry): the built-in ones and
those of installed plugins.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from exdose.errors import LogReadError
from exdose.sets.readers.csvio import DELIMITERS, delimiter_name, split_header
from exdose.sets.readers.log_format import LogFormat
from exdose.sets.readers.registry import formats


@dataclass(frozen=True)
class Detected:
    """The format found for a file, the delimiter of its header and the variant name."""

    format: LogFormat
    delimiter: str
    variant: str


def known_formats() -> str:
    """The registered formats as a phrase for messages ("strong, hevy, fitnotes or exdose-csv")."""
    names = [f.name for f in formats()]
    return ", ".join(names[:-1]) + (f" or {names[-1]}" if len(names) > 1 else names[0])


def detect(line: str, path: Path) -> Detected:
    """The format of a log from its header line; LogReadError when it is none exdose reads."""
    best: tuple[int, LogFormat, str, list[str]] | None = None
    for delimiter in DELIMITERS:
        header = split_header(line, delimiter)
        if len(header) < 2:
            continue
        for fmt in formats():
            score = fmt.detect(header)
            if score >= 2 and (best is None or score > best[0]):
                best = (score, fmt, delimiter, header)
    if best is None:
        shown = line if len(line) <= 80 else line[:77] + "..."
        hint = (
            f"exdose reads {known_formats()} exports with the app's own header line, or any CSV "
            "with a column map (docs/logs.md)"
        )
        if not any(d in line for d in DELIMITERS):
            hint = f"no comma, semicolon or tab in the header; {hint}"
        raise LogReadError(f"header not recognised: {shown!r}", file=path, line=1, hint=hint)
    _, fmt, delimiter, header = best
    names = fmt.normalise(header)
    missing = [c for c in fmt.required if c not in names]
    if missing:
        raise LogReadError(
            f"looks like a {fmt.name} log ({delimiter_name(delimiter)}-separated) but the header "
            f"lacks {', '.join(repr(m) for m in missing)}",
            file=path,
            line=1,
            hint="export the log again from the app, unedited",
        )
    return Detected(format=fmt, delimiter=delimiter, variant=fmt.variant(names))


__all__ = ["Detected", "detect", "known_formats"]

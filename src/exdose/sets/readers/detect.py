"""Recognising a log's format from its header line (and delimiter), never from the file name."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from exdose.errors import LogReadError
from exdose.sets.readers import exdose_csv, fitnotes, hevy, strong
from exdose.sets.readers.common import Parsed, ReadContext
from exdose.sets.readers.csvio import DELIMITERS, RawTable, delimiter_name, split_header


@dataclass(frozen=True)
class Format:
    """A log format: its name, identifying and required columns, parser, and whether its rows carry
    a set number (so an exact repeat of a row is a duplicate, not another identical set)."""

    name: str
    signature: frozenset[str]
    required: tuple[str, ...]
    parse: Callable[[RawTable, ReadContext], Parsed]
    variant: Callable[[list[str]], str]
    numbered_sets: bool
    normalise: Callable[[list[str]], list[str]] = lambda header: header


FORMATS: Final[tuple[Format, ...]] = (
    Format(strong.NAME, strong.SIGNATURE, strong.REQUIRED, strong.parse, strong.variant, True),
    Format(hevy.NAME, hevy.SIGNATURE, hevy.REQUIRED, hevy.parse, hevy.variant, True),
    Format(
        fitnotes.NAME,
        fitnotes.SIGNATURE,
        fitnotes.REQUIRED,
        fitnotes.parse,
        fitnotes.variant,
        False,
    ),
    Format(
        exdose_csv.NAME,
        exdose_csv.SIGNATURE,
        exdose_csv.REQUIRED,
        exdose_csv.parse,
        exdose_csv.variant,
        True,
        exdose_csv.normalise_header,
    ),
)
KNOWN: Final[str] = "Strong, Hevy, FitNotes or exdose CSV"


@dataclass(frozen=True)
class Detected:
    """The format found for a file, the delimiter of its header and the variant name."""

    format: Format
    delimiter: str
    variant: str


def _score(fmt: Format, header: list[str]) -> int:
    names = fmt.normalise(header) if fmt.name != exdose_csv.NAME else header
    return len(set(names) & fmt.signature)


def detect(line: str, path: Path) -> Detected:
    """The format of a log from its header line; LogReadError when it is none exdose reads."""
    best: tuple[int, Format, str, list[str]] | None = None
    for delimiter in DELIMITERS:
        header = split_header(line, delimiter)
        if len(header) < 2:
            continue
        for fmt in FORMATS:
            score = _score(fmt, header)
            if score >= 2 and (best is None or score > best[0]):
                best = (score, fmt, delimiter, header)
    if best is None:
        shown = line if len(line) <= 80 else line[:77] + "..."
        hint = f"exdose reads {KNOWN} exports with the app's own header line"
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

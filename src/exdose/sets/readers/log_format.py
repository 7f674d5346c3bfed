"""What a reader module declares about its format: `LogFormat` (name, how to detect it, how to
read it). The readers import this module and the registry (`registry.py`) collects them, so the
readers never import the registry that imports them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from exdose.sets.readers.common import Parsed, ReadContext
from exdose.sets.readers.csvio import RawTable


def _same(header: list[str]) -> list[str]:
    return header


@dataclass(frozen=True)
class LogFormat:
    """A training-log format.

    `detect(header)` scores a header line (split into names): 0 when the header is not this
    format, else the number of the format's identifying columns it has; the highest score of at
    least 2 wins. `read(raw, ctx)` turns the file's string table into sets-table columns plus
    `_reason` (why a row is skipped, null when it is read). `required` names the columns a file
    of this format must have (after `normalise`). `numbered_sets`: rows carry a set number, so an
    exact repeat of a row is a duplicate, not another identical set.
    """

    name: str
    detect: Callable[[list[str]], int]
    read: Callable[[RawTable, ReadContext], Parsed]
    required: tuple[str, ...] = ()
    variant: Callable[[list[str]], str] = field(default=lambda header: "")
    numbered_sets: bool = True
    normalise: Callable[[list[str]], list[str]] = _same
    description: str = ""


def signature_detector(
    signature: frozenset[str], normalise: Callable[[list[str]], list[str]] = _same
) -> Callable[[list[str]], int]:
    """A `detect` function that counts how many of the `signature` columns a header has."""

    def detect(header: list[str]) -> int:
        return len(set(normalise(header)) & signature)

    return detect

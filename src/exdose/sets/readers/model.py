"""What a reader returns: the performed sets, the rows it skipped and why, what it noticed."""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from exdose.errors import LogReadError
from exdose.exercises import ExerciseLibrary


@dataclass(frozen=True)
class Skipped:
    """A data row not read: its 1-based row number (header excluded) and the reason."""

    row: int
    reason: str
    file: str | None = None

    def as_dict(self) -> dict[str, int | str]:
        """The JSON shape `{"row": int, "reason": str}`, plus "file" when several logs were read."""
        out: dict[str, int | str] = {"row": self.row, "reason": self.reason}
        if self.file is not None:
            out["file"] = self.file
        return out


PAIN_SCHEMA: dict[str, pl.DataType] = {
    "athlete": pl.Utf8(),
    "date": pl.Date(),
    "region": pl.Utf8(),
    "during": pl.Float64(),
    "after": pl.Float64(),
    "next_morning": pl.Float64(),
    "stiffness": pl.Float64(),
    "red_flag": pl.Boolean(),
    "notes": pl.Utf8(),
    "source": pl.Utf8(),
    "row": pl.Int64(),
}


def empty_pain() -> pl.DataFrame:
    """An empty pain table with the pain-diary schema."""
    return pl.DataFrame(schema=PAIN_SCHEMA)


@dataclass
class PainDiary:
    """Pain ratings (0-10) by date and region, from a diary file or an exdose CSV log."""

    entries: pl.DataFrame
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    path: str | None = None
    """The diary file read (None for ratings built in code): notes about it name it."""

    @property
    def frame(self) -> pl.DataFrame:
        """The ratings as a polars frame (same as `entries`)."""
        return self.entries


@dataclass
class LogRead:
    """A training log read into the performed sets table.

    `sets` is in SETS_SCHEMA with `source` the format and `row` the data row; `library` is the
    library the names were matched against, extended by any custom exercises of the mapping file,
    so pass it on to the dose metrics.
    """

    sets: pl.DataFrame
    format: str
    variant: str = ""
    skipped: list[Skipped] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    pain: PainDiary | None = None
    library: ExerciseLibrary | None = None
    files: list[str] = field(default_factory=list)

    def require_sets(self) -> None:
        """Refuse a log of which no set could be read: a log without a weight unit must stop
        with the reason (the first rows skipped), never give 0% or an empty summary."""
        if self.sets.height:
            return
        shown = "; ".join(f"row {s.row}: {s.reason}" for s in self.skipped[:3])
        more = f" (and {len(self.skipped) - 3} more)" if len(self.skipped) > 3 else ""
        raise LogReadError(
            f"no usable sets: all {len(self.skipped)} data rows were skipped ({shown}{more})",
            file=", ".join(self.files) or None,
            hint="fix those rows, or give unit='kg' or 'lb' for a log that does not state its "
            "weight unit",
        )

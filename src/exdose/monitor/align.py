"""Putting performed sets on the programme's week grid and its exercise keys.

Planned tables carry programme weeks and the programme's exercise keys; a log carries dates and
library ids. Both comparisons (fidelity, adjustment) need the log in the programme's terms.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

import polars as pl

from exdose.errors import LogReadError
from exdose.program.io import LoadedProgram

AnchorSource = Literal["start_date", "first_log_date"]


@dataclass(frozen=True)
class WeekAnchor:
    """The first day of programme week 1 and where that day came from."""

    start: dt.date
    source: AnchorSource

    def describe(self) -> str:
        """How weeks were counted, in words, for output."""
        if self.source == "start_date":
            return f"weeks counted from the programme's start_date, {self.start.isoformat()}"
        return (
            f"weeks counted from {self.start.isoformat()}, the Monday of the first logged "
            "session (the programme has no start_date)"
        )

    def week_of(self, day: dt.date) -> int:
        """The programme week a date falls in (0 or less before the start)."""
        return (day - self.start).days // 7 + 1


def anchor_for(loaded: LoadedProgram, dates: pl.Series) -> WeekAnchor:
    """Week 1 starts on the programme's start_date, else on the Monday of the first log date."""
    if loaded.program.start_date is not None:
        return WeekAnchor(loaded.program.start_date, "start_date")
    first = dates.drop_nulls().min()
    if not isinstance(first, dt.date):
        raise LogReadError(
            "the log has no dated sets to put on the programme's weeks",
            hint="give the programme a start_date or log at least one set",
        )
    return WeekAnchor(first - dt.timedelta(days=first.weekday()), "first_log_date")


def library_to_keys(loaded: LoadedProgram) -> dict[str, str]:
    """Library id -> programme key, for programme exercises defined from a library entry."""
    out: dict[str, str] = {}
    for key, ex in loaded.program.exercises.items():
        if ex.library:
            found = loaded.library.get(ex.library)
            if found is not None and found.id != key:
                out.setdefault(found.id, key)
    return out


def on_programme_weeks(
    loaded: LoadedProgram, performed: pl.DataFrame, anchor: WeekAnchor
) -> pl.DataFrame:
    """The performed table with `week` set from its dates and `exercise` as programme keys."""
    keys = library_to_keys(loaded)
    days = (pl.col("date") - pl.lit(anchor.start)).dt.total_days()
    return performed.with_columns(
        (days.floordiv(7) + 1).cast(pl.Int32).alias("week"),
        pl.col("exercise").replace(keys) if keys else pl.col("exercise"),
    )

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
from exdose.exercises import default_library
from exdose.program.io import LoadedProgram

AnchorSource = Literal["start_date", "first_log_date", "given"]
StartOverride = dt.date | Literal["first-log"] | None


@dataclass(frozen=True)
class WeekAnchor:
    """The first day of programme week 1 and where that day came from."""

    start: dt.date
    source: AnchorSource

    def describe(self) -> str:
        """How weeks were counted, in words, for output."""
        if self.source == "start_date":
            return f"weeks counted from the programme's start_date, {self.start.isoformat()}"
        if self.source == "given":
            return f"weeks counted from {self.start.isoformat()} (given with --start)"
        return (
            f"weeks counted from {self.start.isoformat()}, the Monday of the first logged session"
        )

    def week_of(self, day: dt.date) -> int:
        """The programme week a date falls in (0 or less before the start)."""
        return (day - self.start).days // 7 + 1


def anchor_for(loaded: LoadedProgram, dates: pl.Series, start: StartOverride = None) -> WeekAnchor:
    """Week 1 starts on `start` when given, else on the programme's start_date, else on the
    Monday of the first log date ("first-log" asks for that even when a start_date exists).

    A log that lies wholly outside the programme's weeks is an error, not a 0% fidelity.
    """
    anchor = _anchor(loaded, dates, start)
    first, last = dates.drop_nulls().min(), dates.drop_nulls().max()
    if isinstance(first, dt.date) and isinstance(last, dt.date):
        end = anchor.start + dt.timedelta(days=7 * loaded.program.weeks)
        if last < anchor.start or first >= end:
            raise LogReadError(
                f"the log ({first.isoformat()} to {last.isoformat()}) lies outside the "
                f"programme's weeks ({anchor.start.isoformat()} to "
                f"{(end - dt.timedelta(days=1)).isoformat()})",
                hint="give --start YYYY-MM-DD (or --start first-log) to say when week 1 began",
            )
    return anchor


def _anchor(loaded: LoadedProgram, dates: pl.Series, start: StartOverride) -> WeekAnchor:
    if isinstance(start, dt.date):
        return WeekAnchor(start, "given")
    if loaded.program.start_date is not None and start is None:
        return WeekAnchor(loaded.program.start_date, "start_date")
    first = dates.drop_nulls().min()
    if not isinstance(first, dt.date):
        raise LogReadError(
            "the log has no dated sets to put on the programme's weeks",
            hint="give the programme a start_date or log at least one set",
        )
    return WeekAnchor(first - dt.timedelta(days=first.weekday()), "first_log_date")


def library_to_keys(loaded: LoadedProgram) -> dict[str, str]:
    """Library id -> programme key, for programme exercises defined from a library entry.

    The programme's own exercises shadow the library names they are taken from (`library: Leg
    Extensions` makes "Leg Extensions" name the programme's exercise), so the library entry is
    found in the bundled library, with the same matcher the log readers use: a log name that
    resolves to that entry ("Leg Extension (Machine)") is the programme's exercise.
    """
    out: dict[str, str] = {}
    own = set(loaded.program.exercises)
    base = default_library()
    for key, ex in loaded.program.exercises.items():
        if not ex.library:
            continue
        found = base.get(ex.library)
        if found is None:
            hit = base.match(ex.library)
            found = hit.exercise if hit is not None else None
        if found is None:
            direct = loaded.library.get(ex.library)
            found = direct if direct is not None and direct.id not in own else None
        if found is not None and found.id != key and found.id not in own:
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

"""Readiness: sleep, stress, fatigue, soreness and mood beside the load and the pain.

A pain diary (or exdose's log CSV) may carry optional columns, each a self-report for the day:
`sleep_hours` (0-24 h), and on 0-10 `sleep_quality` (10 best), `stress`, `fatigue`, `soreness`
(10 worst) and `mood` (10 best). A column that is absent is absent: nothing is guessed.

Each marker is judged against the person's own recent baseline: the median of their ratings in
the 28 days before the day or week judged (at least 7 rated days; otherwise there is no baseline
and the marker is not judged). A week's value is the mean of its rated days. "Clearly worse" is
practice, not evidence, and configurable (`MonitorConfig`): sleep at least 1 hour shorter, or a
0-10 marker at least 2 points worse, than the baseline. No composite score is made: each marker
is shown with its own baseline. These are self-reports, not diagnoses.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

import polars as pl
from pydantic import BaseModel

from exdose.monitor.config import MonitorConfig
from exdose.sets.readers.csvio import DELIMITERS, check_size, first_line, read_table, split_header
from exdose.sets.readers.model import Skipped
from exdose.sets.readers.parsing import (
    DateOrder,
    first_reason,
    not_a_number,
    number,
    parse_timestamps,
    quoted,
)

MARKERS: Final[tuple[str, ...]] = (
    "sleep_hours",
    "sleep_quality",
    "stress",
    "fatigue",
    "soreness",
    "mood",
)
"""The readiness columns, in the order they are shown."""

HIGHER_IS_WORSE: Final[frozenset[str]] = frozenset({"stress", "fatigue", "soreness"})
TOP: Final[dict[str, float]] = {m: (24.0 if m == "sleep_hours" else 10.0) for m in MARKERS}
WORDS: Final[dict[str, str]] = {
    "sleep_hours": "sleep",
    "sleep_quality": "sleep quality",
    "stress": "stress",
    "fatigue": "fatigue",
    "soreness": "soreness",
    "mood": "mood",
}
SOURCE_NOTE: Final[str] = (
    "readiness markers are the person's own daily self-reports (sleep hours; sleep quality, "
    "stress, fatigue, soreness and mood on 0-10), not diagnoses; each is compared with the "
    "median of the same person's ratings in the 28 days before, and 'clearly worse' (1 h less "
    "sleep, 2 points on a 0-10 marker) is a practice threshold, not evidence"
)


@dataclass
class ReadinessDiary:
    """Daily readiness ratings: `entries` has `date` and one Float64 column per marker present
    (several rows of a day, as in a training log, are averaged); rows not read are `skipped`."""

    entries: pl.DataFrame
    markers: list[str]
    skipped: list[Skipped] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """True when the file has no readiness column or no readable rating."""
        return not self.markers or self.entries.height == 0


def read_readiness(path: str | Path, *, date_order: DateOrder | None = None) -> ReadinessDiary:
    """Read the readiness columns of a pain diary or an exdose log CSV (others are ignored).

    A file without any readiness column gives an empty diary. A value that is not a number or
    is outside its range skips that row's readiness, with the row and the reason.
    """
    path = Path(path)
    check_size(path)
    line = first_line(path)
    delimiter = max(DELIMITERS, key=lambda d: len(split_header(line, d)))
    header = [h.strip().lower() for h in split_header(line, delimiter)]
    markers = [m for m in MARKERS if m in header]
    if not markers or "date" not in header:
        return ReadinessDiary(entries=pl.DataFrame(schema={"date": pl.Date}), markers=[])
    raw = read_table(path, delimiter)
    df = raw.frame.rename({c: c.strip().lower() for c in raw.frame.columns})
    stamps, _ = parse_timestamps(df["date"], date_order=date_order, file=str(path))
    df = df.with_columns(stamps.dt.date().alias("_date"))
    checks: list[tuple[pl.Expr, pl.Expr]] = []
    for m in markers:
        value = pl.col(m)
        n = number(value)
        checks.append((not_a_number(value), quoted(m, value, " is not a number")))
        checks.append(
            (
                n.is_not_null() & ((n < 0) | (n > TOP[m])),
                quoted(m, value, f" is outside 0-{TOP[m]:g}"),
            )
        )
    rated = pl.any_horizontal([number(pl.col(m)).is_not_null() for m in markers])
    parsed = df.filter(rated).with_columns(
        first_reason(
            [
                (pl.col("_date").is_null(), quoted("date", pl.col("date"), " not understood")),
                *checks,
            ]
        ).alias("_reason")
    )
    skipped = [
        Skipped(int(r), f"readiness: {m}")
        for r, m in parsed.filter(pl.col("_reason").is_not_null()).select("row", "_reason").rows()
    ]
    good = parsed.filter(pl.col("_reason").is_null())
    entries = (
        good.select(pl.col("_date").alias("date"), *[number(pl.col(m)).alias(m) for m in markers])
        .group_by("date")
        .agg([pl.col(m).mean() for m in markers])
        .sort("date")
    )
    return ReadinessDiary(entries=entries, markers=markers, skipped=skipped)


def combine_readiness(diaries: list[ReadinessDiary]) -> ReadinessDiary | None:
    """One diary from several (a marker's ratings of one day averaged); None when all are empty."""
    used = [d for d in diaries if not d.empty]
    if not used:
        return None
    markers = [m for m in MARKERS if any(m in d.markers for d in used)]
    frames = [
        d.entries.select(
            "date",
            *[pl.col(m) if m in d.markers else pl.lit(None, pl.Float64).alias(m) for m in markers],
        )
        for d in used
    ]
    entries = (
        pl.concat(frames).group_by("date").agg([pl.col(m).mean() for m in markers]).sort("date")
    )
    return ReadinessDiary(
        entries=entries, markers=markers, skipped=[s for d in used for s in d.skipped]
    )


class MarkerValue(BaseModel):
    """A marker on a day or over a week, its baseline and whether it is clearly worse."""

    marker: str
    value: float
    baseline: float | None
    baseline_days: int
    worse: bool


class ReadinessPeriod(BaseModel):
    """One day (`end` = `start`) or one week of readiness markers."""

    start: dt.date
    end: dt.date
    markers: list[MarkerValue]

    @property
    def worse(self) -> list[MarkerValue]:
        """The markers clearly worse than the baseline."""
        return [m for m in self.markers if m.worse]


class ReadinessSummary(BaseModel):
    """Readiness per day and per ISO week (Monday), each marker against its own baseline."""

    markers: list[str]
    days: list[ReadinessPeriod]
    weeks: list[ReadinessPeriod]
    notes: list[str]

    @property
    def words(self) -> dict[str, str]:
        """Marker -> its name in words ("sleep_quality" -> "sleep quality")."""
        return {m: WORDS[m] for m in self.markers}


def _clearly_worse(marker: str, value: float, baseline: float, config: MonitorConfig) -> bool:
    if marker == "sleep_hours":
        return baseline - value >= config.sleep_worse_hours
    change = value - baseline if marker in HIGHER_IS_WORSE else baseline - value
    return change >= config.readiness_worse_points


def judge_period(
    diary: ReadinessDiary, start: dt.date, end: dt.date, config: MonitorConfig
) -> ReadinessPeriod:
    """Each marker of the days `start`..`end` (mean) against its median over the 28 days before
    `start` (needs `config.readiness_baseline_min_days` rated days)."""
    frame = diary.entries
    period = frame.filter(pl.col("date").is_between(start, end))
    base_start = start - dt.timedelta(days=config.readiness_baseline_days)
    base = frame.filter((pl.col("date") >= base_start) & (pl.col("date") < start))
    values: list[MarkerValue] = []
    for m in diary.markers:
        now = period[m].drop_nulls()
        if now.len() == 0:
            continue
        value = float(now.mean())  # type: ignore[arg-type]
        before = base[m].drop_nulls()
        baseline = (
            float(before.median())  # type: ignore[arg-type]
            if before.len() >= config.readiness_baseline_min_days
            else None
        )
        worse = baseline is not None and _clearly_worse(m, value, baseline, config)
        values.append(
            MarkerValue(
                marker=m,
                value=round(value, 2),
                baseline=None if baseline is None else round(baseline, 2),
                baseline_days=before.len(),
                worse=worse,
            )
        )
    return ReadinessPeriod(start=start, end=end, markers=values)


def summarise_readiness(diary: ReadinessDiary, config: MonitorConfig) -> ReadinessSummary:
    """Per rated day and per ISO week: every marker, its 28-day median baseline, clearly worse?"""
    dates = diary.entries["date"].to_list()
    days = [judge_period(diary, d, d, config) for d in dates]
    mondays = sorted({d - dt.timedelta(days=d.weekday()) for d in dates})
    weeks = [judge_period(diary, m, m + dt.timedelta(days=6), config) for m in mondays]
    return ReadinessSummary(markers=diary.markers, days=days, weeks=weeks, notes=[SOURCE_NOTE])


def describe(values: list[MarkerValue]) -> str:
    """'sleep fell from 7.5 to 5 h and stress rose from 3 to 7/10' (baseline -> the period)."""
    parts = []
    for v in values:
        unit = " h" if v.marker == "sleep_hours" else "/10"
        verb = "rose" if v.value > (v.baseline or 0.0) else "fell"
        parts.append(f"{WORDS[v.marker]} {verb} from {v.baseline:g} to {v.value:g}{unit}")
    if len(parts) <= 2:
        return " and ".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]

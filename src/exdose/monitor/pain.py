"""The pain-monitoring model (Silbernagel 2007) applied to a week of pain ratings.

Ratings come from a pain diary (`date,region,during,after,next_morning`, optional stiffness,
red_flag, notes), from the same columns in exdose's log CSV, and from set-level pain logged with
the sets (counted as pain during exercise). The week judged is a programme week; it is compared
with the week before it for the "no rise from week to week" rule.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

import polars as pl
from pydantic import BaseModel

from exdose.monitor.align import WeekAnchor
from exdose.monitor.config import SILBERNAGEL_SHORT, Evidence, MonitorConfig

FindingKind = Literal["red_flag", "during", "after", "not_settled", "rising", "acceptable"]
MEASURES = ("during", "after", "next_morning", "stiffness")
SET_LOG_REGION = "(logged with sets)"
_MEASURE_WORDS = {
    "during": "pain during exercise",
    "after": "pain after exercise",
    "next_morning": "pain the next morning",
    "stiffness": "stiffness",
}


class PainFinding(BaseModel):
    """One way the week's pain went outside the model (or into the acceptable zone)."""

    kind: FindingKind
    region: str
    date: str | None
    value: float | None
    limit: float | None
    message: str
    evidence: Evidence


class PainAssessment(BaseModel):
    """The pain of one programme week judged against the model, region by region."""

    week: int
    week_start: str
    entries: int
    peaks: dict[str, dict[str, float | None]]
    previous_peaks: dict[str, dict[str, float | None]]
    findings: list[PainFinding]
    status: Literal["no ratings", "red flag", "exceeded", "acceptable", "within limits"]
    notes: list[str]


def _fmt(value: float) -> str:
    return f"{value:g}"


def combine_ratings(diaries: list[pl.DataFrame], sets: pl.DataFrame | None) -> pl.DataFrame:
    """One table of ratings: diary rows plus set-level pain as 'during' ratings by date."""
    frames = [
        d.select(
            "date",
            pl.col("region").fill_null("unspecified"),
            *[pl.col(m).cast(pl.Float64) for m in MEASURES],
            pl.col("red_flag").fill_null(False),
            pl.col("notes"),
        )
        for d in diaries
        if d.height
    ]
    if sets is not None and "pain" in sets.columns and sets["pain"].null_count() < sets.height:
        frames.append(
            sets.filter(pl.col("pain").is_not_null())
            .group_by("date")
            .agg(pl.col("pain").max().alias("during"))
            .select(
                "date",
                pl.lit(SET_LOG_REGION).alias("region"),
                pl.col("during").cast(pl.Float64),
                pl.lit(None, pl.Float64).alias("after"),
                pl.lit(None, pl.Float64).alias("next_morning"),
                pl.lit(None, pl.Float64).alias("stiffness"),
                pl.lit(False).alias("red_flag"),
                pl.lit(None, pl.Utf8).alias("notes"),
            )
        )
    if not frames:
        return pl.DataFrame(
            schema={
                "date": pl.Date,
                "region": pl.Utf8,
                **{m: pl.Float64 for m in MEASURES},
                "red_flag": pl.Boolean,
                "notes": pl.Utf8,
            }
        )
    return pl.concat(frames, how="vertical").sort("date", "region")


def _peaks(frame: pl.DataFrame) -> dict[str, dict[str, float | None]]:
    out: dict[str, dict[str, float | None]] = {}
    for row in (
        frame.group_by("region").agg([pl.col(m).max() for m in MEASURES]).iter_rows(named=True)
    ):
        out[str(row["region"])] = {m: row[m] for m in MEASURES}
    return dict(sorted(out.items()))


def assess_pain(
    ratings: pl.DataFrame, anchor: WeekAnchor, week: int, config: MonitorConfig
) -> PainAssessment:
    """Judge programme week `week` of the ratings against the pain-monitoring model.

    Red flags are looked for in this week and the one before (a red flag is not something a
    further week of training can settle). Limits during and after exercise, settling by the next
    morning and the week-over-week rise are judged on this week.
    """
    start = anchor.start + dt.timedelta(days=7 * (week - 1))
    end = start + dt.timedelta(days=7)
    prev_start = start - dt.timedelta(days=7)
    this = ratings.filter((pl.col("date") >= start) & (pl.col("date") < end))
    previous = ratings.filter((pl.col("date") >= prev_start) & (pl.col("date") < start))
    findings: list[PainFinding] = []
    notes: list[str] = []
    for row in pl.concat([previous, this]).filter(pl.col("red_flag")).iter_rows(named=True):
        what = f" ({row['notes']})" if row["notes"] else ""
        findings.append(
            PainFinding(
                kind="red_flag",
                region=row["region"],
                date=row["date"].isoformat(),
                value=None,
                limit=None,
                message=f"red flag on {row['date'].isoformat()} ({row['region']}){what}: "
                "stop the programme and seek assessment by a clinician before training on",
                evidence="practice",
            )
        )
    limits = (
        ("during", config.during_max, "during exercise"),
        ("after", config.after_max, "after exercise"),
    )
    for row in this.iter_rows(named=True):
        day = row["date"].isoformat()
        for measure, limit, words in limits:
            value = row[measure]
            if value is not None and value > limit:
                findings.append(
                    PainFinding(
                        kind=measure,
                        region=row["region"],
                        date=day,
                        value=value,
                        limit=limit,
                        message=f"{row['region']} pain {_fmt(value)}/10 {words} on {day}, "
                        f"above the {_fmt(limit)}/10 limit of the pain-monitoring model "
                        f"({SILBERNAGEL_SHORT})",
                        evidence="trial",
                    )
                )
        morning = row["next_morning"]
        if morning is not None and morning > config.settled_max:
            findings.append(
                PainFinding(
                    kind="not_settled",
                    region=row["region"],
                    date=day,
                    value=morning,
                    limit=config.settled_max,
                    message=f"{row['region']} pain had not settled by the morning after {day} "
                    f"({_fmt(morning)}/10; settled means <= {_fmt(config.settled_max)}/10, "
                    f"a practice edge); the model asks that pain settles overnight "
                    f"({SILBERNAGEL_SHORT})",
                    evidence="trial",
                )
            )
    peaks, previous_peaks = _peaks(this), _peaks(previous)
    for region, now in peaks.items():
        before = previous_peaks.get(region, {})
        for measure in MEASURES:
            value, old = now.get(measure), before.get(measure)
            if value is None or old is None or value - old < config.rise_min_points:
                continue
            if config.rise_only_above_safe and value <= config.safe_max:
                continue
            findings.append(
                PainFinding(
                    kind="rising",
                    region=region,
                    date=None,
                    value=value,
                    limit=old,
                    message=f"{region} {_MEASURE_WORDS[measure]} rose from "
                    f"{_fmt(old)}/10 to {_fmt(value)}/10 over the week; the model asks that "
                    f"pain and stiffness do not rise from week to week ({SILBERNAGEL_SHORT})",
                    evidence="trial",
                )
            )
    exceeded = [f for f in findings if f.kind not in ("red_flag", "acceptable")]
    if not exceeded:
        for region, now in peaks.items():
            top = max((now[m] or 0.0) for m in ("during", "after"))
            if config.zone(top) == "acceptable":
                findings.append(
                    PainFinding(
                        kind="acceptable",
                        region=region,
                        date=None,
                        value=top,
                        limit=config.safe_max,
                        message=f"{region} pain peaked at {_fmt(top)}/10 this week: within the "
                        f"model but above the safe zone (0-{_fmt(config.safe_max)}, practice)",
                        evidence="practice",
                    )
                )
    if this.height == 0:
        notes.append(f"no pain ratings in programme week {week}")
    status: Literal["no ratings", "red flag", "exceeded", "acceptable", "within limits"]
    if any(f.kind == "red_flag" for f in findings):
        status = "red flag"
    elif exceeded:
        status = "exceeded"
    elif findings:
        status = "acceptable"
    elif this.height == 0:
        status = "no ratings"
    else:
        status = "within limits"
    return PainAssessment(
        week=week,
        week_start=start.isoformat(),
        entries=this.height,
        peaks=peaks,
        previous_peaks=previous_peaks,
        findings=findings,
        status=status,
        notes=notes,
    )

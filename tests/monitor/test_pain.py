"""The pain-monitoring model on small rating tables."""

from __future__ import annotations

import datetime as dt

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from exdose.monitor.align import WeekAnchor
from exdose.monitor.config import MonitorConfig
from exdose.monitor.pain import assess_pain, combine_ratings
from exdose.sets.readers.model import PAIN_SCHEMA

ANCHOR = WeekAnchor(dt.date(2026, 1, 5), "start_date")
CONFIG = MonitorConfig()


def diary(rows: list[tuple[str, float, float, float]], flags: bool = False) -> pl.DataFrame:
    data = {
        "athlete": [None] * len(rows),
        "date": [dt.date.fromisoformat(r[0]) for r in rows],
        "region": ["knee"] * len(rows),
        "during": [r[1] for r in rows],
        "after": [r[2] for r in rows],
        "next_morning": [r[3] for r in rows],
        "stiffness": [None] * len(rows),
        "red_flag": [flags] * len(rows),
        "notes": [None] * len(rows),
        "source": ["diary"] * len(rows),
        "row": list(range(1, len(rows) + 1)),
    }
    return pl.DataFrame(data, schema=PAIN_SCHEMA)


rating = st.integers(0, 3).map(float)


@given(st.lists(st.tuples(rating, rating, rating), min_size=1, max_size=6))
def test_ratings_in_the_safe_zone_are_within_limits(values: list[tuple[float, float, float]]):
    days = [(dt.date(2026, 1, 5) + dt.timedelta(days=i)).isoformat() for i in range(len(values))]
    frame = diary([(d, *v) for d, v in zip(days, values, strict=True)])
    result = assess_pain(combine_ratings([frame], None), ANCHOR, 1, CONFIG)
    assert result.status == "within limits"
    assert result.findings == []


@given(st.integers(6, 10).map(float), st.integers(0, 10).map(float))
def test_pain_during_above_5_always_exceeds(during: float, after: float):
    frame = diary([("2026-01-07", during, after, 0.0)])
    result = assess_pain(combine_ratings([frame], None), ANCHOR, 1, CONFIG)
    assert result.status == "exceeded"
    assert any(f.kind == "during" and f.evidence == "trial" for f in result.findings)


def test_exactly_5_during_and_after_is_allowed_but_not_safe():
    frame = diary([("2026-01-07", 5.0, 5.0, 2.0)])
    result = assess_pain(combine_ratings([frame], None), ANCHOR, 1, CONFIG)
    assert result.status == "acceptable"
    assert [f.kind for f in result.findings] == ["acceptable"]


def test_a_red_flag_last_week_still_counts():
    frame = diary([("2026-01-08", 2.0, 2.0, 1.0)], flags=True)
    result = assess_pain(combine_ratings([frame], None), ANCHOR, 2, CONFIG)
    assert result.status == "red flag"


def test_set_level_pain_counts_as_pain_during():
    sets = pl.DataFrame(
        {"date": [dt.date(2026, 1, 6)] * 2, "pain": [3.0, 7.0]},
        schema={"date": pl.Date, "pain": pl.Float64},
    )
    result = assess_pain(combine_ratings([], sets), ANCHOR, 1, CONFIG)
    assert result.status == "exceeded"
    assert result.findings[0].value == 7.0


def test_no_ratings_is_said():
    result = assess_pain(combine_ratings([], None), ANCHOR, 1, CONFIG)
    assert result.status == "no ratings"
    assert result.notes == ["no pain ratings in programme week 1"]

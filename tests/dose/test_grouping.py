"""The dense-array fast paths of the weekly and daily metrics give the same tables as the plain
polars group-by they replace, on any table: nulls, unnamed athletes, dates before 1970, unknown
exercises, rows in runs or shuffled, and when the key space forces compaction or the fallback."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from exdose.dose import (
    acwr_all,
    acwr_coupled,
    acwr_ewma,
    acwr_uncoupled,
    daily_load,
    grouping,
    load,
    weekly,
)
from exdose.dose.weekly import week_start_expr, weekly_sets_per_muscle
from exdose.exercises import default_library

LIBRARY = default_library()
EXERCISES = ["Barbell_Hip_Thrust", "Barbell_Squat", "Romanian_Deadlift", "Plank", "not_in_library"]
SCHEMA = {
    "athlete": pl.String,
    "date": pl.Date,
    "week": pl.Int32,
    "session": pl.String,
    "exercise": pl.String,
    "set_kind": pl.String,
    "reps": pl.Int32,
    "load_kg": pl.Float64,
    "session_rpe": pl.Float64,
    "session_minutes": pl.Float64,
}


@st.composite
def sets_tables(draw: st.DrawFn) -> pl.DataFrame:
    """A small sets table with every column able to hold nulls, optionally sorted into runs."""
    n = draw(st.integers(0, 40))
    athletes = draw(st.sampled_from([[None], ["b"], ["b", "a", "é"], ["b", "a", None]]))
    session_rpe = draw(st.sampled_from(["all", "some", "none"]))

    def column(values: st.SearchStrategy[object]) -> list[object]:
        return draw(st.lists(values, min_size=n, max_size=n))

    def maybe(values: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
        return st.one_of(st.none(), values) if session_rpe == "some" else values

    rpe = st.floats(1, 10).map(round) if session_rpe != "none" else st.none()
    frame = pl.DataFrame(
        {
            "athlete": column(st.sampled_from(athletes)),
            "date": column(
                st.one_of(
                    st.dates(dt.date(1969, 11, 1), dt.date(1970, 3, 1)),
                    st.dates(dt.date(1969, 11, 1), dt.date(1970, 3, 1)),
                    st.none(),
                )
            ),
            "week": column(st.one_of(st.integers(1, 12), st.none())),
            "session": column(st.sampled_from(["A", "B", None])),
            "exercise": column(st.sampled_from([*EXERCISES, None])),
            "set_kind": column(st.sampled_from(["working", "warmup", "drop", "failure", None])),
            "reps": column(st.one_of(st.integers(1, 15), st.none())),
            "load_kg": column(st.one_of(st.floats(0, 200), st.none())),
            "session_rpe": column(maybe(rpe)),
            "session_minutes": column(maybe(st.floats(10, 90).map(round))),
        },
        schema=SCHEMA,
    )
    order = draw(st.sampled_from([[], ["athlete"], ["athlete", "date"], ["date", "session"]]))
    return frame.sort(order, maintain_order=True) if order else frame


@contextmanager
def hashed_only() -> Iterator[None]:
    """Run the metrics with their dense paths switched off: the plain polars group-by."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(weekly, "_sets_per_muscle_dense", lambda *args: None)
        patch.setattr(load, "_per_day_dense", lambda *args: None)
        yield


FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(sets_tables(), st.sampled_from(["week_start", "week"]))
def test_weekly_sets_per_muscle_matches_the_group_by(sets: pl.DataFrame, by: str) -> None:
    fast = weekly_sets_per_muscle(sets, LIBRARY, by)  # type: ignore[arg-type]
    with hashed_only():
        reference = weekly_sets_per_muscle(sets, LIBRARY, by)  # type: ignore[arg-type]
    assert_frame_equal(fast, reference)


@FAST
@given(sets_tables())
def test_weekly_sets_per_muscle_entry_by_entry_matches_the_matrix(sets: pl.DataFrame) -> None:
    matrix = weekly_sets_per_muscle(sets, LIBRARY)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(weekly, "MATRIX_CELLS", 0)
        entries = weekly_sets_per_muscle(sets, LIBRARY)
    assert_frame_equal(matrix, entries)


@FAST
@given(sets_tables(), st.sampled_from(["auto", "session_rpe", "volume_load"]))
def test_daily_load_matches_the_group_by(sets: pl.DataFrame, basis: str) -> None:
    fast = daily_load(sets, basis)  # type: ignore[arg-type]
    with hashed_only():
        reference = daily_load(sets, basis)  # type: ignore[arg-type]
    assert (fast.basis, fast.notes) == (reference.basis, reference.notes)
    # Sums may add the same numbers in another order: equal to the last few bits.
    assert_frame_equal(fast.frame, reference.frame, check_exact=False, rel_tol=1e-12)


@FAST
@given(sets_tables())
def test_acwr_all_is_the_three_forms_one_after_another(sets: pl.DataFrame) -> None:
    daily = daily_load(sets).frame
    assert_frame_equal(acwr_all(daily), acwr_ewma(acwr_uncoupled(acwr_coupled(daily))))


def test_week_start_is_the_iso_monday_for_two_centuries() -> None:
    days = pl.DataFrame(
        {"date": pl.date_range(dt.date(1900, 1, 1), dt.date(2100, 12, 31), eager=True)}
    )
    expected = days.select(pl.col("date").dt.truncate("1w")).to_series()
    assert days.select(week_start_expr()).to_series().to_list() == expected.to_list()


def test_a_tiny_key_space_compacts_then_falls_back_with_the_same_result(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sets = pl.DataFrame(
        {
            "athlete": ["b", "a", "b", "a", "c"] * 4,
            "date": [dt.date(2025, 1, d) for d in range(1, 21)],
            "session": ["A"] * 20,
            "exercise": ["Barbell_Squat", "Barbell_Hip_Thrust"] * 10,
            "set_kind": ["working"] * 20,
            "reps": [5] * 20,
            "load_kg": [100.0] * 20,
            "session_rpe": [None] * 20,
            "session_minutes": [None] * 20,
        },
        schema={k: v for k, v in SCHEMA.items() if k != "week"},
    )
    expected = weekly_sets_per_muscle(sets, LIBRARY)
    expected_days = daily_load(sets).frame
    for limit in (64, 4):
        monkeypatch.setattr(grouping, "DENSE_LIMIT", limit)
        assert_frame_equal(weekly_sets_per_muscle(sets, LIBRARY), expected)
        assert_frame_equal(daily_load(sets).frame, expected_days)


def test_group_numbers_groups_in_key_order_and_counts_their_rows() -> None:
    codes = [np.array([1, 0, 1, 1, 0]), np.array([2, 0, 2, 1, 0])]
    groups = grouping.group(codes, [2, 3])
    assert groups is not None
    assert [k.tolist() for k in groups.keys] == [[0, 1, 1], [0, 1, 2]]
    assert groups.counts.tolist() == [2, 1, 2]
    assert groups.ids.tolist() == [2, 0, 2, 1, 0]
    kept = grouping.group(codes, [2, 3], keep=np.array([True, True, False, False, True]))
    assert kept is not None
    assert kept.counts.tolist() == [2, 1] and kept.ids.tolist() == [1, 0, 0]


def test_encode_sorts_like_polars_with_nulls_first() -> None:
    frame = pl.DataFrame(
        {
            "name": ["b", None, "a", "é", "b"],
            "day": [dt.date(1969, 12, 31), dt.date(2030, 1, 1), None, dt.date(1969, 12, 31), None],
            "wide": [-(2**40), 2**40, 0, None, 5],
        }
    )
    encoded = grouping.encode(frame)
    assert encoded is not None
    for codes, name in zip(encoded, frame.columns, strict=True):
        decoded = codes.levels.gather(pl.Series(codes.codes))
        assert decoded.to_list() == frame[name].to_list()
        order = np.argsort(codes.codes, kind="stable")
        expected = frame.with_row_index().sort(name, maintain_order=True)["index"]
        assert order.tolist() == expected.to_list()
    assert grouping.encode(pl.DataFrame({"x": [1.5]})) is None


def test_group_rows_reads_runs_and_shuffled_rows_alike() -> None:
    rng = np.random.default_rng(4)
    athletes = np.repeat([f"athlete {i}" for i in range(50)], 40)
    frame = pl.DataFrame(
        {
            "athlete": athletes,
            "day": np.repeat(np.arange(200), 10).astype(np.int32),
            "exercise": rng.choice(EXERCISES, len(athletes)),
        }
    )
    shuffled = frame.sample(fraction=1.0, shuffle=True, seed=2)
    in_runs = grouping.group_rows(frame)
    scattered = grouping.group_rows(shuffled)
    assert in_runs is not None and scattered is not None
    for (groups, levels), source in ((in_runs, frame), (scattered, shuffled)):
        table = pl.DataFrame(
            [lv.gather(pl.Series(k)) for lv, k in zip(levels, groups.keys, strict=True)]
        ).with_columns(pl.Series("n", groups.counts))
        expected = source.group_by(source.columns).agg(pl.len().cast(pl.Int64).alias("n"))
        assert_frame_equal(table, expected.sort(source.columns))


def test_a_column_that_runs_only_at_the_start_is_encoded_row_by_row() -> None:
    # The first 65,536 rows look like runs; the rest alternate, so the full count decides.
    steady = np.zeros(70_000, dtype=np.int64)
    alternating = np.arange(130_000, dtype=np.int64) % 2
    frame = pl.DataFrame({"athlete": np.concatenate([steady, alternating]).astype(str)})
    grouped = grouping.group_rows(frame)
    assert grouped is not None
    groups, levels = grouped
    assert levels[0].to_list() == ["0", "1"]
    assert groups.counts.tolist() == [70_000 + 65_000, 65_000]
    assert groups.ids[-4:].tolist() == [0, 1, 0, 1]

"""Dose and load numbers: the hand-computed vectors of dose-and-load.md and hand-built logs."""

from __future__ import annotations

import datetime as dt
import warnings

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from exdose.dose import (
    E1rmWarning,
    acwr_all,
    daily_load,
    e1rm,
    monotony_strain,
    monotony_strain_of,
    planned_dose,
    rts_pct_1rm,
    summarise_load,
    week_over_week_change,
    weekly_sets_per_muscle,
    weekly_volume_load,
)
from exdose.dose.constants import EWMA_ACUTE_LAMBDA, EWMA_CHRONIC_LAMBDA
from exdose.errors import UsageError
from exdose.exercises import default_library
from exdose.sets import conform_sets

MONDAY = dt.date(2025, 1, 6)


def _daily(loads: list[float]) -> pl.DataFrame:
    dates = [MONDAY + dt.timedelta(days=i) for i in range(len(loads))]
    return pl.DataFrame(
        {"date": dates, "load": loads}, schema={"date": pl.Date, "load": pl.Float64}
    )


def test_monotony_and_strain_use_the_population_sd() -> None:
    total, mono, strain = monotony_strain_of([600, 200, 400, 500, 100, 650, 0])
    assert total == 2450
    assert mono == pytest.approx(1.492, abs=5e-4)
    assert strain == pytest.approx(3656.4, abs=0.05)
    week = monotony_strain(_daily([600, 200, 400, 500, 100, 650, 0])).row(0, named=True)
    assert week["sd_load"] == pytest.approx(234.52, abs=5e-3)
    assert week["monotony"] == pytest.approx(1.492, abs=5e-4)


def test_monotony_is_undefined_when_sd_is_zero_and_for_partial_weeks() -> None:
    assert monotony_strain_of([300] * 7)[1:] == (None, None)
    weeks = monotony_strain(_daily([100, 0, 100]))
    assert weeks["monotony"][0] is None


def test_ewma_lambdas_and_seed() -> None:
    assert EWMA_ACUTE_LAMBDA == 0.25
    assert pytest.approx(0.0690, abs=5e-5) == EWMA_CHRONIC_LAMBDA
    out = acwr_all(_daily([100.0, 0.0, 200.0] + [50.0] * 30))
    acute = out["ewma_acute"].to_list()
    assert acute[0] == 100.0  # seeded with the first day's load
    assert acute[1] == pytest.approx(75.0)
    assert acute[2] == pytest.approx(0.25 * 200 + 0.75 * 75.0)
    chronic = out["ewma_chronic"].to_list()
    assert chronic[1] == pytest.approx((1 - 2 / 29) * 100)


def test_rolling_acwr_identity_coupled_equals_4u_over_u_plus_3() -> None:
    loads = [float((i * 37) % 11 * 10) for i in range(21)] + [90.0, 0, 120, 0, 60, 150, 0]
    out = acwr_all(_daily(loads)).row(27, named=True)
    a, s = sum(loads[21:]), sum(loads[:21])
    assert out["acwr_coupled"] == pytest.approx(4 * a / (a + s))
    assert out["acwr_uncoupled"] == pytest.approx(3 * a / s)
    u = out["acwr_uncoupled"]
    assert out["acwr_coupled"] == pytest.approx(4 * u / (u + 3))
    assert out["acute"] == pytest.approx(a / 7) and out["chronic"] == pytest.approx((a + s) / 28)


def test_no_ratio_before_day_28_or_when_chronic_load_is_zero() -> None:
    out = acwr_all(_daily([100.0] * 27))
    assert out["acwr_coupled"].null_count() == 27
    assert out["acwr_ewma"].null_count() == 27
    zero = acwr_all(_daily([0.0] * 40))
    assert zero["acwr_coupled"].null_count() == 40 and zero["acwr_uncoupled"].null_count() == 40
    first = acwr_all(_daily([100.0] * 28))
    assert first["acwr_coupled"][27] == pytest.approx(1.0)
    assert first["acwr_coupled"][26] is None


@given(st.lists(st.floats(0, 5000), min_size=28, max_size=60))
def test_coupled_acwr_never_exceeds_4(loads: list[float]) -> None:
    ratios = acwr_all(_daily(loads))["acwr_coupled"].drop_nulls()
    assert all(r <= 4 + 1e-9 for r in ratios)


def test_e1rm_formulas() -> None:
    assert e1rm(100, 5) == pytest.approx(116.67, abs=5e-3)
    assert e1rm(100, 5, "brzycki") == pytest.approx(112.50)
    assert e1rm(100, 5, "lombardi") == pytest.approx(117.46, abs=5e-3)
    assert e1rm(100, 1, "brzycki") == 100
    with pytest.warns(E1rmWarning):
        e1rm(100, 11)
    with pytest.raises(UsageError):
        e1rm(100, 13)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        e1rm(100, 10)


def test_rts_table_rule() -> None:
    assert rts_pct_1rm(1, 10) == 1.0
    assert rts_pct_1rm(5, 8) == pytest.approx(0.811)  # 7 reps to failure
    assert rts_pct_1rm(5, 8.5) == pytest.approx((0.837 + 0.811) / 2)
    assert rts_pct_1rm(12, 10) == 0.680
    with pytest.raises(UsageError):
        rts_pct_1rm(10, 7)


def test_week_over_week_change_and_flags() -> None:
    change = week_over_week_change([100.0, 111.0, 120.0, 0.0, 50.0]).to_list()
    assert change[0] is None and change[1] == pytest.approx(0.11)
    assert change[4] is None  # after a week of 0 there is no ratio


def _sets(rows: list[dict[str, object]]) -> pl.DataFrame:
    return conform_sets(pl.DataFrame(rows))


def test_fractional_sets_and_volume_load_exclude_warmups() -> None:
    lib = default_library()
    day = MONDAY
    sets = _sets(
        [
            {
                "date": day,
                "session": "A",
                "exercise": "Barbell_Hip_Thrust",
                "set_kind": "warmup",
                "reps": 10,
                "load_kg": 40.0,
            },
            {
                "date": day,
                "session": "A",
                "exercise": "Barbell_Hip_Thrust",
                "set_kind": "working",
                "reps": 8,
                "load_kg": 100.0,
            },
            {
                "date": day,
                "session": "A",
                "exercise": "Barbell_Hip_Thrust",
                "set_kind": "working",
                "reps": 8,
                "load_kg": 100.0,
            },
            {
                "date": day,
                "session": "A",
                "exercise": "Barbell_Squat",
                "set_kind": "working",
                "reps": 5,
                "load_kg": 80.0,
            },
            {
                "date": day,
                "session": "A",
                "exercise": None,
                "exercise_name": "Mystery",
                "set_kind": "working",
                "reps": 10,
                "load_kg": 10.0,
            },
            {
                "date": day,
                "session": "A",
                "exercise": "Plank",
                "set_kind": "working",
                "duration_s": 60.0,
            },
        ]
    )
    muscles = dict(weekly_sets_per_muscle(sets, lib).select("muscle", "sets").iter_rows())
    # Hip thrust: glutes primary (2 x 1.0); squat: glutes secondary (0.5).
    assert muscles["glutes"] == 2.5
    assert muscles["quadriceps"] == 1.0 and muscles["hamstrings"] == 1.5
    assert muscles["abdominals"] == 1.0
    vol = weekly_volume_load(sets).row(0, named=True)
    assert vol["volume_load_kg"] == 2 * 8 * 100 + 5 * 80 + 10 * 10  # unmatched counts in volume
    assert vol["unloaded_sets"] == 1


def test_daily_load_uses_session_rpe_only_when_every_session_has_it() -> None:
    rows = [
        {
            "date": MONDAY,
            "session": "A",
            "exercise": "Barbell_Squat",
            "reps": 5,
            "load_kg": 100.0,
            "session_rpe": 7.0,
            "session_minutes": 60.0,
        },
        {
            "date": MONDAY + dt.timedelta(days=2),
            "session": "B",
            "exercise": "Barbell_Squat",
            "reps": 5,
            "load_kg": 100.0,
            "session_rpe": 5.0,
            "session_minutes": 40.0,
        },
    ]
    both = daily_load(_sets(rows))
    assert both.basis == "session_rpe"
    assert both.frame["load"].to_list() == [420.0, 0.0, 200.0]  # zero-filled between sessions
    rows[1]["session_rpe"] = None
    mixed = daily_load(_sets(rows))
    assert mixed.basis == "volume_load" and mixed.frame["load"].to_list() == [500.0, 0.0, 500.0]
    assert mixed.notes


def test_set_rpe_is_never_used_as_session_rpe() -> None:
    rows = [
        {
            "date": MONDAY,
            "session": "A",
            "exercise": "Barbell_Squat",
            "reps": 5,
            "load_kg": 100.0,
            "rpe": 9.0,
            "session_minutes": 60.0,
        }
    ]
    assert daily_load(_sets(rows)).basis == "volume_load"


def test_planned_dose_per_programme_week_with_spike_flags() -> None:
    lib = default_library()
    rows: list[dict[str, object]] = []
    for week, n in ((1, 6), (2, 10), (3, 14)):
        for i in range(n):
            rows.append(
                {
                    "week": week,
                    "day": 1 + i % 2,
                    "session": "AB"[i % 2],
                    "exercise": "Barbell_Hip_Thrust",
                    "set_kind": "working",
                    "reps": 8,
                    "rir": 2.0,
                    "session_minutes": 60.0,
                }
            )
    weeks = planned_dose(_sets(rows), lib)
    assert [w.week for w in weeks] == [1, 2, 3]
    assert weeks[0].sets_per_muscle["glutes"] == 6 and weeks[2].sets_per_muscle["glutes"] == 14
    assert weeks[0].volume_load_kg is None  # no loads known
    assert weeks[0].sessions == 2 and weeks[0].minutes == 120
    assert weeks[0].mean_rpe == 8.0
    assert weeks[0].mean_pct_1rm == pytest.approx(73.9)  # 8 reps + 2 RIR -> 10 RTF
    assert weeks[1].change["glutes sets"] == pytest.approx(4 / 6)
    assert "spike: glutes sets +67% (>=15%)" in weeks[1].flags


def test_summarise_load_json_shape() -> None:
    lib = default_library()
    rows = [
        {
            "date": MONDAY + dt.timedelta(days=d),
            "session": "A",
            "exercise": "Barbell_Hip_Thrust",
            "set_kind": "working",
            "reps": 8,
            "load_kg": 100.0 + d,
        }
        for d in range(0, 35, 3)
    ]
    report = summarise_load(_sets(rows), lib).to_json_dict()
    assert set(report) >= {"weeks", "days", "e1rm", "skipped", "unmatched"}
    week = report["weeks"][0]
    assert set(week) >= {
        "week_start",
        "sets_per_muscle",
        "volume_load_kg",
        "srpe_load",
        "monotony",
        "strain",
        "change",
        "flags",
    }
    assert week["week_start"] == "2025-01-06"
    assert len(report["days"]) == 34
    assert (
        report["days"][26]["acwr_coupled"] is None
        and report["days"][27]["acwr_coupled"] is not None
    )
    assert report["e1rm"]["Barbell_Hip_Thrust"][0] == {"date": "2025-01-06", "e1rm_kg": 126.7}
    assert report["daily_load_basis"] == "volume_load"


def test_daily_load_keeps_rows_without_an_athlete_beside_named_ones() -> None:
    # A table where only some rows name the athlete: the unnamed rows form their own series and
    # their load is kept, not zeroed by the join that fills days without training.
    rows = [
        {"athlete": "ana", "date": MONDAY, "session": "A", "exercise": "Barbell_Squat",
         "reps": 5, "load_kg": 100.0},
        {"athlete": None, "date": MONDAY, "session": "A", "exercise": "Barbell_Squat",
         "reps": 5, "load_kg": 60.0},
        {"athlete": None, "date": MONDAY + dt.timedelta(days=1), "session": "B",
         "exercise": "Barbell_Squat", "reps": 10, "load_kg": 50.0},
    ]  # fmt: skip
    frame = daily_load(_sets(rows)).frame
    unnamed = frame.filter(pl.col("athlete").is_null())
    assert unnamed["load"].to_list() == [300.0, 500.0]
    assert frame.filter(pl.col("athlete") == "ana")["load"].to_list() == [500.0]

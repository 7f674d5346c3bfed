"""Expansion of programmes into the planned sets table, against hand-computed weeks.

Every expected list below was worked out by hand from the fixture file named in the test, not by
running the code: a change in the rules' semantics must show up here.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from exdose.program.expand import expand, plan_sessions
from exdose.program.io import LoadedProgram, ProgramInvalid, load_program
from exdose.sets.schema import SETS_SCHEMA

DATA = Path(__file__).resolve().parent.parent / "data" / "program"
LB = 0.45359237


def load(name: str) -> LoadedProgram:
    return load_program(DATA / name)


def planned(name: str) -> pl.DataFrame:
    table: pl.DataFrame = expand(load(name))
    return table


def first_sets(table: pl.DataFrame, exercise: str, session: str | None = None) -> pl.DataFrame:
    """The first set of an exercise in each session, in week/day order."""
    rows = table.filter((pl.col("exercise") == exercise) & (pl.col("set_number") == 1))
    if session is not None:
        rows = rows.filter(pl.col("session") == session)
    return rows.sort(["week", "day"])


def column(table: pl.DataFrame, exercise: str, name: str, session: str | None = None) -> list[Any]:
    return first_sets(table, exercise, session)[name].to_list()


def set_counts(table: pl.DataFrame, exercise: str, session: str | None = None) -> list[int]:
    """Number of planned sets of the exercise per session, in week/day order."""
    rows = table.filter(pl.col("exercise") == exercise)
    if session is not None:
        rows = rows.filter(pl.col("session") == session)
    counts = rows.group_by(["week", "day"]).agg(pl.len().alias("n")).sort(["week", "day"])
    return [int(n) for n in counts["n"].to_list()]


# --- the table itself --------------------------------------------------------------------------


def test_table_has_the_sets_schema_and_one_row_per_set() -> None:
    table = planned("linear.yaml")
    assert table.schema == pl.Schema(SETS_SCHEMA)
    # 4 weeks x (3 + 3 + 3 + 2 + [2,3,4,4] + 3 + 3) sets
    assert table.height == 4 * (3 + 3 + 3 + 2 + 3 + 3) + (2 + 3 + 4 + 4)
    assert set(table["source"].to_list()) == {"plan"}
    assert set(table["set_kind"].to_list()) == {"working"}
    squat_w1 = table.filter((pl.col("exercise") == "Barbell_Squat") & (pl.col("week") == 1))
    assert squat_w1["set_number"].to_list() == [1, 2, 3]
    assert squat_w1["exercise_name"].to_list() == ["Barbell Squat"] * 3
    assert table["row"].null_count() == table.height


def test_set_numbers_restart_for_each_exercise_in_each_session() -> None:
    table = planned("deload.yaml")
    numbered = table.group_by(["week", "day", "exercise"]).agg(
        pl.col("set_number").min().alias("first"),
        pl.col("set_number").max().alias("last"),
        pl.len().alias("n"),
    )
    assert numbered["first"].to_list() == [1] * numbered.height
    assert numbered["last"].to_list() == numbered["n"].to_list()


def test_programme_defined_exercise_keeps_its_key_and_display_name() -> None:
    table = planned("linear.yaml")
    curl = first_sets(table, "curl")
    assert curl["exercise_name"].to_list() == ["Dumbbell curl"] * 4


# --- linear ------------------------------------------------------------------------------------


def test_linear_kg_per_week_from_start() -> None:
    table = planned("linear.yaml")
    assert column(table, "Barbell_Squat", "load_kg") == [60.0, 62.5, 65.0, 67.5]
    assert column(table, "Barbell_Squat", "load_unit") == ["kg"] * 4
    assert column(table, "Barbell_Squat", "reps") == [5] * 4
    assert column(table, "Barbell_Squat", "rir") == [2.0] * 4
    assert column(table, "Barbell_Squat", "rest_s") == [180.0] * 4
    assert set_counts(table, "Barbell_Squat") == [3, 3, 3, 3]


def test_linear_percent_increment_from_the_dose_load() -> None:
    # 40 kg + 5% of 40 kg a week (not compounded): 40, 42, 44, 46
    table = planned("linear.yaml")
    bench = "Barbell_Bench_Press_-_Medium_Grip"
    assert column(table, bench, "load_kg") == [40.0, 42.0, 44.0, 46.0]
    assert column(table, bench, "load_value") == [40.0, 42.0, 44.0, 46.0]


def test_linear_load_stops_at_max() -> None:
    table = planned("linear.yaml")
    assert column(table, "Seated_Cable_Rows", "load_kg") == [50.0, 55.0, 60.0, 60.0]
    assert column(table, "Seated_Cable_Rows", "rpe") == [7.0] * 4


def test_linear_reps_with_cap_keep_per_side() -> None:
    table = planned("linear.yaml")
    assert column(table, "Goblet_Squat", "reps") == [8, 9, 10, 10]
    assert column(table, "Goblet_Squat", "per_side") == [True] * 4
    assert column(table, "Goblet_Squat", "reps_max") == [None] * 4


def test_linear_sets_with_cap() -> None:
    table = planned("linear.yaml")
    assert set_counts(table, "Pushups") == [2, 3, 4, 4]
    assert column(table, "Pushups", "load_unit") == ["bodyweight"] * 4
    assert column(table, "Pushups", "load_kg") == [None] * 4


def test_linear_seconds_with_cap() -> None:
    table = planned("linear.yaml")
    assert column(table, "Plank", "duration_s") == [30.0, 35.0, 40.0, 40.0]
    assert column(table, "Plank", "reps") == [None] * 4


def test_linear_in_pounds_keeps_pounds_and_converts_to_kg() -> None:
    table = planned("linear.yaml")
    assert column(table, "curl", "load_unit") == ["lb"] * 4
    assert column(table, "curl", "load_value") == [20.0, 25.0, 30.0, 35.0]
    assert column(table, "curl", "load_kg") == [round(lb * LB, 2) for lb in (20, 25, 30, 35)]


def test_linear_weekly_dates_follow_start_date() -> None:
    table = planned("linear.yaml")
    assert column(table, "Barbell_Squat", "date") == [
        dt.date(2026, 1, 5),
        dt.date(2026, 1, 12),
        dt.date(2026, 1, 19),
        dt.date(2026, 1, 26),
    ]
    assert column(table, "Barbell_Squat", "session_minutes") == [60.0] * 4


def test_linear_every_session_advances_each_session_of_a_slot() -> None:
    # The deadlift appears once a week: one step a session is one step a week.
    table = planned("linear_session.yaml")
    assert column(table, "Barbell_Deadlift", "load_kg") == [100.0, 105.0, 110.0]


def test_linear_every_session_counts_every_session_of_the_exercise() -> None:
    # Squat in session A (Monday) and B (Thursday), +2.5 kg every session it appears in.
    table = planned("linear_session.yaml")
    assert column(table, "Barbell_Squat", "load_kg") == [60.0, 62.5, 65.0, 67.5, 70.0, 72.5]


# --- double progression ------------------------------------------------------------------------


def test_double_reps_step_cycle_then_load_step() -> None:
    # 8-12 in steps of 2: 8, 10, 12, then +5 kg and back to 8.
    table = planned("double.yaml")
    assert column(table, "Barbell_Hip_Thrust", "reps") == [8, 10, 12, 8, 10, 12, 8]
    assert column(table, "Barbell_Hip_Thrust", "reps_max") == [12] * 7
    assert column(table, "Barbell_Hip_Thrust", "load_kg") == [60.0] * 3 + [65.0] * 3 + [70.0]
    assert set_counts(table, "Barbell_Hip_Thrust") == [3] * 7


def test_double_from_dose_load_with_default_step_of_one() -> None:
    table = planned("double.yaml")
    assert column(table, "Romanian_Deadlift", "reps") == [10, 11, 12, 10, 11, 12, 10]
    assert column(table, "Romanian_Deadlift", "load_kg") == [40.0] * 3 + [42.5] * 3 + [45.0]


def test_double_with_percent_load_step() -> None:
    table = planned("double.yaml")
    assert column(table, "Barbell_Squat", "reps") == [6, 7, 8, 6, 7, 8, 6]
    assert column(table, "Barbell_Squat", "load_kg") == [100.0] * 3 + [105.0] * 3 + [110.0]


def test_double_reaches_the_top_of_an_uneven_range_before_load_rises() -> None:
    table = planned("double_uneven.yaml")
    assert column(table, "Goblet_Squat", "reps") == [12, 14, 15, 12]
    assert column(table, "Goblet_Squat", "load_kg") == [16.0, 16.0, 16.0, 20.0]


# --- percent waves -----------------------------------------------------------------------------


def test_percent_wave_pattern_step_and_round_to() -> None:
    # 1RM 140 kg; 70/75/80 %1RM, then +2.5 %1RM a wave; rounded to 2.5 kg.
    # 98 -> 97.5, 105, 112 -> 112.5, 101.5 -> 102.5, 108.5 -> 107.5, 115.5 -> 115
    table = planned("percent_wave.yaml")
    squat = "Barbell_Squat"
    assert column(table, squat, "load_kg") == [97.5, 105.0, 112.5, 102.5, 107.5, 115.0]
    assert column(table, squat, "load_unit") == ["kg"] * 6
    assert column(table, squat, "load_text") == [
        "70%1RM",
        "75%1RM",
        "80%1RM",
        "72.5%1RM",
        "77.5%1RM",
        "82.5%1RM",
    ]
    assert set_counts(table, squat) == [5, 4, 3, 5, 4, 3]
    assert column(table, squat, "reps") == [5, 4, 3, 5, 4, 3]
    # rest and tempo come from the wave's dose, else from the prescription's dose
    assert column(table, squat, "rest_s") == [180.0, 180.0, 240.0, 180.0, 180.0, 240.0]
    assert column(table, squat, "tempo") == ["2-0-1-0"] * 6


def test_percent_wave_single_dose_pattern_steps_every_week_without_rounding() -> None:
    # 1RM 180 kg, one-week pattern at 70%, +5 %1RM a wave: 126, 135, 144, 153, 162, 171
    table = planned("percent_wave.yaml")
    assert column(table, "Barbell_Deadlift", "load_kg") == [
        126.0,
        135.0,
        144.0,
        153.0,
        162.0,
        171.0,
    ]


def test_percent_wave_from_a_one_rm_in_pounds_gives_pound_loads() -> None:
    # 1RM 200 lb: 70% = 140 lb, 80% = 160 lb, already multiples of 5 lb.
    table = planned("percent_wave.yaml")
    bench = "Barbell_Bench_Press_-_Medium_Grip"
    assert column(table, bench, "load_unit") == ["lb"] * 6
    kg = column(table, bench, "load_kg")
    assert kg == pytest.approx([140 * LB, 160 * LB] * 3, abs=0.01)


def test_percent_wave_pound_loads_are_exact_multiples_of_round_to() -> None:
    table = planned("percent_wave.yaml")
    bench = "Barbell_Bench_Press_-_Medium_Grip"
    assert column(table, bench, "load_value") == [140.0, 160.0] * 3


def test_percent_wave_round_to_breaks_ties_the_same_way_every_week() -> None:
    from exdose.program.expand import apply_rule
    from exdose.program.model import Prescription

    item = Prescription.model_validate(
        {
            "exercise": "Barbell_Squat",
            "dose": "3x5 @72.5%1RM",
            "progression": {
                "type": "percent_wave",
                "one_rm": "150kg",
                "pattern": ["3x5 @72.5%1RM", "3x5 @77.5%1RM"],
                "round_to": "2.5kg",
            },
        }
    )
    # 150 kg x 72.5% = 108.75 kg and 150 kg x 77.5% = 116.25 kg: both exactly half-way.
    loads = [apply_rule(item, "Barbell_Squat", step).load_kg for step in (0, 1)]
    assert loads == [110.0, 117.5]


def test_percent_wave_deload_pauses_the_wave_and_keeps_the_rounding_step() -> None:
    # Week 4 is a deload of step 3 (72.5% of 140 = 101.5 -> 102.5 kg): 102.5 x 0.9 = 92.25,
    # back on the 2.5 kg step = 92.5 kg; week 5 repeats step 3, week 6 is step 4 (77.5% -> 107.5).
    table = planned("wave_deload.yaml")
    squat = "Barbell_Squat"
    assert column(table, squat, "load_kg") == [97.5, 105.0, 112.5, 92.5, 102.5, 107.5]
    assert set_counts(table, squat) == [5, 5, 5, 3, 5, 5]  # 5 x 0.5 = 2.5 -> 3


def test_percent_wave_that_falls_to_zero_is_refused_on_load() -> None:
    with pytest.raises(ProgramInvalid) as info:
        load("edge/wave_negative.yaml")
    problem = info.value.problems[0]
    assert "%1RM" in problem.message
    assert problem.line is not None and 14 <= problem.line <= 17  # inside the rule


# --- RPE / RIR targets -------------------------------------------------------------------------


def test_rpe_targets_last_one_holds() -> None:
    table = planned("rpe.yaml")
    assert column(table, "Barbell_Squat", "rpe") == [7.0, 8.0, 9.0, 9.0, 9.0]
    assert column(table, "Barbell_Squat", "rir") == [3.0, 2.0, 1.0, 1.0, 1.0]
    assert set_counts(table, "Barbell_Squat") == [3] * 5


def test_rir_targets_last_one_holds() -> None:
    table = planned("rpe.yaml")
    bench = "Barbell_Bench_Press_-_Medium_Grip"
    assert column(table, bench, "rir") == [3.0, 2.0, 2.0, 2.0, 2.0]
    assert column(table, bench, "rpe") == [7.0, 8.0, 8.0, 8.0, 8.0]
    assert column(table, bench, "reps") == [8] * 5


# --- levels ------------------------------------------------------------------------------------


def test_levels_every_two_weeks_with_harder_posture_then_last_holds() -> None:
    table = planned("level.yaml")
    rows = table.filter(pl.col("set_number") == 1).sort("week")
    assert (
        rows["exercise"].to_list() == ["standing-hypopressive"] * 4 + ["kneeling-hypopressive"] * 4
    )
    assert rows["exercise_name"].to_list()[-1] == "Kneeling hypopressive posture"
    assert (
        rows["load_text"].to_list()
        == ["3x(3 breaths + 10s apnoea)"] * 2
        + ["3x(3 breaths + 15s apnoea)"] * 2
        + ["4x(3 breaths + 20s apnoea) rest 1min"] * 4
    )
    counts = table.group_by("week").agg(pl.len().alias("n")).sort("week")["n"].to_list()
    assert counts == [3, 3, 3, 3, 4, 4, 4, 4]
    assert rows["rest_s"].to_list() == [None] * 4 + [60.0] * 4
    # the apnoea time of each breathing cycle is the set's work time
    assert rows["duration_s"].to_list() == [10.0, 10.0, 15.0, 15.0, 20.0, 20.0, 20.0, 20.0]


def test_levels_are_named_in_the_planned_sessions() -> None:
    sessions = plan_sessions(load("level.yaml"))
    assert [s.doses[0].level for s in sessions] == ["1", "1", "2", "2", "3", "3", "3", "3"]
    assert [s.minutes for s in sessions] == [30.0] * 8


def test_linear_seconds_lengthen_the_apnoea() -> None:
    table = planned("apnoea_linear.yaml")
    assert column(table, "supine-hypopressive", "duration_s") == [15.0, 20.0, 25.0]


# --- deload ------------------------------------------------------------------------------------


def test_deload_halves_sets_lowers_load_and_effort_and_pauses_progression() -> None:
    # Week 3 is the deload: the squat would be at 65 kg (step 2), so 65 x 0.9 = 58.5 kg;
    # week 4 resumes at 65 kg because the deload week does not count as a step.
    table = planned("deload.yaml")
    heavy = "Heavy"
    assert column(table, "Barbell_Squat", "load_kg", heavy) == [60.0, 62.5, 58.5, 65.0, 67.5]
    assert set_counts(table, "Barbell_Squat", heavy) == [4, 4, 2, 4, 4]
    assert column(table, "Barbell_Squat", "rir", heavy) == [2.0, 2.0, 4.0, 2.0, 2.0]
    assert column(table, "Barbell_Squat", "rpe", heavy) == [8.0, 8.0, 6.0, 8.0, 8.0]


def test_deload_on_effort_only_and_percent_doses() -> None:
    table = planned("deload.yaml")
    bench = "Barbell_Bench_Press_-_Medium_Grip"
    assert column(table, bench, "rpe") == [7.0, 7.0, 5.0, 7.0, 7.0]
    assert column(table, bench, "rir") == [3.0, 3.0, 5.0, 3.0, 3.0]
    assert column(table, bench, "load_kg") == [None] * 5
    # a %1RM load is lowered in its own unit: 75% x 0.9 = 67.5%
    assert column(table, "Barbell_Deadlift", "load_value") == [75.0, 75.0, 67.5, 75.0, 75.0]
    assert column(table, "Barbell_Deadlift", "load_unit") == ["%1RM"] * 5


def test_deload_keeps_exercises_and_frequency_and_at_least_one_set() -> None:
    table = planned("deload.yaml")
    sessions = table.group_by("week").agg(pl.col("day").n_unique().alias("n")).sort("week")
    assert sessions["n"].to_list() == [3] * 5
    assert set_counts(table, "Barbell_Squat", "Light") == [2, 2, 1, 2, 2]
    assert set_counts(table, "Plank") == [1, 1, 1, 1, 1]
    assert [s.deload for s in plan_sessions(load("deload.yaml")) if s.day == 1] == [
        False,
        False,
        True,
        False,
        False,
    ]


def test_deload_rounds_half_sets_consistently() -> None:
    table = planned("deload.yaml")
    # 3 x 0.5 = 1.5 -> 2, so 5 x 0.5 = 2.5 -> 3
    assert set_counts(table, "Barbell_Bench_Press_-_Medium_Grip") == [3, 3, 2, 3, 3]
    assert set_counts(table, "Barbell_Deadlift") == [5, 5, 3, 5, 5]


def test_deload_keeps_effort_on_its_scale() -> None:
    table = planned("deload_low_effort.yaml")
    week2 = table.filter(pl.col("week") == 2)
    assert week2["rpe"].min() >= 0
    assert week2["rir"].max() <= 10


# --- dates and phases --------------------------------------------------------------------------


def test_session_dates_fall_on_the_named_weekdays() -> None:
    # Start on Wednesday 2026-01-07: programme week 1 runs Wed 7 - Tue 13 January.
    table = planned("deload.yaml")
    assert column(table, "Barbell_Squat", "date", "Heavy")[:2] == [
        dt.date(2026, 1, 12),  # the first Monday in week 1
        dt.date(2026, 1, 19),
    ]
    assert column(table, "Barbell_Squat", "date", "Light")[:2] == [
        dt.date(2026, 1, 8),  # "thursday" (any case) in week 1
        dt.date(2026, 1, 15),
    ]
    # no day named: spread through the week, session 3 of 3 at day 14 // 3 = 4
    assert column(table, "Plank", "date")[:2] == [dt.date(2026, 1, 11), dt.date(2026, 1, 18)]
    weekdays = {d.weekday() for d in column(table, "Barbell_Squat", "date", "Heavy")}
    assert weekdays == {0}


def test_no_start_date_leaves_dates_empty() -> None:
    table = planned("double.yaml")
    assert table["date"].null_count() == table.height


def test_each_phase_starts_its_progression_afresh() -> None:
    table = planned("phases.yaml")
    assert column(table, "Barbell_Squat", "load_kg", "A") == [50.0, 55.0, 70.0, 72.5, 75.0]
    assert column(table, "Barbell_Squat", "load_kg", "B") == [None, None, None]
    assert column(table, "Barbell_Squat", "date", "B") == [
        dt.date(2026, 1, 23),
        dt.date(2026, 1, 30),
        dt.date(2026, 2, 6),
    ]
    assert set_counts(table, "Barbell_Squat", "A") == [3, 3, 4, 4, 4]


def test_example_programme_expands_with_deload_in_week_8() -> None:
    examples = Path(__file__).resolve().parents[2] / "examples" / "hip-thrust.yaml"
    table: pl.DataFrame = expand(load_program(examples))
    thrust = table.filter(pl.col("exercise") == "hip-thrust")
    weekly = thrust.group_by("week").agg(pl.len().alias("n")).sort("week")["n"].to_list()
    # 3 + 3 sets in weeks 1-4, 4 + 3 in weeks 5-8, 4 + 4 in weeks 9-12; the week-8 deload halves
    # each session's sets with halves rounded up: 4 -> 2 and 3 -> 2.
    assert weekly == [6, 6, 6, 6, 7, 7, 7, 4, 8, 8, 8, 8]
    monday = first_sets(table, "hip-thrust", "A")
    # Each phase restarts its rule: 8-12 reps by 1 (a 5-week cycle), so within 4 weeks the load
    # holds; week 8 is the deload of step 3 (11 reps at 70 kg x 0.9 = 63 kg, and the example says
    # kit_rounding: true, so on the barbell's 2.5 kg steps 62.5 kg).
    assert monday["load_kg"].to_list() == [60.0] * 4 + [70.0] * 3 + [62.5] + [80.0] * 4
    assert monday["reps"].to_list() == [8, 9, 10, 11] * 3

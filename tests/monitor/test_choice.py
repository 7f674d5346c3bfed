"""Which exercise a reduction targets, rule by rule, on the knee OA programme (leg press, knee
extension, sit to stand). Each test gives only what that rule reads, so the rule before it finds
nothing and the one being tested decides; the expected exercise and reason are worked by hand."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest
from knee_oa import programme

from exdose.monitor.changes import AboveRx
from exdose.monitor.choice import choose_exercise
from exdose.monitor.flags import LoadFlag
from exdose.monitor.pain import PainAssessment
from exdose.monitor.week import ExerciseWeek
from exdose.program.io import LoadedProgram, load_program

CANDIDATES = ["leg-press", "knee-extension", "sit-to-stand"]
WEEK5 = dt.date(2026, 3, 30)  # the programme starts on Monday 2026-03-02


@pytest.fixture
def knee(tmp_path: Path) -> LoadedProgram:
    return load_program(programme(tmp_path))


def pain_in(region: str) -> PainAssessment:
    return PainAssessment(
        week=5,
        week_start=WEEK5.isoformat(),
        entries=1,
        peaks={region: {"during": 6.0, "after": None, "next_morning": None}},
        previous_peaks={},
        findings=[],
        status="exceeded",
        notes=[],
    )


def performed(rows: list[tuple[int, str, float | None]]) -> pl.DataFrame:
    """(week, exercise, pain during the set) per set."""
    return pl.DataFrame(
        {
            "week": [r[0] for r in rows],
            "exercise": [r[1] for r in rows],
            "pain": [r[2] for r in rows],
        },
        schema={"week": pl.Int32, "exercise": pl.Utf8, "pain": pl.Float64},
    )


def ratings(notes: list[tuple[dt.date, str | None]]) -> pl.DataFrame:
    return pl.DataFrame(
        {"date": [d for d, _ in notes], "notes": [n for _, n in notes]},
        schema={"date": pl.Date, "notes": pl.Utf8},
    )


NO_SETS = performed([])
NO_NOTES = ratings([])


def test_no_candidate_no_target(knee: LoadedProgram) -> None:
    chosen = choose_exercise(knee, NO_SETS, NO_NOTES, pain_in("knee"), [], {}, [])
    assert chosen == (None, "the next phase has no exercises")


def test_pain_logged_with_its_sets_wins(knee: LoadedProgram) -> None:
    # week 5: leg press hurt 3/10, knee extension 6/10; week 4's 8/10 is another week
    sets = performed(
        [
            (5, "leg-press", 3.0),
            (5, "knee-extension", 6.0),
            (5, "sit-to-stand", None),
            (4, "leg-press", 8.0),
        ]
    )
    chosen = choose_exercise(knee, sets, NO_NOTES, pain_in("knee"), [], {}, CANDIDATES)
    assert chosen == ("knee-extension", "pain 6/10 was logged during its sets")


def test_then_the_exercise_the_pain_notes_name(knee: LoadedProgram) -> None:
    notes = ratings(
        [
            (WEEK5 - dt.timedelta(days=1), "sit to stand was fine"),  # week 4: not read
            (WEEK5 + dt.timedelta(days=2), "sore after the leg press"),
        ]
    )
    chosen = choose_exercise(knee, NO_SETS, notes, pain_in("knee"), [], {}, CANDIDATES)
    assert chosen == ("leg-press", "the pain notes name it")


def test_then_the_one_done_most_above_its_sets(knee: LoadedProgram) -> None:
    # 6 of 3 prescribed is twice the plan; 5 of 3 is 1.67 times
    states = {
        "leg-press": ExerciseWeek(sets_week=6, planned_week=3),
        "knee-extension": ExerciseWeek(sets_week=5, planned_week=3),
    }
    chosen = choose_exercise(knee, NO_SETS, NO_NOTES, pain_in("knee"), [], states, CANDIDATES)
    assert chosen == ("leg-press", "6 sets were done in week 5 against 3 prescribed")


def test_then_the_one_most_above_its_load_or_reps(knee: LoadedProgram) -> None:
    # 40 kg of 32 prescribed is 1.25 times; 13 reps of 12 is 1.08 times
    above = {
        "knee-extension": AboveRx("knee-extension", 5, "load", 40.0, 32.0),
        "sit-to-stand": AboveRx("sit-to-stand", 5, "reps", 13.0, 12.0),
    }
    chosen = choose_exercise(
        knee, NO_SETS, NO_NOTES, pain_in("knee"), [], {}, CANDIDATES, above_rx=above
    )
    assert chosen == ("knee-extension", "40 kg were done against 32 kg prescribed")


def test_then_an_unplanned_spike_in_its_sets(knee: LoadedProgram) -> None:
    flags = [
        LoadFlag(
            label="Leg Press sets",
            change=0.8,
            kind="spike",
            planned_change=0.8,
            as_planned=True,  # the plan rose this much: not the cause
            message="",
        ),
        LoadFlag(
            label="Sit to stand sets",
            change=0.5,
            kind="spike",
            planned_change=None,
            as_planned=False,
            message="",
        ),
    ]
    chosen = choose_exercise(knee, NO_SETS, NO_NOTES, pain_in("knee"), flags, {}, CANDIDATES)
    assert chosen == ("sit-to-stand", "its weekly sets spiked (+50%)")


def test_then_the_one_loading_the_painful_region_most(knee: LoadedProgram) -> None:
    # glute pain: leg press and sit to stand train the glutes secondarily (weight 0.5), knee
    # extension not at all; 0.5 x 9 sets beats 0.5 x 6, and 12 sets of knee extension count 0
    states = {
        "leg-press": ExerciseWeek(sets_week=6, planned_week=6),
        "knee-extension": ExerciseWeek(sets_week=12, planned_week=12),
        "sit-to-stand": ExerciseWeek(sets_week=9, planned_week=9),
    }
    chosen = choose_exercise(knee, NO_SETS, NO_NOTES, pain_in("glute"), [], states, CANDIDATES)
    assert chosen == ("sit-to-stand", "it trains the painful region most")


def test_else_the_biggest_exercise_the_first_on_a_tie(knee: LoadedProgram) -> None:
    # shoulder pain: none of the three trains the shoulders; 6 planned sets tie, the first wins
    states = {
        "leg-press": ExerciseWeek(sets_week=0, planned_week=6),
        "knee-extension": ExerciseWeek(sets_week=0, planned_week=6),
        "sit-to-stand": ExerciseWeek(sets_week=0, planned_week=3),
    }
    chosen = choose_exercise(knee, NO_SETS, NO_NOTES, pain_in("shoulder"), [], states, CANDIDATES)
    assert chosen == ("leg-press", "it is the programme's biggest exercise")

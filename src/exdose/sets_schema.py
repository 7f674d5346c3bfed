"""The sets-table schema: the column schema shared by expanded programmes and read training logs.

One row per set. A planned table (from `expand`) fills `week`/`day` and leaves `date` null unless
the programme has a start date; a performed table (from a log reader) fills `date` and `row`.
Every dose and load metric is a function of a table in this schema. It is one of the two shapes
everything is built on (DESIGN.md), so it sits below the folders: program/ (planned tables) and
sets/ (performed tables) both import it, and neither imports the other.
"""

from __future__ import annotations

from typing import Final

import polars as pl

SETS_SCHEMA: Final[dict[str, pl.DataType]] = {
    "athlete": pl.Utf8(),  # who trained; null for a single-person table
    "date": pl.Date(),  # calendar date of the session (performed, or planned with a start date)
    "week": pl.Int32(),  # programme week, from 1 (planned); null in a log
    "day": pl.Int32(),  # session number within the programme week, from 1
    "session": pl.Utf8(),  # session name or id ("A", "Lower 1", a workout name)
    "exercise": pl.Utf8(),  # canonical exercise id (library id or programme-defined id)
    "exercise_name": pl.Utf8(),  # the name as written in the programme or log
    "set_number": pl.Int32(),  # 1-based within the exercise in the session
    "set_kind": pl.Utf8(),  # "working" | "warmup" | "drop" | "failure"
    "reps": pl.Int32(),  # reps done, or the planned target (bottom of a range)
    "reps_max": pl.Int32(),  # top of a planned rep range; null otherwise
    "per_side": pl.Boolean(),  # reps/time are per side
    "load_kg": pl.Float64(),  # external load in kg where known
    "load_value": pl.Float64(),  # load as written (in its own unit)
    "load_unit": pl.Utf8(),  # "kg","lb","%1RM","%e1RM","%HRmax","%HRR","bodyweight","band"
    "load_text": pl.Utf8(),  # original load text ("red band", "75%1RM")
    "rpe": pl.Float64(),  # set effort, RPE 0-10 (RPE = 10 - RIR)
    "rir": pl.Float64(),  # reps in reserve
    "duration_s": pl.Float64(),  # work time of a timed set (hold, interval, apnoea)
    "distance_m": pl.Float64(),
    "rest_s": pl.Float64(),
    "tempo": pl.Utf8(),
    "pain": pl.Float64(),  # pain during the set, 0-10
    "session_rpe": pl.Float64(),  # session RPE (CR-10), repeated on each row of the session
    "session_minutes": pl.Float64(),  # session duration, repeated on each row of the session
    "source": pl.Utf8(),  # "plan", "strong", "hevy", "fitnotes", "exdose-csv"
    "row": pl.Int64(),  # 1-based data row in the source file (header excluded)
}

"""Hand-built training logs: the hip-thrust plan as performed, with stated departures."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import Any

from exdose.program.expand import expand
from exdose.program.io import LoadedProgram

DATA = Path(__file__).resolve().parents[1] / "data" / "monitor"
PROGRAM = DATA / "hip-thrust.yaml"
NO_START = DATA / "hip-thrust-no-start.yaml"

Row = dict[str, Any]
Edit = Callable[[Row], list[Row]]


def write_log(
    loaded: LoadedProgram, path: Path, *, through_week: int, edit: Edit | None = None
) -> Path:
    """Write the plan up to `through_week` as an exdose CSV log, one row per set done.

    `edit` gets each planned set (with week, day and exercise keys) and returns the rows really
    done for it: [] to skip it, the row changed, or more rows for extra sets.
    """
    fields = ["date", "session", "exercise", "set", "reps", "weight", "unit", "rir"]
    rows: list[Row] = []
    for r in expand(loaded).iter_rows(named=True):
        if r["week"] > through_week:
            continue
        row: Row = {
            "week": r["week"],
            "day": r["day"],
            "key": r["exercise"],
            "date": r["date"],
            "session": r["session"],
            "exercise": r["exercise_name"],
            "set": r["set_number"],
            "reps": r["reps"],
            "reps_max": r["reps_max"],
            "weight": r["load_kg"],
            "unit": "kg",
            "rir": r["rir"],
        }
        rows += edit(row) if edit else [row]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def top_reps_in_last_week(week: int) -> Edit:
    """Every hip-thrust set of `week` reaches the top of its range (double progression due)."""

    def edit(row: Row) -> list[Row]:
        if row["week"] == week and row["key"] == "hip-thrust":
            return [{**row, "reps": row["reps_max"]}]
        return [row]

    return edit

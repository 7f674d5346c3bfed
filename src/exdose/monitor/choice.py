"""Which exercise a reduction targets: pain logged with its sets, then an exercise named in the
pain notes, then the one done most above its prescription (sets, then load or reps), then the one
with an unplanned spike, then the one loading the painful region most, then the biggest."""

from __future__ import annotations

import datetime as dt

import polars as pl

from exdose.monitor.changes import (
    AboveRx,
)
from exdose.monitor.flags import (
    LoadFlag,
)
from exdose.monitor.pain import PainAssessment
from exdose.monitor.week import (
    ExerciseWeek,
    mentions,
    num,
)
from exdose.program.io import LoadedProgram, exercise_name

REGION_MUSCLES: dict[str, tuple[str, ...]] = {
    "back": ("lower back", "middle back"),
    "lumbar": ("lower back",),
    "spine": ("lower back",),
    "hip": ("glutes", "abductors", "adductors"),
    "glute": ("glutes",),
    "buttock": ("glutes",),
    "knee": ("quadriceps",),
    "thigh": ("quadriceps", "hamstrings"),
    "hamstring": ("hamstrings",),
    "groin": ("adductors",),
    "calf": ("calves",),
    "achilles": ("calves",),
    "shoulder": ("shoulders",),
    "neck": ("traps", "neck"),
    "elbow": ("biceps", "triceps", "forearms"),
    "wrist": ("forearms",),
}


def choose_exercise(
    loaded: LoadedProgram,
    performed: pl.DataFrame,
    ratings: pl.DataFrame,
    pain: PainAssessment,
    flags: list[LoadFlag],
    states: dict[str, ExerciseWeek],
    candidates: list[str],
    above_rx: dict[str, AboveRx] | None = None,
) -> tuple[str | None, str]:
    """The exercise a reduction should change, and how it was chosen."""
    if not candidates:
        return None, "the next phase has no exercises"
    week_rows = performed.filter(pl.col("week") == pain.week)
    if "pain" in week_rows.columns:
        painful = week_rows.filter(
            pl.col("pain").is_not_null() & pl.col("exercise").is_in(candidates)
        )
        if painful.height:
            top = painful.sort("pain", descending=True).row(0, named=True)
            return top["exercise"], f"pain {num(top['pain'])}/10 was logged during its sets"
    start = dt.date.fromisoformat(pain.week_start)
    notes = ratings.filter(
        (pl.col("date") >= start) & (pl.col("date") < start + dt.timedelta(days=7))
    )["notes"].drop_nulls()
    for key in candidates:
        if any(mentions(n, loaded, key) for n in notes.to_list()):
            return key, "the pain notes name it"
    above = [
        (s.sets_week / s.planned_week, key)
        for key, s in states.items()
        if key in candidates and s.planned_week and s.sets_week > s.planned_week
    ]
    if above:
        _, key = max(above)
        s = states[key]
        return (
            key,
            f"{s.sets_week} sets were done in week {pain.week} against {s.planned_week} prescribed",
        )
    over = [
        (a.done / a.prescribed, key)
        for key, a in (above_rx or {}).items()
        if key in candidates and a.prescribed
    ]
    if over:
        _, key = max(over)
        a = (above_rx or {})[key]
        unit = "kg" if a.variable == "load" else "reps"
        return key, f"{num(a.done)} {unit} were done against {num(a.prescribed)} {unit} prescribed"
    spiked = [f for f in flags if f.kind == "spike" and not f.as_planned]
    for flag in sorted(spiked, key=lambda f: -f.change):
        for key in candidates:
            if flag.label == f"{exercise_name(loaded, key)} sets":
                return key, f"its weekly sets spiked ({flag.change * 100:+.0f}%)"
    regions = [r for r in pain.peaks if r]
    muscles = {m for r in regions for word, ms in REGION_MUSCLES.items() if word in r for m in ms}
    muscles |= {r for r in regions}
    loading: list[tuple[float, str]] = []
    for key in candidates:
        ex = loaded.library.get(key)
        if ex is None:
            continue
        weight = 1.0 if muscles & set(ex.primary) else 0.5 if muscles & set(ex.secondary) else 0.0
        if weight:
            loading.append((weight * max(states.get(key, ExerciseWeek()).sets_week, 1), key))
    if loading:
        _, key = max(loading)
        return key, "it trains the painful region most"
    sized = [(states.get(k, ExerciseWeek()).planned_week, -i, k) for i, k in enumerate(candidates)]
    _, _, key = max(sized)
    return key, "it is the programme's biggest exercise"

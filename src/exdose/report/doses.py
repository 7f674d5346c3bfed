"""The planned doses a document shows: display names, compact dose cells, week-by-week tables.

Shared by the methods text, the handout and the figures (built on the expanded plan); the
document blocks come from `exdose.report.document`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from exdose.program.io import exercise_name as exercise_name  # re-exported for importers
from exdose.program.io import written_key as written_key
from exdose.program.model import RpeTargets
from exdose.report.document import Table
from exdose.report.words import number, seconds_words

if TYPE_CHECKING:
    from exdose.dose.planned import WeekDose
    from exdose.program.expand import PlannedDose, PlannedSession
    from exdose.program.io import LoadedProgram

MAX_KEY_EXERCISES = 5


def patient_name(loaded: LoadedProgram, key: str) -> tuple[str, bool]:
    """The name a patient sees in the handout, and whether it is exdose's own library wording
    (which a handout translates) rather than the programme's (which stays as written).

    The programme's `display_name`, else the library's patient name, else the display name."""
    from exdose.exercises import default_library

    own = loaded.program.exercises.get(key)
    library = default_library()
    entry = library.get(own.library) if own is not None and own.library else library.get(key)
    ours = entry.display_name if entry is not None else None
    if own is not None and own.display_name:
        return own.display_name, own.display_name == ours
    if ours:
        return ours, True
    return exercise_name(loaded, key), False


def planned_weeks(loaded: LoadedProgram) -> list[WeekDose]:
    """The programme's planned dose per week (sets per muscle, mean RPE, mean %1RM, ...)."""
    from exdose.dose.planned import planned_dose
    from exdose.program.expand import expand

    return planned_dose(expand(loaded), loaded.library)


def weekly_muscle_sets(
    loaded: LoadedProgram, max_muscles: int, weeks: list[WeekDose] | None = None
) -> tuple[list[int], list[str], list[list[float]]]:
    """(weeks, the muscles with most sets over the programme, sets[week][muscle]) for tables."""
    weeks = planned_weeks(loaded) if weeks is None else weeks
    totals: dict[str, float] = {}
    for week in weeks:
        for muscle, sets in week.sets_per_muscle.items():
            totals[muscle] = totals.get(muscle, 0.0) + sets
    muscles = sorted(totals, key=lambda m: (-totals[m], m))[:max_muscles]
    values = [[round(week.sets_per_muscle.get(m, 0.0), 1) for m in muscles] for week in weeks]
    return [week.week for week in weeks], muscles, values


def planned_cell(planned: PlannedDose, scale: str = "rpe") -> str:
    """One planned dose compactly: '3×10 · 65 kg · RIR 3', 'Level 2: 3x(3 breaths + 20s apnoea)'.

    `scale` ("rir" or "rpe") is the effort scale the prescription was written in.
    """
    if planned.level is not None:
        return f"{planned.level}: {planned.load_text}"
    if planned.reps is not None:
        work = str(planned.reps)
    elif planned.duration_s is not None:
        work = seconds_words(planned.duration_s)
    elif planned.distance_m is not None:
        work = f"{number(planned.distance_m)} m"
    else:
        work = ""
    parts = [f"{planned.sets}×{work}" if work else f"{planned.sets} sets"]
    if planned.per_side:
        parts[0] += "/side"
    if planned.load_kg is not None:
        parts.append(f"{number(planned.load_kg)} kg")
    elif planned.load_unit in ("%1RM", "%e1RM") and planned.load_value is not None:
        parts.append(f"{number(planned.load_value)}{planned.load_unit}")
    elif planned.load_unit == "band" and planned.load_text:
        parts.append(planned.load_text)
    elif planned.load_unit == "bodyweight":
        parts.append("body weight")
    if scale == "rir" and planned.rir is not None:
        parts.append(f"RIR {number(planned.rir)}")
    elif planned.rpe is not None:
        parts.append(f"RPE {number(planned.rpe)}")
    # Non-breaking spaces keep "60 kg" and "RIR 2" whole when a narrow table cell wraps.
    return " · ".join(part.replace(" ", "\u00a0") for part in parts)


def effort_scales(loaded: LoadedProgram) -> dict[str, str]:
    """Exercise key -> the effort scale its prescriptions are written in ("rir" or "rpe")."""
    scales: dict[str, str] = {}
    for _, item in loaded.program.all_prescriptions():
        key = written_key(loaded, item.exercise)
        kinds = {intensity.kind for intensity in item.dose.intensity}
        rule = item.progression
        if "rir" in kinds or (isinstance(rule, RpeTargets) and rule.rir is not None):
            scales.setdefault(key, "rir")
        else:
            scales.setdefault(key, "rpe")
    return scales


def key_exercises(loaded: LoadedProgram, sessions: list[PlannedSession]) -> list[str]:
    """Exercises for the week-by-week table: those with a progression rule, else the most sets."""
    ruled: list[str] = []
    program = loaded.program
    for phase in program.phases:
        for written in phase.sessions:
            for item in written.exercises:
                key = written_key(loaded, item.exercise)
                if item.progression is not None and key not in ruled:
                    ruled.append(key)
    if ruled:
        return ruled[:MAX_KEY_EXERCISES]
    totals: dict[str, int] = {}
    for session in sessions:
        for planned in session.doses:
            totals[planned.exercise] = totals.get(planned.exercise, 0) + planned.sets
    ranked = sorted(totals, key=lambda key: -totals[key])
    return ranked[: MAX_KEY_EXERCISES - 1]


def session_cells(loaded: LoadedProgram, session: PlannedSession) -> list[tuple[str, str]]:
    """(written exercise key, planned cell) for each prescription of a planned session.

    A level that swaps in a harder variant keeps the column of the exercise as written, with the
    variant named in the cell.
    """
    scales = effort_scales(loaded)
    phase = loaded.program.phase_for_week(session.week)
    # A planned session is one occasion of a written session (days and per_day repeat it), so
    # it is found by name, not by its number in the week.
    sessions = phase.sessions if phase is not None else []
    match = [written for written in sessions if written.name == session.name]
    written = match[0].exercises if match else []
    cells: list[tuple[str, str]] = []
    for index, planned in enumerate(session.doses):
        key = (
            written_key(loaded, written[index].exercise)
            if index < len(written)
            else planned.exercise
        )
        cell = planned_cell(planned, scales.get(key, scales.get(planned.exercise, "rpe")))
        if planned.exercise != key:
            cell = f"{exercise_name(loaded, planned.exercise)}, {cell}"
        cells.append((key, cell))
    return cells


def weekly_table(
    loaded: LoadedProgram, sessions: list[PlannedSession], keys: list[str], deload_label: str
) -> Table:
    """Week rows x key-exercise columns of planned doses; sessions differing are named."""
    by_week: dict[int, dict[str, list[tuple[str, str]]]] = {}
    deloads: set[int] = set()
    for session in sessions:
        if session.deload:
            deloads.add(session.week)
        row = by_week.setdefault(session.week, {})
        for key, cell in session_cells(loaded, session):
            if key in keys:
                row.setdefault(key, []).append((session.name, cell))
    rows: list[tuple[str, ...]] = []
    for week in sorted(by_week):
        label = f"{week} ({deload_label})" if week in deloads else str(week)
        cells = [label]
        for key in keys:
            entries = by_week[week].get(key, [])
            distinct = list(dict.fromkeys(cell for _, cell in entries))
            if not entries:
                cells.append("-")
            elif len(distinct) == 1:
                cells.append(distinct[0])
            else:
                cells.append("; ".join(f"{name}: {cell}" for name, cell in entries))
        rows.append(tuple(cells))
    header = ("Week", *(exercise_name(loaded, key) for key in keys))
    return Table(header, tuple(rows))


# --- the methods document --------------------------------------------------------------------

"""Write the example logs of examples/hip-thrust.yaml in Strong, Hevy, FitNotes and exdose CSV,
plus a pain diary and the name mapping file. Deterministic: run it again to get the same files.

The logs are a realistic record of that programme (12 weeks from Monday 2026-01-05, session A on
Mondays and B on Thursdays, the programme's four exercises under the names the apps use), built
from the programme's own expansion with these departures:

- weeks 1-3 as prescribed (6 hip-thrust sets a week); the lifter then gets impatient: 5 hip-thrust
  sets in each session of week 4 (10 a week) and in week 5 five on Monday, five on Thursday and an
  extra Saturday session of four (14 a week, against 7 prescribed);
- low back pain rises with it: in week 5 it reaches 6/10 after the Saturday session and is still
  6/10 the next morning (not settled);
- after the adjustment (back to the prescribed sets from week 6) the sets follow the plan and the
  pain settles; session B of week 6 (back still sore) and of week 10 (work trip) are missed;
- loads are the plates and dumbbells a gym has (barbell 2.5 kg, dumbbells 2 kg, cable stack
  1.25 kg steps); reps sometimes fall one short on the last set; RPE is logged on the last set of
  each exercise; two light hip-thrust warm-up sets of 8 open sessions A and B.

Usage: .venv/bin/python examples/logs/generate.py
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path

from exdose.program.expand import expand
from exdose.program.io import load_program

HERE = Path(__file__).resolve().parent
PROGRAM = HERE.parent / "hip-thrust.yaml"

# The names each app writes for the programme's exercises. "Standing Cable Hip Abduction" is a
# custom exercise in every app: the library does not know it, so mapping.yaml resolves it.
APP_NAMES = {
    "hip-thrust": "Hip Thrust (Barbell)",
    "romanian-deadlift": "Romanian Deadlift (Barbell)",
    "split-squat": "Split Squat (Dumbbell)",
    "cable-abduction": "Standing Cable Hip Abduction",
}
FITNOTES_NAMES = {
    "hip-thrust": "Barbell Hip Thrust",
    "romanian-deadlift": "Romanian Deadlift",
    "split-squat": "Dumbbell Split Squat",
    "cable-abduction": "Standing Cable Hip Abduction",
}
MAPPING = """\
# App names exdose's exercise library does not know (or would match to the wrong exercise),
# mapped to library exercises. Use with --mapping examples/logs/mapping.yaml.
Standing Cable Hip Abduction: Thigh_Abductor
# The library's closest names for these are different exercises (plie squat), so pin them.
Split Squat (Dumbbell): Split_Squat_with_Dumbbells
Dumbbell Split Squat: Split_Squat_with_Dumbbells
"""
# Smallest load step of the equipment, kg.
LOAD_STEP = {
    "hip-thrust": 2.5,
    "romanian-deadlift": 2.5,
    "split-squat": 2.0,
    "cable-abduction": 1.25,
}
WORKOUT_NAMES = {"A": "Glutes A", "B": "Glutes B"}
SESSION_START = {"A": (18, 5), "B": (7, 10)}  # evening on Mondays, before work on Thursdays

# Hip-thrust working sets actually done per (week, session), where not as prescribed.
HT_SETS = {(4, "A"): 5, (4, "B"): 5, (5, "A"): 5, (5, "B"): 5}
# The extra session of week 5: Saturday, hip thrusts only.
EXTRA = (5, 5, "Glutes extra", 4)  # week, weekday (Saturday), workout name, hip-thrust sets
MISSED = {(6, "B"), (10, "B")}

# Low back pain (during, after, next morning, stiffness) and the diary note, per session.
Pain = tuple[int, int, int, int]
PAIN: dict[tuple[int, str], tuple[Pain, str]] = {
    (1, "A"): ((0, 0, 0, 0), ""),
    (1, "B"): ((0, 1, 0, 0), ""),
    (2, "A"): ((0, 1, 0, 0), ""),
    (2, "B"): ((0, 0, 0, 0), ""),
    (3, "A"): ((1, 1, 0, 1), ""),
    (3, "B"): ((0, 1, 0, 0), ""),
    (4, "A"): ((2, 3, 1, 1), "added two hip-thrust sets; low back a little tight after"),
    (4, "B"): ((2, 3, 2, 2), ""),
    (5, "A"): ((3, 4, 3, 2), "5 sets of hip thrusts at the new weight"),
    (5, "B"): ((4, 5, 4, 3), "low back tight after the extra hip-thrust sets"),
    (5, "Glutes extra"): ((5, 6, 6, 4), "low back ached after hip thrusts, 6/10 at night"),
    (6, "A"): ((3, 3, 2, 2), "back to 4 sets; braced before every rep"),
    (7, "A"): ((2, 2, 1, 1), ""),
    (7, "B"): ((2, 2, 1, 1), ""),
    (8, "A"): ((1, 1, 0, 1), "deload week"),
    (8, "B"): ((1, 1, 0, 0), ""),
    (9, "A"): ((1, 2, 1, 1), "80 kg felt heavy but back fine"),
    (9, "B"): ((1, 1, 0, 0), ""),
    (10, "A"): ((1, 1, 0, 0), ""),
    (11, "A"): ((0, 1, 0, 0), ""),
    (11, "B"): ((1, 1, 0, 0), ""),
    (12, "A"): ((0, 1, 0, 0), ""),
    (12, "B"): ((0, 0, 0, 0), ""),
}


@dataclass
class Set:
    """One set as the lifter logged it."""

    exercise: str  # programme key
    kind: str  # "working" or "warmup"
    reps: int
    kg: float
    rpe: float | None = None


@dataclass
class Session:
    """One training session as done."""

    week: int
    name: str  # programme session name, or the extra session's workout name
    workout: str
    date: dt.date
    start: dt.datetime
    minutes: int
    session_rpe: int
    pain: Pain
    note: str
    sets: list[Set] = field(default_factory=list)


def _plates(kg: float, step: float) -> float:
    """The nearest load the equipment allows (half-up, as a lifter would round)."""
    return float(int(kg / step + 0.5) * step)


def _rpe(rir: float | None, extra: bool, rng: random.Random) -> float:
    """The RPE the lifter logs on a last set: the target effort, harder when overreaching."""
    target = 10.0 - (rir if rir is not None else 3.0)
    return min(10.0, target + (1.5 if extra else rng.choice((0.0, 0.0, 0.5, -0.5))))


def _hip_thrust_warmups(kg: float) -> list[Set]:
    # The programme's warm-up: two light hip-thrust sets of 8.
    return [
        Set("hip-thrust", "warmup", 8, _plates(kg * 0.5, 2.5)),
        Set("hip-thrust", "warmup", 8, _plates(kg * 0.75, 2.5)),
    ]


def sessions() -> list[Session]:
    """Every session done, in date order."""
    rng = random.Random(20260105)
    planned = expand(load_program(PROGRAM))
    out: list[Session] = []
    keys = ("week", "session", "date")
    for (week, name, date), rows in sorted(
        planned.group_by(keys, maintain_order=True), key=lambda g: (g[0][2], g[0][1])
    ):
        assert isinstance(week, int) and isinstance(name, str) and isinstance(date, dt.date)
        if (week, name) in MISSED:
            continue
        sets: list[Set] = []
        by_exercise: dict[str, list[dict[str, object]]] = {}
        for r in rows.iter_rows(named=True):
            by_exercise.setdefault(str(r["exercise"]), []).append(r)
        for key, plan in by_exercise.items():
            first = plan[0]
            kg = _plates(float(first["load_kg"]), LOAD_STEP[key])  # type: ignore[arg-type]
            reps, top = int(first["reps"]), int(first["reps_max"])  # type: ignore[call-overload]
            rir = first["rir"]
            n = HT_SETS.get((week, name), len(plan)) if key == "hip-thrust" else len(plan)
            if key == "hip-thrust":
                sets += _hip_thrust_warmups(kg)
            for i in range(n):
                extra = i >= len(plan)
                done = reps
                if extra:
                    done = max(reps - (i - len(plan) + 1), 6)  # fatigue in the sets added
                elif i == n - 1 and rng.random() < 0.3:
                    done = reps - 1
                elif rng.random() < 0.15:
                    done = min(reps + 1, top)
                last = i == n - 1
                rpe = _rpe(rir if isinstance(rir, float) else None, extra, rng) if last else None
                sets.append(Set(key, "working", done, kg, rpe))
        pain, note = PAIN[(week, name)]
        working = sum(1 for s in sets if s.kind == "working")
        hour, minute = SESSION_START[name]
        minutes = int(first["session_minutes"] or 60) + 3 * (working - rows.height)  # type: ignore[call-overload]
        overreach = (week, name) in HT_SETS
        out.append(
            Session(
                week=week,
                name=name,
                workout=WORKOUT_NAMES[name],
                date=date,
                start=dt.datetime.combine(date, dt.time(hour, minute + rng.randint(0, 20), 14)),
                minutes=minutes + rng.randint(-3, 4),
                session_rpe=(7 if overreach else 4 if week == 8 else 6) + (1 if pain[0] > 3 else 0),
                pain=pain,
                note=note,
                sets=sets,
            )
        )
        if week == EXTRA[0] and name == "B":
            out.append(_extra_session(date, rng))
    return out


def _extra_session(thursday: dt.date, rng: random.Random) -> Session:
    """Week 5's unplanned Saturday session: hip thrusts only, at Thursday's load."""
    week, weekday, workout, n = EXTRA
    date = thursday + dt.timedelta(days=weekday - thursday.weekday())
    kg = 70.0
    sets = _hip_thrust_warmups(kg)
    for i in range(n):
        sets.append(Set("hip-thrust", "working", 9 - i // 2, kg, 9.0 if i == n - 1 else None))
    pain, note = PAIN[(week, workout)]
    return Session(
        week=week,
        name=workout,
        workout=workout,
        date=date,
        start=dt.datetime.combine(date, dt.time(10, 30 + rng.randint(0, 15), 3)),
        minutes=30 + rng.randint(0, 4),
        session_rpe=8,
        pain=pain,
        note=note,
        sets=sets,
    )


def _write(
    path: Path,
    header: list[str],
    rows: list[list[object]],
    delimiter: str = ",",
    quote: bool = False,
) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(
            handle, delimiter=delimiter, quoting=csv.QUOTE_ALL if quote else csv.QUOTE_MINIMAL
        )
        writer.writerow(header)
        writer.writerows(rows)


def _num(value: float) -> str:
    return f"{value:g}"


def strong(done: list[Session]) -> None:
    """Strong's export with a weight-unit column (semicolon-separated, every field quoted)."""
    header = [
        "Date", "Workout Name", "Exercise Name", "Set Order", "Weight", "Weight Unit", "Reps",
        "RPE", "Distance", "Distance Unit", "Seconds", "Notes", "Workout Notes",
        "Workout Duration",
    ]  # fmt: skip
    rows: list[list[object]] = []
    for s in done:
        counts: dict[str, int] = {}
        hours, mins = divmod(s.minutes, 60)
        duration = f"{hours}h {mins}m" if hours else f"{mins}m"
        for x in s.sets:
            if x.kind == "warmup":
                order = "W"
            else:
                counts[x.exercise] = counts.get(x.exercise, 0) + 1
                order = str(counts[x.exercise])
            rpe = "" if x.rpe is None else _num(x.rpe)
            rows.append([
                s.start.strftime("%Y-%m-%d %H:%M:%S"), s.workout, APP_NAMES[x.exercise], order,
                _num(x.kg), "kg", x.reps, rpe, 0, "", 0, "", "", duration,
            ])  # fmt: skip
    _write(HERE / "strong.csv", header, rows, delimiter=";", quote=True)


def hevy(done: list[Session]) -> None:
    """Hevy's export of a kg account."""
    header = [
        "title", "start_time", "end_time", "description", "exercise_title", "superset_id",
        "exercise_notes", "set_index", "set_type", "weight_kg", "reps", "distance_km",
        "duration_seconds", "rpe",
    ]  # fmt: skip
    rows: list[list[object]] = []
    for s in done:
        end = s.start + dt.timedelta(minutes=s.minutes)
        index: dict[str, int] = {}
        for x in s.sets:
            i = index.get(x.exercise, 0)
            index[x.exercise] = i + 1
            rows.append([
                s.workout, s.start.strftime("%d %b %Y, %H:%M"), end.strftime("%d %b %Y, %H:%M"),
                "", APP_NAMES[x.exercise], "", "", i,
                "warmup" if x.kind == "warmup" else "normal", _num(x.kg), x.reps, "", "",
                "" if x.rpe is None else _num(x.rpe),
            ])  # fmt: skip
    _write(HERE / "hevy.csv", header, rows, quote=True)


def fitnotes(done: list[Session]) -> None:
    """FitNotes' export: a workout is a date; it has no warm-up marker, so warm-ups are left out
    (as FitNotes users usually do) and it has no RPE column."""
    header = [
        "Date", "Exercise", "Category", "Weight (kgs)", "Reps", "Distance", "Distance Unit",
        "Time", "Comment",
    ]  # fmt: skip
    rows: list[list[object]] = []
    for s in done:
        for x in s.sets:
            if x.kind == "warmup":
                continue
            name = FITNOTES_NAMES[x.exercise]
            rows.append([s.date.isoformat(), name, "Legs", f"{x.kg:.1f}", x.reps, "", "", "", ""])
    _write(HERE / "fitnotes.csv", header, rows)


def exdose_csv(done: list[Session]) -> None:
    """exdose's own CSV: the sets plus session RPE, minutes and the pain ratings (first row)."""
    header = [
        "date", "session", "exercise", "set", "kind", "reps", "weight", "unit", "rpe",
        "session_rpe", "session_minutes", "pain_region", "pain_during", "pain_after",
        "pain_next_morning", "stiffness", "notes",
    ]  # fmt: skip
    rows: list[list[object]] = []
    for s in done:
        counts: dict[str, int] = {}
        during, after, morning, stiff = s.pain
        for j, x in enumerate(s.sets):
            counts[x.exercise] = counts.get(x.exercise, 0) + 1
            session: list[object] = (
                [s.session_rpe, s.minutes, "low back", during, after, morning, stiff, s.note]
                if j == 0
                else ["", "", "", "", "", "", "", ""]
            )
            rows.append([
                s.date.isoformat(), s.workout, APP_NAMES[x.exercise], counts[x.exercise], x.kind,
                x.reps, _num(x.kg), "kg", "" if x.rpe is None else _num(x.rpe), *session,
            ])  # fmt: skip
    _write(HERE / "exdose.csv", header, rows)


def pain_diary(done: list[Session]) -> None:
    """One line per session: low back pain during, after and the next morning (0-10)."""
    header = ["date", "region", "during", "after", "next_morning", "stiffness", "red_flag", "notes"]
    rows: list[list[object]] = []
    for s in done:
        during, after, morning, stiff = s.pain
        rows.append([s.date.isoformat(), "low back", during, after, morning, stiff, "no", s.note])
    _write(HERE / "pain_diary.csv", header, rows)


def main() -> None:
    """Write every example file."""
    done = sessions()
    strong(done)
    hevy(done)
    fitnotes(done)
    exdose_csv(done)
    pain_diary(done)
    (HERE / "mapping.yaml").write_text(MAPPING, encoding="utf-8")
    print(f"wrote {len(done)} sessions of {PROGRAM.name} to {HERE}")


if __name__ == "__main__":
    main()

"""Write the example logs of the hip-thrust programme (12 weeks) in Strong, Hevy, FitNotes and
exdose CSV, plus a pain diary. Deterministic: run again to get the same files.

The lifter trains hip thrusts twice a week (Monday "Lower A", Thursday "Lower B") with a few other
lower-body exercises. Hip-thrust sets go from 6 a week to 10 and then 14 within a fortnight
(weeks 6-7); low back pain appears after the jump and settles when sets come down in week 10.

Usage: python examples/logs/generate.py
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
START = dt.date(2025, 1, 6)  # a Monday
WEEKS = 12
# Hip-thrust working sets per session, by week (two sessions a week).
HT_SETS = {1: 3, 2: 3, 3: 3, 4: 3, 5: 3, 6: 5, 7: 7, 8: 7, 9: 7, 10: 4, 11: 4, 12: 4}
# Low back pain (during, after, next morning) by week: settles once volume drops.
PAIN = {
    1: (0, 0, 0), 2: (0, 1, 0), 3: (0, 0, 0), 4: (1, 1, 0), 5: (0, 1, 0), 6: (1, 2, 1),
    7: (3, 4, 3), 8: (5, 6, 5), 9: (4, 5, 4), 10: (3, 3, 2), 11: (2, 2, 1), 12: (1, 1, 0),
}
LB = 0.45359237


def sessions() -> list[dict[str, object]]:
    """Every session with its sets (exercise, kind, reps, kg, rpe)."""
    rng = random.Random(7)
    out: list[dict[str, object]] = []
    for week in range(1, WEEKS + 1):
        for day, name, hour in ((0, "Lower A", 18), (3, "Lower B", 7)):
            date = START + dt.timedelta(days=7 * (week - 1) + day)
            ht_kg = 80 + 2.5 * (week - 1) - (10 if week >= 10 else 0)
            sets: list[tuple[str, str, int, float, float | None]] = [
                ("Hip Thrust (Barbell)", "warmup", 10, round(ht_kg / 2 / 2.5) * 2.5, None)
            ]
            for i in range(HT_SETS[week]):
                reps = 10 if i == 0 else 8 + (i % 2)
                sets.append(("Hip Thrust (Barbell)", "working", reps, ht_kg, 7.5 + 0.5 * (i % 3)))
            if name == "Lower A":
                for _ in range(3):
                    sets.append(("Squat (Barbell)", "working", 5, 70 + 2.5 * (week - 1), 8.0))
                for _ in range(3):
                    sets.append(("Romanian Deadlift (Barbell)", "working", 8, 60 + 2.5 * (week // 2), 7.0))
            else:
                for _ in range(3):
                    sets.append(("Bulgarian Split Squat (Dumbbell)", "working", 10, 12 + 2 * (week // 3), 8.0))
                for _ in range(2):
                    sets.append(("Lying Leg Curl (Machine)", "working", 12, 35 + 2.5 * (week // 4), 8.0))
                sets.append(("Cable Pull Through", "working", 15, 25.0, 7.0))
            minutes = 50 + 3 * len(sets) + rng.randint(-4, 4)
            w_pain = PAIN[week]
            out.append(
                {
                    "date": date,
                    "week": week,
                    "name": name,
                    "start": dt.datetime.combine(date, dt.time(hour, rng.randint(0, 40), 12)),
                    "minutes": minutes,
                    "session_rpe": min(10, 6 + (1 if week >= 7 else 0) + (1 if week in (8, 9) else 0)),
                    "sets": sets,
                    "pain": w_pain,
                }
            )
    return out


def write(path: Path, header: list[str], rows: list[list[object]], delimiter: str = ",", quote_all: bool = False) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=delimiter, quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)
        writer.writerow(header)
        writer.writerows(rows)


def strong(all_sessions: list[dict[str, object]]) -> None:
    header = "Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;Distance Unit;Seconds;Notes;Workout Notes;Workout Duration".split(";")
    rows: list[list[object]] = []
    for s in all_sessions:
        counts: dict[str, int] = {}
        duration = f"{int(s['minutes']) // 60}h {int(s['minutes']) % 60}m" if int(s["minutes"]) >= 60 else f"{s['minutes']}m"
        for ex, kind, reps, kg, rpe in s["sets"]:  # type: ignore[attr-defined]
            if kind == "warmup":
                order = "W"
            else:
                counts[ex] = counts.get(ex, 0) + 1
                order = str(counts[ex])
            rows.append([s["start"].strftime("%Y-%m-%d %H:%M:%S"), s["name"], ex, order, f"{kg:g}", "kg", reps, "" if rpe is None else f"{rpe:g}", 0, "", 0, "", "", duration])  # type: ignore[attr-defined]
    write(HERE / "strong.csv", header, rows, delimiter=";", quote_all=True)


def hevy(all_sessions: list[dict[str, object]]) -> None:
    header = ["title", "start_time", "end_time", "description", "exercise_title", "superset_id", "exercise_notes", "set_index", "set_type", "weight_kg", "reps", "distance_km", "duration_seconds", "rpe"]
    names = {"Hip Thrust (Barbell)": "Hip Thrust (Barbell)", "Squat (Barbell)": "Squat (Barbell)", "Romanian Deadlift (Barbell)": "Romanian Deadlift (Barbell)", "Bulgarian Split Squat (Dumbbell)": "Bulgarian Split Squat", "Lying Leg Curl (Machine)": "Lying Leg Curl (Machine)", "Cable Pull Through": "Cable Pull Through"}
    rows: list[list[object]] = []
    for s in all_sessions:
        start: dt.datetime = s["start"]  # type: ignore[assignment]
        end = start + dt.timedelta(minutes=int(s["minutes"]))  # type: ignore[call-overload]
        index: dict[str, int] = {}
        for ex, kind, reps, kg, rpe in s["sets"]:  # type: ignore[attr-defined]
            i = index.get(ex, 0)
            index[ex] = i + 1
            rows.append([s["name"], start.strftime("%d %b %Y, %H:%M"), end.strftime("%d %b %Y, %H:%M"), "", names[ex], "", "", i, "warmup" if kind == "warmup" else "normal", f"{kg:g}", reps, "", "", "" if rpe is None else f"{rpe:g}"])
    write(HERE / "hevy.csv", header, rows, quote_all=True)


def fitnotes(all_sessions: list[dict[str, object]]) -> None:
    header = ["Date", "Exercise", "Category", "Weight (kgs)", "Reps", "Distance", "Distance Unit", "Time", "Comment"]
    names = {"Hip Thrust (Barbell)": ("Barbell Hip Thrust", "Legs"), "Squat (Barbell)": ("Barbell Squat", "Legs"), "Romanian Deadlift (Barbell)": ("Romanian Deadlift", "Legs"), "Bulgarian Split Squat (Dumbbell)": ("Dumbbell Bulgarian Split Squat", "Legs"), "Lying Leg Curl (Machine)": ("Lying Leg Curl Machine", "Legs"), "Cable Pull Through": ("Cable Pull Through", "Legs")}
    rows: list[list[object]] = []
    for s in all_sessions:
        for ex, kind, reps, kg, _ in s["sets"]:  # type: ignore[attr-defined]
            if kind == "warmup":
                continue  # FitNotes users rarely log warm-ups; it has no warm-up marker
            name, cat = names[ex]
            rows.append([s["date"].isoformat(), name, cat, f"{kg:.1f}", reps, "", "", "", ""])  # type: ignore[attr-defined]
    write(HERE / "fitnotes.csv", header, rows)


def exdose_csv(all_sessions: list[dict[str, object]]) -> None:
    header = ["date", "session", "exercise", "set", "kind", "reps", "weight", "unit", "rpe", "session_rpe", "session_minutes", "pain_region", "pain_during", "pain_after", "pain_next_morning"]
    rows: list[list[object]] = []
    for s in all_sessions:
        counts: dict[str, int] = {}
        during, after, morning = s["pain"]  # type: ignore[misc]
        for j, (ex, kind, reps, kg, rpe) in enumerate(s["sets"]):  # type: ignore[arg-type]
            counts[ex] = counts.get(ex, 0) + 1
            first = j == 0
            rows.append([
                s["date"].isoformat(), s["name"], ex, counts[ex], kind, reps, f"{kg:g}", "kg",  # type: ignore[attr-defined]
                "" if rpe is None else f"{rpe:g}",
                s["session_rpe"] if first else "", s["minutes"] if first else "",
                "low back" if first else "", during if first else "", after if first else "", morning if first else "",
            ])
    write(HERE / "exdose.csv", header, rows)


def pain_diary(all_sessions: list[dict[str, object]]) -> None:
    header = ["date", "region", "during", "after", "next_morning", "stiffness", "red_flag", "notes"]
    rows: list[list[object]] = []
    for s in all_sessions:
        during, after, morning = s["pain"]  # type: ignore[misc]
        note = ""
        if s["week"] == 7 and s["name"] == "Lower A":
            note = "low back tight after the extra hip-thrust sets"
        if s["week"] == 8 and s["name"] == "Lower B":
            note = "ache across the low back next morning, eased by noon"
        rows.append([s["date"].isoformat(), "low back", during, after, morning, max(0, morning - 1), "no", note])  # type: ignore[attr-defined]
    write(HERE / "pain_diary.csv", header, rows)


def main() -> None:
    all_sessions = sessions()
    strong(all_sessions)
    hevy(all_sessions)
    fitnotes(all_sessions)
    exdose_csv(all_sessions)
    pain_diary(all_sessions)
    (HERE / "mapping.yaml").write_text(
        "# App names exdose's library does not know, mapped to library exercises.\n"
        "Cable Pull Through: Pull Through\n",
        encoding="utf-8",
    )
    print(f"wrote the example logs to {HERE}")


if __name__ == "__main__":
    main()

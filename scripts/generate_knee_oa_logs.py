"""Write the example Strong log and pain diary of examples/knee-oa.yaml (nine weeks).

Deterministic (seeded): run it again to get the same files.

    PYTHONPATH=src .venv/bin/python scripts/generate_knee_oa_logs.py

What the record shows (weeks 1-9 from Monday 2026-04-06):

- Clinic A on Mondays and Clinic B on Thursdays at 10:00, supervised; Clinic B of week 5 is
  missed (a hospital appointment) and the patient does a home session that Thursday instead;
- home sessions ("Home") on Tuesdays, Saturdays and Sundays, 3 of the 27 missed (two Sundays and
  a Saturday), plus the Thursday of week 5: 24 home workouts;
- loads follow the RPE targets in the machines' steps (leg press 5 kg, knee extension 2.5 kg, hip
  abduction 5 kg, dumbbells in fixed pairs); in week 6 the leg press goes up two steps at Clinic
  A (to 85 kg), the knee swells and hurts 5/10 the next morning, and the load comes back one step
  for a week; week 8 is the deload (half the sets, lighter loads);
- RPE is logged on the last set of each exercise; the last set sometimes falls one rep short;
- the pain diary has one line per session: right knee pain during, after and the next morning;
- each diary line also carries the readiness ratings the programme asks for
  (`readiness_monitoring`: sleep_hours, sleep_quality, stress, fatigue), written on the session
  days: usually 6.5-8 hours of sleep, quality 6-8, stress and fatigue 2-4 out of 10. In week 3 a
  deadline at work brings about 6 hours of sleep and stress 6-8, fatigue 5-6, while the knee
  stays within the pain limits, so the plan goes on. The night after the week-6 flare the
  swollen knee costs an hour of sleep (the Tuesday line), but the week as a whole is rated as
  usual, so the flare is put down to the load and the leg press comes back a step.

The readiness ratings come from their own seeded generator, so the Strong log and the pain
columns are the same as before the readiness columns were added.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "examples" / "logs"
STRONG = OUT / "knee-oa.strong.csv"
PAIN = OUT / "knee-oa.pain.csv"
START = dt.date(2026, 4, 6)
WEEKS = 9
SEED = 20260406
READINESS_SEED = 20260407
READINESS = ["sleep_hours", "sleep_quality", "stress", "fatigue"]
STRESS_WEEK = 3
FLARE_WEEK = 6

# Strong's exercise names for the programme's exercises (as the app lists them or as the
# patient typed a custom exercise).
NAMES = {
    "leg-press": "Leg Press (Machine)",
    "knee-extension": "Leg Extension (Machine)",
    "step-up": "Step-up (Dumbbell)",
    "hip-abduction": "Hip Abduction (Machine)",
    "step-down": "Step Down",
    "sit-to-stand": "Sit to Stand",
    "straight-leg-raise": "Straight Leg Raise",
    "clamshell": "Clamshell",
    "terminal-knee-extension": "Terminal Knee Extension (Band)",
}
# The working load (kg) chosen each week at Clinic A / Clinic B, by RPE, on the machines' steps.
LOADS = {
    "leg-press": [
        (60, 60), (65, 65), (65, 70), (70, 70), (75, 75), (85, 75), (75, 80), (70, 70), (80, 85),
    ],
    "knee-extension": [20, 22.5, 22.5, 25, 25, 27.5, 27.5, 25, 30],
    "step-up": [4, 4, 5, 5, 6, 6, 7, 6, 8],
    "hip-abduction": [25, 25, 30, 30, 30, 35, 35, 30, 35],
}  # fmt: skip
TARGET_RPE = [6, 6, 6, 6, 7, 7, 7, 5.5, 7.5]
HOME_DAYS = (1, 5, 6)  # Tuesday, Saturday, Sunday
MISSED_HOME = {(3, 6), (5, 5), (7, 6)}  # (week, weekday)
DELOAD_WEEK = 8
HEADER = [
    "Date",
    "Workout Name",
    "Exercise Name",
    "Set Order",
    "Weight",
    "Weight Unit",
    "Reps",
    "RPE",
    "Distance",
    "Distance Unit",
    "Seconds",
    "Notes",
    "Workout Notes",
    "Workout Duration",
]


def _sets(
    rng: random.Random,
    when: dt.datetime,
    workout: str,
    key: str,
    n_sets: int,
    reps: int,
    kg: float,
    rpe: float,
    duration: str,
) -> list[list[str]]:
    rows = []
    for number in range(1, n_sets + 1):
        done = reps
        last = number == n_sets
        if last and rpe >= 7 and rng.random() < 0.3:
            done -= 1
        effort = ""
        if last:
            effort = f"{max(4.0, min(9.0, rpe + rng.choice([-0.5, 0, 0, 0.5]))):g}"
        rows.append(
            [
                when.strftime("%Y-%m-%d %H:%M:%S"),
                workout,
                NAMES[key],
                str(number),
                f"{kg:g}",
                "kg",
                str(done),
                effort,
                "0",
                "",
                "0",
                "",
                "",
                duration,
            ]
        )
    return rows


def _readiness(rng: random.Random, week: int, offset: int) -> list[str]:
    """One diary line's readiness: sleep hours, sleep quality, stress and fatigue (0-10)."""
    if week == STRESS_WEEK:
        hours = rng.choice([5.5, 6, 6, 6.5])
        quality, stress, fatigue = (
            rng.choice([5, 5, 6]),
            rng.choice([6, 7, 7, 8]),
            rng.choice([5, 6, 6]),
        )
    else:
        hours = rng.choice([6.5, 7, 7, 7.5, 7.5, 8])
        quality, stress, fatigue = (
            rng.choice([6, 7, 7, 8]),
            rng.choice([2, 2, 3, 3, 4]),
            rng.choice([2, 3, 3, 4]),
        )
    if week == FLARE_WEEK and offset == 1:  # the night after Monday's flare: the knee aches
        hours, quality = hours - 1, quality - 2
    return [f"{hours:g}", str(quality), str(stress), str(fatigue)]


def main() -> None:
    rng = random.Random(SEED)
    ready = random.Random(READINESS_SEED)
    rows: list[list[str]] = []
    pain: list[list[str]] = []
    for week in range(1, WEEKS + 1):
        monday = START + dt.timedelta(days=7 * (week - 1))
        deload = week == DELOAD_WEEK
        rpe = TARGET_RPE[week - 1]
        half = (lambda n: max(1, (n + 1) // 2)) if deload else (lambda n: n)
        for offset in range(7):
            day = monday + dt.timedelta(days=offset)
            clinic = {0: "Clinic A", 3: "Clinic B"}.get(offset)
            missed_clinic = week == 5 and clinic == "Clinic B"
            if clinic and not missed_clinic:
                when = dt.datetime.combine(day, dt.time(10, rng.randrange(0, 15), 0))
                a = clinic == "Clinic A"
                press = LOADS["leg-press"][week - 1][0 if a else 1]
                rows += _sets(rng, when, clinic, "leg-press", half(3), 10, press, rpe, "45m")
                if a:
                    ext = LOADS["knee-extension"][week - 1]
                    step = LOADS["step-up"][week - 1]
                    rows += _sets(rng, when, clinic, "knee-extension", half(3), 10, ext, rpe, "45m")
                    rows += _sets(rng, when, clinic, "step-up", half(2), 10, step, rpe, "45m")
                else:
                    abd = LOADS["hip-abduction"][week - 1]
                    rows += _sets(rng, when, clinic, "hip-abduction", half(3), 12, abd, rpe, "45m")
                    rows += _sets(rng, when, clinic, "step-down", half(2), 8, 0, rpe, "45m")
                flare = week == 6 and a
                during = 3 if flare else rng.choice([1, 2, 2, 3])
                after = 4 if flare else max(0, during + rng.choice([-1, 0, 0, 1]))
                morning = 5 if flare else max(0, after - rng.choice([1, 1, 2]))
                note = "knee swollen in the morning" if flare else ""
                pain.append(
                    [
                        day.isoformat(),
                        "right knee",
                        str(during),
                        str(after),
                        str(morning),
                        "1" if flare else "0",
                        "no",
                        note,
                        *_readiness(ready, week, offset),
                    ]
                )
            home_day = offset in HOME_DAYS and (week, offset) not in MISSED_HOME
            if home_day or missed_clinic:
                when = dt.datetime.combine(day, dt.time(18, rng.randrange(0, 50), 0))
                home_rpe = 3.0 if deload else 5.0
                for key, reps in (
                    ("sit-to-stand", 10),
                    ("straight-leg-raise", 12),
                    ("clamshell", 12),
                    ("terminal-knee-extension", 15),
                ):
                    rows += _sets(rng, when, "Home", key, half(2), reps, 0, home_rpe, "20m")
                during = rng.choice([0, 1, 1, 2])
                pain.append(
                    [
                        day.isoformat(),
                        "right knee",
                        str(during),
                        str(during),
                        str(max(0, during - 1)),
                        "0",
                        "no",
                        "home",
                        *_readiness(ready, week, offset),
                    ]
                )
    OUT.mkdir(parents=True, exist_ok=True)
    with STRONG.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(rows)
    with PAIN.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        pain_columns = ["date", "region", "during", "after", "next_morning", "stiffness"]
        writer.writerow([*pain_columns, "red_flag", "notes", *READINESS])
        writer.writerows(pain)
    print(f"wrote {len(rows)} sets to {STRONG.relative_to(ROOT)}")
    print(f"wrote {len(pain)} pain lines to {PAIN.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

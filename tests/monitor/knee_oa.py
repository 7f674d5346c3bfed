"""A knee osteoarthritis programme (two supervised clinic sessions and three home sessions a week)
and a Strong-style log of it, written row by row so each test states what was done."""

from __future__ import annotations

import csv
from pathlib import Path

KNEE_OA = """\
exdose: 1
name: Knee OA strengthening
start_date: 2026-03-02
delivery:
  format: individual
  supervision: partly supervised
  mode: [face-to-face]
exercises:
  leg-press:
    library: Leg Press
    equipment: leg press machine
  knee-extension:
    library: Leg Extensions
    equipment: leg extension machine
  sit-to-stand:
    name: Sit to stand
    primary: [quadriceps]
    secondary: [glutes]
    equipment: body only
    description: Stand up from a chair without the hands and sit down slowly.
home_programme:
  description: Sit to stand, three times a week at home.
  sessions_per_week: 3
  exercises:
    - exercise: sit-to-stand
      dose: 3x10
phases:
  - name: Strength
    weeks: 1-4
    sessions:
      - name: Clinic A
        day: Monday
        exercises:
          - exercise: leg-press
            dose: 3x10 @75kg
          - exercise: knee-extension
            dose: 3x12 @20kg
      - name: Clinic B
        day: Thursday
        exercises:
          - exercise: leg-press
            dose: 3x10 @75kg
          - exercise: knee-extension
            dose: 3x12 @20kg
"""

FIELDS = ["date", "session", "exercise", "set", "reps", "weight", "unit", "rir"]


def programme(tmp_path: Path, text: str = KNEE_OA, name: str = "knee-oa.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def clinic(date: str, name: str = "Clinic A", press: float = 75, press_sets: int = 3) -> list[dict]:
    """One clinic session as prescribed (leg press 3x10, knee extension 3x12 @20 kg)."""
    rows = [
        {
            "date": date,
            "session": name,
            "exercise": "Leg Press (Machine)",
            "set": s,
            "reps": 10,
            "weight": press,
            "unit": "kg",
        }
        for s in range(1, press_sets + 1)
    ]
    rows += [
        {
            "date": date,
            "session": name,
            "exercise": "Leg Extension (Machine)",
            "set": s,
            "reps": 12,
            "weight": 20,
            "unit": "kg",
        }
        for s in range(1, 4)
    ]
    return rows


def home(date: str, name: str = "Home", extra: list[dict] | None = None) -> list[dict]:
    """One home session: sit to stand 3x10 (body weight)."""
    rows = [
        {
            "date": date,
            "session": name,
            "exercise": "Sit to stand",
            "set": s,
            "reps": 10,
            "weight": "",
            "unit": "kg",
        }
        for s in range(1, 4)
    ]
    return rows + (extra or [])


def write(path: Path, rows: list[dict]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=FIELDS, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path

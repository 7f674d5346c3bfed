"""Benchmark: checking a programme from the shell, and expanding and dosing a year-long programme.

Usage: .venv/bin/python bench/bench_program.py [RUNS]

Prints
  (a) wall time of `exdose check examples/hip-thrust.yaml`, interpreter start included
      (median of RUNS subprocess runs, default 10; target < 0.3 s);
  (b) load + expand + planned dose of a generated 52-week programme with 6 sessions a week and
      8 exercises a session (median of RUNS in-process runs after one warm-up; target < 0.5 s),
      each step timed on its own, and `exdose dose FILE --json` from the shell for comparison.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
EXDOSE = Path(sys.executable).parent / "exdose"
EXAMPLE = ROOT / "examples" / "hip-thrust.yaml"

EXERCISES = [
    "Barbell_Squat",
    "Barbell_Bench_Press_-_Medium_Grip",
    "Barbell_Deadlift",
    "Barbell_Hip_Thrust",
    "Romanian_Deadlift",
    "Seated_Cable_Rows",
    "Goblet_Squat",
    "Plank",
]


def prescription(index: int, session: int) -> dict[str, Any]:
    """One of the five rule types, in turn, so every rule's code runs."""
    exercise = EXERCISES[index]
    kind = (index + session) % 5
    if exercise == "Plank":
        return {
            "exercise": exercise,
            "dose": "3x30s hold @RPE6",
            "progression": {"type": "linear", "increment": "5s", "max": "90s"},
        }
    if kind == 0:
        return {
            "exercise": exercise,
            "dose": "3x8-12 @RIR2 rest 2min",
            "progression": {"type": "double", "start": "60kg", "increment": "2.5kg"},
        }
    if kind == 1:
        return {
            "exercise": exercise,
            "dose": "5x5 @70%1RM rest 3min",
            "progression": {
                "type": "percent_wave",
                "one_rm": "150kg",
                "pattern": ["5x5 @70%1RM", "4x4 @75%1RM", "3x3 @80%1RM"],
                "step": 2.5,
                "round_to": "2.5kg",
            },
        }
    if kind == 2:
        return {
            "exercise": exercise,
            "dose": "3x6 @RPE7",
            "progression": {"type": "rpe", "rpe": [7, 7.5, 8, 8.5, 9]},
        }
    if kind == 3:
        return {
            "exercise": exercise,
            "dose": "3x10 @40kg @RIR3",
            "progression": {"type": "linear", "increment": "2.5kg", "max": "120kg"},
        }
    return {"exercise": exercise, "dose": "3x12 @RIR2 rest 90s"}


def year_programme() -> dict[str, Any]:
    """52 weeks in four 13-week phases, 6 sessions a week, 8 exercises a session, 4 deloads."""
    days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    phases = []
    for p in range(4):
        sessions = [
            {
                "name": f"Day {s + 1}",
                "day": days[s],
                "minutes": 75,
                "exercises": [prescription(i, s + p) for i in range(len(EXERCISES))],
            }
            for s in range(6)
        ]
        phases.append({"name": f"Block {p + 1}", "weeks": f"{13 * p + 1}-{13 * p + 13}",
                       "sessions": sessions})  # fmt: skip
    return {
        "exdose": 1,
        "name": "Benchmark: a year of six sessions a week",
        "start_date": "2026-01-05",
        "phases": phases,
        "deload": {"weeks": [13, 26, 39, 52]},
    }


def median_seconds(action: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median wall seconds and median CPU seconds (this process and its children) of an action.

    CPU time is shown beside wall time because on a shared, loaded machine the wall time mostly
    measures the queue for a core.
    """
    walls, cpus = [], []
    for _ in range(runs):
        before = _cpu()
        start = time.perf_counter()
        action()
        walls.append(time.perf_counter() - start)
        cpus.append(_cpu() - before)
    return statistics.median(walls), statistics.median(cpus)


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def shell(*args: str) -> Callable[[], object]:
    def run() -> object:
        return subprocess.run(
            [str(EXDOSE), *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False
        )

    return run


def python_c(code: str) -> Callable[[], object]:
    def run() -> object:
        return subprocess.run([sys.executable, "-c", code], check=True)

    return run


def figure(times: tuple[float, float]) -> str:
    return f"{times[0]:.3f} s wall ({times[1]:.3f} s CPU)"


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")

    shell("check", str(EXAMPLE))()  # warm the file cache, not counted
    check = median_seconds(shell("check", str(EXAMPLE)), runs)
    print(f"(a) exdose check examples/hip-thrust.yaml, median of {runs} runs: "
          f"{figure(check)} (target < 0.3 s)")  # fmt: skip
    # What the same start costs without exdose's own work: the floor set by the libraries the
    # issue prescribes (pydantic v2 for the model, typer for the command line).
    floors = {
        "python -c pass": "pass",
        "import pydantic.BaseModel": "from pydantic import BaseModel",
        "import typer": "import typer",
        "import the programme model": "import exdose.program.model",
        "exdose.check() without the CLI": (
            f"import exdose; exdose.check(exdose.load_program({str(EXAMPLE)!r}))"
        ),
    }
    for label, code in floors.items():
        floor = median_seconds(python_c(code), runs)
        print(f"    floor: {label}: {figure(floor)}")

    from exdose.program.expand import expand
    from exdose.program.io import load_program

    try:
        from exdose.dose.planned import planned_dose
    except ImportError:  # the dose layer may not exist yet
        planned_dose = None

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "year.yaml"
        path.write_text(yaml.safe_dump(year_programme(), sort_keys=False), encoding="utf-8")

        state: dict[str, Any] = {}

        def load() -> None:
            state["loaded"] = load_program(path)

        def expand_it() -> None:
            state["table"] = expand(state["loaded"])

        def dose_it() -> None:
            if planned_dose is not None:
                deloads = frozenset(state["loaded"].program.deload.weeks)
                state["weeks"] = planned_dose(
                    state["table"], state["loaded"].library, deload_weeks=deloads
                )

        def everything() -> None:
            load()
            expand_it()
            dose_it()

        everything()  # warm-up: imports and caches
        total = median_seconds(everything, runs)
        rows = state["table"].height
        print(f"(b) 52 weeks x 6 sessions x 8 exercises = {rows:,} planned sets; "
              f"median of {runs} in-process runs (target < 0.5 s)")  # fmt: skip
        print(f"    load {figure(median_seconds(load, runs))}")
        print(f"    expand {figure(median_seconds(expand_it, runs))}")
        if planned_dose is not None:
            dose = median_seconds(dose_it, runs)
            print(f"    planned_dose {figure(dose)} ({len(state['weeks'])} weeks)")
        else:
            print("    exdose.dose.planned.planned_dose not available")
        print(f"    load + expand + dose together: {figure(total)}")

        shell_runs = max(3, runs // 2)
        dose_shell = median_seconds(shell("dose", str(path), "--json"), shell_runs)
        print(f"    exdose dose FILE --json from the shell, interpreter start included, median "
              f"of {shell_runs}: {figure(dose_shell)}")  # fmt: skip


if __name__ == "__main__":
    main()

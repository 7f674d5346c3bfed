"""Benchmark: reading a 100,000-row Strong CSV (semicolon, unit column) into the sets table.

Usage: .venv/bin/python bench/bench_read.py [ROWS] [REPEATS]
Writes the synthetic export to a temporary folder, then times read_log REPEATS times (3): the
first read is cold (it also loads the exercise library, as a one-off command does). Prints each
time, the best and median, and the load average. Target (issue 4): under 2 s, cold.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

from exdose.sets import read_log

TARGET_SECONDS = 2.0
NAMES = [
    "Hip Thrust (Barbell)",
    "Squat (Barbell)",
    "Romanian Deadlift (Barbell)",
    "Bench Press (Barbell)",
    "Lying Leg Curl (Machine)",
    "Hip Abduction (Machine)",
    "Walking Lunge (Dumbbell)",
]
HEADER = (
    "Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;"
    "Distance Unit;Seconds;Notes;Workout Notes"
)


def write_strong(path: Path, rows: int) -> None:
    """A Strong export of `rows` sets: 20 sets a workout, one workout every other day."""
    rng = random.Random(3)
    start = dt.datetime(2015, 1, 1, 18, 0, 0)
    lines = [HEADER]
    for i in range(rows):
        when = start + dt.timedelta(days=2 * (i // 20))
        order = "W" if i % 20 == 0 else str(i % 20)
        weight = (
            f"{rng.uniform(20, 150):.1f}".replace(".", ",")
            if i % 7 == 0
            else f"{rng.randint(20, 150)}"
        )
        lines.append(
            f'"{when:%Y-%m-%d %H:%M:%S}";"Lower";"{NAMES[(i // 4) % len(NAMES)]}";"{order}";'
            f'"{weight}";"kg";"{rng.randint(3, 12)}";"8";"0";"";"0";"";""'
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    print(f"target: read_log under {TARGET_SECONDS:g} s for 100,000 rows")
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    seconds: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "strong.csv"
        write_strong(path, rows)
        size = path.stat().st_size
        for run in range(1, repeats + 1):
            t0 = time.perf_counter()
            read = read_log(path)
            seconds.append(time.perf_counter() - t0)
            # The first read also loads the exercise library, as a one-off command does.
            note = " (cold: loads the exercise library)" if run == 1 else ""
            print(f"run {run}: read_log {seconds[-1]:.2f} s{note}")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 * 1.048576
    print(f"read {read.sets.height:,} sets ({len(read.skipped)} skipped) from {size / 1e6:.1f} MB")
    best, median = min(seconds), statistics.median(seconds)
    verdict = "meets" if seconds[0] < TARGET_SECONDS else "MISSES"
    print(
        f"read_log: cold {seconds[0]:.2f} s, best {best:.2f} s, median {median:.2f} s of "
        f"{repeats}; peak RSS {peak_mb:,.0f} MB; unmatched {read.unmatched} -> {verdict} the "
        f"target (< {TARGET_SECONDS:g} s, cold)"
    )


if __name__ == "__main__":
    main()

"""Benchmark: reading a 100,000-row Strong CSV (semicolon, unit column) into the sets table.

Usage: .venv/bin/python bench/bench_read.py [ROWS]
Writes the synthetic export to a temporary folder, then times read_log. Target: under 2 s.
"""

from __future__ import annotations

import datetime as dt
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

from exdose.sets import read_log

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
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "strong.csv"
        write_strong(path, rows)
        size = path.stat().st_size
        t0 = time.perf_counter()
        read = read_log(path)
        seconds = time.perf_counter() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"read {read.sets.height:,} sets ({len(read.skipped)} skipped) from {size / 1e6:.1f} MB")
    print(f"read_log {seconds:.2f} s; peak RSS {peak_mb:,.0f} MB; unmatched {read.unmatched}")


if __name__ == "__main__":
    main()

"""Benchmark: weekly per-muscle dose and daily ACWR for 10 million sets across 10,000 athletes.

Usage: .venv/bin/python bench/bench_load.py [ROWS] [ATHLETES] [REPEATS]
Prints the seconds of the metric computation (generation excluded) for each of REPEATS runs (3),
their best and median, the peak RSS of the whole process (table included) and the load average,
since other work on a shared machine slows every figure.
Target (issue 4): under 10 s and under 4 GB on a 2-core machine.
"""

from __future__ import annotations

import os
import resource
import statistics
import sys
import time

import numpy as np
import polars as pl

from exdose.dose import acwr_all, daily_load, weekly_sets_per_muscle
from exdose.exercises import default_library

TARGET_SECONDS = 10.0
TARGET_MB = 4000.0
EXERCISES = [
    "Barbell_Hip_Thrust",
    "Barbell_Squat",
    "Romanian_Deadlift",
    "Leg_Press",
    "Lying_Leg_Curls",
    "Barbell_Bench_Press_-_Medium_Grip",
    "Pullups",
    "Standing_Military_Press",
    "Bent_Over_Barbell_Row",
    "Thigh_Abductor",
    "Plank",
    "Barbell_Deadlift",
]


def synthetic_sets(rows: int, athletes: int, seed: int = 1) -> pl.DataFrame:
    """A performed sets table: each athlete ~20 sets a session, 3 sessions a week."""
    rng = np.random.default_rng(seed)
    per = rows // athletes
    athlete = np.repeat(np.arange(athletes, dtype=np.int32), per)
    within = np.tile(np.arange(per, dtype=np.int32), athletes)
    session = within // 20
    offset = rng.integers(0, 60, athletes).astype(np.int32)[athlete]
    day = session // 3 * 7 + (session % 3) * 2 + offset
    # Strings are built by polars from small lists (a numpy array of 10 million strings alone
    # would take more than a gigabyte and most of the generation time).
    exercise = pl.Series("exercise", EXERCISES).gather(
        rng.integers(0, len(EXERCISES), len(athlete))
    )
    return pl.DataFrame(
        {
            "athlete": pl.Series(athlete).cast(pl.Utf8),
            # Days since 1970-01-01: 20089 is 2025-01-01.
            "date": pl.Series(day + 20089, dtype=pl.Int32).cast(pl.Date),
            "session": pl.Series(session % 3).cast(pl.Utf8),
            "exercise": exercise,
            "set_kind": pl.select(
                pl.when(pl.Series(within % 20 == 0))
                .then(pl.lit("warmup"))
                .otherwise(pl.lit("working"))
            ).to_series(),
            "reps": pl.Series(rng.integers(3, 13, len(athlete)), dtype=pl.Int32),
            "load_kg": pl.Series(rng.uniform(20, 150, len(athlete)).round(1)),
        }
    ).with_columns(
        pl.lit(None, dtype=pl.Float64).alias("session_rpe"),
        pl.lit(None, dtype=pl.Float64).alias("session_minutes"),
    )


def rss_mb() -> float:
    """The resident set size now (Linux), in MB."""
    with open("/proc/self/statm", encoding="ascii") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def peak_mb() -> float:
    """The peak resident set size of this process so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 * 1.048576


def load_average() -> str:
    """The 1, 5 and 15 minute load averages: other work on the machine slows every figure."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000
    athletes = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
    repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    print(f"targets: metrics under {TARGET_SECONDS:g} s, peak RSS under {TARGET_MB:,.0f} MB")
    print(f"cores {os.cpu_count()}, polars threads {pl.thread_pool_size()}")
    print(f"load average at start: {load_average()}")
    t0 = time.perf_counter()
    sets = synthetic_sets(rows, athletes)
    library = default_library()
    generated = time.perf_counter() - t0
    print(f"rows {sets.height:,} athletes {athletes:,} (generated in {generated:.1f} s)")
    print(f"RSS with the table loaded: {rss_mb():,.0f} MB")
    totals: list[float] = []
    for run in range(1, repeats + 1):
        t1 = time.perf_counter()
        weekly = weekly_sets_per_muscle(sets, library)
        t2 = time.perf_counter()
        daily = acwr_all(daily_load(sets).frame)
        t3 = time.perf_counter()
        totals.append(t3 - t1)
        print(
            f"run {run}: weekly sets per muscle {weekly.height:,} rows in {t2 - t1:.2f} s; "
            f"daily load + 3 ACWRs {daily.height:,} days in {t3 - t2:.2f} s; "
            f"total {t3 - t1:.2f} s (load average {load_average()})"
        )
        del weekly, daily
    best, median = min(totals), statistics.median(totals)
    peak = peak_mb()
    verdict = "meets" if median < TARGET_SECONDS and peak < TARGET_MB else "MISSES"
    print(
        f"metrics total: best {best:.2f} s, median {median:.2f} s of {repeats}; "
        f"peak RSS {peak:,.0f} MB -> {verdict} the targets "
        f"(< {TARGET_SECONDS:g} s, < {TARGET_MB:,.0f} MB)"
    )


if __name__ == "__main__":
    main()

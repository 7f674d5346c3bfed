"""Benchmark: weekly per-muscle dose and daily ACWR for 10 million sets across 10,000 athletes.

Usage: .venv/bin/python bench/bench_load.py [ROWS] [ATHLETES]
Prints the seconds of the metric computation (generation excluded) and the peak RSS of the run.
Target: under 10 s and under 4 GB on a 2-core machine.
"""

from __future__ import annotations

import resource
import sys
import time

import numpy as np
import polars as pl

from exdose.dose import acwr_all, daily_load, weekly_sets_per_muscle
from exdose.exercises import default_library

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
    kinds = np.where(within % 20 == 0, "warmup", "working")
    return pl.DataFrame(
        {
            "athlete": pl.Series(athlete).cast(pl.Utf8),
            # Days since 1970-01-01: 20089 is 2025-01-01.
            "date": pl.Series(day + 20089, dtype=pl.Int32).cast(pl.Date),
            "session": pl.Series(session % 3).cast(pl.Utf8),
            "exercise": pl.Series(
                np.array(EXERCISES)[rng.integers(0, len(EXERCISES), len(athlete))]
            ),
            "set_kind": pl.Series(kinds),
            "reps": pl.Series(rng.integers(3, 13, len(athlete)), dtype=pl.Int32),
            "load_kg": pl.Series(rng.uniform(20, 150, len(athlete)).round(1)),
        }
    ).with_columns(
        pl.lit(None, dtype=pl.Float64).alias("session_rpe"),
        pl.lit(None, dtype=pl.Float64).alias("session_minutes"),
    )


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000
    athletes = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
    t0 = time.perf_counter()
    sets = synthetic_sets(rows, athletes)
    t1 = time.perf_counter()
    library = default_library()
    weekly = weekly_sets_per_muscle(sets, library)
    t2 = time.perf_counter()
    daily = acwr_all(daily_load(sets).frame)
    t3 = time.perf_counter()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"rows {sets.height:,} athletes {athletes:,} (generated in {t1 - t0:.1f} s)")
    print(f"weekly sets per muscle: {weekly.height:,} rows in {t2 - t1:.2f} s")
    print(f"daily load + 3 ACWRs:   {daily.height:,} days in {t3 - t2:.2f} s")
    print(f"metrics total {t3 - t1:.2f} s; peak RSS {peak_mb:,.0f} MB")


if __name__ == "__main__":
    main()

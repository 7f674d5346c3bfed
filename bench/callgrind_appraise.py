"""CPU instructions per report of the appraiser, counted by valgrind's callgrind.

Wall and CPU times on the shared 2-core machine vary by 30% or more from minute to minute, which
hides changes of that size. Instruction counts do not vary: this script rates the six bundled dev
reports under callgrind once with no timed passes and once with PASSES passes, and prints the
difference per report (start-up, imports and compiling the cues cancel out). Compare figures
before and after a change; they are not a speed in themselves.

Usage: .venv/bin/python bench/callgrind_appraise.py [PASSES]   (default 2; needs valgrind, about
2 minutes). Not part of `make bench` (run_all.py runs bench_*.py only).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

DEV = Path(__file__).resolve().parents[1] / "examples" / "reports" / "documents"


def _inner(passes: int) -> None:
    from exdose.appraise.batch import appraise_file
    from exdose.appraise.cues import load_cues

    load_cues()
    files = sorted(DEV.glob("*.txt"))
    for path in files:  # the first pass fills the caches a long review would have filled
        appraise_file(path)
    for _ in range(passes):
        for path in files:
            appraise_file(path)


def _instructions(passes: int) -> int:
    env = dict(os.environ, PYTHONHASHSEED="0")  # set and dict order fixed: a repeatable count
    run = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            sys.executable,
            __file__,
            "--inner",
            str(passes),
        ],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    found = re.search(r"Collected : (\d+)", run.stderr)
    if found is None:
        raise SystemExit("callgrind printed no instruction count:\n" + run.stderr[-2000:])
    return int(found.group(1))


def main() -> int:
    """Print million instructions per report."""
    if len(sys.argv) > 2 and sys.argv[1] == "--inner":
        _inner(int(sys.argv[2]))
        return 0
    if shutil.which("valgrind") is None:
        print("valgrind is not installed (apt-get install valgrind)", file=sys.stderr)
        return 2
    passes = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    reports = passes * len(list(DEV.glob("*.txt")))
    base, total = _instructions(0), _instructions(passes)
    print(f"{(total - base) / reports / 1e6:.0f} million instructions per report")
    return 0


if __name__ == "__main__":
    sys.exit(main())

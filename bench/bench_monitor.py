"""Wall time of `exdose fidelity` and `exdose adjust` on the 12-week example log, split into
start-up (imports) and work, each the best of several fresh processes (the machine is shared, so
the minimum is the figure least disturbed by other load).

Usage: .venv/bin/python bench/bench_monitor.py [runs]
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROGRAM = ROOT / "examples" / "hip-thrust.yaml"
LOGS = ROOT / "examples" / "logs"

# One fresh interpreter per run: imports, then one call, then a second (warm) call.
CHILD = """
import json, sys, time
t0 = time.perf_counter()
from exdose.cli.monitor import {function}
t1 = time.perf_counter()
kwargs = json.loads(sys.argv[1])
{function}(**kwargs)
t2 = time.perf_counter()
{function}(**kwargs)
t3 = time.perf_counter()
print(json.dumps({{"import": t1 - t0, "first": t2 - t1, "warm": t3 - t2}}))
"""


def _child(function: str, kwargs: dict[str, object]) -> dict[str, float]:
    code = CHILD.format(function=function)
    out = subprocess.run(
        [sys.executable, "-c", code, json.dumps(kwargs)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    figures: dict[str, float] = json.loads(out.stdout)
    return figures


def _cli(args: list[str]) -> float:
    import time

    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "exdose", *args], cwd=ROOT, capture_output=True, check=True
    )
    return time.perf_counter() - start


def main() -> None:
    """Print the best-of-N figures for both commands."""
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    log = str(LOGS / "strong.csv")
    mapping = str(LOGS / "mapping.yaml")
    pain = str(LOGS / "pain_diary.csv")
    cases = {
        "fidelity": (
            "fidelity_files",
            {"program": str(PROGRAM), "logs": [log], "mapping": mapping},
            ["fidelity", str(PROGRAM), log, "--mapping", mapping],
        ),
        "adjust": (
            "adjust_files",
            {"program": str(PROGRAM), "logs": [log], "mapping": mapping, "pain": [pain]},
            ["adjust", str(PROGRAM), log, "--mapping", mapping, "--pain", pain],
        ),
    }
    print(f"12-week log ({log}), best of {runs} fresh processes")
    for name, (function, kwargs, cli) in cases.items():
        figures = [_child(function, kwargs) for _ in range(runs)]
        best = {k: min(f[k] for f in figures) for k in ("import", "first", "warm")}
        wall = min(_cli(cli) for _ in range(runs))
        print(
            f"  {name:9s} command {wall:5.2f} s | import {best['import']:.2f} s, "
            f"first call {best['first']:.3f} s, warm call {best['warm']:.3f} s"
        )


if __name__ == "__main__":
    main()

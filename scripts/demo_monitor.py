"""`make demo`, monitoring part: load, fidelity and adjust on the example logs, into out/.

The example logs (examples/logs/) start on another date than examples/hip-thrust.yaml's
start_date, so fidelity and adjust count programme weeks from the log's first Monday
(`--start first-log`).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from demo import OUT, run  # noqa: E402

PROGRAM = "examples/hip-thrust.yaml"
LOGS = ROOT / "examples" / "logs"
PAIN = "examples/logs/pain_diary.csv"
MAPPING = "examples/logs/mapping.yaml"


def main() -> None:
    """Run the three monitoring commands on every example log."""
    OUT.mkdir(exist_ok=True)
    for path in sorted(LOGS.glob("*.csv")):
        if path.name == Path(PAIN).name:
            continue
        name = path.stem
        log = path.relative_to(ROOT)
        common = ["--mapping", MAPPING]
        run(
            ["load", log, "--program", PROGRAM, "--pain", PAIN, *common, "--unit", "kg",
             "--json", "--plot", f"out/monitor-{name}.load.png"],
            stdout=OUT / f"monitor-{name}.load.json",
        )  # fmt: skip
        run(
            ["fidelity", PROGRAM, log, *common, "--unit", "kg", "--start", "first-log", "--json"],
            stdout=OUT / f"monitor-{name}.fidelity.json",
        )
        run(
            ["adjust", PROGRAM, log, "--pain", PAIN, *common, "--unit", "kg",
             "--start", "first-log", "--json", "-o", f"out/monitor-{name}.next.yaml"],
            stdout=OUT / f"monitor-{name}.adjust.json",
        )  # fmt: skip
        run(
            ["check", f"out/monitor-{name}.next.yaml"],
            stdout=OUT / f"monitor-{name}.next.check.txt",
        )
    run(["fidelity", PROGRAM, "examples/logs/strong.csv", "--mapping", MAPPING,
         "--start", "first-log"], stdout=OUT / "monitor-fidelity.txt")  # fmt: skip


if __name__ == "__main__":
    main()

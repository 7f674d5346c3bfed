"""`make demo`, monitoring part: the hip-thrust story told by load, fidelity and adjust, into out/.

examples/logs/ records examples/hip-thrust.yaml as the lifter did it (from 2026-01-05): hip-thrust
sets went from 6 to 10 to 14 a week in weeks 4-5, low back pain rose to 6/10 and had not settled
by the next morning, the sets came back to the prescription and the pain settled. The demo

1. reads every format with `exdose load` (weekly dose, daily load, the coach's plot),
2. compares planned and performed with `exdose fidelity` (CERT 16b / TIDieR 12),
3. replays the decision at the pain episode (`exdose adjust --week 5`: reduce, one change) and
   writes out/next-week6.yaml,
4. judges the end of the programme with that adjusted programme (`exdose adjust`: progress) and
   writes out/next-week13.yaml; `exdose check` scores both next programmes.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from demo import OUT, run  # noqa: E402

PROGRAM = "examples/hip-thrust.yaml"
LOGS = ("strong", "hevy", "fitnotes", "exdose")
PAIN = "examples/logs/pain_diary.csv"
MAPPING = ["--mapping", "examples/logs/mapping.yaml"]
PAIN_WEEK = 5  # the week the low back pain peaked (see examples/logs/generate.py)


def main() -> None:
    """Run the monitoring commands on the example logs."""
    OUT.mkdir(exist_ok=True)
    for name in LOGS:
        log = f"examples/logs/{name}.csv"
        run(
            ["load", log, "--program", PROGRAM, "--pain", PAIN, *MAPPING, "--json",
             "--plot", f"out/monitor-{name}.load.png"],
            stdout=OUT / f"monitor-{name}.load.json",
        )  # fmt: skip
        run(
            ["fidelity", PROGRAM, log, *MAPPING, "--json"],
            stdout=OUT / f"monitor-{name}.fidelity.json",
        )
    strong = "examples/logs/strong.csv"
    run(["load", strong, "--program", PROGRAM, "--pain", PAIN, *MAPPING],
        stdout=OUT / "monitor-load.txt")  # fmt: skip
    run(["fidelity", PROGRAM, strong, *MAPPING], stdout=OUT / "monitor-fidelity.txt")
    # At the pain episode: what should change for week 6?
    after_pain = f"out/next-week{PAIN_WEEK + 1}.yaml"
    run(
        ["adjust", PROGRAM, strong, "--pain", PAIN, *MAPPING, "--week", str(PAIN_WEEK),
         "-o", after_pain],
        stdout=OUT / f"monitor-adjust-week{PAIN_WEEK}.txt",
    )  # fmt: skip
    run(
        ["adjust", PROGRAM, strong, "--pain", PAIN, *MAPPING, "--week", str(PAIN_WEEK),
         "--json"],
        stdout=OUT / f"monitor-adjust-week{PAIN_WEEK}.json",
    )  # fmt: skip
    # The exdose CSV carries its own pain ratings: the same decision without the diary.
    run(
        ["adjust", PROGRAM, "examples/logs/exdose.csv", *MAPPING, "--week", str(PAIN_WEEK),
         "--json"],
        stdout=OUT / f"monitor-adjust-week{PAIN_WEEK}.exdose.json",
    )  # fmt: skip
    # At the end, with the programme as adjusted at week 5.
    run(
        ["adjust", after_pain, strong, "--pain", PAIN, *MAPPING, "-o", "out/next-week13.yaml"],
        stdout=OUT / "monitor-adjust-end.txt",
    )
    run(
        ["adjust", after_pain, strong, "--pain", PAIN, *MAPPING, "--json"],
        stdout=OUT / "monitor-adjust-end.json",
    )
    for path in (after_pain, "out/next-week13.yaml"):
        run(["check", path], stdout=OUT / f"{Path(path).stem}.check.txt")


if __name__ == "__main__":
    main()

"""Summarise a fuzz session (the logs fuzz_session.sh writes) as the Markdown table of
docs/reliability.md: executions, speed, corpus, crashes, hangs, out-of-memory inputs, peak RSS.

    python tests/fuzz/summarise.py out/fuzz
"""

from __future__ import annotations

import re
import sys
from pathlib import Path


def _stat(text: str, name: str) -> str:
    found = re.findall(rf"stat::{name}:\s*(\d+)", text)
    return found[-1] if found else ""


def summarise(out: Path) -> str:
    rows = [
        "| target | seconds | executions | exec/s | corpus | crashes | hangs (> 5 s) | "
        "inputs over 1 GiB | peak RSS MiB |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for log in sorted(out.glob("*.log")):
        if log.name == "session.log":
            continue
        target = log.stem
        text = log.read_text(errors="replace")
        execs = _stat(text, "number_of_executed_units")
        if not execs:  # stopped early (a finding, or still running): the last status line
            status = re.findall(r"^#(\d+)\s", text, re.M)
            execs = f"{status[-1]} (stopped)" if status else "0"
        seconds = re.findall(r"Done \d+ runs in (\d+) second", text)
        artifacts = out / target / "artifacts"
        names = [p.name for p in artifacts.iterdir()] if artifacts.is_dir() else []
        crashes = sum(n.startswith("crash-") for n in names)
        hangs = sum(n.startswith("timeout-") for n in names)
        ooms = sum(n.startswith("oom-") for n in names)
        corpus = out / target / "corpus"
        size = len(list(corpus.iterdir())) if corpus.is_dir() else 0
        rss = _stat(text, "peak_rss_mb")
        if not rss:
            kb = re.findall(r"Maximum resident set size \(kbytes\): (\d+)", text)
            rss = str(int(kb[-1]) // 1024) if kb else ""
        rows.append(
            f"| {target} | {seconds[-1] if seconds else ''} | {execs} | "
            f"{_stat(text, 'average_exec_per_sec')} | {size} | {crashes} | {hangs} | {ooms} | "
            f"{rss} |"
        )
    return "\n".join(rows)


if __name__ == "__main__":
    print(summarise(Path(sys.argv[1] if len(sys.argv) > 1 else "out/fuzz")))

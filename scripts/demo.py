"""`make demo`: run exdose's main jobs on the bundled examples and write everything to out/.

Each step is a real `exdose` command run as a user would run it; the script stops at the first
command that fails unexpectedly and says which.
"""

from __future__ import annotations

import shlex
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "out"
EXDOSE = [sys.executable, "-m", "exdose"]


def run(args: list[str], expect: tuple[int, ...] = (0,), stdout: Path | None = None) -> None:
    """Run one exdose command, echo it, and stop the demo if its exit code is unexpected."""
    shown = "exdose " + " ".join(shlex.quote(str(a)) for a in args)
    if stdout is not None:
        shown += f" > {stdout.relative_to(ROOT)}"
    print(f"$ {shown}", flush=True)
    start = time.perf_counter()
    result = subprocess.run(
        [*EXDOSE, *map(str, args)], cwd=ROOT, capture_output=stdout is not None, text=True
    )
    if stdout is not None:
        stdout.write_text(result.stdout, encoding="utf-8")
        if result.stderr.strip():
            print(result.stderr.rstrip(), file=sys.stderr)
    if result.returncode not in expect:
        print(f"demo: '{shown}' exited {result.returncode}", file=sys.stderr)
        sys.exit(1)
    print(f"  ({time.perf_counter() - start:.2f} s)", flush=True)


def main() -> None:
    OUT.mkdir(exist_ok=True)
    programmes = sorted((ROOT / "examples").glob("*.yaml"))
    for path in programmes:
        name = path.stem
        rel = path.relative_to(ROOT)
        run(["check", rel])
        run(["check", rel, "--json"], stdout=OUT / f"{name}.check.json")
        run(["expand", rel, "--format", "csv", "-o", f"out/{name}.planned.csv"])
        run(["dose", rel, "--json", "--plot", f"out/{name}.dose.png"],
            stdout=OUT / f"{name}.dose.json")  # fmt: skip
        for suffix in ("md", "html", "pdf", "docx"):
            run(["render", rel, "--audience", "methods", "-o", f"out/{name}.methods.{suffix}"])
        for suffix in ("html", "pdf"):
            run(["render", rel, "--audience", "handout", "-o", f"out/{name}.handout.{suffix}"])
    # The knee-OA example with its nine weeks of Strong log and pain diary (issue 9).
    knee, log = "examples/knee-oa.yaml", "examples/logs/knee-oa.strong.csv"
    pain = "examples/logs/knee-oa.pain.csv"
    run(["fidelity", knee, log, "--through", "9"], stdout=OUT / "knee-oa.fidelity.txt")
    run(["fidelity", knee, log, "--through", "9", "--json"], stdout=OUT / "knee-oa.fidelity.json")
    # With the diary: its readiness columns give the weekly sleep, stress and fatigue table.
    run(["load", log, "--program", knee, "--pain", pain], stdout=OUT / "knee-oa.load.txt")
    run(["load", log, "--program", knee, "--pain", pain, "--json"],
        stdout=OUT / "knee-oa.load.json")  # fmt: skip
    run(["adjust", knee, log, "--pain", pain, "-o", "out/knee-oa.next.yaml"],
        stdout=OUT / "knee-oa.adjust.txt")  # fmt: skip
    monitor = ROOT / "scripts" / "demo_monitor.py"
    if monitor.exists():
        subprocess.run([sys.executable, str(monitor)], cwd=ROOT, check=True)
    appraisal = ROOT / "scripts" / "demo_appraise.py"
    if appraisal.exists():
        subprocess.run([sys.executable, str(appraisal)], cwd=ROOT, check=True)
    written = sorted(p.name for p in OUT.iterdir() if p.is_file())
    print(f"\nDemo done: {len(written)} files in out/")
    for name in written:
        print(f"  out/{name}")


if __name__ == "__main__":
    main()

"""Golden outputs: the CLI's machine-readable outputs on every bundled example, kept byte for byte.

    python bench/golden.py            # compare against tests/golden/ (exit 1 on any difference)
    python bench/golden.py --update   # rewrite tests/golden/ from the current code

Each case is one `exdose` command run as a user would run it, from the repository root (so the
paths inside the outputs are the relative ones a user sees). Its stdout and every file it writes
are compared with the committed copies, and so is its exit code. A branch that changes an output
on purpose regenerates the goldens with `--update` and commits them with the change, so the diff
of tests/golden/ shows exactly what changed. tests/test_golden.py runs the comparison in
`make test`.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"
EXIT_CODES = GOLDEN / "exit_codes.json"

HIP = "examples/hip-thrust.yaml"
LOGS = ("strong", "hevy", "fitnotes", "exdose")
PAIN = ["--pain", "examples/logs/pain_diary.csv"]
MAPPING = ["--mapping", "examples/logs/mapping.yaml"]
REPORTS = "examples/reports/documents"
TMP = "{tmp}"  # replaced by a scratch folder; files written there are compared too


@dataclass(frozen=True)
class Case:
    """One command: its golden stdout file, its arguments, and the files it writes into {tmp}."""

    name: str  # golden stdout is tests/golden/<name>
    args: list[str]
    writes: tuple[str, ...] = field(default=())  # file names inside {tmp}, compared as goldens


def cases() -> list[Case]:
    """Every golden case, in the order they run (later cases may read files earlier ones wrote)."""
    out: list[Case] = []
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        rel = path.relative_to(ROOT).as_posix()
        stem = path.stem
        out.append(Case(f"check/{stem}.json", ["check", rel, "--json"]))
        out.append(Case(f"expand/{stem}.json", ["expand", rel, "-f", "json"]))
        out.append(Case(f"dose/{stem}.json", ["dose", rel, "--json"]))
    for log in LOGS:
        csv = f"examples/logs/{log}.csv"
        out.append(
            Case(f"load/{log}.json", ["load", csv, "--program", HIP, *PAIN, *MAPPING, "--json"])
        )
        out.append(Case(f"load/{log}.no-program.json", ["load", csv, "--json"]))
        out.append(Case(f"fidelity/{log}.json", ["fidelity", HIP, csv, *MAPPING, "--json"]))
    strong = "examples/logs/strong.csv"
    # The demo's story: at the pain episode (week 5), then at the end with the adjusted programme.
    out.append(
        Case(
            "adjust/week5.json",
            ["adjust", HIP, strong, *PAIN, *MAPPING, "--week", "5", "--json",
             "-o", f"{TMP}/next-week6.yaml"],
            writes=("next-week6.yaml",),
        )
    )  # fmt: skip
    out.append(
        Case(
            "adjust/week5.exdose.json",
            ["adjust", HIP, "examples/logs/exdose.csv", *MAPPING, "--week", "5", "--json"],
        )
    )
    out.append(
        Case(
            "adjust/end.json",
            ["adjust", f"{TMP}/next-week6.yaml", strong, *PAIN, *MAPPING, "--json",
             "-o", f"{TMP}/next-week13.yaml"],
            writes=("next-week13.yaml",),
        )
    )  # fmt: skip
    out.append(Case("adjust/no-pain.json", ["adjust", HIP, strong, *MAPPING, "--json"]))
    out.append(
        Case(
            "appraise/reports.jsonl",
            ["appraise", REPORTS, "--json", "--csv", f"{TMP}/review.csv"],
            writes=("review.csv",),
        )
    )
    out.append(
        Case(
            "appraise/agreement.json",
            ["agreement", f"{TMP}/review.csv", "examples/reports/reference.csv", "--json"],
        )
    )
    return out


def cases_and_files() -> list[str]:
    """The golden names every run produces: each case's stdout and each file it writes."""
    names: list[str] = []
    for case in cases():
        names.append(case.name)
        names.extend(f"{Path(case.name).parent}/{written}" for written in case.writes)
    return names


def expected_exit_codes() -> dict[str, int]:
    """The committed exit code of each golden name."""
    codes: dict[str, int] = json.loads(EXIT_CODES.read_text(encoding="utf-8"))
    return codes


@contextmanager
def _in_root() -> Iterator[None]:
    before = Path.cwd()
    os.chdir(ROOT)
    try:
        yield
    finally:
        os.chdir(before)


def run_cases(scratch: Path) -> dict[str, tuple[int, bytes]]:
    """Run every case in-process; return {golden name: (exit code, bytes)} for stdout and files.

    The scratch folder is named `{tmp}` inside the outputs, so they do not depend on where it is.
    """
    from typer.testing import CliRunner

    from exdose.cli import app

    runner = CliRunner()
    results: dict[str, tuple[int, bytes]] = {}
    with _in_root():
        for case in cases():
            args = [a.replace(TMP, str(scratch)) for a in case.args]
            result = runner.invoke(app, args, catch_exceptions=False)
            stdout = result.stdout_bytes.replace(str(scratch).encode(), TMP.encode())
            results[case.name] = (result.exit_code, stdout)
            for written in case.writes:
                data = (scratch / written).read_bytes().replace(str(scratch).encode(), b"{tmp}")
                results[f"{Path(case.name).parent}/{written}"] = (result.exit_code, data)
    return results


def compare(results: dict[str, tuple[int, bytes]]) -> list[str]:
    """The differences between `results` and the committed goldens (empty when identical)."""
    problems: list[str] = []
    codes = expected_exit_codes() if EXIT_CODES.exists() else {}
    for name, (code, data) in results.items():
        golden = GOLDEN / name
        if not golden.exists():
            problems.append(f"{name}: no golden file (run python bench/golden.py --update)")
            continue
        if golden.read_bytes() != data:
            problems.append(f"{name}: output differs from {golden.relative_to(ROOT)}")
        if codes.get(name) != code:
            problems.append(f"{name}: exit code {code}, golden {codes.get(name)}")
    return problems


def update(results: dict[str, tuple[int, bytes]]) -> None:
    """Rewrite tests/golden/ from `results` (stale golden files are removed)."""
    for stale in GOLDEN.rglob("*"):
        if stale.is_file() and stale.name != "README.md":
            stale.unlink()
    for name, (_, data) in results.items():
        target = GOLDEN / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    codes = {name: code for name, (code, _) in results.items()}
    EXIT_CODES.write_text(json.dumps(codes, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="rewrite tests/golden/")
    options = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    with tempfile.TemporaryDirectory() as scratch:
        results = run_cases(Path(scratch))
    if options.update:
        update(results)
        print(f"wrote {len(results)} golden outputs under {GOLDEN.relative_to(ROOT)}")
        return 0
    problems = compare(results)
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"{len(results)} golden outputs compared, {len(problems)} difference(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

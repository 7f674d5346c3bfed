"""Moved: checking a programme *file* (its problems collected, the exit code its thresholds give)
is the command line's job and lives in `exdose.cli.programme` (`FileCheck`, `check_file`); the
rating itself is `exdose.check` (`exdose.checklists.score`).

This module forwards the old names until the code that imports them from here (tests/program,
tests/monitor, report/tables.py, bench/bench_program.py) imports them from the new place; then
it goes. The import is made on first use, so `exdose.checklists` does not depend on the CLI.
"""

from __future__ import annotations

from typing import Any

_MOVED = {"CheckResult": "FileCheck", "FileCheck": "FileCheck", "check_file": "check_file"}


def __getattr__(name: str) -> Any:
    if name in _MOVED:
        from exdose.cli import programme

        return getattr(programme, _MOVED[name])
    raise AttributeError(f"module 'exdose.checklists.check' has no attribute {name!r}")

"""`exdose check`: load a programme, score it, and decide the exit code."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from exdose.checklists.definitions import load_checklist
from exdose.checklists.score import ChecklistScore, ItemResult, ProgramScore, score_program
from exdose.errors import ExdoseError


@dataclass(frozen=True)
class CheckResult:
    """The outcome of checking one programme file."""

    program: str
    score: ProgramScore | None
    problems: list[dict[str, Any]] = field(default_factory=list)
    min_cert: int | None = None
    min_tidier: int | None = None
    warnings: list[dict[str, Any]] = field(default_factory=list)
    """Advice about a valid file (plan text against the computed plan, loads off the kit)."""

    @property
    def valid(self) -> bool:
        """True when the file loaded and validated."""
        return self.score is not None

    @property
    def exit_code(self) -> int:
        """0 valid and at/above the thresholds, 1 below a threshold, 2 invalid."""
        if self.score is None:
            return 2
        if self.min_cert is not None and self.score.cert.score < self.min_cert:
            return 1
        if self.min_tidier is not None and self.score.tidier.score < self.min_tidier:
            return 1
        return 0

    def checklists(self) -> tuple[ChecklistScore, ChecklistScore]:
        """CERT and TIDieR scores (all items unreported when the file is invalid)."""
        if self.score is not None:
            return self.score.cert, self.score.tidier
        hint = "the file is invalid: fix the problems listed first"
        return (
            ChecklistScore(
                "cert",
                tuple(
                    ItemResult(i.id, i.title, False, None, hint)
                    for i in load_checklist("cert").items
                ),
            ),
            ChecklistScore(
                "tidier",
                tuple(
                    ItemResult(i.id, i.title, False, None, hint)
                    for i in load_checklist("tidier").items
                ),
            ),
        )

    def to_json(self) -> dict[str, Any]:
        """The documented JSON shape of `exdose check --json`."""
        cert, tidier = self.checklists()
        return {
            "program": self.program,
            "cert": cert.to_json(),
            "tidier": tidier.to_json(),
            "problems": self.problems,
            "warnings": self.warnings,
        }


def check_file(
    path: str | Path, *, min_cert: int | None = None, min_tidier: int | None = None
) -> CheckResult:
    """Check a programme file; problems with the file are collected, never raised."""
    from exdose.program.io import load_program

    try:
        loaded = load_program(path)
    except ExdoseError as error:
        problems = getattr(error, "problems", None)
        if problems:
            listed = [
                {"file": p.file, "line": p.line, "column": p.column, "message": p.message}
                for p in problems
            ]
        else:
            listed = [
                {
                    "file": error.file or str(path),
                    "line": error.line,
                    "column": error.column,
                    "message": error.message + (f" ({error.hint})" if error.hint else ""),
                }
            ]
        return CheckResult(str(path), None, listed, min_cert, min_tidier)
    from exdose.program.consistency import plan_warnings

    warnings = [
        {"file": w.file, "line": w.line, "column": w.column, "message": w.message}
        for w in plan_warnings(loaded)
    ]
    return CheckResult(
        str(path), score_program(loaded.program, str(path)), [], min_cert, min_tidier, warnings
    )

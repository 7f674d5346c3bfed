"""exdose: exact exercise programmes — write, check, render, expand, monitor and appraise.

`import exdose` is the public API (`exdose.__all__`, documented in docs/api.md): one typed
function per job, e.g. `exdose.check(exdose.load_program("examples/hip-thrust.yaml")).cert.score`.
The names are loaded on first use, so `import exdose` (and the command line) stays fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# `exdose.appraise` is the public function, and also the name of an internal subpackage; the
# first import of a submodule binds the subpackage on this module under that name. Import the
# (empty) subpackage now and drop the binding, so the name always resolves to the function.
importlib.import_module("exdose.appraise")
globals().pop("appraise", None)

if TYPE_CHECKING:
    from exdose.api import (
        Adjustment,
        AgreementReport,
        Appraisal,
        Assumption,
        Checklist,
        ChecklistItem,
        ChecklistScore,
        CheckResult,
        Document,
        Dose,
        ExdoseError,
        Exercise,
        ExerciseLibrary,
        FidelityReport,
        IngestError,
        ItemResult,
        LoadReport,
        LogRead,
        LogReadError,
        NotationError,
        PainDiary,
        Problem,
        Program,
        ProgramError,
        ProgramInvalid,
        ReadinessDiary,
        ReadinessSummary,
        ReviewSummary,
        Skipped,
        UsageError,
        WeekDose,
        WeeklyDose,
        agreement,
        appraise,
        appraise_many,
        check,
        checklist,
        describe_dose,
        dose_figure,
        exercise_library,
        expand,
        fidelity,
        find_exercises,
        load_figure,
        load_program,
        load_report,
        next_program,
        plan_assumptions,
        plan_warnings,
        planned_dose,
        program_schema,
        propose_adjustment,
        read_log,
        read_pain,
        read_readiness,
        read_report,
        readiness_summary,
        render,
        review_heatmap,
        review_summary,
        save_program,
        save_review,
    )

__all__ = [
    "Adjustment",
    "AgreementReport",
    "Appraisal",
    "Assumption",
    "CheckResult",
    "Checklist",
    "ChecklistItem",
    "ChecklistScore",
    "Document",
    "Dose",
    "ExdoseError",
    "Exercise",
    "ExerciseLibrary",
    "FidelityReport",
    "IngestError",
    "ItemResult",
    "LoadReport",
    "LogRead",
    "LogReadError",
    "NotationError",
    "PainDiary",
    "Problem",
    "Program",
    "ProgramError",
    "ProgramInvalid",
    "ReadinessDiary",
    "ReadinessSummary",
    "ReviewSummary",
    "Skipped",
    "UsageError",
    "WeekDose",
    "WeeklyDose",
    "__version__",
    "agreement",
    "appraise",
    "appraise_many",
    "check",
    "checklist",
    "describe_dose",
    "dose_figure",
    "exercise_library",
    "expand",
    "fidelity",
    "find_exercises",
    "load_figure",
    "load_program",
    "load_report",
    "next_program",
    "plan_assumptions",
    "plan_warnings",
    "planned_dose",
    "program_schema",
    "propose_adjustment",
    "read_log",
    "read_pain",
    "read_readiness",
    "read_report",
    "readiness_summary",
    "render",
    "review_heatmap",
    "review_summary",
    "save_program",
    "save_review",
]


def __getattr__(name: str) -> Any:
    # The API's names are resolved on first use (PEP 562): the command line imports `exdose` for
    # `__version__` and should not pay for pydantic and polars before it needs them.
    if name in __all__:
        from exdose import api

        value = getattr(api, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'exdose' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))

"""exdose: exact exercise programmes — write, check, render, expand, monitor and appraise.

`import exdose` is the public API (`exdose.__all__`, documented in docs/api.md): one typed
function per job, e.g. `exdose.check(exdose.load_program("examples/hip-thrust.yaml")).cert.score`.
The names are loaded on first use, so `import exdose` (and the command line) stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from exdose.api import (
        Adjustment,
        AgreementReport,
        Appraisal,
        ChecklistScore,
        CheckResult,
        ExdoseError,
        FidelityReport,
        IngestError,
        ItemResult,
        LoadReport,
        LogRead,
        LogReadError,
        NotationError,
        PainDiary,
        Program,
        ProgramError,
        ProgramInvalid,
        Skipped,
        UsageError,
        WeekDose,
        WeeklyDose,
        agreement,
        appraise,
        appraise_many,
        check,
        dose_figure,
        expand,
        fidelity,
        load_figure,
        load_program,
        load_report,
        next_program,
        planned_dose,
        propose_adjustment,
        read_log,
        read_pain,
        render,
        review_heatmap,
        save_program,
    )

__all__ = [
    "Adjustment",
    "AgreementReport",
    "Appraisal",
    "CheckResult",
    "ChecklistScore",
    "ExdoseError",
    "FidelityReport",
    "IngestError",
    "ItemResult",
    "LoadReport",
    "LogRead",
    "LogReadError",
    "NotationError",
    "PainDiary",
    "Program",
    "ProgramError",
    "ProgramInvalid",
    "Skipped",
    "UsageError",
    "WeekDose",
    "WeeklyDose",
    "__version__",
    "agreement",
    "appraise",
    "appraise_many",
    "check",
    "dose_figure",
    "expand",
    "fidelity",
    "load_figure",
    "load_program",
    "load_report",
    "next_program",
    "planned_dose",
    "propose_adjustment",
    "read_log",
    "read_pain",
    "render",
    "review_heatmap",
    "save_program",
]


def __getattr__(name: str) -> Any:
    # The API imports pydantic and polars; the CLI imports `exdose` for `__version__` only, so
    # the public names are resolved on first use (PEP 562) rather than at import.
    if name in __all__:
        from exdose import api

        _publish(api)
        return globals()[name]
    raise AttributeError(f"module 'exdose' has no attribute {name!r}")


def _publish(api: Any) -> None:
    """Bind every public name here at once. `exdose.appraise` is also the name of an internal
    subpackage, which importing the API binds on this module: the function must win."""
    globals().update({name: getattr(api, name) for name in __all__ if name != "__version__"})


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))

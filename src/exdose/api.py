"""The public Python API: one typed function per job, `str | Path` in, typed objects out.

`import exdose` re-exports everything in `__all__` here; that list is the contract (docs/api.md).
Each function is a thin wrapper over the internal modules, so the CLI's `--json` and a notebook
get the same numbers. Nothing here prints, and nothing changes process-wide state.

Text a user reads (error messages, hints, warnings of a log read) names the keyword arguments of
these functions, e.g. "give unit='kg' or unit='lb'", never a command-line flag: the CLI turns
`unit='kg'` back into `--unit kg` when it prints (`exdose.cli._app.cli_wording`).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal, ParamSpec, TextIO, TypeVar

from exdose.errors import (
    ExdoseError,
    IngestError,
    LogReadError,
    NotationError,
    ProgramError,
    UsageError,
)

if TYPE_CHECKING:
    import polars as pl
    from matplotlib.figure import Figure

    from exdose._api_types import WeeklyDose
    from exdose.appraise.agreement import AgreementReport
    from exdose.appraise.document import Document
    from exdose.appraise.models import Appraisal
    from exdose.checklists.definitions import Checklist, ChecklistItem
    from exdose.checklists.score import ChecklistScore, CheckResult, ItemResult
    from exdose.dose.constants import LoadThresholds
    from exdose.dose.planned import WeekDose
    from exdose.dose.summary import LoadReport
    from exdose.exercises import Exercise, ExerciseLibrary
    from exdose.monitor.adjust import Adjustment
    from exdose.monitor.fidelity import FidelityReport
    from exdose.monitor.readiness import ReadinessDiary, ReadinessSummary
    from exdose.program.io import LoadedProgram
    from exdose.program.model import Program
    from exdose.program.notation import Dose
    from exdose.program.problems import Problem, ProgramInvalid
    from exdose.report.assumptions import Assumption
    from exdose.report.review import ReviewSummary
    from exdose.sets.readers import LogRead, PainDiary, Skipped

# The result types live with the code that computes them; they are imported on first use, so
# that importing this module (the CLI does) costs nothing but the error types.
_TYPES: dict[str, str] = {
    "WeeklyDose": "exdose._api_types",
    "AgreementReport": "exdose.appraise.agreement",
    "Appraisal": "exdose.appraise.models",
    "Document": "exdose.appraise.document",
    "Checklist": "exdose.checklists.definitions",
    "ChecklistItem": "exdose.checklists.definitions",
    "ChecklistScore": "exdose.checklists.score",
    "CheckResult": "exdose.checklists.score",
    "ItemResult": "exdose.checklists.score",
    "WeekDose": "exdose.dose.planned",
    "LoadReport": "exdose.dose.summary",
    "Exercise": "exdose.exercises",
    "ExerciseLibrary": "exdose.exercises",
    "Adjustment": "exdose.monitor.adjust",
    "FidelityReport": "exdose.monitor.fidelity",
    "ReadinessDiary": "exdose.monitor.readiness",
    "ReadinessSummary": "exdose.monitor.readiness",
    "ProgramInvalid": "exdose.program.problems",
    "Problem": "exdose.program.problems",
    "Assumption": "exdose.report.assumptions",
    "ReviewSummary": "exdose.report.review",
    "Program": "exdose.program.model",
    "Dose": "exdose.program.notation",
    "LogRead": "exdose.sets.readers",
    "PainDiary": "exdose.sets.readers",
    "Skipped": "exdose.sets.readers",
}


def __getattr__(name: str) -> object:
    module = _TYPES.get(name)
    if module is None:
        raise AttributeError(f"module 'exdose.api' has no attribute {name!r}")
    import importlib

    value: object = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


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

Unit = Literal["kg", "lb"]
DateOrder = Literal["dmy", "mdy"]
Formula = Literal["epley", "brzycki", "lombardi"]
Audience = Literal["methods", "handout"]
Start = dt.date | Literal["first-log"] | None
RenderFormat = Literal["md", "html", "pdf", "docx"]
Progress = Callable[[int, int], None]
PathLike = str | Path

_P = ParamSpec("_P")
_R = TypeVar("_R")


# --- wording: keyword arguments, not flags -------------------------------------------------------

# Internal modules still word some hints for the command line ("give --unit kg|lb"); the API
# rewords them for its own callers. Each flag maps to the keyword argument that does the same.
_FLAG_TO_ARGUMENT: dict[str, str] = {
    "unit": "unit",
    "date-order": "date_order",
    "mapping": "mapping",
    "start": "start",
    "through": "through_week",
    "week": "week",
    "max-size": "max_bytes",
    "caution": "caution",
    "spike": "spike",
}
_FLAG = re.compile(
    r"(?:\bpass )?--([a-z][a-z-]*)"
    r"(?: (kg\|lb|dmy\|mdy|kg|lb|dmy|mdy|first-log|FILE|YYYY-MM-DD|[0-9]+(?:\.[0-9]+)?)\b)?"
)


def _argument_value(value: str) -> str:
    if value == "FILE":
        return "<path>"
    if value in ("YYYY-MM-DD",):
        return "datetime.date(...)"
    if "|" in value:
        return " or ".join(f"'{v}'" for v in value.split("|"))
    if re.fullmatch(r"[0-9.]+", value):
        return value
    return f"'{value}'"


def api_wording(text: str) -> str:
    """`text` with every command-line flag it names replaced by the API's keyword argument."""

    def replace(match: re.Match[str]) -> str:
        flag, value = match.group(1), match.group(2)
        argument = _FLAG_TO_ARGUMENT.get(flag)
        if argument is None:
            return match.group(0)
        verb = "give " if match.group(0).startswith("pass ") else ""
        if value is None:
            return f"{verb}{argument}"
        return f"{verb}{argument}={_argument_value(value)}"

    return _FLAG.sub(replace, text)


def _reword(error: ExdoseError) -> ExdoseError:
    error.message = api_wording(error.message)
    error.hint = api_wording(error.hint) if error.hint else error.hint
    error.args = (error.message,)
    return error


def _api_errors(function: Callable[_P, _R]) -> Callable[_P, _R]:
    """Re-raise the project's errors with the API's wording (see `api_wording`)."""

    @functools.wraps(function)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return function(*args, **kwargs)
        except ExdoseError as error:
            raise _reword(error) from error.__cause__

    return wrapper


def _reword_read(read: LogRead) -> LogRead:
    from exdose.sets.readers import Skipped

    read.warnings = [api_wording(w) for w in read.warnings]
    read.skipped = [Skipped(s.row, api_wording(s.reason), s.file) for s in read.skipped]
    return read


# --- programmes ------------------------------------------------------------------------------


def _loaded(program: Program, name: str | None = None) -> LoadedProgram:
    """The internal view of a programme: the model plus the exercise library it extends.

    References (exercise names, week coverage, rule/dose fit) are checked, as on loading, so a
    programme built or edited in code is held to the same rules as one read from a file.
    """
    from exdose.exercises import default_library
    from exdose.program.io import (
        LoadedProgram,
        Problem,
        ProgramInvalid,
        _library_for,
        check_references,
    )

    label = name or program.name
    library = _library_for(program, default_library())
    problems = check_references(program, library)
    if problems:
        raise ProgramInvalid(
            [Problem(label, None, None, f"{'.'.join(map(str, p))}: {m}") for p, m in problems]
        )
    return LoadedProgram(program=program, path=label, library=library)


@_api_errors
def load_program(path: PathLike) -> Program:
    """Read, parse and validate a programme file (YAML or JSON).

    Raises `ProgramInvalid` listing every problem (each with file, line and column) when the
    file is not a valid programme, `ProgramError` when it cannot be read.
    """
    from exdose.program.io import load_program as _load

    return _load(path).program


def program_schema() -> str:
    """The JSON Schema (draft 2020-12) of programme files, as text: for editors and validators."""
    from exdose.program.schema import program_json_schema

    return program_json_schema()


def exercise_library(program: Program | None = None) -> ExerciseLibrary:
    """The bundled exercise library (free-exercise-db facts), plus `program`'s own exercises.

    `.get(name)` finds an exercise by id, name or alias; `.suggest(text)` the closest names.
    """
    from exdose.exercises import default_library

    return _loaded(program).library if program is not None else default_library()


def find_exercises(
    query: str | None = None,
    *,
    muscle: str | None = None,
    library: ExerciseLibrary | Program | None = None,
) -> list[Exercise]:
    """Exercises of the library whose name or id contains `query` (any letter case, spacing and
    punctuation) and, with `muscle`, that train it as a primary or secondary muscle.

    `library=program` searches the bundled library plus the programme's own exercises.
    """
    from exdose.exercises import default_library, normalise_name

    lib = _library(library) or default_library()
    key = normalise_name(query) if query else ""
    return [
        exercise
        for exercise in lib
        if (not key or key in normalise_name(exercise.name) or key in normalise_name(exercise.id))
        and (not muscle or muscle in exercise.primary or muscle in exercise.secondary)
    ]


@_api_errors
def save_program(program: Program, path: PathLike, *, source: PathLike | None = None) -> None:
    """Write a programme file atomically: YAML, or JSON when the path ends in `.json`.

    The text is loaded back and validated before it replaces the file, so a programme that would
    not load again is never written (`ProgramInvalid`). With `source`, the programme file that
    `program` is a new version of (e.g. `next_program` of it), that file's own text is edited:
    its comments and layout are kept, and only the values that changed are rewritten (a JSON
    file, or YAML whose layout cannot be reproduced exactly, is written afresh).
    """
    from exdose.files import write_text_atomic
    from exdose.program.io import dump_program, load_program_bytes

    if source is not None:
        from exdose.program.edit import write_program
        from exdose.program.io import load_program as _load

        write_program(_load(source), program, path)
        return
    text = dump_program(program, "json" if str(path).endswith(".json") else "yaml")
    load_program_bytes(text.encode("utf-8"), str(path))
    write_text_atomic(path, text)


def checklist(name: Literal["cert", "tidier"]) -> Checklist:
    """The CERT or TIDieR checklist as data: its items in order, each with its id, section,
    title, our short wording and the rule exdose rates it by (docs/checklists.md)."""
    from exdose.checklists.definitions import load_checklist

    if name not in ("cert", "tidier"):
        raise UsageError(f"no checklist {name!r}", hint="give 'cert' or 'tidier'")
    return load_checklist(name)


@_api_errors
def check(program: Program) -> CheckResult:
    """Rate a programme's completeness on CERT (19 items) and TIDieR (12 items).

    `result.cert.score`, `result.tidier.score`; `result.cert.item("7a")` is one item, with the
    field that reports it (`source`) or what to add (`hint`).
    """
    from exdose.checklists.score import score_program

    return score_program(program)


@_api_errors
def describe_dose(dose: str | Dose) -> str:
    """A dose in words, as the methods text and the handout write it.

    `dose` is a dose in the compact notation ("3x8-12 @RIR2, rest 90s") or a parsed `Dose`
    (e.g. a prescription's `.dose`). A notation that does not parse raises `NotationError`
    with the column of the problem.
    """
    from exdose.program.notation import parse_dose
    from exdose.report.words import dose_words

    return dose_words(parse_dose(dose) if isinstance(dose, str) else dose)


@_api_errors
def plan_warnings(program: Program | PathLike) -> list[Problem]:
    """Advice about a valid programme: plan text that contradicts the computed plan, and
    computed loads the kit cannot make (when the file does not ask for kit rounding).

    Given a path, each warning carries its file, line and column; given a `Program`, the
    line and column are None. Sorted by line.
    """
    from exdose.program.consistency import plan_warnings as _warnings

    if isinstance(program, str | Path):
        from exdose.program.io import load_program as _load

        return _warnings(_load(program))
    return _warnings(_loaded(program))


@_api_errors
def plan_assumptions(program: Program) -> list[Assumption]:
    """The defaults of exdose's model that the expanded plan depends on (a deload factor, the
    pace of a progression rule, ...), each with the field that would state it in the file.

    These are exdose's assumptions, not the protocol: the methods text never presents them as
    written, and `exdose expand` prints them beside the plan.
    """
    from exdose.report.assumptions import plan_assumptions as _assumptions

    return _assumptions(_loaded(program))


@_api_errors
def expand(program: Program) -> pl.DataFrame:
    """The planned sets table: one row per planned set, week by week, in the sets schema.

    The columns and their types are `exdose.sets.SETS_SCHEMA` (the same schema a log is read
    into), so planned and performed tables go through the same dose code.
    """
    from exdose.program.expand import expand as _expand

    frame: pl.DataFrame = _expand(_loaded(program))
    return frame


@_api_errors
def planned_dose(program: Program, *, caution: float = 0.10, spike: float = 0.15) -> WeeklyDose:
    """The planned dose per programme week: fractional sets per muscle, volume load, sessions,
    minutes, mean RPE and %1RM, with week-over-week change.

    A rise above `caution` (a fraction) is flagged as caution, a rise from `spike` as a spike.
    """
    import dataclasses

    from exdose._api_types import WeeklyDose
    from exdose.dose.constants import DEFAULT_THRESHOLDS
    from exdose.dose.planned import planned_dose as _planned_dose
    from exdose.program.expand import expand as _expand

    if not 0 <= caution <= spike:
        raise UsageError(
            f"caution ({caution}) must be between 0 and spike ({spike})",
            hint="fractions, e.g. caution=0.10, spike=0.15",
        )
    loaded = _loaded(program)
    thresholds = dataclasses.replace(DEFAULT_THRESHOLDS, caution_above=caution, spike_from=spike)
    deloads = frozenset(program.deload.weeks) if program.deload else frozenset()
    return WeeklyDose(weeks=_planned_dose(_expand(loaded), loaded.library, thresholds, deloads))


# --- logs and pain ----------------------------------------------------------------------------


def _library(library: ExerciseLibrary | Program | None) -> ExerciseLibrary | None:
    from exdose.program.model import Program

    if isinstance(library, Program):
        return _loaded(library).library
    return library


@_api_errors
def read_log(
    path: PathLike | Sequence[PathLike],
    *,
    unit: Unit | None = None,
    mapping: PathLike | None = None,
    date_order: DateOrder | None = None,
    library: ExerciseLibrary | Program | None = None,
    columns: PathLike | None = None,
) -> LogRead:
    """Read a training log (Strong, Hevy, FitNotes or exdose CSV; detected from the header).

    Returns `.sets` (the performed sets table), `.skipped` (each row not read, with its number
    and why), `.unmatched` (names that match no exercise), `.format` and `.warnings`.
    `unit` is needed only when the log does not state its weight unit; `mapping` is a YAML file
    mapping app names to exercises; `date_order` ("dmy"/"mdy") settles ambiguous slash dates.
    Give `library=program` to match the names against the programme's own exercises too (as
    `fidelity` and `propose_adjustment` expect). Several paths are read as one person's logs
    (sets repeated across overlapping exports are kept once).
    """
    from exdose.sets.readers import read_log as _read_log
    from exdose.sets.readers import read_logs as _read_logs

    lib = _library(library)
    mapped = Path(mapping) if mapping is not None else None
    if isinstance(path, str | Path):
        read = _read_log(path, unit=unit, mapping=mapped, library=lib, date_order=date_order)
    else:
        read = _read_logs(list(path), unit=unit, mapping=mapped, library=lib, date_order=date_order)
    return _reword_read(read)


@_api_errors
def read_pain(path: PathLike, *, date_order: DateOrder | None = None) -> PainDiary:
    """Read a pain diary (`date,region,during,after,next_morning`, ratings 0-10).

    `.entries` is the ratings table; rows with a bad date or a rating outside 0-10 are in
    `.skipped` with their row number and reason.
    """
    from exdose.sets.readers import read_pain_diary

    return read_pain_diary(path, date_order=date_order)


@_api_errors
def read_readiness(path: PathLike, *, date_order: DateOrder | None = None) -> ReadinessDiary:
    """Read the readiness columns of a pain diary or an exdose log CSV: `sleep_hours` (0-24)
    and, on 0-10, `sleep_quality`, `stress`, `fatigue`, `soreness` and `mood` (docs/monitor.md).

    `.entries` has `date` and one column per marker present (a day's ratings averaged);
    `.markers` names them (empty for a file without readiness columns); a value that is not a
    number or is out of range skips that row's readiness (`.skipped`).
    """
    from exdose.monitor.readiness import read_readiness as _read

    return _read(path, date_order=date_order)


def readiness_summary(
    readiness: ReadinessDiary | Sequence[ReadinessDiary],
) -> ReadinessSummary | None:
    """Readiness per ISO week: each marker's mean with the person's own 28-day median baseline
    and whether it is clearly worse; None when no diary has a rating."""
    from exdose.monitor.config import DEFAULT_CONFIG
    from exdose.monitor.readiness import ReadinessDiary, combine_readiness, summarise_readiness

    diaries = [readiness] if isinstance(readiness, ReadinessDiary) else list(readiness)
    combined = combine_readiness(diaries)
    return None if combined is None else summarise_readiness(combined, DEFAULT_CONFIG)


def _as_log(sets: LogRead | pl.DataFrame) -> LogRead:
    from exdose.sets.readers import LogRead

    if isinstance(sets, LogRead):
        return sets
    from exdose.sets.schema import conform_sets

    sources = sets["source"].drop_nulls().unique().sort().to_list() if "source" in sets else []
    return LogRead(sets=conform_sets(sets), format="+".join(sources) or "table")


def _diaries(pain: PainDiary | Sequence[PainDiary] | None) -> list[PainDiary]:
    from exdose.sets.readers import PainDiary

    if pain is None:
        return []
    if isinstance(pain, PainDiary):
        return [pain]
    return list(pain)


def _readiness_in(diaries: Sequence[PainDiary]) -> ReadinessDiary | None:
    """Readiness markers carried as columns of the diaries' entries (`date` plus any of
    `sleep_hours` .. `mood`, already in range), a marker's ratings of one day averaged; None
    when no diary carries a rated marker (the proposal is then as without readiness)."""
    import polars as pl

    from exdose.monitor.readiness import MARKERS, ReadinessDiary, combine_readiness

    found = []
    for diary in diaries:
        frame = diary.entries
        markers = [
            m
            for m in MARKERS
            if m in frame.columns and frame[m].cast(pl.Float64).drop_nulls().len()
        ]
        if not markers or "date" not in frame.columns:
            continue
        rated = frame.filter(pl.any_horizontal([pl.col(m).is_not_null() for m in markers]))
        entries = (
            rated.select("date", *[pl.col(m).cast(pl.Float64) for m in markers])
            .group_by("date")
            .agg([pl.col(m).mean() for m in markers])
            .sort("date")
        )
        found.append(ReadinessDiary(entries=entries, markers=markers))
    return combine_readiness(found)


def _pain_rows_only(diaries: Sequence[PainDiary]) -> list[PainDiary]:
    """The diaries without rows that carry only readiness (no pain measure, no red flag): a
    daily check-in is not a pain rating and does not make its week the one judged."""
    import dataclasses

    import polars as pl

    from exdose.monitor.pain import MEASURES

    out = []
    for diary in diaries:
        frame = diary.entries
        measures = [m for m in MEASURES if m in frame.columns]
        keep = pl.any_horizontal(
            [pl.col(m).is_not_null() for m in measures]
            + ([pl.col("red_flag").fill_null(False)] if "red_flag" in frame.columns else [])
            + [pl.lit(False)]
        )
        out.append(dataclasses.replace(diary, entries=frame.filter(keep)))
    return out


@_api_errors
def load_report(
    sets: LogRead | pl.DataFrame,
    *,
    pain: PainDiary | Sequence[PainDiary] | None = None,
    formula: Formula = "epley",
    library: ExerciseLibrary | Program | None = None,
    thresholds: LoadThresholds | None = None,
    program: Program | None = None,
) -> LoadReport:
    """Weekly dose and load of a performed sets table: sets per muscle, volume load, session-RPE
    load, monotony, strain, change flags; daily load with ACWR (descriptive); e1RM by day.

    `sets` is a `read_log` result (its skipped rows, unmatched names, warnings and any pain
    ratings in the log are carried into the report) or a sets table. `pain` adds diaries.
    `thresholds` changes the week-over-week change flags (default: `DEFAULT_THRESHOLDS`).
    `program` is the programme the log follows: its exercises are known (as `library=program`),
    and its body-weight exercises with an added load count body mass plus the added load in
    volume load when it states `body_mass`; without it they are left out of volume load and a
    rise of their added load is flagged in kg.
    """
    import polars as pl

    from exdose.dose.constants import DEFAULT_THRESHOLDS
    from exdose.dose.summary import summarise_load
    from exdose.exercises import default_library

    log = _as_log(sets)
    diaries = _diaries(pain)
    log.require_sets()
    frames = [d.entries for d in ([log.pain] if log.pain is not None else []) + diaries]
    skipped = [s.as_dict() for s in log.skipped]
    warnings = list(log.warnings)
    for diary in diaries:
        if diary.path is None:
            warnings += diary.warnings
            skipped += [s.as_dict() for s in diary.skipped]
        else:
            warnings += [f"{diary.path}: {w}" for w in diary.warnings]
            skipped += [{**s.as_dict(), "file": diary.path} for s in diary.skipped]
    bodyweight, body_mass = _bodyweight(program) if program is not None else ([], None)
    return summarise_load(
        log.sets,
        log.library or _library(library if library is not None else program) or default_library(),
        formula=formula,
        thresholds=thresholds or DEFAULT_THRESHOLDS,
        pain=pl.concat(frames) if frames else None,
        skipped=skipped,
        unmatched=log.unmatched,
        warnings=warnings,
        bodyweight_exercises=bodyweight,
        body_mass_kg=body_mass,
    )


def _bodyweight(program: Program) -> tuple[list[str], float | None]:
    """The programme's body-weight exercises with added load (programme keys and the library
    ids a log may name them by) and its body mass in kg, if stated."""
    from exdose.monitor.align import library_to_keys
    from exdose.monitor.flags import body_mass_kg, bodyweight_added_kg

    loaded = _loaded(program)
    added = bodyweight_added_kg(loaded)
    ids = {lib for lib, key in library_to_keys(loaded).items() if key in added}
    return sorted(set(added) | ids), body_mass_kg(program)


# --- monitoring ------------------------------------------------------------------------------


@_api_errors
def fidelity(
    program: Program,
    sets: LogRead | pl.DataFrame,
    *,
    start: Start = None,
    through_week: int | None = None,
) -> FidelityReport:
    """Planned against performed (CERT 16b, TIDieR 12): sessions, sets, reps and load, per week
    and per exercise, with a sentence ready to paste into a paper.

    Weeks are counted from the programme's `start_date`, else from `start` (a date, or
    "first-log" for the first logged day). Weeks 1 to `through_week` are compared (default: up
    to the last logged week).
    """
    from exdose.monitor.fidelity import assess_fidelity

    return assess_fidelity(_loaded(program), _as_log(sets), through_week=through_week, start=start)


@_api_errors
def propose_adjustment(
    program: Program,
    sets: LogRead | pl.DataFrame,
    pain: PainDiary | Sequence[PainDiary] | None = None,
    *,
    start: Start = None,
    week: int | None = None,
    readiness: ReadinessDiary | Sequence[ReadinessDiary] | None = None,
) -> Adjustment:
    """Judge a programme week from the log and pain ratings and propose the week after it:
    progress, hold, reduce (one change, with its evidence) or refer (a red flag).

    By default the last week with training or pain ratings is judged; `week` replays an earlier
    week as if the proposal were made at its end. A diary whose `entries` carry readiness
    columns (`sleep_hours`, `sleep_quality`, `stress`, `fatigue`, `soreness`, `mood`, as the web
    app's do) is read for recovery too (docs/monitor.md); rows with only those are not pain
    ratings. `readiness` adds readiness diaries read from files (`read_readiness`).
    """
    from exdose.monitor.adjust import propose_adjustment as _propose
    from exdose.monitor.config import DEFAULT_CONFIG
    from exdose.monitor.readiness import ReadinessDiary, combine_readiness

    log = _as_log(sets)
    diaries = _diaries(pain)
    in_columns = _readiness_in(diaries)
    given = [readiness] if isinstance(readiness, ReadinessDiary) else list(readiness or [])
    result = _propose(
        _loaded(program),
        log,
        _pain_rows_only(diaries) if in_columns is not None else diaries,
        DEFAULT_CONFIG,
        start,
        week,
        readiness=combine_readiness([*given, *([in_columns] if in_columns else [])]),
    )
    for diary in diaries:
        where = f"{diary.path}:" if diary.path is not None else "pain diary"
        result.notes += [f"{where} row {s.row} skipped: {s.reason}" for s in diary.skipped]
    if log.skipped:
        result.notes.append(f"{len(log.skipped)} log rows skipped (see LogRead.skipped)")
    if log.unmatched:
        result.notes.append(
            f"names not matched to an exercise: {', '.join(log.unmatched)}; their sets are not "
            "compared with the plan: map them with mapping=<path> (docs/logs.md)"
        )
    return result


@_api_errors
def next_program(program: Program, adjustment: Adjustment) -> Program:
    """The programme with the proposal written in from the next week on (a new `Program`; the
    one given is not changed). A "refer" decision raises `ProgramError`: nothing is proposed."""
    from exdose.monitor.adjust import next_program as _next

    return _next(_loaded(program), adjustment)


# --- documents -------------------------------------------------------------------------------

_FORMATS: dict[str, str] = {"md": ".md", "html": ".html", "pdf": ".pdf", "docx": ".docx"}


@_api_errors
def render(
    program: Program,
    path_or_format: PathLike,
    audience: Audience = "methods",
    lang: str = "en",
    *,
    source: PathLike | None = None,
) -> bytes | str | None:
    """Render a programme as a methods section (with the filled checklists) or a handout.

    Give a format name ("md", "html", "pdf", "docx") to get the document back (text for md and
    html, bytes for pdf and docx), or a path ending in one of those to write it there
    (atomically; returns None). `lang` is the handout's language: "en", "nb" or "sv".
    `source` is the programme file it was loaded from: pictures named in `media` by a relative
    path are found beside it (without it, in the current folder).
    """
    import inspect

    from exdose.report.render import render_file

    options: dict[str, str] = {}
    if "lang" in inspect.signature(render_file).parameters:
        options["lang"] = lang  # handouts in several languages (report/ checks the code)
    elif lang != "en":
        raise UsageError(
            f"documents are written in English only here, not {lang!r}", hint="use lang='en'"
        )
    loaded = _loaded(program, str(source) if source is not None else None)
    if isinstance(path_or_format, str) and path_or_format.lower() in _FORMATS:
        fmt = path_or_format.lower()
        with tempfile.TemporaryDirectory(prefix="exdose-render-") as folder:
            target = Path(folder) / f"document{_FORMATS[fmt]}"
            render_file(loaded, target, audience, **options)
            if fmt in ("md", "html"):
                return target.read_text(encoding="utf-8")
            return target.read_bytes()
    render_file(loaded, Path(path_or_format), audience, **options)
    return None


# --- appraisal -------------------------------------------------------------------------------


def _is_file_name(text: str) -> bool:
    return "\n" not in text and len(text) < 4096 and Path(text).is_file()


@_api_errors
def read_report(
    path: PathLike, *, max_bytes: int | None = None, name: str | None = None
) -> Document:
    """Read one trial report file (txt, md, JATS XML, HTML, PDF, DOCX, tables included) into a
    `Document`: its text, title, format, sections and sentences (evidence offsets point into
    `.text`). Raises `IngestError` when the file cannot or must not be read, or is larger than
    `max_bytes` (default 50 MB). `name` is what the report is called (default its file name).
    """
    from exdose.appraise.ingest import DEFAULT_MAX_BYTES
    from exdose.appraise.ingest import read_report as _read

    bound = DEFAULT_MAX_BYTES if max_bytes is None else max_bytes
    return _read(Path(path), max_bytes=bound, name=name)


@_api_errors
def appraise(
    path_or_text: PathLike | Document, *, arm: str | None = None, max_bytes: int | None = None
) -> Appraisal:
    """Rate a trial report on CERT and TIDieR, with the sentences that report each item.

    A `Path`, or a string naming an existing file, is read as a report file (txt, md, JATS XML,
    HTML, PDF, DOCX; at most `max_bytes`, default 50 MB); a `Document` (`read_report`) is rated
    as read; any other string is taken as the report's text. `arm` rates the arm whose name
    contains it (default: the exercise arm found in the methods). Raises `IngestError` when the
    file cannot or must not be read.
    """
    from exdose.appraise.document import Document
    from exdose.appraise.ingest import parse_report
    from exdose.appraise.rater import appraise_document

    if isinstance(path_or_text, Document):
        return appraise_document(path_or_text, path="", arm_hint=arm)
    if isinstance(path_or_text, Path) or _is_file_name(path_or_text):
        path = Path(path_or_text)
        document = read_report(path, max_bytes=max_bytes)
        return appraise_document(document, path=str(path), arm_hint=arm)
    text = str(path_or_text)
    document = parse_report(text.encode("utf-8"), name="report.txt")
    return appraise_document(document, path="", arm_hint=arm)


def appraise_many(
    paths: PathLike | Iterable[PathLike],
    workers: int = 1,
    progress: Progress | None = None,
    *,
    arm: str | None = None,
    max_bytes: int | None = None,
    scheduler: str | None = None,
    on_skip: Callable[[Path, str], None] | None = None,
) -> Iterator[Appraisal]:
    """Rate every report under `paths` (folders searched recursively), yielding results in order.

    A report that cannot be read comes back with `.error` set (and `.ok` False) instead of
    stopping the run. `workers` > 1 rates in that many processes; `progress(done, total)` is
    called after each report. `arm` names the arm to rate in every report, `max_bytes` bounds
    each file (default 50 MB), `scheduler` ("tcp://HOST:PORT") runs the work on a Dask
    distributed cluster, and `on_skip(path, reason)` is told of each file of a folder that is
    not a report.
    """
    from exdose.appraise.batch import appraise_paths
    from exdose.appraise.ingest import DEFAULT_MAX_BYTES

    listed = [paths] if isinstance(paths, str | Path) else list(paths)
    try:
        yield from appraise_paths(
            [Path(p) for p in listed],
            workers=workers,
            progress=progress,
            max_bytes=DEFAULT_MAX_BYTES if max_bytes is None else max_bytes,
            arm_hint=arm,
            on_skip=on_skip,
            scheduler=scheduler,
        )
    except ExdoseError as error:
        raise _reword(error) from error.__cause__


@_api_errors
def review_summary(
    ratings: PathLike | Iterable[Appraisal], *, study_from: PathLike | None = None
) -> ReviewSummary:
    """The summary of a review: per report its type, arm and items reported; totals, per-item
    percentages and the ratings exdose is least sure of.

    `ratings` is a ratings table (CSV with commas or semicolons, or XLSX, as a reviewer
    corrected it: "not applicable" counts as not reported) or the appraisals of
    `appraise_many`. `study_from` groups reports into studies: "filename" (Protocol_005_... and
    Results_005_... are study 005) or a CSV with the columns document,study.
    """
    from exdose.report.review import ReviewSummary, assign_studies, summary_from_ratings

    if isinstance(ratings, str | Path):
        from exdose.appraise.ratings_table import read_ratings_table

        summary = summary_from_ratings(read_ratings_table(Path(ratings)))
    else:
        summary = ReviewSummary()
        for appraisal in ratings:
            summary.add(appraisal)
    assign_studies(summary, None if study_from is None else str(study_from))
    return summary


@_api_errors
def save_review(
    review: Iterable[Appraisal] | ReviewSummary,
    *,
    json_lines: TextIO | None = None,
    csv: PathLike | None = None,
    xlsx: PathLike | None = None,
    summary: PathLike | None = None,
    heatmap: PathLike | None = None,
    study_from: PathLike | None = None,
) -> ReviewSummary:
    """Write a review's outputs and return its summary: one JSON line per report to the
    `json_lines` stream, the ratings table (`csv`, `xlsx`), the summary (`summary`: .md, .html or
    .docx) and the reports x items heatmap (`heatmap`: .png, .svg or .pdf). Files are written
    atomically.

    `review` is the appraisals (consumed once, as `appraise_many` yields them, so memory stays
    flat) or a `review_summary`, of which only the summary and the heatmap can be written.
    `study_from` groups the reports into studies (see `review_summary`).
    """
    from exdose.report.review import (
        ReviewSummary,
        assign_studies,
        write_review,
        write_summary_files,
    )

    def path(value: PathLike | None) -> Path | None:
        return None if value is None else Path(value)

    study = None if study_from is None else str(study_from)
    if isinstance(review, ReviewSummary):
        if json_lines is not None or csv is not None or xlsx is not None:
            raise UsageError(
                "a review summary keeps no evidence to write as JSON lines, CSV or XLSX",
                hint="give the appraisals (appraise_many) for those",
            )
        assign_studies(review, study)
        write_summary_files(review, summary_path=path(summary), heatmap_path=path(heatmap))
        return review
    return write_review(
        review,
        json_stream=json_lines,
        csv_path=path(csv),
        xlsx_path=path(xlsx),
        summary_path=path(summary),
        heatmap_path=path(heatmap),
        study_from=study,
    )


def _ratings(
    ratings: PathLike | Iterable[Appraisal],
) -> tuple[dict[tuple[str, str, str], dict[str, object]], str]:
    from exdose.appraise.agreement import ratings_rows
    from exdose.appraise.table import rating_rows

    if isinstance(ratings, str | Path):
        return ratings_rows(Path(ratings)), str(ratings)
    keyed: dict[tuple[str, str, str], dict[str, object]] = {}
    for appraisal in ratings:
        for row in rating_rows(appraisal):
            # a report that could not be read has its rows left unrated ("" in the table)
            reported = row["reported"] if row["reported"] != "" else None
            keyed[(row["document"], row["checklist"], row["item"])] = {**row, "reported": reported}
    return keyed, "exdose"


@_api_errors
def agreement(
    a: PathLike | Iterable[Appraisal], b: PathLike | Iterable[Appraisal]
) -> AgreementReport:
    """Agreement between two raters: % agreement, Cohen's kappa and PABAK per item, per
    checklist and overall, and the list of disagreements to resolve.

    Each rater is a ratings table (CSV with commas or semicolons, or XLSX: document, checklist,
    item, reported, ...) or the appraisals of `appraise_many`; an item rated not applicable in
    either is left out, like an empty cell.
    """
    from exdose.appraise.agreement import compare_rows

    rows_a, name_a = _ratings(a)
    rows_b, name_b = _ratings(b)
    return compare_rows(rows_a, rows_b, rater_a=name_a, rater_b=name_b)


# --- figures ---------------------------------------------------------------------------------
# Each returns a matplotlib `Figure` built through the object-oriented API (no pyplot, the
# backend untouched): show it in a notebook, add to it, or save it with `figure.savefig(...)`.


@_api_errors
def dose_figure(dose: Program | WeeklyDose, *, top: int = 6) -> Figure:
    """Stacked bars of planned sets per muscle for each programme week (the `top` muscles, the
    rest as "other"), spikes marked."""
    from exdose.program.model import Program
    from exdose.report import dose_plot

    weeks = planned_dose(dose).weeks if isinstance(dose, Program) else dose.weeks
    figure: Figure = dose_plot.dose_figure(weeks, top=top)  # type: ignore[attr-defined,unused-ignore]
    return figure


@_api_errors
def load_figure(report: LoadReport, *, muscle: str = "glutes") -> Figure:
    """The coach's figure: weekly sets of one muscle and volume load as bars, with the week's
    worst pain rating on a second axis when pain was recorded."""
    from exdose.report import load_plot

    figure: Figure = load_plot.load_figure(report, muscle=muscle)  # type: ignore[attr-defined,unused-ignore]
    return figure


@_api_errors
def review_heatmap(appraisals: Iterable[Appraisal]) -> Figure:
    """A reports x items heatmap: reported dark, not reported light, unread reports grey."""
    from exdose.report import review

    summary = review.ReviewSummary()
    for appraisal in appraisals:
        summary.add(appraisal)
    figure: Figure = review.heatmap_figure(summary)  # type: ignore[attr-defined,unused-ignore]
    return figure

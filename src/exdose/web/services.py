"""Every call from the web app into the exdose library, in one place.

The pages, the JSON API and the jobs call these functions only; they take and return plain
Python values (text, dates, lists of dicts) so the views stay free of polars and pydantic.
The numbers are the library's own (fidelity, adjustment, load), the same as the CLI's --json.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import exdose

EXAMPLES_DIR = Path(exdose.__file__).resolve().parents[2] / "examples"
"""The bundled example programmes, offered as templates."""

SET_FIELDS = (
    "date",
    "session",
    "exercise",
    "exercise_name",
    "set_number",
    "set_kind",
    "reps",
    "load_kg",
    "rpe",
    "rir",
    "duration_s",
    "distance_m",
    "pain",
    "session_rpe",
    "session_minutes",
    "source",
)
"""The performed-set columns the web app stores (a subset of the sets-table schema)."""

PAIN_FIELDS = ("date", "region", "during", "after", "next_morning", "stiffness", "red_flag", "notes")


class ServiceError(Exception):
    """A problem with user input, with the messages to show (one per problem)."""

    def __init__(self, problems: list[dict[str, Any]]):
        self.problems = problems
        super().__init__("; ".join(_problem_line(p) for p in problems))


def _problem_line(problem: dict[str, Any]) -> str:
    place = ""
    if problem.get("line") is not None:
        place = f"line {problem['line']}"
        if problem.get("column") is not None:
            place += f", column {problem['column']}"
        place += ": "
    return place + str(problem.get("message", ""))


def _problems(error: Exception, name: str) -> list[dict[str, Any]]:
    from exdose.errors import ExdoseError

    listed = getattr(error, "problems", None)
    if listed:
        return [
            {"file": p.file, "line": p.line, "column": p.column, "message": p.message}
            for p in listed
        ]
    if isinstance(error, ExdoseError):
        return [
            {
                "file": error.file or name,
                "line": error.line,
                "column": error.column,
                "row": error.row,
                "message": error.message + (f" ({error.hint})" if error.hint else ""),
            }
        ]
    raise error


# --- programmes -------------------------------------------------------------------------------


def _load(text: str, name: str = "programme.yaml", start: dt.date | None = None) -> Any:
    """The loaded programme (library object); start replaces the file's start_date."""
    from exdose.errors import ExdoseError
    from exdose.program.io import load_program_bytes

    try:
        loaded = load_program_bytes(text.encode("utf-8"), name)
    except ExdoseError as error:
        raise ServiceError(_problems(error, name)) from None
    if start is not None:
        loaded.program = loaded.program.model_copy(update={"start_date": start})
    return loaded


@dataclass
class CheckOutcome:
    """`exdose check` for a programme text: problems (with lines) or the two checklist scores."""

    valid: bool
    problems: list[dict[str, Any]]
    name: str = ""
    cert: dict[str, Any] = field(default_factory=dict)
    tidier: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        """The shape of `exdose check --json` (program, cert, tidier, problems)."""
        return {"program": self.name, "cert": self.cert, "tidier": self.tidier,
                "problems": self.problems}


def check_text(text: str, name: str = "programme.yaml") -> CheckOutcome:
    """Validate and score programme text; problems carry line and column as in `exdose check`."""
    from exdose.checklists.score import score_program

    try:
        loaded = _load(text, name)
    except ServiceError as error:
        return CheckOutcome(False, error.problems)
    score = score_program(loaded.program, name)
    return CheckOutcome(
        True, [], loaded.program.name, _with_titles(score.cert), _with_titles(score.tidier)
    )


def _with_titles(checklist: Any) -> dict[str, Any]:
    """The checklist JSON of `exdose check --json`, each item also carrying its short title."""
    out: dict[str, Any] = checklist.to_json()
    for item, result in zip(out["items"], checklist.items, strict=True):
        item["title"] = result.title
    return out


def programme_name(text: str) -> str:
    """The programme's name (text must be valid)."""
    return str(_load(text).program.name)


def templates() -> list[dict[str, str]]:
    """The bundled example programmes: slug, name and file text."""
    out = []
    for path in sorted(EXAMPLES_DIR.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        try:
            name = programme_name(text)
        except ServiceError:
            continue
        out.append({"slug": path.stem, "name": name, "text": text})
    return out


def template_text(slug: str) -> str | None:
    """The text of one bundled example by its slug, or None."""
    return next((t["text"] for t in templates() if t["slug"] == slug), None)


BLANK_PROGRAMME = """\
exdose: 1
name: New programme
goal: What the programme is for
phases:
  - name: Phase 1
    weeks: 1-4
    sessions:
      - name: A
        day: Monday
        exercises:
          - exercise: Barbell Hip Thrust
            dose: 3x8-12 @RIR2 rest 2min
"""


def parse_dose_cell(text: str) -> dict[str, Any]:
    """One dose cell parsed live: {"ok": True, "text": words} or the error with its column."""
    from exdose.errors import NotationError
    from exdose.program.notation import parse_dose
    from exdose.report.methods import dose_words

    try:
        dose = parse_dose(text)
    except NotationError as error:
        return {"ok": False, "column": error.column, "message": error.one_line()}
    return {"ok": True, "text": dose_words(dose)}


def search_exercises(query: str, limit: int = 12) -> list[dict[str, str]]:
    """Library exercises whose name contains every word of the query."""
    from exdose.exercises import default_library

    words = [w for w in query.lower().split() if w]
    if not words:
        return []
    found = []
    for ex in default_library():
        name = ex.name.lower()
        if all(w in name for w in words):
            found.append({"id": ex.id, "name": ex.name})
            if len(found) >= limit:
                break
    return found


def planned_sessions(text: str, start: dt.date) -> list[dict[str, Any]]:
    """Every planned session from `start`: week, day, name, date and each exercise's dose."""
    from exdose.program.expand import plan_sessions
    from exdose.report.methods import dose_words

    loaded = _load(text, start=start)
    program = loaded.program
    sessions = []
    for planned in plan_sessions(loaded):
        phase = program.phase_for_week(planned.week)
        spec = phase.sessions[planned.day - 1] if phase is not None else None
        exercises = []
        for index, dose in enumerate(planned.doses):
            item = spec.exercises[index] if spec is not None else None
            definition = program.exercises.get(dose.exercise)
            lib = loaded.library.get(dose.exercise)
            name = (definition.name if definition and definition.name else None) or (
                lib.name if lib else dose.exercise
            )
            cues = list(definition.cues) if definition and definition.cues else []
            exercises.append(
                {
                    "exercise": dose.exercise,
                    "name": name,
                    "sets": dose.sets,
                    "reps": dose.reps,
                    "reps_max": dose.reps_max,
                    "per_side": bool(dose.per_side),
                    "load_kg": dose.load_kg,
                    "load_text": dose.load_text,
                    "rpe": dose.rpe,
                    "rir": dose.rir,
                    "duration_s": dose.duration_s,
                    "rest_s": dose.rest_s,
                    "dose_text": dose_words(item.dose) if item is not None else "",
                    "cues": cues,
                }
            )
        sessions.append(
            {
                "week": planned.week,
                "day": planned.day,
                "name": planned.name,
                "date": planned.date,
                "minutes": planned.minutes,
                "deload": planned.deload,
                "exercises": exercises,
            }
        )
    return sessions


# --- performed sets and pain ------------------------------------------------------------------


def _sets_frame(rows: Iterable[dict[str, Any]]) -> Any:
    import polars as pl

    from exdose.sets.schema import SETS_SCHEMA, conform_sets, empty_sets

    rows = list(rows)
    if not rows:
        return empty_sets()
    data = {name: [r.get(name) for r in rows] for name in SET_FIELDS}
    data["row"] = list(range(1, len(rows) + 1))
    frame = pl.DataFrame(data, schema={n: SETS_SCHEMA[n] for n in data}, strict=False)
    return conform_sets(frame).sort("date", "session", "exercise", "set_number")


def _pain_diary(rows: Iterable[dict[str, Any]]) -> Any:
    import polars as pl

    from exdose.sets.readers.model import PAIN_SCHEMA, PainDiary

    rows = list(rows)
    data = {n: [r.get(n) for r in rows] for n in PAIN_FIELDS}
    data["source"] = ["web"] * len(rows)
    data["row"] = list(range(1, len(rows) + 1))
    data["athlete"] = [None] * len(rows)
    frame = pl.DataFrame(data, schema={n: PAIN_SCHEMA[n] for n in data}, strict=False)
    return PainDiary(entries=frame.select(list(PAIN_SCHEMA)))


def _log(loaded: Any, rows: Iterable[dict[str, Any]]) -> Any:
    from exdose.sets.readers.model import LogRead

    return LogRead(sets=_sets_frame(rows), format="exdose-web", library=loaded.library)


def fidelity(
    text: str, start: dt.date, sets: Sequence[dict[str, Any]], through_week: int | None = None
) -> dict[str, Any]:
    """Planned against performed (CERT 16b / TIDieR 12), the JSON of `exdose fidelity --json`."""
    from exdose.errors import ExdoseError
    from exdose.monitor.fidelity import assess_fidelity

    loaded = _load(text, start=start)
    try:
        report = assess_fidelity(loaded, _log(loaded, sets), through_week=through_week)
    except ExdoseError as error:
        raise ServiceError(_problems(error, "log")) from None
    return report.model_dump(mode="json")


def _adjustment(
    text: str, start: dt.date, sets: Sequence[dict[str, Any]], pain: Sequence[dict[str, Any]]
) -> tuple[Any, Any]:
    from exdose.errors import ExdoseError
    from exdose.monitor.adjust import propose_adjustment

    loaded = _load(text, start=start)
    try:
        result = propose_adjustment(loaded, _log(loaded, sets), [_pain_diary(pain)])
    except ExdoseError as error:
        raise ServiceError(_problems(error, "log")) from None
    return loaded, result


def adjustment(
    text: str, start: dt.date, sets: Sequence[dict[str, Any]], pain: Sequence[dict[str, Any]]
) -> dict[str, Any]:
    """The proposal for the next week, the JSON of `exdose adjust --json`."""
    _, result = _adjustment(text, start, sets, pain)
    out: dict[str, Any] = result.as_json()
    return out


def next_version(
    text: str, start: dt.date, sets: Sequence[dict[str, Any]], pain: Sequence[dict[str, Any]]
) -> tuple[str, dict[str, Any]]:
    """The next programme file (text, checked to load back) and the proposal it applies."""
    from exdose.monitor.adjust import next_program
    from exdose.program.io import dump_program

    loaded, result = _adjustment(text, start, sets, pain)
    if result.decision == "refer":
        raise ServiceError(
            [{"message": "a red flag: refer for assessment; no next version is written"}]
        )
    program = next_program(loaded, result)
    new_text = dump_program(program, "yaml")
    _load(new_text, "next.yaml")
    return new_text, result.as_json()


def load_report(sets: Sequence[dict[str, Any]], pain: Sequence[dict[str, Any]],
                text: str | None = None) -> dict[str, Any]:
    """Weekly dose and daily load (ACWR descriptive), the JSON of `exdose load --json`."""
    from exdose.dose.summary import summarise_load
    from exdose.errors import ExdoseError
    from exdose.exercises import default_library

    library = _load(text).library if text else default_library()
    frame = _sets_frame(sets)
    if frame.height == 0:
        raise ServiceError([{"message": "no sets logged yet"}])
    try:
        report = summarise_load(frame, library, pain=_pain_diary(pain).entries)
    except ExdoseError as error:
        raise ServiceError(_problems(error, "log")) from None
    out: dict[str, Any] = report.to_json_dict()
    return out


@dataclass
class ReadLog:
    """An uploaded log read: the rows to store, every skipped row with its reason."""

    format: str
    sets: list[dict[str, Any]]
    skipped: list[dict[str, Any]]
    unmatched: list[str]
    warnings: list[str]
    pain: list[dict[str, Any]]


def read_log_bytes(
    raw: bytes,
    filename: str,
    programme_text: str | None = None,
    *,
    unit: str | None = None,
    aliases: dict[str, str] | None = None,
) -> ReadLog:
    """Read an uploaded Strong, Hevy, FitNotes or exdose CSV log (format from its header)."""
    from exdose.errors import ExdoseError
    from exdose.sets import read_log

    library = _load(programme_text).library if programme_text else None
    suffix = Path(filename).suffix or ".csv"
    with tempfile.TemporaryDirectory(prefix="exdose-upload-") as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(raw)
        mapping = None
        if aliases:
            import yaml

            mapping = Path(folder) / "mapping.yaml"
            mapping.write_text(yaml.safe_dump(aliases, allow_unicode=True), encoding="utf-8")
        try:
            read = read_log(path, unit=unit, mapping=mapping, library=library)  # type: ignore[arg-type]
        except ExdoseError as error:
            problems = _problems(error, filename)
            for p in problems:
                p["file"] = filename
            raise ServiceError(problems) from None
    rows = []
    for r in read.sets.iter_rows(named=True):
        row = {k: r.get(k) for k in SET_FIELDS}
        row["source_row"] = r.get("row")
        rows.append(row)
    pain = []
    if read.pain is not None:
        pain = [{k: p.get(k) for k in PAIN_FIELDS} for p in read.pain.entries.iter_rows(named=True)]
    return ReadLog(
        read.format,
        rows,
        [s.as_dict() for s in read.skipped],
        list(read.unmatched),
        list(read.warnings),
        pain,
    )


def read_pain_bytes(raw: bytes) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Read an uploaded pain diary: the ratings and the skipped rows with reasons."""
    from exdose.errors import ExdoseError
    from exdose.sets import read_pain_diary

    with tempfile.TemporaryDirectory(prefix="exdose-upload-") as folder:
        path = Path(folder) / "pain.csv"
        path.write_bytes(raw)
        try:
            diary = read_pain_diary(path)
        except ExdoseError as error:
            raise ServiceError(_problems(error, "pain diary")) from None
    rows = [{k: p.get(k) for k in PAIN_FIELDS} for p in diary.entries.iter_rows(named=True)]
    return rows, [s.as_dict() for s in diary.skipped]


# --- downloads --------------------------------------------------------------------------------


def handout_pdf(text: str, start: dt.date, language: str = "en") -> bytes:
    """The patient handout as PDF bytes."""
    from exdose.report.render import build_document, to_pdf, _figures

    loaded = _load(text, start=start)
    document = build_document(loaded, "patient")
    return to_pdf(document, _figures(loaded, document))


def dump_yaml(text: str) -> str:
    """The programme as the library writes it (YAML)."""
    from exdose.program.io import dump_program

    return dump_program(_load(text).program, "yaml")

"""Every call from the web app into the exdose library, in one place.

The pages, the JSON API and the jobs call these functions only; they take and return plain
Python values (text, dates, lists of dicts) so the views stay free of polars and pydantic.
The numbers are the library's own (fidelity, adjustment, load), the same as the CLI's --json.
"""

from __future__ import annotations

import datetime as dt
import functools
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

READINESS_FIELDS = ("sleep_hours", "sleep_quality", "stress", "fatigue", "soreness", "mood")
"""The daily readiness self-reports (issue 14): sleep in hours 0-24, the others 0-10."""
READINESS_TOP = {name: 24.0 if name == "sleep_hours" else 10.0 for name in READINESS_FIELDS}

PAIN_FIELDS = (
    "date",
    "region",
    "during",
    "after",
    "next_morning",
    "stiffness",
    "red_flag",
    "notes",
    *READINESS_FIELDS,
)


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
    listed = getattr(error, "problems", None)
    if listed:
        return [
            {"file": p.file, "line": p.line, "column": p.column, "message": p.message}
            for p in listed
        ]
    if isinstance(error, exdose.ExdoseError):
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
    """The `exdose.Program` of a programme text; `start` replaces the file's start_date.

    The text goes through `exdose.load_program` (a file in a private temporary folder), so the
    problems and their line numbers are exactly those of `exdose check`.
    """
    program = _parsed(text, name)
    if start is not None:
        program = program.model_copy(update={"start_date": start})
    return program


@functools.lru_cache(maxsize=64)
def _parsed(text: str, name: str) -> Any:
    """Parsing is a pure function of the text: a page that asks for the same version several
    times parses it once per process (nothing else is kept; problems are never cached)."""
    with tempfile.TemporaryDirectory(prefix="exdose-web-") as folder:
        path = Path(folder) / ("programme.json" if text.lstrip().startswith("{") else name)
        path.write_text(text, encoding="utf-8")
        try:
            return exdose.load_program(path)
        except exdose.ExdoseError as error:
            problems = _problems(error, name)
            for p in problems:
                p["file"] = name
            raise ServiceError(problems) from None


def _text_of(program: Any) -> str:
    """A programme written out as the library writes it (checked to load back)."""
    with tempfile.TemporaryDirectory(prefix="exdose-web-") as folder:
        path = Path(folder) / "programme.yaml"
        try:
            exdose.save_program(program, path)
        except exdose.ExdoseError as error:
            raise ServiceError(_problems(error, "programme.yaml")) from None
        return path.read_text(encoding="utf-8")


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
        return {
            "program": self.name,
            "cert": self.cert,
            "tidier": self.tidier,
            "problems": self.problems,
        }


def check_text(text: str, name: str = "programme.yaml") -> CheckOutcome:
    """Validate and score programme text; problems carry line and column as in `exdose check`."""
    try:
        program = _load(text, name)
    except ServiceError as error:
        return CheckOutcome(False, error.problems)
    score = exdose.check(program)
    return CheckOutcome(
        True, [], program.name, _with_titles(score.cert), _with_titles(score.tidier)
    )


def _with_titles(checklist: Any) -> dict[str, Any]:
    """The checklist JSON of `exdose check --json`, each item also carrying its short title."""
    out: dict[str, Any] = checklist.to_json()
    for item, result in zip(out["items"], checklist.items, strict=True):
        item["title"] = result.title
    return out


def programme_name(text: str) -> str:
    """The programme's name (text must be valid)."""
    return str(_load(text).name)


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
    """One dose cell parsed live: {"ok": True, "text": words} or the error with its column.

    The words are `exdose.describe_dose`'s, the same the methods text and the handout use.
    """
    try:
        words = exdose.describe_dose(text)
    except exdose.NotationError as error:
        return {"ok": False, "column": error.column, "message": error.one_line()}
    return {"ok": True, "text": words}


def search_exercises(query: str, limit: int = 12) -> list[dict[str, str]]:
    """Library exercises whose name contains every word of the query."""
    if not query.strip():
        return []
    return [{"id": ex.id, "name": ex.name} for ex in exdose.find_exercises(query)[:limit]]


def library_exercise(key: str) -> dict[str, str] | None:
    """One library exercise by id or name (exact, after the library's normalisation), or None."""
    found = exdose.exercise_library().get(key) if key.strip() else None
    return {"id": found.id, "name": found.name} if found is not None else None


def suggest_exercises(name: str, limit: int = 5) -> list[dict[str, str]]:
    """Library exercises whose names are close to an app's name, best first (for picking)."""
    library = exdose.exercise_library()
    out = []
    for close in library.suggest(name, limit=limit):
        found = library.get(close)
        if found is not None:
            out.append({"id": found.id, "name": found.name})
    return out


def planned_sessions(text: str, start: dt.date) -> list[dict[str, Any]]:
    """Every planned session from `start`: week, day, name, date and each exercise's dose.

    From `exdose.expand` (one row per planned set), grouped into sessions and exercises.
    """
    program = _load(text, start=start)
    table = exdose.expand(program)
    sessions: dict[tuple[int, int], dict[str, Any]] = {}
    for row in table.iter_rows(named=True):
        key = (row["week"], row["day"])
        session = sessions.get(key)
        if session is None:
            session = sessions[key] = {
                "week": row["week"],
                "day": row["day"],
                "name": row["session"],
                "date": row["date"],
                "minutes": row["session_minutes"],
                "exercises": [],
                "_by": {},
            }
        exercise = session["_by"].get(row["exercise"])
        if exercise is None:
            definition = program.exercises.get(row["exercise"])
            exercise = {
                "exercise": row["exercise"],
                "name": row["exercise_name"],
                "sets": 0,
                "reps": row["reps"],
                "reps_max": row["reps_max"],
                "per_side": bool(row["per_side"]),
                "load_kg": row["load_kg"],
                "load_text": row["load_text"],
                "rpe": row["rpe"],
                "rir": row["rir"],
                "duration_s": row["duration_s"],
                "rest_s": row["rest_s"],
                "dose_text": "",
                "cues": list(definition.cues) if definition and definition.cues else [],
            }
            session["_by"][row["exercise"]] = exercise
            session["exercises"].append(exercise)
        exercise["sets"] += 1
    out = []
    for (week, day), session in sorted(sessions.items()):
        phase = program.phase_for_week(week)
        spec = phase.sessions[day - 1] if phase is not None and day <= len(phase.sessions) else None
        if spec is not None and len(spec.exercises) == len(session["exercises"]):
            for exercise, item in zip(session["exercises"], spec.exercises, strict=True):
                exercise["dose_text"] = exdose.describe_dose(item.dose)
        del session["_by"]
        out.append(session)
    return out


# --- performed sets and pain ------------------------------------------------------------------


def _sets_frame(rows: Iterable[dict[str, Any]]) -> Any:
    """Stored rows as a sets table (exdose fills the columns the web app does not store)."""
    import polars as pl

    rows = list(rows)
    schema = {
        "date": pl.Date,
        "session": pl.Utf8,
        "exercise": pl.Utf8,
        "exercise_name": pl.Utf8,
        "set_number": pl.Int32,
        "set_kind": pl.Utf8,
        "reps": pl.Int32,
        "load_kg": pl.Float64,
        "rpe": pl.Float64,
        "rir": pl.Float64,
        "duration_s": pl.Float64,
        "distance_m": pl.Float64,
        "pain": pl.Float64,
        "session_rpe": pl.Float64,
        "session_minutes": pl.Float64,
        "source": pl.Utf8,
    }
    data: dict[str, list[Any]] = {name: [r.get(name) for r in rows] for name in schema}
    data["exercise"] = [e or None for e in data["exercise"]]
    frame = pl.DataFrame(data, schema=schema, strict=False).with_row_index("row", offset=1)
    return frame.with_columns(pl.col("row").cast(pl.Int64))


def _pain_diary(rows: Iterable[dict[str, Any]]) -> Any:
    """Stored ratings as an `exdose.PainDiary`."""
    import polars as pl

    rows = list(rows)
    schema = {
        "athlete": pl.Utf8,
        "date": pl.Date,
        "region": pl.Utf8,
        "during": pl.Float64,
        "after": pl.Float64,
        "next_morning": pl.Float64,
        "stiffness": pl.Float64,
        "red_flag": pl.Boolean,
        "notes": pl.Utf8,
        "source": pl.Utf8,
        "row": pl.Int64,
    }
    # readiness columns ride along only when some rating has one: exdose reads them from the
    # diary's columns, and a diary without them gives today's proposal
    markers = [m for m in READINESS_FIELDS if any(r.get(m) is not None for r in rows)]
    schema.update({m: pl.Float64 for m in markers})
    data: dict[str, list[Any]] = {name: [r.get(name) for r in rows] for name in schema}
    data["source"] = ["web"] * len(rows)
    data["row"] = list(range(1, len(rows) + 1))
    return exdose.PainDiary(entries=pl.DataFrame(data, schema=schema, strict=False))


def fidelity(
    text: str, start: dt.date, sets: Sequence[dict[str, Any]], through_week: int | None = None
) -> dict[str, Any]:
    """Planned against performed (CERT 16b / TIDieR 12), the JSON of `exdose fidelity --json`."""
    program = _load(text, start=start)
    try:
        report = exdose.fidelity(program, _sets_frame(sets), through_week=through_week)
    except exdose.ExdoseError as error:
        raise ServiceError(_problems(error, "log")) from None
    out: dict[str, Any] = report.model_dump(mode="json")
    return out


def _adjustment(
    text: str, start: dt.date, sets: Sequence[dict[str, Any]], pain: Sequence[dict[str, Any]]
) -> tuple[Any, Any]:
    program = _load(text, start=start)
    try:
        result = exdose.propose_adjustment(program, _sets_frame(sets), _pain_diary(pain))
    except exdose.ExdoseError as error:
        raise ServiceError(_problems(error, "log")) from None
    return program, result


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
    program, result = _adjustment(text, start, sets, pain)
    if result.decision == "refer":
        raise ServiceError(
            [{"message": "a red flag: refer for assessment; no next version is written"}]
        )
    try:
        following = exdose.next_program(program, result)
    except exdose.ExdoseError as error:
        raise ServiceError(_problems(error, "programme.yaml")) from None
    new_text = _text_of(following)
    _load(new_text, "next.yaml")
    return new_text, result.as_json()


def load_report(
    sets: Sequence[dict[str, Any]], pain: Sequence[dict[str, Any]], text: str | None = None
) -> dict[str, Any]:
    """Weekly dose and daily load (ACWR descriptive), the JSON of `exdose load --json`."""
    program = _load(text) if text else None
    frame = _sets_frame(sets)
    if frame.height == 0:
        raise ServiceError([{"message": "no sets logged yet"}])
    try:
        report = exdose.load_report(frame, pain=_pain_diary(pain), library=program)
    except exdose.ExdoseError as error:
        raise ServiceError(_problems(error, "log")) from None
    out: dict[str, Any] = report.to_json_dict()
    return out


def planned_load_report(text: str, start: dt.date) -> dict[str, Any]:
    """The plan's weekly dose by calendar week: `exdose.load_report` of the planned sets table
    (`exdose.expand`), so planned and performed weeks go through the same dose code and line up
    by week start even when the programme does not start on a Monday."""
    program = _load(text, start=start)
    try:
        report = exdose.load_report(exdose.expand(program), library=program)
    except exdose.ExdoseError as error:
        raise ServiceError(_problems(error, "programme.yaml")) from None
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
    _refuse_nul_bytes(raw, filename)
    program = _load(programme_text) if programme_text else None
    suffix = Path(filename).suffix or ".csv"
    with tempfile.TemporaryDirectory(prefix="exdose-upload-") as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(raw)
        mapping = None
        if aliases:
            # a clinic's alias whose exercise this read's library lacks is left out (not an
            # error: it was chosen for another programme's library)
            library = exdose.exercise_library(program)
            aliases = {name: ex for name, ex in aliases.items() if library.get(ex) is not None}
        if aliases:
            import yaml

            mapping = Path(folder) / "mapping.yaml"
            mapping.write_text(yaml.safe_dump(aliases, allow_unicode=True), encoding="utf-8")
        try:
            read = exdose.read_log(path, unit=unit, mapping=mapping, library=program)  # type: ignore[arg-type]
        except exdose.ExdoseError as error:
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


def _refuse_nul_bytes(raw: bytes, name: str) -> None:
    """A text export holds no NUL byte (exdose reads logs as UTF-8); one in a name would reach
    the database, where PostgreSQL refuses to store it."""
    if b"\x00" in raw:
        raise ServiceError(
            [
                {
                    "file": name,
                    "message": "the file holds NUL bytes (0x00), so it is not a UTF-8 text"
                    " export (a UTF-16 or binary file?): export it again as CSV",
                }
            ]
        )


def read_pain_bytes(raw: bytes) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Read an uploaded pain diary: the ratings and the skipped rows with reasons."""
    _refuse_nul_bytes(raw, "pain diary")
    with tempfile.TemporaryDirectory(prefix="exdose-upload-") as folder:
        path = Path(folder) / "pain.csv"
        path.write_bytes(raw)
        try:
            diary = exdose.read_pain(path)
        except exdose.ExdoseError as error:
            raise ServiceError(_problems(error, "pain diary")) from None
    rows = [{k: p.get(k) for k in PAIN_FIELDS} for p in diary.entries.iter_rows(named=True)]
    return rows, [s.as_dict() for s in diary.skipped]


# --- downloads --------------------------------------------------------------------------------


def handout_pdf(text: str, start: dt.date, language: str = "en") -> bytes:
    """The handout as PDF bytes, written in the patient's language (en, nb or sv)."""
    program = _load(text, start=start)
    lang = language if language in HANDOUT_LANGUAGES else "en"
    try:
        pdf = exdose.render(program, "pdf", audience="handout", lang=lang)
    except exdose.ExdoseError as error:
        raise ServiceError(_problems(error, "programme.yaml")) from None
    assert isinstance(pdf, bytes)
    return pdf


HANDOUT_LANGUAGES = ("en", "nb", "sv")
METHODS_FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def methods_document(text: str, start: dt.date, fmt: str) -> bytes:
    """The methods section (with the filled CERT and TIDieR checklists) as DOCX or PDF bytes."""
    if fmt not in METHODS_FORMATS:
        raise ServiceError([{"message": f"methods come as docx or pdf, not {fmt!r}"}])
    program = _load(text, start=start)
    try:
        document = exdose.render(program, fmt, audience="methods")
    except exdose.ExdoseError as error:
        raise ServiceError(_problems(error, "programme.yaml")) from None
    assert isinstance(document, bytes)
    return document


def content_type_of(filename: str) -> str:
    """The media type of a generated document, from its name."""
    suffix = Path(filename).suffix.lstrip(".").lower()
    return METHODS_FORMATS.get(suffix, "application/octet-stream")


# --- trial arms -------------------------------------------------------------------------------

ARM_MEASURES = (
    ("sessions", "supervised", "supervised sessions attended"),
    ("sessions", "home", "home sessions done"),
    ("sets", "supervised", "prescribed supervised sets completed"),
    ("sets", "home", "prescribed home sets completed"),
)


def quartiles(values: Sequence[float]) -> tuple[float, float, float] | None:
    """Median, first and third quartile (linear interpolation between order statistics, the
    'inclusive' method: with 3 values a <= b <= c, Q1 = (a + b) / 2 and Q3 = (b + c) / 2)."""
    import statistics

    if not values:
        return None
    if len(values) == 1:
        return float(values[0]), float(values[0]), float(values[0])
    q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return median, q1, q3


def _pct(done: int, planned: int) -> float | None:
    return 100.0 * done / planned if planned else None


def _fmt(value: float, digits: int = 1) -> str:
    text = f"{value:.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def arm_dose(name: str, reports: Sequence[dict[str, Any] | None]) -> dict[str, Any]:
    """Delivered dose across an arm's participants from their fidelity reports (the JSON of
    `fidelity`; None for a participant with nothing logged, who is counted apart): median and
    IQR of the counts done and of the share of the planned, supervised and home apart, and the
    arm-level CERT 16b / TIDieR 12 sentence."""
    counted = [r for r in reports if r is not None]
    measures = []
    for part, setting, label in ARM_MEASURES:
        done = [float(r[part][setting]["done"]) for r in counted]
        shares = [
            p
            for r in counted
            if (p := _pct(r[part][setting]["done"], r[part][setting]["planned"])) is not None
        ]
        measures.append(
            {
                "part": part,
                "setting": setting,
                "label": label,
                "done": quartiles(done),
                "pct": quartiles(shares),
                "with_plan": len(shares),
            }
        )
    return {
        "name": name,
        "participants": len(reports),
        "counted": len(counted),
        "measures": measures,
        "sentence": _arm_sentence(name, len(reports), len(counted), measures),
    }


def _arm_sentence(name: str, total: int, counted: int, measures: list[dict[str, Any]]) -> str:
    if counted == 0:
        return f"In the {name} arm ({total} participants), no sessions have been logged yet."
    parts = []
    for m in measures:
        if m["pct"] is None:
            parts.append(f"no {m['setting']} {m['part']} were planned")
            continue
        median, q1, q3 = m["pct"]
        d_median, d_q1, d_q3 = m["done"]
        parts.append(
            f"a median of {_fmt(median)}% (IQR {_fmt(q1)}-{_fmt(q3)}%) of {m['label']}"
            f" ({_fmt(d_median, 2)}, IQR {_fmt(d_q1, 2)}-{_fmt(d_q3, 2)} per participant)"
        )
    missing = total - counted
    tail = (
        f"; {missing} participant{'s' if missing != 1 else ''} with nothing logged"
        f" {'are' if missing != 1 else 'is'} not counted"
        if missing
        else ""
    )
    return (
        f"In the {name} arm ({counted} of {total} participants with logged training, each up to"
        f" their last logged week), participants had "
        + "; ".join(parts)
        + f"{tail} (CERT 16b, TIDieR 12)."
    )

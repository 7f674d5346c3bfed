"""The JSON API under /api/v1/ (Django Ninja, bearer tokens, OpenAPI at /api/v1/openapi.json).

A token belongs to one clinician of one clinic; every id outside that clinic answers 404.
The load, fidelity and adjustment bodies are the JSON of the CLI's `--json`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.db import DataError
from django.http import HttpRequest
from django.utils import timezone
from ninja import File, NinjaAPI, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from ninja.parser import Parser
from ninja.security import HttpBearer

from exdose.web import derived, records, services
from exdose.web.access import patient_or_404
from exdose.web.models import ApiToken, Clinic, Patient, audit, token_hash


class TokenAuth(HttpBearer):
    """`Authorization: Bearer exd_...`: a live token of a clinic member."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = (
            ApiToken.objects.select_related("clinic", "user")
            .filter(token_hash=token_hash(token), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if found is None:
            return None
        request.clinic = found.clinic  # type: ignore[attr-defined]
        request.api_user = found.user  # type: ignore[attr-defined]
        return found


NUL_REFUSED = "text may not contain a NUL character (\\u0000)"


def _refuse_nul(value: Any) -> None:
    """HttpError 422 if a string anywhere in a parsed body or query holds a NUL: PostgreSQL
    cannot store one in a text column (the insert failed with a 500), SQLite would keep it
    silently, and no field of this API has a use for one."""
    if isinstance(value, str):
        if "\x00" in value:
            raise HttpError(422, NUL_REFUSED)
    elif isinstance(value, dict):
        for key, item in value.items():
            _refuse_nul(key)
            _refuse_nul(item)
    elif isinstance(value, list):
        for item in value:
            _refuse_nul(item)


class TextParser(Parser):
    """Ninja's JSON and query/form parsing, refusing NUL characters (see `_refuse_nul`)."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        data: dict[str, Any] = super().parse_body(request)
        _refuse_nul(data)
        return data

    def parse_querydict(self, data: Any, list_fields: list[str], request: HttpRequest) -> Any:
        parsed = super().parse_querydict(data, list_fields, request)
        _refuse_nul(parsed)
        return parsed


api = NinjaAPI(
    title="exdose clinic API",
    version="1",
    urls_namespace="api-v1",
    auth=TokenAuth(),
    docs_url="/docs",
    parser=TextParser(),
)


def _clinic(request: HttpRequest) -> Clinic:
    return request.clinic  # type: ignore[attr-defined, no-any-return]


def _patient(request: HttpRequest, patient_id: int) -> Patient:
    return patient_or_404(_clinic(request), patient_id)


def _unprocessable(error: services.ServiceError) -> HttpError:
    exc = HttpError(422, "; ".join(str(p.get("message")) for p in error.problems))
    exc.problems = error.problems  # type: ignore[attr-defined]
    return exc


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> Any:
    if isinstance(exc.__cause__, HttpError):
        # Ninja answers 400 "Cannot parse request body" for whatever the body parser raised;
        # our parser's own refusal (a NUL) says what is wrong, so it is answered instead
        exc = exc.__cause__
    body: dict[str, Any] = {"detail": str(exc)}
    problems = getattr(exc, "problems", None)
    if problems is not None:
        body["problems"] = problems
    return api.create_response(request, body, status=exc.status_code)


@api.exception_handler(DataError)
def _data_error(request: HttpRequest, exc: DataError) -> Any:
    # a value the database refuses to store (on PostgreSQL: a NUL in a text, a number out of
    # the column's range) is the request's fault, not the server's; the transaction it was in
    # has been rolled back, so nothing of the request is kept
    return api.create_response(
        request, {"detail": f"a value in the request cannot be stored: {exc}"}, status=422
    )


class PatientIn(Schema):
    """A new patient."""

    name: str
    email: str | None = None
    language: Literal["en", "nb", "sv"] = "en"


class PatientOut(Schema):
    """A patient as the API shows it."""

    id: int
    name: str
    email: str | None
    language: str
    programme: str | None
    start_date: dt.date | None
    created_at: dt.datetime


def _out(patient: Patient) -> dict[str, Any]:
    programme = patient.current_programme()
    return {
        "id": patient.pk,
        "name": patient.name,
        "email": patient.email or None,
        "language": patient.language,
        "programme": programme.name if programme else None,
        "start_date": programme.start_date if programme else None,
        "created_at": patient.created_at,
    }


@api.get("/patients", response=list[PatientOut])
def list_patients(request: HttpRequest) -> list[dict[str, Any]]:
    """The clinic's patients (archived ones left out)."""
    return [
        _out(p)
        for p in Patient.objects.for_clinic(_clinic(request)).filter(archived_at__isnull=True)
    ]


@api.post("/patients", response={201: PatientOut})
def create_patient(request: HttpRequest, body: PatientIn) -> Status[dict[str, Any]]:
    """Add a patient to the caller's clinic."""
    name = body.name.strip()
    if not name or len(name) > 200:
        raise HttpError(422, "name must be 1-200 characters")
    email = (body.email or "").strip()
    if email and ("@" not in email or len(email) > 254):
        raise HttpError(422, "email is not an email address")
    patient = Patient.objects.create(
        clinic=_clinic(request),
        name=name,
        email=email,
        language=body.language,
        created_by=request.api_user,  # type: ignore[attr-defined]
    )
    audit(patient.clinic, request.api_user, "create_patient", patient, via="api")  # type: ignore[attr-defined]
    return Status(201, _out(patient))


@api.get("/patients/{patient_id}", response=PatientOut)
def get_patient(request: HttpRequest, patient_id: int) -> dict[str, Any]:
    """One patient of the clinic."""
    return _out(_patient(request, patient_id))


class ProgrammeIn(Schema):
    """A programme file's text and the day week 1 starts."""

    program: str
    start_date: dt.date


class ProgrammeOut(Schema):
    """The assigned programme and the checklist scores of its file."""

    id: int
    name: str
    start_date: dt.date
    version: int
    cert: dict[str, Any]
    tidier: dict[str, Any]


@api.post("/patients/{patient_id}/programs", response={201: ProgrammeOut})
def assign_programme(
    request: HttpRequest, patient_id: int, body: ProgrammeIn
) -> Status[dict[str, Any]]:
    """Assign a programme; a file `exdose check` rejects answers 422 with the same problems."""
    patient = _patient(request, patient_id)
    outcome = services.check_text(body.program)
    if not outcome.valid:
        raise _unprocessable(services.ServiceError(outcome.problems))
    programme = records.assign(patient, body.program, body.start_date, request.api_user)  # type: ignore[attr-defined]
    return Status(
        201,
        {
            "id": programme.pk,
            "name": programme.name,
            "start_date": programme.start_date,
            "version": 1,
            "cert": outcome.cert,
            "tidier": outcome.tidier,
        },
    )


class SkippedRow(Schema):
    """A log row not read, and why."""

    row: int
    reason: str


class LogOut(Schema):
    """What an uploaded log gave: the format, the rows read, every skipped row."""

    id: int
    format: str
    read: int
    already_stored: int
    already_stored_pain: int
    skipped: list[SkippedRow]
    unmatched: list[str]
    warnings: list[str]


@api.post("/patients/{patient_id}/logs", response={201: LogOut})
def upload_log(
    request: HttpRequest,
    patient_id: int,
    file: UploadedFile = File(...),  # type: ignore[type-arg]
    unit: Literal["kg", "lb"] | None = None,
) -> Status[dict[str, Any]]:
    """Upload a Strong, Hevy, FitNotes or exdose CSV log. Sets an earlier upload stored with the
    same values (an app's export repeats the whole history) are counted in `already_stored`
    and not stored again."""
    patient = _patient(request, patient_id)
    try:
        record = records.import_log(
            patient, file.read(), file.name or "log.csv", request.api_user, unit=unit
        )  # type: ignore[attr-defined]
    except services.ServiceError as error:
        raise _unprocessable(error) from None
    return Status(
        201,
        {
            "id": record.pk,
            "format": record.format,
            "read": record.read_rows,
            "already_stored": record.already_stored,
            "already_stored_pain": record.already_stored_pain,
            "skipped": record.skipped,
            "unmatched": record.unmatched,
            "warnings": record.warnings,
        },
    )


class SetIn(Schema):
    """One performed set; `client_key` makes a retry harmless."""

    client_key: str
    date: dt.date
    exercise_name: str
    exercise: str | None = None
    session: str | None = None
    set_number: int
    set_kind: Literal["working", "warmup", "drop", "failure"] = "working"
    reps: int | None = None
    load_kg: float | None = None
    rpe: float | None = None
    rir: float | None = None
    duration_s: float | None = None
    distance_m: float | None = None
    pain: float | None = None
    session_rpe: float | None = None
    session_minutes: float | None = None


class SetsIn(Schema):
    """Sets to store."""

    sets: list[SetIn]


class SetsOut(Schema):
    """How many were new, and the ids of all (found or new)."""

    created: int
    ids: list[int]


def _check_set(s: SetIn) -> None:
    if not s.client_key or len(s.client_key) > 80:
        raise HttpError(422, "client_key must be 1-80 characters")
    if not s.exercise_name.strip() or len(s.exercise_name) > 200:
        raise HttpError(422, "exercise_name must be 1-200 characters")
    if not 1 <= s.set_number <= 100:
        raise HttpError(422, "set_number must be 1-100")
    for name, value, top in (
        ("reps", s.reps, 1000),
        ("load_kg", s.load_kg, 2000),
        ("rpe", s.rpe, 10),
        ("rir", s.rir, 10),
        ("pain", s.pain, 10),
        ("session_rpe", s.session_rpe, 10),
        ("duration_s", s.duration_s, 86400),
        ("distance_m", s.distance_m, 1_000_000),
        ("session_minutes", s.session_minutes, 1440),
    ):
        if value is not None and not 0 <= value <= top:
            raise HttpError(422, f"{name} must be between 0 and {top}, not {value}")


@api.post("/patients/{patient_id}/sets", response={200: SetsOut, 201: SetsOut})
def post_sets(request: HttpRequest, patient_id: int, body: SetsIn) -> Status[dict[str, Any]]:
    """Store sets; a set whose client_key is stored already is not stored again (200)."""
    patient = _patient(request, patient_id)
    if len(body.sets) > 500:
        raise HttpError(422, "at most 500 sets per request")
    for s in body.sets:
        _check_set(s)
    rows = [s.model_dump() for s in body.sets]
    stored, created = records.record_sets(patient, rows, request.api_user, source="api")  # type: ignore[attr-defined]
    return Status(201 if created else 200, {"created": created, "ids": [s.pk for s in stored]})


class PainIn(Schema):
    """One pain rating (0-10), with the day's optional readiness self-reports (sleep_hours
    0-24; sleep_quality, stress, fatigue, soreness, mood 0-10)."""

    client_key: str
    date: dt.date
    region: str = "general"
    during: float | None = None
    after: float | None = None
    next_morning: float | None = None
    stiffness: float | None = None
    red_flag: bool = False
    notes: str = ""
    sleep_hours: float | None = None
    sleep_quality: float | None = None
    stress: float | None = None
    fatigue: float | None = None
    soreness: float | None = None
    mood: float | None = None


class PainOut(Schema):
    """The stored rating's id and whether it was new."""

    id: int
    created: bool


@api.post("/patients/{patient_id}/pain", response={200: PainOut, 201: PainOut})
def post_pain(request: HttpRequest, patient_id: int, body: PainIn) -> Status[dict[str, Any]]:
    """Store a pain rating (idempotent by client_key)."""
    patient = _patient(request, patient_id)
    if not body.client_key or len(body.client_key) > 80 or len(body.region) > 100:
        raise HttpError(422, "client_key must be 1-80 characters and region at most 100")
    for name in ("during", "after", "next_morning", "stiffness"):
        value = getattr(body, name)
        if value is not None and not 0 <= value <= 10:
            raise HttpError(422, f"{name} must be between 0 and 10, not {value}")
    for name, top in services.READINESS_TOP.items():
        value = getattr(body, name)
        if value is not None and not 0 <= value <= top:
            raise HttpError(422, f"{name} must be between 0 and {top:g}, not {value}")
    rating, created = records.record_pain(patient, body.model_dump(), request.api_user)  # type: ignore[attr-defined]
    return Status(201 if created else 200, {"id": rating.pk, "created": created})


def _programme_or_422(patient: Patient) -> Any:
    programme = patient.current_programme()
    if programme is None:
        raise HttpError(422, "the patient has no programme")
    return programme


@api.get("/patients/{patient_id}/load", response=dict[str, Any])
def get_load(request: HttpRequest, patient_id: int) -> dict[str, Any]:
    """Weekly dose and daily load: the JSON of `exdose load --json`."""
    patient = _patient(request, patient_id)
    programme = patient.current_programme()
    text = programme.current().text if programme else None
    try:
        report: dict[str, Any] = derived.cached(
            patient, services.load_report, records.sets_of(patient), records.pain_of(patient), text
        )
        return report
    except services.ServiceError as error:
        raise _unprocessable(error) from None


@api.get("/patients/{patient_id}/fidelity", response=dict[str, Any])
def get_fidelity(request: HttpRequest, patient_id: int) -> dict[str, Any]:
    """Planned against performed: the JSON of `exdose fidelity --json`."""
    patient = _patient(request, patient_id)
    programme = _programme_or_422(patient)
    try:
        report: dict[str, Any] = derived.cached(
            patient,
            services.fidelity,
            programme.current().text,
            programme.start_date,
            records.sets_of(patient),
        )
        return report
    except services.ServiceError as error:
        raise _unprocessable(error) from None


@api.get("/patients/{patient_id}/adjustment", response=dict[str, Any])
def get_adjustment(request: HttpRequest, patient_id: int) -> dict[str, Any]:
    """The proposal for next week: the JSON of `exdose adjust --json`."""
    patient = _patient(request, patient_id)
    _programme_or_422(patient)
    try:
        found = records.proposal(patient)
    except services.ServiceError as error:
        raise _unprocessable(error) from None
    if found is None:
        raise HttpError(422, "no sets logged yet")
    return found


class AcceptIn(Schema):
    """An optional note with the acceptance."""

    note: str = ""


class AcceptOut(Schema):
    """The new version and the decision it applied."""

    version: int
    decision: str
    what: str


@api.post("/patients/{patient_id}/adjustment/accept", response={201: AcceptOut})
def accept_adjustment(
    request: HttpRequest, patient_id: int, body: AcceptIn | None = None
) -> Status[dict[str, Any]]:
    """Accept the proposal: the programme's next version (a red flag is never accepted)."""
    patient = _patient(request, patient_id)
    _programme_or_422(patient)
    try:
        decision = records.accept(patient, request.api_user, body.note if body else "")  # type: ignore[attr-defined]
    except services.ServiceError as error:
        raise _unprocessable(error) from None
    assert decision.result is not None
    return Status(
        201,
        {
            "version": decision.result.number,
            "decision": decision.decision,
            "what": decision.result.what,
        },
    )


_ = timezone
api.add_router("/reviews", "exdose.web.review.api.router")  # the review workbench (issue 12)

"""Reading and writing a patient's stored data, shared by the pages and the JSON API.

Every write is in one transaction and leaves an audit entry; nothing is silently changed.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from exdose.web import derived, services
from exdose.web.models import (
    KEEP_LOG_BYTES,
    LogAlias,
    LogImport,
    PainRating,
    Patient,
    PerformedSet,
    Programme,
    ProgramVersion,
    ProposalDecision,
    audit,
)

SET_COLUMNS = (*services.SET_FIELDS,)


def sets_of(patient: Patient) -> list[dict[str, Any]]:
    """The patient's performed sets as sets-table rows."""
    return list(
        PerformedSet.objects.for_clinic(patient.clinic)
        .filter(patient=patient)
        .order_by("date", "id")
        .values(*SET_COLUMNS)
    )


def pain_of(patient: Patient) -> list[dict[str, Any]]:
    """The patient's pain ratings as pain-diary rows."""
    return list(
        PainRating.objects.for_clinic(patient.clinic)
        .filter(patient=patient)
        .order_by("date", "id")
        .values(*services.PAIN_FIELDS)
    )


def assign(patient: Patient, text: str, start: dt.date, user: Any, *, why: str = "") -> Programme:
    """Give the patient a programme from `start` (ends the one before); text must be valid."""
    name = services.programme_name(text)
    with transaction.atomic():
        for old in Programme.objects.for_clinic(patient.clinic).filter(
            patient=patient, ended_at__isnull=True
        ):
            old.ended_at = timezone.now()
            old.save(update_fields=["ended_at"])
        programme = Programme.objects.create(
            clinic=patient.clinic, patient=patient, name=name[:300], start_date=start
        )
        ProgramVersion.objects.create(
            clinic=patient.clinic,
            programme=programme,
            number=1,
            text=text,
            created_by=user if getattr(user, "is_authenticated", False) else None,
            what=f"assigned from {start.isoformat()}",
            why=why,
        )
        audit(patient.clinic, user, "assign", programme, start=start.isoformat(), name=name)
    return programme


def new_version(programme: Programme, text: str, user: Any, what: str, why: str) -> ProgramVersion:
    """Save an edited programme as its next version (text must be valid)."""
    services.programme_name(text)
    with transaction.atomic():
        last = programme.versions.select_for_update().order_by("-number").first()
        number = (last.number if last else 0) + 1
        version = ProgramVersion.objects.create(
            clinic=programme.clinic,
            programme=programme,
            number=number,
            text=text,
            created_by=user if getattr(user, "is_authenticated", False) else None,
            what=what,
            why=why,
        )
        audit(programme.clinic, user, "new_version", version, number=number, what=what)
    return version


def _clean_set(row: dict[str, Any]) -> dict[str, Any]:
    out = {k: row.get(k) for k in SET_COLUMNS if k in row}
    out.setdefault("set_kind", "working")
    out["exercise"] = out.get("exercise") or ""
    out["session"] = out.get("session") or ""
    return out


def record_sets(
    patient: Patient, rows: list[dict[str, Any]], user: Any, *, source: str = "web"
) -> tuple[list[PerformedSet], int]:
    """Store sets, each with its client key; a key already stored is not stored twice.

    Returns the stored rows (new or found) and how many were new.
    """
    stored: list[PerformedSet] = []
    created = 0
    actor = user if getattr(user, "is_authenticated", False) else None
    for row in rows:
        key = str(row["client_key"])
        existing = PerformedSet.objects.filter(patient=patient, client_key=key).first()
        if existing is not None:
            stored.append(existing)
            continue
        values = _clean_set(row)
        values["source"] = source
        try:
            with transaction.atomic():
                obj = PerformedSet.objects.create(
                    clinic=patient.clinic,
                    patient=patient,
                    client_key=key,
                    created_by=actor,
                    **values,
                )
        except IntegrityError:
            # the same key arrived twice at once (a retry racing the first try): keep the first
            obj = PerformedSet.objects.get(patient=patient, client_key=key)
        else:
            created += 1
        stored.append(obj)
    if created:
        audit(patient.clinic, user, "log_sets", patient, count=created, source=source)
    return stored, created


def record_pain(patient: Patient, row: dict[str, Any], user: Any) -> tuple[PainRating, bool]:
    """Store one pain rating by its client key (idempotent); returns it and whether it is new."""
    key = str(row["client_key"])
    existing = PainRating.objects.filter(patient=patient, client_key=key).first()
    if existing is not None:
        return existing, False
    values = {k: row.get(k) for k in services.PAIN_FIELDS if k in row}
    values["region"] = values.get("region") or ""
    values["notes"] = values.get("notes") or ""
    values["red_flag"] = bool(values.get("red_flag"))
    try:
        with transaction.atomic():
            rating = PainRating.objects.create(
                clinic=patient.clinic, patient=patient, client_key=key, **values
            )
            audit(patient.clinic, user, "log_pain", rating, date=str(values.get("date")))
    except IntegrityError:
        return PainRating.objects.get(patient=patient, client_key=key), False
    return rating, True


def aliases_of(clinic: Any) -> dict[str, str]:
    """The clinic's resolved log names: app name as written -> library exercise id."""
    return dict(LogAlias.objects.for_clinic(clinic).order_by("id").values_list("name", "exercise"))


def _programme_text(patient: Patient) -> str | None:
    programme = patient.current_programme()
    return programme.current().text if programme else None


_SET_KEY_FIELDS = tuple(f for f in SET_COLUMNS if f != "exercise")
"""What makes two imported sets the same set: every stored value but the library exercise, which
is read from the name and may differ once the clinic resolves a name."""

_PAIN_KEY_FIELDS = services.PAIN_FIELDS


def _value_key(values: dict[str, Any], fields: tuple[str, ...]) -> tuple[Any, ...]:
    """Values compared as stored: dates as ISO text, numbers as floats, empty text as None."""
    out: list[Any] = []
    for name in fields:
        value = values.get(name)
        if name == "red_flag":
            value = bool(value)  # stored as a boolean, absent meaning no
        elif isinstance(value, dt.date):
            value = value.isoformat()
        elif isinstance(value, bool):
            pass
        elif isinstance(value, int | float):
            value = float(value)
        elif value == "":
            value = None
        out.append(value)
    return tuple(out)


def _in_dates(queryset: Any, rows: list[dict[str, Any]]) -> Any:
    """The stored rows between the first and last date of `rows` (none when they have none)."""
    dates = [str(r["date"]) for r in rows if r.get("date") is not None]
    if not dates:
        return queryset.none()
    return queryset.filter(date__gte=min(dates), date__lte=max(dates))


def _stored_counts(queryset: Any, fields: tuple[str, ...]) -> Counter[tuple[Any, ...]]:
    return Counter(_value_key(row, fields) for row in queryset.values(*fields).iterator())


def _first_time(
    rows: list[dict[str, Any]], stored: Counter[tuple[Any, ...]], fields: tuple[str, ...]
) -> list[bool]:
    """For each row, whether it is new: a row whose values were stored n times already is new
    from its (n+1)-th occurrence in the file on (the readers list a row repeated within one file
    as skipped, but a multiset keeps this right for any reader: reading a file again stores
    nothing, and values stored once and given twice are stored once more)."""
    seen: Counter[tuple[Any, ...]] = Counter()
    new: list[bool] = []
    for row in rows:
        key = _value_key(row, fields)
        seen[key] += 1
        new.append(seen[key] > stored[key])
    return new


def import_log(
    patient: Patient, raw: bytes, filename: str, user: Any, *, unit: str | None = None
) -> LogImport:
    """Read an uploaded log and store its sets (and any pain columns); raises ServiceError.

    The clinic's resolved names (`LogAlias`) are given to the library as its name mapping.
    Sets and pain ratings an earlier import of the patient stored with the same values (an app's
    export repeats the whole history each time) are counted in `already_stored` and
    `already_stored_pain` and not stored again; nothing else of the file is left out."""
    read = services.read_log_bytes(
        raw, filename, _programme_text(patient), unit=unit, aliases=aliases_of(patient.clinic)
    )
    with transaction.atomic():
        # one import of a patient at a time, so two uploads of one file cannot both be "new"
        Patient.objects.select_for_update().filter(pk=patient.pk).first()
        rows = []
        for row in read.sets:
            values = _clean_set(row)
            values["source"] = read.format
            rows.append((row, values))
        earlier = PerformedSet.objects.for_clinic(patient.clinic).filter(
            patient=patient, log_import__isnull=False, source=read.format
        )
        new_sets = _first_time(
            [v for _, v in rows],
            _stored_counts(_in_dates(earlier, [v for _, v in rows]), _SET_KEY_FIELDS),
            _SET_KEY_FIELDS,
        )
        pains = [dict(p) for p in read.pain]
        earlier_pain = PainRating.objects.for_clinic(patient.clinic).filter(
            patient=patient, client_key__startswith="import-"
        )
        new_pain = _first_time(
            pains,
            _stored_counts(_in_dates(earlier_pain, pains), _PAIN_KEY_FIELDS),
            _PAIN_KEY_FIELDS,
        )
        record = LogImport.objects.create(
            clinic=patient.clinic,
            patient=patient,
            filename=filename[:300],
            format=read.format,
            read_rows=len(read.sets),
            skipped=read.skipped,
            unmatched=read.unmatched,
            warnings=read.warnings,
            already_stored=new_sets.count(False),
            already_stored_pain=new_pain.count(False),
            raw=raw if len(raw) <= KEEP_LOG_BYTES else None,
            unit=unit or "",
            created_by=user if getattr(user, "is_authenticated", False) else None,
        )
        objs = [
            PerformedSet(
                clinic=patient.clinic,
                patient=patient,
                client_key=f"import-{record.pk}-{row['source_row']}",
                source_row=row["source_row"],
                log_import=record,
                **values,
            )
            for (row, values), is_new in zip(rows, new_sets, strict=True)
            if is_new
        ]
        PerformedSet.objects.bulk_create(objs, batch_size=500)
        for index, (p, is_new) in enumerate(zip(pains, new_pain, strict=True)):
            if is_new:
                record_pain(patient, {**p, "client_key": f"import-{record.pk}-pain-{index}"}, user)
        audit(
            patient.clinic,
            user,
            "import_log",
            record,
            format=read.format,
            rows=len(read.sets),
            stored=len(objs),
            already_stored=record.already_stored,
        )
    return record


def read_summary(record: LogImport) -> list[dict[str, Any]]:
    """What an import stored, per name in the file: the exercise it was read as (empty when
    unmatched), how many sets and of which kinds, and the first and last date."""
    from django.db.models import Count, Max, Min, Q

    return list(
        PerformedSet.objects.for_clinic(record.clinic)
        .filter(log_import=record)
        .values("exercise_name", "exercise")
        .annotate(
            sets=Count("id"),
            working=Count("id", filter=Q(set_kind="working")),
            first=Min("date"),
            last=Max("date"),
        )
        .order_by("exercise_name", "exercise")
    )


def unmatched_counts(record: LogImport) -> dict[str, int]:
    """For each name of the import still unmatched, how many of the patient's stored sets of that
    name have no exercise (a repeated export's sets are stored under the first import)."""
    from django.db.models import Count

    rows = (
        PerformedSet.objects.for_clinic(record.clinic)
        .filter(patient=record.patient, exercise="", exercise_name__in=list(record.unmatched))
        .values("exercise_name")
        .annotate(n=Count("id"))
    )
    return {r["exercise_name"]: r["n"] for r in rows}


MAX_RESOLVED = 200
"""Most names resolved in one request (a log with more unmatched names is resolved in turns)."""


def resolve_names(record: LogImport, choices: dict[str, str], user: Any) -> dict[str, Any]:
    """Remember the clinician's exercise for unmatched names of an import (for the clinic), then
    read the kept file again with the clinic's names so the sets of those rows get their exercise.

    `choices` maps a name the import left unmatched to a library exercise (id or name). Returns
    {"saved": names remembered, "matched": sets given an exercise, "unmatched": names left,
    "reread": whether the file was read again}. Raises ServiceError naming a bad choice."""
    with transaction.atomic():
        record = LogImport.objects.select_for_update().get(pk=record.pk)
        return _resolve(record, choices, user)


def _reread(
    record: LogImport, names: set[str] | None, programme: str | None, aliases: dict[str, str]
) -> int:
    """Read an import's kept file again with the clinic's names (`aliases`) and give its stored
    sets of `names` (None: of every name it left unmatched) their exercise; returns how many
    sets were given one (0 when no file was kept)."""
    if record.raw is None:
        return 0
    clinic = record.clinic
    read = services.read_log_bytes(
        bytes(record.raw), record.filename, programme, unit=record.unit or None, aliases=aliases
    )
    unmatched = set(record.unmatched)
    now = {
        r["source_row"]: r["exercise"]
        for r in read.sets
        if r["exercise"] and r["exercise_name"] in unmatched
    }
    stored = PerformedSet.objects.for_clinic(clinic).filter(
        log_import=record,
        exercise="",
        exercise_name__in=list(unmatched if names is None else unmatched & names),
    )
    changed = []
    for obj in stored:
        found = now.get(obj.source_row)
        if found:
            obj.exercise = str(found)
            changed.append(obj)
    PerformedSet.objects.bulk_update(changed, ["exercise"], batch_size=500)
    record.unmatched = [n for n in record.unmatched if n in set(read.unmatched)]
    record.save(update_fields=["unmatched"])
    return len(changed)


def _resolve(record: LogImport, choices: dict[str, str], user: Any) -> dict[str, Any]:
    unmatched = set(record.unmatched)
    problems = []
    targets: dict[str, str] = {}
    for name, key in list(choices.items())[:MAX_RESOLVED]:
        if name not in unmatched:
            problems.append({"message": f"{name!r} is not a name this import left unmatched"})
            continue
        found = services.library_exercise(key)
        if found is None:
            problems.append({"message": f"{name!r}: {key!r} is not an exercise of the library"})
            continue
        targets[name] = found["id"]
    if problems:
        raise services.ServiceError(problems)
    clinic, patient = record.clinic, record.patient
    for name, exercise in targets.items():
        LogAlias.objects.update_or_create(
            clinic=clinic,
            name=name,
            defaults={
                "exercise": exercise,
                "created_by": user if getattr(user, "is_authenticated", False) else None,
            },
        )
    # this import and every earlier one of the patient that left these names unmatched: a
    # repeated export stores its sets under the first import, so resolving from a later one
    # must read the earlier files again too
    names = set(targets)
    earlier = LogImport.objects.for_clinic(clinic).filter(patient=patient).exclude(pk=record.pk)
    wanted = [pk for pk, left in earlier.values_list("pk", "unmatched") if names & set(left)]
    programme, aliases = _programme_text(patient), aliases_of(clinic)
    matched = _reread(record, None, programme, aliases)
    # only the imports that left one of these names unmatched are loaded, with their files
    for other in earlier.select_for_update().filter(pk__in=wanted).order_by("id"):
        matched += _reread(other, names, programme, aliases)
    reread = record.raw is not None
    audit(
        clinic,
        user,
        "resolve_names",
        record,
        names=targets,
        sets_matched=matched,
        reread=reread,
    )
    return {
        "saved": sorted(targets),
        "matched": matched,
        "unmatched": list(record.unmatched),
        "reread": reread,
    }


def import_pain(
    patient: Patient, raw: bytes, user: Any, tag: str
) -> tuple[int, list[dict[str, Any]]]:
    """Store a pain diary's ratings; returns how many were stored and the skipped rows."""
    rows, skipped = services.read_pain_bytes(raw)
    with transaction.atomic():
        for index, row in enumerate(rows):
            record_pain(patient, {**row, "client_key": f"{tag}-{index}"}, user)
    return len(rows), skipped


def proposal(
    patient: Patient,
    sets: list[dict[str, Any]] | None = None,
    pain: list[dict[str, Any]] | None = None,
) -> dict[str, Any] | None:
    """The current adjustment proposal for the patient's programme (None without sets); the
    sets and pain ratings are read unless given (a page that has them already)."""
    programme = patient.current_programme()
    sets = sets_of(patient) if sets is None else sets
    if programme is None or not sets:
        return None
    pain = pain_of(patient) if pain is None else pain
    found: dict[str, Any] = derived.cached(
        patient, services.adjustment, programme.current().text, programme.start_date, sets, pain
    )
    return found


def accept(patient: Patient, user: Any, note: str = "") -> ProposalDecision:
    """Accept the proposal: the next programme version, with the modification recorded."""
    programme = patient.current_programme()
    if programme is None:
        raise services.ServiceError([{"message": "the patient has no programme"}])
    current = programme.current()
    sets, pain = sets_of(patient), pain_of(patient)
    text, result = services.next_version(current.text, programme.start_date, sets, pain)
    changes = "; ".join(
        f"{c.get('exercise') or 'programme'} {c['variable']}: {c.get('from') or '-'} -> "
        f"{c.get('to') or '-'}"
        for c in result["changes"]
    )
    what = f"{result['decision']} from week {result['next_week']}" + (
        f": {changes}" if changes else ""
    )
    why = "; ".join(result["reasons"]) + (f" (note: {note})" if note else "")
    with transaction.atomic():
        version = new_version(programme, text, user, what, why)
        decision = ProposalDecision.objects.create(
            clinic=patient.clinic,
            programme=programme,
            based_on=current,
            evaluated_week=result["evaluated_week"],
            decision=result["decision"],
            proposal=result,
            status="accepted",
            note=note,
            result=version,
            created_by=user if getattr(user, "is_authenticated", False) else None,
        )
        audit(patient.clinic, user, "accept_proposal", decision, version=version.number)
    return decision


def dismiss(patient: Patient, user: Any, note: str) -> ProposalDecision:
    """Dismiss the proposal with a note (the programme is unchanged)."""
    programme = patient.current_programme()
    if programme is None:
        raise services.ServiceError([{"message": "the patient has no programme"}])
    result = proposal(patient)
    if result is None:
        raise services.ServiceError([{"message": "no proposal to dismiss"}])
    with transaction.atomic():
        decision = ProposalDecision.objects.create(
            clinic=patient.clinic,
            programme=programme,
            based_on=programme.current(),
            evaluated_week=result["evaluated_week"],
            decision=result["decision"],
            proposal=result,
            status="dismissed",
            note=note,
            created_by=user if getattr(user, "is_authenticated", False) else None,
        )
        audit(patient.clinic, user, "dismiss_proposal", decision, note=note)
    return decision


def archive(patient: Patient, user: Any) -> None:
    """Soft-delete: the patient disappears from lists, the data stays, an audit entry says who."""
    with transaction.atomic():
        patient.archived_at = timezone.now()
        patient.save(update_fields=["archived_at"])
        if patient.user is not None:
            patient.user.is_active = False
            patient.user.save(update_fields=["is_active"])
        audit(patient.clinic, user, "archive", patient)


def export_all(patient: Patient) -> dict[str, Any]:
    """Everything stored about a patient (for the patient's own export)."""
    programmes = []
    for programme in patient.programmes.order_by("id"):
        programmes.append(
            {
                "name": programme.name,
                "start_date": programme.start_date.isoformat(),
                "versions": [
                    {
                        "number": v.number,
                        "created_at": v.created_at.isoformat(),
                        "what": v.what,
                        "why": v.why,
                        "text": v.text,
                    }
                    for v in programme.versions.order_by("number")
                ],
            }
        )
    return {
        "patient": {"name": patient.name, "email": patient.email, "language": patient.language},
        "programmes": programmes,
        "sets": [_jsonable(r) for r in sets_of(patient)],
        "pain": [_jsonable(r) for r in pain_of(patient)],
        "imports": _imports_of(patient),
        "decisions": _decisions_of(patient),
    }


def _imports_of(patient: Patient) -> list[dict[str, Any]]:
    """Each uploaded log: what was read and skipped, and the file itself (base64) when kept."""
    import base64

    out = []
    for record in (
        LogImport.objects.for_clinic(patient.clinic).filter(patient=patient).order_by("id")
    ):
        out.append(
            {
                "filename": record.filename,
                "format": record.format,
                "uploaded_at": record.created_at.isoformat(),
                "read_rows": record.read_rows,
                "already_stored": record.already_stored,
                "skipped": record.skipped,
                "unmatched": record.unmatched,
                "warnings": record.warnings,
                "file_base64": base64.b64encode(bytes(record.raw)).decode("ascii")
                if record.raw is not None
                else None,
            }
        )
    return out


def _decisions_of(patient: Patient) -> list[dict[str, Any]]:
    """The clinician's answers to adjustment proposals for the patient's programmes."""
    return [
        {
            "programme": d.programme.name,
            "week": d.evaluated_week,
            "decision": d.decision,
            "status": d.status,
            "note": d.note,
            "proposal": d.proposal,
            "decided_at": d.created_at.isoformat(),
        }
        for d in ProposalDecision.objects.for_clinic(patient.clinic)
        .filter(programme__patient=patient)
        .select_related("programme")
        .order_by("id")
    ]


def _jsonable(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in row.items()}


def sets_csv(patient: Patient) -> str:
    """The patient's sets in exdose's CSV columns (readable back by `exdose load`)."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "date",
            "session",
            "exercise",
            "set",
            "kind",
            "reps",
            "weight",
            "unit",
            "rpe",
            "session_rpe",
            "session_minutes",
        ]
    )
    for r in sets_of(patient):
        writer.writerow(
            [
                r["date"].isoformat(),
                r["session"],
                r["exercise_name"],
                r["set_number"],
                r["set_kind"],
                _blank(r["reps"]),
                _blank(r["load_kg"]),
                "kg" if r["load_kg"] is not None else "",
                _blank(r["rpe"]),
                _blank(r["session_rpe"]),
                _blank(r["session_minutes"]),
            ]
        )
    return out.getvalue()


def _blank(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)

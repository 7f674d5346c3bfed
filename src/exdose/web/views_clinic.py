"""Clinician pages: patients, programmes (template, YAML editor, live checks), the patient page
(this week, adherence, charts, fidelity, the adjustment proposal), log import and downloads."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from exdose.web import charts, derived, load_charts, records, services, views_logs
from exdose.web.access import clinician_required, patient_or_404, scoped_or_404
from exdose.web.forms import PatientForm, ProgrammeForm
from exdose.web.models import JobRecord, LogImport, Patient, Programme, ProgramVersion, audit


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def today() -> dt.date:
    """Today in the clinic's time zone."""
    return timezone.localdate()


@clinician_required
@require_http_methods(["GET", "POST"])
def patients(request: HttpRequest) -> HttpResponse:
    """The clinic's patients, and a form to add one."""
    clinic = request.clinic  # type: ignore[attr-defined]
    form = PatientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        patient = Patient.objects.create(
            clinic=clinic, created_by=request.user, **form.cleaned_data
        )
        audit(clinic, request.user, "create_patient", patient)
        return redirect("web:patient", patient_id=patient.pk)
    listed = Patient.objects.for_clinic(clinic).filter(archived_at__isnull=True)
    return render(request, "web/patients.html", {"patients": listed, "form": form})


def _fidelity(
    programme: Programme, sets: list[dict[str, Any]]
) -> tuple[dict[str, Any] | None, str]:
    if not sets:
        return None, ""
    try:
        text = programme.current().text
        report = derived.cached(
            programme.patient, services.fidelity, text, programme.start_date, sets
        )
        return report, ""
    except services.ServiceError as error:
        return None, str(error)


@clinician_required
@require_GET
def patient_page(request: HttpRequest, patient_id: int) -> HttpResponse:
    """Everything about one patient on one page."""
    patient = patient_or_404(request.clinic, patient_id)  # type: ignore[attr-defined]
    programme = patient.current_programme()
    context: dict[str, Any] = {"patient": patient, "programme": programme}
    sets = records.sets_of(patient)
    pain = records.pain_of(patient)
    context["set_count"] = len(sets)
    if programme is not None:
        version = programme.current()
        context["version"] = version
        context["versions"] = programme.versions.order_by("-number")
        sessions = derived.cached(
            patient, services.planned_sessions, version.text, programme.start_date
        )
        monday = _monday(today())
        done_days = {(s["date"], s["session"]) for s in sets}
        for s in sessions:
            s["done"] = (s["date"], s["name"]) in done_days or any(
                d == s["name"]
                and abs((day - s["date"]).days) < 7
                and _monday(day) == _monday(s["date"])
                for day, d in done_days
            )
        context["this_week"] = [s for s in sessions if _monday(s["date"]) == monday]
        context["next_week"] = [
            s for s in sessions if _monday(s["date"]) == monday + dt.timedelta(days=7)
        ]
        report, error = _fidelity(programme, sets)
        context["fidelity"], context["fidelity_error"] = report, error
        if report is not None:
            context["fidelity_split"] = {
                part: [report[part]["supervised"], report[part]["home"]]
                for part in ("sessions", "sets")
            }
            weeks = report["weeks"]
            context["adherence"] = weeks
            context["sets_chart"] = mark_safe(
                charts.bars(
                    _("Working sets per week, planned and done"),
                    [f"W{w['week']}" for w in weeks],
                    [float(w["sets"]["planned"]) for w in weeks],
                    [w["sets"]["done"] + w["sets"]["extra"] for w in weeks],
                    "sets",
                )
            )
        try:
            context["proposal"] = records.proposal(patient, sets, pain)
        except services.ServiceError as error:
            context["proposal_error"] = str(error)
        context["decisions"] = programme.decisions.order_by("-id")[:5]
    if sets:
        try:
            text = programme.current().text if programme else None
            load = derived.cached(patient, services.load_report, sets, pain, text)
            context["load"] = load
            context["volume_chart"] = mark_safe(
                charts.bars(
                    _("Volume load per week (kg)"),
                    [w["week_start"][5:] for w in load["weeks"]],
                    None,
                    [w["volume_load_kg"] or 0 for w in load["weeks"]],
                    "kg",
                )
            )
        except services.ServiceError as error:
            context["load_error"] = str(error)
    context["load_charts"] = _load_charts(programme, context.get("load"))
    if pain:
        by_day = _worst_by_day(pain)
        context["pain_chart"] = mark_safe(
            charts.lines(
                _("Pain 0-10 by date"),
                [d.isoformat()[5:] for d in by_day],
                {
                    kind: [by_day[d][key] for d in by_day]
                    for kind, key in (
                        (_("during"), "during"),
                        (_("after"), "after"),
                        (_("next morning"), "next_morning"),
                    )
                },
            )
        )
        context["red_flags"] = [p for p in pain if p["red_flag"]]
    context["imports"] = (
        LogImport.objects.for_clinic(patient.clinic).filter(patient=patient).order_by("-id")[:5]
    )
    return render(request, "web/patient.html", context)


def _load_charts(
    programme: Programme | None, load: dict[str, Any] | None
) -> list[load_charts.Chart]:
    """Sets per muscle against the plan, session-RPE load, acute and chronic load."""
    planned = None
    if programme is not None:
        try:
            # the plan changes only with a new version: kept with the other derived results
            planned = derived.cached(
                programme.patient,
                services.planned_load_report,
                programme.current().text,
                programme.start_date,
            )
        except services.ServiceError:
            planned = None
    if load is None and planned is None:
        return []
    return load_charts.patient_charts(load, planned)


def _worst_by_day(pain: list[dict[str, Any]]) -> dict[dt.date, dict[str, float | None]]:
    """The highest rating of each kind per day (several regions or entries on one day)."""
    out: dict[dt.date, dict[str, float | None]] = {}
    for row in sorted(pain, key=lambda r: r["date"]):
        day = out.setdefault(row["date"], {"during": None, "after": None, "next_morning": None})
        for key in day:
            value = row[key]
            if value is not None and (day[key] is None or value > day[key]):  # type: ignore[operator]
                day[key] = value
    return out


@clinician_required
@require_POST
def invite(request: HttpRequest, patient_id: int) -> HttpResponse:
    """A one-time link (and its QR code) for the patient to choose a password."""
    import segno

    patient = patient_or_404(request.clinic, patient_id)  # type: ignore[attr-defined]
    token = patient.new_invite()
    patient.save(update_fields=["invite_token_hash", "invite_expires"])
    audit(patient.clinic, request.user, "invite", patient)
    link = request.build_absolute_uri(reverse("web:invite", args=[token]))
    qr = segno.make(link, error="m").svg_data_uri(scale=4)
    return render(request, "web/invite_link.html", {"patient": patient, "link": link, "qr": qr})


@clinician_required
@require_POST
def archive(request: HttpRequest, patient_id: int) -> HttpResponse:
    """Archive (soft-delete) a patient."""
    patient = patient_or_404(request.clinic, patient_id)  # type: ignore[attr-defined]
    records.archive(patient, request.user)
    return redirect("web:patients")


def _completeness(outcome: services.CheckOutcome) -> dict[str, Any]:
    return {"outcome": outcome}


@clinician_required
@require_http_methods(["GET", "POST"])
def new_programme(request: HttpRequest, patient_id: int) -> HttpResponse:
    """Start a programme for a patient from a template or blank, edit it, assign it."""
    patient = patient_or_404(request.clinic, patient_id)  # type: ignore[attr-defined]
    slug = request.GET.get("template", "")
    text = services.template_text(slug) if slug else None
    if request.method == "POST":
        form = ProgrammeForm(request.POST)
        if form.is_valid():
            records.assign(
                patient,
                form.cleaned_data["text"],
                form.cleaned_data["start_date"],
                request.user,
                why=form.cleaned_data["why"],
            )
            return redirect("web:patient", patient_id=patient.pk)
    else:
        initial_text = (
            text if text is not None else (services.BLANK_PROGRAMME if slug == "blank" else "")
        )
        form = ProgrammeForm(initial={"text": initial_text, "start_date": _monday(today())})
    current_text = form.data.get("text") if form.is_bound else form.initial.get("text")
    outcome = services.check_text(current_text or "") if current_text else None
    return render(
        request,
        "web/programme_edit.html",
        {
            "patient": patient,
            "form": form,
            "templates": services.templates(),
            "outcome": outcome,
            "slug": slug,
            "creating": True,
        },
    )


@clinician_required
@require_http_methods(["GET", "POST"])
def edit_programme(request: HttpRequest, programme_id: int) -> HttpResponse:
    """Edit the current version; saving makes the next version with what and why."""
    programme = scoped_or_404(Programme, request.clinic, pk=programme_id)  # type: ignore[attr-defined]
    patient = programme.patient
    if request.method == "POST":
        form = ProgrammeForm(request.POST)
        if form.is_valid():
            records.new_version(
                programme,
                form.cleaned_data["text"],
                request.user,
                form.cleaned_data["what"] or "edited in the YAML editor",
                form.cleaned_data["why"],
            )
            return redirect("web:patient", patient_id=patient.pk)
    else:
        form = ProgrammeForm(
            initial={"text": programme.current().text, "start_date": programme.start_date}
        )
    current_text = form.data.get("text") if form.is_bound else form.initial.get("text")
    return render(
        request,
        "web/programme_edit.html",
        {
            "patient": patient,
            "form": form,
            "programme": programme,
            "outcome": services.check_text(current_text or ""),
            "creating": False,
        },
    )


@clinician_required
@require_GET
def version_file(request: HttpRequest, version_id: int) -> HttpResponse:
    """Download one programme version as its file."""
    version = scoped_or_404(ProgramVersion, request.clinic, pk=version_id)  # type: ignore[attr-defined]
    response = HttpResponse(version.text, content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="programme-v{version.number}.yaml"'
    return response


@clinician_required
@require_POST
def check_fragment(request: HttpRequest) -> HttpResponse:
    """htmx: the problems and the completeness panel for the editor's current text."""
    text = request.POST.get("text", "").replace("\r\n", "\n")
    outcome = services.check_text(text)
    return render(request, "web/_check.html", {"outcome": outcome})


@clinician_required
@require_GET
def dose_fragment(request: HttpRequest) -> HttpResponse:
    """htmx: one dose cell in words, or its error with the column."""
    text = request.GET.get("dose", "")
    parsed = services.parse_dose_cell(text) if text.strip() else None
    return render(request, "web/_dose.html", {"parsed": parsed, "dose": text})


@clinician_required
@require_GET
def exercise_search(request: HttpRequest) -> HttpResponse:
    """htmx: library exercises matching the words typed."""
    return render(
        request,
        "web/_exercises.html",
        {"found": services.search_exercises(request.GET.get("q", ""))},
    )


@clinician_required
@require_http_methods(["GET", "POST"])
def import_log(request: HttpRequest, patient_id: int) -> HttpResponse:
    """Upload a Strong, Hevy, FitNotes or exdose CSV log (or a pain diary) for the patient."""
    patient = patient_or_404(request.clinic, patient_id)  # type: ignore[attr-defined]
    context: dict[str, Any] = {"patient": patient}
    if request.method == "POST":
        upload = request.FILES.get("file")
        kind = request.POST.get("kind", "log")
        unit = request.POST.get("unit") or None
        if upload is None:
            context["errors"] = [_("Choose a file to upload.")]
        else:
            raw = upload.read()
            try:
                if kind == "pain":
                    stored, skipped = records.import_pain(
                        patient, raw, request.user, f"pain-{timezone.now().timestamp()}"
                    )
                    context["pain_result"] = {"stored": stored, "skipped": skipped}
                else:
                    record = records.import_log(
                        patient,
                        raw,
                        upload.name or "log.csv",
                        request.user,
                        unit=unit if unit in ("kg", "lb") else None,
                    )
                    context.update(views_logs.import_context(record))
            except services.ServiceError as error:
                context["errors"] = [
                    (
                        f"{p.get('file') or upload.name}"
                        + (f":{p['line']}" if p.get("line") else "")
                        + (f", row {p['row']}" if p.get("row") else "")
                        + f": {p['message']}"
                    )
                    for p in error.problems
                ]
    return render(request, "web/import.html", context, status=422 if context.get("errors") else 200)


@clinician_required
@require_POST
def accept_proposal(request: HttpRequest, patient_id: int) -> HttpResponse:
    """Accept the adjustment proposal: the next version of the programme."""
    patient = patient_or_404(request.clinic, patient_id)  # type: ignore[attr-defined]
    try:
        records.accept(patient, request.user, request.POST.get("note", ""))
    except services.ServiceError as error:
        return render(
            request,
            "web/message.html",
            {"title": _("Not accepted"), "text": str(error)},
            status=422,
        )
    return redirect("web:patient", patient_id=patient.pk)


@clinician_required
@require_POST
def dismiss_proposal(request: HttpRequest, patient_id: int) -> HttpResponse:
    """Dismiss the proposal with a note."""
    patient = patient_or_404(request.clinic, patient_id)  # type: ignore[attr-defined]
    note = request.POST.get("note", "").strip()
    if not note:
        return render(
            request,
            "web/message.html",
            {"title": _("Say why"), "text": _("Dismissing a proposal needs a note.")},
            status=422,
        )
    try:
        records.dismiss(patient, request.user, note)
    except services.ServiceError as error:
        return render(
            request,
            "web/message.html",
            {"title": _("Not dismissed"), "text": str(error)},
            status=422,
        )
    return redirect("web:patient", patient_id=patient.pk)


@clinician_required
@require_GET
def sets_csv(request: HttpRequest, patient_id: int) -> HttpResponse:
    """The patient's sets as exdose CSV."""
    patient = patient_or_404(request.clinic, patient_id, archived=True)  # type: ignore[attr-defined]
    response = HttpResponse(records.sets_csv(patient), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="sets-{patient.pk}.csv"'
    return response


@clinician_required
@require_POST
def handout_job(request: HttpRequest, patient_id: int) -> HttpResponse:
    """Queue the handout PDF (a background job); the page polls its status."""
    from exdose.web.tasks import start_handout

    patient = patient_or_404(request.clinic, patient_id)  # type: ignore[attr-defined]
    if patient.current_programme() is None:
        return render(
            request,
            "web/message.html",
            {"title": _("No programme"), "text": _("Assign a programme first.")},
            status=422,
        )
    job = start_handout(patient)
    return redirect("web:job", job_id=job.pk)


@clinician_required
@require_POST
def methods_job(request: HttpRequest, patient_id: int, fmt: str) -> HttpResponse:
    """Queue the methods section as DOCX or PDF (a background job); the page polls its status."""
    from exdose.web.tasks import start_methods

    patient = patient_or_404(request.clinic, patient_id)  # type: ignore[attr-defined]
    if fmt not in services.METHODS_FORMATS:
        return render(
            request,
            "web/message.html",
            {"title": _("Unknown format"), "text": _("Methods come as DOCX or PDF.")},
            status=404,
        )
    if patient.current_programme() is None:
        return render(
            request,
            "web/message.html",
            {"title": _("No programme"), "text": _("Assign a programme first.")},
            status=422,
        )
    job = start_methods(patient, fmt)
    return redirect("web:job", job_id=job.pk)


@clinician_required
@require_GET
def job_status(request: HttpRequest, job_id: int) -> HttpResponse:
    """A background job's status; the result once it is done."""
    job = scoped_or_404(JobRecord, request.clinic, pk=job_id)  # type: ignore[attr-defined]
    if job.status == "done" and request.GET.get("download"):
        response = HttpResponse(
            bytes(job.result or b""), content_type=services.content_type_of(job.result_name)
        )
        response["Content-Disposition"] = f'attachment; filename="{job.result_name}"'
        return response
    template = "web/_job.html" if request.headers.get("HX-Request") else "web/job.html"
    return render(request, template, {"job": job})


def json_error(status: int, message: str) -> JsonResponse:
    """A small JSON error body."""
    return JsonResponse({"detail": message}, status=status)


def _arms(clinic: Any) -> dict[str, list[tuple[Patient, Programme]]]:
    """The clinic's arms: active patients grouped by the programme name of their current
    version (one programme template given to many participants)."""
    arms: dict[str, list[tuple[Patient, Programme]]] = {}
    for patient in Patient.objects.for_clinic(clinic).filter(archived_at__isnull=True):
        programme = patient.current_programme()
        if programme is None:
            continue
        name = services.programme_name(programme.current().text) or programme.name
        arms.setdefault(name, []).append((patient, programme))
    return dict(sorted(arms.items()))


@clinician_required
@require_GET
def arms(request: HttpRequest) -> HttpResponse:
    """Trial-team view: the arms (programmes given to several participants) and their size."""
    found = _arms(request.clinic)  # type: ignore[attr-defined]
    listed = [{"name": name, "participants": len(members)} for name, members in found.items()]
    return render(request, "web/clinic_arms.html", {"arms": listed})


@clinician_required
@require_GET
def arm(request: HttpRequest) -> HttpResponse:
    """One arm: delivered dose across participants (median and IQR, supervised and home apart),
    the per-participant table and the arm-level CERT 16b / TIDieR 12 sentence."""
    name = request.GET.get("name", "")
    members = _arms(request.clinic).get(name)  # type: ignore[attr-defined]
    if not members:
        return render(
            request,
            "web/message.html",
            {"title": _("No such arm"), "text": _("No active participant has that programme.")},
            status=404,
        )
    rows = []
    reports: list[dict[str, Any] | None] = []
    for patient, programme in members:
        report, error = _fidelity(programme, records.sets_of(patient))
        reports.append(report)
        rows.append({"patient": patient, "report": report, "error": error})
    summary = services.arm_dose(name, reports)
    return render(request, "web/clinic_arm.html", {"arm": summary, "rows": rows})

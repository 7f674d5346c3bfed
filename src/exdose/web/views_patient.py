"""Patient pages (phone first): this week's sessions, logging sets with the plan prefilled,
pain during/after and next morning, a daily readiness check-in (sleep, stress, fatigue,
soreness, mood; issue 14), history, the handout and a full export."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from exdose.web import charts, derived, records, services
from exdose.web.access import patient_required, scoped_or_404
from exdose.web.forms import CheckinForm, PainForm, SetForm
from exdose.web.models import JobRecord, PainRating, Patient, audit


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _sessions(patient: Patient) -> list[dict[str, Any]]:
    programme = patient.current_programme()
    if programme is None:
        return []
    sessions: list[dict[str, Any]] = derived.cached(
        patient, services.planned_sessions, programme.current().text, programme.start_date
    )
    return sessions


def _morning_due(patient: Patient, today: dt.date) -> dt.date | None:
    """The last training day before today still without a next-morning rating."""
    last = (
        patient.sets.filter(date__lt=today).order_by("-date").values_list("date", flat=True).first()
    )
    if last is None:
        return None
    rated = PainRating.objects.filter(
        patient=patient, date=last, next_morning__isnull=False
    ).exists()
    return None if rated else last


def _checkin_key(day: dt.date) -> str:
    return f"checkin-{day.isoformat()}"


def _save_checkin(patient: Patient, today: dt.date, values: dict[str, Any], user: Any) -> None:
    """Store or change today's check-in (one a day, editable that day only: the date is the
    server's today, never the form's). An empty answer stays empty (NULL)."""
    key = _checkin_key(today)
    with transaction.atomic():
        row = PainRating.objects.select_for_update().filter(patient=patient, client_key=key).first()
        if row is None:
            row = PainRating(clinic=patient.clinic, patient=patient, client_key=key, date=today)
            action = "checkin"
        else:
            action = "checkin_edit"
        for name in services.READINESS_FIELDS:
            setattr(row, name, values.get(name))
        row.save()
        audit(patient.clinic, user, action, row, date=today.isoformat())


def _checkin_form(patient: Patient, today: dt.date) -> tuple[CheckinForm, bool]:
    row = PainRating.objects.filter(patient=patient, client_key=_checkin_key(today)).first()
    if row is None:
        return CheckinForm(), False
    # shown as typed ("7", "6.5"), never localised ("6,5" is not a number to the input)
    initial = {
        name: f"{value:g}"
        for name in services.READINESS_FIELDS
        if (value := getattr(row, name)) is not None
    }
    return CheckinForm(initial=initial), True


@patient_required
@require_http_methods(["GET", "POST"])
def today_view(request: HttpRequest) -> HttpResponse:
    """This week's sessions (today's first), today's check-in and, after a session day, the
    morning question. POST saves today's check-in."""
    patient: Patient = request.patient  # type: ignore[attr-defined]
    today = timezone.localdate()
    checkin_saved = False
    if request.method == "POST":
        checkin = CheckinForm(request.POST)
        if checkin.is_valid():
            _save_checkin(patient, today, checkin.cleaned_data, request.user)
            return redirect("/me/?checkin=saved#checkin")
        checkin_done = PainRating.objects.filter(
            patient=patient, client_key=_checkin_key(today)
        ).exists()
    else:
        checkin, checkin_done = _checkin_form(patient, today)
        checkin_saved = request.GET.get("checkin") == "saved" and checkin_done
    sessions = _sessions(patient)
    done = {(d["date"], d["session"]) for d in patient.sets.values("date", "session").distinct()}
    done_names_by_week: dict[tuple[dt.date, str], bool] = {}
    for day, name in done:
        done_names_by_week[(_monday(day), name)] = True
    monday = _monday(today)
    week = [s for s in sessions if _monday(s["date"]) == monday]
    for s in week:
        s["done"] = done_names_by_week.get((monday, s["name"]), False)
    last_monday = monday - dt.timedelta(days=7)
    missed = [
        s
        for s in sessions
        if _monday(s["date"]) == last_monday
        and not done_names_by_week.get((last_monday, s["name"]), False)
    ]
    upcoming = next((s for s in sessions if s["date"] > today), None)
    due = _morning_due(patient, today)
    region = patient.pain.order_by("-id").values_list("region", flat=True).first() or ""
    morning_form = (
        PainForm(initial={"client_key": f"morning-{due}", "date": due, "region": region})
        if due
        else None
    )
    return render(
        request,
        "web/me_today.html",
        {
            "patient": patient,
            "week": week,
            "today": today,
            "upcoming": upcoming,
            "missed": missed,
            "morning_due": due,
            "morning_form": morning_form,
            "has_programme": patient.current_programme() is not None,
            "checkin": checkin,
            "checkin_done": checkin_done,
            "checkin_saved": checkin_saved,
        },
        status=422 if checkin.errors else 200,
    )


@patient_required
@require_GET
def session_view(request: HttpRequest, week: int, day: int) -> HttpResponse:
    """One planned session with every set as a form, prefilled with the planned values."""
    patient: Patient = request.patient  # type: ignore[attr-defined]
    session = next((s for s in _sessions(patient) if s["week"] == week and s["day"] == day), None)
    if session is None:
        raise Http404("no such session")
    try:
        done_on = dt.date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        done_on = timezone.localdate()
    saved = {s.client_key: s for s in patient.sets.filter(date=done_on, session=session["name"])}
    for ex in session["exercises"]:
        ex["set_rows"] = []
        for n in range(1, ex["sets"] + 1):
            key = f"w{week}d{day}-{done_on.isoformat()}-{ex['exercise']}-{n}"
            row = saved.get(key)
            ex["set_rows"].append(
                {
                    "n": n,
                    "key": key,
                    "saved": row,
                    "reps": row.reps if row else ex["reps"],
                    "load_kg": row.load_kg if row else ex["load_kg"],
                    "rir": row.rir if row else ex["rir"],
                    "rpe": row.rpe if row else (ex["rpe"] if ex["rir"] is None else None),
                    "duration_s": row.duration_s if row else ex["duration_s"],
                }
            )
    pain_key = f"pain-{done_on.isoformat()}-{session['name']}"
    pain_saved = PainRating.objects.filter(patient=patient, client_key=pain_key).first()
    last_region = patient.pain.order_by("-id").values_list("region", flat=True).first() or ""
    pain_form = PainForm(initial={"client_key": pain_key, "date": done_on, "region": last_region})
    return render(
        request,
        "web/me_session.html",
        {
            "patient": patient,
            "session": session,
            "done_on": done_on,
            "pain_form": pain_form,
            "pain_saved": pain_saved,
            "today": timezone.localdate(),
        },
    )


@patient_required
@require_POST
def log_set(request: HttpRequest) -> HttpResponse:
    """Store one set (idempotent by its client key); answers the saved row."""
    patient: Patient = request.patient  # type: ignore[attr-defined]
    form = SetForm(request.POST)
    if not form.is_valid():
        return JsonResponse({"ok": False, "errors": form.errors.get_json_data()}, status=422)
    row = dict(form.cleaned_data)
    stored, created = records.record_sets(patient, [row], request.user)
    obj = stored[0]
    return JsonResponse(
        {"ok": True, "created": created == 1, "id": obj.pk, "client_key": obj.client_key}
    )


@patient_required
@require_POST
def log_pain(request: HttpRequest) -> HttpResponse:
    """Store pain during/after (or next morning); back to where the form was."""
    patient: Patient = request.patient  # type: ignore[attr-defined]
    form = PainForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "web/message.html",
            {"title": "Check the numbers", "text": form.errors.as_text()},
            status=422,
        )
    row = dict(form.cleaned_data)
    row["region"] = row.get("region") or "general"
    records.record_pain(patient, row, request.user)
    target = request.POST.get("next", "/me/")
    return redirect(target if target.startswith("/me/") else "/me/")


@patient_required
@require_GET
def history(request: HttpRequest) -> HttpResponse:
    """Sessions done and a chart of sets per week."""
    patient: Patient = request.patient  # type: ignore[attr-defined]
    days: dict[tuple[dt.date, str], int] = {}
    for s in patient.sets.order_by("-date").values("date", "session"):
        days[(s["date"], s["session"])] = days.get((s["date"], s["session"]), 0) + 1
    weekly: dict[dt.date, int] = {}
    for (day, _session), count in days.items():
        weekly[_monday(day)] = weekly.get(_monday(day), 0) + count
    ordered = sorted(weekly.items())
    chart = (
        mark_safe(
            charts.bars(
                "Sets per week",
                [d.isoformat()[5:] for d, _ in ordered],
                None,
                [float(c) for _, c in ordered],
                "sets",
            )
        )
        if ordered
        else ""
    )
    return render(
        request,
        "web/me_history.html",
        {"patient": patient, "days": sorted(days.items(), reverse=True), "chart": chart},
    )


@patient_required
@require_GET
def export_json(request: HttpRequest) -> HttpResponse:
    """Everything stored about me, as JSON."""
    patient: Patient = request.patient  # type: ignore[attr-defined]
    response = HttpResponse(
        json.dumps(records.export_all(patient), indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="my-exdose-data.json"'
    return response


@patient_required
@require_GET
def export_csv(request: HttpRequest) -> HttpResponse:
    """My sets as CSV."""
    patient: Patient = request.patient  # type: ignore[attr-defined]
    response = HttpResponse(records.sets_csv(patient), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-sets.csv"'
    return response


@patient_required
@require_POST
def handout(request: HttpRequest) -> HttpResponse:
    """Queue my handout PDF."""
    from exdose.web.tasks import start_handout

    patient: Patient = request.patient  # type: ignore[attr-defined]
    if patient.current_programme() is None:
        raise Http404("no programme")
    job = start_handout(patient)
    return redirect("web:me_job", job_id=job.pk)


@patient_required
@require_http_methods(["GET"])
def my_job(request: HttpRequest, job_id: int) -> HttpResponse:
    """My handout job: status, then the file."""
    patient: Patient = request.patient  # type: ignore[attr-defined]
    job = scoped_or_404(JobRecord, patient.clinic, pk=job_id, patient=patient)
    if job.status == "done" and request.GET.get("download"):
        response = HttpResponse(bytes(job.result or b""), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{job.result_name}"'
        return response
    template = "web/_job.html" if request.headers.get("HX-Request") else "web/job.html"
    return render(request, template, {"job": job, "mine": True})

"""The programme builder: structure (phases, weeks, sessions, days, times a day, where, doses)
with an exercise search and live dose cells, the delivery details (every CERT and TIDieR item)
beside a live completeness panel, and a YAML view; saving assigns the programme or makes its next
version. Every page works without JavaScript (each button posts the whole form); htmx only adds
the live parts."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from exdose.web import builder, records, services
from exdose.web.access import clinician_required, patient_or_404, scoped_or_404
from exdose.web.models import Patient, Programme

TABS = (("structure", "Structure"), ("delivery", "Delivery details"), ("yaml", "YAML"))


class SaveForm(forms.Form):
    """What goes with a save besides the file: the start date (a new programme) and the
    modification's what and why (TIDieR 10)."""

    start_date = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}), label="Start date"
    )
    what = forms.CharField(required=False, max_length=2000, label="What changed")
    why = forms.CharField(required=False, max_length=2000, label="Why")


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _build(state: dict[str, Any]) -> tuple[builder.Form, list[Any], list[Any]]:
    form = builder.Form(state)
    structure = builder.structure_form(form, services.parse_dose_cell)
    delivery = builder.delivery_form(form)
    return form, structure, delivery


class _Posted:
    """A builder post read: the state after the fields and the operation, the text to check."""

    def __init__(self, request: HttpRequest):
        self.state_before = builder.state_from_json(request.POST.get("state", ""))
        self.tab = request.POST.get("tab", "structure")
        self.op = request.POST.get("op", "")
        self.field_errors: dict[str, list[str]] = {}
        self.yaml_text: str | None = None
        self.yaml_outcome: services.CheckOutcome | None = None
        state = copy.deepcopy(self.state_before)
        if self.tab == "yaml":
            text = request.POST.get("yaml", "").replace("\r\n", "\n")
            outcome = services.check_text(text)
            if outcome.valid:
                state = builder.state_from_text(text)
                self.yaml_text = text
            else:
                self.yaml_text, self.yaml_outcome = text, outcome
        else:
            form, _, _ = _build(self.state_before)
            self.field_errors = builder.apply_fields(state, request.POST.lists(), form.kinds())
            builder.complete_exercise_entries(state)
        self.state = state


def _render(
    request: HttpRequest,
    *,
    state: dict[str, Any],
    tab: str,
    patient: Patient,
    programme: Programme | None,
    save_form: SaveForm,
    field_errors: dict[str, list[str]] | None = None,
    yaml_text: str | None = None,
    yaml_outcome: services.CheckOutcome | None = None,
    message: str = "",
    status: int = 200,
    search: str = "",
) -> HttpResponse:
    text = builder.text_from_state(state)
    outcome = services.check_text(text)
    form, structure, delivery = _build(state)
    for path, messages in (field_errors or {}).items():
        target = form.fields.get(path)
        if target is not None:
            target.errors.extend(messages)
        else:
            form.general.extend(messages)
    if not outcome.valid:
        form.place(outcome.problems, builder.line_paths(text))
    searched = form.fields.get(f"{search}.exercise") if search else None
    if searched is not None:
        searched.picks = services.search_exercises(searched.value[:100], limit=8)
    shown_yaml = yaml_text if yaml_outcome is not None and yaml_text is not None else text
    yaml_check = yaml_outcome or outcome
    lines = shown_yaml.split("\n")
    bad_lines = {p.get("line") for p in yaml_check.problems if p.get("line")}
    context = {
        "patient": patient,
        "programme": programme,
        "creating": programme is None,
        "tab": tab,
        "tabs": TABS,
        "state_json": builder.state_json(state),
        "structure": structure,
        "delivery": delivery,
        "general": form.general,
        "none_paths": [b.extra["none_path"] for b in delivery if "none_path" in b.extra],
        "outcome": outcome,
        "missing": _missing(outcome, tab),
        "yaml_text": shown_yaml,
        "yaml_outcome": yaml_check,
        "yaml_lines": [
            {"n": i, "text": line, "bad": i in bad_lines} for i, line in enumerate(lines, 1)
        ],
        "save_form": save_form,
        "templates": services.templates() if programme is None else [],
        "where_choices": builder.WHERE,
        "modes": builder.MODES,
        "message": message,
    }
    if request.headers.get("HX-Request"):
        # htmx swaps only 2xx answers: a refused save is shown in place, its status said apart
        response = render(request, "web/_builder_form.html", context)
        response["X-Exdose-Status"] = str(status)
        return response
    return render(request, "web/builder.html", context, status=status)


def _missing(outcome: services.CheckOutcome, tab: str) -> list[dict[str, Any]]:
    """The checklist items not reported, each with its hint and the builder section to fill."""
    if not outcome.valid:
        return []
    out = []
    for checklist, result in (("cert", outcome.cert), ("tidier", outcome.tidier)):
        for item in result.get("items", []):
            if item.get("reported"):
                continue
            section = builder.ITEM_SECTIONS[checklist].get(str(item["id"]), "structure")
            out.append(
                {
                    "label": f"{'CERT' if checklist == 'cert' else 'TIDieR'} {item['id']}",
                    "title": item.get("title", ""),
                    "hint": item.get("hint") or "",
                    "section": section,
                    "section_title": builder.SECTION_TITLES.get(section, section),
                    "tab": "structure" if section == "structure" else "delivery",
                }
            )
    return out


def _start_state(slug: str) -> dict[str, Any]:
    text = services.template_text(slug) if slug and slug != "blank" else None
    return builder.state_from_text(text or services.BLANK_PROGRAMME)


def _handle(request: HttpRequest, patient: Patient, programme: Programme | None) -> HttpResponse:
    if request.method == "GET":
        if programme is not None:
            state = builder.state_from_text(programme.current().text)
            save_form = SaveForm()
        else:
            state = _start_state(request.GET.get("template", "blank"))
            save_form = SaveForm(initial={"start_date": _monday(timezone.localdate())})
        return _render(
            request,
            state=state,
            tab=tab if (tab := request.GET.get("tab", "")) in dict(TABS) else "structure",
            patient=patient,
            programme=programme,
            save_form=save_form,
        )
    try:
        posted = _Posted(request)
    except builder.BuilderError as error:
        return render(
            request,
            "web/message.html",
            {"title": "The builder could not read the form", "text": str(error)},
            status=400,
        )
    save_form = SaveForm(request.POST)
    save_form.is_valid()
    tab = posted.tab if posted.tab in dict(TABS) else "structure"
    op = posted.op
    message = search = ""
    if op.startswith("tab:") and posted.yaml_outcome is None:
        tab = op[4:] if op[4:] in dict(TABS) else tab
    elif op == "save":
        return _save(request, posted, save_form, patient, programme, tab)
    elif op.startswith("search:"):
        search = op[len("search:") :]
    elif op and op != "refresh" and posted.yaml_outcome is None:
        builder.apply_op(posted.state, op)
    return _render(
        request,
        state=posted.state,
        tab=tab,
        patient=patient,
        programme=programme,
        save_form=save_form,
        field_errors=posted.field_errors,
        yaml_text=posted.yaml_text,
        yaml_outcome=posted.yaml_outcome,
        message=message,
        search=search,
    )


def _save(
    request: HttpRequest,
    posted: _Posted,
    save_form: SaveForm,
    patient: Patient,
    programme: Programme | None,
    tab: str,
) -> HttpResponse:
    # a valid text from the YAML view is saved as written (comments kept); else the builder's
    text = posted.yaml_text if posted.yaml_text and posted.yaml_outcome is None else None
    text = text or builder.text_from_state(posted.state)
    outcome = posted.yaml_outcome or services.check_text(text)
    data = save_form.cleaned_data if save_form.is_valid() else {}
    problems = not outcome.valid or bool(posted.field_errors) or not save_form.is_valid()
    if programme is None and not data.get("start_date"):
        save_form.add_error("start_date", "Give the day the programme starts.")
        problems = True
    if problems:
        return _render(
            request,
            state=posted.state,
            tab=tab,
            patient=patient,
            programme=programme,
            save_form=save_form,
            field_errors=posted.field_errors,
            yaml_text=posted.yaml_text,
            yaml_outcome=posted.yaml_outcome,
            message="Not saved: fix the problems shown first.",
            status=422,
        )
    if programme is None:
        records.assign(patient, text, data["start_date"], request.user, why=data.get("why", ""))
    else:
        before = builder.state_from_text(programme.current().text)
        changed = builder.changes(before, posted.state)
        what = data.get("what") or (
            "edited in the builder: " + "; ".join(changed) if changed else "saved unchanged"
        )
        records.new_version(programme, text, request.user, what[:2000], data.get("why", ""))
    target = reverse("web:patient", args=[patient.pk])
    if request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = target
        return response
    return redirect(target)


@clinician_required
@require_http_methods(["GET", "POST"])
def build_new(request: HttpRequest, patient_id: int) -> HttpResponse:
    """Build a new programme for a patient, from a template or blank."""
    patient = patient_or_404(request.clinic, patient_id)  # type: ignore[attr-defined]
    return _handle(request, patient, None)


@clinician_required
@require_http_methods(["GET", "POST"])
def build_edit(request: HttpRequest, programme_id: int) -> HttpResponse:
    """Edit a patient's programme in the builder; saving makes its next version."""
    programme = scoped_or_404(Programme, request.clinic, pk=programme_id)  # type: ignore[attr-defined]
    return _handle(request, programme.patient, programme)


@clinician_required
@require_POST
def build_check(request: HttpRequest) -> HttpResponse:
    """htmx: the completeness panel for the builder form as it stands."""
    try:
        posted = _Posted(request)
    except builder.BuilderError as error:
        return HttpResponse(str(error), status=400)
    text = (
        posted.yaml_text if posted.yaml_text is not None else builder.text_from_state(posted.state)
    )
    outcome = posted.yaml_outcome or services.check_text(text)
    tab = posted.tab if posted.tab in dict(TABS) else "structure"
    return render(
        request,
        "web/_builder_panel.html",
        {"outcome": outcome, "missing": _missing(outcome, tab), "tab": tab},
    )


@clinician_required
@require_GET
def build_dose(request: HttpRequest) -> HttpResponse:
    """htmx: a builder dose cell in words, or its error with the column."""
    text = next((v for k, v in request.GET.items() if k.startswith("f.")), "")
    parsed = services.parse_dose_cell(text[:600]) if text.strip() else None
    return render(request, "web/_builder_dose.html", {"words": parsed})


@clinician_required
@require_GET
def build_exercises(request: HttpRequest) -> HttpResponse:
    """htmx: library exercises for a prescription, each a button that picks it."""
    path = request.GET.get("path", "")[:200]
    query = next((v for k, v in request.GET.items() if k.startswith("f.")), "")
    found = services.search_exercises(query[:100], limit=8) if len(query.strip()) >= 2 else []
    return render(request, "web/_builder_exercises.html", {"found": found, "path": path})

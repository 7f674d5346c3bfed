"""Clinician pages for imported logs: an import's result (what was read, every skipped row, the
names no exercise matched), resolving those names with a library search, the clinic's remembered
names, and the clinician's page language."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from exdose.web import records, services
from exdose.web.access import clinician_required, scoped_or_404
from exdose.web.models import LANGUAGES, LogAlias, LogImport, Membership, audit

MAX_QUERY = 100
"""Longest exercise search text read (a name of the library is far shorter)."""


def import_context(record: LogImport) -> dict[str, Any]:
    """What the import page shows about one import: the record, per-name summary of the sets
    stored, and for each still-unmatched name its set count and close library exercises."""
    counts = records.unmatched_counts(record)
    remembered = records.aliases_of(record.clinic)
    to_resolve = []
    for index, name in enumerate(record.unmatched[: records.MAX_RESOLVED]):
        choices = services.suggest_exercises(name)
        # a name the clinic resolved after this import: its exercise first, already picked
        known = services.library_exercise(remembered[name]) if name in remembered else None
        if known is not None:
            choices = [known, *(c for c in choices if c["id"] != known["id"])]
        to_resolve.append(
            {
                "slot": index,
                "name": name,
                "sets": counts.get(name, 0),
                "choices": choices,
                "remembered": known["id"] if known else "",
            }
        )
    return {"result": record, "summary": records.read_summary(record), "to_resolve": to_resolve}


@clinician_required
@require_GET
def import_detail(request: HttpRequest, import_id: int) -> HttpResponse:
    """One import: what was read, what was skipped and why, the names left to resolve."""
    record = scoped_or_404(LogImport, request.clinic, pk=import_id)  # type: ignore[attr-defined]
    context = {"patient": record.patient, **import_context(record)}
    saved, matched = request.GET.get("saved", ""), request.GET.get("matched", "")
    if saved.isdigit() and matched.isdigit():
        context["resolved"] = {"saved": int(saved), "matched": int(matched)}
    return render(request, "web/import.html", context)


@clinician_required
@require_POST
def resolve(request: HttpRequest, import_id: int) -> HttpResponse:
    """Remember the exercises picked for the import's unmatched names (for the clinic) and read
    the kept file again, so the sets of those rows get their exercise."""
    record = scoped_or_404(LogImport, request.clinic, pk=import_id)  # type: ignore[attr-defined]
    choices: dict[str, str] = {}
    for index in range(min(len(record.unmatched), records.MAX_RESOLVED)):
        name = request.POST.get(f"name-{index}", "")
        exercise = request.POST.get(f"exercise-{index}", "").strip()
        if name and exercise:
            choices[name] = exercise
    if not choices:
        context = {"patient": record.patient, **import_context(record)}
        context["errors"] = [_("Pick an exercise for at least one name.")]
        return render(request, "web/import.html", context, status=422)
    try:
        outcome = records.resolve_names(record, choices, request.user)
    except services.ServiceError as error:
        context = {"patient": record.patient, **import_context(record)}
        context["errors"] = [str(p.get("message", "")) for p in error.problems]
        return render(request, "web/import.html", context, status=422)
    url = reverse("web:import_detail", args=[record.pk])
    return redirect(f"{url}?saved={len(outcome['saved'])}&matched={outcome['matched']}")


@clinician_required
@require_GET
def exercise_choices(request: HttpRequest) -> HttpResponse:
    """htmx: library exercises matching the words typed, as choices for one unmatched name."""
    query = request.GET.get("q", "")[:MAX_QUERY]
    try:
        slot = int(request.GET.get("slot", ""))
    except ValueError:
        slot = -1
    if not 0 <= slot < records.MAX_RESOLVED:
        return HttpResponse(status=400)
    return render(
        request,
        "web/_alias_choices.html",
        {"slot": slot, "choices": services.search_exercises(query), "query": query},
    )


@clinician_required
@require_GET
def aliases(request: HttpRequest) -> HttpResponse:
    """The clinic's remembered log names and the exercise each is read as."""
    listed = []
    for alias in LogAlias.objects.for_clinic(request.clinic):  # type: ignore[attr-defined]
        found = services.library_exercise(alias.exercise)
        listed.append({"alias": alias, "exercise_name": found["name"] if found else ""})
    return render(request, "web/aliases.html", {"aliases": listed})


@clinician_required
@require_POST
def delete_alias(request: HttpRequest, alias_id: int) -> HttpResponse:
    """Forget one remembered name (sets already stored keep their exercise)."""
    alias = scoped_or_404(LogAlias, request.clinic, pk=alias_id)  # type: ignore[attr-defined]
    audit(alias.clinic, request.user, "forget_alias", alias, name=alias.name, to=alias.exercise)
    alias.delete()
    return redirect("web:aliases")


@clinician_required
@require_http_methods(["POST"])
def set_language(request: HttpRequest) -> HttpResponse:
    """Save the clinician's page language (empty: the browser's)."""
    language = request.POST.get("language", "")
    if language not in {code for code, _name in LANGUAGES} | {""}:
        return HttpResponse(status=400)
    membership: Membership = request.user.membership  # type: ignore[union-attr]
    membership.language = language
    membership.save(update_fields=["language"])
    back = request.POST.get("next", "")
    if not back.startswith("/clinic/"):
        back = reverse("web:patients")
    return redirect(back)

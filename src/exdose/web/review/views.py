"""Pages of the review workbench: projects, reports and studies, the verification screen, the
conflict screen, outputs and the audit trail. Every id is looked up inside a project the signed-in
user belongs to (404 otherwise)."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from exdose.web.access import clinic_of
from exdose.web.review import records, services, uploads
from exdose.web.review.models import ReviewProject, Study

View = Callable[..., HttpResponse]


def member_required(view: View) -> View:
    """Signed-in users only; with a `project_id` argument, members of that project only
    (`request.project` is set), everyone else gets 404."""

    @wraps(view)
    @never_cache
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if "project_id" in kwargs:
            request.project = records.project_or_404(request.user, kwargs["project_id"])  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)

    return wrapper


def _project(request: HttpRequest) -> ReviewProject:
    return request.project  # type: ignore[attr-defined, no-any-return]


@member_required
@require_http_methods(["GET", "POST"])
def projects(request: HttpRequest) -> HttpResponse:
    """The user's review projects and a form to start one."""
    error = ""
    if request.method == "POST":
        try:
            project = records.create_project(
                request.user,
                request.POST.get("name", ""),
                clinic=clinic_of(request.user),
                organisation=request.POST.get("organisation", ""),
                hide_exdose=request.POST.get("hide_exdose") == "on",
            )
        except records.RuleError as exc:
            error = str(exc)
        else:
            return redirect("review:project", project_id=project.pk)
    listed = ReviewProject.objects.of_user(request.user).order_by("-created_at")
    return render(request, "review/projects.html", {"projects": listed, "error": error})


def _studies_context(project: ReviewProject, user: Any) -> list[dict[str, Any]]:
    rows = []
    for study in project.studies.prefetch_related("reports"):
        done = records.finished_by(study)
        rows.append(
            {
                "study": study,
                "reports": list(study.reports.all()),
                "finished": len(done),
                "mine": user.pk in done,
                "complete": records.is_complete(study),
                "conflicts": len(records.conflicts(study)) if records.is_complete(study) else 0,
            }
        )
    return rows


@member_required
@require_GET
def project_page(request: HttpRequest, project_id: int) -> HttpResponse:
    """Reports with their status, studies, suggested links, members."""
    project = _project(request)
    context = {
        "project": project,
        "owner": records.is_owner(project, request.user),
        "reports": project.reports.all(),
        "studies": _studies_context(project, request.user),
        "suggestions": records.suggestions(project),
        "members": project.members.select_related("user").order_by("role", "user__email"),
        "pending": project.reports.filter(status__in=["queued", "rating"]).exists(),
        "max_mb": uploads.limit("MAX_FILE_BYTES") // 1024 // 1024,
        "error": request.GET.get("error", "")[:300],
    }
    return render(request, "review/project.html", context)


@member_required
@require_GET
def reports_fragment(request: HttpRequest, project_id: int) -> HttpResponse:
    """The reports table alone (polled while jobs run)."""
    project = _project(request)
    pending = project.reports.filter(status__in=["queued", "rating"]).exists()
    return render(
        request,
        "review/_reports.html",
        {"project": project, "reports": project.reports.all(), "pending": pending},
    )


@member_required
@require_POST
def upload_view(request: HttpRequest, project_id: int) -> HttpResponse:
    """Upload report files or zips; each report is rated in its own background job."""
    project = _project(request)
    length = int(request.META.get("CONTENT_LENGTH") or 0)
    if length > uploads.limit("MAX_REQUEST_BYTES"):
        mb = uploads.limit("MAX_REQUEST_BYTES") // 1024 // 1024
        return _back(project, f"the upload is larger than {mb} MB; send fewer files at once", 413)
    files = request.FILES.getlist("file")
    if not files:
        return _back(project, "choose at least one file", 400)
    try:
        records.upload(project, request.user, files)
    except uploads.UploadRefused as exc:
        return _back(project, str(exc), 400)
    return redirect("review:project", project_id=project.pk)


def _back(project: ReviewProject, message: str, status: int) -> HttpResponse:
    response = render_message(f"Upload refused: {message}", project)
    response.status_code = status
    return response


def render_message(text: str, project: ReviewProject) -> HttpResponse:
    """A short page with one message and a way back."""
    from django.template.loader import render_to_string

    return HttpResponse(render_to_string("review/message.html", {"text": text, "project": project}))


@member_required
@require_POST
def link_view(request: HttpRequest, project_id: int) -> HttpResponse:
    """Confirm a suggested study (or link chosen reports) into one study."""
    project = _project(request)
    ids = [int(x) for x in request.POST.getlist("report") if x.isdigit()]
    try:
        records.link_reports(project, request.user, ids, request.POST.get("label", ""))
    except records.RuleError as exc:
        return render_message(str(exc), project)
    return redirect("review:project", project_id=project.pk)


@member_required
@require_POST
def member_view(request: HttpRequest, project_id: int) -> HttpResponse:
    """Add a member (owners only)."""
    project = _project(request)
    try:
        records.add_member(
            project,
            request.user,
            request.POST.get("email", ""),
            request.POST.get("role", "reviewer"),
        )
    except records.RuleError as exc:
        return render_message(str(exc), project)
    return redirect("review:project", project_id=project.pk)


# --- verification --------------------------------------------------------------------------------


def _item_rows(study: Study, user: Any, sort: str) -> tuple[list[dict[str, Any]], bool]:
    show_exdose = records.may_see_exdose(study, user)
    pre = records.exdose_rating(study) if show_exdose else {}
    mine = records.own_ratings(study, user)
    rows: list[dict[str, Any]] = []
    for n, item in enumerate(services.checklist_items()):
        rating = mine.get(item.key)
        rows.append({"n": n, "item": item, "exdose": pre.get(item.key), "mine": rating})
    if sort == "unsure" and show_exdose:
        rows.sort(
            key=lambda r: (
                r["exdose"]["confidence"]
                if r["exdose"] and r["exdose"]["confidence"] is not None
                else -1.0,
                r["n"],
            )
        )
    return rows, show_exdose


@member_required
@require_GET
def verify(request: HttpRequest, project_id: int, study_id: int) -> HttpResponse:
    """The verification screen: the study's documents with evidence highlighted on the left,
    the 31 items with exdose's rating and the reviewer's own on the right."""
    project = _project(request)
    study = records.study_or_404(project, study_id)
    sort = "unsure" if request.GET.get("sort") == "unsure" else "order"
    rows, show_exdose = _item_rows(study, request.user, sort)
    documents = []
    for report in study.reports.filter(status="rated"):
        spans = []
        if show_exdose:
            for row in rows:
                pre = row["exdose"]
                for e in (pre or {}).get("evidence", []):
                    if e["report"] == report.pk:
                        spans.append((e["start"], e["end"], row["item"].key))
        pages = 0
        if report.format == "pdf" and report.stored_name:
            stored = uploads.folder_for(project.pk) / report.stored_name
            pages = min(services.pdf_page_count(stored), services.MAX_PAGES_SHOWN)
        documents.append(
            {
                "report": report,
                "html": mark_safe(services.highlighted_html(report.pk, report.text, spans)),
                "pages": range(1, pages + 1),
            }
        )
    done = request.user.pk in records.finished_by(study)
    others = (
        records.visible_ratings(study, request.user)
        if records.may_see_others(study, request.user)
        else {}
    )
    others.pop(request.user.email, None)
    for row in rows:
        row["others"] = [(who, ratings.get(row["item"].key)) for who, ratings in others.items()]
    context = {
        "project": project,
        "study": study,
        "rows": rows,
        "documents": documents,
        "show_exdose": show_exdose,
        "sort": sort,
        "finished": done,
        "complete": records.is_complete(study),
        "others": list(others),
        "rated": sum(1 for r in rows if r["mine"]),
        "error": request.GET.get("error", "")[:300],
    }
    return render(request, "review/verify.html", context)


@member_required
@require_POST
def rate_view(request: HttpRequest, project_id: int, study_id: int) -> HttpResponse:
    """Save one of the reviewer's ratings (from the verification screen's script)."""
    project = _project(request)
    study = records.study_or_404(project, study_id)
    key = request.POST.get("item", "")
    checklist, _, item = key.partition("-")
    try:
        rating = records.set_rating(
            study,
            request.user,
            checklist,
            item,
            request.POST.get("reported", ""),
            request.POST.get("note", ""),
            request.POST.get("where", ""),
        )
    except records.RuleError as exc:
        return JsonResponse({"detail": str(exc)}, status=422)
    return JsonResponse({"item": key, **records.rating_json(rating)})


@member_required
@require_POST
def finish_view(request: HttpRequest, project_id: int, study_id: int) -> HttpResponse:
    """Finish (or reopen) the study for this reviewer."""
    project = _project(request)
    study = records.study_or_404(project, study_id)
    try:
        if request.POST.get("action") == "reopen":
            records.reopen(study, request.user)
        else:
            records.finish(study, request.user)
    except records.RuleError as exc:
        from urllib.parse import urlencode

        return redirect(f"{request.path.rsplit('/', 1)[0]}/?{urlencode({'error': str(exc)})}")
    return redirect("review:verify", project_id=project.pk, study_id=study.pk)


@member_required
@require_GET
def page_image(request: HttpRequest, project_id: int, report_id: int, page: int) -> HttpResponse:
    """One page of a rated PDF report as PNG, exdose's evidence painted on it (unless exdose's
    rating is hidden from this reviewer)."""
    project = _project(request)
    report = records.report_or_404(project, report_id)
    if report.format != "pdf" or report.status != "rated" or report.study is None:
        raise Http404("not found")
    texts: list[str] = []
    if records.may_see_exdose(report.study, request.user):
        pre = records.exdose_rating(report.study)
        texts = [e["text"] for v in pre.values() for e in v["evidence"] if e["report"] == report.pk]
    try:
        body = services.pdf_page_png(
            uploads.folder_for(project.pk) / report.stored_name,
            page - 1,
            list(dict.fromkeys(texts)),
        )
    except (IndexError, OSError):
        raise Http404("no such page") from None
    response = HttpResponse(body, content_type="image/png")
    return response


# --- conflicts, outputs, audit -------------------------------------------------------------------


@member_required
@require_GET
def conflicts_view(request: HttpRequest, project_id: int) -> HttpResponse:
    """Every complete study's disagreements, for the reconciler."""
    project = _project(request)
    studies = []
    for study in records.complete_studies(project):
        if records.may_see_others(study, request.user):
            studies.append(
                {
                    "study": study,
                    "conflicts": records.conflicts(study),
                    "reviewers": records.reviewers_of(study),
                }
            )
    return render(
        request,
        "review/conflicts.html",
        {"project": project, "studies": studies, "owner": records.is_owner(project, request.user)},
    )


@member_required
@require_POST
def final_view(request: HttpRequest, project_id: int, study_id: int) -> HttpResponse:
    """The reconciler's final rating of one item."""
    project = _project(request)
    study = records.study_or_404(project, study_id)
    checklist, _, item = request.POST.get("item", "").partition("-")
    try:
        records.set_final(
            study,
            request.user,
            checklist,
            item,
            request.POST.get("reported", ""),
            request.POST.get("note", ""),
        )
    except records.RuleError as exc:
        return render_message(str(exc), project)
    return redirect("review:conflicts", project_id=project.pk)


@member_required
@require_GET
def outputs(request: HttpRequest, project_id: int) -> HttpResponse:
    """Summary table, heatmap, agreement and downloads."""
    project = _project(request)
    matrix = records.matrix(project)
    context = {
        "project": project,
        "summary": services.summary(matrix),
        "agreement": records.agreement(project, request.user),
        "raters": records.rater_names(project),
        "studies": len(matrix),
    }
    return render(request, "review/outputs.html", context)


@member_required
@require_GET
def heatmap(request: HttpRequest, project_id: int, fmt: str) -> HttpResponse:
    """The heatmap of the final ratings as SVG or PNG."""
    project = _project(request)
    if fmt not in ("svg", "png"):
        raise Http404("not found")
    body = services.heatmap(records.matrix(project), fmt)
    response = HttpResponse(body, content_type="image/svg+xml" if fmt == "svg" else "image/png")
    if request.GET.get("download"):
        response["Content-Disposition"] = f'attachment; filename="heatmap-{project.pk}.{fmt}"'
    return response


def _rater(request: HttpRequest) -> str:
    return request.GET.get("rater", "final")[:254]


@member_required
@require_GET
def export(request: HttpRequest, project_id: int, fmt: str) -> HttpResponse:
    """A ratings table (CSV or XLSX) of one rater: final, exdose, me or a reviewer's email."""
    project = _project(request)
    if fmt not in ("csv", "xlsx"):
        raise Http404("not found")
    rater = _rater(request)
    rows = records.table_for(project, rater, request.user)
    safe = "".join(c for c in rater if c.isalnum() or c in "-_.") or "ratings"
    if fmt == "xlsx":
        response = HttpResponse(
            services.ratings_xlsx(rows),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(services.ratings_csv(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="review-{project.pk}-{safe}.{fmt}"'
    return response


@member_required
@require_GET
def agreement_json(request: HttpRequest, project_id: int) -> HttpResponse:
    """The agreement reports as JSON."""
    project = _project(request)
    return HttpResponse(
        json.dumps(records.agreement(project, request.user), indent=1),
        content_type="application/json",
    )


@member_required
@require_GET
def audit_view(request: HttpRequest, project_id: int) -> HttpResponse:
    """The audit trail: who changed what, when, from and to (ratings of others only once their
    study is complete)."""
    project = _project(request)
    hidden: set[str] = set()
    for study in project.studies.all():
        if not records.may_see_others(study, request.user):
            hidden.add(str(study.pk))
    entries = []
    for entry in project.audit.select_related("actor")[:1000]:
        study = str((entry.after or {}).get("study", "")) if entry.action == "rate" else ""
        if study in hidden and entry.actor_id != request.user.pk:
            continue
        entries.append(entry)
    return render(request, "review/audit.html", {"project": project, "entries": entries})

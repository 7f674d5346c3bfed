"""The review workbench's JSON routes, mounted on the clinic API at /api/v1/reviews (same bearer
tokens). A project the token's user is not a member of answers 404, as does every id in it."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import File, Router, Schema
from ninja.errors import HttpError
from ninja.files import UploadedFile

from exdose.web.review import records, services, uploads
from exdose.web.review.models import ReviewProject

router = Router(tags=["reviews"])


def _user(request: HttpRequest) -> Any:
    return request.api_user  # type: ignore[attr-defined]


def _project(request: HttpRequest, review_id: int) -> ReviewProject:
    return records.project_or_404(_user(request), review_id)


class ReviewIn(Schema):
    """A new review project."""

    name: str
    hide_exdose: bool = False


class ReviewOut(Schema):
    """A review project."""

    id: int
    name: str
    hide_exdose: bool


@router.post("", response={201: ReviewOut})
def create_review(request: HttpRequest, body: ReviewIn) -> tuple[int, dict[str, Any]]:
    """Start a review project in the caller's clinic; the caller is its owner."""
    try:
        project = records.create_project(
            _user(request),
            body.name,
            clinic=getattr(request, "clinic", None),
            hide_exdose=body.hide_exdose,
        )
    except records.RuleError as error:
        raise HttpError(422, str(error)) from None
    return 201, {"id": project.pk, "name": project.name, "hide_exdose": project.hide_exdose}


class ReportOut(Schema):
    """A report: its status, the error that stopped it, its study, and exdose's appraisal in
    the shape of `exdose appraise --json` (null until rated, or while hidden by blinding)."""

    id: int
    filename: str
    status: Literal["queued", "rating", "rated", "error"]
    error: str | None
    study: int | None
    appraisal: dict[str, Any] | None
    hidden: bool = False


def _report_out(report: Any, user: Any) -> dict[str, Any]:
    hidden = False
    appraisal = None
    if report.appraisal:
        study = report.study
        if study is None:
            hidden = report.project.hide_exdose
        else:
            hidden = not records.may_see_exdose(study, user)
        if not hidden:
            appraisal = services.cli_json(report.appraisal)
    return {
        "id": report.pk,
        "filename": report.filename,
        "status": report.status,
        "error": report.error or None,
        "study": report.study_id,
        "appraisal": appraisal,
        "hidden": hidden,
    }


class UploadOut(ReportOut):
    """The first report created, and every report of the upload (a zip gives several)."""

    reports: list[ReportOut]


@router.post("/{review_id}/reports", response={201: UploadOut})
def upload_report(
    request: HttpRequest, review_id: int, file: File[UploadedFile]
) -> tuple[int, dict[str, Any]]:
    """Upload one report (or a zip of reports); each is rated in its own background job."""
    project = _project(request, review_id)
    if int(request.META.get("CONTENT_LENGTH") or 0) > uploads.limit("MAX_REQUEST_BYTES"):
        raise HttpError(413, "the upload is too large")
    try:
        created = records.upload(project, _user(request), [file])
    except uploads.UploadRefused as error:
        raise HttpError(422, str(error)) from None
    if not created:
        raise HttpError(422, "the upload holds no report file")
    listed = [_report_out(r, _user(request)) for r in created]
    return 201, {**listed[0], "reports": listed}


@router.get("/{review_id}/reports/{report_id}", response=ReportOut)
def get_report(request: HttpRequest, review_id: int, report_id: int) -> dict[str, Any]:
    """A report's status and appraisal."""
    project = _project(request, review_id)
    return _report_out(records.report_or_404(project, report_id), _user(request))


class RatingIn(Schema):
    """The caller's rating: reported true / false, or null for not applicable."""

    reported: bool | None
    note: str = ""
    where: str = ""


class RatingOut(Schema):
    """A stored rating."""

    checklist: str
    item: str
    reported: Literal["yes", "no", "na"]
    note: str
    where: str
    updated_at: str


@router.put("/{review_id}/reports/{report_id}/ratings/{checklist}/{item}", response=RatingOut)
def put_rating(
    request: HttpRequest,
    review_id: int,
    report_id: int,
    checklist: str,
    item: str,
    body: RatingIn,
) -> dict[str, Any]:
    """Set the caller's rating of one item for the report's study (audited)."""
    project = _project(request, review_id)
    report = records.report_or_404(project, report_id)
    if report.study is None:
        raise HttpError(422, "the report is not rated yet, so it has no study to rate")
    value = "na" if body.reported is None else ("yes" if body.reported else "no")
    try:
        rating = records.set_rating(
            report.study, _user(request), checklist, item, value, body.note, body.where
        )
    except records.RuleError as error:
        raise HttpError(422, str(error)) from None
    return records.rating_json(rating)


@router.get("/{review_id}/studies/{study_id}/ratings", response=dict[str, Any])
def study_ratings(request: HttpRequest, review_id: int, study_id: int) -> dict[str, Any]:
    """The ratings of a study the caller may read: their own; the other reviewers' once the
    study is complete (every reviewer who started it has finished)."""
    project = _project(request, review_id)
    study = records.study_or_404(project, study_id)
    return {
        "study": study.pk,
        "complete": records.is_complete(study),
        "ratings": records.visible_ratings(study, _user(request)),
    }


@router.post("/{review_id}/studies/{study_id}/finish", response=dict[str, Any])
def finish_study(request: HttpRequest, review_id: int, study_id: int) -> dict[str, Any]:
    """Finish the study (all 31 items rated): the caller's ratings are locked."""
    project = _project(request, review_id)
    study = records.study_or_404(project, study_id)
    try:
        records.finish(study, _user(request))
    except records.RuleError as error:
        raise HttpError(422, str(error)) from None
    return {"study": study.pk, "complete": records.is_complete(study)}


@router.get("/{review_id}/agreement", response=list[dict[str, Any]])
def get_agreement(request: HttpRequest, review_id: int) -> list[dict[str, Any]]:
    """Agreement between every two reviewers and each reviewer vs exdose (complete studies)."""
    return records.agreement(_project(request, review_id), _user(request))


@router.get("/{review_id}/export.csv")
def export_csv(request: HttpRequest, review_id: int, rater: str = "final") -> HttpResponse:
    """A ratings table (CSV): `rater` final (default), exdose, me or a reviewer's email."""
    project = _project(request, review_id)
    rows = records.table_for(project, rater[:254], _user(request))
    response = HttpResponse(services.ratings_csv(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="review-{project.pk}.csv"'
    return response

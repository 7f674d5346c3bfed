"""Background jobs of the review workbench: one job per uploaded report (Django Tasks on the
database backend the web app uses). A report that cannot be read fails its own job with the
reason; nothing it does reaches the other jobs."""

from __future__ import annotations

import logging
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task

from exdose.web.review import services, uploads
from exdose.web.review.models import Report, Study

log = logging.getLogger(__name__)


@task()
def appraise_report(report_id: int) -> str:
    """Rate one stored report with exdose; the report ends `rated` or `error` with the reason."""
    claimed = Report.objects.filter(pk=report_id, status="queued").update(status="rating")
    if not claimed:  # already done, or taken by another worker
        return "skipped"
    report = Report.objects.get(pk=report_id)
    path = Path(uploads.folder_for(report.project_id)) / report.stored_name
    try:
        result = services.appraise_file(
            path, report.filename, max_bytes=uploads.limit("MAX_FILE_BYTES")
        )
    except services.ReviewInputError as error:
        return _failed(report, str(error))
    except Exception as error:
        log.exception("rating report %s failed", report_id)
        return _failed(report, f"exdose could not rate this file ({type(error).__name__}: {error})")
    report.appraisal = result.appraisal
    report.text = result.text
    report.title = result.title
    report.format = result.format
    report.registrations = result.registrations
    report.status = "rated"
    report.error = ""
    report.rated_at = timezone.now()
    with transaction.atomic():
        if report.study_id is None:
            report.study = new_study(report)
        report.save()
    return "rated"


def _failed(report: Report, reason: str) -> str:
    Report.objects.filter(pk=report.pk).update(
        status="error", error=reason[:2000], rated_at=timezone.now()
    )
    return "error"


def new_study(report: Report) -> Study:
    """A study of its own for a newly rated report, labelled by its file name."""
    base = Path(report.filename).stem[:180] or f"report {report.pk}"
    registration = report.registrations[0] if report.registrations else ""
    for attempt in range(1, 50):
        label = base if attempt == 1 else f"{base} ({attempt})"
        try:
            with transaction.atomic():
                return Study.objects.create(
                    project_id=report.project_id, label=label, registration=registration
                )
        except IntegrityError:
            continue
    return Study.objects.create(
        project_id=report.project_id, label=f"{base} #{report.pk}", registration=registration
    )


def enqueue(report: Report) -> None:
    """Queue the report's job once the current transaction commits."""

    def send() -> None:
        result = appraise_report.enqueue(report.pk)
        Report.objects.filter(pk=report.pk).update(task_id=str(result.id))

    transaction.on_commit(send)

"""Background jobs (Django Tasks on the database backend: claimed with SKIP LOCKED, so several
workers against one PostgreSQL never run a job twice)."""

from __future__ import annotations

from django.db import transaction
from django_tasks import task

from exdose.web import services
from exdose.web.models import JobRecord, Patient


@task()
def render_handout(job_id: int) -> str:
    """Render a patient's handout PDF into the job record."""
    job = JobRecord.objects.get(pk=job_id)
    job.status = "running"
    job.save(update_fields=["status"])
    patient = job.patient
    assert patient is not None
    programme = patient.current_programme()
    try:
        if programme is None:
            raise services.ServiceError([{"message": "the patient has no programme"}])
        pdf = services.handout_pdf(programme.current().text, programme.start_date, patient.language)
    except services.ServiceError as error:
        job.status, job.error = "failed", str(error)
        job.save(update_fields=["status", "error"])
        return "failed"
    job.result = pdf
    job.result_name = f"handout-{patient.pk}.pdf"
    job.status = "done"
    job.save(update_fields=["result", "result_name", "status"])
    return "done"


def start_handout(patient: Patient) -> JobRecord:
    """Record and enqueue a handout job (enqueued once the record is committed)."""
    job = JobRecord.objects.create(clinic=patient.clinic, patient=patient, kind="handout")

    def enqueue() -> None:
        result = render_handout.enqueue(job.pk)
        JobRecord.objects.filter(pk=job.pk).update(task_id=str(result.id))

    transaction.on_commit(enqueue)
    return job

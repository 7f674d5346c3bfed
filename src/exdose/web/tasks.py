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


METHODS_KINDS = {"methods-docx": "docx", "methods-pdf": "pdf"}


@task()
def render_methods(job_id: int) -> str:
    """Render a patient's programme as a methods section (DOCX or PDF) into the job record."""
    job = JobRecord.objects.get(pk=job_id)
    job.status = "running"
    job.save(update_fields=["status"])
    patient = job.patient
    assert patient is not None
    programme = patient.current_programme()
    fmt = METHODS_KINDS.get(job.kind, "")
    try:
        if programme is None:
            raise services.ServiceError([{"message": "the patient has no programme"}])
        document = services.methods_document(programme.current().text, programme.start_date, fmt)
    except services.ServiceError as error:
        job.status, job.error = "failed", str(error)
        job.save(update_fields=["status", "error"])
        return "failed"
    job.result = document
    job.result_name = f"methods-{patient.pk}.{fmt}"
    job.status = "done"
    job.save(update_fields=["result", "result_name", "status"])
    return "done"


def start_methods(patient: Patient, fmt: str) -> JobRecord:
    """Record and enqueue a methods DOCX or PDF job (enqueued once the record is committed)."""
    kind = f"methods-{fmt}"
    assert kind in METHODS_KINDS, fmt
    job = JobRecord.objects.create(clinic=patient.clinic, patient=patient, kind=kind)

    def enqueue() -> None:
        result = render_methods.enqueue(job.pk)
        JobRecord.objects.filter(pk=job.pk).update(task_id=str(result.id))

    transaction.on_commit(enqueue)
    return job

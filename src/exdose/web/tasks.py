"""Background jobs (Django Tasks on the database backend: claimed with SKIP LOCKED, so several
workers against one PostgreSQL never run a job twice)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django_tasks import task

from exdose.web import services
from exdose.web.models import JobRecord, Patient, Programme


def _run(job_id: int, produce: Callable[[JobRecord, Patient, Programme], tuple[bytes, str]]) -> str:
    """Run one job: mark it running, `produce` its file (bytes and name) from the patient's
    current programme, and record the file or the reason it failed."""
    job = JobRecord.objects.get(pk=job_id)
    job.status = "running"
    job.save(update_fields=["status"])
    patient = job.patient
    assert patient is not None
    programme = patient.current_programme()
    try:
        if programme is None:
            raise services.ServiceError([{"message": "the patient has no programme"}])
        job.result, job.result_name = produce(job, patient, programme)
    except services.ServiceError as error:
        job.status, job.error = "failed", str(error)
        job.save(update_fields=["status", "error"])
        return "failed"
    job.status = "done"
    job.save(update_fields=["result", "result_name", "status"])
    return "done"


def _start(patient: Patient, kind: str, runner: Any) -> JobRecord:
    """Record a job and enqueue `runner` for it once the record is committed."""
    job = JobRecord.objects.create(clinic=patient.clinic, patient=patient, kind=kind)

    def enqueue() -> None:
        result = runner.enqueue(job.pk)
        JobRecord.objects.filter(pk=job.pk).update(task_id=str(result.id))

    transaction.on_commit(enqueue)
    return job


def _handout(job: JobRecord, patient: Patient, programme: Programme) -> tuple[bytes, str]:
    pdf = services.handout_pdf(programme.current().text, programme.start_date, patient.language)
    return pdf, f"handout-{patient.pk}.pdf"


@task()
def render_handout(job_id: int) -> str:
    """Render a patient's handout PDF into the job record."""
    return _run(job_id, _handout)


def start_handout(patient: Patient) -> JobRecord:
    """Record and enqueue a handout job (enqueued once the record is committed)."""
    return _start(patient, "handout", render_handout)


METHODS_KINDS = {"methods-docx": "docx", "methods-pdf": "pdf"}


def _methods(job: JobRecord, patient: Patient, programme: Programme) -> tuple[bytes, str]:
    fmt = METHODS_KINDS.get(job.kind, "")
    document = services.methods_document(programme.current().text, programme.start_date, fmt)
    return document, f"methods-{patient.pk}.{fmt}"


@task()
def render_methods(job_id: int) -> str:
    """Render a patient's programme as a methods section (DOCX or PDF) into the job record."""
    return _run(job_id, _methods)


def start_methods(patient: Patient, fmt: str) -> JobRecord:
    """Record and enqueue a methods DOCX or PDF job (enqueued once the record is committed)."""
    kind = f"methods-{fmt}"
    assert kind in METHODS_KINDS, fmt
    return _start(patient, kind, render_methods)

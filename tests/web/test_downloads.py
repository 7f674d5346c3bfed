"""Downloads from the clinician's patient page: the handout PDF in the patient's language and the
methods section as DOCX or PDF, each made by a background job and fetched from its status page."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from exdose.web.models import JobRecord


def _signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _run(job: JobRecord) -> None:
    """Run the job's task in this process (the worker's part), as the queue would."""
    from exdose.web import tasks

    task = tasks.render_handout if job.kind == "handout" else tasks.render_methods
    assert task.call(job.pk) == "done"


def _pdf_text(data: bytes) -> str:
    import pypdf

    return pypdf.PdfReader(io.BytesIO(data)).pages[0].extract_text()


@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("en", "Your exercise programme"),
        ("nb", "Ditt treningsprogram"),
        ("sv", "Ditt träningsprogram"),
    ],
)
def test_the_handout_is_written_in_the_patients_language(
    patient_a: Any, clinic_a: Any, language: str, heading: str
) -> None:
    patient_a.language = language
    patient_a.save(update_fields=["language"])
    client = _signed_in(clinic_a.user)
    response = client.post(reverse("web:handout", args=[patient_a.pk]))
    assert response.status_code == 302
    job = JobRecord.objects.get(patient=patient_a, kind="handout")
    _run(job)
    download = client.get(reverse("web:job", args=[job.pk]), {"download": "1"})
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == f'attachment; filename="handout-{patient_a.pk}.pdf"'
    assert _pdf_text(download.content).startswith(heading)


def test_the_methods_section_comes_as_docx_and_as_pdf(patient_a: Any, clinic_a: Any) -> None:
    client = _signed_in(clinic_a.user)
    page = client.get(reverse("web:patient", args=[patient_a.pk])).content.decode()
    assert reverse("web:methods", args=[patient_a.pk, "docx"]) in page
    assert reverse("web:methods", args=[patient_a.pk, "pdf"]) in page

    assert client.post(reverse("web:methods", args=[patient_a.pk, "docx"])).status_code == 302
    docx_job = JobRecord.objects.get(patient=patient_a, kind="methods-docx")
    _run(docx_job)
    status = client.get(reverse("web:job", args=[docx_job.pk])).content.decode()
    assert "Methods section" in status and "done" in status
    docx = client.get(reverse("web:job", args=[docx_job.pk]), {"download": "1"})
    assert docx["Content-Type"].startswith("application/vnd.openxmlformats")
    with zipfile.ZipFile(io.BytesIO(docx.content)) as archive:
        body = archive.read("word/document.xml").decode("utf-8")
    assert "Hip-thrust glute" in body

    assert client.post(reverse("web:methods", args=[patient_a.pk, "pdf"])).status_code == 302
    pdf_job = JobRecord.objects.get(patient=patient_a, kind="methods-pdf")
    _run(pdf_job)
    pdf = client.get(reverse("web:job", args=[pdf_job.pk]), {"download": "1"})
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"] == f'attachment; filename="methods-{patient_a.pk}.pdf"'
    assert _pdf_text(pdf.content).startswith("Exercise intervention")


def test_methods_need_a_known_format_a_programme_and_the_same_clinic(
    patient_a: Any, clinic_a: Any, clinic_b: Any
) -> None:
    from exdose.web.models import Patient

    client = _signed_in(clinic_a.user)
    assert client.post(reverse("web:methods", args=[patient_a.pk, "odt"])).status_code == 404
    bare = Patient.objects.create(clinic=clinic_a, name="No programme yet")
    assert client.post(reverse("web:methods", args=[bare.pk, "pdf"])).status_code == 422
    stranger = _signed_in(clinic_b.user)
    assert stranger.post(reverse("web:methods", args=[patient_a.pk, "pdf"])).status_code == 404
    assert not JobRecord.objects.filter(kind__startswith="methods").exists()

"""Isolation: every id-taking URL and API route answers 404 to another clinic; a patient reaches
only their own pages; a clinician only their clinic's."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from exdose.web.models import ApiToken, JobRecord

PATIENT_PAGES = [
    ("get", "web:patient"),
    ("post", "web:invite_patient"),
    ("post", "web:archive"),
    ("get", "web:new_programme"),
    ("post", "web:new_programme"),
    ("get", "web:build_new"),
    ("post", "web:build_new"),
    ("get", "web:import"),
    ("post", "web:import"),
    ("post", "web:accept"),
    ("post", "web:dismiss"),
    ("get", "web:sets_csv"),
    ("post", "web:handout"),
]
VALID_SET = {
    "client_key": "k1",
    "date": "2026-11-23",
    "exercise_name": "Barbell hip thrust",
    "set_number": 1,
    "reps": 8,
    "load_kg": 60,
}
API_ROUTES = [
    ("get", "/patients/{id}", None),
    ("post", "/patients/{id}/programs", "programme"),
    ("post", "/patients/{id}/logs", "file"),
    ("post", "/patients/{id}/sets", {"sets": [VALID_SET]}),
    ("post", "/patients/{id}/pain", {"client_key": "p", "date": "2026-11-23", "during": 2}),
    ("get", "/patients/{id}/load", None),
    ("get", "/patients/{id}/fidelity", None),
    ("get", "/patients/{id}/adjustment", None),
    ("post", "/patients/{id}/adjustment/accept", {}),
]


def _signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(("method", "name"), PATIENT_PAGES)
def test_patient_urls_of_another_clinic_are_not_found(
    method: str, name: str, patient_a: Any, clinic_b: Any
) -> None:
    stranger = _signed_in(clinic_b.user)
    url = reverse(name, args=[patient_a.pk])
    response = getattr(stranger, method)(url, {"note": "x", "text": "x"})
    assert response.status_code == 404
    own = _signed_in(patient_a.clinic.user)
    if method == "get":
        assert own.get(url).status_code == 200


def test_programme_version_and_job_urls_of_another_clinic_are_not_found(
    patient_a: Any, clinic_b: Any
) -> None:
    programme = patient_a.current_programme()
    version = programme.current()
    job = JobRecord.objects.create(clinic=patient_a.clinic, patient=patient_a, kind="handout")
    stranger = _signed_in(clinic_b.user)
    owner = _signed_in(patient_a.clinic.user)
    for url in (
        reverse("web:edit_programme", args=[programme.pk]),
        reverse("web:build_edit", args=[programme.pk]),
        reverse("web:version_file", args=[version.pk]),
        reverse("web:job", args=[job.pk]),
    ):
        assert stranger.get(url).status_code == 404, url
        assert owner.get(url).status_code == 200, url
    assert (
        stranger.post(
            reverse("web:edit_programme", args=[programme.pk]),
            {"text": version.text, "start_date": "2026-11-23"},
        ).status_code
        == 404
    )
    assert programme.versions.count() == 1


def test_the_patient_list_shows_only_the_clinics_own(patient_a: Any, clinic_b: Any) -> None:
    page = _signed_in(clinic_b.user).get(reverse("web:patients"))
    assert page.status_code == 200 and "Pat A" not in page.content.decode()
    assert (
        "Pat A" in _signed_in(patient_a.clinic.user).get(reverse("web:patients")).content.decode()
    )


@pytest.mark.parametrize(("method", "route", "body"), API_ROUTES)
def test_api_routes_answer_404_outside_the_callers_clinic(
    method: str, route: str, body: Any, patient_a: Any, clinic_b: Any, hip_text: str
) -> None:
    import json

    from django.core.files.uploadedfile import SimpleUploadedFile

    _, plain = ApiToken.issue(clinic_b.user, clinic_b)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {plain}")
    url = "/api/v1" + route.format(id=patient_a.pk)
    if method == "get":
        response = client.get(url)
    elif body == "file":
        csv = b"date,exercise,set,reps,weight,unit\n2026-11-23,Barbell Hip Thrust,1,8,60,kg\n"
        response = client.post(url, {"file": SimpleUploadedFile("log.csv", csv)})
    else:
        if body == "programme":
            body = {"program": hip_text, "start_date": "2026-11-30"}
        response = client.post(url, data=json.dumps(body), content_type="application/json")
    assert response.status_code == 404, (url, response.content)
    assert patient_a.sets.count() == 0 and patient_a.programmes.count() == 1


def test_a_patient_reaches_no_clinician_page_and_no_other_patient(
    patient_a: Any, clinic_a: Any
) -> None:
    from django.contrib.auth import get_user_model

    from exdose.web.models import Patient

    other = Patient.objects.create(clinic=clinic_a, name="Other")
    me = _signed_in(patient_a.user)
    for url in (
        reverse("web:patients"),
        reverse("web:patient", args=[other.pk]),
        reverse("web:patient", args=[patient_a.pk]),
        reverse("web:sets_csv", args=[patient_a.pk]),
    ):
        assert me.get(url).status_code == 404, url
    job = JobRecord.objects.create(clinic=clinic_a, patient=other, kind="handout")
    assert me.get(reverse("web:me_job", args=[job.pk])).status_code == 404
    assert me.get(reverse("web:me")).status_code == 200
    # a clinician is not a patient
    assert _signed_in(clinic_a.user).get(reverse("web:me")).status_code == 404
    assert get_user_model().objects.count() == 2


def test_api_needs_a_live_token(patient_a: Any) -> None:
    assert Client().get("/api/v1/patients").status_code == 401
    token, plain = ApiToken.issue(patient_a.clinic.user, patient_a.clinic)
    ok = Client(HTTP_AUTHORIZATION=f"Bearer {plain}")
    assert ok.get("/api/v1/patients").status_code == 200
    from django.utils import timezone

    token.revoked_at = timezone.now()
    token.save()
    assert ok.get("/api/v1/patients").status_code == 401

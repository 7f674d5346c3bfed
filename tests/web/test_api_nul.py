"""NUL characters in API input: PostgreSQL cannot store one in a text column, so a NUL in a
patient's name or in an uploaded log's exercise name made the insert fail and the API answer
500 there (SQLite kept it). They are refused with 422 on both databases, and nothing is stored."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DataError
from django.test import Client

from exdose.web.api import NUL_REFUSED
from exdose.web.models import ApiToken, LogImport, Patient

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture
def api(clinic_a: Any) -> Client:
    _, plain = ApiToken.issue(clinic_a.user, clinic_a)
    return Client(HTTP_AUTHORIZATION=f"Bearer {plain}", raise_request_exception=False)


def _post(client: Client, url: str, body: Any) -> Any:
    return client.post("/api/v1" + url, data=json.dumps(body), content_type="application/json")


def test_a_nul_in_a_json_body_is_refused(api: Client, patient_a: Any) -> None:
    before = Patient.objects.count()
    response = _post(api, "/patients", {"name": "Ola\x00", "language": "en"})
    assert response.status_code == 422 and response.json()["detail"] == NUL_REFUSED
    assert Patient.objects.count() == before
    row = {
        "client_key": "k1",
        "date": "2026-11-23",
        "exercise_name": "Hip\x00thrust",
        "set_number": 1,
    }
    response = _post(api, f"/patients/{patient_a.pk}/sets", {"sets": [row]})
    assert response.status_code == 422 and patient_a.sets.count() == 0
    # keys are strings too, and the review routes share the parser
    assert _post(api, "/reviews", {"name": "R", "x\x00": 1}).status_code == 422
    assert _post(api, "/reviews", {"name": "R\x00"}).status_code == 422


def test_a_nul_in_a_query_is_refused(api: Client) -> None:
    response = api.get("/api/v1/reviews/1/export.csv?rater=me%00")
    assert response.status_code == 422 and response.json()["detail"] == NUL_REFUSED


def test_a_log_with_nul_bytes_is_refused_with_its_reason(api: Client, patient_a: Any) -> None:
    raw = (EXAMPLES / "logs" / "strong.csv").read_bytes()
    assert b"Hip Thrust" in raw
    upload = SimpleUploadedFile("strong.csv", raw.replace(b"Hip Thrust", b"Hip\x00Thrust", 1))
    response = api.post(f"/api/v1/patients/{patient_a.pk}/logs", {"file": upload, "unit": "kg"})
    assert response.status_code == 422
    assert "NUL bytes" in response.json()["problems"][0]["message"]
    assert patient_a.sets.count() == 0 and not LogImport.objects.exists()


def test_a_value_the_database_refuses_answers_422(
    api: Client, patient_a: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from exdose.web import records

    def refused(*args: Any, **kwargs: Any) -> Any:
        raise DataError("integer out of range")

    monkeypatch.setattr(records, "record_pain", refused)
    body = {"client_key": "p", "date": "2026-11-23", "during": 3}
    response = _post(api, f"/patients/{patient_a.pk}/pain", body)
    assert response.status_code == 422
    assert (
        response.json()["detail"] == "a value in the request cannot be stored: integer out of range"
    )

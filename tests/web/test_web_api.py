"""The JSON API: patients, programmes (422 with exdose check's problems), logs, sets (idempotent),
pain, load/fidelity/adjustment as the CLI's --json, and accepting a proposal."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from exdose.web import services
from exdose.web.models import ApiToken

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture
def api(clinic_a: Any) -> Client:
    _, plain = ApiToken.issue(clinic_a.user, clinic_a)
    return Client(HTTP_AUTHORIZATION=f"Bearer {plain}")


def _post(client: Client, url: str, body: Any) -> Any:
    return client.post(
        "/api/v1" + url, data=json.dumps(body, default=str), content_type="application/json"
    )


def test_create_list_and_get_a_patient(api: Client) -> None:
    created = _post(api, "/patients", {"name": "Ola", "email": "ola@x.test", "language": "nb"})
    assert created.status_code == 201
    body = created.json()
    assert body["name"] == "Ola" and body["language"] == "nb" and body["programme"] is None
    assert [p["id"] for p in api.get("/api/v1/patients").json()] == [body["id"]]
    assert api.get(f"/api/v1/patients/{body['id']}").json()["email"] == "ola@x.test"
    bad = _post(api, "/patients", {"name": "X", "language": "de"})
    assert bad.status_code == 422


def test_a_programme_check_rejects_answers_422_with_the_same_problems(
    api: Client, patient_a: Any, hip_text: str
) -> None:
    broken = hip_text.replace(
        "dose: 3x8-12 @RIR3 rest 2min tempo 2-1-1-1", "dose: 3x8-12 @RUR3 rest 2min", 1
    )
    response = _post(
        api, f"/patients/{patient_a.pk}/programs", {"program": broken, "start_date": "2026-11-30"}
    )
    assert response.status_code == 422
    problems = response.json()["problems"]
    assert problems == services.check_text(broken).problems
    line = broken.splitlines().index(next(x for x in broken.splitlines() if "@RUR3" in x)) + 1
    assert problems[0]["line"] == line and "intensity" in problems[0]["message"]
    assert patient_a.programmes.count() == 1  # nothing assigned


def test_assign_a_programme_scores_it(api: Client, patient_a: Any, hip_text: str) -> None:
    response = _post(
        api, f"/patients/{patient_a.pk}/programs", {"program": hip_text, "start_date": "2026-11-30"}
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["cert"]["score"], body["cert"]["max"]) == (19, 19)
    assert body["tidier"]["max"] == 12 and body["start_date"] == "2026-11-30"
    assert patient_a.current_programme().start_date == dt.date(2026, 11, 30)


def test_sets_are_idempotent_by_client_key(api: Client, patient_a: Any, week_one: Any) -> None:
    rows = week_one(patient_a)
    first = _post(api, f"/patients/{patient_a.pk}/sets", {"sets": rows})
    assert first.status_code == 201 and first.json()["created"] == 12
    retry = _post(api, f"/patients/{patient_a.pk}/sets", {"sets": rows})
    assert retry.status_code == 200 and retry.json()["created"] == 0
    assert retry.json()["ids"] == first.json()["ids"]
    wrong = dict(rows[0], client_key="new", reps=5000)
    assert _post(api, f"/patients/{patient_a.pk}/sets", {"sets": [wrong]}).status_code == 422


def test_fidelity_load_and_adjustment_match_the_library(
    api: Client, patient_a: Any, week_one: Any, hip_text: str
) -> None:
    rows = week_one(patient_a)
    _post(api, f"/patients/{patient_a.pk}/sets", {"sets": rows})
    pain = {
        "client_key": "p1",
        "date": "2026-11-26",
        "region": "low back",
        "during": 4,
        "after": 5,
        "next_morning": 6,
    }
    assert _post(api, f"/patients/{patient_a.pk}/pain", pain).status_code == 201
    assert _post(api, f"/patients/{patient_a.pk}/pain", pain).json()["created"] is False
    fidelity = api.get(f"/api/v1/patients/{patient_a.pk}/fidelity").json()
    # week 1: 2 supervised sessions (12 working sets) done as prescribed; the 3 home sessions
    # of the home programme were not logged: 2 of 5 sessions in all
    sessions = fidelity["sessions"]
    assert sessions["supervised"] == {"planned": 2, "done": 2, "pct": 100.0}
    assert sessions["home"] == {"planned": 3, "done": 0, "pct": 0.0}
    assert (sessions["planned"], sessions["done"], sessions["pct"]) == (5, 2, 40.0)
    assert fidelity["sets"]["supervised"]["planned"] == 12
    assert fidelity["sets"]["supervised"]["done"] == 12
    assert fidelity["sentence"].startswith("Over week 1 of the 12-week programme, 2 of 2")
    load = api.get(f"/api/v1/patients/{patient_a.pk}/load").json()
    week = load["weeks"][0]
    # 3x60 kg x8 + 2x40x8 + 2x5x12 Monday; 3x60x8 + 2x10x8 Thursday = 3800 kg
    assert week["volume_load_kg"] == 3800.0 and week["sessions"] == 2
    adjustment = api.get(f"/api/v1/patients/{patient_a.pk}/adjustment").json()
    assert adjustment["decision"] == "reduce"
    assert "had not settled by the morning" in adjustment["reasons"][0]
    accepted = _post(api, f"/patients/{patient_a.pk}/adjustment/accept", {"note": "agreed"})
    assert accepted.status_code == 201 and accepted.json()["version"] == 2
    version = patient_a.current_programme().current()
    assert version.what.startswith("reduce from week 2")
    assert "(note: agreed)" in version.why
    assert services.check_text(version.text).valid


def test_upload_a_strong_log_reports_read_and_skipped_rows(api: Client, patient_a: Any) -> None:
    with open(EXAMPLES / "logs" / "strong.csv", "rb") as handle:
        response = api.post(f"/api/v1/patients/{patient_a.pk}/logs", {"file": handle})
    assert response.status_code == 201
    body = response.json()
    assert body["format"] == "strong" and body["read"] == 196 and body["skipped"] == []
    assert body["unmatched"] == ["Standing Cable Hip Abduction"]
    assert patient_a.sets.count() == 196


def test_a_log_that_cannot_be_read_answers_422(api: Client, patient_a: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    junk = SimpleUploadedFile("log.csv", b"what,is,this\n1,2,3\n")
    response = api.post(f"/api/v1/patients/{patient_a.pk}/logs", {"file": junk})
    assert response.status_code == 422 and response.json()["problems"][0]["message"]


def test_openapi_lists_the_routes(api: Client) -> None:
    spec = Client().get("/api/v1/openapi.json").json()
    paths = set(spec["paths"])
    for route in (
        "/api/v1/patients",
        "/api/v1/patients/{patient_id}/sets",
        "/api/v1/patients/{patient_id}/adjustment/accept",
    ):
        assert route in paths

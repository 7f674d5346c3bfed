"""Issue 14 in the web app: the daily readiness check-in (sleep hours, sleep quality, stress,
fatigue, soreness, mood) on the patient's Today page and the API's /pain route, stored beside
the pain ratings and passed through to exdose's proposal.

The hand-worked case: the hip-thrust programme starts Monday 23 Nov 2026. In the 28 days before
(26 Oct - 22 Nov) the patient checks in daily with sleep 7.5 h and stress 3/10 (the baseline
medians). In week 1 (23-29 Nov) sleep is 5 h (2.5 h less, at least 1 h: clearly worse) and
stress 7 (4 points more, at least 2: clearly worse); pain next morning on Thursday 26 Nov is
6/10, which alone gives `reduce` (test_web_api); with the recovery markers it is `hold` with a
`recovery` change first."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client

from exdose.web.models import ApiToken, PainRating

START = dt.date(2026, 11, 23)


@pytest.fixture
def api(clinic_a: Any) -> Client:
    _, plain = ApiToken.issue(clinic_a.user, clinic_a)
    return Client(HTTP_AUTHORIZATION=f"Bearer {plain}")


def _post(client: Client, url: str, body: Any) -> Any:
    return client.post(
        "/api/v1" + url, data=json.dumps(body, default=str), content_type="application/json"
    )


def _checkins(api: Client, patient: Any, sleep_late: float, stress_late: float) -> None:
    for i in range(-28, 7):
        day = START + dt.timedelta(days=i)
        late = i >= 0
        body = {
            "client_key": f"checkin-{day}",
            "date": day.isoformat(),
            "sleep_hours": sleep_late if late else 7.5,
            "stress": stress_late if late else 3,
        }
        assert _post(api, f"/patients/{patient.pk}/pain", body).status_code == 201


def _week_one_with_morning_pain(api: Client, patient: Any, week_one: Any) -> None:
    assert _post(api, f"/patients/{patient.pk}/sets", {"sets": week_one(patient)}).status_code
    pain = {
        "client_key": "p1",
        "date": "2026-11-26",
        "region": "low back",
        "during": 4,
        "after": 5,
        "next_morning": 6,
    }
    assert _post(api, f"/patients/{patient.pk}/pain", pain).status_code == 201


def test_pain_route_stores_the_six_markers_and_stays_idempotent(
    api: Client, patient_a: Any
) -> None:
    body = {
        "client_key": "c1",
        "date": "2026-11-24",
        "sleep_hours": 6.5,
        "sleep_quality": 4,
        "stress": 7,
        "fatigue": 6,
        "soreness": 3,
        "mood": 5,
    }
    first = _post(api, f"/patients/{patient_a.pk}/pain", body)
    assert first.status_code == 201
    again = _post(api, f"/patients/{patient_a.pk}/pain", {**body, "stress": 1})
    assert again.status_code == 200 and again.json() == {"id": first.json()["id"], "created": False}
    row = PainRating.objects.get(pk=first.json()["id"])
    assert (row.sleep_hours, row.sleep_quality, row.stress) == (6.5, 4, 7)
    assert (row.fatigue, row.soreness, row.mood) == (6, 3, 5)
    # a rating without them leaves them NULL: nothing is guessed
    plain = {"client_key": "c2", "date": "2026-11-24", "during": 2}
    stored = PainRating.objects.get(
        pk=_post(api, f"/patients/{patient_a.pk}/pain", plain).json()["id"]
    )
    assert stored.sleep_hours is None and stored.mood is None and stored.stress is None


@pytest.mark.parametrize(
    ("field", "value"), [("sleep_hours", 25), ("sleep_hours", -1), ("stress", 11), ("mood", -0.5)]
)
def test_pain_route_refuses_a_marker_out_of_range_naming_it(
    api: Client, patient_a: Any, field: str, value: float
) -> None:
    body = {"client_key": "bad", "date": "2026-11-24", field: value}
    response = _post(api, f"/patients/{patient_a.pk}/pain", body)
    assert response.status_code == 422
    assert field in response.content.decode()
    assert not PainRating.objects.filter(client_key="bad").exists()


def test_high_pain_with_worse_sleep_and_stress_holds_for_recovery(
    api: Client, patient_a: Any, week_one: Any
) -> None:
    _week_one_with_morning_pain(api, patient_a, week_one)
    _checkins(api, patient_a, sleep_late=5, stress_late=7)
    adjustment = api.get(f"/api/v1/patients/{patient_a.pk}/adjustment").json()
    assert adjustment["decision"] == "hold"
    first = adjustment["changes"][0]
    assert first["variable"] == "recovery" and first["exercise"] is None
    assert first["evidence"] == "practice"
    markers = {m["marker"]: m for m in adjustment["readiness"]["markers"]}
    assert (markers["sleep_hours"]["value"], markers["sleep_hours"]["baseline"]) == (5, 7.5)
    assert (markers["stress"]["value"], markers["stress"]["baseline"]) == (7, 3)
    assert markers["sleep_hours"]["worse"] and markers["stress"]["worse"]


def test_high_pain_with_recovery_as_usual_still_reduces(
    api: Client, patient_a: Any, week_one: Any
) -> None:
    _week_one_with_morning_pain(api, patient_a, week_one)
    _checkins(api, patient_a, sleep_late=7.5, stress_late=3)
    adjustment = api.get(f"/api/v1/patients/{patient_a.pk}/adjustment").json()
    assert adjustment["decision"] == "reduce"
    assert all(c["variable"] != "recovery" for c in adjustment["changes"])


def _signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_today_page_check_in_once_a_day_editable_that_day(patient_a: Any) -> None:
    from django.utils import timezone

    client = _signed_in(patient_a.user)
    page = client.get("/me/").content.decode()
    assert 'id="checkin"' in page and 'name="sleep_hours"' in page and 'name="mood"' in page
    saved = client.post("/me/", {"sleep_hours": "6.5", "stress": "7", "mood": ""})
    assert saved.status_code == 302
    today = timezone.localdate()
    row = PainRating.objects.get(patient=patient_a, client_key=f"checkin-{today}")
    assert (row.date, row.sleep_hours, row.stress) == (today, 6.5, 7)
    assert row.mood is None and row.fatigue is None and row.next_morning is None
    page = client.get(saved["Location"]).content.decode()
    assert "Saved. Thank you." in page and 'value="6.5"' in page and 'value="7"' in page
    # the same day: the one check-in is changed, not a second stored
    client.post("/me/", {"sleep_hours": "8", "stress": "", "fatigue": "2"})
    row = PainRating.objects.get(patient=patient_a, client_key=f"checkin-{today}")
    assert (row.sleep_hours, row.stress, row.fatigue) == (8, None, 2)
    assert PainRating.objects.filter(patient=patient_a).count() == 1


def test_today_check_in_out_of_range_is_refused_and_not_stored(patient_a: Any) -> None:
    client = _signed_in(patient_a.user)
    response = client.post("/me/", {"sleep_hours": "25", "stress": "11"})
    assert response.status_code == 422
    assert not PainRating.objects.filter(patient=patient_a).exists()


def test_today_check_in_in_the_patients_language(patient_a: Any) -> None:
    patient_a.language = "nb"
    patient_a.save()
    page = _signed_in(patient_a.user).get("/me/").content.decode()
    assert "Hvordan har du det i dag?" in page and "Timer søvn i natt" in page
    patient_a.language = "sv"
    patient_a.save()
    client = _signed_in(patient_a.user)
    client.post("/me/", {"sleep_hours": "7.5"})
    page = client.get("/me/").content.decode()
    assert "Dagens incheckning" in page and "Timmar sömn i natt" in page
    assert 'value="7.5"' in page  # not "7,5": a number input needs the dot


def test_check_ins_before_the_programme_do_not_stop_the_load_report(
    api: Client, patient_a: Any, week_one: Any
) -> None:
    _week_one_with_morning_pain(api, patient_a, week_one)
    _checkins(api, patient_a, sleep_late=5, stress_late=7)
    response = api.get(f"/api/v1/patients/{patient_a.pk}/load")
    assert response.status_code == 200
    assert response.json()["weeks"][0]["volume_load_kg"] == 3800.0

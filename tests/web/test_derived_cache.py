"""Derived results kept in the database (exdose.web.derived): a page or API call with the same
inputs reads the stored JSON; a logged set, a pain rating changed in place or a new programme
version gives a new key, so the result is computed again."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client

from exdose.web import derived, records, services
from exdose.web.models import ApiToken, DerivedResult, PainRating

FIDELITY = "exdose.web.services.fidelity"


@pytest.fixture
def api(clinic_a: Any) -> Client:
    _, plain = ApiToken.issue(clinic_a.user, clinic_a)
    return Client(HTTP_AUTHORIZATION=f"Bearer {plain}")


def _monday_and_thursday(patient: Any, week_one: Any) -> tuple[list[Any], list[Any]]:
    rows = week_one(patient)
    monday = [r for r in rows if r["date"] == dt.date(2026, 11, 23)]
    return monday, [r for r in rows if r not in monday]


def test_fidelity_comes_from_the_stored_row_until_a_set_is_logged(
    api: Client, patient_a: Any, week_one: Any
) -> None:
    monday, thursday = _monday_and_thursday(patient_a, week_one)
    # Monday of week 1: 3 hip thrust + 2 Romanian deadlift + 2 side-lying abduction sets
    assert len(monday) == 7 and len(thursday) == 5
    records.record_sets(patient_a, monday, None)
    url = f"/api/v1/patients/{patient_a.pk}/fidelity"
    first = api.get(url).json()
    assert first["sessions"]["supervised"] == {"planned": 2, "done": 1, "pct": 50.0}
    assert (first["sets"]["supervised"]["planned"], first["sets"]["supervised"]["done"]) == (12, 7)
    row = DerivedResult.objects.get(patient=patient_a, kind=FIDELITY)
    assert row.clinic_id == patient_a.clinic_id and len(row.key) == 64
    assert api.get(url).json() == first

    # the second answer is the stored row: mark it, and the mark is what the API answers
    marked = json.loads(row.value)
    marked["value"]["sentence"] = "read from the stored row"
    DerivedResult.objects.filter(pk=row.pk).update(value=json.dumps(marked))
    assert api.get(url).json()["sentence"] == "read from the stored row"

    # a logged set changes the inputs: computed again, the mark is gone
    records.record_sets(patient_a, thursday, None)
    again = api.get(url).json()
    assert again["sessions"]["supervised"] == {"planned": 2, "done": 2, "pct": 100.0}
    assert again["sets"]["supervised"]["done"] == 12
    assert again["sentence"].startswith("Over week 1 of the 12-week programme, 2 of 2")
    assert DerivedResult.objects.filter(patient=patient_a, kind=FIDELITY).count() == 1


def test_the_patient_page_shows_a_set_logged_by_the_patient(
    patient_a: Any, week_one: Any, clinic_a: Any
) -> None:
    monday, thursday = _monday_and_thursday(patient_a, week_one)
    records.record_sets(patient_a, monday, None)
    clinician = Client()
    clinician.force_login(clinic_a.user)
    url = f"/clinic/patients/{patient_a.pk}/"
    assert "1 of 2 planned supervised sessions" in clinician.get(url).content.decode()
    phone = Client()
    phone.force_login(patient_a.user)
    for row in thursday:
        values = {k: v for k, v in row.items() if v is not None}
        assert phone.post("/me/sets", values).status_code == 200
    assert "2 of 2 planned supervised sessions" in clinician.get(url).content.decode()


def test_a_pain_rating_changed_in_place_changes_the_proposal(
    api: Client, patient_a: Any, week_one: Any
) -> None:
    records.record_sets(patient_a, week_one(patient_a), None)
    records.record_pain(
        patient_a,
        {"client_key": "p1", "date": dt.date(2026, 11, 26), "region": "back", "next_morning": 6},
        None,
    )
    url = f"/api/v1/patients/{patient_a.pk}/adjustment"
    # next-morning pain 6/10 (above the 5 that counts as not settled): reduce
    assert api.get(url).json()["decision"] == "reduce"
    # the same row edited (as the morning check-in does), not a new one: no hook is needed,
    # the key is made from the rows themselves
    PainRating.objects.filter(patient=patient_a, client_key="p1").update(next_morning=1)
    after = api.get(url).json()
    assert after["decision"] != "reduce"
    assert not any("had not settled" in r for r in after["reasons"])


def test_a_new_programme_version_gives_new_planned_sessions(patient_a: Any, hip_text: str) -> None:
    def hip_thrust_sets_on_day_1() -> int:
        programme = patient_a.current_programme()
        plan = derived.cached(
            patient_a, services.planned_sessions, programme.current().text, programme.start_date
        )
        return int(plan[0]["exercises"][0]["sets"])

    assert hip_thrust_sets_on_day_1() == 3
    old = "dose: 3x8-12 @RIR3 rest 2min tempo 2-1-1-1"
    edited = hip_text.replace(old, old.replace("3x", "4x"), 1)  # session A's hip thrust
    records.new_version(patient_a.current_programme(), edited, None, "4 sets", "test")
    assert hip_thrust_sets_on_day_1() == 4


def test_a_stored_result_equals_a_fresh_one(patient_a: Any, week_one: Any) -> None:
    rows = week_one(patient_a)
    records.record_sets(patient_a, rows, None)
    sets, pain = records.sets_of(patient_a), records.pain_of(patient_a)
    programme = patient_a.current_programme()
    text, start = programme.current().text, programme.start_date
    for compute, args in (
        (services.planned_sessions, (text, start)),
        (services.fidelity, (text, start, sets)),
        (services.adjustment, (text, start, sets, pain)),
        (services.load_report, (sets, pain, text)),
    ):
        fresh = compute(*args)  # type: ignore[operator]
        missed = derived.cached(patient_a, compute, *args)
        hit = derived.cached(patient_a, compute, *args)
        assert missed == fresh and hit == fresh, compute.__name__
    plan = derived.cached(patient_a, services.planned_sessions, text, start)
    assert plan[0]["date"] == dt.date(2026, 11, 23)  # a date again, not its text


CALLS: list[str] = []


def refuses(text: str) -> Any:
    CALLS.append(text)
    raise services.ServiceError([{"message": f"cannot use {text}"}])


def not_a_number(text: str) -> float:
    CALLS.append(text)
    return float("nan")


def test_a_failure_is_stored_and_a_nan_is_not(patient_a: Any) -> None:
    CALLS.clear()
    for _ in range(2):
        with pytest.raises(services.ServiceError) as raised:
            derived.cached(patient_a, refuses, "this")
        assert raised.value.problems == [{"message": "cannot use this"}]
    assert CALLS == ["this"]  # the second failure came from the stored row
    assert derived.cached(patient_a, not_a_number, "x") != derived.cached(
        patient_a, not_a_number, "x"
    )  # NaN is not equal to itself: both were computed
    assert CALLS == ["this", "x", "x"]
    assert not DerivedResult.objects.filter(kind__endswith="not_a_number").exists()


def test_each_patient_has_their_own_rows(patient_a: Any, clinic_b: Any, hip_text: str) -> None:
    from exdose.web.models import Patient

    other = Patient.objects.create(clinic=clinic_b, name="Pat B")
    records.assign(other, hip_text, dt.date(2026, 11, 23), clinic_b.user)
    for patient in (patient_a, other):
        derived.cached(patient, services.planned_sessions, hip_text, dt.date(2026, 11, 23))
    rows = DerivedResult.objects.filter(kind="exdose.web.services.planned_sessions")
    assert sorted((r.patient_id, r.clinic_id) for r in rows) == sorted(
        [(patient_a.pk, patient_a.clinic_id), (other.pk, clinic_b.pk)]
    )
    assert DerivedResult.objects.for_clinic(clinic_b).get().patient_id == other.pk

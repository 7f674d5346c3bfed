"""The trial-team view: an arm (one programme given to many participants) with the delivered dose
across participants, supervised and home apart, worked by hand for three participants."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from exdose.web import records, services
from exdose.web.models import Patient

MONDAY = dt.date(2026, 11, 23)
ARM = "Hip-thrust glute hypertrophy programme with bracing (12 weeks)"


def _signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _supervised(patient: Patient, names: str, only: dict[str, set[str]] | None = None) -> list[Any]:
    """Week 1's supervised sessions named in `names` done as planned (in session `s`, only the
    exercises in only[s])."""
    programme = patient.current_programme()
    assert programme is not None
    rows = []
    for session in services.planned_sessions(programme.current().text, MONDAY)[:2]:
        if session["name"] not in names:
            continue
        for ex in session["exercises"]:
            if only and session["name"] in only and ex["exercise"] not in only[session["name"]]:
                continue
            for n in range(1, ex["sets"] + 1):
                rows.append(
                    {
                        "client_key": f"{session['date']}-{ex['exercise']}-{n}",
                        "date": session["date"],
                        "session": session["name"],
                        "exercise": ex["exercise"],
                        "exercise_name": ex["name"],
                        "set_number": n,
                        "reps": ex["reps"],
                        "load_kg": ex["load_kg"],
                        "rir": ex["rir"],
                    }
                )
    return rows


def _home(days: list[int]) -> list[Any]:
    """The home programme (bird dog and dead bug, 2 sets each) on these days after Monday."""
    return [
        {
            "client_key": f"home-{day}-{exercise}-{n}",
            "date": MONDAY + dt.timedelta(days=day),
            "session": "Home",
            "exercise": exercise,
            "exercise_name": exercise,
            "set_number": n,
            "reps": 8,
            "rpe": 3.0,
        }
        for day in days
        for exercise in ("bird-dog", "dead-bug")
        for n in (1, 2)
    ]


@pytest.fixture
def arm_of_three(clinic_a: Any, hip_text: str) -> list[Patient]:
    """Three participants on the hip-thrust programme, week 1 logged. Week 1 plans 2 supervised
    sessions (A: 3+2+2 = 7 sets, B: 3+2 = 5 sets; 12 sets) and 3 home sessions (2+2 sets each;
    12 sets).
    P1: A and B, home on 3 days  -> supervised 2/2 sessions, 12/12 sets; home 3/3, 12/12.
    P2: A only, home on 1 day     -> supervised 1/2, 7/12;   home 1/3, 4/12.
    P3: A, and B's hip thrust only (3 sets), no home -> supervised 2/2, 10/12; home 0/3, 0/12.
    """
    people = []
    for name, supervised, only, home in (
        ("P1", "AB", None, [1, 2, 4]),
        ("P2", "A", None, [1]),
        ("P3", "AB", {"B": {"hip-thrust"}}, []),
    ):
        patient = Patient.objects.create(clinic=clinic_a, name=name)
        records.assign(patient, hip_text, MONDAY, clinic_a.user)
        records.record_sets(
            patient, _supervised(patient, supervised, only) + _home(home), clinic_a.user
        )
        people.append(patient)
    Patient.objects.create(clinic=clinic_a, name="No programme")
    return people


def test_quartiles_of_three_values_interpolate_between_neighbours() -> None:
    # 7, 10, 12: median 10; Q1 = 7 + (10 - 7) / 2 = 8.5; Q3 = 10 + (12 - 10) / 2 = 11
    assert services.quartiles([12, 7, 10]) == (10, 8.5, 11)
    assert services.quartiles([4]) == (4, 4, 4)
    assert services.quartiles([]) is None


def test_the_arm_shows_median_and_iqr_supervised_and_home_apart(
    arm_of_three: list[Patient], clinic_a: Any
) -> None:
    client = _signed_in(clinic_a.user)
    listing = client.get(reverse("web:arms")).content.decode()
    assert ARM in listing and "<td>3</td>" in listing

    response = client.get(reverse("web:arm"), {"name": ARM})
    assert response.status_code == 200
    measures = {(m["part"], m["setting"]): m for m in response.context["arm"]["measures"]}
    # supervised sessions done 2, 1, 2 -> sorted 1, 2, 2: median 2, Q1 1.5, Q3 2;
    # as % of planned 50, 100, 100: median 100, Q1 75, Q3 100
    assert measures["sessions", "supervised"]["done"] == (2, 1.5, 2)
    assert measures["sessions", "supervised"]["pct"] == (100, 75, 100)
    # home sessions 3, 1, 0 -> 0, 1, 3: median 1, Q1 0.5, Q3 2; % 0, 33.3, 100: 33.3 (16.7-66.7)
    assert measures["sessions", "home"]["done"] == (1, 0.5, 2)
    assert measures["sessions", "home"]["pct"] == pytest.approx((100 / 3, 50 / 3, 200 / 3))
    # supervised sets 12, 7, 10 -> 7, 10, 12: median 10, Q1 8.5, Q3 11;
    # % 58.3, 83.3, 100: median 83.3, Q1 (58.3 + 83.3) / 2 = 70.8, Q3 (83.3 + 100) / 2 = 91.7
    assert measures["sets", "supervised"]["done"] == (10, 8.5, 11)
    assert measures["sets", "supervised"]["pct"] == pytest.approx((250 / 3, 850 / 12, 1100 / 12))
    # home sets 12, 4, 0 -> 0, 4, 12: median 4, Q1 2, Q3 8; % 0, 33.3, 100
    assert measures["sets", "home"]["done"] == (4, 2, 8)

    page = response.content.decode()
    sentence = response.context["arm"]["sentence"]
    assert sentence.startswith(f"In the {ARM} arm (3 of 3 participants")
    assert "a median of 100% (IQR 75-100%) of supervised sessions attended" in sentence
    assert "a median of 33.3% (IQR 16.7-66.7%) of home sessions done" in sentence
    assert "83.3% (IQR 70.8-91.7%) of prescribed supervised sets completed" in sentence
    assert "(10, IQR 8.5-11 per participant)" in sentence
    assert sentence.endswith("(CERT 16b, TIDieR 12).")
    assert sentence in page
    # the per-participant table
    assert "<td>7/12</td>" in page and "<td>1/3</td>" in page and "<td>10/12</td>" in page


def test_a_participant_with_nothing_logged_is_counted_apart(
    arm_of_three: list[Patient], clinic_a: Any, hip_text: str
) -> None:
    late = Patient.objects.create(clinic=clinic_a, name="<b>Late</b>")
    records.assign(late, hip_text, MONDAY, clinic_a.user)
    response = _signed_in(clinic_a.user).get(reverse("web:arm"), {"name": ARM})
    arm = response.context["arm"]
    assert (arm["participants"], arm["counted"]) == (4, 3)
    assert "1 participant with nothing logged is not counted" in arm["sentence"]
    page = response.content.decode()
    assert "&lt;b&gt;Late&lt;/b&gt;" in page and "<b>Late</b>" not in page


def test_arms_are_the_clinics_own(arm_of_three: list[Patient], clinic_b: Any) -> None:
    stranger = _signed_in(clinic_b.user)
    assert ARM not in stranger.get(reverse("web:arms")).content.decode()
    assert stranger.get(reverse("web:arm"), {"name": ARM}).status_code == 404


def test_the_patient_page_shows_supervised_and_home_adherence_apart(
    arm_of_three: list[Patient], clinic_a: Any
) -> None:
    p2 = arm_of_three[1]  # week 1: supervised 1 of 2 sessions, 7 of 12 sets; home 1 of 3, 4 of 12
    response = _signed_in(clinic_a.user).get(reverse("web:patient", args=[p2.pk]))
    page = response.content.decode()
    split = page[page.index('id="adherence-split"') :]
    split = split[: split.index("</table>")]
    assert "<th>Sessions</th><td>1/2 (50%)</td><td>1/3 (33.3%)</td>" in split
    assert "<th>Sets</th><td>7/12 (58.3%)</td><td>4/12 (33.3%)</td>" in split
    assert '<th>Supervised sessions</th><td class="missed">1/2</td>' in page
    assert '<th>Home sessions</th><td class="missed">1/3</td>' in page
    assert "<th>Home sets</th><td>4/12</td>" in page

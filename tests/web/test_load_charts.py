"""The patient page's load charts: weekly sets per muscle against the plan, session-RPE load,
acute and chronic load with their ratio (descriptive). The numbers below are worked by hand from
the sets logged here; the charts take them from the library (exdose.load_report of the sets and
of the expanded plan) and the page shows each as an SVG image with alt text and a table."""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any
from xml.etree import ElementTree

from django.test import Client
from django.urls import reverse

from exdose.web import load_charts, records, services
from exdose.web.models import Patient

# Barbell Hip Thrust: glutes primary (1 a set), calves and hamstrings secondary (0.5 a set)
TWO_WEEKS = """\
exdose: 1
name: Two hip-thrust weeks
goal: Test the load charts
start_date: 2026-11-23
phases:
  - name: Phase 1
    weeks: 1-2
    sessions:
      - name: A
        day: Monday
        exercises:
          - exercise: Barbell Hip Thrust
            dose: 3x8 @RIR2 rest 2min
      - name: B
        day: Thursday
        exercises:
          - exercise: Barbell Hip Thrust
            dose: 3x8 @RIR2 rest 2min
"""
START = dt.date(2026, 11, 23)


def _sets(day: str, session: str, working: int, srpe: float, minutes: float, warmup: int = 0):
    rows = []
    for n in range(1, warmup + working + 1):
        rows.append(
            {
                "client_key": f"{day}-{session}-{n}",
                "date": dt.date.fromisoformat(day),
                "session": session,
                "exercise": "Barbell_Hip_Thrust",
                "exercise_name": "Barbell Hip Thrust",
                "set_number": n,
                "set_kind": "warmup" if n <= warmup else "working",
                "reps": 8,
                "load_kg": 60.0,
                "session_rpe": srpe,
                "session_minutes": minutes,
            }
        )
    return rows


def _two_weeks() -> list[dict[str, Any]]:
    # week 1: 3 + 2 working sets (one set missed on Thursday), session RPE 6 x 50 min each;
    # week 2: a warm-up (not dose) + 3 working sets, then 3 sets at session RPE 8 x 45 min
    return [
        *_sets("2026-11-23", "A", 3, 6, 50),
        *_sets("2026-11-26", "B", 2, 6, 50),
        *_sets("2026-11-30", "A", 3, 6, 50, warmup=1),
        *_sets("2026-12-03", "B", 3, 8, 45),
    ]


def test_sets_per_muscle_against_the_plan_and_srpe_load_by_hand(db: Any) -> None:
    sets = _two_weeks()
    load = services.load_report(sets, [], TWO_WEEKS)
    planned = services.planned_load_report(TWO_WEEKS, START)
    data = load_charts.sets_against_plan(load, planned)
    assert data["weeks"] == ["2026-11-23", "2026-11-30"]
    by_muscle = {m["muscle"]: m for m in data["muscles"]}
    # planned: 6 sets a week -> glutes 6, calves and hamstrings 3 each
    # done: week 1 5 sets (glutes 5, others 2.5); week 2 6 working sets (the warm-up left out)
    assert by_muscle["glutes"] == {"muscle": "glutes", "done": [5.0, 6.0], "planned": [6.0, 6.0]}
    assert by_muscle["hamstrings"]["done"] == [2.5, 3.0]
    assert by_muscle["hamstrings"]["planned"] == [3.0, 3.0]
    assert by_muscle["calves"]["done"] == [2.5, 3.0]
    assert [m["muscle"] for m in data["muscles"]] == ["glutes", "calves", "hamstrings"]
    # the plan by calendar week agrees with the library's planned dose by programme week
    program_weeks = services._load(TWO_WEEKS, start=START)
    import exdose

    assert [w.sets_per_muscle["glutes"] for w in exdose.planned_dose(program_weeks).weeks] == [
        6.0,
        6.0,
    ]
    # session RPE x minutes: week 1 6x50 + 6x50 = 600; week 2 6x50 + 8x45 = 300 + 360 = 660
    srpe = load_charts.srpe_by_week(load)
    assert srpe == {
        "weeks": ["2026-11-23", "2026-11-30"],
        "srpe": [600.0, 660.0],
        "sessions": [2, 2],
    }
    # acute on 3 Dec: the 7 days 27 Nov - 3 Dec hold 300 + 360 AU -> 660 / 7 = 94.29; the 28-day
    # mean needs 28 days, so no chronic load and no ratio yet
    daily = load_charts.acute_chronic(load)
    assert daily["basis"] == "session_rpe" and daily["unit"] == "AU"
    assert daily["dates"][-1] == "2026-12-03" and daily["load"][-1] == 360.0
    assert daily["acute"][-1] == 94.29
    assert daily["chronic"][-1] is None and daily["ratio"][-1] is None


def test_acute_chronic_ratio_by_hand(db: Any) -> None:
    # Mondays and Thursdays 23 Nov - 17 Dec at 5 x 60 = 300 AU, then Monday 21 Dec at 6 x 100
    days = ["2026-11-23", "2026-11-26", "2026-11-30", "2026-12-03"]
    days += ["2026-12-07", "2026-12-10", "2026-12-14", "2026-12-17"]
    sets = [row for d in days for row in _sets(d, "A", 1, 5, 60)]
    sets += _sets("2026-12-21", "A", 1, 6, 100)
    daily = load_charts.acute_chronic(services.load_report(sets, []))
    on = {d: i for i, d in enumerate(daily["dates"])}
    # (the library's JSON gives loads to 2 decimals and ratios to 4)
    # 20 Dec (the 28th day): acute 14-20 Dec = 600 / 7; chronic 23 Nov - 20 Dec = 2400 / 28
    i = on["2026-12-20"]
    assert daily["acute"][i] == 85.71 and daily["chronic"][i] == 85.71
    assert daily["ratio"][i] == 1.0
    # 21 Dec: acute 15-21 Dec = (300 + 600) / 7 = 128.571; chronic 24 Nov - 21 Dec = (7 x 300 +
    # 600) / 28 = 96.429; ratio 900 / 7 x 28 / 2700 = 4 / 3
    i = on["2026-12-21"]
    assert daily["acute"][i] == 128.57 and daily["chronic"][i] == 96.43
    assert daily["ratio"][i] == 1.3333
    assert daily["ratio"][on["2026-12-19"]] is None  # before the 28th day: no ratio
    charts = {c.key: c for c in load_charts.patient_charts(services.load_report(sets, []), None)}
    table = charts["chart-acwr"].rows
    # the table: each Sunday and the last day
    assert [r[0] for r in table] == [
        "2026-11-29",
        "2026-12-06",
        "2026-12-13",
        "2026-12-20",
        "2026-12-21",
    ]
    assert table[-2] == ["2026-12-20", "0", "85.7", "85.7", "1"]
    assert table[-1] == ["2026-12-21", "600", "128.6", "96.4", "1.33"]


def _page(clinic: Any, patient: Patient) -> str:
    client = Client()
    client.force_login(clinic.user)
    response = client.get(reverse("web:patient", args=[patient.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_patient_page_shows_the_three_charts_as_svg_with_alt_text_and_tables(
    clinic_a: Any,
) -> None:
    patient = Patient.objects.create(clinic=clinic_a, name="Chart Person")
    records.assign(patient, TWO_WEEKS, START, clinic_a.user)
    records.record_sets(patient, _two_weeks(), clinic_a.user)
    page = _page(clinic_a, patient)
    for key in ("chart-muscle-sets", "chart-srpe", "chart-acwr"):
        assert f'id="{key}"' in page
    assert page.count('src="data:image/svg+xml;base64,') == 3
    assert "Bar charts, one per muscle (glutes, calves, hamstrings)" in page
    # the table holds the hand-worked numbers: done / planned per muscle, sRPE load a week
    assert '<th scope="row">2026-11-23</th><td>5 / 6</td><td>2.5 / 3</td><td>2.5 / 3</td>' in page
    assert '<th scope="row">2026-11-30</th><td>2</td><td>660</td>' in page
    assert "it is not a prediction of injury risk" in page
    # each image is a well-formed SVG document
    start = page.index('src="data:image/svg+xml;base64,') + len('src="data:image/svg+xml;base64,')
    svg = base64.b64decode(page[start : page.index('"', start)])
    assert ElementTree.fromstring(svg).tag.endswith("svg")


def test_without_session_rpe_the_page_says_so_instead_of_an_empty_chart(clinic_a: Any) -> None:
    patient = Patient.objects.create(clinic=clinic_a, name="No sRPE")
    records.assign(patient, TWO_WEEKS, START, clinic_a.user)
    rows = _sets("2026-11-23", "A", 3, 6, 50)
    for row in rows:
        row["session_rpe"] = None
    records.record_sets(patient, rows, clinic_a.user)
    page = _page(clinic_a, patient)
    assert "No session RPE logged" in page
    assert page.count('src="data:image/svg+xml;base64,') == 2

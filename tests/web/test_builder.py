"""The programme builder: its structure and delivery forms write a programme file that
`exdose check` validates, problems are shown next to the fields that wrote them, and saving
assigns the programme (version 1) or makes its next version with what changed."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.test import Client
from django.urls import reverse

from exdose.web import builder, services

MONDAY = dt.date(2026, 11, 23)


def _signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _post(
    client: Client, url: str, page: Any, op: str, tab: str = "structure", **fields: Any
) -> Any:
    """Post the builder form as the page showed it: its carried state plus changed fields
    (`f.PATH` names written with `__` for the dots)."""
    data: dict[str, Any] = {"state": page.context["state_json"], "tab": tab, "op": op}
    for key, value in fields.items():
        data[key.replace("__", ".")] = value
    return client.post(url, data)


def _state(response: Any) -> dict[str, Any]:
    return json.loads(response.context["state_json"])


def test_a_template_goes_through_the_builder_unchanged_in_meaning(hip_text: str) -> None:
    text = builder.text_from_state(builder.state_from_text(hip_text))
    outcome = services.check_text(text)
    assert outcome.valid and outcome.cert["score"] == 19 and outcome.tidier["score"] == 12
    # anchors and merge keys are written out, so every planned set is the same
    assert services.planned_sessions(text, MONDAY) == services.planned_sessions(hip_text, MONDAY)
    assert "progression: {type: double, start: 60kg, increment: 5kg}" in text


def test_line_paths_name_the_field_of_each_line() -> None:
    text = builder.text_from_state(builder.state_from_text(services.BLANK_PROGRAMME))
    lines = builder.line_paths(text)
    dose_line = next(i for i, x in enumerate(text.splitlines(), 1) if x.strip().startswith("dose:"))
    assert builder.path_at(lines, dose_line, 19) == "phases.0.sessions.0.exercises.0.dose"
    assert builder.path_at(lines, 1, None) == "exdose"
    # a progression rule on one line: a problem at its 'start' is the rule's
    hip = builder.text_from_state(
        {"progression": {"rule": "x"}, "p": [{"progression": {"type": "double", "start": "6kg"}}]}
    )
    rule_line, row = next((i, x) for i, x in enumerate(hip.splitlines(), 1) if "start: 6kg" in x)
    column = row.index("6kg") + 1
    assert builder.path_at(builder.line_paths(hip), rule_line, column) == "p.0.progression.start"


def test_build_a_programme_from_blank_and_assign_it(patient_a: Any, clinic_a: Any) -> None:
    from exdose.web.models import AuditEntry

    client = _signed_in(clinic_a.user)
    url = reverse("web:build_new", args=[patient_a.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'id="cert-score">CERT 1/19' in page.content.decode()  # the blank file: dose only
    # the first session: Monday in the clinic, the hip thrust as the blank has it
    page = _post(
        client,
        url,
        page,
        "add:phases.0.sessions",
        f__name="Glute programme",
        f__phases__0__weeks="1-6",
        f__phases__0__sessions__0__days="Monday",
        f__phases__0__sessions__0__where="clinic",
        f__phases__0__sessions__0__minutes="50",
        f__phases__0__sessions__0__exercises__0__dose="3x8-12 @RIR2 rest 90s",
    )
    state = _state(page)
    assert [s["name"] for s in state["phases"][0]["sessions"]] == ["A", "B"]
    assert state["phases"][0]["sessions"][0]["day"] == "Monday"
    assert state["phases"][0]["sessions"][0]["minutes"] == 50
    html = page.content.decode()
    assert "3 sets of 8-12 repetitions, with 2 repetitions in reserve" in html
    # the new session B: Thursday, the library's Romanian deadlift picked from the search
    page = _post(
        client,
        url,
        page,
        "pick:phases.0.sessions.1.exercises.0=Romanian Deadlift",
        f__phases__0__sessions__1__days="Thu",
        f__phases__0__sessions__1__minutes="40",
    )
    page = _post(
        client,
        url,
        page,
        "save",
        f__phases__0__sessions__1__exercises__0__dose="2x8-10 @RIR3 rest 2min",
        f__phases__0__sessions__1__exercises__0__progression=(
            "{type: double, start: 40kg, increment: 5kg}"
        ),
        start_date="2026-11-23",
        why="first block",
    )
    assert page.status_code == 302 and page["Location"] == reverse(
        "web:patient", args=[patient_a.pk]
    )
    programme = patient_a.current_programme()
    assert programme.name == "Glute programme" and programme.start_date == MONDAY
    version = programme.current()
    assert version.number == 1 and version.why == "first block"
    assert services.check_text(version.text).valid
    sessions = services.planned_sessions(version.text, MONDAY)
    # 6 weeks x 2 sessions; week 1: Monday 23 Nov hip thrust 3 sets, Thursday 26 Nov
    # RDL 2 x 8 at 40 kg
    assert len(sessions) == 12
    monday, thursday = sessions[0], sessions[1]
    assert (monday["date"], monday["minutes"]) == (MONDAY, 50)
    assert [(e["name"], e["sets"]) for e in monday["exercises"]] == [("Barbell Hip Thrust", 3)]
    assert thursday["date"] == dt.date(2026, 11, 26)
    assert [(e["name"], e["sets"], e["reps"], e["load_kg"]) for e in thursday["exercises"]] == [
        ("Romanian Deadlift", 2, 8, 40.0)
    ]
    # week 2: double progression, 9 reps at 40 kg
    assert sessions[3]["exercises"][0]["reps"] == 9
    assert AuditEntry.objects.filter(action="assign", object_id=str(programme.pk)).exists()


def test_a_bad_dose_is_shown_at_its_cell_with_the_column_and_nothing_is_saved(
    patient_a: Any, clinic_a: Any
) -> None:
    client = _signed_in(clinic_a.user)
    url = reverse("web:build_new", args=[patient_a.pk])
    page = client.get(url)
    page = _post(
        client,
        url,
        page,
        "save",
        f__phases__0__sessions__0__exercises__0__dose="3x8-12 @RUR2",
        start_date="2026-11-30",
    )
    assert page.status_code == 422
    html = page.content.decode()
    assert "column 8: expected an intensity after &#x27;@&#x27;" in html
    assert "Not saved: fix the problems shown first." in html
    assert patient_a.programmes.count() == 1  # only the fixture's


def test_an_unknown_exercise_gets_the_librarys_suggestions_next_to_it(
    patient_a: Any, clinic_a: Any
) -> None:
    client = _signed_in(clinic_a.user)
    url = reverse("web:build_new", args=[patient_a.pk])
    page = client.get(url)
    page = _post(
        client,
        url,
        page,
        "refresh",
        f__phases__0__sessions__0__exercises__0__exercise="Barbel Hip Trust",
    )
    form = page.context["structure"][1].children[0].children[0]
    exercise = form.field_named("exercise")
    assert exercise is not None and exercise.value == "Barbel Hip Trust"
    assert len(exercise.errors) == 1
    assert exercise.errors[0].startswith(
        "unknown exercise 'Barbel Hip Trust'; did you mean 'Barbell Hip Thrust'"
    )


def test_the_delivery_form_fills_the_checklist_items(patient_a: Any, clinic_a: Any) -> None:
    client = _signed_in(clinic_a.user)
    url = reverse("web:build_new", args=[patient_a.pk])
    page = client.get(url)
    page = _post(client, url, page, "tab:delivery")
    assert page.context["tab"] == "delivery"
    page = _post(
        client,
        url,
        page,
        "refresh",
        tab="delivery",
        f__provider__role="physiotherapist",
        f__delivery__format="individual",
        f__delivery__supervision="supervised",
        **{"f.delivery.mode": ["", "face-to-face", "app"]},
        f__setting__location="Hospital outpatient gym",
        none_shown=["equipment", "home_programme", "modifications", "provider"],
        **{"none.equipment": "on", "none.home_programme": "on"},
        f__tailoring__approach="generic",
        f__exercises__Barbell_Hip_Thrust__description="",
    )
    state = _state(page)
    assert state["provider"] == {"role": "physiotherapist"}
    assert state["delivery"] == {
        "format": "individual",
        "supervision": "supervised",
        "mode": ["face-to-face", "app"],
    }
    assert state["equipment"] == "none" and state["home_programme"] == "none"
    text = builder.text_from_state(state)
    assert "equipment: none\n" in text
    outcome = page.context["outcome"]
    reported = {i["id"] for i in outcome.cert["items"] if i["reported"]}
    # CERT 1 equipment none, 2 provider, 3 format, 4 supervision, 9 home none, 12 setting,
    # 13 the dose's intensity, 14a and 14b generic
    assert reported == {"1", "2", "3", "4", "9", "12", "13", "14a", "14b"}
    assert outcome.cert["score"] == 9
    missing = page.context["missing"]
    labels = [m["label"] for m in missing]
    assert "CERT 8" in labels and "CERT 2" not in labels
    eight = next(m for m in missing if m["label"] == "CERT 8")
    assert eight["section"] == "exercises" and eight["tab"] == "delivery"
    # the exercise described in the form becomes the library exercise of that name
    page = _post(
        client,
        url,
        page,
        "refresh",
        tab="delivery",
        **{
            "f.exercises.Barbell Hip Thrust.description": "Shoulders on a bench, drive the hips up."
        },
    )
    state = _state(page)
    assert state["exercises"]["Barbell Hip Thrust"] == {
        "description": "Shoulders on a bench, drive the hips up.",
        "library": "Barbell Hip Thrust",
    }
    assert page.context["outcome"].cert["score"] == 10
    # unticking "none" with nothing filled in is "not reported" again
    page = _post(client, url, page, "refresh", tab="delivery", none_shown=["equipment"])
    assert "equipment" not in _state(page)


def test_edit_in_the_builder_saves_the_next_version_with_what_changed(
    patient_a: Any, clinic_a: Any
) -> None:
    client = _signed_in(clinic_a.user)
    programme = patient_a.current_programme()
    url = reverse("web:build_edit", args=[programme.pk])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "CERT 19/19" in html and "Save as version 2" in html
    page = _post(
        client,
        url,
        page,
        "save",
        f__phases__0__sessions__0__exercises__1__dose="3x8-10 @RIR3 rest 2min",
        why="more hamstring volume",
    )
    assert page.status_code == 302
    version = programme.current()
    assert version.number == 2 and version.why == "more hamstring volume"
    assert version.what == (
        "edited in the builder: phases.0.sessions.0.exercises.1.dose: "
        "2x8-10 @RIR3 rest 2min -> 3x8-10 @RIR3 rest 2min"
    )
    week_one = services.planned_sessions(version.text, programme.start_date)[0]
    assert [(e["exercise"], e["sets"]) for e in week_one["exercises"]] == [
        ("hip-thrust", 3),
        ("romanian-deadlift", 3),
        ("cable-abduction", 2),
    ]


def test_structure_buttons_add_copy_move_and_remove(patient_a: Any, clinic_a: Any) -> None:
    client = _signed_in(clinic_a.user)
    url = reverse("web:build_new", args=[patient_a.pk])
    page = client.get(url)
    page = _post(client, url, page, "add:phases")
    phases = _state(page)["phases"]
    # the new phase follows the last: weeks 5-8, as long as weeks 1-4
    assert [(p["name"], p["weeks"]) for p in phases] == [("Phase 1", "1-4"), ("Phase 2", "5-8")]
    page = _post(client, url, page, "copy:phases.0.sessions.0")
    assert len(_state(page)["phases"][0]["sessions"]) == 2
    page = _post(client, url, page, "up:phases.1")
    assert [p["name"] for p in _state(page)["phases"]] == ["Phase 2", "Phase 1"]
    page = _post(client, url, page, "remove:phases.0")
    assert [p["name"] for p in _state(page)["phases"]] == ["Phase 1"]


def test_the_yaml_view_checks_like_exdose_check_and_saves_as_written(
    patient_a: Any, clinic_a: Any, hip_text: str
) -> None:
    client = _signed_in(clinic_a.user)
    programme = patient_a.current_programme()
    url = reverse("web:build_edit", args=[programme.pk])
    page = client.get(url, {"tab": "yaml"})
    assert page.context["tab"] == "yaml"
    broken = hip_text.replace("minutes: 60", "minutes: sixty", 1)
    line = next(i for i, x in enumerate(broken.splitlines(), 1) if "minutes: sixty" in x)
    expected = services.check_text(broken).problems[0]
    page = _post(client, url, page, "tab:structure", tab="yaml", yaml=broken)
    assert page.context["tab"] == "yaml"  # the builder cannot read it yet: stay
    html = page.content.decode()
    assert f"line {line}, column {expected['column']}" in html
    assert f'<li id="L{line}" class="bad">' in html
    page = _post(client, url, page, "save", tab="yaml", yaml=broken)
    assert page.status_code == 422 and programme.current().number == 1
    fixed = "# edited by hand\n" + hip_text.replace("minutes: 60", "minutes: 70", 1)
    page = _post(client, url, page, "save", tab="yaml", yaml=fixed, what="longer session A")
    assert page.status_code == 302
    assert programme.current().text == fixed and programme.current().what == "longer session A"


def test_the_live_parts(patient_a: Any, clinic_a: Any) -> None:
    client = _signed_in(clinic_a.user)
    words = client.get(
        reverse("web:build_dose"),
        {"f.phases.0.sessions.0.exercises.0.dose": "3x8-12 @RIR2 rest 90s"},
    ).content.decode()
    assert "3 sets of 8-12 repetitions, with 2 repetitions in reserve" in words
    assert "90 s rest between sets" in words
    found = client.get(
        reverse("web:build_exercises"),
        {
            "path": "phases.0.sessions.0.exercises.0",
            "f.phases.0.sessions.0.exercises.0.exercise": "hip thrust",
        },
    ).content.decode()
    assert 'value="pick:phases.0.sessions.0.exercises.0=Barbell Hip Thrust"' in found
    page = client.get(reverse("web:build_new", args=[patient_a.pk]), {"template": "hip-thrust"})
    panel = client.post(
        reverse("web:build_check"),
        {
            "state": page.context["state_json"],
            "tab": "delivery",
            **{f"f.provider.{k}": "" for k in ("role", "qualifications", "experience", "training")},
        },
    ).content.decode()
    # without a provider CERT 2 and TIDieR 5 are missing, and the panel says where to fill them
    assert "CERT 18/19" in panel and "TIDieR 11/12" in panel
    assert "Fill in: Who delivers it" in panel


def test_builder_pages_belong_to_the_clinic(patient_a: Any, clinic_b: Any) -> None:
    stranger = _signed_in(clinic_b.user)
    programme = patient_a.current_programme()
    assert stranger.get(reverse("web:build_new", args=[patient_a.pk])).status_code == 404
    assert stranger.get(reverse("web:build_edit", args=[programme.pk])).status_code == 404
    page = stranger.post(reverse("web:build_edit", args=[programme.pk]), {"op": "save"})
    assert page.status_code == 404 and programme.current().number == 1
    anonymous = Client().get(reverse("web:build_dose"), {"f.x": "3x8"})
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/login/")


def test_the_builder_needs_the_csrf_token_and_bounds_its_state(
    patient_a: Any, clinic_a: Any
) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(clinic_a.user)
    url = reverse("web:build_new", args=[patient_a.pk])
    assert client.post(url, {"state": "{}", "op": "save"}).status_code == 403
    signed = _signed_in(clinic_a.user)
    too_big = signed.post(url, {"state": "[" + "0," * builder.MAX_STATE_CHARS + "0]"})
    assert too_big.status_code == 400
    assert "too large for the builder" in too_big.content.decode()
    not_json = signed.post(url, {"state": "{broken"})
    assert not_json.status_code == 400


def test_a_deeply_nested_state_is_refused_not_a_crash(patient_a: Any, clinic_a: Any) -> None:
    signed = _signed_in(clinic_a.user)
    url = reverse("web:build_new", args=[patient_a.pk])
    for raw in ("[" * 50_000 + "]" * 50_000, '{"a":' * 40 + "1" + "}" * 40):
        response = signed.post(url, {"state": raw, "op": "refresh"})
        assert response.status_code == 400
        assert "nested too deeply" in response.content.decode()


def test_an_exercise_not_in_the_library_is_described_with_its_muscles(
    patient_a: Any, clinic_a: Any
) -> None:
    client = _signed_in(clinic_a.user)
    url = reverse("web:build_new", args=[patient_a.pk])
    page = client.get(url)
    page = _post(
        client,
        url,
        page,
        "tab:delivery",
        f__phases__0__sessions__0__exercises__0__exercise="Wall slide",
    )
    page = _post(
        client,
        url,
        page,
        "refresh",
        tab="delivery",
        **{
            "f.exercises.Wall slide.description": "Back to the wall, slide down to 60 degrees",
            "f.exercises.Wall slide.primary": "quadriceps, glutes",
        },
    )
    entry = _state(page)["exercises"]["Wall slide"]
    assert entry == {
        "description": "Back to the wall, slide down to 60 degrees",
        "primary": ["quadriceps", "glutes"],
    }
    outcome = page.context["outcome"]
    assert outcome.valid
    assert next(i for i in outcome.cert["items"] if i["id"] == "8")["reported"]


def test_the_exercise_search_works_without_javascript(patient_a: Any, clinic_a: Any) -> None:
    client = _signed_in(clinic_a.user)
    url = reverse("web:build_new", args=[patient_a.pk])
    page = client.get(url)
    assert 'value="search:phases.0.sessions.0.exercises.0"' in page.content.decode()  # noscript
    page = _post(
        client,
        url,
        page,
        "search:phases.0.sessions.0.exercises.0",
        f__phases__0__sessions__0__exercises__0__exercise="glute bridge",
    )
    html = page.content.decode()
    assert 'value="pick:phases.0.sessions.0.exercises.0=Glute bridge (bodyweight)"' in html
    page = _post(
        client, url, page, "pick:phases.0.sessions.0.exercises.0=Glute bridge (bodyweight)"
    )
    assert _state(page)["phases"][0]["sessions"][0]["exercises"][0]["exercise"] == (
        "Glute bridge (bodyweight)"
    )


def test_a_refused_save_through_htmx_is_swapped_in_place(patient_a: Any, clinic_a: Any) -> None:
    client = _signed_in(clinic_a.user)
    url = reverse("web:build_new", args=[patient_a.pk])
    page = client.get(url, {"tab": "nonsense"})
    assert page.context["tab"] == "structure"
    response = client.post(
        url,
        {"state": page.context["state_json"], "tab": "structure", "op": "save", "start_date": ""},
        HTTP_HX_REQUEST="true",
    )
    # htmx swaps 2xx answers only: the form comes back with the message, status 200
    assert response.status_code == 200 and response["X-Exdose-Status"] == "422"
    html = response.content.decode()
    assert html.lstrip().startswith('<form method="post" id="builder"')
    assert "Give the day the programme starts." in html
    assert patient_a.programmes.count() == 1

"""Log names the library cannot match: resolved on the import page, remembered for the clinic
(LogAlias), the kept file read again so the unmatched rows get their exercise, later imports
read the name the same way; another clinic's names do not apply and their ids answer 404."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from exdose.web import records
from exdose.web.models import AuditEntry, LogAlias, LogImport, Patient, PerformedSet

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
STRONG = (EXAMPLES / "logs" / "strong.csv").read_bytes()
NAME = "Standing Cable Hip Abduction"
# examples/logs/strong.csv: 23 rows name the cable abduction (12 with Set Order 1, 11 with 2;
# no warm-up rows), and it is the only name the library does not match
NAME_ROWS = 23


def _signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _upload(client: Client, patient: Any, raw: bytes = STRONG, name: str = "strong.csv") -> Any:
    return client.post(
        reverse("web:import", args=[patient.pk]),
        {"file": SimpleUploadedFile(name, raw), "kind": "log"},
    )


def test_the_import_page_lists_what_was_read_and_the_unmatched_name(
    patient_a: Any, clinic_a: Any
) -> None:
    response = _upload(_signed_in(clinic_a.user), patient_a)
    page = response.content.decode()
    assert response.status_code == 200
    record = LogImport.objects.get(patient=patient_a)
    assert record.unmatched == [NAME]
    assert bytes(record.raw) == STRONG  # kept, so the rows can be read again
    unmatched = PerformedSet.objects.filter(log_import=record, exercise="")
    assert unmatched.count() == NAME_ROWS
    assert set(unmatched.values_list("exercise_name", flat=True)) == {NAME}
    # what was read, per name: the cable abduction row says "not matched" and its 23 sets
    assert 'id="read-summary"' in page
    assert f'<td>{NAME}</td><td><span class="warn">not matched</span></td><td>23</td>' in page
    # the resolve form, with the name, its set count and close library exercises to pick from
    assert 'id="resolve"' in page and f'name="name-0" value="{NAME}"' in page
    assert "23 sets" in page
    assert 'name="exercise-0" value="Thigh_Abductor"' in page


def test_resolving_remembers_the_name_and_reads_the_rows_again(
    patient_a: Any, clinic_a: Any, clinic_b: Any
) -> None:
    client = _signed_in(clinic_a.user)
    _upload(client, patient_a)
    record = LogImport.objects.get(patient=patient_a)
    before = {
        s.pk: (s.source_row, s.reps, s.load_kg)
        for s in PerformedSet.objects.filter(log_import=record)
    }
    response = client.post(
        reverse("web:resolve_names", args=[record.pk]),
        {"name-0": NAME, "exercise-0": "Thigh_Abductor"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"/clinic/imports/{record.pk}/?saved=1&matched=23")
    alias = LogAlias.objects.get()
    assert (alias.clinic, alias.name, alias.exercise) == (clinic_a, NAME, "Thigh_Abductor")
    record.refresh_from_db()
    assert record.unmatched == []
    rows = PerformedSet.objects.filter(log_import=record, exercise_name=NAME)
    assert rows.count() == NAME_ROWS and set(rows.values_list("exercise", flat=True)) == {
        "Thigh_Abductor"
    }
    # nothing else changed: the same sets, rows, reps and loads; none added, none lost
    after = {
        s.pk: (s.source_row, s.reps, s.load_kg)
        for s in PerformedSet.objects.filter(log_import=record)
    }
    assert after == before
    entry = AuditEntry.objects.get(action="resolve_names")
    assert entry.detail["sets_matched"] == 23 and entry.detail["names"] == {NAME: "Thigh_Abductor"}
    page = client.get(response["Location"]).content.decode()
    assert "1 name remembered for the clinic; 23 sets read again with their exercise." in page
    assert 'id="resolve"' not in page  # nothing left to resolve
    # the next import of the same names matches them (page and API), for this clinic only
    patient_two = Patient.objects.create(clinic=clinic_a, name="Second")
    second = records.import_log(patient_two, STRONG, "strong.csv", clinic_a.user)
    assert second.unmatched == []
    assert PerformedSet.objects.filter(log_import=second, exercise="").count() == 0
    stranger = Patient.objects.create(clinic=clinic_b, name="Elsewhere")
    other = records.import_log(stranger, STRONG, "strong.csv", clinic_b.user)
    assert other.unmatched == [NAME]  # clinic A's name does not apply in clinic B


def test_the_api_answer_lists_unmatched_names_and_uses_the_clinics_names(
    patient_a: Any, clinic_a: Any
) -> None:
    from exdose.web.models import ApiToken

    _, plain = ApiToken.issue(clinic_a.user, clinic_a)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {plain}")
    url = f"/api/v1/patients/{patient_a.pk}/logs"
    first = api.post(url, {"file": SimpleUploadedFile("strong.csv", STRONG)}).json()
    assert first["unmatched"] == [NAME]
    record = LogImport.objects.get(pk=first["id"])
    records.resolve_names(record, {NAME: "Thigh Abductor"}, clinic_a.user)  # a name works too
    assert LogAlias.objects.get().exercise == "Thigh_Abductor"
    again = api.post(url, {"file": SimpleUploadedFile("strong.csv", STRONG)}).json()
    assert again["unmatched"] == [] and again["read"] == first["read"]


def test_a_bad_pick_is_refused_next_to_nothing_changed(patient_a: Any, clinic_a: Any) -> None:
    client = _signed_in(clinic_a.user)
    _upload(client, patient_a)
    record = LogImport.objects.get(patient=patient_a)
    url = reverse("web:resolve_names", args=[record.pk])
    unknown = client.post(url, {"name-0": NAME, "exercise-0": "No Such Lift"})
    assert unknown.status_code == 422
    assert "&#x27;No Such Lift&#x27; is not an exercise of the library" in unknown.content.decode()
    foreign = client.post(url, {"name-0": "Bench Press", "exercise-0": "Thigh_Abductor"})
    assert foreign.status_code == 422
    assert "is not a name this import left unmatched" in foreign.content.decode()
    nothing = client.post(url, {"name-0": NAME, "exercise-0": ""})
    assert nothing.status_code == 422
    assert LogAlias.objects.count() == 0
    assert PerformedSet.objects.filter(log_import=record, exercise="").count() == NAME_ROWS


def test_the_exercise_search_gives_choices_for_one_name(clinic_a: Any) -> None:
    client = _signed_in(clinic_a.user)
    page = client.get(reverse("web:exercise_choices"), {"q": "abduction", "slot": "2"})
    html = page.content.decode()
    assert page.status_code == 200 and 'id="choices-2"' in html
    assert 'name="exercise-2" value="side-lying-hip-abduction"' in html
    assert client.get(reverse("web:exercise_choices"), {"q": "x", "slot": "-1"}).status_code == 400
    none = client.get(reverse("web:exercise_choices"), {"q": "zzzqqq", "slot": "0"})
    assert "No exercise has every word of" in none.content.decode()


def test_another_clinics_imports_and_names_answer_404(
    patient_a: Any, clinic_a: Any, clinic_b: Any
) -> None:
    _upload(_signed_in(clinic_a.user), patient_a)
    record = LogImport.objects.get(patient=patient_a)
    records.resolve_names(record, {NAME: "Thigh_Abductor"}, clinic_a.user)
    alias = LogAlias.objects.get()
    stranger = _signed_in(clinic_b.user)
    assert stranger.get(reverse("web:import_detail", args=[record.pk])).status_code == 404
    resolve = reverse("web:resolve_names", args=[record.pk])
    assert stranger.post(resolve, {"name-0": NAME, "exercise-0": "x"}).status_code == 404
    assert stranger.post(reverse("web:forget_alias", args=[alias.pk])).status_code == 404
    assert NAME not in stranger.get(reverse("web:aliases")).content.decode()
    assert LogAlias.objects.filter(pk=alias.pk).exists()
    patient = _signed_in(patient_a.user)
    assert patient.get(reverse("web:import_detail", args=[record.pk])).status_code == 404
    # the clinic's own clinician sees and forgets it (sets already stored keep their exercise)
    own = _signed_in(clinic_a.user)
    assert NAME in own.get(reverse("web:aliases")).content.decode()
    assert own.post(reverse("web:forget_alias", args=[alias.pk])).status_code == 302
    assert not LogAlias.objects.exists()
    assert PerformedSet.objects.filter(exercise="Thigh_Abductor").count() == NAME_ROWS

"""Uploading an app's export again: the sets an earlier import of the patient stored with the same
values are counted and not stored twice (Strong, Hevy and FitNotes export the whole history each
time, so each week's export repeats every week before it); the new weeks are stored, the page and
the API say how many were there already, and nothing else of the file is left out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from exdose.web import records
from exdose.web.models import ApiToken, LogImport, Patient, PerformedSet

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
STRONG = (EXAMPLES / "logs" / "strong.csv").read_bytes()
# examples/logs/strong.csv: 196 rows, every one read as a set (warm-ups included); the first
# four weeks (2026-01-05 to 2026-01-29) are 9 + 7 + 9 + 7 + 9 + 7 + 11 + 9 = 68 of them
ALL_ROWS = 196
FIRST_FOUR_WEEKS = 68


def _first_weeks(raw: bytes, last_date: str) -> bytes:
    """The export as the app would have written it on `last_date`: the header and earlier rows."""
    lines = raw.decode("utf-8").splitlines(keepends=True)
    kept = [line for line in lines[1:] if line[1:11] <= last_date]
    return "".join([lines[0], *kept]).encode("utf-8")


def test_the_same_export_twice_stores_its_sets_once(patient_a: Any, clinic_a: Any) -> None:
    first = records.import_log(patient_a, STRONG, "strong.csv", clinic_a.user)
    again = records.import_log(patient_a, STRONG, "strong.csv", clinic_a.user)
    assert (first.read_rows, first.already_stored) == (ALL_ROWS, 0)
    assert (again.read_rows, again.already_stored) == (ALL_ROWS, ALL_ROWS)
    assert PerformedSet.objects.filter(patient=patient_a).count() == ALL_ROWS
    assert PerformedSet.objects.filter(log_import=again).count() == 0


def test_a_later_export_adds_only_the_new_weeks(patient_a: Any, clinic_a: Any) -> None:
    early = _first_weeks(STRONG, "2026-01-29")
    first = records.import_log(patient_a, early, "strong-jan.csv", clinic_a.user)
    later = records.import_log(patient_a, STRONG, "strong-mar.csv", clinic_a.user)
    assert first.read_rows == FIRST_FOUR_WEEKS
    assert (later.read_rows, later.already_stored) == (ALL_ROWS, FIRST_FOUR_WEEKS)
    new = PerformedSet.objects.filter(log_import=later)
    assert new.count() == ALL_ROWS - FIRST_FOUR_WEEKS == 128
    assert str(min(new.values_list("date", flat=True))) == "2026-02-02"
    # the patient's sets are the full export's, each once
    stored = PerformedSet.objects.filter(patient=patient_a)
    assert stored.count() == ALL_ROWS
    keys = {
        (str(s.date), s.exercise_name, s.set_kind, s.set_number, s.load_kg, s.reps) for s in stored
    }
    assert len(keys) == ALL_ROWS


def test_a_changed_set_is_a_new_set(patient_a: Any, clinic_a: Any) -> None:
    """A corrected weight in the new export is not the stored set: both are kept (nothing
    overwritten), and the import says one set was new."""
    records.import_log(patient_a, STRONG, "strong.csv", clinic_a.user)
    text = STRONG.decode("utf-8")
    row = '"2026-01-05 18:17:14";"Glutes A";"Hip Thrust (Barbell)";"1";"60";"kg";"8"'
    assert text.count(row) == 1
    edited = text.replace(row, row.replace('"60"', '"62.5"')).encode("utf-8")
    again = records.import_log(patient_a, edited, "strong.csv", clinic_a.user)
    assert again.already_stored == ALL_ROWS - 1
    assert list(
        PerformedSet.objects.filter(log_import=again).values_list("load_kg", flat=True)
    ) == [62.5]
    assert PerformedSet.objects.filter(patient=patient_a).count() == ALL_ROWS + 1


def test_a_row_repeated_within_one_file_is_listed_as_skipped(patient_a: Any, clinic_a: Any) -> None:
    """A row repeated within one file is the reader's to report (skipped, "duplicate of row 1");
    reading the file again stores nothing and still lists it."""
    lines = STRONG.decode("utf-8").splitlines(keepends=True)
    doubled = "".join([lines[0], lines[3], lines[3]]).encode("utf-8")
    first = records.import_log(patient_a, doubled, "strong.csv", clinic_a.user)
    again = records.import_log(patient_a, doubled, "strong.csv", clinic_a.user)
    assert (first.already_stored, PerformedSet.objects.filter(log_import=first).count()) == (0, 1)
    assert [s["reason"] for s in first.skipped] == ["duplicate of row 1"]
    assert (again.already_stored, PerformedSet.objects.filter(log_import=again).count()) == (1, 0)
    assert [s["reason"] for s in again.skipped] == ["duplicate of row 1"]


def test_another_patients_sets_are_not_the_same_sets(patient_a: Any, clinic_a: Any) -> None:
    other = Patient.objects.create(clinic=clinic_a, name="Pat Two")
    records.import_log(patient_a, STRONG, "strong.csv", clinic_a.user)
    record = records.import_log(other, STRONG, "strong.csv", clinic_a.user)
    assert record.already_stored == 0
    assert PerformedSet.objects.filter(patient=other).count() == ALL_ROWS


def test_sets_logged_on_the_phone_are_not_taken_for_imported_ones(
    patient_a: Any, clinic_a: Any
) -> None:
    """Only earlier imports of the same app's format are compared: a set the patient logged on the
    phone with the same numbers stays, and the file's set is stored too."""
    records.record_sets(
        patient_a,
        [
            {
                "client_key": "phone-1",
                "date": "2026-01-05",
                "exercise_name": "Hip Thrust (Barbell)",
                "exercise": "Hip_Thrust_Barbell",
                "set_number": 1,
                "set_kind": "working",
                "reps": 8,
                "load_kg": 60.0,
            }
        ],
        clinic_a.user,
    )
    record = records.import_log(patient_a, STRONG, "strong.csv", clinic_a.user)
    assert record.already_stored == 0
    assert PerformedSet.objects.filter(patient=patient_a).count() == ALL_ROWS + 1


def test_the_import_page_and_the_api_say_how_many_were_stored_before(
    patient_a: Any, clinic_a: Any
) -> None:
    records.import_log(patient_a, _first_weeks(STRONG, "2026-01-29"), "jan.csv", clinic_a.user)
    client = Client()
    client.force_login(clinic_a.user)
    page = client.post(
        reverse("web:import", args=[patient_a.pk]),
        {"file": SimpleUploadedFile("strong.csv", STRONG), "kind": "log"},
    ).content.decode()
    assert 'id="already-stored"' in page
    assert "68 sets of this file were stored already by an earlier import" in page
    _, plain = ApiToken.issue(clinic_a.user, clinic_a)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {plain}")
    body = api.post(
        f"/api/v1/patients/{patient_a.pk}/logs",
        {"file": SimpleUploadedFile("strong.csv", STRONG)},
    ).json()
    assert (body["read"], body["already_stored"]) == (ALL_ROWS, ALL_ROWS)
    assert LogImport.objects.filter(patient=patient_a).count() == 3
    assert PerformedSet.objects.filter(patient=patient_a).count() == ALL_ROWS


def test_pain_columns_of_a_log_read_again_are_stored_once(patient_a: Any, clinic_a: Any) -> None:
    """examples/logs/exdose.csv carries pain columns; its second upload stores no pain rating
    again and says how many it found."""
    from exdose.web.models import PainRating

    raw = (EXAMPLES / "logs" / "exdose.csv").read_bytes()
    first = records.import_log(patient_a, raw, "exdose.csv", clinic_a.user)
    ratings = PainRating.objects.filter(patient=patient_a).count()
    assert ratings > 0 and first.already_stored_pain == 0
    again = records.import_log(patient_a, raw, "exdose.csv", clinic_a.user)
    assert again.already_stored_pain == ratings
    assert again.already_stored == first.read_rows
    assert PainRating.objects.filter(patient=patient_a).count() == ratings


def test_the_patients_export_holds_each_uploaded_file(patient_a: Any, clinic_a: Any) -> None:
    """The patient's own export (me/export.json) includes every import: what was read, skipped
    and found stored before, and the file as uploaded, so nothing kept about them is left out."""
    import base64

    records.import_log(patient_a, STRONG, "strong.csv", clinic_a.user)
    records.import_log(patient_a, STRONG, "strong-again.csv", clinic_a.user)
    client = Client()
    client.force_login(patient_a.user)
    data = client.get(reverse("web:me_export")).json()
    assert [i["filename"] for i in data["imports"]] == ["strong.csv", "strong-again.csv"]
    assert [i["already_stored"] for i in data["imports"]] == [0, ALL_ROWS]
    assert base64.b64decode(data["imports"][1]["file_base64"]) == STRONG
    assert data["imports"][0]["unmatched"] == ["Standing Cable Hip Abduction"]
    assert len(data["sets"]) == ALL_ROWS and data["decisions"] == []


def test_a_name_resolved_on_a_repeated_import_reaches_the_earlier_imports_sets(
    patient_a: Any, clinic_a: Any
) -> None:
    """The second upload of an export stores no set; its "Standing Cable Hip Abduction" rows
    are the first import's. Resolving the name from the second import reads the first file
    again too, so those 23 sets get their exercise."""
    first = records.import_log(patient_a, STRONG, "strong.csv", clinic_a.user)
    again = records.import_log(patient_a, STRONG, "strong.csv", clinic_a.user)
    name = "Standing Cable Hip Abduction"
    assert again.unmatched == [name] and first.unmatched == [name]
    result = records.resolve_names(again, {name: "Thigh_Abductor"}, clinic_a.user)
    assert result["matched"] == 23
    sets = PerformedSet.objects.filter(patient=patient_a, exercise_name=name)
    assert sets.count() == 23 and set(sets.values_list("exercise", flat=True)) == {"Thigh_Abductor"}
    first.refresh_from_db()
    assert first.unmatched == []


def test_the_repeated_imports_page_counts_the_names_stored_sets(
    patient_a: Any, clinic_a: Any
) -> None:
    records.import_log(patient_a, STRONG, "strong.csv", clinic_a.user)
    again = records.import_log(patient_a, STRONG, "strong.csv", clinic_a.user)
    assert records.unmatched_counts(again) == {"Standing Cable Hip Abduction": 23}

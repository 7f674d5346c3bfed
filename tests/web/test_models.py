"""Stored data: idempotent sets, soft delete with audit, versions, tokens, the data folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


def test_sets_with_the_same_client_key_are_stored_once(patient_a: Any, week_one: Any) -> None:
    from exdose.web import records
    from exdose.web.models import PerformedSet

    rows = week_one(patient_a)
    assert len(rows) == 12  # hip thrust 3 + RDL 2 + abduction 2 on Monday; 3 + 2 on Thursday
    _, created = records.record_sets(patient_a, rows, None)
    assert created == 12
    _, again = records.record_sets(patient_a, rows[:5], None)  # a retry of five of them
    assert again == 0
    assert PerformedSet.objects.filter(patient=patient_a).count() == 12


def test_archive_is_a_soft_delete_with_an_audit_entry(
    patient_a: Any, clinic_a: Any, week_one: Any
) -> None:
    from exdose.web import records
    from exdose.web.models import AuditEntry, Patient

    records.record_sets(patient_a, week_one(patient_a), None)
    records.archive(patient_a, clinic_a.user)
    patient = Patient.objects.get(pk=patient_a.pk)
    assert patient.archived_at is not None
    assert patient.sets.count() == 12  # the data stays
    assert not patient.user.is_active  # the patient can no longer sign in
    entry = AuditEntry.objects.filter(action="archive", object_id=str(patient.pk)).get()
    assert entry.actor == clinic_a.user and entry.clinic == clinic_a


def test_new_version_numbers_follow_on_and_keep_what_and_why(
    patient_a: Any, clinic_a: Any, hip_text: str
) -> None:
    from exdose.web import records

    programme = patient_a.current_programme()
    version = records.new_version(programme, hip_text.replace("60kg", "62.5kg", 1),
                                  clinic_a.user, "start load 62.5 kg", "tested 12RM")
    assert version.number == 2
    assert programme.current().what == "start load 62.5 kg"
    assert programme.current().why == "tested 12RM"
    assert programme.versions.get(number=1).text == hip_text  # the file as written, unchanged


def test_invalid_text_never_becomes_a_version(patient_a: Any, clinic_a: Any) -> None:
    from exdose.web import records, services

    with pytest.raises(services.ServiceError):
        records.new_version(patient_a.current_programme(), "exdose: 1\nname: x\n", clinic_a.user,
                            "", "")
    assert patient_a.current_programme().versions.count() == 1


def test_api_tokens_store_only_a_hash(clinic_a: Any) -> None:
    from exdose.web.models import ApiToken, token_hash

    token, plain = ApiToken.issue(clinic_a.user, clinic_a)
    assert plain.startswith("exd_") and plain not in token.token_hash
    assert ApiToken.objects.get(token_hash=token_hash(plain)) == token


def test_for_clinic_returns_only_that_clinics_rows(patient_a: Any, clinic_b: Any) -> None:
    from exdose.web.models import Patient

    assert list(Patient.objects.for_clinic(clinic_b)) == []
    assert list(Patient.objects.for_clinic(patient_a.clinic)) == [patient_a]


def test_secret_key_is_generated_once_into_the_data_folder(tmp_path: Path) -> None:
    from exdose.web.datadir import secret_key

    first = secret_key(tmp_path)
    assert len(first) > 40
    assert secret_key(tmp_path) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_database_url_is_read_into_django_settings() -> None:
    from exdose.web.datadir import database_from_url

    db = database_from_url("postgresql://app:s%40cret@db.local:5433/exdose")
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == (
        "exdose", "app", "s@cret", "db.local", "5433")
    with pytest.raises(ValueError, match="postgresql://"):
        database_from_url("mysql://x/y")


def test_argon2_hashes_passwords(clinic_a: Any) -> None:
    assert clinic_a.user.password.startswith("argon2")

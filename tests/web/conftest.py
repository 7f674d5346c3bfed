"""pytest-django for the web app: SQLite in a temporary data folder, or PostgreSQL when
EXDOSE_TEST_DATABASE_URL names one (Django creates and drops its own test database there)."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("EXDOSE_DATA", tempfile.mkdtemp(prefix="exdose-test-data-"))
if os.environ.get("EXDOSE_TEST_DATABASE_URL"):
    os.environ["EXDOSE_DATABASE_URL"] = os.environ["EXDOSE_TEST_DATABASE_URL"]
os.environ["DJANGO_SETTINGS_MODULE"] = "exdose.web.settings"
os.environ.setdefault("EXDOSE_INSECURE_COOKIES", "1")  # the test client speaks plain http

import django

django.setup()

from django.conf import settings as _settings  # noqa: E402

# no persistent connections in tests: the live server's thread must not keep the test
# database open when PostgreSQL drops it at the end
_settings.DATABASES["default"]["CONN_MAX_AGE"] = 0

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
PASSWORD = "a-long-test-password-7"


@pytest.fixture
def hip_text() -> str:
    """The hip-thrust example programme."""
    return (EXAMPLES / "hip-thrust.yaml").read_text(encoding="utf-8")


@pytest.fixture
def clinic_a(db: Any) -> Any:
    """Clinic A with one clinician."""
    from exdose.web.views_auth import create_clinic

    clinic, user = create_clinic("Clinic A", "a@clinic.test", PASSWORD)
    clinic.user = user
    return clinic


@pytest.fixture
def clinic_b(db: Any) -> Any:
    """Clinic B with one clinician (the stranger in isolation tests)."""
    from exdose.web.views_auth import create_clinic

    clinic, user = create_clinic("Clinic B", "b@clinic.test", PASSWORD)
    clinic.user = user
    return clinic


MONDAY = dt.date(2026, 11, 23)


@pytest.fixture
def patient_a(clinic_a: Any, hip_text: str) -> Any:
    """A patient of clinic A on the hip-thrust programme from Monday 23 Nov 2026, with a login."""
    from django.contrib.auth import get_user_model

    from exdose.web import records
    from exdose.web.models import Patient

    patient = Patient.objects.create(clinic=clinic_a, name="Pat A", email="pat@a.test")
    patient.user = get_user_model().objects.create_user("pat@a.test", "pat@a.test", PASSWORD)
    patient.save()
    records.assign(patient, hip_text, MONDAY, clinic_a.user)
    return patient


@pytest.fixture
def week_one() -> Any:
    """A function: week 1 of a patient's programme done as planned, as API set rows."""
    return planned_week_one


def planned_week_one(patient: Any) -> list[dict[str, Any]]:
    """Week 1 of the patient's programme done exactly as planned, as API set rows."""
    from exdose.web import services

    programme = patient.current_programme()
    rows = []
    for session in services.planned_sessions(programme.current().text, programme.start_date)[:2]:
        for ex in session["exercises"]:
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

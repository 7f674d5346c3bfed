"""The demo clinic: the bundled example programmes, two patients with the example logs and
pain diaries, and printed demo logins."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from typing import Any

DEMO_PASSWORD = "demo-exdose-2026"
"""The demo logins' password (the demo is for trying the app on your own machine only)."""


@dataclass
class DemoLogin:
    """One demo login to print."""

    role: str
    email: str
    password: str


def load_demo() -> list[DemoLogin]:
    """Create the demo clinic once (a second call finds it and only lists the logins)."""
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from exdose.web import records, services
    from exdose.web.models import Clinic, Patient
    from exdose.web.views_auth import create_clinic

    logins = [
        DemoLogin("clinician", "physio@demo.exdose", DEMO_PASSWORD),
        DemoLogin("patient", "lifter@demo.exdose", DEMO_PASSWORD),
        DemoLogin("patient", "runner@demo.exdose", DEMO_PASSWORD),
    ]
    if Clinic.objects.filter(name="exdose demo clinic").exists():
        return logins
    examples = services.EXAMPLES_DIR
    with transaction.atomic():
        clinic, physio = create_clinic("exdose demo clinic", logins[0].email, DEMO_PASSWORD)
        User = get_user_model()
        lifter = Patient.objects.create(clinic=clinic, name="Kari Nordmann (lifter)",
                                        email=logins[1].email, language="nb", created_by=physio)
        lifter.user = User.objects.create_user(logins[1].email, logins[1].email, DEMO_PASSWORD)
        lifter.save()
        hip = (examples / "hip-thrust.yaml").read_text(encoding="utf-8")
        records.assign(lifter, hip, dt.date(2026, 1, 5), physio, why="demo: the example lifter")
        _import(lifter, examples / "logs" / "strong.csv", physio)
        records.import_pain(lifter, (examples / "logs" / "pain_diary.csv").read_bytes(), physio,
                            "demo-pain")
        second = Patient.objects.create(clinic=clinic, name="Sven Svensson", language="sv",
                                        email=logins[2].email, created_by=physio)
        second.user = User.objects.create_user(logins[2].email, logins[2].email, DEMO_PASSWORD)
        second.save()
        records.assign(second, hip, dt.date(2026, 1, 5), physio, why="demo: the same programme")
        _import(second, examples / "logs" / "exdose.csv", physio)
    return logins


def _import(patient: Any, path: Path, user: object) -> None:
    from exdose.web import records

    records.import_log(patient, path.read_bytes(), path.name, user)

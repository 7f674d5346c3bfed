"""Pages: sign-in throttling, CSRF, security headers, the editor's messages, the live fragments,
log import with skipped rows, the patient's pages and their language, invites, /healthz."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.test import Client
from django.urls import reverse

PASSWORD = "a-long-test-password-7"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_healthz_answers_once_migrated(db: Any) -> None:
    response = Client().get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_sign_in_is_throttled_after_five_failures(clinic_a: Any) -> None:
    client = Client()
    for _ in range(5):
        bad = client.post("/login/", {"email": "a@clinic.test", "password": "wrong-password"})
        assert bad.status_code == 401
    blocked = client.post("/login/", {"email": "a@clinic.test", "password": PASSWORD})
    assert blocked.status_code == 429  # even the right password waits
    assert "_auth_user_id" not in client.session


def test_sign_in_works_and_sends_clinicians_to_the_clinic(clinic_a: Any) -> None:
    client = Client()
    response = client.post("/login/", {"email": "A@clinic.test", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/")["Location"] == "/clinic/"


def test_forms_need_the_csrf_token(clinic_a: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(clinic_a.user)
    response = client.post(reverse("web:patients"), {"name": "No token", "language": "en"})
    assert response.status_code == 403


def test_pages_carry_a_strict_csp_and_security_headers(clinic_a: Any) -> None:
    response = _signed_in(clinic_a.user).get(reverse("web:patients"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "no-store"
    assert "<script>" not in response.content.decode()  # no inline script anywhere


def test_clinic_pages_need_a_signed_in_clinician(db: Any) -> None:
    response = Client().get(reverse("web:patients"))
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_create_a_patient_and_archive_them(clinic_a: Any) -> None:
    from exdose.web.models import AuditEntry, Patient

    client = _signed_in(clinic_a.user)
    response = client.post(
        reverse("web:patients"), {"name": "Ingrid", "email": "", "language": "nb"}
    )
    patient = Patient.objects.get(name="Ingrid")
    assert response["Location"] == reverse("web:patient", args=[patient.pk])
    client.post(reverse("web:archive", args=[patient.pk]))
    assert "Ingrid" not in client.get(reverse("web:patients")).content.decode()
    assert client.get(reverse("web:patient", args=[patient.pk])).status_code == 404
    assert AuditEntry.objects.filter(action="archive", object_id=str(patient.pk)).exists()


def test_the_editor_shows_exdose_checks_problems_with_line_numbers(
    patient_a: Any, clinic_a: Any, hip_text: str
) -> None:
    client = _signed_in(clinic_a.user)
    broken = hip_text.replace("minutes: 60", "minutes: sixty", 1)
    line = next(i for i, x in enumerate(broken.splitlines(), 1) if "minutes: sixty" in x)
    response = client.post(
        reverse("web:new_programme", args=[patient_a.pk]),
        {"text": broken, "start_date": "2026-11-30", "why": ""},
    )
    page = response.content.decode()
    assert response.status_code == 200 and f"line {line}, column" in page
    assert patient_a.programmes.count() == 1  # nothing assigned
    fragment = client.post(reverse("web:check"), {"text": broken}).content.decode()
    assert f"line {line}:" in fragment
    ok = client.post(reverse("web:check"), {"text": hip_text}).content.decode()
    assert "CERT 19/19" in ok and "TIDieR 12/12" in ok


def test_the_dose_cell_parses_live(clinic_a: Any) -> None:
    client = _signed_in(clinic_a.user)
    good = client.get(reverse("web:dose"), {"dose": "3x8-12 @RIR2 rest 90s"}).content.decode()
    assert "3 sets of 8-12 repetitions, with 2 repetitions in reserve" in good
    assert "90 s rest between sets" in good
    bad = client.get(reverse("web:dose"), {"dose": "3x8-12 @RUR2"}).content.decode()
    assert "column 8" in bad


def test_assigning_from_a_template_starts_version_one(
    patient_a: Any, clinic_a: Any, hip_text: str
) -> None:
    client = _signed_in(clinic_a.user)
    page = client.get(reverse("web:new_programme", args=[patient_a.pk]), {"template": "hip-thrust"})
    assert "Hip-thrust glute hypertrophy programme" in page.content.decode()
    client.post(
        reverse("web:new_programme", args=[patient_a.pk]),
        {"text": hip_text, "start_date": "2026-12-07", "why": "new block"},
    )
    programme = patient_a.current_programme()
    assert programme.start_date == dt.date(2026, 12, 7)
    assert programme.current().number == 1 and programme.current().why == "new block"
    assert patient_a.programmes.filter(ended_at__isnull=False).count() == 1  # the old one ended


def test_importing_a_log_shows_read_and_skipped_rows(patient_a: Any, clinic_a: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    csv = (
        b"date,exercise,set,reps,weight,unit\n"
        b"2026-11-23,Barbell Hip Thrust,1,8,60,kg\n"
        b"2026-11-23,Barbell Hip Thrust,2,eight,60,kg\n"
        b"2026-13-40,Barbell Hip Thrust,3,8,60,kg\n"
    )
    client = _signed_in(clinic_a.user)
    response = client.post(
        reverse("web:import", args=[patient_a.pk]),
        {"file": SimpleUploadedFile("mine.csv", csv), "kind": "log"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Read 1 set (exdose-csv)" in page
    assert "row 2" in page and "row 3" in page  # every skipped row, with its reason
    assert patient_a.sets.count() == 1


def test_a_patient_logs_a_set_once_even_when_the_phone_retries(patient_a: Any) -> None:
    client = _signed_in(patient_a.user)
    page = client.get(reverse("web:me_session", args=[1, 1]), {"date": "2026-11-23"})
    html = page.content.decode()
    assert 'value="60.0"' in html and 'value="8"' in html  # the plan prefilled
    body = {
        "client_key": "w1d1-2026-11-23-hip-thrust-1",
        "date": "2026-11-23",
        "session": "A",
        "exercise": "hip-thrust",
        "exercise_name": "Barbell hip thrust",
        "set_number": 1,
        "reps": 9,
        "load_kg": 60,
        "rir": 3,
    }
    first = client.post(reverse("web:me_set"), body)
    again = client.post(reverse("web:me_set"), body)
    assert first.json()["created"] is True and again.json()["created"] is False
    assert patient_a.sets.count() == 1 and patient_a.sets.get().reps == 9
    bad = client.post(reverse("web:me_set"), dict(body, client_key="x", reps=-1))
    assert bad.status_code == 422


def test_the_morning_after_a_session_asks_for_next_morning_pain(patient_a: Any) -> None:
    from django.utils import timezone

    from exdose.web import records

    yesterday = timezone.localdate() - dt.timedelta(days=1)
    records.record_sets(
        patient_a,
        [
            {
                "client_key": "k",
                "date": yesterday,
                "session": "A",
                "exercise": "hip-thrust",
                "exercise_name": "Barbell hip thrust",
                "set_number": 1,
                "reps": 8,
                "load_kg": 60,
            }
        ],
        None,
    )
    client = _signed_in(patient_a.user)
    assert 'id="morning"' in client.get("/me/").content.decode()
    client.post(
        reverse("web:me_pain"),
        {
            "client_key": f"morning-{yesterday}",
            "date": yesterday.isoformat(),
            "region": "low back",
            "next_morning": 6,
            "stiffness": 3,
        },
    )
    rating = patient_a.pain.get()
    assert (rating.next_morning, rating.stiffness, rating.region) == (6, 3, "low back")
    assert 'id="morning"' not in client.get("/me/").content.decode()


def test_patient_pages_are_in_the_patients_language(patient_a: Any) -> None:
    patient_a.language = "nb"
    patient_a.save()
    page = _signed_in(patient_a.user).get("/me/")
    assert page["Content-Language"] == "nb"
    assert "Denne uken" in page.content.decode()
    patient_a.language = "sv"
    patient_a.save()
    assert "Den här veckan" in _signed_in(patient_a.user).get("/me/").content.decode()


def test_an_invite_link_works_once(patient_a: Any, clinic_a: Any) -> None:
    from exdose.web.models import Patient

    client = _signed_in(clinic_a.user)
    page = client.post(reverse("web:invite_patient", args=[patient_a.pk])).content.decode()
    link = page.split('id="invite-link">')[1].split("<")[0]
    path = "/" + link.split("/", 3)[3]
    assert "data:image/svg+xml" in page  # the QR code
    newcomer = Client()
    response = newcomer.post(
        path, {"password": "kari-new-password-9", "password2": "kari-new-password-9"}
    )
    assert response["Location"] == "/me/"
    assert Patient.objects.get(pk=patient_a.pk).user.check_password("kari-new-password-9")
    assert Client().get(path).status_code == 404  # used


def test_a_patient_can_export_everything(patient_a: Any, week_one: Any) -> None:
    from exdose.web import records

    records.record_sets(patient_a, week_one(patient_a), None)
    client = _signed_in(patient_a.user)
    data = client.get(reverse("web:me_export")).json()
    assert len(data["sets"]) == 12 and data["programmes"][0]["versions"][0]["number"] == 1
    csv = client.get(reverse("web:me_csv")).content.decode().splitlines()
    assert csv[0].startswith("date,session,exercise,set") and len(csv) == 13
    # a clinician's answer to a proposal is the patient's data too
    decision = records.dismiss(patient_a, None, "wait one more week")
    data = client.get(reverse("web:me_export")).json()
    assert [(d["status"], d["note"], d["decision"]) for d in data["decisions"]] == [
        ("dismissed", "wait one more week", decision.decision)
    ]
    assert data["imports"] == []


def test_the_demo_clinic_loads_with_its_logs(db: Any) -> None:
    from exdose.web.demo import load_demo
    from exdose.web.models import Patient

    logins = load_demo()
    assert [x.role for x in logins] == ["clinician", "patient", "patient"]
    lifter = Patient.objects.get(email="lifter@demo.exdose")
    assert lifter.sets.count() == 196 and lifter.pain.count() > 0
    client = _signed_in(lifter.clinic.members.get().user)
    page = client.get(reverse("web:patient", args=[lifter.pk])).content.decode()
    assert "22 of 24 planned supervised sessions" in page
    assert load_demo() == logins  # a second start finds it

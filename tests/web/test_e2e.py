"""End to end in headless Chromium (Debian's, never a downloaded browser): a clinician creates
the clinic, a patient and a hip-thrust programme and assigns it; the patient, on a 390x844
phone, logs two sessions with pain and next-morning pain; the clinician sees them in fidelity
and the charts, gets the reduce proposal and accepts it; the patient sees the new dose.
Screenshots of every step go to out/web/e2e-*.png."""

from __future__ import annotations

import datetime as dt
import os
import re
import secrets
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
OUT = Path(__file__).resolve().parents[2] / "out" / "web"

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")


@pytest.fixture
def browser() -> Any:
    playwright_api = pytest.importorskip("playwright.sync_api")
    # Playwright's sync API runs an event loop in this thread; the ORM calls below are plain
    # synchronous test code, so Django's async guard is lifted for this test only.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def _shot(page: Any, name: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(OUT / f"e2e-{name}.png"), full_page=True)


@pytest.mark.django_db(transaction=True)
def test_clinician_to_patient_and_back(live_server: Any, browser: Any, settings: Any) -> None:
    from django.utils import timezone

    from exdose.web.models import Patient, PerformedSet

    base = live_server.url
    token = secrets.token_urlsafe(16)
    (settings.DATA_DIR / "setup_token").write_text(token, encoding="utf-8")
    today = timezone.localdate()
    start = today - dt.timedelta(days=today.weekday() + 7)  # the Monday of last week

    clinician = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    clinician.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    clinician.goto(f"{base}/setup/{token}/")
    clinician.fill("#id_clinic", "Fjord Physio")
    clinician.fill("#id_email", "physio@fjord.test")
    clinician.fill("#id_password", "fjord-physio-pass-1")
    clinician.fill("#id_password2", "fjord-physio-pass-1")
    clinician.click("button[type=submit]")
    clinician.wait_for_url(f"{base}/clinic/")
    clinician.fill("#id_name", "Kari Nordmann")
    clinician.fill("#id_email", "kari@fjord.test")
    clinician.click("#new-patient button[type=submit]")
    clinician.wait_for_url(re.compile(r".*/clinic/patients/\d+/$"))
    _shot(clinician, "01-new-patient")

    clinician.click("#new-programme")
    clinician.wait_for_selector("#cert-score")
    clinician.fill("#dose-cell", "3x8-12 @RIR2 rest 90s")
    clinician.wait_for_selector("#dose-result .ok")
    assert "3 sets of 8-12 repetitions" in clinician.inner_text("#dose-result")
    assert clinician.inner_text("#cert-score") == "CERT 19/19"
    clinician.fill("#id_start_date", start.isoformat())
    _shot(clinician, "02-programme-editor")
    clinician.click("#save-programme")
    clinician.wait_for_url(re.compile(r".*/clinic/patients/\d+/$"))
    clinician.click("#invite")
    link = clinician.inner_text("#invite-link").strip()
    _shot(clinician, "03-invite")

    phone = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    patient = phone.new_page()
    patient.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    patient.goto(link)
    patient.fill("#id_password", "kari-trains-hard-2")
    patient.fill("#id_password2", "kari-trains-hard-2")
    patient.click("button[type=submit]")
    patient.wait_for_url(f"{base}/me/")
    _shot(patient, "04-patient-today")

    for day, (during, after) in ((1, (2, 3)), (2, (4, 5))):
        patient.goto(f"{base}/me/")
        patient.click(f"#session-1-{day}")
        patient.wait_for_selector("form.set")
        forms = patient.locator("form.set")
        for i in range(forms.count()):
            forms.nth(i).locator("button").click()
            patient.wait_for_selector(f"form.set.saved >> nth={i}")
        if day == 1:
            assert patient.is_visible("#rest-timer")
            _shot(patient, "05-session-logged")
        patient.fill("#id_during", str(during))
        patient.fill("#id_after", str(after))
        patient.fill("#id_region", "low back")
        patient.click("#finish-session")
        patient.wait_for_url(f"{base}/me/")
    kari = Patient.objects.get(name="Kari Nordmann")
    # session A: hip thrust 3 + RDL 2 + abduction 2; session B: hip thrust 3 + split squat 2
    assert PerformedSet.objects.filter(patient=kari).count() == 12
    patient.wait_for_selector("#morning")
    _shot(patient, "06-next-morning")
    patient.fill("#id_next_morning", "6")
    patient.fill("#id_stiffness", "4")
    patient.click("#morning button[type=submit]")
    patient.wait_for_url(f"{base}/me/")
    assert not patient.is_visible("#morning")

    clinician.goto(f"{base}/clinic/patients/{kari.pk}/")
    sentence = clinician.inner_text("#fidelity-sentence")
    assert "2 of 2 planned supervised sessions were attended (100%)" in sentence
    assert "12 of 12 prescribed working sets" in sentence
    assert clinician.inner_text("#proposal-decision").strip().lower() == "reduce"
    _shot(clinician, "07-fidelity-and-proposal")
    clinician.click("#accept")
    clinician.wait_for_url(re.compile(r".*/clinic/patients/\d+/$"))
    programme = kari.current_programme()
    assert programme is not None and programme.current().number == 2
    assert programme.current().what.startswith("reduce from week 2")
    _shot(clinician, "08-accepted")

    patient.goto(f"{base}/me/session/2/1/?date={today.isoformat()}")
    patient.wait_for_selector("form.set")
    _shot(patient, "09-new-dose")
    page_text = patient.inner_text("main")
    change = programme.current().what
    assert "Romanian deadlift" in change and "1 sets" in change
    rdl = patient.locator("section.exercise", has_text="Romanian deadlift")
    assert rdl.locator("form.set").count() == 1  # 2 sets a session before, 1 after
    assert "Barbell hip thrust" in page_text
    assert not [e for e in errors if "Content Security Policy" in e], errors

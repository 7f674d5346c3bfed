"""Clinician pages in Norwegian (nb) and Swedish (sv): the clinician's chosen language (saved on
their membership), else the browser's; every heading of the pages translated."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from exdose.web import records
from exdose.web.models import LogImport

STRONG = (Path(__file__).resolve().parents[2] / "examples" / "logs" / "strong.csv").read_bytes()


class _Headings(HTMLParser):
    """The text of every h1, h2 and h3 (and the page title), in order."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._depth = 0
        self._parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in ("h1", "h2", "h3", "title"):
            self._depth += 1
            self._parts = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("h1", "h2", "h3", "title") and self._depth:
            self._depth -= 1
            self.found.append(" ".join("".join(self._parts).split()))

    def handle_data(self, data: str) -> None:
        if self._depth:
            self._parts.append(data)


def headings(html: str) -> list[str]:
    parser = _Headings()
    parser.feed(html)
    return parser.found


def _client(user: Any, language: str = "", accept: str = "en") -> Client:
    membership = user.membership
    membership.language = language
    membership.save(update_fields=["language"])
    client = Client(HTTP_ACCEPT_LANGUAGE=accept)
    client.force_login(user)
    return client


@pytest.fixture
def busy_patient(patient_a: Any, clinic_a: Any, week_one: Any) -> Any:
    """Pat A with week 1 logged, a red flag, and an import with an unmatched name."""
    records.record_sets(patient_a, week_one(patient_a), clinic_a.user)
    records.record_pain(
        patient_a,
        {"client_key": "p1", "date": "2026-11-24", "during": 3, "red_flag": True},
        clinic_a.user,
    )
    records.import_log(patient_a, STRONG, "strong.csv", clinic_a.user)
    return patient_a


def _pages(patient: Any) -> list[str]:
    record = LogImport.objects.get(patient=patient)
    return [
        reverse("web:patients"),
        reverse("web:patient", args=[patient.pk]),
        reverse("web:import_detail", args=[record.pk]),
        reverse("web:aliases"),
        reverse("web:arms"),
        reverse("web:new_programme", args=[patient.pk]),
    ]


# What a heading may keep from English: the patient's and the programme's names and the
# checklists' names
KEPT = ("Pat A", "English", "CERT", "TIDieR", "exdose", "strong")


@pytest.mark.parametrize("language", ["nb", "sv"])
def test_every_heading_of_the_clinician_pages_is_translated(
    language: str, busy_patient: Any, clinic_a: Any
) -> None:
    for url in _pages(busy_patient):
        en_page = _client(clinic_a.user).get(url)  # one clinician: English, then the language
        page = _client(clinic_a.user, language).get(url)
        assert page.status_code == en_page.status_code == 200, url
        assert page["Content-Language"] == language
        assert f'<html lang="{language}">' in page.content.decode()
        en, local = headings(en_page.content.decode()), headings(page.content.decode())
        assert len(en) == len(local) and len(en) >= 2, (url, en, local)
        for english_text, local_text in zip(en, local, strict=True):
            rest = english_text
            for kept in KEPT:
                rest = rest.replace(kept, "")
            if not any(ch.isalpha() for ch in rest):
                continue  # a heading of names only (the patient's name and language)
            assert local_text != english_text, (url, english_text)


def test_the_main_headings_in_norwegian_and_swedish(busy_patient: Any, clinic_a: Any) -> None:
    url = reverse("web:patient", args=[busy_patient.pk])
    nb = headings(_client(clinic_a.user, "nb").get(url).content.decode())
    sv = headings(_client(clinic_a.user, "sv").get(url).content.decode())
    for expected in (
        "Rødt flagg",
        "Denne uken",
        "Neste uke",
        "Gjennomføring (CERT 16b / TIDieR 12)",
        "Etterlevelse, planlagt mot gjort",
        "Belastningsdiagrammer",
        "Sett per muskel per uke mot planen",
        "Akutt og kronisk belastning (beskrivende)",
        "Importerte logger",
        "Versjoner",
        "Nedlastinger",
    ):
        assert expected in nb, expected
    for expected in (
        "Röd flagga",
        "Den här veckan",
        "Nästa vecka",
        "Genomförande (CERT 16b / TIDieR 12)",
        "Belastningsdiagram",
        "Set per muskel och vecka mot planen",
        "Akut och kronisk belastning (beskrivande)",
        "Importerade loggar",
        "Nedladdningar",
    ):
        assert expected in sv, expected
    # the library's muscle names and load basis, in the charts' tables and notes
    nb_page = _client(clinic_a.user, "nb").get(url).content.decode()
    assert '<th scope="col">setemuskler, gjort / planlagt</th>' in nb_page
    assert "Daglig belastning: volumbelastning (kg; repetisjoner" in nb_page
    record = LogImport.objects.get(patient=busy_patient)
    page = _client(clinic_a.user, "sv").get(reverse("web:import_detail", args=[record.pk]))
    assert "1 namn som biblioteket inte hittade" in headings(page.content.decode())


def test_the_language_is_the_clinicians_choice_else_the_browsers(clinic_a: Any) -> None:
    client = _client(clinic_a.user, "", accept="sv")
    page = client.get(reverse("web:patients"))
    assert "Patienter" in headings(page.content.decode())  # from Accept-Language
    answer = client.post(reverse("web:clinic_language"), {"language": "nb", "next": "/clinic/"})
    assert answer.status_code == 302 and answer["Location"] == "/clinic/"
    clinic_a.user.membership.refresh_from_db()
    assert clinic_a.user.membership.language == "nb"
    page = client.get(reverse("web:patients"))  # the choice wins over the browser's
    assert "Pasienter" in headings(page.content.decode())
    assert client.post(reverse("web:clinic_language"), {"language": "de"}).status_code == 400
    away = client.post(reverse("web:clinic_language"), {"language": "", "next": "https://x.test/"})
    assert away["Location"] == reverse("web:patients")  # never sent off the site
    assert "Patienter" in headings(client.get(reverse("web:patients")).content.decode())


def test_a_patients_pages_stay_in_the_patients_language(busy_patient: Any, clinic_a: Any) -> None:
    busy_patient.language = "sv"
    busy_patient.save(update_fields=["language"])
    _client(clinic_a.user, "nb")  # the clinician's choice does not touch the patient's
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(busy_patient.user)
    page = client.get(reverse("web:me"))
    assert page["Content-Language"] == "sv"


def test_the_import_upload_page_in_swedish(patient_a: Any, clinic_a: Any) -> None:
    client = _client(clinic_a.user, "sv")
    page = client.post(
        reverse("web:import", args=[patient_a.pk]),
        {"file": SimpleUploadedFile("strong.csv", STRONG), "kind": "log"},
    ).content.decode()
    assert "Importera en logg för Pat A" in headings(page)
    assert "Läste 196 set (strong)" in headings(page)

"""The builder while a structure change is posted: the answer replaces the whole form, so its
fields are disabled until it arrives (text typed meanwhile would otherwise be lost), and the
cells' own live requests (the dose in words) leave the fields as they are. In Chromium."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")


@pytest.fixture
def page(live_server: Any, clinic_a: Any, patient_a: Any) -> Any:
    playwright_api = pytest.importorskip("playwright.sync_api")
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(clinic_a.user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
        )
        tab = context.new_page()
        tab.goto(f"{live_server.url}/clinic/patients/{patient_a.pk}/programme/build")
        tab.wait_for_selector("#cert-score")
        yield tab
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def _held(page: Any, predicate: Any) -> list[Any]:
    """Hold the builder's form posts matching `predicate` until released; returns the list the
    held routes are put in."""
    held: list[Any] = []

    def hold(route: Any) -> None:
        if route.request.method == "POST" and predicate(route.request.url):
            held.append(route)
        else:
            route.continue_()

    page.route("**/*", hold)
    return held


@pytest.mark.django_db(transaction=True)
def test_fields_are_disabled_while_a_structure_change_is_posted(page: Any) -> None:
    held = _held(page, lambda url: url.endswith("/programme/build"))
    page.click("#add-phases-0-sessions-0-exercise")
    deadline = time.monotonic() + 10
    while not held and time.monotonic() < deadline:
        page.wait_for_timeout(50)
    assert held, "the add button posted the form"
    assert page.eval_on_selector("#builder-fields", "f => f.disabled")
    assert page.is_disabled("#f-phases-0-sessions-0-minutes")  # no typing into a field to be lost
    held[0].continue_()
    page.wait_for_selector("#f-phases-0-sessions-0-exercises-1-exercise")
    assert not page.eval_on_selector("#builder-fields", "f => f.disabled")
    page.fill("#f-phases-0-sessions-0-minutes", "45")  # editable again
    assert page.input_value("#f-phases-0-sessions-0-minutes") == "45"


@pytest.mark.django_db(transaction=True)
def test_a_cells_live_check_leaves_the_fields_editable(page: Any) -> None:
    page.unroute("**/*")
    with page.expect_response(lambda r: "/clinic/builder/dose" in r.url):
        page.fill("#f-phases-0-sessions-0-exercises-0-dose", "3x8 @RIR2")
    assert not page.eval_on_selector("#builder-fields", "f => f.disabled")
    assert page.is_editable("#f-phases-0-sessions-0-exercises-0-dose")

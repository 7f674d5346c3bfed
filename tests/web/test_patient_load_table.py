"""The clinician's "Load by week" table on the patient page: a week's flags are sentences, so
each sits on a line of its own in a full-width row under its week, not in a narrow last column;
and the table fits its card on a 1280 px screen and on a 390 px phone."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from django.test import Client
from django.urls import reverse

CHROMIUM = Path("/usr/bin/chromium")


def _demo_lifter_page() -> str:
    from exdose.web.demo import load_demo
    from exdose.web.models import Patient

    load_demo()
    lifter = Patient.objects.get(email="lifter@demo.exdose")
    client = Client()
    client.force_login(lifter.clinic.members.get().user)
    return client.get(reverse("web:patient", args=[lifter.pk])).content.decode()


def test_each_flag_is_a_line_in_a_row_under_its_week(db: Any) -> None:
    table = lxml.html.fromstring(_demo_lifter_page()).get_element_by_id("load-weeks")
    header = [th.text_content() for th in table.iter("th")]
    assert header == ["Week of", "Sessions", "Glute sets", "Volume kg", "sRPE load"]
    rows = table.findall("tbody/tr")
    weeks = [r for r in rows if r.get("class") != "flags"]
    assert [r[0].text_content() for r in weeks][:4] == [
        "2026-01-05",
        "2026-01-12",
        "2026-01-19",
        "2026-01-26",
    ]
    assert len(weeks) == 12
    flags = {
        rows[i - 1][0].text_content(): [li.text_content() for li in row.iter("li")]
        for i, row in enumerate(rows)
        if row.get("class") == "flags"
    }
    # From the table's own numbers: volume 4125 -> 4660 kg is +13% (a caution above 10%);
    # 4660 -> 7245 kg is +55% and glute sets 8 -> 12 are +50% (spikes at 15% or more).
    assert flags["2026-01-19"] == ["caution: volume load +13% (>10%)"]
    assert flags["2026-01-26"][:2] == [
        "spike: volume load +55% (>=15%)",
        "spike: glutes sets +50% (>=15%)",
    ]
    assert "2026-01-12" not in flags  # a week without flags has no flag row
    assert all(row[0].get("colspan") == "5" for row in rows if row.get("class") == "flags")


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")
@pytest.mark.django_db(transaction=True)
def test_the_table_fits_its_card_at_1280_and_390_px(live_server: Any) -> None:
    playwright_api = pytest.importorskip("playwright.sync_api")
    from exdose.web.demo import DEMO_PASSWORD, load_demo

    logins = load_demo()
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with playwright_api.sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox"]
            )
            for width in (1280, 390):
                page = browser.new_page(viewport={"width": width, "height": 900})
                page.goto(f"{live_server.url}/login/")
                page.fill("input[type=email], input[name=username]", logins[0].email)
                page.fill("input[type=password]", DEMO_PASSWORD)
                page.click("button[type=submit]")
                page.wait_for_load_state("networkidle")
                page.click("text=Kari Nordmann")
                page.wait_for_selector("#load-weeks")
                fit = page.evaluate(
                    """() => {
                      const lines = (e) => {
                        const text = document.createRange();
                        text.selectNodeContents(e.firstChild);  // a text node: a rect per line
                        return text.getClientRects().length;
                      };
                      const table = document.getElementById('load-weeks');
                      const box = table.parentElement, card = box.closest('.card');
                      const main = document.querySelector('main');
                      return {table: table.scrollWidth, box: box.clientWidth,
                              card: card.getBoundingClientRect().right,
                              main: main.getBoundingClientRect().right
                                - parseFloat(getComputedStyle(main).paddingRight),
                              weekLines: lines(table.querySelector('td.week')),
                              flagLines: lines(table.querySelector('tr.flags li'))};
                    }"""
                )
                assert fit["table"] <= fit["box"], (width, fit)  # no sideways scrolling
                assert fit["card"] <= fit["main"] + 0.5, (width, fit)  # the card stays in the page
                assert fit["weekLines"] == 1, (width, fit)  # "2026-01-05" whole
                assert fit["flagLines"] == 1, (width, fit)  # "caution: ... (>10%)" on one line
                page.close()
            browser.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)

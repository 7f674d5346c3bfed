"""End to end in headless Chromium (Debian's, never a downloaded browser): the owner uploads the
six bundled reports as a zip and confirms the three suggested studies, two reviewers verify a
study with the keyboard, the conflict screen shows their disagreements, the owner resolves them,
and the summary, heatmap and CSV download. Screenshots go to out/web/review/."""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from review_helpers import PASSWORD, REPORTS

CHROMIUM = Path("/usr/bin/chromium")
OUT = Path(__file__).resolve().parents[2] / "out" / "web" / "review"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def browser() -> Any:
    sync_api = pytest.importorskip("playwright.sync_api")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # the ORM runs beside Playwright's loop
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


def _sign_in(browser: Any, base: str, email: str) -> Any:
    page = browser.new_context(
        viewport={"width": 1440, "height": 900}, accept_downloads=True
    ).new_page()
    page.goto(f"{base}/login/?next=/review/")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/review/")
    return page


def _shot(page: Any, name: str, full: bool = False) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(OUT / f"{name}.png"), full_page=full)


def _verify_with_keys(page: Any, keys: list[str]) -> None:
    for key in keys:
        page.keyboard.press(key)
    # arrow functions: Playwright compiles them outside the page, so the page's CSP (no eval) holds
    page.wait_for_function("() => document.querySelectorAll('li.item.done').length === 31")
    page.wait_for_function(
        "() => ![...document.querySelectorAll('li.item .state')]"
        ".some(s => s.textContent.startsWith('saving'))"
    )


def test_two_reviewers_verify_reconcile_and_download(
    browser: Any,
    live_server: Any,
    people: dict[str, Any],
    run_jobs: Callable[[], None],
    tmp_path: Path,
) -> None:
    base = live_server.url
    olga = _sign_in(browser, base, "olga@review.test")
    olga.fill("input[name=name]", "Hypopressive exercise review")
    olga.click("text=Create")
    olga.wait_for_selector("h1:has-text('Hypopressive exercise review')")
    for email in ("rita@review.test", "raj@review.test"):
        olga.fill("input[name=email]", email)
        olga.click("text=Add member")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(REPORTS.glob("*.txt")):
            archive.writestr(f"reports/{path.name}", path.read_bytes())
    bundle = tmp_path / "six-reports.zip"
    bundle.write_bytes(buffer.getvalue())
    olga.set_input_files("input[type=file]", str(bundle))
    olga.click("text=Upload and rate")
    olga.wait_for_selector("#reports .pill:has-text('queued')")
    _shot(olga, "01-queued")
    run_jobs()
    olga.wait_for_function(
        "() => document.querySelectorAll('#reports .pill').length === 6 && "
        "[...document.querySelectorAll('#reports .pill')].every(p => p.textContent === 'rated')",
        timeout=20000,
    )
    olga.reload()
    assert olga.locator("text=Confirm: one study").count() == 3
    _shot(olga, "02-rated-with-suggestions", full=True)
    for _ in range(3):
        olga.locator("text=Confirm: one study").first.click()
        olga.wait_for_load_state()
    assert olga.locator("span.pill:has-text('confirmed')").count() == 3
    _shot(olga, "03-three-studies", full=True)
    study_link = olga.locator("table a:has-text('Protocol_014')").first
    study_url = study_link.get_attribute("href")

    rita = _sign_in(browser, base, "rita@review.test")
    rita.goto(base + study_url)
    rita.wait_for_selector("li.item.current")
    _shot(rita, "04-verify-start")
    # Rita accepts exdose on every item but says "no" to CERT 1 and "not applicable" to TIDieR 12
    _verify_with_keys(rita, ["n"] + ["Enter"] * 29 + ["a"])
    rita.keyboard.press("k")
    rita.keyboard.press("k")
    _shot(rita, "05-verify-rated")
    rita.click("#finish")
    rita.wait_for_selector("text=finished")

    raj = _sign_in(browser, base, "raj@review.test")
    raj.goto(base + study_url)
    assert "rita@review.test" not in raj.content()  # blind until both finished
    _verify_with_keys(raj, ["y"] * 31)
    raj.click("#finish")
    raj.wait_for_selector("text=complete (ratings revealed)")
    _shot(raj, "06-revealed")

    olga.goto(f"{base}{study_url.rsplit('/studies/', 1)[0]}/conflicts")
    rows = olga.locator("table.conflicts tr.open")
    count = rows.count()
    assert count >= 2  # CERT 1 and TIDieR 12 at least; others where exdose said no
    _shot(olga, "07-conflicts", full=True)
    for _ in range(count):
        form = olga.locator("table.conflicts tr.open form.final").first
        form.locator("select").select_option("yes")
        form.locator("input[name=note]").fill("checked in the results paper")
        form.locator("button").click()
        olga.wait_for_load_state()
    assert olga.locator("table.conflicts tr.open").count() == 0
    _shot(olga, "08-resolved", full=True)

    olga.click("header nav >> text=Outputs")
    olga.wait_for_selector("img.heatmap")
    _shot(olga, "09-outputs", full=True)
    with olga.expect_download() as png:
        olga.click("text=PNG")
    png_path = tmp_path / "heatmap.png"
    png.value.save_as(png_path)
    assert png_path.read_bytes().startswith(b"\x89PNG")
    (OUT / "heatmap.png").write_bytes(png_path.read_bytes())
    with olga.expect_download() as table:
        olga.locator("a:has-text('CSV')").first.click()
    csv_path = tmp_path / "final.csv"
    table.value.save_as(csv_path)
    lines = csv_path.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("document,doc_type,arm,checklist,item,reported") and len(lines) == 32


def test_pdf_report_pages_on_the_verification_screen(
    browser: Any, live_server: Any, people: dict[str, Any], run_jobs: Callable[[], None]
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from test_pdf import _pdf

    from exdose.web.review import records

    project = records.create_project(people["olga"], "PDF review")
    records.upload(project, people["olga"], [SimpleUploadedFile("pamela.pdf", _pdf())])
    run_jobs()
    report = project.reports.get()
    assert report.status == "rated"
    olga = _sign_in(browser, live_server.url, "olga@review.test")
    olga.goto(f"{live_server.url}/review/{project.pk}/studies/{report.study_id}/")
    olga.wait_for_selector("img.page")
    olga.locator("img.page").nth(3).scroll_into_view_if_needed()
    olga.wait_for_function(
        "() => [...document.querySelectorAll('img.page')].slice(0, 4)"
        ".every(i => i.complete && i.naturalWidth > 0)"
    )
    _shot(olga, "10-pdf-pages")

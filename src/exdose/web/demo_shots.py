"""`make demo` for the web app: build the demo clinic under OUT/demo-data, start `exdose serve
--demo` on a free loopback port, fetch the main pages, screenshot them in headless Chromium
(Debian's /usr/bin/chromium) into OUT/demo-*.png, and stop the server.

    python -m exdose.web.demo_shots out/web
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(url: str, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the server did not answer {url} within {seconds:.0f} s")


def _screenshots(base: str, out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    from exdose.web.demo import DEMO_PASSWORD

    shots: list[Path] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        desk = browser.new_page(viewport={"width": 1280, "height": 900})
        desk.set_default_timeout(120_000)  # a fresh server's first pages import the library

        def shot(page: object, name: str) -> None:
            path = out / f"demo-{name}.png"
            page.screenshot(path=str(path), full_page=True)  # type: ignore[attr-defined]
            shots.append(path)

        desk.goto(f"{base}/login/")
        shot(desk, "01-login")
        desk.fill("#id_email", "physio@demo.exdose")
        desk.fill("#id_password", DEMO_PASSWORD)
        desk.click("button[type=submit]")
        desk.wait_for_url(f"{base}/clinic/")
        shot(desk, "02-patients")
        desk.click("text=Kari Nordmann (lifter)")
        desk.wait_for_selector("#fidelity")
        shot(desk, "03-patient")
        patient_url = desk.url
        desk.click("#edit-programme")
        desk.wait_for_selector("#cert-score")
        shot(desk, "04-programme-builder")
        desk.goto(patient_url + "import")
        shot(desk, "05-import")
        # the lifter's Strong export uploaded again, as a weekly export would repeat it: every
        # set is found stored already and none is stored twice
        from exdose.web import services

        desk.set_input_files("#file", str(services.EXAMPLES_DIR / "logs" / "strong.csv"))
        desk.click("button[type=submit]:text-is('Upload')")
        desk.wait_for_selector("#import-result")
        shot(desk, "05b-import-again")
        phone = browser.new_context(
            viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
        ).new_page()
        phone.set_default_timeout(120_000)
        phone.goto(f"{base}/login/")
        phone.fill("#id_email", "lifter@demo.exdose")
        phone.fill("#id_password", DEMO_PASSWORD)
        phone.click("button[type=submit]")
        phone.wait_for_url(f"{base}/me/")
        shot(phone, "06-patient-today")
        phone.goto(f"{base}/me/session/1/1/?date=2026-01-05")
        shot(phone, "07-patient-session")
        phone.goto(f"{base}/me/history")
        shot(phone, "08-patient-history")
        browser.close()
    return shots


def main(argv: list[str]) -> int:
    """Build the demo, screenshot it, stop; print what was written."""
    out = Path(argv[0] if argv else "out/web").resolve()
    out.mkdir(parents=True, exist_ok=True)
    data = out / "demo-data"
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("EXDOSE_", "DJANGO_"))}
    env["PYTHONPATH"] = os.pathsep.join(
        [str(Path(__file__).resolve().parents[2]), env.get("PYTHONPATH", "")]
    )
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "exdose",
            "serve",
            "--demo",
            "--data",
            str(data),
            "--port",
            str(port),
            "--workers",
            "1",
        ],
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(f"{base}/healthz")
        if not CHROMIUM.exists():
            print("no /usr/bin/chromium: pages answered, no screenshots (apt-get install chromium)")
            return 0
        for path in _screenshots(base, out):
            print(f"wrote {path}")
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"open it yourself: exdose serve --demo --data {data}  (then http://127.0.0.1:8000/)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

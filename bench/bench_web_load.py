"""Load benchmark of the web app, loopback only and bounded in time and requests.

Starts `exdose serve` on a free 127.0.0.1 port with a fresh data folder (SQLite) or, with
--database-url, against a PostgreSQL database (it is migrated; its exdose tables gain a bench
clinic), creates N patients with programmes and API tokens' worth of data, then for --seconds
runs simulated patients posting sets (one POST /me/sets per set, each with its own client key)
and clinicians opening patient pages, in threads. Prints requests/s and p50/p95 latency per kind.

    PYTHONPATH=src python bench/bench_web_load.py --patients 50 --seconds 60
    PYTHONPATH=src python bench/bench_web_load.py --database-url postgresql://postgres@127.0.0.1/exdose_bench
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "bench-password-2026"
MAX_REQUESTS = 200_000  # a hard bound whatever the duration


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _env(data: Path, url: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("EXDOSE_", "DJANGO_"))}
    env["PYTHONPATH"] = str(ROOT / "src")
    env["EXDOSE_DATA"] = str(data)
    env["DJANGO_SETTINGS_MODULE"] = "exdose.web.settings"
    if url:
        env["EXDOSE_DATABASE_URL"] = url
    return env


SEED = r"""
import datetime as dt, sys
import django; django.setup()
from django.contrib.auth import get_user_model
from django.core.management import call_command
from exdose.web import records
from exdose.web.models import Clinic, Patient
from exdose.web.views_auth import create_clinic
call_command("migrate", verbosity=0)
n = int(sys.argv[1]); tag = sys.argv[2]
text = open(sys.argv[3], encoding="utf-8").read()
clinic, physio = create_clinic(f"bench {tag}", f"physio-{tag}@bench.test", "%(pw)s")
User = get_user_model()
today = dt.date.today(); monday = today - dt.timedelta(days=today.weekday())
for i in range(n):
    email = f"p{i}-{tag}@bench.test"
    p = Patient.objects.create(clinic=clinic, name=f"Bench patient {i}", email=email)
    p.user = User.objects.create_user(email, email, "%(pw)s"); p.save()
    records.assign(p, text, monday, physio)
    print(p.pk, email)
""".replace("%(pw)s", PASSWORD)


class Session:
    """A signed-in browser: cookies plus the CSRF token."""

    def __init__(self, base: str, email: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        page = self.opener.open(f"{base}/login/", timeout=30).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token, "no CSRF token on the sign-in page"
        self.post(
            "/login/", {"csrfmiddlewaretoken": token.group(1), "email": email, "password": PASSWORD}
        )

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "exdose_csrf")

    def get(self, path: str) -> int:
        with self.opener.open(self.base + path, timeout=30) as response:
            response.read()
            return int(response.status)

    def post(self, path: str, data: dict[str, object]) -> int:
        body = urllib.parse.urlencode(data).encode()
        request = urllib.request.Request(
            self.base + path,
            data=body,
            headers={
                "X-CSRFToken": self.csrf()
                if path != "/login/"
                else str(data.get("csrfmiddlewaretoken", "")),
                "Referer": self.base + "/",
            },
        )
        with self.opener.open(request, timeout=30) as response:
            response.read()
            return int(response.status)


def run(args: argparse.Namespace) -> dict[str, object]:
    data = Path(tempfile.mkdtemp(prefix="exdose-bench-"))
    env = _env(data, args.database_url)
    tag = str(int(time.time()))
    seeded = subprocess.run(
        [
            sys.executable,
            "-c",
            SEED,
            str(args.patients),
            tag,
            str(ROOT / "examples" / "hip-thrust.yaml"),
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    patients = [line.split() for line in seeded.stdout.splitlines() if line.strip()]
    port = _free_port()
    sizing = ["--workers", str(args.workers)] if args.workers else []
    sizing += ["--threads", str(args.threads)] if args.threads else []
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "exdose",
            "serve",
            "--data",
            str(data),
            "--port",
            str(port),
            *sizing,
            "--no-worker",
        ],
        env={**env, "EXDOSE_INSECURE_COOKIES": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2).read()
                break
            except OSError:
                time.sleep(0.3)
        timings: dict[str, list[float]] = {"log_set": [], "patient_page": []}
        errors: dict[str, int] = {"log_set": 0, "patient_page": 0}
        lock = threading.Lock()
        count = [0]
        # sign everyone in first, and open one page of each kind, so the first requests' imports
        # in a fresh server process are not timed
        sessions = [Session(base, email) for _, email in patients]
        physios = [Session(base, f"physio-{tag}@bench.test") for _ in range(args.clinicians)]
        for physio in physios:
            physio.get(f"/clinic/patients/{patients[0][0]}/")
        stop = time.monotonic() + args.warmup + args.seconds
        measure_from = time.monotonic() + args.warmup

        def record(kind: str, started: float, ok: bool) -> None:
            with lock:
                count[0] += 1
                if started >= measure_from:
                    if ok:
                        timings[kind].append(time.monotonic() - started)
                    else:
                        errors[kind] += 1

        def patient_loop(index: int, session: Session) -> None:
            n = 0
            while time.monotonic() < stop and count[0] < MAX_REQUESTS:
                n += 1
                started = time.monotonic()
                try:
                    status = session.post(
                        "/me/sets",
                        {
                            "client_key": f"bench-{tag}-{index}-{n}",
                            "date": time.strftime("%Y-%m-%d"),
                            "session": "A",
                            "exercise": "hip-thrust",
                            "exercise_name": "Barbell hip thrust",
                            "set_number": 1 + n % 4,
                            "reps": 8 + n % 5,
                            "load_kg": 60,
                            "rir": 2,
                        },
                    )
                    ok = status == 200
                except OSError:
                    ok = False
                record("log_set", started, ok)
                time.sleep(args.think)

        def clinician_loop(session: Session, ids: list[str]) -> None:
            n = 0
            while time.monotonic() < stop and count[0] < MAX_REQUESTS:
                started = time.monotonic()
                try:
                    ok = session.get(f"/clinic/patients/{ids[n % len(ids)]}/") == 200
                except OSError:
                    ok = False
                record("patient_page", started, ok)
                n += 1

        threads = [
            threading.Thread(target=patient_loop, args=(i, session))
            for i, session in enumerate(sessions)
        ]
        threads += [
            threading.Thread(target=clinician_loop, args=(physio, [pk for pk, _ in patients]))
            for physio in physios
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        server.terminate()
        server.wait(timeout=30)
    out: dict[str, object] = {
        "database": "postgresql" if args.database_url else "sqlite",
        "patients": args.patients,
        "clinicians": args.clinicians,
        "seconds": args.seconds,
        "workers": args.workers or "serve's default",
        "threads": args.threads or "serve's default",
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
    for kind, values in timings.items():
        values.sort()
        out[kind] = {
            "requests": len(values),
            "errors": errors[kind],
            "per_s": round(len(values) / args.seconds, 1),
            "p50_ms": round(statistics.median(values) * 1000, 1) if values else None,
            "p95_ms": round(values[int(0.95 * (len(values) - 1))] * 1000, 1) if values else None,
        }
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=50)
    parser.add_argument("--clinicians", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--warmup", type=float, default=10)
    parser.add_argument(
        "--think", type=float, default=1.0, help="seconds a simulated patient waits between sets"
    )
    parser.add_argument("--workers", type=int, default=None, help="server processes")
    parser.add_argument("--threads", type=int, default=None, help="threads per server process")
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    if args.seconds > 600 or args.patients > 500:
        parser.error("bounded: at most 600 s and 500 patients")
    print(json.dumps(run(args), indent=2))


if __name__ == "__main__":
    main()

"""CPU time per request of the web app's two hot paths, in one process (no server, no network).

On a machine shared with other busy processes, wall-clock latency says more about the
neighbours than about the code; the CPU time a request takes in this process does not. This
builds the demo clinic (Kari: the hip-thrust programme, 196 sets from examples/logs/strong.csv
and her pain diary) in a fresh data folder (SQLite) or in --database-url, signs in the
clinician and Kari with Django's test client (--database-url must name an empty database;
the PostgreSQL server's own CPU is not counted) and measures `time.process_time()` around:

- the patient page on a first view (nothing stored for the patient),
- the patient page right after Kari logs a set (the plan is unchanged, the rest is not),
- the patient page again with nothing changed,
- Kari logging one set (POST /me/sets).

Each is repeated --repeat times and the median printed in milliseconds (JSON).

    PYTHONPATH=src python bench/bench_web_cpu.py [--repeat 9] [--database-url postgresql://...]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from typing import Any


def _cpu_ms(action: Callable[[], Any]) -> float:
    started = time.process_time()
    action()
    return (time.process_time() - started) * 1000


def run(repeat: int, database_url: str | None) -> dict[str, Any]:
    os.environ["EXDOSE_DATA"] = tempfile.mkdtemp(prefix="exdose-bench-cpu-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "exdose.web.settings"
    os.environ["EXDOSE_INSECURE_COOKIES"] = "1"
    if database_url:
        os.environ["EXDOSE_DATABASE_URL"] = database_url
    import django

    django.setup()
    from django.apps import apps
    from django.core.management import call_command
    from django.test import Client

    from exdose.web.demo import DEMO_PASSWORD, load_demo
    from exdose.web.models import Clinic, Patient

    call_command("migrate", verbosity=0)
    if Clinic.objects.exists():
        raise SystemExit("--database-url must name an empty database (the demo is built in it)")
    load_demo()
    kari = Patient.objects.get(email="lifter@demo.exdose")
    stored = [
        m for m in apps.get_app_config("exdose_web").get_models() if m.__name__ == "DerivedResult"
    ]

    def forget() -> None:  # a first view: nothing stored for the patient
        for model in stored:
            model.objects.filter(patient=kari).delete()

    clinician, phone = Client(), Client()
    assert clinician.login(username="physio@demo.exdose", password=DEMO_PASSWORD)
    assert phone.login(username="lifter@demo.exdose", password=DEMO_PASSWORD)
    page = f"/clinic/patients/{kari.pk}/"
    tag = str(time.time_ns())
    count = [0]

    def view() -> None:
        assert clinician.get(page).status_code == 200

    def log_set() -> None:
        count[0] += 1
        response = phone.post(
            "/me/sets",
            {
                "client_key": f"cpu-{tag}-{count[0]}",
                "date": "2026-03-23",
                "session": "A",
                "exercise": "hip-thrust",
                "exercise_name": "Barbell hip thrust",
                "set_number": 1 + count[0] % 4,
                "reps": 8,
                "load_kg": 60,
                "rir": 2,
            },
        )
        assert response.status_code == 200

    view()  # imports and template loading out of the way
    log_set()
    first, after_set, unchanged, sets = [], [], [], []
    for _ in range(repeat):
        forget()
        first.append(_cpu_ms(view))
        sets.append(_cpu_ms(log_set))
        after_set.append(_cpu_ms(view))
        unchanged.append(_cpu_ms(view))
    return {
        "database": "postgresql" if database_url else "sqlite",
        "cache": bool(stored),
        "sets": kari.sets.count(),
        "repeat": repeat,
        "patient_page_first_view_ms": round(statistics.median(first), 1),
        "patient_page_after_a_new_set_ms": round(statistics.median(after_set), 1),
        "patient_page_unchanged_ms": round(statistics.median(unchanged), 1),
        "log_set_ms": round(statistics.median(sets), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    if not 1 <= args.repeat <= 200:
        parser.error("bounded: --repeat 1-200")
    print(json.dumps(run(args.repeat, args.database_url), indent=2))


if __name__ == "__main__":
    main()

"""How long the programme builder takes to answer, for the hip-thrust template (the largest
bundled example): the page, a structure post through htmx, the live completeness panel and one
dose cell. Django's test client in this process, SQLite in a temporary data folder.

Run: PYTHONPATH=src .venv/bin/python bench/bench_web_builder.py [--repeat 10]
Prints the median and the slowest of wall time and of this process's CPU time (the CPU figure
is what a request costs; wall time also counts other load on the machine).
"""

from __future__ import annotations

import argparse
import html
import os
import re
import statistics
import tempfile
import time
from collections.abc import Callable
from typing import Any


def _timed(call: Callable[[], Any], repeat: int) -> tuple[float, float, float, float]:
    wall, cpu = [], []
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        response = call()
        wall.append((time.perf_counter() - w) * 1000)
        cpu.append((time.process_time() - c) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"answered {response.status_code}")
    return statistics.median(wall), max(wall), statistics.median(cpu), max(cpu)


def main() -> None:
    """Time each builder request `--repeat` times and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=10)
    repeat = max(1, min(parser.parse_args().repeat, 200))
    with tempfile.TemporaryDirectory(prefix="exdose-bench-builder-") as data:
        os.environ["EXDOSE_DATA"] = data
        os.environ["DJANGO_SETTINGS_MODULE"] = "exdose.web.settings"
        os.environ["EXDOSE_INSECURE_COOKIES"] = "1"
        os.environ.pop("EXDOSE_DATABASE_URL", None)
        import django

        django.setup()
        from django.core.management import call_command
        from django.test import Client
        from django.urls import reverse

        from exdose.web.models import Patient
        from exdose.web.views_auth import create_clinic

        call_command("migrate", verbosity=0)
        clinic, user = create_clinic("Bench", "bench@clinic.test", "a-long-bench-password-7")
        patient = Patient.objects.create(clinic=clinic, name="Bench patient")
        client = Client()
        client.force_login(user)
        url = reverse("web:build_new", args=[patient.pk])
        page = client.get(url, {"template": "hip-thrust"}).content.decode()
        found = re.search(r'name="state" value="([^"]*)"', page)
        assert found is not None
        state = html.unescape(found[1])
        fields = len(re.findall(r'name="f\.', page))
        rows = [
            (
                "page (GET, hip-thrust template)",
                lambda: client.get(url, {"template": "hip-thrust"}),
            ),
            (
                "structure post (htmx)",
                lambda: client.post(
                    url, {"state": state, "tab": "structure", "op": "refresh"}, HTTP_HX_REQUEST="1"
                ),
            ),
            (
                "completeness panel",
                lambda: client.post(
                    reverse("web:build_check"), {"state": state, "tab": "delivery"}
                ),
            ),
            (
                "dose cell",
                lambda: client.get(reverse("web:build_dose"), {"f.x": "3x8-12 @RIR2 rest 90s"}),
            ),
        ]
        print(f"hip-thrust: {fields} fields on the structure tab, state {len(state)} characters")
        for name, call in rows:
            wall, wall_max, cpu, cpu_max = _timed(call, repeat)
            print(
                f"{name:34} wall median {wall:6.0f} ms (max {wall_max:5.0f}),"
                f" CPU median {cpu:6.0f} ms (max {cpu_max:5.0f})"
            )


if __name__ == "__main__":
    main()

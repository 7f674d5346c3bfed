"""CPU time of the patient page's load charts (web/load_charts.py) on the demo lifter.

Builds the demo clinic in a fresh temporary data folder (SQLite), then times, in CPU seconds of
this process (less disturbed by other work on the machine than wall time), the charts of Kari
(12 weeks of the Strong example log): drawn with the per-process cache cleared, and again with
the same data. Prints the medians and the size of each SVG data URI.

    PYTHONPATH=src python bench/bench_web_charts.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time


def main() -> None:
    """Build the demo, time the charts, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, choices=range(1, 51), metavar="1-50")
    runs = parser.parse_args().runs
    os.environ["EXDOSE_DATA"] = tempfile.mkdtemp(prefix="exdose-bench-charts-")
    os.environ.pop("EXDOSE_DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "exdose.web.settings"
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import translation

    from exdose.web import demo, load_charts, records, services
    from exdose.web.models import Patient
    from exdose.web.views_clinic import _load_charts

    call_command("migrate", verbosity=0)
    demo.load_demo()
    translation.activate("en")
    kari = Patient.objects.get(name__startswith="Kari")
    programme = kari.current_programme()
    assert programme is not None
    sets = records.sets_of(kari)
    load = services.load_report(sets, records.pain_of(kari), programme.current().text)
    _load_charts(programme, load)  # imports and the programme parse, outside the timing
    cold, warm = [], []
    for _ in range(runs):
        load_charts._cached_charts.cache_clear()
        start = time.process_time()
        _load_charts(programme, load)
        cold.append(time.process_time() - start)
    for _ in range(runs):
        start = time.process_time()
        charts = _load_charts(programme, load)
        warm.append(time.process_time() - start)
    print(f"{len(sets)} sets; {runs} runs each, CPU time of this process")
    print(f"drawn (cache cleared): median {statistics.median(cold) * 1000:.0f} ms")
    print(f"same data again:       median {statistics.median(warm) * 1000:.0f} ms")
    for chart in charts:
        size = f"{len(chart.image) / 1024:.0f} KiB data URI" if chart.image else chart.empty
        print(f"  {chart.key}: {size}")


if __name__ == "__main__":
    main()

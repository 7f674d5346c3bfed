"""Review workbench benchmark: upload a zip of text reports and PDFs, run N job workers until
every report is rated, for each worker count asked for.

    PYTHONPATH=src .venv/bin/python bench/bench_review.py --text 200 --pdf 20 --workers 1 2

Each run gets a fresh data folder (SQLite, WAL) under a temporary directory; the reports are
copies of the six bundled ones (examples/reports/documents), the PDFs are written from them by
weasyprint once. Workers are `django db_worker --batch` processes (django-tasks' database worker,
the one `exdose web worker` runs), started together; the time is from their start until the last
one exits with no job left. Prints reports/s and the status counts.
"""

from __future__ import annotations

import argparse
import html
import io
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ROOT / "examples" / "reports" / "documents"


def make_pdfs(count: int, folder: Path) -> list[Path]:
    """`count` PDFs with a text layer, cycling over the bundled reports."""
    from weasyprint import HTML

    sources = sorted(REPORTS.glob("*.txt"))
    made = []
    for source in sources[: min(count, len(sources))]:
        paragraphs = source.read_text(encoding="utf-8").split("\n\n")
        body = "".join(
            f"<h2>{html.escape(p.lstrip('#').strip())}</h2>"
            if p.startswith("#")
            else f"<p>{html.escape(p)}</p>"
            for p in paragraphs
        )
        path = folder / f"{source.stem}.pdf"
        HTML(string=f"<html><body>{body}</body></html>").write_pdf(str(path))
        made.append(path)
    return [made[i % len(made)] for i in range(count)]


def build_zip(text: int, pdfs: list[Path]) -> bytes:
    """A zip of `text` text reports and the PDFs, each under its own name."""
    sources = sorted(REPORTS.glob("*.txt"))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for i in range(text):
            source = sources[i % len(sources)]
            archive.writestr(f"text/{i:03d}-{source.name}", source.read_bytes())
        for i, pdf in enumerate(pdfs):
            archive.writestr(f"pdf/{i:03d}-{pdf.name}", pdf.read_bytes())
    return buffer.getvalue()


def run(workers: int, bundle: bytes, expected: int) -> dict[str, object]:
    """One run in a fresh data folder: migrate, upload, time the workers."""
    data = Path(tempfile.mkdtemp(prefix="exdose-bench-review-"))
    env = {
        **os.environ,
        "EXDOSE_DATA": str(data),
        "DJANGO_SETTINGS_MODULE": "exdose.web.settings",
        "PYTHONPATH": str(ROOT / "src"),
    }
    python = sys.executable
    subprocess.run([python, "-m", "django", "migrate", "-v", "0"], env=env, check=True)
    upload = data / "bundle.zip"
    upload.write_bytes(bundle)
    script = (
        "import django; django.setup()\n"
        "from django.contrib.auth import get_user_model\n"
        "from django.core.files.uploadedfile import SimpleUploadedFile\n"
        "from exdose.web.review import records\n"
        "user = get_user_model().objects.create_user('bench@x.test', 'bench@x.test', 'x')\n"
        "project = records.create_project(user, 'bench')\n"
        f"data = open({str(upload)!r}, 'rb').read()\n"
        "records.upload(project, user, [SimpleUploadedFile('bundle.zip', data)])\n"
        "print(project.pk)\n"
    )
    subprocess.run([python, "-c", script], env=env, check=True, capture_output=True)
    start = time.perf_counter()
    procs = [
        subprocess.Popen(
            [
                python,
                "-m",
                "django",
                "db_worker",
                "--batch",
                "--no-startup-delay",
                "--interval",
                "0.05",
                "-v",
                "0",
            ],
            env=env,
        )
        for _ in range(workers)
    ]
    for proc in procs:
        proc.wait()
    elapsed = time.perf_counter() - start
    count = (
        "import django; django.setup()\n"
        "from collections import Counter\n"
        "from exdose.web.review.models import Report\n"
        "print(dict(Counter(Report.objects.values_list('status', flat=True))))\n"
    )
    statuses = subprocess.run(
        [python, "-c", count], env=env, check=True, capture_output=True, text=True
    ).stdout.strip()
    return {
        "workers": workers,
        "reports": expected,
        "seconds": round(elapsed, 1),
        "reports_per_s": round(expected / elapsed, 2),
        "statuses": statuses,
    }


def main() -> None:
    """Parse the options, build the upload once, run each worker count."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--text", type=int, default=200)
    parser.add_argument("--pdf", type=int, default=20)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        pdfs = make_pdfs(options.pdf, Path(folder)) if options.pdf else []
        bundle = build_zip(options.text, pdfs)
    print(
        f"upload: {options.text} text reports + {options.pdf} PDFs, zip {len(bundle) / 1e6:.1f} MB"
    )
    for workers in options.workers:
        result = run(workers, bundle, options.text + options.pdf)
        print(
            f"workers={result['workers']}: {result['reports']} reports in {result['seconds']} s "
            f"({result['reports_per_s']} reports/s); statuses {result['statuses']}"
        )


if __name__ == "__main__":
    main()

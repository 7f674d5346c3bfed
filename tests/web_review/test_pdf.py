"""PDF reports: rated from their text layer; the verification screen shows the pages as images
with exdose's evidence painted on them."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from review_helpers import REPORTS, signed_in

from exdose.web.review import records


def _pdf() -> bytes:
    from weasyprint import HTML

    text = (REPORTS / "Protocol_014_PMC4446829.txt").read_text(encoding="utf-8")
    body = "".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n\n"))
    return HTML(string=f"<html><body>{body}</body></html>").write_pdf()  # type: ignore[no-any-return]


def test_pdf_pages_with_evidence(
    people: dict[str, Any], django_capture_on_commit_callbacks: Any, run_jobs: Callable[[], None]
) -> None:
    import io

    from PIL import Image

    project = records.create_project(people["olga"], "PDFs")
    with django_capture_on_commit_callbacks(execute=True):
        records.upload(project, people["olga"], [SimpleUploadedFile("pamela.pdf", _pdf())])
    run_jobs()
    report = project.reports.get()
    assert report.status == "rated" and report.format == "pdf"
    olga = signed_in(people["olga"])
    page = olga.get(reverse("review:verify", args=[project.pk, report.study_id])).content.decode()
    assert "PDF pages (" in page
    count = page.count('class="page"')
    assert count >= 5
    first = olga.get(reverse("review:page", args=[project.pk, report.pk, 1]))
    assert first.status_code == 200 and first.content.startswith(b"\x89PNG")
    # evidence is painted: some page has the highlight colour, and it differs from the bare page
    yellow = 0
    for n in range(1, count + 1):
        png = olga.get(reverse("review:page", args=[project.pk, report.pk, n])).content
        pixels = Image.open(io.BytesIO(png)).convert("RGB").getdata()
        # white under the 37%-opaque yellow (255, 200, 0) composites to about (255, 234, 160)
        yellow += sum(1 for r, g, b in pixels if r > 245 and 226 < g < 242 and 145 < b < 175)
    assert yellow > 1000
    assert (
        olga.get(reverse("review:page", args=[project.pk, report.pk, count + 1])).status_code == 404
    )
    stranger = signed_in(people["stan"])
    assert stranger.get(reverse("review:page", args=[project.pk, report.pk, 1])).status_code == 404

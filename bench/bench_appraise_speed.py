"""Speed and memory of `exdose appraise` with --workers 2 on a corpus made from the dev reports.

The six dev reports are replicated into N plain-text files and N JATS XML files (the text wrapped
in JATS sections), and a smaller number of PDFs made with weasyprint. Prints reports per second
per format, and the peak memory (RSS) of the parent process at two corpus sizes: flat memory means
the peak does not grow with the number of reports (results are streamed).

Usage: .venv/bin/python bench/bench_appraise_speed.py [N_TEXT] [N_PDF]   (defaults 600, 40)
"""

from __future__ import annotations

import html
import os
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

from exdose.appraise.batch import appraise_paths

DEV = Path(__file__).resolve().parents[1] / "examples" / "reports" / "documents"
TARGET_TEXT = 50.0
TARGET_PDF = 5.0


def to_jats(text: str) -> str:
    """Wrap a Markdown-headed report in minimal JATS."""
    lines = text.split("\n")
    title = html.escape(lines[0].strip())
    body: list[str] = []
    depth = 0
    for line in lines[1:]:
        match = re.match(r"^(#{2,6})\s+(.*)$", line)
        if match:
            level = len(match.group(1)) - 1
            while depth >= level:
                body.append("</sec>")
                depth -= 1
            body.append(f"<sec><title>{html.escape(match.group(2))}</title>")
            depth += 1
        elif line.strip():
            body.append(f"<p>{html.escape(line.strip())}</p>")
    body.extend("</sec>" for _ in range(depth))
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<article><front><article-meta><title-group>'
        f"<article-title>{title}</article-title></title-group></article-meta></front>"
        f"<body>{''.join(body)}</body></article>"
    )


def to_pdf(text: str, path: Path) -> None:
    """Render a report as a PDF with a text layer (weasyprint)."""
    from weasyprint import HTML

    parts = []
    for line in text.split("\n"):
        match = re.match(r"^(#{1,6})\s+(.*)$", line)
        if match:
            parts.append(
                f"<h{len(match.group(1))}>{html.escape(match.group(2))}</h{len(match.group(1))}>"
            )
        elif line.strip():
            parts.append(f"<p>{html.escape(line)}</p>")
    HTML(string="<html><body>" + "".join(parts) + "</body></html>").write_pdf(str(path))


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(paths: list[Path]) -> tuple[int, float, float]:
    """Appraise everything under paths with 2 workers: (reports, wall seconds, CPU seconds).

    CPU seconds are the workers' plus the parent's: on an otherwise idle 2-core machine the
    wall time is about CPU / 2, which is the figure to read when other jobs share the machine.
    """
    start, cpu_parent, cpu_children = time.perf_counter(), time.process_time(), _children_cpu()
    count = 0
    for appraisal in appraise_paths(paths, workers=2):
        if appraisal.error:
            raise SystemExit(f"unexpected error: {appraisal.error}")
        count += 1
    cpu = time.process_time() - cpu_parent + _children_cpu() - cpu_children
    return count, time.perf_counter() - start, cpu


def main() -> int:
    """Build the corpus, time it, print figures; exit 1 when a target is missed."""
    n_text = int(sys.argv[1]) if len(sys.argv) > 1 else 600
    n_pdf = int(sys.argv[2]) if len(sys.argv) > 2 else 40
    sources = sorted(DEV.glob("*.txt"))
    texts = [p.read_text("utf-8") for p in sources]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for name in ("txt", "jats", "pdf", "small"):
            (root / name).mkdir()
        for i in range(n_text):
            text = texts[i % len(texts)]
            (root / "txt" / f"r{i:05d}.txt").write_text(text, "utf-8")
            (root / "jats" / f"r{i:05d}.xml").write_text(to_jats(text), "utf-8")
        for i in range(max(1, n_text // 4)):
            (root / "small" / f"r{i:05d}.txt").write_text(texts[i % len(texts)], "utf-8")
        pdf_sources = []
        for i, text in enumerate(texts):
            pdf = root / f"src{i}.pdf"
            to_pdf(text, pdf)
            pdf_sources.append(pdf.read_bytes())
        for i in range(n_pdf):
            (root / "pdf" / f"r{i:05d}.pdf").write_bytes(pdf_sources[i % len(pdf_sources)])

        results: dict[str, float] = {}
        small_n, small_t, _ = run([root / "small"])
        rss_small = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"load average before the run: {os.getloadavg()[0]:.1f} (2 cores)")
        for name in ("txt", "jats", "pdf"):
            count, seconds, cpu = run([root / name])
            results[name] = count / seconds
            print(
                f"{name:>5}: {count} reports in {seconds:.2f} s = {count / seconds:.1f} reports/s"
                f" wall; CPU {1000 * cpu / count:.0f} ms/report = {2 * count / cpu:.1f} reports/s"
                " on 2 idle cores"
            )
        rss_large = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"small run: {small_n} reports in {small_t:.2f} s")
    print(
        f"peak RSS of the parent: {rss_small:.0f} MB after {small_n} reports, "
        f"{rss_large:.0f} MB after {small_n + 2 * n_text + n_pdf} reports"
    )
    ok = results["txt"] >= TARGET_TEXT and results["jats"] >= TARGET_TEXT
    ok = ok and results["pdf"] >= TARGET_PDF
    verdict = "met" if ok else "NOT met"
    print(f"targets (txt/JATS >= {TARGET_TEXT}/s, PDF >= {TARGET_PDF}/s): {verdict}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

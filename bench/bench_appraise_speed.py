"""Speed and memory of `exdose appraise` with --workers 2 on a corpus made from the dev reports.

The six dev reports are replicated into N plain-text files and N JATS XML files (the text wrapped
in JATS sections), and a smaller number of PDFs made with weasyprint in a journal's two-column
layout (running header, page numbers, hyphenated justified text). Each format is rated RUNS times;
the median run is printed: reports per second on the wall clock, and the CPU time per report of
the workers and the parent together, which gives the rate on two idle cores (2 / CPU per report).
On the shared 2-core machine the wall rate follows the load (printed with it); the CPU figure is
the one to compare, and `bench/callgrind_appraise.py` counts instructions, which do not vary.
Also prints the peak memory (RSS) of the parent process at two corpus sizes: flat memory means
the peak does not grow with the number of reports (results are streamed).

Usage: .venv/bin/python bench/bench_appraise_speed.py [N_TEXT] [N_PDF] [RUNS]
(defaults 600, 40, 3). Targets (issue 10): text and JATS 100 reports/s, PDF 10 reports/s.
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
TARGET_TEXT = 100.0
TARGET_PDF = 10.0


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


_JOURNAL_CSS = """@page { size: A4; margin: 2cm 1.7cm;
  @top-left { content: "Author et al. Trials (2017) 18:212"; font-size: 7.5pt }
  @top-right { content: "Page " counter(page) " of " counter(pages); font-size: 7.5pt } }
html { font-size: 9.2pt } body { column-count: 2; column-gap: 0.6cm; text-align: justify;
  hyphens: auto } h1 { font-size: 16pt } h2 { font-size: 11pt } h3, h4 { font-size: 9.2pt }
h4 { font-style: italic } p { margin: 0 0 4pt }"""


def to_pdf(text: str, path: Path) -> None:
    """Render a report as a two-column journal PDF with a text layer (weasyprint)."""
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
    page = f'<html lang="en"><head><style>{_JOURNAL_CSS}</style></head><body>'
    HTML(string=page + "".join(parts) + "</body></html>").write_pdf(str(path))


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
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 3
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

        wall: dict[str, float] = {}
        idle: dict[str, float] = {}
        small_n, small_t, _ = run([root / "small"])
        rss_small = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"load average before the run: {os.getloadavg()[0]:.1f} (2 cores); {runs} runs each")
        for name in ("txt", "jats", "pdf"):
            timed = sorted((run([root / name]) for _ in range(runs)), key=lambda r: r[2])
            count, _, cpu = timed[len(timed) // 2]  # the median run by CPU time
            rates = sorted(r[0] / r[1] for r in timed)
            wall[name] = rates[len(rates) // 2]
            idle[name] = 2 * count / cpu
            print(
                f"{name:>5}: {count} reports, median {wall[name]:.1f} reports/s wall"
                f" (runs {', '.join(f'{r:.1f}' for r in rates)}); CPU {1000 * cpu / count:.1f}"
                f" ms/report = {idle[name]:.1f} reports/s on 2 idle cores"
            )
        rss_large = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"small run: {small_n} reports in {small_t:.2f} s")
    print(
        f"peak RSS of the parent: {rss_small:.0f} MB after {small_n} reports, "
        f"{rss_large:.0f} MB after {small_n + runs * (2 * n_text + n_pdf)} reports"
    )

    def met(rates: dict[str, float]) -> str:
        ok = min(rates["txt"], rates["jats"]) >= TARGET_TEXT and rates["pdf"] >= TARGET_PDF
        return "met" if ok else "NOT met"

    print(
        f"targets (txt/JATS >= {TARGET_TEXT:.0f}/s, PDF >= {TARGET_PDF:.0f}/s, --workers 2):"
        f" {met(idle)} on 2 idle cores (from CPU time); {met(wall)} on the wall clock at load"
        f" {os.getloadavg()[0]:.1f}"
    )
    return 0 if met(idle) == "met" else 1


if __name__ == "__main__":
    sys.exit(main())

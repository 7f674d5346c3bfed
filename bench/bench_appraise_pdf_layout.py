"""A two-column journal PDF must rate like its plain-text version (issue 10: at most 2 of 31).

Lays out each of the six dev reports as a journal article PDF (the layout of the tests'
`journal_pdf`: masthead, title in large type, two justified hyphenated columns, running header
with page numbers, licence block; weasyprint), rates the PDF and the text, and prints per report
the items whose rating differs, and whether the PDF's section headings (paths and levels) are
the text's.

Usage: PYTHONPATH=src .venv/bin/python bench/bench_appraise_pdf_layout.py   (about 30 s)
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "appraise"))

from conftest import journal_pdf  # noqa: E402
from exdose.appraise.batch import appraise_file  # noqa: E402
from exdose.appraise.ingest import read_report  # noqa: E402

DEV = ROOT / "examples" / "reports" / "documents"
MAX_DIFFERING = 2


def main() -> int:
    """Print the differing items per report; exit 1 when a report differs on more than 2."""
    worst = 0
    with tempfile.TemporaryDirectory() as tmp:
        for text in sorted(DEV.glob("*.txt")):
            kind = "STUDY PROTOCOL" if text.name.startswith("Protocol") else "RESEARCH"
            pdf = journal_pdf(text.read_text("utf-8"), Path(tmp) / f"{text.stem}.pdf", kind)
            ours, theirs = appraise_file(pdf), appraise_file(text)
            if ours.cert is None or ours.tidier is None or theirs.cert is None:
                print(f"{text.name}: not rated ({ours.error or theirs.error})")
                return 1
            assert theirs.tidier is not None
            differ = [
                f"{name} {a.id}"
                for name, mine, plain in (
                    ("cert", ours.cert, theirs.cert),
                    ("tidier", ours.tidier, theirs.tidier),
                )
                for a, b in zip(mine.items, plain.items, strict=True)
                if a.reported != b.reported
            ]
            worst = max(worst, len(differ))
            same = [(s.path, s.level) for s in read_report(pdf).sections] == [
                (s.path, s.level) for s in read_report(text).sections
            ]
            print(
                f"{text.name}: {len(differ)} of 31 items differ {differ or ''}; arm "
                f"{'same' if ours.arm == theirs.arm else f'{ours.arm!r} vs {theirs.arm!r}'}; "
                f"headings {'the same' if same else 'DIFFER'}"
            )
    verdict = "met" if worst <= MAX_DIFFERING else "NOT met"
    print(f"target (at most {MAX_DIFFERING} of 31 items differ on every report): {verdict}")
    return 0 if worst <= MAX_DIFFERING else 1


if __name__ == "__main__":
    sys.exit(main())

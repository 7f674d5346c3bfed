"""The appraisal part of `make demo`: rate the bundled trial reports and the rendered methods.

Writes the review outputs to out/ and compares exdose's ratings with the reference raters.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from demo import OUT, ROOT, run


def main() -> None:
    reports = ROOT / "examples" / "reports"
    run(
        [
            "appraise",
            "examples/reports/documents",
            "--csv",
            "out/review.csv",
            "--xlsx",
            "out/review.xlsx",
            "--summary",
            "out/review.html",
            "--heatmap",
            "out/review-heatmap.png",
            "--workers",
            "2",
        ]
    )
    run(["appraise", "examples/reports/documents", "--json"], stdout=OUT / "review.jsonl")
    run(["agreement", "out/review.csv", str((reports / "reference.csv").relative_to(ROOT))])
    # The rendered methods sections, in each format appraise reads, rated as published reports.
    rendered = sorted(p for p in OUT.glob("*.methods.*") if p.suffix in (".md", ".pdf", ".docx"))
    if rendered:
        run(
            [
                "appraise",
                *[str(p.relative_to(ROOT)) for p in rendered],
                "--summary",
                "out/rendered-methods-review.md",
            ]
        )


if __name__ == "__main__":
    main()

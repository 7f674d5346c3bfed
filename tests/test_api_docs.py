"""The examples of docs/api.md run, from the repository root, and print what the page says."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_docs_api_examples_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = doctest.testfile(
        str(ROOT / "docs" / "api.md"),
        module_relative=False,
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
        raise_on_error=False,
        verbose=False,
    )
    assert result.attempted > 40
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed (see stdout)"


def test_the_notebook_does_every_readme_job_through_import_exdose(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    script = ROOT / "examples" / "notebook.py"
    source = script.read_text(encoding="utf-8")
    imports = {line.split()[1] for line in source.splitlines() if line.startswith("import ")}
    imports |= {line.split()[1] for line in source.splitlines() if line.startswith("from ")}
    assert imports <= {"__future__", "os", "sys", "pathlib", "exdose"}
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    if not _figure_builders_present():
        env["EXDOSE_NOTEBOOK_FIGURES"] = "0"
    result = subprocess.run(
        [sys.executable, str(script), str(tmp_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert "typical-trial: CERT 8/19, TIDieR 8/12" in result.stdout
    assert "week 5 -> week 6: reduce" in result.stdout
    written = {p.name for p in tmp_path.iterdir()}
    assert {"hip-thrust.methods.pdf", "hip-thrust.handout.html", "next-week6.yaml"} <= written
    assert {"strong.load.json", "strength-block.planned.csv", "program.schema.json"} <= written


def _figure_builders_present() -> bool:
    # The API's figures wrap report/'s Figure builders (the clinical branch; see test_api.py).
    from exdose.report import dose_plot, load_plot, review

    return (
        hasattr(dose_plot, "dose_figure")
        and hasattr(load_plot, "load_figure")
        and hasattr(review, "heatmap_figure")
    )

"""Figures are built through matplotlib's object-oriented API and leave no global state behind."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from matplotlib.figure import Figure

from exdose.dose.planned import planned_dose
from exdose.program.expand import expand
from exdose.program.io import load_program
from exdose.report.dose_plot import dose_figure, dose_plot
from exdose.report.figure_io import figure_bytes, save_figure
from exdose.report.figures import dose_figures

ROOT = Path(__file__).resolve().parents[2]
HIP = ROOT / "examples" / "hip-thrust.yaml"
SRC = ROOT / "src" / "exdose"


def test_figures_are_returned_not_written() -> None:
    loaded = load_program(HIP)
    figures = dose_figures(loaded)
    assert set(figures) == {"weekly_sets", "intensity"}
    assert all(isinstance(f, Figure) for f in figures.values())
    # The caller chooses how to write it: the axes are there to restyle first.
    assert figures["weekly_sets"].axes[0].get_title() == "Planned weekly sets per muscle"
    assert len(figures["intensity"].axes) == 2
    assert figure_bytes(figures["weekly_sets"])[:8] == b"\x89PNG\r\n\x1a\n"


def test_save_figure_writes_png_or_svg(tmp_path: Path) -> None:
    weeks = planned_dose(expand(load_program(HIP)), load_program(HIP).library)
    figure = dose_figure(weeks)
    svg = save_figure(figure, tmp_path / "dose.svg")
    assert svg.read_text(encoding="utf-8").lstrip().startswith("<?xml")
    png = dose_plot(weeks, tmp_path / "dose.png")
    assert png.read_bytes()[:4] == b"\x89PNG"


def test_no_pyplot_and_no_backend_switch_in_the_report_package() -> None:
    # review.py belongs to the appraise work and is checked there.
    for path in sorted((SRC / "report").glob("*.py")):
        if path.name == "review.py":
            continue
        text = path.read_text(encoding="utf-8")
        assert not re.search(
            r"import\s+matplotlib\.pyplot|from\s+matplotlib\s+import\s+pyplot", text
        )
        assert "matplotlib.use(" not in text, path.name
        assert "rcParams[" not in text and "rcParams.update" not in text, path.name


def test_rendering_keeps_the_users_backend_and_never_imports_pyplot(tmp_path: Path) -> None:
    # A fresh interpreter, because other tests may already have imported pyplot.
    script = f"""
import sys, matplotlib
matplotlib.use("svg")
from exdose.program.io import load_program
from exdose.report.render import render_file
from exdose.report.dose_plot import dose_plot
from exdose.dose.planned import planned_dose
from exdose.program.expand import expand
loaded = load_program({str(HIP)!r})
render_file(loaded, __import__("pathlib").Path({str(tmp_path / "m.html")!r}), "methods")
dose_plot(planned_dose(expand(loaded), loaded.library), {str(tmp_path / "d.png")!r})
print(matplotlib.get_backend(), "matplotlib.pyplot" in sys.modules)
"""
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin", "MPLBACKEND": ""},
    )
    assert done.stdout.split() == ["svg", "False"]

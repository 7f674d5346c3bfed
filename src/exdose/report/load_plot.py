"""The coach's load figure: weekly sets of one muscle and volume load, pain on a second axis."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from exdose.dose.summary import LoadReport
from exdose.errors import UsageError


def save_figure_atomic(fig: Any, out: Path, dpi: int = 150) -> None:
    """Save a matplotlib figure as PNG via a temporary file in the same folder, then os.replace."""
    out = Path(out)
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(f"folder {folder} does not exist", file=out)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".png", dir=folder)
    os.close(fd)
    try:
        fig.savefig(tmp, dpi=dpi, format="png")
        os.replace(tmp, out)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def load_plot(report: LoadReport, out: Path, *, muscle: str = "glutes") -> Path:
    """Write a two-panel PNG: weekly `muscle` sets (top) and volume load (bottom), each with the
    week's worst pain rating (0-10) on a second axis when pain was recorded."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    if not report.weeks:
        raise UsageError("nothing to plot: the logs have no dated sets")
    weeks = [w.week_start for w in report.weeks]
    labels = [d.strftime("%d %b") for d in weeks]
    x = list(range(len(weeks)))
    sets = [w.sets_per_muscle.get(muscle, 0.0) for w in report.weeks]
    volume = [w.volume_load_kg for w in report.weeks]
    pain = [w.pain_max for w in report.weeks]
    has_pain = any(p is not None for p in pain)
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(9, 6.5), sharex=True)
    top.bar(x, sets, color="#4C72B0", label=f"{muscle} sets (fractional)")
    top.set_ylabel(f"{muscle} sets / week")
    for i, week in enumerate(report.weeks):
        if any(f.startswith("spike") and muscle in f for f in week.flags):
            top.annotate(
                "spike", (i, sets[i]), ha="center", va="bottom", fontsize=8, color="#C44E52"
            )
    bottom.bar(x, volume, color="#8172B2", label="volume load (kg)")
    bottom.set_ylabel("volume load (kg)")
    bottom.set_xticks(x, labels, rotation=45, ha="right")
    bottom.set_xlabel("week starting (Monday)")
    for axis in (top, bottom):
        axis.grid(axis="y", alpha=0.3)
        if has_pain:
            twin = axis.twinx()
            px = [i for i, p in zip(x, pain, strict=True) if p is not None]
            py = [p for p in pain if p is not None]
            twin.plot(px, py, color="#C44E52", marker="o", label="worst pain (0-10)")
            twin.set_ylim(0, 10)
            twin.set_ylabel("pain (0-10)")
            twin.axhline(5, color="#C44E52", linestyle=":", linewidth=1)
    top.set_title(f"Weekly {muscle} sets and volume load" + (" with pain" if has_pain else ""))
    fig.text(
        0.01,
        0.01,
        "Warm-ups excluded. Dotted line: pain 5/10, the limit of the pain-monitoring model.",
        fontsize=7,
    )
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    try:
        save_figure_atomic(fig, Path(out))
    finally:
        plt.close(fig)
    return Path(out)

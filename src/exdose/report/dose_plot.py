"""The planned dose figure: fractional sets per muscle for each programme week.

`dose_figure` builds the figure (object-oriented matplotlib, nothing global); `dose_plot` is the
CLI's step that also writes it to a file.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from exdose.dose.planned import WeekDose
from exdose.errors import UsageError
from exdose.report.figure_io import save_figure

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def dose_figure(weeks: Sequence[WeekDose], *, top: int = 6) -> Figure:
    """Stacked weekly sets for the `top` muscles (the rest as "other"), spikes marked."""
    from matplotlib.figure import Figure

    if not weeks:
        raise UsageError("nothing to plot: the programme has no weeks")
    totals: dict[str, float] = {}
    for week in weeks:
        for muscle, sets in week.sets_per_muscle.items():
            totals[muscle] = totals.get(muscle, 0.0) + sets
    named = [m for m, _ in sorted(totals.items(), key=lambda kv: -kv[1])[:top]]
    x = [w.week for w in weeks]
    bottom = [0.0] * len(weeks)
    fig = Figure(figsize=(9, 4.5))
    axis = fig.subplots()
    series = [(m, [w.sets_per_muscle.get(m, 0.0) for w in weeks]) for m in named]
    rest = [sum(v for m, v in w.sets_per_muscle.items() if m not in named) for w in weeks]
    if any(rest):
        series.append(("other", rest))
    for name, values in series:
        axis.bar(x, values, bottom=bottom, label=name)
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    for i, week in enumerate(weeks):
        if any(f.startswith("spike") for f in week.flags):
            axis.annotate("spike", (x[i], bottom[i]), ha="center", va="bottom", fontsize=8)
    axis.set_xlabel("programme week")
    axis.set_ylabel("sets per week (fractional)")
    axis.set_xticks(x)
    axis.legend(fontsize=8, ncols=2)
    axis.set_title("Planned sets per muscle per week")
    fig.tight_layout()
    return fig


def dose_plot(weeks: Sequence[WeekDose], out: Path, *, top: int = 6) -> Path:
    """Write the dose figure to OUT (PNG, or SVG for a .svg name)."""
    return save_figure(dose_figure(weeks, top=top), Path(out))

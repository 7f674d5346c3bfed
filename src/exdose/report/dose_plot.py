"""The planned dose figure: fractional sets per muscle for each programme week."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from exdose.dose.planned import WeekDose
from exdose.errors import UsageError
from exdose.report.load_plot import save_figure_atomic


def dose_plot(weeks: Sequence[WeekDose], out: Path, *, top: int = 6) -> Path:
    """Write a PNG of stacked weekly sets for the `top` muscles (the rest as "other")."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    if not weeks:
        raise UsageError("nothing to plot: the programme has no weeks")
    totals: dict[str, float] = {}
    for week in weeks:
        for muscle, sets in week.sets_per_muscle.items():
            totals[muscle] = totals.get(muscle, 0.0) + sets
    named = [m for m, _ in sorted(totals.items(), key=lambda kv: -kv[1])[:top]]
    x = [w.week for w in weeks]
    bottom = [0.0] * len(weeks)
    fig, axis = plt.subplots(figsize=(9, 4.5))
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
    try:
        save_figure_atomic(fig, Path(out))
    finally:
        plt.close(fig)
    return Path(out)

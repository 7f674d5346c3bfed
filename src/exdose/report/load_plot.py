"""The coach's load figure: weekly sets of one muscle and volume load, pain on a second axis.

`load_figure` builds the figure (object-oriented matplotlib: no pyplot, no backend switch);
`load_plot` is the CLI's step that also writes it to a file.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from exdose.dose.constants import DEFAULT_THRESHOLDS
from exdose.dose.summary import LoadReport
from exdose.errors import UsageError
from exdose.monitor.config import DEFAULT_CONFIG
from exdose.report.figure_io import save_figure

if TYPE_CHECKING:
    from matplotlib.figure import Figure

# The pain-monitoring model's limit for pain during and after exercise; the value and its
# source live in exdose.monitor.config (MonitorConfig.during_max, Silbernagel 2007).
PAIN_LIMIT = DEFAULT_CONFIG.during_max


def new_high_spikes(report: LoadReport, sets: list[float], muscle: str) -> dict[int, float]:
    """Weeks whose `muscle` sets were flagged as a spike AND reached a new high over the four
    weeks before, with the rise. A rise back after a lighter week (a deload, a missed session) is
    a spike against the week before but not new load, and marking it would hide the real jump."""
    out: dict[int, float] = {}
    for i, week in enumerate(report.weeks):
        if i == 0 or not sets[i - 1]:
            continue
        flagged = any(f.startswith("spike") and f" {muscle} sets" in f" {f}" for f in week.flags)
        if flagged and sets[i] > max(sets[max(0, i - 4) : i]):
            out[i] = sets[i] / sets[i - 1] - 1
    return out


def load_plot(report: LoadReport, out: Path, *, muscle: str = "glutes") -> Path:
    """Write the coach's load figure (`load_figure`) to OUT: PNG, or SVG for a .svg name."""
    return save_figure(load_figure(report, muscle=muscle), Path(out))


def load_figure(report: LoadReport, *, muscle: str = "glutes") -> Figure:
    """The coach's figure: weekly `muscle` sets (top) and volume load (bottom) as bars, each
    with the week's worst pain rating (0-10, during, after or next morning) on a second axis
    when pain was recorded; a rise to a new high is marked with its size."""
    from matplotlib.figure import Figure

    if not report.weeks:
        raise UsageError("nothing to plot: the logs have no dated sets")
    weeks = [w.week_start for w in report.weeks]
    labels = [d.strftime("%d %b") for d in weeks]
    x = list(range(len(weeks)))
    sets = [w.sets_per_muscle.get(muscle, 0.0) for w in report.weeks]
    volume = [w.volume_load_kg for w in report.weeks]
    pain = [w.pain_max for w in report.weeks]
    has_pain = any(p is not None for p in pain)
    fig = Figure(figsize=(9, 6.8))
    top, bottom = fig.subplots(2, 1, sharex=True)
    top.bar(x, sets, color="#4C72B0", label=f"{muscle} sets a week (fractional)")
    top.set_ylabel(f"{muscle} sets / week")
    top.set_ylim(0, max([*sets, 1.0]) * 1.18)
    for i, rise in new_high_spikes(report, sets, muscle).items():
        top.annotate(
            f"{rise * 100:+.0f}%",
            (i, sets[i]),
            xytext=(0, 2),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=8,
            fontweight="bold",
            color="#C44E52",
        )
    bottom.bar(x, volume, color="#8172B2", label="volume load (kg, reps x load)")
    bottom.set_ylabel("volume load (kg)")
    bottom.set_ylim(0, max([*volume, 1.0]) * 1.18)
    bottom.set_xticks(x, labels, rotation=45, ha="right")
    bottom.set_xlabel("week starting (Monday)")
    for axis in (top, bottom):
        axis.grid(axis="y", alpha=0.3)
        axis.set_axisbelow(True)
        handles, names = axis.get_legend_handles_labels()
        if has_pain:
            twin = axis.twinx()
            # The model's limit is drawn in the pain colour and labelled on the pain side, so it
            # cannot be read as a threshold for sets or volume.
            twin.axhline(PAIN_LIMIT, color="#C44E52", linestyle="--", linewidth=1, alpha=0.7)
            twin.annotate(
                f"pain limit {PAIN_LIMIT:g}/10",
                (1, PAIN_LIMIT),
                xycoords=("axes fraction", "data"),
                xytext=(-4, 3),
                textcoords="offset points",
                ha="right",
                va="bottom",
                fontsize=7,
                color="#C44E52",
                bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85, "pad": 1},
            )
            px = [i for i, p in zip(x, pain, strict=True) if p is not None]
            py = [p for p in pain if p is not None]
            (line,) = twin.plot(
                px, py, color="#C44E52", marker="o", linewidth=2, label="worst pain of the week"
            )
            twin.set_ylim(0, 10)
            twin.set_ylabel("pain (0-10)", color="#C44E52")
            twin.tick_params(axis="y", colors="#C44E52")
            handles, names = [*handles, line], [*names, "worst pain of the week (0-10)"]
        axis.legend(handles, names, loc="upper left", fontsize=8, frameon=False)
    top.set_title(f"Weekly {muscle} sets and volume load" + (" with pain" if has_pain else ""))
    note = (
        f"Warm-ups excluded. Red %: a rise of {DEFAULT_THRESHOLDS.spike_from * 100:.0f}% or more "
        "to a new four-week high."
    )
    if has_pain:
        note += (
            f" Dashed: pain {PAIN_LIMIT:g}/10, the limit of the pain-monitoring model"
            " (Silbernagel 2007)."
        )
    fig.text(0.01, 0.01, note, fontsize=7)
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    return fig

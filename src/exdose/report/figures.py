"""Dose figures for rendered programmes: weekly sets per muscle, intensity and effort over weeks.

The numbers come from `exdose.dose.planned.planned_dose` over the planned sets table (fractional
set counting lives there, with its citation). Each figure is built through matplotlib's
object-oriented API (`matplotlib.figure.Figure`, no pyplot, no backend switch, no rcParams change)
and returned; encoding it as PNG is the caller's step (`exdose.report.figure_io`). matplotlib is
imported inside the functions, so importing this module stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from exdose.report.doses import planned_weeks, weekly_muscle_sets

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from exdose.dose.planned import WeekDose
    from exdose.program.io import LoadedProgram

FIGURE_KEYS: tuple[str, ...] = ("weekly_sets", "intensity")
DPI = 150
WIDTH_IN = 7.0
MAX_MUSCLES_PLOTTED = 8
DELOAD_SHADE = "#dddddd"


def _deload_weeks(loaded: LoadedProgram) -> list[int]:
    deload = loaded.program.deload
    return list(deload.weeks) if deload is not None else []


def _shade_deloads(axes: Any, deloads: list[int]) -> None:
    for index, week in enumerate(deloads):
        axes.axvspan(
            week - 0.5,
            week + 0.5,
            color=DELOAD_SHADE,
            zorder=0,
            label="deload" if index == 0 else None,
        )


def weekly_sets_figure(loaded: LoadedProgram, weeks: list[WeekDose]) -> Figure:
    """Stacked bars of planned fractional sets per muscle and week."""
    from matplotlib import colormaps
    from matplotlib.figure import Figure

    numbers, muscles, values = weekly_muscle_sets(loaded, MAX_MUSCLES_PLOTTED, weeks)
    figure = Figure(figsize=(WIDTH_IN, 3.4))
    axes = figure.subplots()
    _shade_deloads(axes, _deload_weeks(loaded))
    bottom = [0.0] * len(numbers)
    colours = colormaps["tab10"]
    for index, muscle in enumerate(muscles):
        heights = [row[index] for row in values]
        axes.bar(numbers, heights, bottom=bottom, label=muscle, color=colours(index % 10))
        bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
    axes.set_xlabel("Programme week")
    axes.set_ylabel("Sets per week (fractional)")
    axes.set_title("Planned weekly sets per muscle")
    if numbers:
        axes.set_xticks(numbers if len(numbers) <= 26 else numbers[::4])
    axes.grid(axis="y", alpha=0.3)
    if muscles:
        axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
    else:
        axes.text(0.5, 0.5, "No muscles known for these exercises", ha="center",
                  transform=axes.transAxes)  # fmt: skip
    return figure


def intensity_figure(loaded: LoadedProgram, weeks: list[WeekDose]) -> Figure:
    """Planned effort (mean RPE) and intensity (key exercises' loads, else mean %1RM) per week."""
    from matplotlib.figure import Figure

    numbers = [week.week for week in weeks]
    rpe = [week.mean_rpe for week in weeks]
    pct = [week.mean_pct_1rm for week in weeks]
    figure = Figure(figsize=(WIDTH_IN, 4.8))
    top, bottom = figure.subplots(2, 1, sharex=True)
    deloads = _deload_weeks(loaded)
    for axes in (top, bottom):
        _shade_deloads(axes, deloads)
        axes.grid(alpha=0.3)
    if any(value is not None for value in rpe):
        top.plot(numbers, [v if v is not None else float("nan") for v in rpe], marker="o",
                 color="#c0392b", label="mean planned RPE")  # fmt: skip
        top.set_ylim(0, 10.5)
    else:
        top.text(0.5, 0.5, "No effort (RPE/RIR) prescribed", ha="center", va="center",
                 transform=top.transAxes)  # fmt: skip
    top.set_ylabel("Effort (RPE 0-10)")
    top.set_title("Planned effort and intensity per week")
    # Per-exercise loads show waves and steps that a mean over exercises would blur.
    series = _load_series(loaded)
    if any(unit == "kg" for unit, _ in series.values()):
        # One unit per axis: loads in kg win; timed exercises are in the weekly table.
        series = {name: data for name, data in series.items() if data[0] == "kg"}
    if series:
        for name, (_, points) in series.items():
            bottom.plot([p[0] for p in points], [p[1] for p in points], marker=".", label=name)
        bottom.set_ylabel(series_label(series))
        bottom.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
    elif _written_pct_1rm(loaded) and any(value is not None for value in pct):
        bottom.plot(numbers, [v if v is not None else float("nan") for v in pct], marker="s",
                    color="#2a5d8f", label="mean %1RM")  # fmt: skip
        bottom.set_ylabel("Intensity (%1RM)")
    else:
        bottom.text(0.5, 0.5, "No load prescribed", ha="center", va="center",
                    transform=bottom.transAxes)  # fmt: skip
    bottom.set_xlabel("Programme week")
    if numbers:
        bottom.set_xticks(numbers if len(numbers) <= 26 else numbers[::4])
    return figure


def _written_pct_1rm(loaded: LoadedProgram) -> bool:
    """True when the programme prescribes %1RM itself (not only reps and effort)."""
    from exdose.program.model import PercentWave

    for _, item in loaded.program.all_prescriptions():
        if isinstance(item.progression, PercentWave) or item.dose.pct_1rm is not None:
            return True
    return False


Series = dict[str, tuple[str, list[tuple[int, float]]]]


def series_label(series: Series) -> str:
    """The y-axis label of the per-exercise series (kg loads or seconds of work)."""
    units = {unit for unit, _ in series.values()}
    return "Load (kg)" if units == {"kg"} else "Work per set (s)" if units == {"s"} else "Load"


def _load_series(loaded: LoadedProgram) -> Series:
    """Per key exercise: (week, planned kg) from its first session that week; seconds if no kg."""
    from exdose.program.expand import plan_sessions
    from exdose.program.io import exercise_name
    from exdose.report.doses import MAX_KEY_EXERCISES, key_exercises

    sessions = plan_sessions(loaded)
    keys = key_exercises(loaded, sessions)[:MAX_KEY_EXERCISES]
    series: Series = {}
    seen: set[tuple[str, int]] = set()
    for session in sessions:
        for planned in session.doses:
            if planned.exercise not in keys or (planned.exercise, session.week) in seen:
                continue
            value = planned.load_kg
            unit = "kg"
            if value is None:
                value, unit = planned.duration_s, "s"
            if value is None:
                continue
            seen.add((planned.exercise, session.week))
            name = exercise_name(loaded, planned.exercise)
            series.setdefault(name, (unit, []))[1].append((session.week, value))
    return series


def dose_figures(loaded: LoadedProgram, keys: list[str] | None = None) -> dict[str, Figure]:
    """The requested figures (default: all), by key."""
    wanted = list(FIGURE_KEYS) if keys is None else [k for k in keys if k in FIGURE_KEYS]
    if not wanted:
        return {}
    weeks = planned_weeks(loaded)
    out: dict[str, Figure] = {}
    if "weekly_sets" in wanted:
        out["weekly_sets"] = weekly_sets_figure(loaded, weeks)
    if "intensity" in wanted:
        out["intensity"] = intensity_figure(loaded, weeks)
    return out

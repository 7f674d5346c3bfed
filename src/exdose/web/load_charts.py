"""The patient page's load charts, drawn with matplotlib's object API (no pyplot) as SVG images.

Every number comes from the library through `services` (`exdose.load_report` of the performed
sets, and of the planned sets table from `exdose.expand`); this module only lines the weeks up,
picks which muscles to show, draws, and writes the same numbers as a table for screen readers:

- weekly working sets per muscle, done against the plan (fractional: 1 a set for a primary
  muscle, 0.5 for a secondary one, the library's count);
- session-RPE load per week (CR-10 session RPE x minutes, arbitrary units);
- acute (7-day mean) and chronic (28-day mean) daily load with their ratio, shown as a
  description of the recent load against the longer run, never as a risk prediction.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import io
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

if TYPE_CHECKING:
    from matplotlib.figure import Figure

MAX_WEEKS = 26
"""Most recent weeks drawn (the table and the image end at the same week)."""
MAX_DAYS = 182
"""Most recent days of the acute and chronic series drawn."""
MAX_MUSCLES = 6
"""Muscles shown in the sets chart: those with the most sets planned and done."""

DONE, PLAN, ACUTE, CHRONIC, RATIO = "#0b6e4f", "#1d2330", "#c2410c", "#1d4ed8", "#5b6475"

MUSCLE_WORDS = frozenset(
    (
        gettext_noop("abdominals"),
        gettext_noop("abductors"),
        gettext_noop("adductors"),
        gettext_noop("biceps"),
        gettext_noop("calves"),
        gettext_noop("chest"),
        gettext_noop("forearms"),
        gettext_noop("glutes"),
        gettext_noop("hamstrings"),
        gettext_noop("lats"),
        gettext_noop("lower back"),
        gettext_noop("middle back"),
        gettext_noop("neck"),
        gettext_noop("quadriceps"),
        gettext_noop("shoulders"),
        gettext_noop("traps"),
        gettext_noop("triceps"),
        gettext_noop("pelvic floor"),
        gettext_noop("transversus abdominis"),
        gettext_noop("diaphragm"),
    )
)
"""The library's muscle names (exdose's muscle vocabulary), translated for the page."""
BASIS_WORDS = {
    "session_rpe": gettext_noop("session RPE × minutes (arbitrary units, Foster 2001)"),
    "volume_load": gettext_noop("volume load (kg; reps × external load of working sets)"),
}
"""What the library's daily load is, by its basis, in words for the page."""


def _unit(unit: str) -> str:
    """The daily load's unit for the page: arbitrary units translated, kg as it is."""
    return _("AU") if unit == "AU" else unit


def muscle_name(muscle: str) -> str:
    """A muscle of the library's vocabulary in the page's language (others as given)."""
    return _(muscle) if muscle in MUSCLE_WORDS else muscle


def basis_words(daily: dict[str, Any]) -> str:
    """The daily load's basis in the page's language (the library's words for another)."""
    words = BASIS_WORDS.get(daily["basis"])
    return _(words) if words else str(daily["description"] or daily["unit"])


@dataclass
class Chart:
    """One chart of the page: its image (an SVG data URI) and the same numbers as a table."""

    key: str
    title: str
    alt: str
    note: str
    columns: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    image: str = ""
    empty: str = ""


def _num(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "–"
    text = f"{value:.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _label(week: str) -> str:
    day = _day(week)
    return f"{day.day}.{day.month}"


# --- the numbers, lined up ----------------------------------------------------------------------


def sets_against_plan(
    load: dict[str, Any] | None, planned: dict[str, Any] | None, max_muscles: int = MAX_MUSCLES
) -> dict[str, Any]:
    """Weekly sets per muscle, done and planned, on one list of weeks (Monday starts).

    A week inside the logged span with nothing for a muscle is 0 done; a week after the last
    logged week is None (not yet done). A week outside the plan is None planned. The muscles
    are those with the most sets planned plus done, at most `max_muscles`."""
    done_weeks = {w["week_start"]: w["sets_per_muscle"] for w in (load or {}).get("weeks", [])}
    plan_weeks = {w["week_start"]: w["sets_per_muscle"] for w in (planned or {}).get("weeks", [])}
    weeks = sorted(set(done_weeks) | set(plan_weeks))[-MAX_WEEKS:]
    last_done = max(done_weeks) if done_weeks else None
    totals: dict[str, float] = {}
    for source in (done_weeks, plan_weeks):
        for week in weeks:
            for muscle, sets in source.get(week, {}).items():
                totals[muscle] = totals.get(muscle, 0.0) + float(sets)
    muscles = [m for m, t in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0])) if t >= 1]
    out = []
    for muscle in muscles[:max_muscles]:
        done: list[float | None] = []
        plan: list[float | None] = []
        for week in weeks:
            if week in done_weeks:
                done.append(float(done_weeks[week].get(muscle, 0.0)))
            else:
                done.append(0.0 if last_done is not None and week < last_done else None)
            plan.append(float(plan_weeks[week].get(muscle, 0.0)) if week in plan_weeks else None)
        out.append({"muscle": muscle, "done": done, "planned": plan})
    return {"weeks": weeks, "muscles": out, "left_out": muscles[max_muscles:]}


def srpe_by_week(load: dict[str, Any] | None) -> dict[str, Any]:
    """Session-RPE load per week (None where no session of the week had session RPE and
    minutes), with the sessions of each week."""
    weeks = (load or {}).get("weeks", [])[-MAX_WEEKS:]
    return {
        "weeks": [w["week_start"] for w in weeks],
        "srpe": [w["srpe_load"] for w in weeks],
        "sessions": [w["sessions"] for w in weeks],
    }


def acute_chronic(load: dict[str, Any] | None) -> dict[str, Any]:
    """The daily load with its acute (7-day) and chronic (28-day) means and their ratio (the
    library's coupled rolling ACWR, given from the 28th day on)."""
    days = (load or {}).get("days", [])[-MAX_DAYS:]
    basis = (load or {}).get("daily_load_basis", "volume_load")
    return {
        "basis": basis,
        "unit": "AU" if basis == "session_rpe" else "kg",
        "description": (load or {}).get("daily_load_description", ""),
        "dates": [d["date"] for d in days],
        "load": [d["load"] for d in days],
        "acute": [d["acute"] for d in days],
        "chronic": [d["chronic"] for d in days],
        "ratio": [d["acwr_coupled"] for d in days],
    }


# --- the figures --------------------------------------------------------------------------------


def _new_figure(width: float, height: float) -> Figure:
    from matplotlib.figure import Figure

    # fixed margins rather than a layout engine: constrained layout draws the figure several
    # times and doubled the time a chart takes
    figure = Figure(figsize=(width, height))
    figure.set_facecolor("white")
    return figure


def _margins(
    figure: Figure, *, left: float, right: float, top: float, bottom: float, **space: float
) -> None:
    """Margins in inches (the figure's size varies with the number of panels)."""
    width, height = figure.get_size_inches()
    figure.subplots_adjust(
        left=left / width,
        right=1 - right / width,
        top=1 - top / height,
        bottom=bottom / height,
        **space,
    )


def _week_axis(axes: Any, weeks: list[str], *, labels: bool, most: int = 12) -> None:
    step = max(1, -(-len(weeks) // most))
    ticks = list(range(0, len(weeks), step))
    axes.set_xticks(ticks, [_label(weeks[i]) for i in ticks] if labels else [])
    axes.set_xlim(-0.6, len(weeks) - 0.4)
    axes.grid(axis="y", alpha=0.3)
    axes.set_axisbelow(True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.tick_params(labelsize=8)


def sets_figure(data: dict[str, Any]) -> Figure:
    """Small multiples, one panel a muscle: bars for sets done, a dash a week for the plan."""
    muscles = data["muscles"]
    weeks = data["weeks"]
    columns = 2 if len(muscles) > 1 else 1
    rows = (len(muscles) + columns - 1) // columns
    figure = _new_figure(7.2, 1.15 + 1.75 * rows)
    grid = figure.subplots(rows, columns, sharex=True, squeeze=False)
    x = list(range(len(weeks)))
    for index, axes in enumerate(grid.flat):
        if index >= len(muscles):
            axes.set_visible(False)
            continue
        m = muscles[index]
        done = [v if v is not None else 0.0 for v in m["done"]]
        axes.bar(x, done, width=0.7, color=DONE, label=_("done"))
        plan = [(i, v) for i, v in zip(x, m["planned"], strict=True) if v is not None]
        if plan:
            axes.hlines(
                [v for _i, v in plan],
                [i - 0.42 for i, _v in plan],
                [i + 0.42 for i, _v in plan],
                colors=PLAN,
                linewidth=2,
                label=_("planned"),
            )
        top = max([*done, *(v for _i, v in plan), 1.0])
        axes.set_ylim(0, top * 1.2)
        axes.set_title(muscle_name(m["muscle"]), fontsize=9, loc="left")
        _week_axis(
            axes, weeks, labels=index >= len(muscles) - columns, most=7 if columns > 1 else 12
        )
    handles, names = grid.flat[0].get_legend_handles_labels()
    figure.legend(
        handles,
        names,
        loc="upper left",
        bbox_to_anchor=(0.01, 1.0),
        ncols=2,
        fontsize=8,
        frameon=False,
    )
    figure.supxlabel(_("week starting (day.month)"), fontsize=8, y=0.005, va="bottom")
    _margins(figure, left=0.45, right=0.12, top=0.62, bottom=0.62, hspace=0.42, wspace=0.16)
    return figure


def srpe_figure(data: dict[str, Any]) -> Figure:
    """Session-RPE load a week as bars (a gap where the week had no session RPE)."""
    weeks = data["weeks"]
    figure = _new_figure(7.2, 2.6)
    axes = figure.subplots()
    x = [i for i, v in enumerate(data["srpe"]) if v is not None]
    axes.bar(x, [v for v in data["srpe"] if v is not None], width=0.7, color=ACUTE)
    axes.set_ylabel(_("AU (RPE × minutes)"), fontsize=8)
    _week_axis(axes, weeks, labels=True)
    axes.set_ylim(0, max([v for v in data["srpe"] if v is not None] or [1.0]) * 1.15)
    axes.set_xlabel(_("week starting (day.month)"), fontsize=8)
    _margins(figure, left=0.8, right=0.15, top=0.15, bottom=0.5)
    return figure


def acute_chronic_figure(data: dict[str, Any]) -> Figure:
    """Acute and chronic daily load (top) and their ratio (bottom), by date."""
    dates = [_day(d) for d in data["dates"]]
    figure = _new_figure(7.2, 4.0)
    top, bottom = figure.subplots(2, 1, sharex=True, height_ratios=(3, 2))
    top.bar(dates, data["load"], width=0.8, color="#d9dee7", label=_("daily load"))
    for key, colour, label in (
        ("acute", ACUTE, _("acute: mean of 7 days")),
        ("chronic", CHRONIC, _("chronic: mean of 28 days")),
    ):
        points = [(d, v) for d, v in zip(dates, data[key], strict=True) if v is not None]
        if points:
            top.plot(
                [d for d, _v in points], [v for _d, v in points], color=colour, lw=2, label=label
            )
    top.set_ylabel(_unit(data["unit"]), fontsize=8)
    top.legend(loc="upper left", fontsize=7, frameon=False, ncols=3)
    top.set_ylim(0, max([*(v for v in data["load"] if v is not None), 1.0]) * 1.25)
    ratio = [(d, v) for d, v in zip(dates, data["ratio"], strict=True) if v is not None]
    if ratio:
        bottom.plot([d for d, _v in ratio], [v for _d, v in ratio], color=RATIO, lw=1.6)
        bottom.set_ylim(0, max(2.0, max(v for _d, v in ratio) * 1.1))
    else:
        bottom.text(
            0.5,
            0.5,
            _("the ratio starts on the 28th day"),
            ha="center",
            va="center",
            transform=bottom.transAxes,
            fontsize=8,
            color=RATIO,
        )
    bottom.axhline(1.0, color=RATIO, lw=0.8, ls=":")
    bottom.annotate(
        _("1 = the last 7 days at the 28-day mean"),
        (0, 1.0),
        xycoords=("axes fraction", "data"),
        xytext=(4, 3),
        textcoords="offset points",
        fontsize=7,
        color=RATIO,
    )
    bottom.set_ylabel(_("acute ÷ chronic"), fontsize=8)
    for axes in (top, bottom):
        axes.grid(axis="y", alpha=0.3)
        axes.set_axisbelow(True)
        axes.tick_params(labelsize=8)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
    from matplotlib.dates import DateFormatter

    bottom.xaxis.set_major_formatter(DateFormatter("%d.%m"))  # type: ignore[no-untyped-call]
    _margins(figure, left=0.8, right=0.15, top=0.1, bottom=0.3, hspace=0.12)
    return figure


def svg_uri(figure: Figure) -> str:
    """The figure as an SVG data URI for an <img> (the page's CSP allows data: images)."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


# --- the page's charts --------------------------------------------------------------------------


def patient_charts(load: dict[str, Any] | None, planned: dict[str, Any] | None) -> list[Chart]:
    """The three charts for the patient page (each with its table; an explanation when empty).

    Drawing is a pure function of the two reports and the page's language, so a process keeps
    the last few results (like the programme parse cache in `services`): opening the same
    patient again, with nothing new logged, does not draw the charts again."""
    key = json.dumps([load, planned], sort_keys=True, default=str)
    return list(_cached_charts(key, translation.get_language() or "en"))


@functools.lru_cache(maxsize=32)
def _cached_charts(key: str, language: str) -> tuple[Chart, ...]:
    load, planned = json.loads(key)
    with translation.override(language):
        return tuple(_draw_charts(load, planned))


def _draw_charts(load: dict[str, Any] | None, planned: dict[str, Any] | None) -> list[Chart]:
    charts = []
    sets = sets_against_plan(load, planned)
    chart = Chart(
        key="chart-muscle-sets",
        title=_("Weekly sets per muscle against the plan"),
        alt="",
        note=_(
            "Working sets only (warm-ups and drop sets left out); a set counts 1 for a primary "
            "muscle and 0.5 for a secondary one. Bars: done; dashes: planned."
        ),
    )
    if sets["muscles"] and load is not None:
        chart.columns = [
            _("Week of"),
            *(
                _("%(muscle)s, done / planned") % {"muscle": muscle_name(m["muscle"])}
                for m in sets["muscles"]
            ),
        ]
        chart.rows = [
            [
                week,
                *(f"{_num(m['done'][i])} / {_num(m['planned'][i])}" for m in sets["muscles"]),
            ]
            for i, week in enumerate(sets["weeks"])
        ]
        chart.alt = _(
            "Bar charts, one per muscle (%(muscles)s), of working sets done each week from "
            "%(first)s to %(last)s, with the planned sets as dashes. The numbers are in the "
            "table below."
        ) % {
            "muscles": ", ".join(muscle_name(m["muscle"]) for m in sets["muscles"]),
            "first": sets["weeks"][0],
            "last": sets["weeks"][-1],
        }
        chart.image = svg_uri(sets_figure(sets))
    else:
        chart.empty = _("No working sets logged yet.")
    charts.append(chart)

    srpe = srpe_by_week(load)
    chart = Chart(
        key="chart-srpe",
        title=_("Session-RPE load"),
        alt="",
        note=_(
            "Session RPE (0-10, how hard the whole session was) × its minutes, summed over "
            "the week, in arbitrary units (Foster 2001)."
        ),
        columns=[_("Week of"), _("Sessions"), _("sRPE load (AU)")],
    )
    chart.rows = [
        [week, str(n), _num(v, 0)]
        for week, n, v in zip(srpe["weeks"], srpe["sessions"], srpe["srpe"], strict=True)
    ]
    if any(v is not None for v in srpe["srpe"]):
        chart.alt = _(
            "Bar chart of session-RPE load per week from %(first)s to %(last)s; weeks without "
            "session RPE have no bar. The numbers are in the table below."
        ) % {"first": srpe["weeks"][0], "last": srpe["weeks"][-1]}
        chart.image = svg_uri(srpe_figure(srpe))
    else:
        chart.empty = _(
            "No session RPE logged: this load needs each session's RPE (0-10) and its minutes."
        )
    charts.append(chart)

    daily = acute_chronic(load)
    chart = Chart(
        key="chart-acwr",
        title=_("Acute and chronic load (descriptive)"),
        alt="",
        note=_(
            "Daily load: %(basis)s. Acute: the mean of the last 7 days; chronic: the mean of "
            "the last 28. Their ratio describes how the last week compares with the last four; "
            "it is not a prediction of injury risk."
        )
        % {"basis": basis_words(daily)},
        columns=[
            _("Date"),
            _("Load (%(unit)s)") % {"unit": _unit(daily["unit"])},
            _("Acute"),
            _("Chronic"),
            _("Ratio"),
        ],
    )
    picked = [i for i, d in enumerate(daily["dates"]) if _day(d).weekday() == 6]
    if daily["dates"] and (not picked or picked[-1] != len(daily["dates"]) - 1):
        picked.append(len(daily["dates"]) - 1)
    chart.rows = [
        [
            daily["dates"][i],
            _num(daily["load"][i], 0),
            _num(daily["acute"][i]),
            _num(daily["chronic"][i]),
            _num(daily["ratio"][i], 2),
        ]
        for i in picked
    ]
    if daily["dates"]:
        chart.alt = _(
            "Line chart of the acute (7-day) and chronic (28-day) mean daily load from %(first)s "
            "to %(last)s over bars of each day's load, and below it their ratio. Each Sunday's "
            "values are in the table below."
        ) % {"first": daily["dates"][0], "last": daily["dates"][-1]}
        chart.image = svg_uri(acute_chronic_figure(daily))
    else:
        chart.empty = _("No dated sets logged yet.")
    charts.append(chart)
    return charts

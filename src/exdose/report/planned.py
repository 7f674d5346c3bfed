"""`exdose dose`: the planned dose per week, as a terminal table, JSON and a figure."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

from exdose.program.io import LoadedProgram


def planned_weeks_json(weeks: list[Any]) -> dict[str, Any]:
    """The documented JSON of `exdose dose --json`."""
    return {"weeks": [week.model_dump(mode="json") for week in weeks]}


def planned_dose_report(
    loaded: LoadedProgram,
    *,
    json_out: bool,
    plot: Path | None,
    caution: float,
    spike: float,
) -> None:
    """Compute the weekly planned dose and print it (table or JSON); write the plot if asked."""
    from exdose.dose import DEFAULT_THRESHOLDS, planned_dose
    from exdose.errors import UsageError
    from exdose.program.expand import expand

    if not 0 <= caution <= spike:
        raise UsageError(
            f"--caution ({caution}) must be between 0 and --spike ({spike})",
            hint="fractions, e.g. --caution 0.10 --spike 0.15",
        )
    thresholds = dataclasses.replace(DEFAULT_THRESHOLDS, caution_above=caution, spike_from=spike)
    deloads = frozenset(loaded.program.deload.weeks) if loaded.program.deload else frozenset()
    weeks = planned_dose(expand(loaded), loaded.library, thresholds, deloads)
    if plot is not None:
        from exdose.report.dose_plot import dose_plot

        dose_plot(weeks, plot)
    if json_out:
        print(json.dumps(planned_weeks_json(weeks), indent=2, ensure_ascii=False))
        return
    _print_weeks(loaded, weeks, plot)


def _print_weeks(loaded: LoadedProgram, weeks: list[Any], plot: Path | None) -> None:
    from rich.console import Console
    from rich.table import Table

    totals: dict[str, float] = {}
    for week in weeks:
        for muscle, sets in week.sets_per_muscle.items():
            totals[muscle] = totals.get(muscle, 0.0) + sets
    muscles = [m for m, _ in sorted(totals.items(), key=lambda kv: -kv[1])[:5]]
    deloads = set(loaded.program.deload.weeks) if loaded.program.deload else set()
    from exdose.report.tables import plain

    table = Table(
        title=f"{plain(loaded.program.name)}: planned dose per week "
        "(fractional sets: primary muscle 1, secondary 0.5)",
        title_justify="left",
    )
    table.add_column("week", justify="right")
    table.add_column("sessions", justify="right")
    table.add_column("min", justify="right")
    for muscle in muscles:
        table.add_column(plain(muscle), justify="right")
    table.add_column("volume load kg", justify="right")
    table.add_column("mean RPE", justify="right")
    flagged: list[str] = []
    for week in weeks:
        label = f"{week.week}{' (deload)' if week.week in deloads else ''}"
        table.add_row(
            label,
            str(week.sessions),
            f"{week.minutes:g}" if week.minutes is not None else "",
            *[f"{week.sets_per_muscle.get(m, 0.0):g}" for m in muscles],
            f"{week.volume_load_kg:,.0f}" if week.volume_load_kg is not None else "",
            f"{week.mean_rpe:g}" if week.mean_rpe is not None else "",
        )
        flagged.extend(f"week {week.week}: {flag}" for flag in week.flags)
    console = Console(highlight=False)
    console.print(table)
    for line in flagged:
        console.print(f"[yellow]{plain(line)}[/]")
    console.print(
        "Volume load counts external load only (reps x kg of working sets); "
        "week-over-week changes above the caution threshold and from the spike threshold are "
        "flagged (Harrison & Johnston 2017: spikes of 15-49% went with more injuries)."
    )
    if plot is not None:
        console.print(f"wrote {plain(plot)}")

"""Monitoring commands: load, fidelity and adjust (they read training logs)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from exdose.cli._app import _load, app, fail
from exdose.errors import ExdoseError

if TYPE_CHECKING:
    from exdose.program.io import LoadedProgram

# Options shared by the commands that read training logs.
UnitOption = Annotated[
    str | None, typer.Option("--unit", help="kg or lb, for logs that do not state it.")
]
MappingOption = Annotated[
    Path | None, typer.Option("--mapping", help="YAML mapping of app names to exercises.")
]
DateOrderOption = Annotated[
    str | None, typer.Option("--date-order", help="dmy or mdy, for ambiguous slash dates.")
]
StartOption = Annotated[
    str | None, typer.Option("--start", help="Week 1 began on YYYY-MM-DD, or first-log.")
]


def _date_order(order: str | None) -> str | None:
    """The --date-order value, checked: dmy, mdy or not given."""
    from exdose.errors import UsageError

    if order not in (None, "dmy", "mdy"):
        raise UsageError(f"--date-order must be dmy or mdy, not '{order}'")
    return order


def _log_unit(unit: str | None) -> str | None:
    """The --unit value, checked: kg, lb or not given."""
    from exdose.errors import UsageError

    if unit not in (None, "kg", "lb"):
        raise UsageError(f"--unit must be kg or lb, not '{unit}'")
    return unit


@app.command()
def load(
    logs: Annotated[list[Path], typer.Argument(help="Logs: Strong, Hevy, FitNotes or exdose CSV.")],
    program: Annotated[
        Path | None, typer.Option("--program", help="Programme file: its exercises are known.")
    ] = None,
    unit: UnitOption = None,
    mapping: MappingOption = None,
    pain: Annotated[
        Path | None, typer.Option("--pain", help="Pain diary CSV (date,region,during,...).")
    ] = None,
    formula: Annotated[
        str, typer.Option("--formula", help="e1RM formula: epley, brzycki or lombardi.")
    ] = "epley",
    date_order: DateOrderOption = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    plot: Annotated[
        Path | None, typer.Option("--plot", help="Write a PNG: weekly sets, volume, pain.")
    ] = None,
) -> None:
    """Weekly dose and load, daily load with ACWR (descriptive), e1RM, from training logs."""
    import json

    from exdose.dose.summary import build_load_report, format_load_text
    from exdose.errors import UsageError

    try:
        _log_unit(unit)
        if formula not in ("epley", "brzycki", "lombardi"):
            raise UsageError(f"--formula must be epley, brzycki or lombardi, not '{formula}'")
        _date_order(date_order)
        loaded = _load(program) if program is not None else None
        library = loaded.library if loaded is not None else None
        bodyweight, body_mass = _bodyweight(loaded)
        report, _, pain_table = build_load_report(
            logs,
            bodyweight_exercises=bodyweight,
            body_mass_kg=body_mass,
            unit=unit,  # type: ignore[arg-type]
            mapping=mapping,
            library=library,
            pain_diary=pain,
            formula=formula,  # type: ignore[arg-type]
            date_order=date_order,  # type: ignore[arg-type]
        )
        if plot is not None:
            from exdose import api
            from exdose.cli._app import save_figure

            save_figure(api.load_figure(report), plot)
        readiness = _readiness([*([pain] if pain else []), *logs], date_order)
    except ExdoseError as error:
        fail(error)
    if json_out:
        data = report.to_json_dict()
        if readiness is not None:
            data["readiness"] = readiness.model_dump(mode="json")
        print(json.dumps(data, indent=2))
    else:
        print(format_load_text(report))
        if readiness is not None:
            print(_readiness_text(readiness))
    _ = pain_table


def _bodyweight(loaded: LoadedProgram | None) -> tuple[list[str], float | None]:
    """Body-weight exercises with added load (programme keys and their library ids) and the
    programme's body mass, for `load --program`."""
    if loaded is None:
        return [], None
    from exdose.monitor.align import library_to_keys
    from exdose.monitor.flags import body_mass_kg, bodyweight_added_kg

    added = bodyweight_added_kg(loaded)
    ids = {lib for lib, key in library_to_keys(loaded).items() if key in added}
    return sorted(set(added) | ids), body_mass_kg(loaded.program)


def _readiness(paths: list[Path], date_order: str | None):  # type: ignore[no-untyped-def]
    """The readiness summary of the diary and logs, or None when none has readiness columns."""
    from exdose.monitor.config import DEFAULT_CONFIG
    from exdose.monitor.readiness import combine_readiness, read_readiness, summarise_readiness

    diary = combine_readiness(
        [read_readiness(p, date_order=date_order) for p in paths]  # type: ignore[arg-type]
    )
    return None if diary is None else summarise_readiness(diary, DEFAULT_CONFIG)


def _readiness_text(summary) -> str:  # type: ignore[no-untyped-def]
    """Weekly readiness: each marker's mean, its 28-day median baseline, '!' when clearly worse."""
    from exdose.monitor.readiness import WORDS

    head = f"{'week of':<11}" + "".join(f"{WORDS[m][:14]:>16}" for m in summary.markers)
    lines = ["", "Readiness per week: mean (28-day median baseline), ! clearly worse", head]
    for week in summary.weeks:
        cells = {v.marker: v for v in week.markers}
        row = f"{week.start.isoformat():<11}"
        for m in summary.markers:
            v = cells.get(m)
            if v is None:
                row += f"{'-':>16}"
                continue
            base = "-" if v.baseline is None else f"{v.baseline:g}"
            mark = "!" if v.worse else ""
            cell = f"{v.value:g} ({base}){mark}"
            row += f"{cell:>16}"
        lines.append(row)
    lines += [f"Note: {n}" for n in summary.notes]
    return "\n".join(lines)


@app.command()
def fidelity(
    program: Annotated[Path, typer.Argument(help="Programme file (YAML or JSON).")],
    logs: Annotated[list[Path], typer.Argument(help="Logs: Strong, Hevy, FitNotes or exdose CSV.")],
    unit: UnitOption = None,
    mapping: MappingOption = None,
    through: Annotated[
        int | None, typer.Option("--through", help="Compare weeks 1 to this week.")
    ] = None,
    start: StartOption = None,
    date_order: DateOrderOption = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Planned against performed (CERT 16b, TIDieR 12): sessions, sets, reps and load."""
    import json

    from exdose.monitor.align import parse_start
    from exdose.monitor.fidelity import fidelity_from_files, format_fidelity_text

    try:
        _log_unit(unit)
        report = fidelity_from_files(
            program,
            logs,
            unit=unit,  # type: ignore[arg-type]
            mapping=mapping,
            through_week=through,
            start=parse_start(start),
            date_order=_date_order(date_order),  # type: ignore[arg-type]
        )
    except ExdoseError as error:
        fail(error)
    if json_out:
        print(json.dumps(report.model_dump(mode="json"), indent=2))
    else:
        print(format_fidelity_text(report))


@app.command()
def adjust(
    program: Annotated[Path, typer.Argument(help="Programme file (YAML or JSON).")],
    logs: Annotated[list[Path], typer.Argument(help="Logs: Strong, Hevy, FitNotes or exdose CSV.")],
    pain: Annotated[
        list[Path] | None, typer.Option("--pain", help="Pain diary CSV (repeat for several).")
    ] = None,
    unit: UnitOption = None,
    mapping: MappingOption = None,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write the next programme file here.")
    ] = None,
    start: StartOption = None,
    date_order: DateOrderOption = None,
    week: Annotated[
        int | None,
        typer.Option("--week", help="Judge this programme week (default: the last logged)."),
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the proposal as JSON.")] = False,
) -> None:
    """Pain monitoring and load flags -> progress, hold, reduce (one change) or refer."""
    import json

    from exdose.monitor.adjust import adjust_from_files
    from exdose.monitor.align import parse_start

    try:
        _log_unit(unit)
        result = adjust_from_files(
            program,
            logs,
            pain=pain or [],
            unit=unit,  # type: ignore[arg-type]
            mapping=mapping,
            output=output,
            start=parse_start(start),
            week=week,
            date_order=_date_order(date_order),  # type: ignore[arg-type]
        )
    except ExdoseError as error:
        fail(error)
    if json_out:
        print(json.dumps(result.as_json(), indent=2))
    else:
        print(result.summary())
    if output is not None:
        if result.decision == "refer":
            print(f"not written: {output} (red flag: no proposal)", file=sys.stderr)
        else:
            print(f"wrote {output}", file=sys.stderr)

"""Monitoring commands: load, fidelity and adjust (they read training logs).

Each command checks its options, reads the files and judges them through the public API
(`exdose.api`), and prints; what it prints is in `exdose.cli._text`. The `*_files` functions are
each command's whole run short of printing, for tests and benchmarks.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal, cast

import typer

from exdose.cli._app import app, cli_wording, fail, load_program_or_exit
from exdose.errors import ExdoseError

if TYPE_CHECKING:
    from exdose.api import Adjustment, FidelityReport, LoadReport, LogRead, Program

Unit = Literal["kg", "lb"]
DateOrder = Literal["dmy", "mdy"]
Formula = Literal["epley", "brzycki", "lombardi"]
Start = dt.date | Literal["first-log"] | None

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


def _date_order(order: str | None) -> DateOrder | None:
    """The --date-order value, checked: dmy, mdy or not given."""
    from exdose.errors import UsageError

    if order not in (None, "dmy", "mdy"):
        raise UsageError(f"--date-order must be dmy or mdy, not '{order}'")
    return cast("DateOrder | None", order)


def _log_unit(unit: str | None) -> Unit | None:
    """The --unit value, checked: kg, lb or not given."""
    from exdose.errors import UsageError

    if unit not in (None, "kg", "lb"):
        raise UsageError(f"--unit must be kg or lb, not '{unit}'")
    return cast("Unit | None", unit)


def _formula(formula: str) -> Formula:
    """The --formula value, checked: epley, brzycki or lombardi."""
    from exdose.errors import UsageError

    if formula not in ("epley", "brzycki", "lombardi"):
        raise UsageError(f"--formula must be epley, brzycki or lombardi, not '{formula}'")
    return cast("Formula", formula)


def _start(text: str | None) -> Start:
    """The --start value: None, "first-log" or an ISO date (YYYY-MM-DD)."""
    from exdose.errors import UsageError

    if text is None:
        return None
    if text == "first-log":
        return "first-log"
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(
            f"--start must be a date (YYYY-MM-DD) or first-log, not '{text}'"
        ) from None


def _read_logs(
    logs: Sequence[str | Path],
    unit: Unit | None,
    mapping: str | Path | None,
    date_order: DateOrder | None,
    program: Program | None,
) -> LogRead:
    """The logs read as one person's, what the readers noticed in the command line's words."""
    from exdose import api

    read = api.read_log(
        list(logs), unit=unit, mapping=mapping, date_order=date_order, library=program
    )
    read.warnings = [cli_wording(w) for w in read.warnings]
    read.skipped = [api.Skipped(s.row, cli_wording(s.reason), s.file) for s in read.skipped]
    return read


# --- load ----------------------------------------------------------------------------------------


def load_files(
    logs: Sequence[str | Path],
    *,
    program: Program | None = None,
    unit: Unit | None = None,
    mapping: str | Path | None = None,
    pain: str | Path | None = None,
    formula: Formula = "epley",
    date_order: DateOrder | None = None,
) -> LoadReport:
    """What `exdose load` reports: the logs (and the pain diary) read and summarised."""
    from exdose import api

    read = _read_logs(logs, unit, mapping, date_order, program)
    diary = api.read_pain(pain, date_order=date_order) if pain is not None else None
    read.require_sets()
    return api.load_report(read, pain=diary, formula=formula, program=program)


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

    from exdose import api
    from exdose.cli._text import load_text, readiness_text

    try:
        log_unit = _log_unit(unit)
        chosen = _formula(formula)
        order = _date_order(date_order)
        loaded = load_program_or_exit(program) if program is not None else None
        report = load_files(
            logs,
            program=loaded,
            unit=log_unit,
            mapping=mapping,
            pain=pain,
            formula=chosen,
            date_order=order,
        )
        if plot is not None:
            from exdose.cli._app import save_figure

            save_figure(api.load_figure(report), plot)
        readiness = api.readiness_summary(
            [api.read_readiness(p, date_order=order) for p in [*([pain] if pain else []), *logs]]
        )
    except ExdoseError as error:
        fail(error)
    if json_out:
        data = report.to_json_dict()
        if readiness is not None:
            data["readiness"] = readiness.model_dump(mode="json")
        print(json.dumps(data, indent=2))
    else:
        print(load_text(report))
        if readiness is not None:
            print(readiness_text(readiness))


# --- fidelity ------------------------------------------------------------------------------------


def fidelity_files(
    program: str | Path,
    logs: Sequence[str | Path],
    *,
    unit: Unit | None = None,
    mapping: str | Path | None = None,
    through_week: int | None = None,
    start: Start = None,
    date_order: DateOrder | None = None,
) -> FidelityReport:
    """What `exdose fidelity` reports: the programme and its logs read and compared."""
    from exdose import api

    loaded = api.load_program(program)
    read = _read_logs(logs, unit, mapping, date_order, loaded)
    read.require_sets()
    return api.fidelity(loaded, read, through_week=through_week, start=start)


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

    from exdose.cli._text import fidelity_text

    try:
        report = fidelity_files(
            program,
            logs,
            unit=_log_unit(unit),
            mapping=mapping,
            through_week=through,
            start=_start(start),
            date_order=_date_order(date_order),
        )
    except ExdoseError as error:
        fail(error)
    if json_out:
        print(json.dumps(report.model_dump(mode="json"), indent=2))
    else:
        print(fidelity_text(report))


# --- adjust --------------------------------------------------------------------------------------


def adjust_files(
    program: str | Path,
    logs: Sequence[str | Path],
    *,
    pain: Sequence[str | Path] = (),
    unit: Unit | None = None,
    mapping: str | Path | None = None,
    output: str | Path | None = None,
    start: Start = None,
    week: int | None = None,
    date_order: DateOrder | None = None,
) -> Adjustment:
    """What `exdose adjust` proposes: programme, logs and diaries read and judged; the next
    programme written to `output` (an edit of the programme's own file, comments and layout
    kept) unless the decision is "refer". The programme file is only replaced when `output`
    names it."""
    from exdose import api

    loaded = api.load_program(program)
    read = _read_logs(logs, unit, mapping, date_order, loaded)
    read.require_sets()
    diaries = [api.read_pain(p, date_order=date_order) for p in pain]
    readiness = [api.read_readiness(p, date_order=date_order) for p in [*pain, *logs]]
    result = api.propose_adjustment(
        loaded, read, diaries, start=start, week=week, readiness=readiness
    )
    result.notes = [cli_wording(note) for note in result.notes]
    if output is not None and result.decision != "refer":
        api.save_program(api.next_program(loaded, result), output, source=program)
    return result


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

    from exdose.cli._text import adjustment_text

    try:
        log_unit = _log_unit(unit)
        result = adjust_files(
            program,
            logs,
            pain=pain or [],
            unit=log_unit,
            mapping=mapping,
            output=output,
            start=_start(start),
            week=week,
            date_order=_date_order(date_order),
        )
    except ExdoseError as error:
        fail(error)
    if json_out:
        print(json.dumps(result.as_json(), indent=2))
    else:
        print(adjustment_text(result))
    if output is not None:
        if result.decision == "refer":
            print(f"not written: {output} (red flag: no proposal)", file=sys.stderr)
        else:
            print(f"wrote {output}", file=sys.stderr)

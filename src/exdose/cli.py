"""The exdose command line: parse arguments, call one library function, print, set the exit code.

Heavy libraries (polars, matplotlib, weasyprint, ...) are imported inside the commands so that
start-up stays fast.
"""

from __future__ import annotations

import os
import sys

# pydantic looks for plugins by scanning every installed package's entry points when it builds its
# first model: a fifth of `exdose check`'s start-up. The command line uses no pydantic plugins.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from exdose.errors import ExdoseError

app = typer.Typer(
    name="exdose",
    help="Exact exercise programmes: write, check (CERT/TIDieR), render, expand, monitor, "
    "appraise.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _print_version(value: bool) -> None:
    if value:
        from exdose import __version__

        print(f"exdose {__version__}")
        raise typer.Exit(0)


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Exact exercise programmes: write, check (CERT/TIDieR), render, expand, monitor, appraise."""


def fail(error: ExdoseError, code: int = 2) -> NoReturn:
    """Print a user error in one line on stderr and exit."""
    print(f"exdose: error: {error.one_line()}", file=sys.stderr)
    raise typer.Exit(code)


# --- programme commands (issue 2) -------------------------------------------------------------


def _load(path: Path):  # type: ignore[no-untyped-def]
    from exdose.program.io import load_program

    try:
        return load_program(path)
    except ExdoseError as error:
        _print_problems(error)
        raise typer.Exit(2) from None


def _print_problems(error: ExdoseError) -> None:
    problems = getattr(error, "problems", None)
    if problems:
        for problem in problems:
            print(f"exdose: error: {problem.one_line()}", file=sys.stderr)
    else:
        print(f"exdose: error: {error.one_line()}", file=sys.stderr)


@app.command()
def schema(
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write to a file.")] = None,
) -> None:
    """Print the JSON Schema of programme files (for editor autocompletion and validation)."""
    from exdose.program.schema import program_json_schema

    text = program_json_schema()
    if output is None:
        print(text)
    else:
        from exdose.files import write_text_atomic

        write_text_atomic(output, text)


@app.command()
def check(
    file: Annotated[Path, typer.Argument(help="Programme file (YAML or JSON).")],
    json_out: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
    min_cert: Annotated[
        int | None, typer.Option("--min-cert", min=0, max=19, help="Exit 1 below this CERT score.")
    ] = None,
    min_tidier: Annotated[
        int | None,
        typer.Option("--min-tidier", min=0, max=12, help="Exit 1 below this TIDieR score."),
    ] = None,
) -> None:
    """Check a programme for completeness against CERT (/19) and TIDieR (/12).

    Exit code 0: valid and at or above the thresholds; 1: below a threshold; 2: invalid file.
    """
    from exdose.checklists.check import check_file
    from exdose.report.tables import print_check

    result = check_file(file, min_cert=min_cert, min_tidier=min_tidier)
    if json_out:
        import json

        print(json.dumps(result.to_json(), indent=2, ensure_ascii=False))
    else:
        print_check(result)
    raise typer.Exit(result.exit_code)


@app.command()
def expand(
    file: Annotated[Path, typer.Argument(help="Programme file (YAML or JSON).")],
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="csv, json (one row per set) or table.")
    ] = "table",
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write to a file.")] = None,
) -> None:
    """Expand a programme into the planned sets, week by week (one row per set)."""
    from exdose.program.expand import expand as expand_program
    from exdose.report.tables import print_planned_table, sets_to_text

    if fmt not in ("csv", "json", "table"):
        fail(ExdoseError(f"unknown format {fmt!r}", hint="use csv, json or table"))
    loaded = _load(file)
    planned = expand_program(loaded)
    if fmt == "table":
        print_planned_table(planned, output)
        return
    text = sets_to_text(planned, fmt)
    if output is None:
        sys.stdout.write(text)
    else:
        from exdose.files import write_text_atomic

        write_text_atomic(output, text)


@app.command()
def dose(
    file: Annotated[Path, typer.Argument(help="Programme file (YAML or JSON).")],
    json_out: Annotated[
        bool, typer.Option("--json", help="Print the weekly dose as JSON.")
    ] = False,
    plot: Annotated[Path | None, typer.Option("--plot", help="Write a PNG figure.")] = None,
    caution: Annotated[
        float, typer.Option(help="Week-over-week increase flagged as caution (fraction).")
    ] = 0.10,
    spike: Annotated[
        float, typer.Option(help="Week-over-week increase flagged as a spike (fraction).")
    ] = 0.15,
) -> None:
    """The planned dose per week: sets per muscle (fractional), volume load, sessions, minutes."""
    from exdose.report.planned import planned_dose_report

    loaded = _load(file)
    try:
        planned_dose_report(loaded, json_out=json_out, plot=plot, caution=caution, spike=spike)
    except ExdoseError as error:
        fail(error)


@app.command()
def render(
    file: Annotated[Path, typer.Argument(help="Programme file (YAML or JSON).")],
    output: Annotated[
        Path, typer.Option("-o", "--output", help="Output file: .md, .html, .pdf or .docx.")
    ],
    audience: Annotated[
        str, typer.Option(help="methods (for the paper) or handout (for the person training).")
    ] = "methods",
) -> None:
    """Render a programme as a methods section (with filled checklists) or a handout."""
    from exdose.report.render import render_file

    if audience not in ("methods", "handout"):
        fail(ExdoseError(f"unknown audience {audience!r}", hint="use methods or handout"))
    loaded = _load(file)
    try:
        render_file(loaded, output, audience)
    except ExdoseError as error:
        fail(error)
    print(f"wrote {output}", file=sys.stderr)


@app.command()
def exercises(
    query: Annotated[str | None, typer.Argument(help="Part of a name; omit to list all.")] = None,
    muscle: Annotated[str | None, typer.Option(help="Only exercises for this muscle.")] = None,
) -> None:
    """Search the exercise library (names, ids, muscles) to write programme files."""
    from exdose.report.tables import print_exercises

    print_exercises(query, muscle)


# --- appraisal commands (issue 3) -------------------------------------------------------------


@app.command()
def appraise(
    paths: Annotated[list[Path], typer.Argument(help="Report files or folders (recursive).")],
    json_lines: Annotated[
        bool, typer.Option("--json", help="Print one JSON object per report (JSON Lines).")
    ] = False,
    csv_out: Annotated[
        Path | None, typer.Option("--csv", help="Write the ratings table (CSV).")
    ] = None,
    xlsx_out: Annotated[
        Path | None, typer.Option("--xlsx", help="Write ratings and totals (XLSX).")
    ] = None,
    summary_out: Annotated[
        Path | None, typer.Option("--summary", help="Write the review summary (.md or .html).")
    ] = None,
    heatmap_out: Annotated[
        Path | None, typer.Option("--heatmap", help="Write the reports x items heatmap (.png).")
    ] = None,
    workers: Annotated[int, typer.Option("--workers", min=1, help="Worker processes.")] = 1,
    max_size: Annotated[
        float, typer.Option("--max-size", min=0.001, help="Size bound per input file, in MB.")
    ] = 50.0,
) -> None:
    """Rate trial reports on CERT (19 items) and TIDieR (12 items), with evidence sentences.

    Exit code 0 when every report was rated, 1 when any could not be read, 2 on a usage error.
    """
    from exdose.appraise.batch import appraise_paths
    from exdose.report.review import progress_bar, write_review

    try:
        with progress_bar("appraising") as progress:
            results = appraise_paths(
                paths, workers=workers, max_bytes=int(max_size * 1024 * 1024), progress=progress
            )
            summary = write_review(
                results,
                json_stream=sys.stdout if json_lines else None,
                csv_path=csv_out,
                xlsx_path=xlsx_out,
                summary_path=summary_out,
                heatmap_path=heatmap_out,
            )
    except ExdoseError as error:
        fail(error)
    for record in summary.failed:
        print(f"exdose: not rated: {record.error}", file=sys.stderr)
    if not json_lines:
        if not (csv_out or xlsx_out or summary_out or heatmap_out):
            # no output asked for: show the totals here (evidence is in --json/--csv/--summary)
            print("\n".join(summary.score_lines()))
        print(
            f"{len(summary.rated)} report(s) rated, {len(summary.failed)} could not be read",
            file=sys.stderr,
        )
    raise typer.Exit(1 if summary.failed else 0)


@app.command()
def agreement(
    rater_a: Annotated[Path, typer.Argument(help="Ratings table (CSV) of rater A.")],
    rater_b: Annotated[Path, typer.Argument(help="Ratings table (CSV) of rater B.")],
    json_out: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Agreement between two raters: % agreement, Cohen's kappa and PABAK per item and overall."""
    from exdose.appraise.agreement import compare_ratings, format_agreement

    try:
        report = compare_ratings(rater_a, rater_b)
    except ExdoseError as error:
        fail(error)
    print(report.model_dump_json(indent=2) if json_out else format_agreement(report))


# --- monitoring commands (issue 4) ------------------------------------------------------------

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
        library = _load(program).library if program is not None else None
        report, _, pain_table = build_load_report(
            logs,
            unit=unit,  # type: ignore[arg-type]
            mapping=mapping,
            library=library,
            pain_diary=pain,
            formula=formula,  # type: ignore[arg-type]
            date_order=date_order,  # type: ignore[arg-type]
        )
        if plot is not None:
            from exdose.report.load_plot import load_plot

            load_plot(report, plot)
    except ExdoseError as error:
        fail(error)
    if json_out:
        print(json.dumps(report.to_json_dict(), indent=2))
    else:
        print(format_load_text(report))
    _ = pain_table


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


def main() -> None:
    """Entry point of the `exdose` console script."""
    try:
        app()
    except ExdoseError as error:
        print(f"exdose: error: {error.one_line()}", file=sys.stderr)
        sys.exit(2)
    except BrokenPipeError:
        # the reader (e.g. `| head`) closed the pipe: stop quietly, as other Unix tools do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)

"""Programme commands: schema, check, expand, dose, render, exercises."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from exdose.cli._app import _load, app, fail
from exdose.errors import ExdoseError


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
    from exdose.report.assumptions import plan_assumptions

    loaded = _load(file)
    planned = expand_program(loaded)
    assumed = [item.text for item in plan_assumptions(loaded)]
    if fmt == "table":
        print_planned_table(planned, output, assumed)
        return
    for line in assumed:  # the data stays clean; the assumptions go to the terminal
        print(f"assumed by exdose: {line}", file=sys.stderr)
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
    lang: Annotated[
        str, typer.Option("--lang", help="Handout language: en, nb (Norwegian) or sv (Swedish).")
    ] = "en",
) -> None:
    """Render a programme as a methods section (with filled checklists) or a handout."""
    from exdose.report.render import render_file

    if audience not in ("methods", "handout"):
        fail(ExdoseError(f"unknown audience {audience!r}", hint="use methods or handout"))
    loaded = _load(file)
    try:
        render_file(loaded, output, audience, lang)
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

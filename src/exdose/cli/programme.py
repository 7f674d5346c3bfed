"""Programme commands: schema, check, expand, dose, render, exercises.

Each command parses its options, calls the public API (`exdose.api`), prints and sets the exit
code. What the commands print is in `exdose.cli._text`.
"""

from __future__ import annotations

import dataclasses
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, cast

import typer

from exdose.cli._app import app, fail, load_program_or_exit
from exdose.errors import ExdoseError, UsageError

if TYPE_CHECKING:
    from exdose.api import ChecklistScore, CheckResult


@app.command()
def schema(
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write to a file.")] = None,
) -> None:
    """Print the JSON Schema of programme files (for editor autocompletion and validation)."""
    from exdose import api

    text = api.program_schema()
    if output is None:
        print(text)
    else:
        from exdose.files import write_text_atomic

        write_text_atomic(output, text)


# --- check: the file's outcome and its exit code -------------------------------------------------


@dataclass(frozen=True)
class FileCheck:
    """The outcome of `exdose check FILE`: the scores, or the file's problems, and the exit code
    the thresholds give."""

    program: str
    score: CheckResult | None
    problems: list[dict[str, Any]] = field(default_factory=list)
    min_cert: int | None = None
    min_tidier: int | None = None
    warnings: list[dict[str, Any]] = field(default_factory=list)
    """Advice about a valid file (plan text against the computed plan, loads off the kit)."""

    @property
    def valid(self) -> bool:
        """True when the file loaded and validated."""
        return self.score is not None

    @property
    def exit_code(self) -> int:
        """0 valid and at/above the thresholds, 1 below a threshold, 2 invalid."""
        if self.score is None:
            return 2
        if self.min_cert is not None and self.score.cert.score < self.min_cert:
            return 1
        if self.min_tidier is not None and self.score.tidier.score < self.min_tidier:
            return 1
        return 0

    def checklists(self) -> tuple[ChecklistScore, ChecklistScore]:
        """CERT and TIDieR scores (all items unreported when the file is invalid)."""
        if self.score is not None:
            return self.score.cert, self.score.tidier
        from exdose import api

        hint = "the file is invalid: fix the problems listed first"
        return (
            api.ChecklistScore(
                "cert",
                tuple(
                    api.ItemResult(i.id, i.title, False, None, hint)
                    for i in api.checklist("cert").items
                ),
            ),
            api.ChecklistScore(
                "tidier",
                tuple(
                    api.ItemResult(i.id, i.title, False, None, hint)
                    for i in api.checklist("tidier").items
                ),
            ),
        )

    def to_json(self) -> dict[str, Any]:
        """The documented JSON shape of `exdose check --json`."""
        cert, tidier = self.checklists()
        return {
            "program": self.program,
            "cert": cert.to_json(),
            "tidier": tidier.to_json(),
            "problems": self.problems,
            "warnings": self.warnings,
        }


def check_file(
    path: str | Path, *, min_cert: int | None = None, min_tidier: int | None = None
) -> FileCheck:
    """Check a programme file; problems with the file are collected, never raised."""
    from exdose import api
    from exdose.cli._app import cli_wording

    try:
        program = api.load_program(path)
    except ExdoseError as error:
        problems = getattr(error, "problems", None)
        if problems:
            listed = [
                {
                    "file": p.file,
                    "line": p.line,
                    "column": p.column,
                    "message": cli_wording(p.message),
                }
                for p in problems
            ]
        else:
            listed = [
                {
                    "file": error.file or str(path),
                    "line": error.line,
                    "column": error.column,
                    "message": cli_wording(
                        error.message + (f" ({error.hint})" if error.hint else "")
                    ),
                }
            ]
        return FileCheck(str(path), None, listed, min_cert, min_tidier)
    score = dataclasses.replace(api.check(program), program=str(path))
    warnings = [
        {"file": w.file, "line": w.line, "column": w.column, "message": cli_wording(w.message)}
        for w in api.plan_warnings(path)
    ]
    return FileCheck(str(path), score, [], min_cert, min_tidier, warnings)


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
    from exdose.cli._text import print_check

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
    from exdose import api
    from exdose.cli._text import print_planned_table, sets_to_text

    if fmt not in ("csv", "json", "table"):
        fail(ExdoseError(f"unknown format {fmt!r}", hint="use csv, json or table"))
    program = load_program_or_exit(file)
    try:
        planned = api.expand(program)
        assumed = [item.text for item in api.plan_assumptions(program)]
    except ExdoseError as error:
        fail(error)
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
    import json

    from exdose import api
    from exdose.cli._text import print_weeks

    program = load_program_or_exit(file)
    try:
        if not 0 <= caution <= spike:
            raise UsageError(
                f"--caution ({caution}) must be between 0 and --spike ({spike})",
                hint="fractions, e.g. --caution 0.10 --spike 0.15",
            )
        weekly = api.planned_dose(program, caution=caution, spike=spike)
        if plot is not None:
            _write_dose_plot(weekly, plot)
    except ExdoseError as error:
        fail(error)
    if json_out:
        print(json.dumps(weekly.model_dump(mode="json"), indent=2, ensure_ascii=False))
        return
    deloads = set(program.deload.weeks) if program.deload else set()
    print_weeks(program.name, weekly.weeks, deloads, plot)


def _write_dose_plot(weekly: Any, plot: Path) -> None:
    """The planned dose figure from the API, saved by the CLI."""
    from exdose import api
    from exdose.cli._app import save_figure

    save_figure(api.dose_figure(weekly), plot)


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
    from exdose import api

    if audience not in ("methods", "handout"):
        fail(ExdoseError(f"unknown audience {audience!r}", hint="use methods or handout"))
    program = load_program_or_exit(file)
    try:
        api.render(
            program, output, cast("Literal['methods', 'handout']", audience), lang, source=file
        )
    except ExdoseError as error:
        fail(error)
    print(f"wrote {output}", file=sys.stderr)


@app.command()
def exercises(
    query: Annotated[str | None, typer.Argument(help="Part of a name; omit to list all.")] = None,
    muscle: Annotated[str | None, typer.Option(help="Only exercises for this muscle.")] = None,
) -> None:
    """Search the exercise library (names, ids, muscles) to write programme files."""
    from exdose import api
    from exdose.cli._text import print_exercises

    found = api.find_exercises(query, muscle=muscle)
    suggestions = api.exercise_library().suggest(query, limit=5) if query and not found else []
    print_exercises(found, suggestions)

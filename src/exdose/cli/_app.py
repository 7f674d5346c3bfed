"""The Typer application object, the shared options and the one-line error printer.

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

"""The exdose command line: parse arguments, call one library function, print, set the exit code.

Heavy libraries (polars, matplotlib, weasyprint, ...) are imported inside the commands so that
start-up stays fast.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from exdose.errors import ExdoseError

app = typer.Typer(
    name="exdose",
    help="Exact exercise programmes: write, check (CERT/TIDieR), render, expand, monitor, appraise.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def fail(error: ExdoseError, code: int = 2) -> NoReturn:
    """Print a user error in one line on stderr and exit."""
    print(f"exdose: error: {error.one_line()}", file=sys.stderr)
    raise typer.Exit(code)


# --- programme commands (issue 2) -------------------------------------------------------------

# --- appraisal commands (issue 3) -------------------------------------------------------------

# --- monitoring commands (issue 4) ------------------------------------------------------------


def main() -> None:
    """Entry point of the `exdose` console script."""
    try:
        app()
    except ExdoseError as error:
        print(f"exdose: error: {error.one_line()}", file=sys.stderr)
        sys.exit(2)


_ = (Path, Annotated)  # re-exported for the command sections below

"""The Typer application object, the shared options and the one-line error printer.

Heavy libraries (polars, matplotlib, weasyprint, ...) are imported inside the commands so that
start-up stays fast.
"""

from __future__ import annotations

import os
import re
import sys

# pydantic looks for plugins by scanning every installed package's entry points when it builds its
# first model: a fifth of `exdose check`'s start-up. The command line uses no pydantic plugins.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from exdose.errors import ExdoseError

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from exdose.api import Program

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


# The library's text names the keyword arguments of the Python API ("give unit='kg'"); on the
# command line the same thing is a flag ("give --unit kg"). Argument -> flag, for every option
# that has an argument of the same meaning.
_ARGUMENT_TO_FLAG: dict[str, str] = {
    "unit": "--unit",
    "date_order": "--date-order",
    "mapping": "--mapping",
    "start": "--start",
    "through_week": "--through",
    "week": "--week",
    "caution": "--caution",
    "spike": "--spike",
}
_ARGUMENT = re.compile(
    r"\b(" + "|".join(_ARGUMENT_TO_FLAG) + r")="
    r"('[^']*'(?: or '[^']*')*|datetime\.date\(\.\.\.\)|<path>|[0-9]+(?:\.[0-9]+)?)"
)


# "give week a week from 1 to 6": an argument named without a value, after "give".
_BARE_ARGUMENT = re.compile(r"\bgive (" + "|".join(_ARGUMENT_TO_FLAG) + r")\b(?!=)")
# Where the API points its caller to a field, the command line points to its own output.
_API_TERMS: dict[str, str] = {"(see LogRead.skipped)": "(see `exdose load --json`)"}


def cli_wording(text: str) -> str:
    """`text` with the API's keyword arguments (`unit='kg'`) written as flags (`--unit kg`)."""

    def replace(match: re.Match[str]) -> str:
        flag, value = _ARGUMENT_TO_FLAG[match.group(1)], match.group(2)
        if value == "<path>":
            value = "FILE"
        elif value.startswith("datetime.date"):
            value = "YYYY-MM-DD"
        elif value.startswith("'"):
            value = "|".join(part.strip("'") for part in value.split(" or "))
        return f"{flag} {value}"

    text = _BARE_ARGUMENT.sub(lambda m: f"give {_ARGUMENT_TO_FLAG[m.group(1)]}", text)
    for api_term, cli_term in _API_TERMS.items():
        text = text.replace(api_term, cli_term)
    return _ARGUMENT.sub(replace, text)


def error_line(error: ExdoseError) -> str:
    """The one line the CLI prints for a user error, its hints in the CLI's words."""
    return f"exdose: error: {cli_wording(error.one_line())}"


def fail(error: ExdoseError, code: int = 2) -> NoReturn:
    """Print a user error in one line on stderr and exit."""
    print(error_line(error), file=sys.stderr)
    raise typer.Exit(code)


def load_program_or_exit(path: Path) -> Program:
    """The programme file through the public API; every problem printed and exit 2 when it is
    invalid."""
    from exdose import api

    try:
        return api.load_program(path)
    except ExdoseError as error:
        _print_problems(error)
        raise typer.Exit(2) from None


def _print_problems(error: ExdoseError) -> None:
    problems = getattr(error, "problems", None)
    if problems:
        for problem in problems:
            print(f"exdose: error: {cli_wording(problem.one_line())}", file=sys.stderr)
    else:
        print(error_line(error), file=sys.stderr)


def save_figure(figure: Figure, out: Path) -> Path:
    """Write a figure from the API to OUT atomically: SVG when OUT ends in .svg, otherwise PNG
    (150 dpi). `Figure.savefig` draws through matplotlib's Agg canvas; pyplot is never used."""
    import io

    from exdose.errors import UsageError
    from exdose.files import write_bytes_atomic

    out = Path(out)
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(f"folder {folder} does not exist", file=out)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg" if out.suffix.lower() == ".svg" else "png", dpi=150)
    write_bytes_atomic(out, buffer.getvalue())
    return out

"""The exdose command line: parse arguments, call one library function, print, set the exit code.

Heavy libraries (polars, matplotlib, weasyprint, ...) are imported inside the commands so that
start-up stays fast. Each module of this package registers the commands of one domain on `app`.
"""

from __future__ import annotations

import os
import sys

from exdose.cli._app import app, error_line, fail
from exdose.errors import ExdoseError

# The command modules register their commands on `app` when imported; `exdose --help` lists them
# in this order.
# isort: off
from exdose.cli import programme as _programme_commands
from exdose.cli import appraise as _appraise_commands
from exdose.cli import monitor as _monitor_commands
from exdose.cli import web as _web_commands

# isort: on

__all__ = ["app", "fail", "main"]

_COMMAND_MODULES = (_programme_commands, _appraise_commands, _monitor_commands, _web_commands)


def main() -> None:
    """Entry point of the `exdose` console script."""
    try:
        app()
    except ExdoseError as error:
        print(error_line(error), file=sys.stderr)
        sys.exit(2)
    except BrokenPipeError:
        # the reader (e.g. `| head`) closed the pipe: stop quietly, as other Unix tools do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)

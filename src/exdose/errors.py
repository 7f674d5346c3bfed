"""The one hierarchy of errors a user can cause, each carrying where it happened and what to do."""

from __future__ import annotations

from pathlib import Path


class ExdoseError(Exception):
    """An error caused by user input: carries the place (file, line, column or row) and a hint."""

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        line: int | None = None,
        column: int | None = None,
        row: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = str(file) if file is not None else None
        self.line = line
        self.column = column
        self.row = row
        self.hint = hint

    def where(self) -> str:
        """The place as `file:line:column` (or `file, row N`), empty when unknown."""
        parts: list[str] = []
        if self.file:
            parts.append(self.file)
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        place = ":".join(parts)
        if self.row is not None:
            place = f"{place}, row {self.row}" if place else f"row {self.row}"
        return place

    def one_line(self) -> str:
        """The error as the CLI prints it: one line, place first, hint last."""
        text = self.message.replace("\n", " ")
        if self.hint:
            text = f"{text} ({self.hint})"
        place = self.where()
        return f"{place}: {text}" if place else text

    def __str__(self) -> str:
        return self.one_line()


class ProgramError(ExdoseError):
    """A programme file that cannot be read or is not valid."""


class NotationError(ExdoseError):
    """Compact dose notation that does not parse."""


class LogReadError(ExdoseError):
    """A training log or pain diary that cannot be read."""


class IngestError(ExdoseError):
    """A trial report that cannot be ingested (unreadable, unsafe, too large)."""


class UsageError(ExdoseError):
    """A command used with options that do not fit together."""

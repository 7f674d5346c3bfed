"""Problems of a programme file, each with its place: what reading, validating and explaining a
file report (`exdose.program.io` raises them; `yaml_words` words a YAML error as them)."""

from __future__ import annotations

from dataclasses import dataclass

from exdose.errors import ProgramError


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a programme file, with its place and what to do."""

    file: str
    line: int | None
    column: int | None
    message: str

    def one_line(self) -> str:
        """`file:line:column: message`."""
        place = self.file
        if self.line is not None:
            place += f":{self.line}"
            if self.column is not None:
                place += f":{self.column}"
        return f"{place}: {self.message}"


class ProgramInvalid(ProgramError):
    """A programme file with one or more problems (all of them are listed)."""

    def __init__(self, problems: list[Problem]):
        first = problems[0]
        more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
        super().__init__(
            first.message + more, file=first.file, line=first.line, column=first.column
        )
        self.problems = problems

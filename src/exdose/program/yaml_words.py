"""YAML mistakes in plain words: tabs used for indenting, and indentation that lines up with
nothing, named by the key it belongs to.

`explain_yaml_error` is called only when a programme file could not be read as YAML; it looks
at the text around the reported place and returns a clearer error, one message per problem,
sorted by line. It is kept apart from the loader (`program.io`), whose own wording of
libyaml's messages it falls back to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from exdose.errors import ProgramError

_KEY = re.compile(
    r"^(?P<lead>[ ]*)(?P<dash>(?:-[ ]+)*)(?P<key>[^\s#:'\"\[\]{}][^:#]*?)\s*:(?:\s|$)"
)


@dataclass(frozen=True)
class _Line:
    number: int  # 1-based
    indent: int  # column of the key (after any "- ")
    key: str | None
    text: str
    dash: bool = False  # the line starts a list item ("- key: ...")


def _lines(text: str) -> list[_Line]:
    out: list[_Line] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        match = _KEY.match(raw)
        if match:
            indent = len(match["lead"]) + len(match["dash"])
            out.append(_Line(number, indent, match["key"].strip(), raw, bool(match["dash"])))
        else:
            indent = len(raw) - len(raw.lstrip(" -"))
            out.append(_Line(number, indent, None, raw))
    return out


def tab_problems(text: str) -> list[tuple[int, int]]:
    """(line, column) of every tab in the indentation of a line (1-based), in order."""
    found = []
    for number, raw in enumerate(text.splitlines(), start=1):
        lead = raw[: len(raw) - len(raw.lstrip(" \t"))]
        if "\t" in lead and raw.strip() and not raw.strip().startswith("#"):
            found.append((number, lead.index("\t") + 1))
    return found


def indent_problem(text: str, line: int) -> str | None:
    """Why the key on `line` (1-based) does not line up, naming where it belongs, or None."""
    lines = _lines(text)
    at = next((i for i, item in enumerate(lines) if item.number == line), None)
    if at is None or at == 0:
        return None
    bad = lines[at]
    if bad.key is None:
        # the reported place can be the line after the misplaced key: try the one before
        return None
    levels: list[_Line] = []
    for item in reversed(lines[:at]):
        if item.key is None:
            continue
        if not levels or item.indent < levels[-1].indent:
            levels.append(item)
        if item.indent == 0:
            break
    if not levels or any(level.indent == bad.indent for level in levels):
        return None
    sibling = min(levels, key=lambda level: (abs(level.indent - bad.indent), -level.indent))
    parent = next((level for level in levels if level.indent < sibling.indent), None)
    in_item = False
    for item in reversed(lines[: lines.index(sibling) + 1]):
        if item.indent < sibling.indent:
            break
        if item.indent == sibling.indent and item.dash:
            in_item = True
            break
    if parent is None:
        owner = "the top-level fields"
    elif in_item:
        owner = f"the fields of that item of '{parent.key}'"
    else:
        owner = f"the fields of '{parent.key}'"
    spaces = "space" if bad.indent == 1 else "spaces"
    return (
        f"'{bad.key}' is indented {bad.indent} {spaces}, which lines up with no field above it; "
        f"if it belongs with {owner}, indent it {sibling.indent} spaces like '{sibling.key}' on "
        f"line {sibling.number}"
    )


def explain_yaml_error(text: str, name: str, error: ProgramError) -> ProgramError:
    """A clearer error for a file that is not valid YAML (or `error` itself when none is found).

    Every tab used for indenting is one problem ("tabs cannot indent YAML; use spaces"), with
    its line and column; a key whose indentation lines up with nothing is named with the key it
    most likely belongs beside. Problems are sorted by line.
    """
    from exdose.program.problems import Problem, ProgramInvalid

    if not error.message.startswith("not valid YAML"):
        return error
    problems = [
        Problem(name, line, column, "tabs cannot indent YAML; use spaces")
        for line, column in tab_problems(text)
    ]
    if not problems and error.line is not None:
        for line in (error.line, error.line - 1):
            why = indent_problem(text, line)
            if why:
                column = len(text.splitlines()[line - 1]) - len(
                    text.splitlines()[line - 1].lstrip()
                )
                problems.append(Problem(name, line, column + 1, f"bad indentation: {why}"))
                break
    if not problems:
        return error
    return ProgramInvalid(sorted(problems, key=lambda p: (p.line or 0, p.column or 0)))

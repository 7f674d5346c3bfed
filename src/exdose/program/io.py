"""Reading and writing programme files (YAML or JSON) with file:line:column for every problem.

Input is untrusted: the size is bounded, binary content is refused, and YAML anchors/aliases are
allowed but their expanded size is bounded (no "billion laughs").
"""

from __future__ import annotations

import difflib
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from exdose.errors import ProgramError
from exdose.exercises import EXTRA_MUSCLES, MUSCLES, Exercise, ExerciseLibrary, default_library
from exdose.files import write_text_atomic
from exdose.program.model import (
    Double,
    ExerciseDef,
    Levels,
    Linear,
    PercentWave,
    Phase,
    Program,
    RpeTargets,
)
from exdose.program.problems import Problem as Problem  # re-exported: importers of io use them
from exdose.program.problems import ProgramInvalid as ProgramInvalid

MAX_FILE_BYTES = 5 * 1024 * 1024
"""Largest programme file read (5 MiB): real programmes are a few kilobytes."""
MAX_EXPANDED_NODES = 200_000
"""Largest YAML document after expanding anchors: guards against alias bombs."""
MAX_DEPTH = 100
"""Deepest nesting of YAML collections read (real programmes nest about 8 deep). Checked before
the document is built: libyaml's composer recurses in C and a file nested 25,000 deep crashes the
interpreter (segmentation fault) instead of raising."""
MAX_PLANNED_SETS = 200_000
"""Most planned sets a programme may expand to (ten years of five sessions a week of eight
exercises of five sets is 104,000); anchors and aliases make bigger plans easy to write."""

# libyaml's messages in plain words, with what to do.
_PLAIN_YAML: dict[str, tuple[str, str]] = {
    "mapping values are not allowed": (
        "a ':' where a value was expected",
        "put a text that contains ': ' in quotes, or start the nested fields on a new, indented "
        "line",
    ),
    "found character that cannot start any token": (
        "a character YAML cannot start a value with (a tab, '@' or '`')",
        "indent with spaces, not tabs, and put values starting with @ or ` in quotes",
    ),
    "did not find expected key": (
        "the indentation does not line up with the fields above",
        "indent each field of a mapping by the same number of spaces",
    ),
    "did not find expected '-' indicator": (
        "the indentation of a list does not line up",
        "start every item of a list with '- ' at the same indentation",
    ),
    "found unexpected end of stream": (
        "the file ends inside a quoted text",
        "close the quote that opens on the line shown",
    ),
    "found undefined alias": (
        "an alias (*name) refers to no anchor (&name) above it",
        "define the anchor before using it, or remove the '*'",
    ),
    "did not find expected ','": (
        "a list or mapping in brackets is not closed",
        "close the '[' with ']' or the '{' with '}', separating items with commas",
    ),
    "could not find expected ':'": (
        "a field name without ':' after it",
        "write fields as 'name: value'",
    ),
}

Path_ = tuple[str | int, ...]
KEY = "\x00key"  # marks the position of a mapping key (not its value) in a positions table

try:  # the C loader is much faster where libyaml is available
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _Loader = yaml.SafeLoader


@dataclass
class LoadedProgram:
    """A validated programme with where it came from and where each value sits in the file."""

    program: Program
    path: str
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    library: ExerciseLibrary = field(default_factory=default_library)


# --- reading ---------------------------------------------------------------------------------


def load_program(path: str | Path, library: ExerciseLibrary | None = None) -> LoadedProgram:
    """Read, parse and validate a programme file; raise ProgramInvalid listing every problem."""
    path = Path(path)
    name = str(path)
    try:
        size = path.stat().st_size
    except OSError as error:
        raise ProgramError(f"cannot read the file: {error.strerror}", file=name) from None
    if path.is_dir():
        raise ProgramError("is a folder, not a programme file", file=name)
    if size > MAX_FILE_BYTES:
        raise ProgramError(
            f"file is {size:,} bytes; programme files are limited to {MAX_FILE_BYTES:,}", file=name
        )
    raw = path.read_bytes()
    return load_program_bytes(raw, name, library)


def load_program_bytes(
    raw: bytes, name: str = "<string>", library: ExerciseLibrary | None = None
) -> LoadedProgram:
    """Parse and validate programme text given as bytes (YAML or JSON)."""
    if len(raw) > MAX_FILE_BYTES:
        raise ProgramError(f"programme text is over {MAX_FILE_BYTES:,} bytes", file=name)
    if b"\x00" in raw:
        raise ProgramError("this is a binary file, not a YAML or JSON programme", file=name)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        raise ProgramError(
            f"not UTF-8 text (byte {error.start} is 0x{raw[error.start]:02x})",
            file=name,
            line=line,
            column=column,
            hint="save the file as UTF-8",
        ) from None
    try:
        data, positions = _parse(text, name)
    except ProgramError as error:
        from exdose.program.yaml_words import explain_yaml_error

        raise explain_yaml_error(text, name, error) from None
    program = _validate(data, positions, name)
    lib = _library_for(program, library or default_library())
    problems = [_problem(name, positions, p, msg) for p, msg in check_references(program, lib)]
    if problems:
        raise ProgramInvalid(problems)
    return LoadedProgram(program=program, path=name, positions=positions, library=lib)


def _parse(text: str, name: str) -> tuple[Any, dict[Path_, tuple[int, int]]]:
    if not text.strip():
        raise ProgramError(
            "the file is empty",
            file=name,
            hint="start with 'exdose: 1'; see docs/program-format.md",
        )
    loader = _Loader(text)
    try:
        _check_depth(text, name)
        node = loader.get_single_node()
        if node is None:
            raise ProgramError("the file holds no document", file=name)
        size = _expanded_size(node, {})
        if size > MAX_EXPANDED_NODES:
            raise ProgramError(
                f"the document expands to over {MAX_EXPANDED_NODES:,} values through anchors and "
                "aliases; refusing it",
                file=name,
            )
        _refuse_duplicate_keys(node, name, set())
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or "not valid YAML"
        plain = next((v for k, v in _PLAIN_YAML.items() if problem.startswith(k)), None)
        raise ProgramError(
            f"not valid YAML: {plain[0] if plain else problem}",
            file=name,
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
            hint=plain[1] if plain else None,
        ) from None
    except yaml.YAMLError as error:
        raise ProgramError(f"not valid YAML: {error}", file=name) from None
    except RecursionError:
        raise ProgramError("the document is nested too deeply", file=name) from None
    except ValueError as error:  # e.g. an integer too long to convert
        raise ProgramError(f"a value cannot be read: {error}", file=name) from None
    except (AttributeError, KeyError, TypeError):
        # PyYAML's constructors fail this way on explicitly tagged malformed scalars
        # (`!!timestamp next monday`, `!!bool maybe`)
        raise ProgramError(
            "a value with an explicit YAML tag (such as !!timestamp or !!bool) cannot be read",
            file=name,
            hint="remove the '!!' tag and write the value plainly",
        ) from None
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        raise ProgramError(
            f"a programme file is a mapping of fields, not a {type(data).__name__}",
            file=name,
            line=1,
            column=1,
            hint="start with 'exdose: 1'",
        )
    positions: dict[Path_, tuple[int, int]] = {}
    _collect_positions(node, (), positions, 0)
    return data, positions


_OPEN = (
    yaml.BlockSequenceStartToken,
    yaml.BlockMappingStartToken,
    yaml.FlowSequenceStartToken,
    yaml.FlowMappingStartToken,
)
_CLOSE = (yaml.BlockEndToken, yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken)


def _check_depth(text: str, name: str) -> None:
    """Refuse YAML nested deeper than MAX_DEPTH before anything recursive touches it.

    A quick bound first (every bracket plus the longest run of indentation and '- ' on a line);
    only a text that might be too deep is scanned token by token (libyaml's scanner does not
    recurse). An indentless list under a key adds a level the tokens do not show, so the true
    depth is at most twice the counted one, which the C composer handles.
    """
    brackets = text.count("[") + text.count("{")
    lead = max((len(line) - len(line.lstrip(" -?")) for line in text.splitlines()), default=0)
    if brackets + lead + 2 <= MAX_DEPTH:
        return
    depth = 0
    for token in yaml.scan(text, Loader=_Loader):
        if isinstance(token, _OPEN):
            depth += 1
            if depth > MAX_DEPTH:
                mark = token.start_mark
                raise ProgramError(
                    f"the document is nested more than {MAX_DEPTH} levels deep",
                    file=name,
                    line=mark.line + 1,
                    column=mark.column + 1,
                    hint="a programme nests about 8 levels; this is not a programme file",
                )
        elif isinstance(token, _CLOSE):
            depth -= 1


def _refuse_duplicate_keys(node: yaml.Node, name: str, seen: set[int]) -> None:
    """A key given twice in one mapping would silently lose the first value: refuse it."""
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        keys: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.tag != "tag:yaml.org,2002:merge":
                if key_node.value in keys:
                    first = keys[key_node.value].start_mark.line + 1
                    raise ProgramError(
                        f"the key '{key_node.value}' is given twice in the same mapping "
                        f"(first on line {first}); the first value would be lost",
                        file=name,
                        line=key_node.start_mark.line + 1,
                        column=key_node.start_mark.column + 1,
                        hint="remove or rename one of them",
                    )
                keys[key_node.value] = key_node
            _refuse_duplicate_keys(value_node, name, seen)
    elif isinstance(node, yaml.SequenceNode):
        for value_node in node.value:
            _refuse_duplicate_keys(value_node, name, seen)


def _expanded_size(node: yaml.Node, memo: dict[int, int]) -> int:
    key = id(node)
    if key in memo:
        return memo[key]
    memo[key] = 1  # guards against recursive aliases
    total = 1
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            total += _expanded_size(k, memo) + _expanded_size(v, memo)
            if total > MAX_EXPANDED_NODES:
                break
    elif isinstance(node, yaml.SequenceNode):
        for v in node.value:
            total += _expanded_size(v, memo)
            if total > MAX_EXPANDED_NODES:
                break
    memo[key] = total
    return total


def _collect_positions(
    node: yaml.Node,
    path: Path_,
    out: dict[Path_, tuple[int, int]],
    depth: int,
    inside: set[int] | None = None,
) -> None:
    """Where each value sits in the file, by its path. An alias back into a node that contains
    it (`&a [*a]`) is not followed, and at most MAX_EXPANDED_NODES places are kept: a recursive
    alias would otherwise make this walk exponential (9 aliases a level, 64 levels)."""
    if depth > 64 or path in out or len(out) > MAX_EXPANDED_NODES:
        return
    inside = set() if inside is None else inside
    if id(node) in inside:
        return
    column = node.start_mark.column + 1
    if isinstance(node, yaml.ScalarNode) and node.style in ("'", '"'):
        column += 1  # point at the text, not the quote
    out[path] = (node.start_mark.line + 1, column)
    inside.add(id(node))
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                key_mark = key_node.start_mark
                out[(*path, key_node.value, KEY)] = (key_mark.line + 1, key_mark.column + 1)
                _collect_positions(value_node, (*path, key_node.value), out, depth + 1, inside)
    elif isinstance(node, yaml.SequenceNode):
        for index, value_node in enumerate(node.value):
            _collect_positions(value_node, (*path, index), out, depth + 1, inside)
    inside.discard(id(node))


def _field_names(model: type[BaseModel], seen: set[type[BaseModel]], out: set[str]) -> None:
    if model in seen:
        return
    seen.add(model)
    for name, info in model.model_fields.items():
        out.add(name)
        for arg in _model_types(info.annotation):
            _field_names(arg, seen, out)


def _model_types(annotation: Any) -> list[type[BaseModel]]:
    found: list[type[BaseModel]] = []
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        found.append(annotation)
    for arg in getattr(annotation, "__args__", ()) or ():
        found.extend(_model_types(arg))
    for meta in getattr(annotation, "__metadata__", ()) or ():
        found.extend(_model_types(meta))
    return found


_ALL_FIELDS: set[str] = set()
_FIELD_NAME = re.compile(r"[a-z_][a-z0-9_]*")


def _known_fields() -> set[str]:
    if not _ALL_FIELDS:
        _field_names(Program, set(), _ALL_FIELDS)
    return _ALL_FIELDS


def _validate(data: Any, positions: dict[Path_, tuple[int, int]], name: str) -> Program:
    try:
        return Program.model_validate(data)
    except ValidationError as error:
        problems = _problems_from(error, data, positions, name)
        raise ProgramInvalid(problems) from None
    except RecursionError:
        raise ProgramError("the document is nested too deeply", file=name) from None


def _data_path(data: Any, loc: tuple[Any, ...]) -> Path_:
    """Keep the parts of a pydantic error location that exist in the data (drop union tags)."""
    path: list[str | int] = []
    cursor = data
    for part in loc:
        known_key = isinstance(cursor, dict) and part in cursor
        if isinstance(part, str) and not known_key and not _FIELD_NAME.fullmatch(part):
            continue  # a union member's tag such as 'Provider' or "literal['none']"
        if isinstance(cursor, dict) and part not in cursor and cursor.get("type") == part:
            continue  # a discriminated union's tag ('linear', 'double', ...)
        in_dict = isinstance(cursor, dict) and part in cursor
        in_list = isinstance(cursor, list) and isinstance(part, int) and 0 <= part < len(cursor)
        if in_dict or in_list:
            path.append(part)
            cursor = cursor[part]
        elif isinstance(cursor, dict) and isinstance(part, str) and part.isidentifier():
            path.append(part)  # a missing or unknown key: keep it so the message can name it
            break
    return tuple(path)


def _problems_from(
    error: ValidationError, data: Any, positions: dict[Path_, tuple[int, int]], name: str
) -> list[Problem]:
    by_path: dict[Path_, list[dict[str, Any]]] = {}
    for detail in error.errors(include_url=False):
        path = _data_path(data, tuple(detail["loc"]))
        by_path.setdefault(path, []).append(dict(detail.items()))
    # An explicit-none field (`x: Section | "none"`) reports "use 'none'" beside the real error
    # inside the section: drop it when the section itself has errors.
    for path in list(by_path):
        inner = any(other[: len(path)] == path and other != path for other in by_path)
        if inner:
            kept = [e for e in by_path[path] if e["type"] not in ("literal_error", "model_type")]
            if kept:
                by_path[path] = kept
            else:
                del by_path[path]
    problems: list[Problem] = []
    for path, errs in by_path.items():
        # A union (e.g. a section or the literal "none") reports one error per branch: keep the
        # ones from the branch the user evidently meant.
        specific = [e for e in errs if e["type"] not in ("literal_error", "none_required")]
        chosen = specific or errs
        if any(e["type"] == "model_type" for e in chosen) and len(chosen) < len(errs):
            chosen = [e for e in chosen if e["type"] != "model_type"] or chosen
        seen: set[str] = set()
        for err in chosen[:3]:
            message = _message(path, err, data)
            if message in seen:
                continue
            seen.add(message)
            offset = 0
            ctx = err.get("ctx") or {}
            if err["type"] == "dose_notation":
                offset = int(ctx.get("offset") or 0)
            at = (*path, KEY) if err["type"] == "extra_forbidden" else path
            problem = _problem(name, positions, at, message)
            if offset and problem.column is not None:
                problem = Problem(problem.file, problem.line, problem.column + offset - 1, message)
            problems.append(problem)
    return sorted(problems, key=lambda p: (p.line or 0, p.column or 0))


def _message(path: Path_, err: dict[str, Any], data: Any) -> str:
    where = _dotted(path)
    kind = err["type"]
    field_name = path[-1] if path else ""
    if kind == "missing":
        return f"missing field '{field_name}' in {_dotted(path[:-1]) or 'the programme'}"
    if kind == "extra_forbidden":
        hint = difflib.get_close_matches(str(field_name), sorted(_known_fields()), n=1)
        suggestion = f"; did you mean '{hint[0]}'?" if hint else ""
        return (
            f"unknown field '{field_name}' in {_dotted(path[:-1]) or 'the programme'}{suggestion}"
        )
    if kind == "dose_notation":
        ctx = err.get("ctx") or {}
        extra = f" ({ctx['hint']})" if ctx.get("hint") else ""
        return f"{where}: {ctx.get('message', err['msg'])}{extra}"
    if kind == "literal_error":
        expected = (err.get("ctx") or {}).get("expected", "")
        return f"{where}: {_value_of(data, path)!r} is not allowed; use {expected}"
    if kind == "union_tag_invalid":
        ctx = err.get("ctx") or {}
        return (
            f"{where}: unknown progression type {ctx.get('tag')!r}; use {ctx.get('expected_tags')}"
        )
    return f"{where}: {err['msg']}"


def _value_of(data: Any, path: Path_) -> Any:
    cursor = data
    for part in path:
        try:
            cursor = cursor[part]
        except (KeyError, IndexError, TypeError):
            return None
    return cursor


def _dotted(path: Path_) -> str:
    text = ""
    for part in path:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _problem(
    name: str, positions: dict[Path_, tuple[int, int]], path: Path_, message: str
) -> Problem:
    for cut in range(len(path), -1, -1):
        if path[:cut] in positions:
            line, column = positions[path[:cut]]
            return Problem(name, line, column, message)
    return Problem(name, None, None, message)


# --- references between parts of the programme ----------------------------------------------


def _library_for(program: Program, base: ExerciseLibrary) -> ExerciseLibrary:
    """The bundled library plus the programme's own exercises (which win on a clash of keys)."""
    own: list[Exercise] = []
    for key, ex in program.exercises.items():
        source = base.get(ex.library) if ex.library else None
        primary = tuple(ex.primary) if ex.primary else (source.primary if source else ())
        secondary = (
            tuple(ex.secondary)
            if ex.secondary is not None
            else (source.secondary if source else ())
        )
        own.append(
            Exercise(
                id=key,
                name=ex.name or (source.name if source else key),
                primary=primary,
                secondary=secondary,
                equipment=ex.equipment or (source.equipment if source else None),
                category=source.category if source else None,
                level=source.level if source else None,
                aliases=(ex.name,) if ex.name else (),
                display_name=ex.display_name or (source.display_name if source else None),
                description=ex.description or (source.description if source else None),
                source=source.source if source else "programme",
            )
        )
    return base.with_exercises(own)


def exercise_key(program: Program, library: ExerciseLibrary, name: str) -> str | None:
    """The id a prescription's exercise name refers to: a programme key or a library id."""
    if name in program.exercises:
        return name
    ex = library.get(name)
    return ex.id if ex else None


def written_key(loaded: LoadedProgram, name: str) -> str:
    """The exercise key a prescription's written name stands for: a programme key or a library
    id, else the name as written. Every module that puts prescriptions on exercises uses this."""
    return exercise_key(loaded.program, loaded.library, name) or name


def exercise_name(loaded: LoadedProgram, key: str) -> str:
    """The name an exercise key is shown by: the programme's own name for it, else the
    library's, else the key itself."""
    own = loaded.program.exercises.get(key)
    if own is not None and own.name:
        return own.name
    ex = loaded.library.get(key)
    return ex.name if ex is not None else key


def check_references(program: Program, library: ExerciseLibrary) -> list[tuple[Path_, str]]:
    """Problems a schema cannot see: week coverage, exercise names, muscles, rule/dose fit."""
    problems: list[tuple[Path_, str]] = []
    covered: dict[int, int] = {}
    for index, phase in enumerate(program.phases):
        for week in range(phase.first_week, phase.last_week + 1):
            if week in covered:
                problems.append(
                    (
                        ("phases", index, "weeks"),
                        f"week {week} is in phase {covered[week] + 1} and phase {index + 1}",
                    )
                )
            covered[week] = index
    planned = planned_sets_bound(program)
    if planned > MAX_PLANNED_SETS:
        problems.append(
            (
                ("phases",),
                f"the programme plans up to {planned:,} sets, more than exdose's limit of "
                f"{MAX_PLANNED_SETS:,} (check repeated anchors/aliases and set increments)",
            )
        )
        return problems
    missing = [w for w in range(1, program.weeks + 1) if w not in covered]
    if missing:
        problems.append(
            (("phases",), f"no phase covers week(s) {', '.join(map(str, missing[:10]))}")
        )
    if program.deload:
        for i, week in enumerate(program.deload.weeks):
            if not 1 <= week <= program.weeks:
                problems.append(
                    (
                        ("deload", "weeks", i),
                        f"deload week {week} is outside the programme (weeks 1-{program.weeks})",
                    )
                )
    valid_muscles = set(MUSCLES) | set(EXTRA_MUSCLES)
    for key, ex in program.exercises.items():
        if ex.library and library.get(ex.library) is None:
            problems.append(
                (("exercises", key, "library"), _unknown_exercise(ex.library, program, library))
            )
        for group in ("primary", "secondary"):
            for i, muscle in enumerate(getattr(ex, group) or []):
                if muscle not in valid_muscles:
                    close = difflib.get_close_matches(muscle, sorted(valid_muscles), n=1)
                    hint = f"; did you mean '{close[0]}'?" if close else ""
                    problems.append(
                        (
                            ("exercises", key, group, i),
                            f"unknown muscle '{muscle}'{hint} (valid: {', '.join(MUSCLES)}, "
                            f"{', '.join(EXTRA_MUSCLES)})",
                        )
                    )
    for path, item in program.all_prescriptions():
        if isinstance(item.progression, PercentWave) and path[0] == "phases":
            phase = program.phases[int(path[1])]
            problems.extend(_wave_stays_positive(path, item.progression, phase))
        if exercise_key(program, library, item.exercise) is None:
            problems.append(
                ((*path, "exercise"), _unknown_exercise(item.exercise, program, library))
            )
        problems.extend(_rule_fits_dose(path, item.dose, item.progression, program, library))
    return problems


def _most_sets(item: Any, steps: int) -> int:
    """The most sets one prescription can plan in a phase of `steps` progression steps."""
    dose = item.dose
    most = max(dose.sets, getattr(dose, "sets_max", None) or 0)
    rule = item.progression
    if isinstance(rule, PercentWave):
        most = max([most, *(d.sets for d in rule.pattern)])
    elif isinstance(rule, Levels):
        most = max([most, *(level.dose.sets for level in rule.levels)])
    elif isinstance(rule, Linear) and rule.increment.unit == "set" and rule.increment.value > 0:
        most += math.ceil(rule.increment.value) * steps
        if rule.max is not None and rule.max.unit == "set":
            most = min(most, max(1, int(rule.max.value)))
    return int(most)


def _times_a_week(session: Any) -> int:
    """How often a session is done in a week: once, or on each of its `days` (`daily` is 7),
    `per_day` times a day (fields of the session model where it has them)."""
    days = getattr(session, "days", None)
    count = 7 if days == "daily" else (len(days) if isinstance(days, list | tuple) else 1)
    per_day = getattr(session, "per_day", None)
    return max(1, count) * (per_day if isinstance(per_day, int) and per_day > 0 else 1)


def planned_sets_bound(program: Program) -> int:
    """An upper bound on the rows `expand` makes (weeks x sessions x sets), computed without
    expanding, so a programme that would plan millions of sets is refused on load."""
    total = 0
    for phase in program.phases:
        weeks = phase.last_week - phase.first_week + 1
        repeats = [_times_a_week(session) for session in phase.sessions]
        steps = weeks * sum(repeats)
        for session, times in zip(phase.sessions, repeats, strict=True):
            for item in session.exercises:
                total += weeks * times * _most_sets(item, steps)
        if total > MAX_PLANNED_SETS:
            break
    return total


def _wave_stays_positive(path: Path_, rule: PercentWave, phase: Phase) -> list[tuple[Path_, str]]:
    weeks = phase.last_week - phase.first_week + 1
    waves = (weeks - 1) // len(rule.pattern)
    for i, dose in enumerate(rule.pattern):
        lowest = (dose.pct_1rm or 0) + min(0.0, rule.step * waves)
        if lowest <= 0:
            return [
                (
                    (*path, "progression", "step"),
                    f"with step {rule.step:g} the wave takes pattern dose {i + 1} to "
                    f"{lowest:g}%1RM by the end of phase '{phase.name}'; loads must stay above 0",
                )
            ]
    return []


def _unknown_exercise(name: str, program: Program, library: ExerciseLibrary) -> str:
    own = difflib.get_close_matches(name, list(program.exercises), n=2, cutoff=0.5)
    suggestions = own + [s for s in library.suggest(name, limit=3) if s not in own]
    hint = f"; did you mean {' or '.join(repr(s) for s in suggestions[:3])}?" if suggestions else ""
    return (
        f"unknown exercise '{name}'{hint} "
        "(define it under 'exercises:' or use a library name, see `exdose exercises`)"
    )


def _rule_fits_dose(
    path: Path_, dose: Any, rule: Any, program: Program, library: ExerciseLibrary
) -> list[tuple[Path_, str]]:
    where = (*path, "progression")
    if isinstance(rule, Double) and (dose.reps is None or dose.reps_max is None):
        return [(where, "double progression needs a rep range in the dose, e.g. '3x8-12'")]
    if isinstance(rule, Linear):
        unit = rule.increment.unit
        if unit == "rep" and dose.reps is None:
            return [(where, "a linear rep increment needs reps in the dose")]
        if unit == "s" and dose.seconds is None and dose.apnoea_s is None:
            return [(where, "a linear time increment needs timed work in the dose, e.g. '3x30s'")]
        if unit in ("kg", "lb") and rule.start is None and dose.load_kg is None:
            return [
                (where, "a load increment needs a 'start' load or a load in the dose ('@60kg')")
            ]
    if (
        isinstance(rule, (Linear, Double))
        and rule.increment.unit == "%"
        and ((rule.start is None or rule.start.unit not in ("kg", "lb")) and dose.load_kg is None)
    ):
        return [
            (
                where,
                "a % increment needs a load in kg or lb ('start: 60kg' or '@60kg' in the dose); "
                "for %1RM doses use a percent_wave rule with 'step'",
            )
        ]
    if isinstance(rule, PercentWave) and rule.one_rm.unit not in ("kg", "lb"):
        return [(where, "one_rm is a load in kg or lb, e.g. '140kg'")]
    if isinstance(rule, PercentWave):
        for i, wave_dose in enumerate(rule.pattern):
            if wave_dose.pct_1rm is None:
                return [((*where, "pattern", i), "each wave dose needs a %1RM, e.g. '5x5 @75%1RM'")]
    if isinstance(rule, Levels):
        for i, level in enumerate(rule.levels):
            if level.exercise and exercise_key(program, library, level.exercise) is None:
                return [
                    (
                        (*where, "levels", i, "exercise"),
                        _unknown_exercise(level.exercise, program, library),
                    )
                ]
    _ = RpeTargets, ExerciseDef
    return []


# --- writing ---------------------------------------------------------------------------------


def program_to_data(program: Program) -> dict[str, Any]:
    """The programme as plain data (doses printed in canonical notation), defaults left out."""
    return program.model_dump(mode="json", exclude_none=True, exclude_defaults=False)


def dump_program(program: Program, fmt: str = "yaml") -> str:
    """The programme as YAML or JSON text."""
    data = program_to_data(program)
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def save_program(program: Program, path: str | Path) -> None:
    """Write a programme file (YAML, or JSON for a .json path) atomically."""
    fmt = "json" if str(path).endswith(".json") else "yaml"
    write_text_atomic(path, dump_program(program, fmt))

"""The exercise mapping file: resolves app exercise names the library does not know.

A YAML mapping from the name as the app writes it to either a library exercise (id or name) or a
custom exercise with its muscles:

    Hip Thrust (Machine): Barbell_Hip_Thrust
    Cable Pull Through: Pull Through
    Banded Clamshell:
      primary: [abductors]
      secondary: [glutes]

Keys are compared after normalisation ("Hip Thrust (Machine)" = "machine hip thrust").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from exdose.errors import LogReadError
from exdose.exercises import ExerciseLibrary
from exdose.exercises.library import EXTRA_MUSCLES, MUSCLES, Exercise, normalise_name

_MAX_MAPPING_BYTES = 1024 * 1024


@dataclass
class ExerciseMapping:
    """App names (normalised) -> exercise id, plus the custom exercises the file defines."""

    targets: dict[str, str] = field(default_factory=dict)
    custom: list[Exercise] = field(default_factory=list)

    def resolve(self, name: str) -> str | None:
        """The exercise id this app name maps to, or None."""
        return self.targets.get(normalise_name(name))


def _slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "_", name).strip("_") or "custom"


def _muscles(value: object, mapping: Path, line: int, key: str) -> tuple[str, ...]:
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(m, str) for m in items):
        raise LogReadError(f"'{key}' must be a list of muscle names", file=mapping, line=line)
    known = set(MUSCLES) | set(EXTRA_MUSCLES)
    for muscle in items:
        if muscle.lower() not in known:
            raise LogReadError(
                f"unknown muscle '{muscle}'",
                file=mapping,
                line=line,
                hint=f"use one of: {', '.join(sorted(known))}",
            )
    return tuple(m.lower() for m in items)


MAX_YAML_DEPTH = 50
"""Deepest nesting read in a mapping or column-map file (real ones nest 3 levels)."""
_OPEN = (
    yaml.BlockSequenceStartToken,
    yaml.BlockMappingStartToken,
    yaml.FlowSequenceStartToken,
    yaml.FlowMappingStartToken,
)
_CLOSE = (yaml.BlockEndToken, yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken)


def refuse_deep_yaml(text: str, path: Path, what: str) -> None:
    """Refuse YAML nested deeper than MAX_YAML_DEPTH before the pure-Python loader sees it: on
    thousands of nested brackets its scanner takes seconds per kilobyte before it fails.

    A quick bound first (brackets plus the longest indentation); only then libyaml's scanner,
    which neither recurses nor slows down, counts the real depth."""
    brackets = text.count("[") + text.count("{")
    lead = max((len(line) - len(line.lstrip(" -?")) for line in text.splitlines()), default=0)
    if brackets + lead + 2 <= MAX_YAML_DEPTH:
        return
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    depth = 0
    try:
        for token in yaml.scan(text, Loader=loader):
            if isinstance(token, _OPEN):
                depth += 1
                if depth > MAX_YAML_DEPTH:
                    raise LogReadError(
                        f"the {what} is nested more than {MAX_YAML_DEPTH} levels deep",
                        file=path,
                        line=token.start_mark.line + 1,
                    )
            elif isinstance(token, _CLOSE):
                depth -= 1
    except yaml.MarkedYAMLError as error:
        # Reported from here: the pure-Python loader would take seconds to reach the same place.
        mark = error.problem_mark
        raise LogReadError(
            f"the {what} is not valid YAML: {error.problem}",
            file=path,
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
        ) from None
    except yaml.YAMLError as error:
        raise LogReadError(f"the {what} is not valid YAML: {error}", file=path) from None


def load_mapping(path: Path, library: ExerciseLibrary) -> ExerciseMapping:
    """Read and check a mapping file against the library; errors carry the file and line."""
    try:
        if path.stat().st_size > _MAX_MAPPING_BYTES:
            raise LogReadError("the mapping file is larger than 1 MiB", file=path)
        source = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise LogReadError("mapping file not found", file=path) from None
    except UnicodeDecodeError:
        raise LogReadError("the mapping file is not UTF-8 text", file=path) from None
    refuse_deep_yaml(source, path, "mapping file")
    try:
        root = yaml.compose(source, Loader=yaml.SafeLoader)
    except RecursionError:
        raise LogReadError("the mapping file is nested too deeply", file=path) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise LogReadError(
            f"not valid YAML: {getattr(error, 'problem', error)}",
            file=path,
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
        ) from None
    out = ExerciseMapping()
    if root is None:
        return out
    if not isinstance(root, yaml.MappingNode):
        raise LogReadError(
            "the mapping file must map app names to exercises ('App name: Library name')",
            file=path,
            line=root.start_mark.line + 1,
        )
    custom_lib = library
    for key_node, value_node in root.value:
        line = key_node.start_mark.line + 1
        if not isinstance(key_node, yaml.ScalarNode) or not normalise_name(str(key_node.value)):
            raise LogReadError(
                "each key of the mapping file is an app's exercise name (text)",
                file=path,
                line=line,
            )
        name = str(key_node.value)
        try:
            value = yaml.safe_load(yaml.serialize(value_node))
        except (yaml.YAMLError, RecursionError, ValueError, TypeError, AttributeError, KeyError):
            raise LogReadError(
                f"the value of '{name}' cannot be read (an explicit YAML tag such as !!int, or "
                "nested too deeply)",
                file=path,
                line=value_node.start_mark.line + 1,
            ) from None
        if isinstance(value, str):
            target = custom_lib.get(value)
            if target is None:
                hint = custom_lib.suggest(value)
                raise LogReadError(
                    f"'{name}' maps to '{value}', which is not in the exercise library",
                    file=path,
                    line=value_node.start_mark.line + 1,
                    hint=f"did you mean {' or '.join(repr(h) for h in hint)}?"
                    if hint
                    else "define it with primary: [...] and secondary: [...]",
                )
            out.targets[normalise_name(name)] = target.id
        elif isinstance(value, dict):
            extra = set(value) - {"id", "name", "primary", "secondary", "equipment"}
            if extra:
                raise LogReadError(
                    f"unknown keys for '{name}': {', '.join(sorted(map(str, extra)))}",
                    file=path,
                    line=line,
                    hint="a custom exercise takes id, name, primary, secondary, equipment",
                )
            for key in ("id", "name", "equipment"):
                if value.get(key) is not None and not isinstance(value[key], str):
                    raise LogReadError(f"'{key}' of '{name}' must be text", file=path, line=line)
            primary = _muscles(value.get("primary"), path, line, "primary")
            if not primary:
                raise LogReadError(
                    f"custom exercise '{name}' needs primary muscles", file=path, line=line
                )
            exercise = Exercise(
                id=str(value.get("id") or _slug(name)),
                name=str(value.get("name") or name),
                primary=primary,
                secondary=_muscles(value.get("secondary"), path, line, "secondary"),
                equipment=value.get("equipment"),
            )
            out.custom.append(exercise)
            custom_lib = custom_lib.with_exercises([exercise])
            out.targets[normalise_name(name)] = exercise.id
        else:
            raise LogReadError(
                f"'{name}' must map to an exercise name or to primary/secondary muscles",
                file=path,
                line=line,
            )
    return out

"""The log-format registry: every reader module declares its format (name, how to detect it, how
to read it), and other packages add formats through the entry-point group `exdose.log_formats`.

A plugin package declares, in its pyproject.toml:

    [project.entry-points."exdose.log_formats"]
    myapp = "myapp_exdose:FORMAT"

where `FORMAT` is a `LogFormat`. Built-in formats come first; a plugin cannot replace one (its
name must be new). A plugin that fails to load is left out and named in `load_problems()`, so a
broken third-party package never stops exdose from reading the formats it knows.
"""

from __future__ import annotations

import functools
from typing import Final

from exdose.sets.readers.log_format import LogFormat, signature_detector

ENTRY_POINT_GROUP: Final[str] = "exdose.log_formats"


def _builtin() -> tuple[LogFormat, ...]:
    from exdose.sets.readers import exdose_csv, fitnotes, hevy, strong

    return (strong.FORMAT, hevy.FORMAT, fitnotes.FORMAT, exdose_csv.FORMAT)


_PROBLEMS: list[str] = []


@functools.cache
def formats() -> tuple[LogFormat, ...]:
    """Every registered format: the built-in ones, then those of installed plugins."""
    found = list(_builtin())
    names = {f.name for f in found}
    from importlib.metadata import entry_points

    for point in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda p: p.name):
        try:
            fmt = point.load()
        except Exception as error:
            _PROBLEMS.append(f"log format plugin {point.name!r} did not load: {error}")
            continue
        if not isinstance(fmt, LogFormat):
            _PROBLEMS.append(f"log format plugin {point.name!r} is not an exdose LogFormat")
        elif fmt.name in names:
            _PROBLEMS.append(f"log format plugin {point.name!r} reuses the name {fmt.name!r}")
        else:
            found.append(fmt)
            names.add(fmt.name)
    return tuple(found)


def load_problems() -> list[str]:
    """Why plugins were left out (empty when every plugin loaded)."""
    formats()
    return list(_PROBLEMS)


def get_format(name: str) -> LogFormat | None:
    """The registered format of this name, or None."""
    return next((f for f in formats() if f.name == name), None)


__all__ = [
    "ENTRY_POINT_GROUP",
    "LogFormat",
    "formats",
    "get_format",
    "load_problems",
    "signature_detector",
]

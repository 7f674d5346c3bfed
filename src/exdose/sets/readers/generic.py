"""The generic CSV reader: any spreadsheet or app export, read through a small YAML column map
that says which of the file's columns holds the date, the exercise, the reps, the weight...

    columns:
      date: Day
      exercise: Movement
      reps: Reps
      weight: Load
    unit: kg

The mapped columns are read exactly as the exdose CSV columns of the same names (same checks,
same messages, see docs/logs.md); columns the map does not name are listed in a warning.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, get_args

import polars as pl
import yaml

from exdose.errors import LogReadError
from exdose.sets.readers import exdose_csv
from exdose.sets.readers.common import Parsed, ReadContext, Unit
from exdose.sets.readers.csvio import DELIMITERS, ROW, RawTable, split_header
from exdose.sets.readers.parsing import DateOrder

NAME: Final[str] = "generic-csv"
FIELDS: Final[tuple[str, ...]] = exdose_csv.COLUMNS
"""What a column map may name: the exdose CSV columns (date, exercise, reps, weight, unit, ...)."""
REQUIRED: Final[tuple[str, ...]] = ("date", "exercise")
MAX_MAP_BYTES: Final[int] = 64 * 1024
_KEYS: Final[frozenset[str]] = frozenset({"columns", "unit", "date_order", "delimiter"})
_DELIMITER_WORDS: Final[dict[str, str]] = {
    ",": ",",
    ";": ";",
    "\t": "\t",
    "comma": ",",
    "semicolon": ";",
    "tab": "\t",
}


@dataclass(frozen=True)
class ColumnMap:
    """Which column of a file holds each exdose field, and what the file does not say itself.

    `columns` maps an exdose field (`date`, `exercise`, `reps`, `weight`, ...) to the file's
    column name; `unit` is the weight unit of a file without a unit column; `date_order` reads
    slash dates ("dmy" or "mdy"); `delimiter` is found from the header when None.
    """

    columns: dict[str, str]
    unit: Unit | None = None
    date_order: DateOrder | None = None
    delimiter: str | None = None
    source: str | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        where = self.source
        unknown = [k for k in self.columns if k not in FIELDS]
        if unknown:
            raise LogReadError(
                f"the column map names unknown field(s) {', '.join(map(repr, unknown))}",
                file=where,
                hint=f"the fields are {', '.join(FIELDS)}",
            )
        missing = [k for k in REQUIRED if k not in self.columns]
        if missing:
            raise LogReadError(
                f"the column map lacks {' and '.join(missing)}",
                file=where,
                hint="say which column of the file holds the date and which the exercise name",
            )
        seen: dict[str, str] = {}
        for name, column in self.columns.items():
            if not isinstance(column, str) or not column.strip():
                raise LogReadError(f"the column map gives no column name for {name!r}", file=where)
            if column in seen:
                raise LogReadError(
                    f"the column map reads the column {column!r} as both {seen[column]!r} "
                    f"and {name!r}",
                    file=where,
                    hint="map each column of the file to one field",
                )
            seen[column] = name
        if self.unit is not None and self.unit not in get_args(Unit):
            raise LogReadError(f"unit {self.unit!r} is not kg or lb", file=where)
        if self.date_order is not None and self.date_order not in get_args(DateOrder):
            raise LogReadError(f"date_order {self.date_order!r} is not dmy or mdy", file=where)
        if self.delimiter is not None and self.delimiter not in DELIMITERS:
            raise LogReadError(
                f"delimiter {self.delimiter!r} is not a comma, semicolon or tab", file=where
            )


def column_map(data: dict[str, Any], source: str | Path | None = None) -> ColumnMap:
    """A column map from plain data (what the YAML file holds)."""
    where = str(source) if source is not None else None
    if not isinstance(data, dict):
        raise LogReadError(
            "a column map is a mapping with 'columns:' (field: the file's column name)",
            file=where,
        )
    extra = sorted(str(k) for k in data if k not in _KEYS)
    if extra:
        raise LogReadError(
            f"unknown key(s) in the column map: {', '.join(extra)}",
            file=where,
            hint="the keys are columns, unit, date_order and delimiter",
        )
    columns = data.get("columns")
    if not isinstance(columns, dict) or not columns:
        raise LogReadError(
            "the column map needs 'columns:' mapping fields to the file's column names",
            file=where,
            hint="e.g. columns: {date: Day, exercise: Movement, reps: Reps}",
        )
    delimiter = data.get("delimiter")
    if delimiter is not None:
        delimiter = _DELIMITER_WORDS.get(str(delimiter).lower() if delimiter != "\t" else "\t")
        if delimiter is None:
            raise LogReadError(
                f"delimiter {data.get('delimiter')!r} is not comma, semicolon or tab", file=where
            )
    unit = data.get("unit")
    order = data.get("date_order")
    return ColumnMap(
        columns={
            str(k): (str(v) if isinstance(v, str | int | float) else v) for k, v in columns.items()
        },
        unit=str(unit).lower() if unit is not None else None,  # type: ignore[arg-type]
        date_order=str(order).lower() if order is not None else None,  # type: ignore[arg-type]
        delimiter=delimiter,
        source=where,
    )


def load_column_map(path: str | Path) -> ColumnMap:
    """Read a column map file (YAML); errors carry the file and, for YAML errors, the line."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_MAP_BYTES:
            raise LogReadError(
                f"the column map is larger than {MAX_MAP_BYTES // 1024} KiB", file=path
            )
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise LogReadError("column map file not found", file=path) from None
    except IsADirectoryError:
        raise LogReadError("is a folder, not a column map file", file=path) from None
    except UnicodeDecodeError:
        raise LogReadError("the column map is not UTF-8 text", file=path) from None
    from exdose.sets.readers.mapping import refuse_deep_yaml

    refuse_deep_yaml(text, path, "column map")
    try:
        data = yaml.safe_load(text)  # the pure-Python loader: deep nesting is a RecursionError
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        raise LogReadError(
            f"the column map is not valid YAML: {error.problem}",
            file=path,
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
        ) from None
    except yaml.YAMLError as error:
        raise LogReadError(f"the column map is not valid YAML: {error}", file=path) from None
    except RecursionError:
        raise LogReadError("the column map is nested too deeply", file=path) from None
    except (ValueError, TypeError, AttributeError, KeyError):
        # PyYAML's constructors fail this way on explicitly tagged values (!!int x, !!timestamp)
        raise LogReadError(
            "a value with an explicit YAML tag (such as !!int) cannot be read",
            file=path,
            hint="remove the '!!' tag",
        ) from None
    return column_map(data, path)


def _find(header: list[str], column: str) -> int | None:
    if column in header:
        return header.index(column)
    folded = [h.casefold() for h in header]
    if folded.count(column.casefold()) == 1:
        return folded.index(column.casefold())
    return None


def choose_delimiter(line: str, columns: ColumnMap) -> str:
    """The delimiter that splits the header into the most of the map's columns."""
    if columns.delimiter is not None:
        return columns.delimiter
    wanted = list(columns.columns.values())

    def found(delimiter: str) -> int:
        header = split_header(line, delimiter)
        return sum(_find(header, c) is not None for c in wanted)

    return max(DELIMITERS, key=found)


def check_header(header: list[str], columns: ColumnMap, path: Path) -> None:
    """Every column the map names must be in the file's header."""
    missing = [(k, c) for k, c in columns.columns.items() if _find(header, c) is None]
    if missing:
        listed = ", ".join(f"{c!r} (for {k})" for k, c in missing)
        shown = ", ".join(repr(h) for h in header[:12]) + (", ..." if len(header) > 12 else "")
        raise LogReadError(
            f"the header has no column {listed}",
            file=path,
            line=1,
            hint=f"the file's columns are {shown}; correct the column map"
            + (f" ({columns.source})" if columns.source else ""),
        )


def parse(raw: RawTable, ctx: ReadContext, columns: ColumnMap) -> Parsed:
    """Read the mapped columns as the exdose CSV columns of the same names."""
    from exdose.sets.readers.csvio import first_line

    # Found in the header as written; the table's names may carry a suffix ("row (column 4)").
    original = split_header(first_line(raw.path), raw.delimiter)
    check_header(original, columns, raw.path)
    rename: dict[str, str] = {}
    for name, column in columns.columns.items():
        index = _find(original, column)
        assert index is not None  # check_header
        rename[raw.header[index]] = name
    frame = raw.frame.select(
        *[pl.col(original).alias(name) for original, name in rename.items()], pl.col(ROW)
    )
    mapped = RawTable(
        path=raw.path,
        header=list(rename.values()),
        delimiter=raw.delimiter,
        frame=frame,
        skipped=raw.skipped,
        data_rows=raw.data_rows,
    )
    parsed = exdose_csv.parse(mapped, ctx)
    ignored = [original[i] for i, h in enumerate(raw.header) if h not in rename]
    if ignored:
        parsed.warnings.insert(
            0, f"columns not in the column map were ignored: {', '.join(ignored)}"
        )
    return parsed


__all__ = [
    "FIELDS",
    "NAME",
    "ColumnMap",
    "check_header",
    "choose_delimiter",
    "column_map",
    "load_column_map",
    "parse",
]

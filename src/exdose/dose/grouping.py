"""Grouping by dense integer codes, for the metrics that run over millions of sets.

A hash group-by on several string and date keys costs seconds on ten million rows, while counting
into an array indexed by a dense integer key is one pass. Each key column is turned into codes
that sort like its values (nulls first, as polars sorts), the codes are combined into one integer,
and the groups come out already in key order. When the key space would need too large an array,
or a column has a type without a cheap exact code, the functions return None and the caller uses
its plain polars group-by instead: same results, only slower.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import polars as pl

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

# Cells of one dense array of group keys (int64: 256 MB). Beyond it the key space is compacted
# to the keys present, and if it is still too large the caller falls back to a hash group-by.
DENSE_LIMIT = 1 << 25
# Rows looked at to see whether a key column comes in runs before comparing all its rows.
_SAMPLE_ROWS = 1 << 16
# Integer keys beyond this magnitude are ranked rather than offset (no overflow near int64's end).
_SAFE_INT = 1 << 62


@dataclass(frozen=True)
class Codes:
    """Dense codes of one column: levels[codes[i]] is row i's value; codes sort like values."""

    codes: IntArray
    levels: pl.Series


@dataclass(frozen=True)
class Groups:
    """Row-to-group ids (0..size-1, in key order), per key column each group's code, and the
    rows in each group."""

    ids: IntArray
    keys: list[IntArray]
    counts: IntArray

    @property
    def size(self) -> int:
        """The number of groups."""
        return len(self.counts)


def encode(frame: pl.DataFrame) -> list[Codes] | None:
    """Codes of each column of a frame of string, integer or date columns (null is code 0 and
    sorts first); None if a column has another type."""
    strings = [c for c, t in frame.schema.items() if t == pl.String]
    others = [c for c in frame.columns if c not in strings]
    for name in others:
        dtype = frame.schema[name]
        if not (dtype == pl.Date or (dtype.is_integer() and dtype != pl.UInt64)):
            return None
    # One parallel pass: a categorical id per string is one hash lookup per row.
    physical = frame.select(
        *[pl.col(c).cast(pl.Categorical).to_physical() for c in strings],
        *[pl.col(c).to_physical().cast(pl.Int64) for c in others],
    )
    out: list[Codes] = []
    for name in frame.columns:
        if name in strings:
            codes = _string_codes(frame[name], physical[name])
        else:
            codes = _integer_codes(frame[name], physical[name])
        if codes is None:
            return None
        out.append(codes)
    return out


def _levels(series: pl.Series, values: pl.Series) -> pl.Series:
    """The levels, with null first when the column has nulls."""
    if series.null_count():
        values = pl.concat([pl.Series(series.name, [None], series.dtype), values])
    return values.alias(series.name)


def _string_codes(series: pl.Series, ids: pl.Series) -> Codes | None:
    """Codes in string order from categorical ids (which follow first appearance and are shared
    by the whole process): one row per distinct id gives its string, and sorting those few
    strings gives each id its rank."""
    firsts = ids.arg_unique()
    distinct = pl.DataFrame({"id": ids.gather(firsts), "value": series.gather(firsts)})
    distinct = distinct.drop_nulls().sort("value")
    top = int(distinct["id"].max()) if distinct.height else 0  # type: ignore[arg-type]
    if top >= DENSE_LIMIT:
        return None
    shift = 1 if series.null_count() else 0
    # Index top + 1 stands for null, which ranks before every string.
    rank = np.zeros(top + 2, dtype=np.int64)
    rank[distinct["id"].cast(pl.Int64).to_numpy()] = np.arange(shift, distinct.height + shift)
    physical = ids.fill_null(top + 1) if shift else ids
    codes = rank[physical.to_numpy()]
    return Codes(codes, _levels(series, distinct["value"]))


def _integer_codes(series: pl.Series, values: pl.Series) -> Codes | None:
    """Codes of an integer or date column: the offset from the minimum when the span is small,
    else the rank among the distinct values."""
    shift = 1 if series.null_count() else 0
    if values.null_count() == values.len():
        codes = np.zeros(values.len(), dtype=np.int64)
        return Codes(codes, _levels(series, pl.Series(series.name, [], series.dtype)))
    low = int(values.min())  # type: ignore[arg-type]
    high = int(values.max())  # type: ignore[arg-type]
    span_limit = min(DENSE_LIMIT, max(4 * values.len(), 1 << 16))
    if high - low < span_limit and low > -_SAFE_INT and high < _SAFE_INT:
        # Every value in the span is a level; unused levels simply make no group.
        base = low - shift
        codes = (values.fill_null(base) - base).to_numpy()
        levels = pl.int_range(low, high + 1, eager=True).cast(series.dtype)
        return Codes(np.ascontiguousarray(codes, dtype=np.int64), _levels(series, levels))
    present = values.drop_nulls().unique().sort()
    found = present.search_sorted(values.fill_null(low)).cast(pl.Int64).to_numpy() + shift
    if shift:
        found[values.is_null().to_numpy()] = 0
    return Codes(found, _levels(series, present.cast(series.dtype)))


def _decode(values: IntArray, prefix: list[IntArray], radix: list[int]) -> list[IntArray]:
    """Split combined keys into the codes of each column (prefix tables, then mixed radix)."""
    tail: list[IntArray] = []
    for n in reversed(radix):
        values, code = np.divmod(values, n)
        tail.append(code)
    return [table[values] for table in prefix] + tail[::-1]


def group(
    columns: list[IntArray], sizes: list[int], keep: BoolArray | None = None
) -> Groups | None:
    """Group rows (only those where keep is true, if given) by several code columns, codes of
    column j in 0..sizes[j]-1. Groups are numbered in key order. None when the key space cannot
    be held densely."""
    key = columns[0]
    size = sizes[0]
    prefix = [np.arange(size, dtype=np.int64)]
    radix: list[int] = []
    for column, n in zip(columns[1:], sizes[1:], strict=True):
        if size * n > DENSE_LIMIT:
            # Renumber the combinations seen so far to those present, keeping their order.
            present = np.bincount(key, minlength=size) > 0
            prefix = _decode(np.flatnonzero(present), prefix, radix)
            key = (np.cumsum(present, dtype=np.int64) - 1)[key]
            size = len(prefix[0])
            radix = []
            if size * n > DENSE_LIMIT:
                return None
        key = key * n + column
        size *= n
        radix.append(n)
    if keep is not None:
        key = key[keep]
    counts = np.bincount(key, minlength=size)
    present = counts > 0
    ids = (np.cumsum(present, dtype=np.int64) - 1)[key]
    keys = _decode(np.flatnonzero(present), prefix, radix)
    return Groups(ids=ids, keys=keys, counts=counts[present].astype(np.int64))


def _changes(series: pl.Series) -> BoolArray:
    """True on each row whose value differs from the row before (and on the first row)."""
    n = series.len()
    out = np.ones(n, dtype=bool)
    if n > 1:
        out[1:] = series.slice(1).ne_missing(series.slice(0, n - 1)).to_numpy()
    return out


def group_rows(
    frame: pl.DataFrame, keep: BoolArray | None = None
) -> tuple[Groups, list[pl.Series]] | None:
    """Group the rows of a frame of key columns (only those where keep is true, if given): the
    groups, numbered in key order, and each column's levels (Groups.keys index them).

    Logs come in runs (an athlete's rows together, a session's sets together), so the longest
    prefix of the key columns that changes on at most a quarter of the rows is read run by run:
    only one row per run is encoded, and the other columns row by row. None when a column type or
    the key space does not suit dense grouping.
    """
    if frame.height == 0:
        return None
    columns = frame.columns
    starts: BoolArray | None = None
    prefix = 0
    for name in columns:
        # A look at the first rows first: most columns that do not run are seen at once.
        sample = _changes(frame[name].head(_SAMPLE_ROWS))
        if starts is not None:
            sample |= starts[:_SAMPLE_ROWS]
        if np.count_nonzero(sample) > len(sample) // 4:
            break
        candidate = _changes(frame[name])
        if starts is not None:
            candidate |= starts
        if np.count_nonzero(candidate) > frame.height // 4:
            break
        starts, prefix = candidate, prefix + 1
    rest = encode(frame.select(columns[prefix:])) if prefix < len(columns) else []
    if rest is None:
        return None
    if starts is None:
        groups = group([c.codes for c in rest], [c.levels.len() for c in rest], keep)
        return None if groups is None else (groups, [c.levels for c in rest])
    first = np.flatnonzero(starts)
    runs = frame.select(columns[:prefix])[first]
    run_codes = encode(runs)
    if run_codes is None:
        return None
    run_groups = group([c.codes for c in run_codes], [c.levels.len() for c in run_codes])
    if run_groups is None:
        return None
    run_of_row = np.cumsum(starts, dtype=np.int64) - 1
    if not rest and keep is None:
        # Every key column runs: the groups are those of the runs, each with its rows.
        lengths = np.diff(np.append(first, frame.height))
        counts = np.bincount(run_groups.ids, weights=lengths, minlength=run_groups.size)
        groups = Groups(
            ids=run_groups.ids[run_of_row], keys=run_groups.keys, counts=counts.astype(np.int64)
        )
        return groups, [c.levels for c in run_codes]
    groups = group(
        [run_groups.ids[run_of_row], *[c.codes for c in rest]],
        [run_groups.size, *[c.levels.len() for c in rest]],
        keep,
    )
    if groups is None:
        return None
    keys = [key[groups.keys[0]] for key in run_groups.keys] + groups.keys[1:]
    levels = [c.levels for c in run_codes] + [c.levels for c in rest]
    return Groups(ids=groups.ids, keys=keys, counts=groups.counts), levels


def sums(ids: IntArray, size: int, values: FloatArray) -> FloatArray:
    """Sum of values per group id (values without nulls), adding in row order."""
    total: FloatArray = np.bincount(ids, weights=values, minlength=size).astype(
        np.float64, copy=False
    )
    return total


def first_non_null(ids: IntArray, size: int, values: pl.Series) -> pl.Series:
    """Per group, the value of its first row (in row order) where values is not null."""
    out = np.zeros(size, dtype=np.float64)
    valid = np.zeros(size, dtype=bool)
    mask = values.is_not_null().to_numpy()
    if mask.any():
        rows = np.flatnonzero(mask)
        first = np.full(size, len(values), dtype=np.int64)
        np.minimum.at(first, ids[rows], rows)
        valid = first < len(values)
        out[valid] = values.cast(pl.Float64).to_numpy()[first[valid]]
    return with_nulls(out, valid)


def with_nulls(values: FloatArray, valid: BoolArray, name: str = "") -> pl.Series:
    """A Float64 series of values, null where not valid."""
    series = pl.Series(name, values, dtype=pl.Float64)
    if valid.all():
        return series
    return pl.select(pl.when(pl.Series(valid)).then(series)).to_series().alias(name)

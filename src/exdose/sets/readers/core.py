"""read_log / read_logs: detect the format, parse, account for every row, match exercise names."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import polars as pl

from exdose.exercises import ExerciseLibrary, default_library
from exdose.sets.readers import exdose_csv, generic
from exdose.sets.readers.common import Parsed, ReadContext, Unit
from exdose.sets.readers.csvio import (
    MAX_LOG_BYTES,
    RawTable,
    check_size,
    first_line,
    read_table,
    refuse_repeated,
    split_header,
)
from exdose.sets.readers.detect import detect
from exdose.sets.readers.generic import ColumnMap, load_column_map
from exdose.sets.readers.mapping import ExerciseMapping, load_mapping
from exdose.sets.readers.model import PAIN_SCHEMA, LogRead, PainDiary, Skipped, empty_pain
from exdose.sets.readers.parsing import DateOrder
from exdose.sets.readers.registry import load_problems
from exdose.sets.schema import conform_sets, empty_sets

Progress = Callable[[int, int], None]


def _skips(frame: pl.DataFrame) -> list[Skipped]:
    bad = frame.filter(pl.col("_reason").is_not_null()).select("row", "_reason")
    return [Skipped(int(r), str(m)) for r, m in bad.iter_rows()]


def _duplicates(frame: pl.DataFrame) -> tuple[pl.DataFrame, list[Skipped]]:
    """Drop exact repeats of a row (same fields, same set number): an export glitch, not a set."""
    cols = [c for c in frame.columns if c != "row"]
    if not cols or frame.height == 0:
        return frame, []
    marked = frame.with_columns(pl.col("row").min().over(cols).alias("_first"))
    dup = marked.filter(pl.col("row") != pl.col("_first"))
    skipped = [
        Skipped(int(r), f"duplicate of row {int(f)}")
        for r, f in dup.select("row", "_first").iter_rows()
    ]
    return marked.filter(pl.col("row") == pl.col("_first")).drop("_first"), skipped


def _split_sessions(frame: pl.DataFrame) -> pl.DataFrame:
    """Two workouts of the same name on one day (different start times) stay two sessions."""
    if "_start" not in frame.columns or frame.height == 0:
        return frame
    keys = ["athlete", "date", "session"] if "athlete" in frame.columns else ["date", "session"]
    many = pl.col("_start").n_unique().over(keys) > 1
    return frame.with_columns(
        pl.when(many)
        .then(
            pl.concat_str([pl.col("session"), pl.lit(" "), pl.col("_start").dt.strftime("%H:%M")])
        )
        .otherwise(pl.col("session"))
        .alias("session")
    )


def match_names(
    names: Sequence[str], library: ExerciseLibrary, mapping: ExerciseMapping | None
) -> tuple[dict[str, str | None], list[str]]:
    """Exercise id for each app name (mapping first, then the library); notes on fuzzy matches."""
    out: dict[str, str | None] = {}
    notes: list[str] = []
    for name in names:
        target = mapping.resolve(name) if mapping else None
        if target is not None:
            out[name] = target
            continue
        hit = library.match(name)
        if hit is None:
            out[name] = None
            continue
        out[name] = hit.exercise.id
        if hit.how == "fuzzy" and hit.score < 100:
            notes.append(
                f"'{name}' matched to '{hit.exercise.name}' by a close name ({hit.score:.0f}/100);"
                " add it to a mapping file if that is wrong"
            )
    return out, notes


def read_log(
    path: str | Path,
    *,
    unit: Unit | None = None,
    mapping: Path | None = None,
    library: ExerciseLibrary | None = None,
    date_order: DateOrder | None = None,
    max_bytes: int = MAX_LOG_BYTES,
    progress: Progress | None = None,
    columns: ColumnMap | str | Path | None = None,
) -> LogRead:
    """Read a Strong, Hevy, FitNotes or exdose CSV log (or any registered format, or any CSV
    through a column map) into the performed sets table.

    The format is detected from the header, unless `columns` (a ColumnMap or the path of a
    column-map YAML file, see docs/logs.md) says which column holds what. `unit` is used only
    where the file does not state the weight unit (and is required then). `mapping` resolves
    app names the library lacks. Every data row is either in `.sets` or in `.skipped` with its
    row number and reason.
    """
    path = Path(path)
    lib = library or default_library()
    resolved = load_mapping(Path(mapping), lib) if mapping is not None else None
    if resolved and resolved.custom:
        lib = lib.with_exercises(resolved.custom)
    column_map = load_column_map(columns) if isinstance(columns, str | Path) else columns
    check_size(path, max_bytes)
    line = first_line(path)
    parse: Callable[[RawTable, ReadContext], Parsed]
    if column_map is not None:
        delimiter = generic.choose_delimiter(line, column_map)
        header = split_header(line, delimiter)
        refuse_repeated(header, header, path)
        generic.check_header(header, column_map, path)
        fmt_name, variant = generic.NAME, generic.NAME
        numbered = "set" in column_map.columns
        unit = unit or column_map.unit
        date_order = date_order or column_map.date_order
        mapped = column_map

        def parse(raw: RawTable, ctx: ReadContext) -> Parsed:
            return generic.parse(raw, ctx, mapped)
    else:
        found = detect(line, path)
        delimiter, fmt_name, variant = found.delimiter, found.format.name, found.variant
        header = split_header(line, delimiter)
        refuse_repeated(found.format.normalise(header), header, path)
        # Without a set number (FitNotes; exdose CSV without `set`), identical rows are real
        # sets, not repeats.
        numbered = found.format.numbered_sets and (
            fmt_name != exdose_csv.NAME or "set" in exdose_csv.normalise_header(header)
        )
        parse = found.format.read
    raw = read_table(path, delimiter, progress=progress)
    skipped = list(raw.skipped)
    warnings: list[str] = list(load_problems())
    if numbered:
        raw.frame, dups = _duplicates(raw.frame)
        skipped += dups
    ctx = ReadContext(path=path, unit=unit, date_order=date_order)
    parsed = parse(raw, ctx)
    warnings += parsed.warnings
    frame = parsed.frame
    skipped += _skips(frame)
    frame = frame.filter(pl.col("_reason").is_null()).drop("_reason")
    frame = _split_sessions(frame)
    group = [
        c for c in ("athlete", "_start", "date", "session", "exercise_name") if c in frame.columns
    ]
    position = (pl.int_range(pl.len()).over(group) + 1).cast(pl.Int32)
    if "_set_order" in frame.columns:
        frame = frame.with_columns(pl.coalesce(pl.col("_set_order"), position).alias("set_number"))
    elif "set_number" not in frame.columns:
        frame = frame.with_columns(position.alias("set_number"))
    names = frame["exercise_name"].unique(maintain_order=True).drop_nulls().to_list()
    ids, notes = match_names(names, lib, resolved)
    warnings += notes
    frame = frame.with_columns(
        pl.col("exercise_name")
        .replace_strict(ids, default=None, return_dtype=pl.Utf8)
        .alias("exercise"),
        pl.lit(fmt_name).alias("source"),
    )
    sets = conform_sets(frame).sort("row")
    skipped.sort(key=lambda s: s.row)
    unmatched = [n for n in names if ids[n] is None]
    if raw.data_rows == 0:
        warnings.append("the file has a header but no data rows")
    warm = sets.filter(pl.col("set_kind").is_in(["warmup", "drop"])).height
    if warm:
        warnings.append(f"{warm} warm-up or drop sets kept in the table but not counted as dose")
    pain = None
    if parsed.pain is not None:
        pain = PainDiary(entries=_conform_pain(parsed.pain))
    return LogRead(
        sets=sets,
        format=fmt_name,
        variant=variant,
        skipped=skipped,
        unmatched=unmatched,
        warnings=warnings,
        pain=pain,
        library=lib,
        files=[str(path)],
    )


def _conform_pain(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.select(
        [
            pl.col(n).cast(t) if n in frame.columns else pl.lit(None, dtype=t).alias(n)
            for n, t in PAIN_SCHEMA.items()
        ]
    )


def read_logs(
    paths: Sequence[str | Path],
    *,
    unit: Unit | None = None,
    mapping: Path | None = None,
    library: ExerciseLibrary | None = None,
    date_order: DateOrder | None = None,
    max_bytes: int = MAX_LOG_BYTES,
    columns: ColumnMap | str | Path | None = None,
) -> LogRead:
    """Read several logs of one person into one table; sets repeated across files (overlapping
    exports) are kept once and the repeats reported as skipped rows of the later file.
    `columns` (a column map) applies to every file when given."""
    column_map = load_column_map(columns) if isinstance(columns, str | Path) else columns
    reads = [
        read_log(
            p,
            unit=unit,
            mapping=mapping,
            library=library,
            date_order=date_order,
            max_bytes=max_bytes,
            columns=column_map,
        )
        for p in paths
    ]
    if len(reads) == 1:
        return reads[0]
    if not reads:
        return LogRead(sets=empty_sets(), format="none", library=library or default_library())
    frames = [
        r.sets.with_columns(pl.lit(i, dtype=pl.Int32).alias("_file")) for i, r in enumerate(reads)
    ]
    both = pl.concat(frames, how="vertical").with_row_index("_order")
    keys = [
        "athlete",
        "date",
        "session",
        "exercise_name",
        "set_number",
        "set_kind",
        "reps",
        "load_kg",
    ]
    both = both.with_columns(
        pl.col("_order")
        .min()
        .over(
            keys,
        )
        .alias("_first")
    )
    firsts = both.select(
        pl.col("_order").alias("_first"),
        pl.col("_file").alias("_ffile"),
        pl.col("row").alias("_frow"),
    )
    dups = both.filter(pl.col("_order") != pl.col("_first")).join(firsts, on="_first", how="left")
    skipped: list[Skipped] = []
    for i, r in enumerate(reads):
        skipped += [Skipped(s.row, s.reason, file=str(paths[i])) for s in r.skipped]
    for file_i, row, ffile, frow in dups.select("_file", "row", "_ffile", "_frow").iter_rows():
        skipped.append(
            Skipped(
                int(row),
                f"same set as {paths[int(ffile)]} row {int(frow)}",
                file=str(paths[int(file_i)]),
            )
        )
    sets = both.filter(pl.col("_order") == pl.col("_first")).drop("_order", "_first", "_file")
    warnings = [f"{paths[i]}: {w}" for i, r in enumerate(reads) for w in r.warnings]
    if dups.height:
        warnings.append(f"{dups.height} sets appear in more than one file and were counted once")
    unmatched: list[str] = []
    for r in reads:
        unmatched += [n for n in r.unmatched if n not in unmatched]
    pains = [r.pain.entries for r in reads if r.pain is not None]
    formats = sorted({r.format for r in reads})
    return LogRead(
        sets=sets,
        format=formats[0] if len(formats) == 1 else "+".join(formats),
        variant=", ".join(sorted({r.variant for r in reads})),
        skipped=skipped,
        unmatched=unmatched,
        warnings=warnings,
        pain=PainDiary(entries=pl.concat(pains)) if pains else None,
        library=reads[0].library,
        files=[str(p) for p in paths],
    )


__all__ = ["empty_pain", "match_names", "read_log", "read_logs"]

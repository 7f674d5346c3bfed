"""The pain diary: `date,region,during,after,next_morning` (0-10), optional stiffness, red_flag,
notes and athlete. One row per date and body region."""

from __future__ import annotations

from pathlib import Path
from typing import Final

import polars as pl

from exdose.errors import LogReadError
from exdose.sets.readers.csvio import (
    DELIMITERS,
    MAX_LOG_BYTES,
    check_size,
    first_line,
    read_table,
    refuse_repeated,
    split_header,
)
from exdose.sets.readers.model import PAIN_SCHEMA, PainDiary, Skipped
from exdose.sets.readers.parsing import (
    YES_NO,
    DateOrder,
    first_reason,
    not_a_number,
    not_a_number_message,
    number,
    parse_timestamps,
    quoted,
    text,
)

REQUIRED: Final[tuple[str, ...]] = ("date", "region", "during", "after", "next_morning")
OPTIONAL: Final[tuple[str, ...]] = ("stiffness", "red_flag", "notes", "athlete")
READINESS: Final[tuple[str, ...]] = (
    "sleep_hours",
    "sleep_quality",
    "stress",
    "fatigue",
    "soreness",
    "mood",
)
"""Readiness columns: read by exdose.monitor.readiness, not here, so not warned about."""
SCALES: Final[tuple[str, ...]] = ("during", "after", "next_morning", "stiffness")


def read_pain_diary(
    path: str | Path, *, date_order: DateOrder | None = None, max_bytes: int = MAX_LOG_BYTES
) -> PainDiary:
    """Read a pain diary; rows with a bad date or a rating outside 0-10 are skipped with reasons."""
    path = Path(path)
    check_size(path, max_bytes)
    line = first_line(path)
    delimiter = max(DELIMITERS, key=lambda d: len(set(split_header(line, d)) & set(REQUIRED)))
    original = split_header(line, delimiter)
    header = [h.lower() for h in original]
    refuse_repeated(header, original, path)
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise LogReadError(
            f"the pain diary lacks the column(s) {', '.join(missing)}",
            file=path,
            line=1,
            hint="the header must be date,region,during,after,next_morning"
            " (optional stiffness,red_flag,notes)",
        )
    raw = read_table(path, delimiter)
    df = raw.frame.rename({c: c.lower() for c in raw.frame.columns})
    warnings: list[str] = []
    unknown = [c for c in df.columns if c not in (*REQUIRED, *OPTIONAL, *READINESS, "row")]
    if unknown:
        warnings.append(f"columns ignored: {', '.join(unknown)}")
    stamps, _ = parse_timestamps(df["date"], date_order=date_order, file=str(path))
    df = df.with_columns(stamps.dt.date().alias("_date"))

    def opt(name: str) -> pl.Expr:
        return text(name) if name in df.columns else pl.lit(None, dtype=pl.Utf8)

    checks: list[tuple[pl.Expr, pl.Expr]] = [
        (pl.col("_date").is_null(), quoted("date", text("date"), " not understood (YYYY-MM-DD)")),
        (text("region").is_null(), pl.lit("no region")),
    ]
    for name in SCALES:
        value = opt(name)
        n = number(value)
        checks.append((not_a_number(value), not_a_number_message(name, value)))
        checks.append(
            (n.is_not_null() & ((n < 0) | (n > 10)), quoted(name, value, " is outside 0-10"))
        )
    flag = opt("red_flag").str.to_lowercase()
    checks.append(
        (
            flag.is_not_null() & ~flag.is_in(list(YES_NO)),
            quoted("red_flag", opt("red_flag"), " is not yes/no"),
        )
    )
    checks.append(
        (
            pl.all_horizontal(
                [number(opt(n)).is_null() for n in ("during", "after", "next_morning")]
            ),
            pl.lit("no rating (during, after and next_morning are all empty)"),
        )
    )
    parsed = df.with_columns(first_reason(checks).alias("_reason"))
    skipped = list(raw.skipped)
    skipped += [
        Skipped(int(r), str(m))
        for r, m in parsed.filter(pl.col("_reason").is_not_null())
        .select("row", "_reason")
        .iter_rows()
    ]
    skipped.sort(key=lambda s: s.row)
    good = parsed.filter(pl.col("_reason").is_null())
    entries = good.select(
        opt("athlete").alias("athlete"),
        pl.col("_date").alias("date"),
        text("region").str.to_lowercase().alias("region"),
        *[number(opt(n)).alias(n) for n in SCALES[:3]],
        number(opt("stiffness")).alias("stiffness"),
        flag.replace_strict(YES_NO, default=None, return_dtype=pl.Boolean).alias("red_flag"),
        opt("notes").alias("notes"),
        pl.lit("diary").alias("source"),
        pl.col("row"),
    ).select([pl.col(n).cast(t) for n, t in PAIN_SCHEMA.items()])
    return PainDiary(
        entries=entries.sort("date", "region"), skipped=skipped, warnings=warnings, path=str(path)
    )

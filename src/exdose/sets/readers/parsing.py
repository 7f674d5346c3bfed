"""Vectorised parsing of log fields (numbers, dates in app and locale formats, durations)."""

from __future__ import annotations

from typing import Final, Literal

import polars as pl

from exdose.errors import LogReadError

DateOrder = Literal["dmy", "mdy"]

_ISO_FORMATS: Final[tuple[str, ...]] = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %I:%M:%S %p",
    "%Y-%m-%d %I:%M %p",
    "%d %b %Y, %H:%M",
    "%d %b %Y %H:%M",
    "%d %b %Y, %I:%M %p",
    "%d %B %Y, %H:%M",
    # Day-first with dots is the German/Nordic locale; it is never month-first.
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y, %H:%M",
)
_ISO_DATE_FORMATS: Final[tuple[str, ...]] = ("%Y-%m-%d", "%d %b %Y", "%d.%m.%Y", "%Y/%m/%d")
_SLASH_TIME: Final[tuple[str, ...]] = (
    "{d} %H:%M:%S",
    "{d} %H:%M",
    "{d}, %H:%M",
    "{d} %I:%M:%S %p",
    "{d} %I:%M %p",
    "{d}, %I:%M %p",
)
_SLASH_DATE: Final[dict[str, tuple[str, ...]]] = {
    "dmy": ("%d/%m/%Y", "%d/%m/%y"),
    "mdy": ("%m/%d/%Y", "%m/%d/%y"),
}

YES_NO: Final[dict[str, bool]] = {
    "true": True,
    "yes": True,
    "y": True,
    "1": True,
    "false": False,
    "no": False,
    "n": False,
    "0": False,
}
"""Spellings of yes and no accepted in flag columns (red_flag), lower-cased."""

EXPECTED_DATES: Final[str] = (
    "expected e.g. 2024-03-05 18:01:12, 2025-01-30 12:34:56 pm, 15 Sep 2025, 07:48 or 05/03/2024"
)


def clean_text(name: str) -> pl.Expr:
    """The column stripped of spaces, with empty strings as null (done once when reading)."""
    stripped = pl.col(name).str.strip_chars()
    return pl.when(stripped == "").then(None).otherwise(stripped).alias(name)


def text(name: str) -> pl.Expr:
    """A text column of a read table (already stripped, empty as null by `read_table`)."""
    return pl.col(name)


AMBIGUOUS_COMMA: Final[str] = r"^[-+]?\d{1,3},\d{3}$"
"""A number like "1,000" or "12,500": a thousands separator or a decimal comma? Never guessed."""
MAX_COUNT: Final[int] = 100_000
"""Largest count (reps, set number) read; above it a row is reported, not stored (an Int32 column
would otherwise turn 3,000,000,000 reps into an empty cell)."""


def number(expr: pl.Expr) -> pl.Expr:
    """A text expression as Float64; a decimal comma ("62,5") is read as a decimal point.

    Null where the text is not a finite number (also "nan", "inf", "1e999") and where a comma
    could be a thousands separator ("1,000"): callers report those rows with the text.
    """
    value = expr.str.replace(r"^([-+]?\d+),(\d+)$", "$1.$2").cast(pl.Float64, strict=False)
    return pl.when(value.is_finite() & ~expr.str.contains(AMBIGUOUS_COMMA)).then(value)


def not_a_number_message(label: str, expr: pl.Expr) -> pl.Expr:
    """Why the text of a number column was not read (for rows where `not_a_number` holds)."""
    return (
        pl.when(expr.str.contains(AMBIGUOUS_COMMA))
        .then(
            quoted(
                label,
                expr,
                " is ambiguous: is the comma a thousands separator or a decimal comma? Write "
                "it without the comma (1000) or with a decimal point (1.000)",
            )
        )
        .otherwise(quoted(label, expr, " is not a number"))
    )


def too_large(label: str, value: pl.Expr, text_expr: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """A check that a count (reps, set number) is at most MAX_COUNT, with its message."""
    return (
        value.is_not_null() & (value > MAX_COUNT),
        quoted(label, text_expr, f" is more than {MAX_COUNT:,}"),
    )


def with_numbers(df: pl.DataFrame, columns: list[str]) -> pl.DataFrame:
    """Adds `_n_<column>` (the column read as a number) once, for `num` and `bad_num`."""
    present = [c for c in columns if c in df.columns]
    return df.with_columns([number(pl.col(c)).alias(f"_n_{c}") for c in present])


def num(column: str | None) -> pl.Expr:
    """A column's number as computed by `with_numbers` (null literal for an absent column)."""
    return pl.col(f"_n_{column}") if column else pl.lit(None, dtype=pl.Float64)


def bad_num(column: str | None) -> pl.Expr:
    """True where the column has text that is not a number (False for an absent column)."""
    if not column:
        return pl.lit(False)
    return pl.col(column).is_not_null() & pl.col(f"_n_{column}").is_null()


def not_a_number(expr: pl.Expr) -> pl.Expr:
    """True where the text is present but is not a number."""
    return expr.is_not_null() & number(expr).is_null()


def first_reason(checks: list[tuple[pl.Expr, pl.Expr]]) -> pl.Expr:
    """The message of the first failing check per row (null when the row is fine)."""
    if not checks:
        return pl.lit(None, dtype=pl.Utf8)
    out: pl.Expr = pl.lit(None, dtype=pl.Utf8)
    # Built from the last check backwards so that the first failing check wins.
    for cond, msg in reversed(checks):
        out = pl.when(cond).then(msg).otherwise(out)
    return out


def attach_reasons(df: pl.DataFrame, checks: list[tuple[pl.Expr, pl.Expr]]) -> pl.DataFrame:
    """The frame with `_reason`: messages are built only for the rows that fail a check, which
    keeps reading fast when almost every row is fine."""
    if not checks:
        return df.with_columns(pl.lit(None, dtype=pl.Utf8).alias("_reason"))
    flagged = df.with_columns(
        pl.any_horizontal([c for c, _ in checks]).fill_null(False).alias("_bad")
    )
    bad = flagged.filter(pl.col("_bad")).select("row", first_reason(checks).alias("_reason"))
    return flagged.drop("_bad").join(bad, on="row", how="left", maintain_order="left")


def quoted(prefix: str, expr: pl.Expr, suffix: str = "") -> pl.Expr:
    """A message expression: prefix 'value' suffix."""
    return pl.concat_str([pl.lit(f"{prefix} '"), expr.fill_null(""), pl.lit(f"'{suffix}")])


def _normalise_clock(expr: pl.Expr) -> pl.Expr:
    # Phones write a narrow no-break space (U+202F) or no-break space before am/pm, and "a.m.".
    return (
        expr.str.replace_all("[\u202f\u00a0\u2009]", " ")
        .str.replace_all(r"(?i)\b([ap])\.?m\.?$", "${1}m")
        .str.replace_all(r"\s+", " ")
        .str.strip_chars()
    )


def _parse_with(expr: pl.Expr, formats: tuple[str, ...], dates: tuple[str, ...]) -> pl.Expr:
    parsed = [expr.str.strptime(pl.Datetime("us"), f, strict=False) for f in formats]
    parsed += [expr.str.strptime(pl.Date, f, strict=False).cast(pl.Datetime("us")) for f in dates]
    return pl.coalesce(parsed)


def _slash(order: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    dates = _SLASH_DATE[order]
    times = tuple(t.format(d=d) for d in dates for t in _SLASH_TIME)
    return times, dates


def parse_timestamps(
    values: pl.Series, *, date_order: DateOrder | None, file: str
) -> tuple[pl.Series, DateOrder | None]:
    """Parse app and locale date-times; slash dates need a day/month order, found or asked for.

    Returns the parsed Datetime series (null where unreadable) and the day/month order used for
    slash dates (None when the column has none). Refuses to guess when every slash date fits both
    orders, and when some only fit day-first and others only month-first.
    """
    # Parse each distinct text once: a log repeats the workout's time on every set.
    frame = pl.DataFrame({"v": values}).unique().with_columns(clean=_normalise_clock(pl.col("v")))
    clean = pl.col("clean")
    dmy_t, dmy_d = _slash("dmy")
    mdy_t, mdy_d = _slash("mdy")
    frame = frame.with_columns(
        iso=_parse_with(clean, _ISO_FORMATS, _ISO_DATE_FORMATS),
        dmy=_parse_with(clean, dmy_t, dmy_d),
        mdy=_parse_with(clean, mdy_t, mdy_d),
    )
    only_dmy = frame.filter(pl.col("dmy").is_not_null() & pl.col("mdy").is_null()).height
    only_mdy = frame.filter(pl.col("mdy").is_not_null() & pl.col("dmy").is_null()).height
    any_slash = frame.filter(pl.col("dmy").is_not_null() | pl.col("mdy").is_not_null()).height
    order: DateOrder | None = date_order
    if any_slash and order is None:
        if only_dmy and only_mdy:
            raise LogReadError(
                "the dates mix day-first and month-first forms (e.g. 25/03 and 03/25)",
                file=file,
                hint="export again from one phone, or give --date-order dmy|mdy to choose",
            )
        if only_dmy:
            order = "dmy"
        elif only_mdy:
            order = "mdy"
        else:
            example = frame.filter(pl.col("dmy").is_not_null())["v"][0]
            raise LogReadError(
                f"cannot tell day from month in dates like '{example}': every date fits both",
                file=file,
                hint="give --date-order dmy (day first) or --date-order mdy (month first)",
            )
    slash = pl.col("dmy") if order == "dmy" else pl.col("mdy")
    parsed = frame.select(pl.col("v"), pl.coalesce([pl.col("iso"), slash]).alias("parsed"))
    out = pl.DataFrame({"v": values}).join(parsed, on="v", how="left", maintain_order="left")
    return out["parsed"].alias(values.name), (order if any_slash else None)


def duration_text_seconds(expr: pl.Expr) -> pl.Expr:
    """Seconds from app duration text: "49m", "1h 5m", "1h 5m 3s", "45s", "1:05:00", or seconds."""
    hours = expr.str.extract(r"(\d+(?:\.\d+)?)\s*h", 1).cast(pl.Float64, strict=False)
    minutes = expr.str.extract(r"(\d+(?:\.\d+)?)\s*m(?:in)?\b", 1).cast(pl.Float64, strict=False)
    seconds = expr.str.extract(r"(\d+(?:\.\d+)?)\s*s", 1).cast(pl.Float64, strict=False)
    has_unit = expr.str.contains(r"\d\s*[hms]")
    from_units = hours.fill_null(0) * 3600 + minutes.fill_null(0) * 60 + seconds.fill_null(0)
    return (
        pl.when(has_unit)
        .then(from_units)
        .when(expr.str.contains(":"))
        .then(clock_seconds(expr))
        .otherwise(number(expr))
    )


def clock_seconds(expr: pl.Expr) -> pl.Expr:
    """Seconds from "H:MM:SS" or "M:SS" (FitNotes time); null when not of that form."""
    parts = expr.str.extract_groups(r"^(?:(\d+):)?(\d{1,2}):(\d{1,2}(?:\.\d+)?)$")
    h = parts.struct.field("1").cast(pl.Float64, strict=False).fill_null(0)
    m = parts.struct.field("2").cast(pl.Float64, strict=False)
    s = parts.struct.field("3").cast(pl.Float64, strict=False)
    return h * 3600 + m * 60 + s

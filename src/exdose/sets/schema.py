"""The sets table: an empty table and conforming a table to the schema.

The schema itself (`SETS_SCHEMA`) is declared in `exdose.sets_schema`, below both program/,
whose expansion makes planned tables, and sets/, whose readers make performed ones.
"""

from __future__ import annotations

import polars as pl

from exdose.sets_schema import SETS_SCHEMA as SETS_SCHEMA  # declared below sets/ and program/


def empty_sets() -> pl.DataFrame:
    """An empty sets table with the full schema."""
    return pl.DataFrame(schema=SETS_SCHEMA)


def conform_sets(df: pl.DataFrame) -> pl.DataFrame:
    """Add missing columns as nulls, cast to the schema and order the columns canonically."""
    exprs = []
    for name, dtype in SETS_SCHEMA.items():
        if name in df.columns:
            exprs.append(pl.col(name).cast(dtype))
        else:
            exprs.append(pl.lit(None, dtype=dtype).alias(name))
    return df.select(exprs)

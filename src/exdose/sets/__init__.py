"""The sets table: one row per set, planned or performed, and its readers."""

from exdose.sets.readers import (
    MAX_LOG_BYTES,
    ColumnMap,
    LogFormat,
    LogRead,
    PainDiary,
    Skipped,
    formats,
    load_column_map,
    load_mapping,
    read_log,
    read_logs,
    read_pain_diary,
)
from exdose.sets.schema import SETS_SCHEMA, conform_sets, empty_sets

__all__ = [
    "MAX_LOG_BYTES",
    "SETS_SCHEMA",
    "ColumnMap",
    "LogFormat",
    "LogRead",
    "PainDiary",
    "Skipped",
    "conform_sets",
    "empty_sets",
    "formats",
    "load_column_map",
    "load_mapping",
    "read_log",
    "read_logs",
    "read_pain_diary",
]

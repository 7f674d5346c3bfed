"""The sets table: one row per set, planned or performed, and its readers."""

from exdose.sets.readers import (
    MAX_LOG_BYTES,
    LogRead,
    PainDiary,
    Skipped,
    load_mapping,
    read_log,
    read_logs,
    read_pain_diary,
)
from exdose.sets.schema import SETS_SCHEMA, conform_sets, empty_sets

__all__ = [
    "MAX_LOG_BYTES",
    "SETS_SCHEMA",
    "LogRead",
    "PainDiary",
    "Skipped",
    "conform_sets",
    "empty_sets",
    "load_mapping",
    "read_log",
    "read_logs",
    "read_pain_diary",
]

"""Readers of training logs (Strong, Hevy, FitNotes, exdose CSV, plugins, any CSV through a
column map) and pain diaries."""

from exdose.sets.readers.core import match_names, read_log, read_logs
from exdose.sets.readers.csvio import MAX_LOG_BYTES
from exdose.sets.readers.detect import detect
from exdose.sets.readers.generic import ColumnMap, column_map, load_column_map
from exdose.sets.readers.mapping import ExerciseMapping, load_mapping
from exdose.sets.readers.model import LogRead, PainDiary, Skipped, empty_pain
from exdose.sets.readers.pain import read_pain_diary
from exdose.sets.readers.registry import ENTRY_POINT_GROUP, LogFormat, formats, get_format

__all__ = [
    "ENTRY_POINT_GROUP",
    "MAX_LOG_BYTES",
    "ColumnMap",
    "ExerciseMapping",
    "LogFormat",
    "LogRead",
    "PainDiary",
    "Skipped",
    "column_map",
    "detect",
    "empty_pain",
    "formats",
    "get_format",
    "load_column_map",
    "load_mapping",
    "match_names",
    "read_log",
    "read_logs",
    "read_pain_diary",
]

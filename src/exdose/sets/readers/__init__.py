"""Readers of training logs (Strong, Hevy, FitNotes, exdose CSV) and pain diaries."""

from exdose.sets.readers.core import match_names, read_log, read_logs
from exdose.sets.readers.csvio import MAX_LOG_BYTES
from exdose.sets.readers.detect import FORMATS, detect
from exdose.sets.readers.mapping import ExerciseMapping, load_mapping
from exdose.sets.readers.model import LogRead, PainDiary, Skipped, empty_pain
from exdose.sets.readers.pain import read_pain_diary

__all__ = [
    "FORMATS",
    "MAX_LOG_BYTES",
    "ExerciseMapping",
    "LogRead",
    "PainDiary",
    "Skipped",
    "detect",
    "empty_pain",
    "load_mapping",
    "match_names",
    "read_log",
    "read_logs",
    "read_pain_diary",
]

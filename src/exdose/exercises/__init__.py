"""The exercise library and name matching."""

from exdose.exercises.library import (
    EXTRA_MUSCLES,
    MUSCLES,
    Exercise,
    ExerciseLibrary,
    Match,
    default_library,
    normalise_name,
)

__all__ = [
    "EXTRA_MUSCLES",
    "MUSCLES",
    "Exercise",
    "ExerciseLibrary",
    "Match",
    "default_library",
    "normalise_name",
]

"""The sets table: one row per set, planned or performed, and its readers."""

from exdose.sets.schema import SETS_SCHEMA, empty_sets, conform_sets

__all__ = ["SETS_SCHEMA", "conform_sets", "empty_sets"]

"""Calibrated confidence: how often a rating of each kind agreed with human raters.

A rating's `basis` says what it rests on (where its best evidence is, whether several sentences
support it, whether only part of a rule matched, whether the item is a protocol's results item
or the report has no exercise arm). Its confidence is the share of ratings with that basis that
agreed with the human reference ratings, smoothed towards the overall agreement (see
`bench/bench_appraise_calibration.py`, which fits data/calibration.yaml and reports the Brier
score and a reliability table with leave-one-trial-out predictions; docs/appraise.md says how).
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import yaml

BASES: tuple[str, ...] = (
    "reported:intervention+many",
    "reported:intervention",
    "reported:methods+many",
    "reported:methods",
    "reported:other+many",
    "reported:other",
    "absent:partial",
    "absent:none",
    "absent:protocol",
    "absent:no_arm",
)
_DEFAULT = 0.75  # a basis never seen when the table was fitted


@lru_cache(maxsize=1)
def calibration_table() -> dict[str, float]:
    """The bundled basis -> confidence table (data/calibration.yaml)."""
    text = resources.files("exdose.appraise").joinpath("data", "calibration.yaml").read_text()
    raw = yaml.safe_load(text) or {}
    table = raw.get("confidence", {})
    return {str(key): float(value) for key, value in table.items()}


def calibrated(basis: str) -> float:
    """The calibrated confidence of a rating with this basis."""
    return calibration_table().get(basis, _DEFAULT)


def smoothed(correct: int, total: int, prior: float, weight: float = 4.0) -> float:
    """Share correct, pulled towards `prior` as if `weight` ratings at the prior were added."""
    return (correct + weight * prior) / (total + weight)

"""Calibrated confidence: how often a rating of each kind agreed with human raters.

A rating's `basis` says what it rests on (where its best evidence is, whether several sentences
support it, whether only part of a rule matched, whether the item is a protocol's results item
or the report has no exercise arm). Its confidence is the share of ratings with that basis that
agreed with the human reference ratings, smoothed towards the overall agreement, then refined by
the record of its item rated the same way (CERT 14b rated reported, say), smoothed towards the
basis value (see
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
# Bases that say something of the whole report, not of the item: no item record refines them.
_DOCUMENT_BASES = frozenset({"absent:protocol", "absent:no_arm"})
ITEM_WEIGHT = 4.0  # an item's own record is pulled towards its basis as if 4 ratings were added


@lru_cache(maxsize=1)
def _raw() -> dict[str, object]:
    text = resources.files("exdose.appraise").joinpath("data", "calibration.yaml").read_text()
    raw = yaml.safe_load(text) or {}
    return raw if isinstance(raw, dict) else {}


@lru_cache(maxsize=1)
def calibration_table() -> dict[str, float]:
    """The bundled basis -> confidence table (data/calibration.yaml)."""
    table = _raw().get("confidence", {})
    assert isinstance(table, dict)
    return {str(key): float(value) for key, value in table.items()}


@lru_cache(maxsize=1)
def item_records() -> dict[str, tuple[int, int]]:
    """ "cert 14b yes" -> (ratings that agreed, ratings) of that item rated so, when fitted."""
    records = _raw().get("items", {})
    assert isinstance(records, dict)
    return {str(key): (int(value[0]), int(value[1])) for key, value in records.items()}


def item_key(item: str, reported: bool) -> str:
    """The key of an item's record: "cert 14b yes" or "tidier 9 no"."""
    return f"{item} {'yes' if reported else 'no'}"


def calibrated(basis: str, item: str | None = None) -> float:
    """The calibrated confidence of a rating with this basis, of this item ("cert 14b").

    The basis gives a first value; the item's own record (how often ratings of this item, as
    reported or as not reported, agreed with the reference) refines it, smoothed towards the
    basis value, so that an item rated well everywhere is trusted more than one often wrong.
    """
    base = calibration_table().get(basis, _DEFAULT)
    if item is None or basis in _DOCUMENT_BASES:
        return base
    record = item_records().get(item_key(item, basis.startswith("reported")))
    if record is None:
        return base
    return round(smoothed(record[0], record[1], base, ITEM_WEIGHT), 3)


def smoothed(correct: int, total: int, prior: float, weight: float = 4.0) -> float:
    """Share correct, pulled towards `prior` as if `weight` ratings at the prior were added."""
    return (correct + weight * prior) / (total + weight)

"""Results computed from a patient's data, kept in the database until their inputs change.

The patient page and the API's load, fidelity and adjustment routes call the library on the
patient's programme text, sets and pain ratings (`exdose.web.services`). Those computations
are pure: the same inputs give the same JSON. `cached(patient, compute, *args)` therefore keys
the result by a SHA-256 of

- the computation's name (`exdose.web.services.fidelity`, ...),
- every argument it is given (the programme version's text and start date, every stored set
  and pain rating as the rows the library reads),
- a digest of exdose's installed code (the library, its exercise data and this web layer), so
  an upgrade or an edited source file never serves a result of the old code,

and stores it in `DerivedResult`, one row per patient and kind. A page that finds the same key
uses the stored JSON; a different key (a set logged, a rating changed in place, a new programme
version) recomputes and replaces the row. Nothing is invalidated by hand, so no write path can
forget to: what was computed from other inputs simply does not match. Several app servers
share the rows through the database; nothing is kept in a process between requests.

A computation that fails with `ServiceError` is kept too (its problems are raised again), so a
log the library rejects does not cost a recomputation on every view. Values are JSON text with
dates tagged (`{"$date": "2026-01-05"}`), decoded back to `datetime.date`; the value returned on
a miss is decoded from the same text, so a hit and a miss give identical objects. A value that
is not plain JSON (a NaN, an unknown type) is returned but not stored.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone

from exdose.web import services
from exdose.web.models import DerivedResult, Patient

FORMAT = 1
"""Bump when the stored encoding changes."""

log = logging.getLogger(__name__)


def _encode(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    raise TypeError(f"not stored as JSON: {type(value).__name__}")


def _decode(obj: dict[str, Any]) -> Any:
    if len(obj) == 1:
        if "$date" in obj:
            return dt.date.fromisoformat(obj["$date"])
        if "$datetime" in obj:
            return dt.datetime.fromisoformat(obj["$datetime"])
    return obj


def dumps(value: Any) -> str:
    """JSON text of a value (dates tagged); ValueError or TypeError if it is not plain JSON."""
    return json.dumps(value, default=_encode, allow_nan=False, ensure_ascii=False)


def loads(text: str) -> Any:
    """The value of `dumps` text, dates decoded."""
    return json.loads(text, object_hook=_decode)


@functools.cache
def code_digest() -> str:
    """SHA-256 over exdose's installed source and data files (read once per process: the code
    of a running process does not change)."""
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            digest.update(str(path.relative_to(root)).encode())
            digest.update(b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _key_default(value: Any) -> Any:
    # most inputs' dates are plain dates: their text is enough inside a key (and quicker)
    if type(value) is dt.date:
        return value.isoformat()
    return _encode(value)


def _name(compute: Callable[..., Any]) -> str:
    return f"{compute.__module__}.{compute.__qualname__}"


def key_of(compute: Callable[..., Any], *args: Any, **kwargs: Any) -> str:
    """The key of one computation on these inputs."""
    # the rows' key order is fixed by the queries that read them, so no sort_keys (it doubles
    # the cost on a few hundred sets); keyword arguments are put in order here
    text = json.dumps(
        [FORMAT, code_digest(), _name(compute), args, sorted(kwargs.items())],
        default=_key_default,
        ensure_ascii=False,
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def cached(patient: Patient, compute: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """`compute(*args, **kwargs)`, from the patient's stored result when its key matches;
    otherwise computed and stored. `ServiceError` is raised again from a stored failure."""
    kind = _name(compute)[:100]
    key = key_of(compute, *args, **kwargs)
    stored = (
        DerivedResult.objects.filter(patient=patient, kind=kind).values_list("key", "value").first()
    )
    if stored is not None and stored[0] == key:
        return _unwrap(loads(stored[1]))
    started = time.perf_counter()
    try:
        outcome: dict[str, Any] = {"value": compute(*args, **kwargs)}
    except services.ServiceError as error:
        outcome = {"problems": error.problems}
    elapsed_ms = (time.perf_counter() - started) * 1000
    try:
        text = dumps(outcome)
    except (TypeError, ValueError):
        return _unwrap(outcome)
    _store(patient, kind, key, text, elapsed_ms, exists=stored is not None)
    return _unwrap(loads(text))


def _unwrap(outcome: dict[str, Any]) -> Any:
    if "problems" in outcome:
        raise services.ServiceError(outcome["problems"])
    return outcome["value"]


def _store(
    patient: Patient, kind: str, key: str, text: str, elapsed_ms: float, *, exists: bool
) -> None:
    """Replace the patient's row of this kind (one UPDATE), or add it; a racing request that
    added it first is overwritten. A row that cannot be written only costs a recomputation."""
    values = {"key": key, "value": text, "computed_at": timezone.now(), "compute_ms": elapsed_ms}
    rows = DerivedResult.objects.filter(patient=patient, kind=kind)
    try:
        # a savepoint when called inside a caller's transaction: a failed write must not
        # leave that transaction unusable
        with transaction.atomic():
            if exists and rows.update(**values):
                return
            try:
                with transaction.atomic():
                    DerivedResult.objects.create(
                        clinic_id=patient.clinic_id, patient=patient, kind=kind, **values
                    )
            except IntegrityError:
                rows.update(**values)
    except DatabaseError as error:
        log.warning("derived result %s of patient %s not stored: %s", kind, patient.pk, error)

"""`exdose serve` sizes gunicorn from the CPU cores it may use: a process per core, at least two."""

from __future__ import annotations

import pytest

from exdose.cli import web


@pytest.mark.parametrize(("cores", "workers"), [(1, 2), (2, 2), (8, 8)])
def test_one_server_process_per_core_and_at_least_two(
    monkeypatch: pytest.MonkeyPatch, cores: int, workers: int
) -> None:
    monkeypatch.setattr(web.os, "sched_getaffinity", lambda pid: set(range(cores)))
    assert web.default_workers() == workers

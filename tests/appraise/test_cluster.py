"""--scheduler: the same ratings from a Dask distributed cluster, and no Dask without it."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from exdose.appraise.batch import appraise_paths
from exdose.errors import UsageError

DEV = Path(__file__).resolve().parents[2] / "examples" / "reports" / "documents"


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None
    )
    try:
        yield cluster.scheduler_address
    finally:
        cluster.close()


def test_cluster_ratings_are_identical_to_a_local_run(scheduler: str) -> None:
    local = [a.json_line() for a in appraise_paths([DEV])]
    remote = [a.json_line() for a in appraise_paths([DEV], scheduler=scheduler)]
    assert len(remote) == 6
    assert remote == local


def test_an_unreachable_scheduler_is_a_usage_error() -> None:
    pytest.importorskip("distributed")
    with pytest.raises(UsageError, match="cannot reach the Dask scheduler"):
        list(appraise_paths([DEV], scheduler="tcp://127.0.0.1:9"))


def test_nothing_of_dask_is_imported_without_the_option() -> None:
    code = (
        "import sys\n"
        "from exdose.appraise.batch import appraise_paths\n"
        f"list(appraise_paths([__import__('pathlib').Path({str(DEV)!r})], workers=1))\n"
        "assert not [m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')]\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr

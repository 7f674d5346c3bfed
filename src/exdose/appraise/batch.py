"""Appraising many reports: one result per report, streamed in order, errors kept per report."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from exdose.appraise.ingest import (
    DEFAULT_MAX_BYTES,
    REPORT_SUFFIXES,
    parse_report,
    read_report,
    scan_reports,
)
from exdose.appraise.models import Appraisal
from exdose.appraise.rating import appraise_document
from exdose.errors import ExdoseError, UsageError

Progress = Callable[[int, int], None]


def appraise_file(
    path: Path,
    max_bytes: int = DEFAULT_MAX_BYTES,
    arm_hint: str | None = None,
    name: str | None = None,
) -> Appraisal:
    """Appraise one report file; a report that cannot be read comes back with `error` set.

    `arm_hint` names the arm to rate (a reviewer's `--arm`); without it the exercise arm is
    found from the report's methods. `name` is what the report is called (default its file
    name; a folder scan gives the relative path to reports whose file names repeat).
    """
    name = name or path.name
    try:
        document = read_report(path, max_bytes=max_bytes, name=name)
        return appraise_document(document, path=str(path), arm_hint=arm_hint)
    except ExdoseError as error:
        return Appraisal(document=name, path=str(path), error=error.one_line())
    except (RecursionError, MemoryError, ValueError, OSError) as error:
        # Damaged inputs can trip libraries in ways they do not document; one bad report must not
        # stop a review of a thousand.
        message = f"{path}: cannot be read ({type(error).__name__}: {error})"
        return Appraisal(document=name, path=str(path), error=message[:500])


def appraise_text(text: str, *, name: str = "report.txt", arm_hint: str | None = None) -> Appraisal:
    """Appraise report text given in memory (plain text or Markdown)."""
    document = parse_report(text.encode("utf-8"), name=name)
    return appraise_document(document, path=name, arm_hint=arm_hint)


def _appraise_job(job: tuple[str, int, str | None, str]) -> Appraisal:
    return appraise_file(Path(job[0]), job[1], job[2], job[3])


def appraise_paths(
    paths: Iterable[Path],
    *,
    workers: int = 1,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: Progress | None = None,
    arm_hint: str | None = None,
    on_skip: Callable[[Path, str], None] | None = None,
    scheduler: str | None = None,
) -> Iterator[Appraisal]:
    """Appraise every report under `paths` (folders recursively), yielding results in order.

    Results are yielded as they are ready, so memory stays flat however many reports there are.
    `progress(done, total)` is called after each report; `arm_hint` names the arm to rate in
    every report (see `appraise_file`); `on_skip(path, reason)` is told of each file of a
    folder that is not rated. `scheduler` ("tcp://HOST:PORT") runs the same work on a Dask
    distributed cluster (its workers need exdose installed and the files at the same paths);
    without it nothing of Dask is imported.
    """
    paths = list(paths)
    scan = scan_reports(paths)
    if on_skip is not None:
        for skipped, reason in scan.skipped:
            on_skip(skipped, reason)
    files = scan.files
    total = len(files)
    if total == 0:
        raise UsageError(
            "no report files found in " + ", ".join(str(p) for p in paths),
            hint="folders are searched for " + ", ".join(sorted(REPORT_SUFFIXES)),
        )
    if scheduler is not None:
        yield from _appraise_on_cluster(
            [(str(path), max_bytes, arm_hint, name) for path, name in files], scheduler, progress
        )
        return
    if workers <= 1 or total <= 1:
        if progress is not None:
            progress(0, total)
        for done, (path, name) in enumerate(files, start=1):
            yield appraise_file(path, max_bytes, arm_hint, name)
            if progress is not None:
                progress(done, total)
        return
    import multiprocessing

    jobs = ((str(path), max_bytes, arm_hint, name) for path, name in files)
    chunk = max(1, min(16, total // (workers * 8) or 1))
    # Fork where there is one: the workers inherit the imported modules and compiled cues
    # instead of importing everything again. The pool is made before the progress bar starts
    # its thread, so no thread is forked.
    _warm_up()
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    # Freeze the parent's objects while the workers fork: the workers' garbage collections
    # then skip everything inherited (a caller may hold a large heap), instead of walking it
    # after every few thousand allocations and copying its pages.
    gc.freeze()
    try:
        pool = context.Pool(processes=workers, initializer=_warm_up)
    finally:
        gc.unfreeze()
    with pool:
        if progress is not None:
            progress(0, total)
        for done, result in enumerate(pool.imap(_appraise_job, jobs, chunksize=chunk), start=1):
            yield result
            if progress is not None:
                progress(done, total)


_CLUSTER_WINDOW = 512  # reports submitted ahead of the one being yielded


def _appraise_on_cluster(
    jobs: list[tuple[str, int, str | None, str]], scheduler: str, progress: Progress | None
) -> Iterator[Appraisal]:
    """The jobs run on a Dask distributed scheduler, results yielded in order as they finish.

    At most a window of reports is in flight, so memory stays flat over a corpus of any size.
    """
    try:
        from distributed import Client
    except ImportError as error:
        raise UsageError(
            "running on a Dask cluster needs the dask and distributed packages",
            hint="install exdose with its cluster extra: pip install 'exdose[cluster]'",
        ) from error
    try:
        client = Client(scheduler, timeout="20s", set_as_default=False)  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError) as error:
        raise UsageError(
            f"cannot reach the Dask scheduler at {scheduler} ({error})",
            hint="give the scheduler's address as tcp://HOST:PORT",
        ) from error
    total = len(jobs)
    try:
        if progress is not None:
            progress(0, total)
        pending = [client.submit(_appraise_job, job, pure=False) for job in jobs[:_CLUSTER_WINDOW]]
        next_job = len(pending)
        for done in range(1, total + 1):
            future = pending.pop(0)
            if next_job < total:
                pending.append(client.submit(_appraise_job, jobs[next_job], pure=False))
                next_job += 1
            result: Appraisal = future.result()
            yield result
            if progress is not None:
                progress(done, total)
    finally:
        client.close()  # type: ignore[no-untyped-call]


def _warm_up() -> None:
    """Compile the cues once per worker before the first report arrives."""
    from exdose.appraise.cues import load_cues

    load_cues()

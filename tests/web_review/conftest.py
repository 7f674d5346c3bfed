"""pytest-django for the review workbench: SQLite in a temporary data folder (the web app's
settings), the six bundled reports, three people and a worker that runs queued jobs."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("EXDOSE_DATA", tempfile.mkdtemp(prefix="exdose-test-data-"))
if os.environ.get("EXDOSE_TEST_DATABASE_URL"):
    os.environ["EXDOSE_DATABASE_URL"] = os.environ["EXDOSE_TEST_DATABASE_URL"]
os.environ["DJANGO_SETTINGS_MODULE"] = "exdose.web.settings"
os.environ.setdefault("EXDOSE_INSECURE_COOKIES", "1")  # the test client speaks plain http

import django

django.setup()

from review_helpers import PASSWORD, REPORTS  # noqa: E402


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """Argon2 takes about a second a password on the shared test machine and these tests make
    four accounts each, so the review tests hash with MD5 (test accounts only; the app keeps
    Argon2, and tests/web checks that it does). Per test, so no other test sees MD5."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _rate_each_file_once() -> None:
    """The appraiser is deterministic and slow-ish (about a second a report): the jobs still run
    through the worker, but each distinct file is rated once per test session."""
    import hashlib

    from exdose.web.review import services

    real = services.appraise_file
    done: dict[tuple[str, str, int], Any] = {}

    def cached(path: Path, name: str, *, max_bytes: int) -> Any:
        key = (hashlib.sha256(path.read_bytes()).hexdigest(), name, max_bytes)
        if key not in done:
            try:
                done[key] = real(path, name, max_bytes=max_bytes)
            except services.ReviewInputError as error:
                done[key] = error
        if isinstance(done[key], Exception):
            raise done[key]
        return done[key]

    services.appraise_file = cached  # type: ignore[assignment]


_rate_each_file_once()

__all__ = ["PASSWORD", "REPORTS"]


def make_user(email: str) -> Any:
    """An account (no clinic), signed in by email."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user(email, email, PASSWORD)


@pytest.fixture
def people(db: Any) -> dict[str, Any]:
    """owner (Olga, reconciles), two reviewers (Rita, Raj) and a stranger of another project."""
    return {name: make_user(f"{name}@review.test") for name in ("olga", "rita", "raj", "stan")}


@pytest.fixture
def run_jobs() -> Callable[[], None]:
    """Run every queued background job with the database worker, then return."""
    from django.core.management import call_command

    def run() -> None:
        from unittest import mock

        # The worker drops "old" database connections between tasks, as a server does between
        # requests; inside a test's transaction that would close the test's own connection
        # (SQLite's in-memory test database ignores it, PostgreSQL does not), so it is skipped.
        with mock.patch(
            "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
        ):
            call_command("db_worker", batch=True, no_startup_delay=True, interval=0.01, verbosity=0)

    return run


@pytest.fixture
def project(
    people: dict[str, Any], django_capture_on_commit_callbacks: Any, run_jobs: Callable[[], None]
) -> Any:
    """A project of Olga with Rita and Raj as reviewers, the six bundled reports uploaded, rated
    and linked into their three studies; Stan owns a project of his own."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from exdose.web.review import records

    project = records.create_project(people["olga"], "Hypopressive review")
    records.add_member(project, people["olga"], "rita@review.test", "reviewer")
    records.add_member(project, people["olga"], "raj@review.test", "reviewer")
    files = [SimpleUploadedFile(p.name, p.read_bytes()) for p in sorted(REPORTS.glob("*.txt"))]
    with django_capture_on_commit_callbacks(execute=True):
        records.upload(project, people["olga"], files)
    run_jobs()
    for suggestion in records.suggestions(project):
        records.link_reports(project, people["olga"], suggestion["reports"])
    other = records.create_project(people["stan"], "Stan's review")
    with django_capture_on_commit_callbacks(execute=True):
        records.upload(
            other,
            people["stan"],
            [
                SimpleUploadedFile(
                    "Protocol_014_PMC4446829.txt",
                    (REPORTS / "Protocol_014_PMC4446829.txt").read_bytes(),
                )
            ],
        )
    run_jobs()
    project.other = other
    return project

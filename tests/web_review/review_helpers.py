"""Shared helpers of the review tests: sign-in, API tokens, rating a whole study."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.test import Client

from exdose.web.review import records, services

REPORTS = Path(__file__).resolve().parents[2] / "examples" / "reports" / "documents"
PASSWORD = "a-long-test-password-7"


def signed_in(user: Any) -> Client:
    """A test client signed in as `user`."""
    client = Client()
    client.force_login(user)
    return client


def token_for(user: Any) -> str:
    """A bearer token of the clinic API for `user` (tokens belong to a clinic)."""
    from exdose.web.models import ApiToken, Clinic

    clinic, _ = Clinic.objects.get_or_create(name="Token clinic")
    return ApiToken.issue(user, clinic)[1]


def api(user: Any) -> Client:
    """A client that sends `user`'s bearer token."""
    return Client(HTTP_AUTHORIZATION=f"Bearer {token_for(user)}")


KEYS = [i.key for i in services.checklist_items()]


def rate_all(
    study: Any, user: Any, value: str | dict[str, str] = "yes", finish: bool = True
) -> None:
    """Rate every item of `study` (one value, or per item key with "yes" for the rest)."""
    for key in KEYS:
        checklist, _, item = key.partition("-")
        chosen = value if isinstance(value, str) else value.get(key, "yes")
        records.set_rating(study, user, checklist, item, chosen)
    if finish:
        records.finish(study, user)

"""Template context shared by every page."""

from __future__ import annotations

from django.apps import apps
from django.http import HttpRequest


def features(request: HttpRequest) -> dict[str, bool]:
    """Which optional parts are installed (the review app adds a "Reviews" link)."""
    return {"reviews_enabled": apps.is_installed("exdose.web.review")}

"""Django application config for the review workbench."""

from __future__ import annotations

from django.apps import AppConfig


class ReviewConfig(AppConfig):
    """Review projects, reports, studies, ratings and their audit trail."""

    name = "exdose.web.review"
    label = "exdose_review"
    verbose_name = "exdose review workbench"
    default_auto_field = "django.db.models.BigAutoField"

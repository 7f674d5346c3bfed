"""Django application config for the exdose web app."""

from __future__ import annotations

from django.apps import AppConfig


class WebConfig(AppConfig):
    """The exdose clinic app (models, pages, API)."""

    name = "exdose.web"
    label = "exdose_web"
    verbose_name = "exdose clinic"
    default_auto_field = "django.db.models.BigAutoField"

"""The root URL map: the app's pages under the `web` namespace."""

from __future__ import annotations

from django.urls import include, path

from exdose.web.api import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("review/", include("exdose.web.review.urls")),
    path("", include("exdose.web.urls")),
]

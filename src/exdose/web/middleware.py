"""Security headers (a strict Content-Security-Policy) and the user's language."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)
"""No inline script or style anywhere: pages load /static/ files only."""


class SecurityHeadersMiddleware:
    """Adds the CSP and the headers Django's SecurityMiddleware does not set."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if request.path.startswith(("/api/", "/me/", "/clinic/", "/login")):
            response.headers.setdefault("Cache-Control", "no-store")
        return response


class UserLanguageMiddleware:
    """A signed-in patient sees their pages in their own language (en, nb or sv), a clinician
    in the language they chose (else the browser's, through LocaleMiddleware)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        patient = (
            getattr(user, "patient", None) if user is not None and user.is_authenticated else None
        )
        language = patient.language if patient is not None else _clinician_language(user)
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
        response = self.get_response(request)
        if language:
            response.headers.setdefault("Content-Language", language)
        return response


def _clinician_language(user: object) -> str:
    """A signed-in clinician's chosen page language ("" when none: the browser's is used)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    membership = getattr(user, "membership", None)
    return str(getattr(membership, "language", "") or "")

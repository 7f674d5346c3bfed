"""Who may see what: clinicians see their clinic, patients see themselves; else 404."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse

from exdose.web.models import Clinic, Membership, Patient

M = TypeVar("M", bound=models.Model)


def clinic_of(user: Any) -> Clinic | None:
    """The clinic a signed-in clinician belongs to (None for patients and strangers)."""
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.membership.clinic  # type: ignore[no-any-return]
    except Membership.DoesNotExist:
        return None


def scoped_or_404(model: type[M], clinic: Clinic, **lookup: Any) -> M:
    """One object of `clinic` (a row of another clinic is not found: 404, never 403)."""
    try:
        return model.objects.for_clinic(clinic).get(**lookup)  # type: ignore[attr-defined, no-any-return]
    except (model.DoesNotExist, ValueError, TypeError):  # type: ignore[attr-defined]
        raise Http404("not found") from None


def patient_or_404(clinic: Clinic, patient_id: Any, *, archived: bool = False) -> Patient:
    """A patient of the clinic by id; archived patients only when asked for."""
    patient = scoped_or_404(Patient, clinic, pk=patient_id)
    if patient.archived_at is not None and not archived:
        raise Http404("not found")
    return patient


View = Callable[..., HttpResponse]


def clinician_required(view: View) -> View:
    """Only members of a clinic; `request.clinic` is set for the view."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        clinic = clinic_of(request.user)
        if clinic is None:
            raise Http404("not found")
        request.clinic = clinic  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)

    return wrapper


def patient_required(view: View) -> View:
    """Only a signed-in patient; `request.patient` is set for the view."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        patient = getattr(request.user, "patient", None)
        if patient is None or patient.archived_at is not None:
            raise Http404("not found")
        request.patient = patient  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)

    return wrapper

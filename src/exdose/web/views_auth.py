"""Sign-in (throttled), sign-out, invite links, the first-clinic link and /healthz."""

from __future__ import annotations

import hmac
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate, get_user_model, login, logout
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from exdose.web.access import clinic_of
from exdose.web.forms import LoginForm, SetPasswordForm, SetupForm
from exdose.web.models import Clinic, LoginFailure, Membership, Patient, audit, token_hash


def _client_ip(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))


def throttled(key: str) -> bool:
    """True when `key` failed too often lately (counted in the database: all processes agree)."""
    since = timezone.now() - timezone.timedelta(minutes=settings.LOGIN_THROTTLE_MINUTES)
    return LoginFailure.objects.filter(key=key, at__gte=since).count() >= (
        settings.LOGIN_THROTTLE_FAILURES
    )


@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    """Email + password; after 5 failures in 15 minutes for an email and address, refused."""
    form = LoginForm(request.POST or None)
    error = ""
    status = 200
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].lower()
        key = f"{email}|{_client_ip(request)}"
        if throttled(key) or throttled(f"{email}|*"):
            error = _("Too many failed sign-ins. Wait 15 minutes and try again.")
            status = 429
        else:
            user = authenticate(request, username=email, password=form.cleaned_data["password"])
            if user is None:
                LoginFailure.objects.bulk_create(
                    [LoginFailure(key=key), LoginFailure(key=f"{email}|*")]
                )
                error = _("Email or password is wrong.")
                status = 401
            else:
                LoginFailure.objects.filter(key__in=[key]).delete()
                login(request, user)
                return HttpResponseRedirect(_next(request))
    return render(request, "web/login.html", {"form": form, "error": error}, status=status)


def _next(request: HttpRequest) -> str:
    target = request.GET.get("next") or "/"
    return target if target.startswith("/") and not target.startswith("//") else "/"


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    """Sign out (POST with CSRF only)."""
    logout(request)
    return redirect("/login/")


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Clinicians to the clinic, patients to today's session, others to sign-in."""
    if not request.user.is_authenticated:
        return redirect("/login/")
    if clinic_of(request.user) is not None:
        return redirect("/clinic/")
    if getattr(request.user, "patient", None) is not None:
        return redirect("/me/")
    reviews = getattr(request.user, "review_memberships", None)  # the review app, when installed
    if reviews is not None and reviews.exists():
        return redirect("/review/")
    logout(request)
    return redirect("/login/")


@require_http_methods(["GET", "POST"])
def invite_view(request: HttpRequest, token: str) -> HttpResponse:
    """A patient's one-time link: choose a password, then sign in."""
    patient = Patient.objects.filter(
        invite_token_hash=token_hash(token),
        archived_at__isnull=True,
        invite_expires__gt=timezone.now(),
    ).first()
    if patient is None:
        return render(
            request,
            "web/message.html",
            {
                "title": _("Link not valid"),
                "text": _(
                    "This link was used already or has expired. Ask your clinic for a new one."
                ),
            },
            status=404,
        )
    form = SetPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            User = get_user_model()
            if patient.user is None:
                username = patient.email.lower() if patient.email else f"patient-{patient.pk}"
                if User.objects.filter(username=username).exists():
                    username = f"patient-{patient.pk}"
                user = User.objects.create_user(username=username, email=patient.email)
                patient.user = user
            user = patient.user
            user.set_password(form.cleaned_data["password"])
            user.is_active = True
            user.save()
            patient.invite_token_hash = ""
            patient.invite_expires = None
            patient.save(update_fields=["user", "invite_token_hash", "invite_expires"])
            audit(patient.clinic, user, "accept_invite", patient)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("/me/")
    return render(
        request,
        "web/invite.html",
        {"form": form, "patient": patient, "username": patient.email or f"patient-{patient.pk}"},
    )


def setup_token_file() -> Any:
    """Where the one-time first-clinic token lives (in the data folder)."""
    return settings.DATA_DIR / "setup_token"


@require_http_methods(["GET", "POST"])
def setup_view(request: HttpRequest, token: str) -> HttpResponse:
    """The one-time link printed on first start: create the first clinic and its admin."""
    path = setup_token_file()
    expected = path.read_text(encoding="utf-8").strip() if path.exists() else ""
    if not expected or not hmac.compare_digest(expected, token) or Clinic.objects.exists():
        return render(
            request,
            "web/message.html",
            {"title": "Link not valid", "text": "The first clinic exists already."},
            status=404,
        )
    form = SetupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _, user = create_clinic(
            form.cleaned_data["clinic"], form.cleaned_data["email"], form.cleaned_data["password"]
        )
        path.unlink(missing_ok=True)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("/clinic/")
    return render(request, "web/setup.html", {"form": form})


def create_clinic(name: str, email: str, password: str, role: str = "admin") -> tuple[Clinic, Any]:
    """A clinic and its first member (admin)."""
    with transaction.atomic():
        clinic = Clinic.objects.create(name=name)
        user = add_member(clinic, email, password, role)
        audit(clinic, user, "create_clinic", clinic, name=name)
    return clinic, user


def add_member(clinic: Clinic, email: str, password: str, role: str = "clinician") -> Any:
    """A clinician account in `clinic` (email is the username)."""
    from django.contrib.auth import password_validation

    User = get_user_model()
    password_validation.validate_password(password)
    user = User.objects.create_user(username=email.lower(), email=email.lower(), password=password)
    Membership.objects.create(user=user, clinic=clinic, role=role)
    return user


def healthz(request: HttpRequest) -> HttpResponse:
    """200 once the database answers and every migration is applied; 503 otherwise."""
    try:
        connection.ensure_connection()
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as error:  # the database is unreachable: say so, do not crash
        return JsonResponse({"status": "unavailable", "reason": type(error).__name__}, status=503)
    if pending:
        return JsonResponse({"status": "migrating", "pending": len(pending)}, status=503)
    return JsonResponse({"status": "ok"})

"""What the web app stores: clinics, people, programme versions, performed sets, pain ratings,
decisions on proposals, audit entries and API tokens. Everything belongs to one clinic.

Queries go through `Model.objects.for_clinic(clinic)` (or `scoped_or_404`), which makes the
clinic part of every lookup: an id from another clinic is simply not found.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

LANGUAGES = [("en", "English"), ("nb", "Norsk bokmål"), ("sv", "Svenska")]


class ClinicQuerySet(models.QuerySet[Any]):
    """A queryset that knows how to limit itself to one clinic."""

    def for_clinic(self, clinic: Clinic) -> ClinicQuerySet:
        """Only this clinic's rows."""
        return self.filter(clinic=clinic)


class ClinicManager(models.Manager[Any]):
    """Manager with `for_clinic`; clinic-owned models use it as `objects`."""

    def get_queryset(self) -> ClinicQuerySet:
        return ClinicQuerySet(self.model, using=self._db)

    def for_clinic(self, clinic: Clinic) -> ClinicQuerySet:
        """Only this clinic's rows (the one way views and the API read clinic data)."""
        return self.get_queryset().for_clinic(clinic)


class Clinic(models.Model):
    """A clinic, practice or trial site: the unit of isolation."""

    name = models.CharField(max_length=200)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A clinician's (or admin's) place in a clinic."""

    ROLES: ClassVar[list[tuple[str, str]]] = [("admin", "Admin"), ("clinician", "Clinician")]
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="members")
    role = models.CharField(max_length=20, choices=ROLES, default="clinician")
    # the clinician's page language; empty: the browser's (Accept-Language)
    language = models.CharField(max_length=2, choices=LANGUAGES, blank=True, default="")
    objects = ClinicManager()


class Patient(models.Model):
    """A person treated by the clinic. Archiving is a soft delete (the rows stay, audited)."""

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="patients")
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True, default="")
    language = models.CharField(max_length=2, choices=LANGUAGES, default="en")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="patient",
    )
    invite_token_hash = models.CharField(max_length=64, blank=True, default="")
    invite_expires = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    archived_at = models.DateTimeField(null=True, blank=True)
    objects = ClinicManager()

    class Meta:
        ordering: ClassVar[list[str]] = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    def new_invite(self, days: int = 14) -> str:
        """A fresh one-time invite token (only its hash is stored); returns the token."""
        token = secrets.token_urlsafe(32)
        self.invite_token_hash = token_hash(token)
        self.invite_expires = timezone.now() + timezone.timedelta(days=days)
        return token

    def current_programme(self) -> Programme | None:
        """The programme assigned most recently and not ended."""
        return self.programmes.filter(ended_at__isnull=True).order_by("-id").first()


class Programme(models.Model):
    """A programme assigned to a patient from a start date; its text lives in versions."""

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="programmes")
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="programmes")
    name = models.CharField(max_length=300)
    start_date = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    objects = ClinicManager()

    def current(self) -> ProgramVersion:
        """The newest version."""
        version = self.versions.order_by("-number").first()
        assert version is not None, "a programme always has a version"
        return version


class ProgramVersion(models.Model):
    """One version of a programme file as written, and its modification (TIDieR 10)."""

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    what = models.TextField(blank=True, default="")
    why = models.TextField(blank=True, default="")
    objects = ClinicManager()

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["programme", "number"], name="one_number_per_version")
        ]


class LogImport(models.Model):
    """One uploaded training log: what was read, every skipped row and unmatched name."""

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="imports")
    filename = models.CharField(max_length=300)
    format = models.CharField(max_length=40)
    read_rows = models.PositiveIntegerField(default=0)
    skipped = models.JSONField(default=list)
    unmatched = models.JSONField(default=list)
    warnings = models.JSONField(default=list)
    # sets (and pain ratings) of the file that earlier imports of the patient had stored already,
    # same values: counted here and not stored a second time (an app's export holds the whole
    # history, so each new export repeats the weeks uploaded before)
    already_stored = models.PositiveIntegerField(default=0)
    already_stored_pain = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # the file as uploaded (up to KEEP_LOG_BYTES) and the unit asked for, so that the rows of
    # names resolved later are read again from the file itself
    raw = models.BinaryField(null=True, blank=True, editable=False)
    unit = models.CharField(max_length=2, blank=True, default="")
    objects = ClinicManager()


KEEP_LOG_BYTES = 16 * 1024 * 1024
"""Uploads up to this size are kept with their import (larger ones: resolve, then upload again)."""


class LogAlias(models.Model):
    """A clinic's answer for a log name the library did not match: the app's name as written
    and the library exercise it means. Every later import of that clinic reads the name so."""

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=200)
    exercise = models.CharField(max_length=200)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    objects = ClinicManager()

    class Meta:
        ordering: ClassVar[list[str]] = ["name", "id"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["clinic", "name"], name="one_alias_per_name")
        ]


class PerformedSet(models.Model):
    """One performed set, in the columns of exdose's sets table.

    `client_key` makes logging idempotent: the phone sends the same key on a retry, and the
    second insert finds the first instead of adding a duplicate.
    """

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="sets")
    client_key = models.CharField(max_length=80)
    date = models.DateField()
    session = models.CharField(max_length=200, blank=True, default="")
    exercise = models.CharField(max_length=200, blank=True, default="")
    exercise_name = models.CharField(max_length=200)
    set_number = models.PositiveIntegerField()
    set_kind = models.CharField(max_length=20, default="working")
    reps = models.IntegerField(null=True, blank=True)
    load_kg = models.FloatField(null=True, blank=True)
    rpe = models.FloatField(null=True, blank=True)
    rir = models.FloatField(null=True, blank=True)
    duration_s = models.FloatField(null=True, blank=True)
    distance_m = models.FloatField(null=True, blank=True)
    pain = models.FloatField(null=True, blank=True)
    session_rpe = models.FloatField(null=True, blank=True)
    session_minutes = models.FloatField(null=True, blank=True)
    source = models.CharField(max_length=40, default="web")
    source_row = models.IntegerField(null=True, blank=True)
    log_import = models.ForeignKey(LogImport, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    objects = ClinicManager()

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["patient", "client_key"], name="one_set_per_client_key")
        ]
        indexes: ClassVar[list[Any]] = [models.Index(fields=["patient", "date"])]


class PainRating(models.Model):
    """Pain (0-10) on one date and region: during, after, next morning; stiffness; red flag."""

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="pain")
    client_key = models.CharField(max_length=80)
    date = models.DateField()
    region = models.CharField(max_length=100, default="")
    during = models.FloatField(null=True, blank=True)
    after = models.FloatField(null=True, blank=True)
    next_morning = models.FloatField(null=True, blank=True)
    stiffness = models.FloatField(null=True, blank=True)
    red_flag = models.BooleanField(default=False)
    notes = models.TextField(blank=True, default="")
    # readiness self-reports of the day (issue 14); NULL when not given, never guessed
    sleep_hours = models.FloatField(null=True, blank=True)
    sleep_quality = models.FloatField(null=True, blank=True)
    stress = models.FloatField(null=True, blank=True)
    fatigue = models.FloatField(null=True, blank=True)
    soreness = models.FloatField(null=True, blank=True)
    mood = models.FloatField(null=True, blank=True)
    source = models.CharField(max_length=40, default="web")
    created_at = models.DateTimeField(default=timezone.now)
    objects = ClinicManager()

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(
                fields=["patient", "client_key"], name="one_pain_per_client_key"
            )
        ]


class ProposalDecision(models.Model):
    """A clinician's answer to an adjustment proposal: accepted (next version) or dismissed."""

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="decisions")
    based_on = models.ForeignKey(ProgramVersion, on_delete=models.PROTECT, related_name="+")
    evaluated_week = models.IntegerField()
    decision = models.CharField(max_length=20)
    proposal = models.JSONField()
    status = models.CharField(
        max_length=20, choices=[("accepted", "accepted"), ("dismissed", "dismissed")]
    )
    note = models.TextField(blank=True, default="")
    result = models.ForeignKey(
        ProgramVersion, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    objects = ClinicManager()


class AuditEntry(models.Model):
    """Who did what to which object, when (append-only)."""

    clinic = models.ForeignKey(Clinic, null=True, on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=60)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=60)
    detail = models.JSONField(default=dict)
    at = models.DateTimeField(default=timezone.now)
    objects = ClinicManager()


class ApiToken(models.Model):
    """A bearer token for the JSON API; only its SHA-256 is stored."""

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=100, default="cli")
    token_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=12)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    objects = ClinicManager()

    @classmethod
    def issue(cls, user: Any, clinic: Clinic, name: str = "cli") -> tuple[ApiToken, str]:
        """Create a token; the plain text is returned once and never stored."""
        plain = "exd_" + secrets.token_urlsafe(32)
        token = cls.objects.create(
            clinic=clinic, user=user, name=name, token_hash=token_hash(plain), prefix=plain[:12]
        )
        return token, plain


class LoginFailure(models.Model):
    """A failed sign-in, kept in the database so throttling works across server processes."""

    key = models.CharField(max_length=300, db_index=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)


class JobRecord(models.Model):
    """A background job a user started (e.g. a handout PDF) and where its result is."""

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    patient = models.ForeignKey(Patient, null=True, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=40)
    task_id = models.CharField(max_length=64, blank=True, default="")
    status = models.CharField(max_length=20, default="queued")
    result_name = models.CharField(max_length=200, blank=True, default="")
    result = models.BinaryField(null=True, blank=True)
    error = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    objects = ClinicManager()


def token_hash(token: str) -> str:
    """SHA-256 of a token, hex (tokens are random: no salt needed)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def audit(
    clinic: Clinic | None, actor: Any, action: str, obj: models.Model, **detail: Any
) -> AuditEntry:
    """Record one audit entry for `obj`."""
    return AuditEntry.objects.create(
        clinic=clinic,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=type(obj).__name__,
        object_id=str(obj.pk),
        detail=detail,
    )


class DerivedResult(models.Model):
    """A result computed from a patient's data (planned sessions, fidelity, the adjustment
    proposal, the load report), kept so a page does not recompute it while nothing it was
    computed from has changed. `key` is the SHA-256 of the computation's name, every input it
    was given and exdose's code (see `exdose.web.derived`); one row per patient and kind, so a
    new key replaces the old value. Disposable: a deleted row only costs a recomputation."""

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="+")
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=100)
    key = models.CharField(max_length=64)
    value = models.TextField()  # JSON text, kept as written (key order, no float rounding)
    computed_at = models.DateTimeField(default=timezone.now)
    compute_ms = models.FloatField(default=0)
    objects = ClinicManager()

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["patient", "kind"], name="one_derived_result_per_kind")
        ]

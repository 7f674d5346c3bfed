"""What the review workbench stores: projects and their members, uploaded reports with exdose's
appraisal, studies (one or more reports of one trial), each reviewer's ratings, the reconciled
final ratings and the audit trail of every change.

Every read goes through a project the caller is a member of: `ReviewProject.objects.of_user(user)`
and the `project.<related>` managers. An id of another project is simply not found (404).
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from exdose.web.models import Clinic

ROLES = [("owner", "Owner"), ("reviewer", "Reviewer")]
REPORT_STATUS = [("queued", "queued"), ("rating", "rating"), ("rated", "rated"), ("error", "error")]
REPORTED = [("yes", "yes"), ("no", "no"), ("na", "not applicable")]
CHECKLIST_NAMES = [("cert", "CERT"), ("tidier", "TIDieR")]


class ProjectQuerySet(models.QuerySet[Any]):
    """Review projects, limited to those a user belongs to."""

    def of_user(self, user: Any) -> ProjectQuerySet:
        """Only the projects `user` is a member of (none for an anonymous user)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(members__user=user).distinct()


class ReviewProject(models.Model):
    """One systematic review's appraisal work, inside a clinic or an organisation of its own."""

    name = models.CharField(max_length=200)
    clinic = models.ForeignKey(
        Clinic, null=True, blank=True, on_delete=models.PROTECT, related_name="review_projects"
    )
    organisation = models.CharField(max_length=200, blank=True, default="")
    hide_exdose = models.BooleanField(
        default=False,
        help_text="Hide exdose's pre-rating from a reviewer until they finish the study",
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    objects = ProjectQuerySet.as_manager()

    def __str__(self) -> str:
        return self.name

    def role_of(self, user: Any) -> str | None:
        """The user's role in the project (None for a stranger)."""
        member = self.members.filter(user=user).first()
        return member.role if member else None


class ProjectMember(models.Model):
    """A person's place in a review project: owner (manages, reconciles) or reviewer."""

    project = models.ForeignKey(ReviewProject, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_memberships"
    )
    role = models.CharField(max_length=20, choices=ROLES, default="reviewer")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["project", "user"], name="one_membership_per_project")
        ]


class Study(models.Model):
    """One trial: the reports about it (protocol, results paper, supplement) are rated together."""

    project = models.ForeignKey(ReviewProject, on_delete=models.CASCADE, related_name="studies")
    label = models.CharField(max_length=200)
    registration = models.CharField(max_length=60, blank=True, default="")
    confirmed = models.BooleanField(default=False)  # a reviewer confirmed which reports belong
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar[list[str]] = ["label", "id"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["project", "label"], name="one_label_per_study")
        ]

    def __str__(self) -> str:
        return self.label


class Report(models.Model):
    """One uploaded report file and exdose's appraisal of it (rated in a background job)."""

    project = models.ForeignKey(ReviewProject, on_delete=models.CASCADE, related_name="reports")
    study = models.ForeignKey(
        Study, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    filename = models.CharField(max_length=300)  # as uploaded (shown, never used as a path)
    stored_name = models.CharField(max_length=300, blank=True, default="")  # under the data folder
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True, default="")
    format = models.CharField(max_length=20, blank=True, default="")
    status = models.CharField(max_length=20, choices=REPORT_STATUS, default="queued")
    error = models.TextField(blank=True, default="")
    appraisal = models.JSONField(null=True, blank=True)
    text = models.TextField(
        blank=True, default=""
    )  # the extracted text evidence offsets point into
    title = models.CharField(max_length=500, blank=True, default="")
    registrations = models.JSONField(default=list)
    task_id = models.CharField(max_length=64, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    rated_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["id"]


class ReviewerRating(models.Model):
    """One reviewer's rating of one checklist item for one study."""

    project = models.ForeignKey(ReviewProject, on_delete=models.CASCADE, related_name="+")
    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="ratings")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_ratings"
    )
    checklist = models.CharField(max_length=10, choices=CHECKLIST_NAMES)
    item = models.CharField(max_length=5)
    reported = models.CharField(max_length=3, choices=REPORTED)
    note = models.TextField(blank=True, default="")
    where = models.CharField(max_length=300, blank=True, default="")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(
                fields=["study", "reviewer", "checklist", "item"], name="one_rating_per_reviewer"
            )
        ]


class StudyProgress(models.Model):
    """A reviewer finished rating a study (their ratings locked, the others' revealed once
    every reviewer who started has finished)."""

    project = models.ForeignKey(ReviewProject, on_delete=models.CASCADE, related_name="+")
    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="progress")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    finished_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["study", "reviewer"], name="one_finish_per_reviewer")
        ]


class FinalRating(models.Model):
    """The reconciled rating of one item for one study (what the review reports)."""

    project = models.ForeignKey(ReviewProject, on_delete=models.CASCADE, related_name="+")
    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="final_ratings")
    checklist = models.CharField(max_length=10, choices=CHECKLIST_NAMES)
    item = models.CharField(max_length=5)
    reported = models.CharField(max_length=3, choices=REPORTED)
    note = models.TextField(blank=True, default="")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["study", "checklist", "item"], name="one_final_rating")
        ]


class AuditEntry(models.Model):
    """Who changed what, when, from which value to which (append-only)."""

    project = models.ForeignKey(ReviewProject, on_delete=models.CASCADE, related_name="audit")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    action = models.CharField(max_length=60)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=60)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["-at", "-id"]


def record(
    project: ReviewProject,
    actor: Any,
    action: str,
    obj: models.Model,
    before: Any = None,
    after: Any = None,
) -> AuditEntry:
    """Append one audit entry for `obj` in `project`."""
    return AuditEntry.objects.create(
        project=project,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=type(obj).__name__,
        object_id=str(obj.pk),
        before=before,
        after=after,
    )

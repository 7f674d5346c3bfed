"""The workbench's rules, shared by the pages and the API: who sees which project, blinding,
ratings with their audit trail, finishing a study, reconciling, and the tables for outputs.

Blinding: a reviewer sees only their own ratings of a study until the study is complete (at
least two reviewers finished it and everyone who started rating it finished). With the project's
`hide_exdose`, exdose's pre-rating is hidden from a reviewer until they finish the study. Outputs
(conflicts, agreement, exports of reviewers' ratings) use complete studies only.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from exdose.web.models import Clinic
from exdose.web.review import services, tasks, uploads
from exdose.web.review.models import (
    FinalRating,
    ProjectMember,
    Report,
    ReviewerRating,
    ReviewProject,
    Study,
    StudyProgress,
    record,
)

VALUES = ("yes", "no", "na")


class RuleError(Exception):
    """An action the rules do not allow (the message says why)."""


# --- access ------------------------------------------------------------------------------------


def project_or_404(user: Any, project_id: Any) -> ReviewProject:
    """A project the user is a member of; any other id is not found."""
    try:
        return ReviewProject.objects.of_user(user).get(pk=int(project_id))  # type: ignore[no-any-return]
    except (ReviewProject.DoesNotExist, ValueError, TypeError):
        raise Http404("not found") from None


def study_or_404(project: ReviewProject, study_id: Any) -> Study:
    """A study of the project."""
    try:
        return project.studies.get(pk=int(study_id))  # type: ignore[no-any-return]
    except (Study.DoesNotExist, ValueError, TypeError):
        raise Http404("not found") from None


def report_or_404(project: ReviewProject, report_id: Any) -> Report:
    """A report of the project."""
    try:
        return project.reports.get(pk=int(report_id))  # type: ignore[no-any-return]
    except (Report.DoesNotExist, ValueError, TypeError):
        raise Http404("not found") from None


def is_owner(project: ReviewProject, user: Any) -> bool:
    """True for an owner (who manages members and reconciles)."""
    return project.role_of(user) == "owner"


def create_project(
    user: Any,
    name: str,
    *,
    clinic: Clinic | None = None,
    organisation: str = "",
    hide_exdose: bool = False,
) -> ReviewProject:
    """A new project with its creator as owner."""
    name = name.strip()
    if not name or len(name) > 200:
        raise RuleError("the project name must be 1-200 characters")
    with transaction.atomic():
        project = ReviewProject.objects.create(
            name=name,
            clinic=clinic,
            organisation=organisation.strip()[:200],
            hide_exdose=hide_exdose,
            created_by=user,
        )
        ProjectMember.objects.create(project=project, user=user, role="owner")
        record(
            project,
            user,
            "create_project",
            project,
            after={"name": name, "hide_exdose": hide_exdose},
        )
    return project


def add_member(project: ReviewProject, actor: Any, email: str, role: str) -> ProjectMember:
    """Add an existing account to the project (owners only)."""
    if not is_owner(project, actor):
        raise RuleError("only an owner adds members")
    if role not in ("owner", "reviewer"):
        raise RuleError("role must be owner or reviewer")
    user = get_user_model().objects.filter(email__iexact=email.strip()).first()
    if user is None:
        raise RuleError(f"no account with the email {email.strip()!r}; create the account first")
    member, created = ProjectMember.objects.get_or_create(
        project=project, user=user, defaults={"role": role}
    )
    if not created:
        raise RuleError(f"{user.email} is a member already")
    record(project, actor, "add_member", member, after={"user": user.email, "role": role})
    return member


# --- reports and studies -------------------------------------------------------------------------


def upload(project: ReviewProject, user: Any, files: list[Any]) -> list[Report]:
    """Store uploaded files (a zip gives its members) and queue one job per report."""
    created: list[Report] = []
    with transaction.atomic():
        for upload_file in files:
            for incoming in uploads.take_upload(project.pk, upload_file):
                report = Report.objects.create(
                    project=project,
                    filename=incoming.filename,
                    size=incoming.size,
                    sha256=incoming.sha256,
                    stored_name=incoming.path.name if incoming.path else "",
                    status="error" if incoming.error else "queued",
                    error=incoming.error,
                    created_by=user,
                )
                record(
                    project,
                    user,
                    "upload_report",
                    report,
                    after={"filename": report.filename, "status": report.status},
                )
                if not incoming.error:
                    tasks.enqueue(report)
                created.append(report)
    return created


def suggestions(project: ReviewProject) -> list[dict[str, Any]]:
    """Reports that look like one trial but sit in different studies, with the reason."""
    rated = list(
        project.reports.filter(status="rated").values(
            "id", "study", "title", "registrations", "filename"
        )
    )
    listed = services.suggest_studies(rated)
    names = {r["id"]: r["filename"] for r in rated}
    for s in listed:
        s["names"] = [names[r] for r in s["reports"]]
    return listed


def link_reports(
    project: ReviewProject, user: Any, report_ids: list[int], label: str = ""
) -> Study:
    """Put the reports into one study (the first one's), confirmed by this reviewer; studies
    left without reports and without ratings are removed."""
    reports = list(project.reports.filter(pk__in=report_ids, status="rated").order_by("id"))
    if len(reports) < 1:
        raise RuleError("choose rated reports to link")
    with transaction.atomic():
        target = reports[0].study
        assert target is not None
        before = {r.pk: r.study_id for r in reports}
        for r in reports:
            if r.study_id != target.pk:
                old = r.study
                r.study = target
                r.save(update_fields=["study"])
                if old is not None and not old.reports.exists() and not old.ratings.exists():
                    old.delete()
        target.confirmed = True
        if label.strip():
            target.label = label.strip()[:200]
        target.save()
        record(
            project,
            user,
            "link_reports",
            target,
            before=before,
            after={"study": target.pk, "reports": [r.pk for r in reports]},
        )
    return target


# --- blinding ------------------------------------------------------------------------------------


def finished_by(study: Study) -> set[int]:
    """Ids of the reviewers who finished the study."""
    return set(study.progress.values_list("reviewer_id", flat=True))


def started_by(study: Study) -> set[int]:
    """Ids of the reviewers who rated at least one item of the study, or finished it."""
    return set(study.ratings.values_list("reviewer_id", flat=True)) | finished_by(study)


def is_complete(study: Study) -> bool:
    """At least two reviewers finished and everyone who started finished."""
    done = finished_by(study)
    return len(done) >= 2 and started_by(study) <= done


def may_see_others(study: Study, user: Any) -> bool:
    """Whether `user` may read the other reviewers' ratings of the study."""
    if not is_complete(study):
        return False
    return user.pk in finished_by(study) or (
        is_owner(study.project, user) and user.pk not in started_by(study)
    )


def may_see_exdose(study: Study, user: Any) -> bool:
    """exdose's pre-rating is shown unless the project hides it until the reviewer finished."""
    if not study.project.hide_exdose:
        return True
    return user.pk in finished_by(study) or may_see_others(study, user)


def own_ratings(study: Study, user: Any) -> dict[str, ReviewerRating]:
    """The user's ratings of the study by item key."""
    return {f"{r.checklist}-{r.item}": r for r in study.ratings.filter(reviewer=user)}


def visible_ratings(study: Study, user: Any) -> dict[str, dict[str, dict[str, Any]]]:
    """Ratings the user may read: {reviewer email: {item key: rating}} (own always, others
    only once the study is complete)."""
    queryset = study.ratings.select_related("reviewer")
    if not may_see_others(study, user):
        queryset = queryset.filter(reviewer=user)
    result: dict[str, dict[str, dict[str, Any]]] = {}
    for r in queryset:
        result.setdefault(r.reviewer.email, {})[f"{r.checklist}-{r.item}"] = rating_json(r)
    return result


def rating_json(r: ReviewerRating) -> dict[str, Any]:
    """A rating as the API shows it."""
    return {
        "checklist": r.checklist,
        "item": r.item,
        "reported": r.reported,
        "note": r.note,
        "where": r.where,
        "updated_at": r.updated_at.isoformat(),
    }


# --- ratings -------------------------------------------------------------------------------------


def _check_item(checklist: str, item: str) -> None:
    if item not in services.item_ids(checklist):
        raise Http404("no such checklist item")


def set_rating(
    study: Study,
    user: Any,
    checklist: str,
    item: str,
    reported: str,
    note: str = "",
    where: str = "",
) -> ReviewerRating:
    """Set the user's rating of one item (audited); refused once they finished the study."""
    _check_item(checklist, item)
    if reported not in VALUES:
        raise RuleError("reported must be yes, no or na")
    if len(note) > 4000 or len(where) > 300:
        raise RuleError("the note is at most 4000 characters and 'where' at most 300")
    if user.pk in finished_by(study):
        raise RuleError("you finished this study; reopen it to change a rating")
    with transaction.atomic():
        existing = (
            study.ratings.select_for_update()
            .filter(reviewer=user, checklist=checklist, item=item)
            .first()
        )
        before = (
            None
            if existing is None
            else {"reported": existing.reported, "note": existing.note, "where": existing.where}
        )
        after = {"reported": reported, "note": note, "where": where}
        if existing is None:
            existing = ReviewerRating.objects.create(
                project=study.project,
                study=study,
                reviewer=user,
                checklist=checklist,
                item=item,
                **after,
            )
        elif before != after:
            existing.reported, existing.note, existing.where = reported, note, where
            existing.updated_at = timezone.now()
            existing.save()
        else:
            return existing
        record(
            study.project,
            user,
            "rate",
            existing,
            before=before,
            after={**after, "study": study.pk, "item": f"{checklist} {item}"},
        )
    return existing


def finish(study: Study, user: Any) -> StudyProgress:
    """Mark the study finished by the user: every one of the 31 items must be rated."""
    if user.pk in finished_by(study):
        raise RuleError("you finished this study already")
    rated = set(own_ratings(study, user))
    missing = [i.label for i in services.checklist_items() if i.key not in rated]
    if missing:
        raise RuleError(
            f"rate every item first; {len(missing)} left: {', '.join(missing[:8])}"
            + (" ..." if len(missing) > 8 else "")
        )
    progress = StudyProgress.objects.create(project=study.project, study=study, reviewer=user)
    record(study.project, user, "finish_study", study, after={"reviewer": user.email})
    return progress


def reopen(study: Study, user: Any) -> None:
    """Take back a finish while the others' ratings are still hidden."""
    if is_complete(study):
        raise RuleError("the study is complete (ratings revealed); the reconciler changes it now")
    deleted, _ = StudyProgress.objects.filter(study=study, reviewer=user).delete()
    if deleted:
        record(study.project, user, "reopen_study", study, before={"reviewer": user.email})


# --- exdose's rating, conflicts and the final rating --------------------------------------------


def exdose_rating(study: Study) -> dict[str, dict[str, Any]]:
    """exdose's study-level pre-rating by item key (from the study's rated reports)."""
    rated = [(r.pk, r.appraisal) for r in study.reports.filter(status="rated") if r.appraisal]
    return services.study_prerating(rated)


def reviewers_of(study: Study) -> list[Any]:
    """The reviewers who finished the study, in the order they finished."""
    return [
        p.reviewer for p in study.progress.select_related("reviewer").order_by("finished_at", "id")
    ]


def conflicts(study: Study) -> list[dict[str, Any]]:
    """Items the finished reviewers rated differently, with each one's rating and the final."""
    if not is_complete(study):
        return []
    people = reviewers_of(study)
    ratings = {(r.reviewer_id, f"{r.checklist}-{r.item}"): r for r in study.ratings.all()}
    finals = {f"{f.checklist}-{f.item}": f for f in study.final_ratings.all()}
    listed = []
    for item in services.checklist_items():
        values = [ratings.get((p.pk, item.key)) for p in people]
        if len({v.reported for v in values if v is not None}) > 1:
            listed.append(
                {
                    "item": item,
                    "ratings": list(zip(people, values, strict=True)),
                    "final": finals.get(item.key),
                }
            )
    return listed


def final_matrix(study: Study) -> dict[str, str | None]:
    """The study's final rating per item key: the reconciler's, else the value every finished
    reviewer gave; None while unresolved (or the study is not complete)."""
    finals = {f"{f.checklist}-{f.item}": f.reported for f in study.final_ratings.all()}
    result: dict[str, str | None] = {}
    complete = is_complete(study)
    done = finished_by(study)
    by_item: dict[str, set[str]] = {}
    for r in study.ratings.filter(reviewer_id__in=done):
        by_item.setdefault(f"{r.checklist}-{r.item}", set()).add(r.reported)
    for item in services.checklist_items():
        if item.key in finals:
            result[item.key] = finals[item.key]
        elif complete and len(by_item.get(item.key, set())) == 1:
            result[item.key] = next(iter(by_item[item.key]))
        else:
            result[item.key] = None
    return result


def set_final(
    study: Study, user: Any, checklist: str, item: str, reported: str, note: str = ""
) -> FinalRating:
    """The reconciler's rating of one item (owners only, complete studies only; audited)."""
    _check_item(checklist, item)
    if reported not in VALUES:
        raise RuleError("reported must be yes, no or na")
    if not is_owner(study.project, user):
        raise RuleError("only an owner reconciles")
    if not is_complete(study):
        raise RuleError("the study is not complete: both reviewers must finish it first")
    with transaction.atomic():
        existing = (
            study.final_ratings.select_for_update().filter(checklist=checklist, item=item).first()
        )
        before = (
            None if existing is None else {"reported": existing.reported, "note": existing.note}
        )
        if existing is None:
            existing = FinalRating.objects.create(
                project=study.project,
                study=study,
                checklist=checklist,
                item=item,
                reported=reported,
                note=note,
                decided_by=user,
            )
        else:
            existing.reported, existing.note, existing.decided_by = reported, note, user
            existing.decided_at = timezone.now()
            existing.save()
        record(
            study.project,
            user,
            "final_rating",
            existing,
            before=before,
            after={
                "reported": reported,
                "note": note,
                "study": study.pk,
                "item": f"{checklist} {item}",
            },
        )
    return existing


# --- outputs -------------------------------------------------------------------------------------


def complete_studies(project: ReviewProject) -> list[Study]:
    """The project's complete studies, by label."""
    return [s for s in project.studies.all() if is_complete(s)]


def table_for(project: ReviewProject, rater: str, user: Any) -> list[dict[str, Any]]:
    """Ratings-table rows of one rater over the studies the user may see:
    `final` (reconciled, complete studies), `exdose` (pre-ratings; with hide_exdose only the
    studies the user finished), `me` (the user's own, every study) or a reviewer's email
    (complete studies only)."""
    rows: list[dict[str, Any]] = []
    if rater == "me":
        studies = list(project.studies.filter(ratings__reviewer=user).distinct())
    elif rater == "exdose":
        studies = [s for s in project.studies.all() if may_see_exdose(s, user)]
    else:
        studies = complete_studies(project)
    for study in studies:
        if rater == "exdose":
            pre = exdose_rating(study)
            ratings = {
                k: {
                    "reported": v["reported"],
                    "confidence": v["confidence"],
                    "evidence": " ... ".join(e["text"] for e in v["evidence"]),
                    "reason": v["reason"],
                }
                for k, v in pre.items()
            }
        elif rater == "final":
            finals = {f"{f.checklist}-{f.item}": f.note for f in study.final_ratings.all()}
            ratings = {
                k: {"reported": v, "note": finals.get(k, "")}
                for k, v in final_matrix(study).items()
            }
        else:
            who = user if rater == "me" else _member_by_email(project, rater)
            if who is None or (rater != "me" and who.pk not in finished_by(study)):
                continue
            ratings = {
                k: {
                    "reported": r.reported,
                    "note": r.note,
                    "evidence": r.where and f"where: {r.where}",
                }
                for k, r in own_ratings(study, who).items()
            }
        rows.extend(services.table_rows(study.label, ratings))
    return rows


def _member_by_email(project: ReviewProject, email: str) -> Any:
    member = project.members.select_related("user").filter(user__email__iexact=email).first()
    return member.user if member else None


def rater_names(project: ReviewProject) -> list[str]:
    """Emails of the members who finished at least one complete study."""
    done: set[int] = set()
    for study in complete_studies(project):
        done |= finished_by(study)
    users = get_user_model().objects.filter(pk__in=done).order_by("email")
    return [u.email for u in users]


def agreement(project: ReviewProject, user: Any) -> list[dict[str, Any]]:
    """Agreement between every two reviewers and each reviewer against exdose (complete studies;
    numbers from exdose.agreement on the exported tables)."""
    names = rater_names(project)
    tables = {n: table_for(project, n, user) for n in names}
    results = []
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            results.append(services.agreement(tables[a], tables[b], a, b))
    done = {s.label for s in complete_studies(project)}
    if any(may_see_exdose(s, user) for s in complete_studies(project)):
        pre = [r for r in table_for(project, "exdose", user) if r["document"] in done]
        for a in names:
            results.append(services.agreement(tables[a], pre, a, "exdose"))
    return results


def matrix(project: ReviewProject) -> dict[str, dict[str, str | None]]:
    """Final ratings of the complete studies: {study label: {item key: value}}."""
    return {s.label: final_matrix(s) for s in complete_studies(project)}

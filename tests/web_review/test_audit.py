"""Every change is in the audit trail: who, when, from, to."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from review_helpers import rate_all, signed_in

from exdose.web.review import records
from exdose.web.review.models import AuditEntry


def test_rating_changes_are_audited_with_before_and_after(
    project: Any, people: dict[str, Any]
) -> None:
    study = project.studies.first()
    rita = people["rita"]
    start = AuditEntry.objects.filter(project=project).count()
    records.set_rating(study, rita, "cert", "7a", "yes", note="first look")
    records.set_rating(study, rita, "cert", "7a", "yes", note="first look")  # no change: no entry
    records.set_rating(study, rita, "cert", "7a", "no", note="only the control arm", where="p. 4")
    entries = list(AuditEntry.objects.filter(project=project).order_by("id"))[start:]
    assert [e.action for e in entries] == ["rate", "rate"]
    first, second = entries
    assert first.actor == rita and first.before is None
    assert first.after["reported"] == "yes" and first.after["item"] == "cert 7a"
    assert second.before == {"reported": "yes", "note": "first look", "where": ""}
    assert second.after["reported"] == "no" and second.after["where"] == "p. 4"
    assert second.at >= first.at


def test_finish_reopen_and_final_ratings_are_audited(project: Any, people: dict[str, Any]) -> None:
    study = project.studies.first()
    rate_all(study, people["rita"], "yes", finish=False)
    records.finish(study, people["rita"])
    records.reopen(study, people["rita"])
    records.finish(study, people["rita"])
    rate_all(study, people["raj"], {"tidier-5": "no"})
    records.set_final(study, people["olga"], "tidier", "5", "no", note="checked: not named")
    records.set_final(study, people["olga"], "tidier", "5", "yes", note="named in the supplement")
    actions = list(
        AuditEntry.objects.filter(project=project, object_id__in=[str(study.pk)]).values_list(
            "action", flat=True
        )
    )
    assert actions.count("finish_study") == 3 and actions.count("reopen_study") == 1
    finals = AuditEntry.objects.filter(project=project, action="final_rating").order_by("id")
    assert [(e.before and e.before["reported"], e.after["reported"]) for e in finals] == [
        (None, "no"),
        ("no", "yes"),
    ]
    assert all(e.actor == people["olga"] for e in finals)
    page = (
        signed_in(people["olga"]).get(reverse("review:audit", args=[project.pk])).content.decode()
    )
    assert "named in the supplement" in page and "final_rating" in page


def test_uploads_and_links_are_audited(project: Any) -> None:
    actions = set(AuditEntry.objects.filter(project=project).values_list("action", flat=True))
    assert {"create_project", "add_member", "upload_report", "link_reports"} <= actions

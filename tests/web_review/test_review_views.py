"""The pages: creating a project, adding members, the verification screen (31 items, least sure
first, saving a rating, finishing), suggestions confirmed into studies."""

from __future__ import annotations

import re
from typing import Any

from django.urls import reverse
from review_helpers import KEYS, signed_in

from exdose.web.review import records
from exdose.web.review.models import ReviewProject


def test_create_project_and_add_a_member(people: dict[str, Any]) -> None:
    olga = signed_in(people["olga"])
    response = olga.post(
        reverse("review:projects"), {"name": "Knee OA review", "hide_exdose": "on"}
    )
    project = ReviewProject.objects.get(name="Knee OA review")
    assert response.status_code == 302 and project.hide_exdose and project.clinic is None
    assert project.role_of(people["olga"]) == "owner"
    olga.post(
        reverse("review:members", args=[project.pk]),
        {"email": "RITA@review.test", "role": "reviewer"},
    )
    assert project.role_of(people["rita"]) == "reviewer"
    # a reviewer cannot add members; an unknown email is said to be unknown
    refused = signed_in(people["rita"]).post(
        reverse("review:members", args=[project.pk]), {"email": "raj@review.test", "role": "owner"}
    )
    assert (
        b"only an owner adds members" in refused.content and project.role_of(people["raj"]) is None
    )
    unknown = olga.post(reverse("review:members", args=[project.pk]), {"email": "x@y.test"})
    assert b"no account with the email" in unknown.content
    assert olga.post(reverse("review:projects"), {"name": " "}).status_code == 200


def _item_order(page: str) -> list[str]:
    return re.findall(r'<li class="item[^"]*" id="it-([a-z]+-[0-9a-z]+)"', page)


def test_verification_screen_and_least_sure_first(project: Any, people: dict[str, Any]) -> None:
    study = project.studies.first()
    rita = signed_in(people["rita"])
    url = reverse("review:verify", args=[project.pk, study.pk])
    page = rita.get(url).content.decode()
    assert _item_order(page) == KEYS
    assert page.count('data-set="yes"') == 31 and '<mark class="ev"' in page
    unsure = _item_order(rita.get(url, {"sort": "unsure"}).content.decode())
    assert sorted(unsure) == sorted(KEYS)
    pre = records.exdose_rating(study)
    confidences = [pre[k]["confidence"] for k in unsure]
    assert confidences == sorted(confidences) and unsure != KEYS


def test_rating_saved_from_the_screen_and_finishing(project: Any, people: dict[str, Any]) -> None:
    study = project.studies.first()
    rita = signed_in(people["rita"])
    rate = reverse("review:rate", args=[project.pk, study.pk])
    saved = rita.post(
        rate,
        {
            "item": "cert-7a",
            "reported": "no",
            "note": "only a vague rule",
            "where": "Methods, p. 3",
        },
    )
    assert saved.status_code == 200 and saved.json()["reported"] == "no"
    assert rita.post(rate, {"item": "cert-7a", "reported": "maybe"}).status_code == 422
    assert rita.post(rate, {"item": "cert-99", "reported": "no"}).status_code == 404
    finish = rita.post(reverse("review:finish", args=[project.pk, study.pk]))
    assert finish.status_code == 302 and "30+left" in finish["Location"]
    page = rita.get(reverse("review:verify", args=[project.pk, study.pk])).content.decode()
    assert "only a vague rule" in page and "Methods, p. 3" in page and "1/31 rated" in page


def test_reports_fragment_polls_only_while_jobs_run(project: Any, people: dict[str, Any]) -> None:
    fragment = signed_in(people["raj"]).get(reverse("review:reports", args=[project.pk]))
    text = fragment.content.decode()
    assert text.count(">rated<") == 6 and "hx-trigger" not in text


def test_studies_linked_from_suggestions(project: Any) -> None:
    studies = {
        s.registration: sorted(r.filename for r in s.reports.all()) for s in project.studies.all()
    }
    assert studies == {
        "NCT03256357": ["Protocol_005_PMC6069849.txt", "Results_005_PMC6977217.txt"],
        "NCT02148965": ["Protocol_014_PMC4446829.txt", "Results_014_PMC5741924.txt"],
        "NCT01893034": ["Protocol_054_PMC4248299.txt", "Results_054_PMC6365841.txt"],
    }
    assert all(s.confirmed for s in project.studies.all()) and records.suggestions(project) == []

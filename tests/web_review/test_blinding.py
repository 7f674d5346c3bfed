"""Blinding: a reviewer cannot read another's ratings before the study is complete, through the
pages or the API; with hide_exdose, exdose's pre-rating is hidden until the reviewer finishes."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from review_helpers import KEYS, api, rate_all, signed_in

from exdose.web.review import records

RITA_NOTE = "Rita-only-note-7f3"


def _rita_rates(study: Any, people: dict[str, Any], finish: bool) -> None:
    rate_all(study, people["rita"], {"cert-1": "no"}, finish=False)
    records.set_rating(study, people["rita"], "cert", "2", "na", note=RITA_NOTE)
    if finish:
        records.finish(study, people["rita"])


@pytest.mark.parametrize("rita_finished", [False, True])
def test_other_reviewer_sees_nothing_before_both_finish(
    rita_finished: bool, project: Any, people: dict[str, Any]
) -> None:
    study = project.studies.first()
    _rita_rates(study, people, rita_finished)
    rate_all(study, people["raj"], "yes", finish=False)
    page = signed_in(people["raj"]).get(reverse("review:verify", args=[project.pk, study.pk]))
    assert page.status_code == 200
    assert (
        RITA_NOTE not in page.content.decode() and "rita@review.test" not in page.content.decode()
    )
    body = api(people["raj"]).get(f"/api/v1/reviews/{project.pk}/studies/{study.pk}/ratings").json()
    assert list(body["ratings"]) == ["raj@review.test"] and body["complete"] is False
    # the owner (not rating this study) cannot peek either, nor does any export or agreement
    owner = signed_in(people["olga"])
    assert (
        RITA_NOTE
        not in owner.get(reverse("review:verify", args=[project.pk, study.pk])).content.decode()
    )
    assert (
        owner.get(reverse("review:export", args=[project.pk, "csv"]) + "?rater=rita@review.test")
        .content.decode()
        .count("\n")
        == 1
    )
    assert RITA_NOTE not in owner.get(reverse("review:audit", args=[project.pk])).content.decode()
    assert api(people["olga"]).get(f"/api/v1/reviews/{project.pk}/agreement").json() == []
    # Rita, finished or not, does not see Raj's
    rita = (
        api(people["rita"]).get(f"/api/v1/reviews/{project.pk}/studies/{study.pk}/ratings").json()
    )
    assert list(rita["ratings"]) == ["rita@review.test"]


def test_ratings_revealed_once_both_finished(project: Any, people: dict[str, Any]) -> None:
    study = project.studies.first()
    _rita_rates(study, people, True)
    rate_all(study, people["raj"], "yes")
    body = api(people["raj"]).get(f"/api/v1/reviews/{project.pk}/studies/{study.pk}/ratings").json()
    assert body["complete"] is True
    assert sorted(body["ratings"]) == ["raj@review.test", "rita@review.test"]
    assert body["ratings"]["rita@review.test"]["cert-2"]["note"] == RITA_NOTE
    page = signed_in(people["raj"]).get(reverse("review:verify", args=[project.pk, study.pk]))
    assert RITA_NOTE in page.content.decode()
    conflicts = signed_in(people["olga"]).get(reverse("review:conflicts", args=[project.pk]))
    text = conflicts.content.decode()
    assert "CERT 1</b>" in text and "CERT 2</b>" in text and "CERT 3</b>" not in text


def test_finished_ratings_are_locked(project: Any, people: dict[str, Any]) -> None:
    study = project.studies.first()
    rate_all(study, people["rita"], "yes")
    with pytest.raises(records.RuleError, match="finished"):
        records.set_rating(study, people["rita"], "cert", "1", "no")
    response = api(people["rita"]).put(
        f"/api/v1/reviews/{project.pk}/reports/{study.reports.first().pk}/ratings/cert/1",
        {"reported": False},
        content_type="application/json",
    )
    assert response.status_code == 422 and "reopen" in response.json()["detail"]


def test_finish_needs_every_item(project: Any, people: dict[str, Any]) -> None:
    study = project.studies.first()
    records.set_rating(study, people["rita"], "cert", "1", "yes")
    with pytest.raises(records.RuleError, match="30 left"):
        records.finish(study, people["rita"])


def test_hidden_exdose_rating_until_the_reviewer_finishes(
    project: Any, people: dict[str, Any]
) -> None:
    project.hide_exdose = True
    project.save()
    study = project.studies.first()
    report = study.reports.first()
    url = reverse("review:verify", args=[project.pk, study.pk])
    before = signed_in(people["rita"]).get(url).content.decode()
    assert "exdose: yes" not in before and 'class="ev' not in before
    assert "hidden until you finish" in before
    got = api(people["rita"]).get(f"/api/v1/reviews/{project.pk}/reports/{report.pk}").json()
    assert got["appraisal"] is None and got["hidden"] is True
    rate_all(study, people["rita"], "yes")
    after = signed_in(people["rita"]).get(url).content.decode()
    assert "exdose: yes" in after and 'class="ev' in after
    got = api(people["rita"]).get(f"/api/v1/reviews/{project.pk}/reports/{report.pk}").json()
    assert got["appraisal"]["cert"]["max"] == 19 and got["hidden"] is False
    # Raj, who has not finished, still does not see it
    assert (
        api(people["raj"]).get(f"/api/v1/reviews/{project.pk}/reports/{report.pk}").json()["hidden"]
    )


def test_keys_cover_the_31_items() -> None:
    assert len(KEYS) == 31 and KEYS[0] == "cert-1" and KEYS[-1] == "tidier-12"

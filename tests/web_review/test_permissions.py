"""A member of another project gets 404 on every id, through the pages and the API."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from review_helpers import api, rate_all, signed_in

PROJECT_PAGES = [
    ("get", "review:project"),
    ("get", "review:reports"),
    ("post", "review:upload"),
    ("post", "review:link"),
    ("post", "review:members"),
    ("get", "review:conflicts"),
    ("get", "review:outputs"),
    ("get", "review:agreement"),
    ("get", "review:audit"),
]
STUDY_PAGES = [
    ("get", "review:verify"),
    ("post", "review:rate"),
    ("post", "review:finish"),
    ("post", "review:final"),
]


@pytest.mark.parametrize(("method", "name"), PROJECT_PAGES)
def test_project_pages_of_another_project_are_not_found(
    method: str, name: str, project: Any, people: dict[str, Any]
) -> None:
    stranger = signed_in(people["stan"])
    response = getattr(stranger, method)(reverse(name, args=[project.pk]))
    assert response.status_code == 404
    # and the owner's own request succeeds or redirects: the 404 is about membership
    own = getattr(signed_in(people["olga"]), method)(reverse(name, args=[project.pk]))
    assert own.status_code in (200, 302, 400)


@pytest.mark.parametrize(("method", "name"), STUDY_PAGES)
def test_study_pages_of_another_project_are_not_found(
    method: str, name: str, project: Any, people: dict[str, Any]
) -> None:
    study = project.studies.first()
    stranger = signed_in(people["stan"])
    assert getattr(stranger, method)(reverse(name, args=[project.pk, study.pk])).status_code == 404
    # Stan's own project with Olga's study id: still not found
    mixed = reverse(name, args=[project.other.pk, study.pk])
    assert (
        getattr(stranger, method)(mixed, {"item": "cert-1", "reported": "yes"}).status_code == 404
    )


@pytest.mark.parametrize("fmt", ["svg", "png"])
def test_downloads_of_another_project_are_not_found(
    fmt: str, project: Any, people: dict[str, Any]
) -> None:
    stranger = signed_in(people["stan"])
    assert stranger.get(reverse("review:heatmap", args=[project.pk, fmt])).status_code == 404
    assert stranger.get(reverse("review:export", args=[project.pk, "csv"])).status_code == 404
    assert stranger.get(reverse("review:export", args=[project.pk, "xlsx"])).status_code == 404


def test_project_list_shows_only_own_projects(project: Any, people: dict[str, Any]) -> None:
    page = signed_in(people["stan"]).get(reverse("review:projects")).content.decode()
    assert "Stan&#x27;s review" in page and "Hypopressive review" not in page
    page = signed_in(people["rita"]).get(reverse("review:projects")).content.decode()
    assert "Hypopressive review" in page and "Stan" not in page


def test_signed_out_visitor_is_sent_to_sign_in(project: Any) -> None:
    from django.test import Client

    response = Client().get(reverse("review:project", args=[project.pk]))
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def _api_routes(project: Any) -> list[tuple[str, str, Any]]:
    report = project.reports.first()
    study = report.study
    base = f"/api/v1/reviews/{project.pk}"
    return [
        ("get", f"{base}/reports/{report.pk}", None),
        ("put", f"{base}/reports/{report.pk}/ratings/cert/1", {"reported": True}),
        ("get", f"{base}/studies/{study.pk}/ratings", None),
        ("post", f"{base}/studies/{study.pk}/finish", None),
        ("get", f"{base}/agreement", None),
        ("get", f"{base}/export.csv", None),
        ("post", f"{base}/reports", "file"),
    ]


def test_api_routes_of_another_project_are_not_found(project: Any, people: dict[str, Any]) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = api(people["stan"])
    for method, url, body in _api_routes(project):
        if body == "file":
            response = client.post(url, {"file": SimpleUploadedFile("a.txt", b"Methods.")})
        elif body is None:
            response = getattr(client, method)(url)
        else:
            response = getattr(client, method)(url, body, content_type="application/json")
        assert response.status_code == 404, (method, url, response.content[:200])


def test_api_ids_of_another_project_inside_own_project_are_not_found(
    project: Any, people: dict[str, Any]
) -> None:
    """Stan's own review id with Olga's report and study ids."""
    report = project.reports.first()
    client = api(people["stan"])
    base = f"/api/v1/reviews/{project.other.pk}"
    assert client.get(f"{base}/reports/{report.pk}").status_code == 404
    assert (
        client.put(
            f"{base}/reports/{report.pk}/ratings/cert/1",
            {"reported": True},
            content_type="application/json",
        ).status_code
        == 404
    )
    assert client.get(f"{base}/studies/{report.study_id}/ratings").status_code == 404


def test_api_without_token_is_refused(project: Any) -> None:
    from django.test import Client

    assert Client().get(f"/api/v1/reviews/{project.pk}/agreement").status_code == 401


def test_only_an_owner_reconciles(project: Any, people: dict[str, Any]) -> None:
    from exdose.web.review import records

    study = project.studies.first()
    rate_all(study, people["rita"], "yes")
    rate_all(study, people["raj"], {"cert-1": "no"})
    with pytest.raises(records.RuleError, match="only an owner"):
        records.set_final(study, people["rita"], "cert", "1", "yes")
    records.set_final(study, people["olga"], "cert", "1", "yes")
    assert records.final_matrix(study)["cert-1"] == "yes"

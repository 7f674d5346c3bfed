"""Uploads: single files and zips, bounded by the server; a hostile or unreadable file fails its
own job with a clear message and the others are still rated."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from review_helpers import REPORTS, api, signed_in

from exdose.web.review import records, uploads

XXE = (
    b'<?xml version="1.0"?><!DOCTYPE article [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    b"<article><body><sec><title>Methods</title><p>&xxe;</p></sec></body></article>"
)


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.fixture
def empty_project(people: dict[str, Any]) -> Any:
    return records.create_project(people["olga"], "Uploads")


def _upload(
    project: Any, user: Any, name: str, data: bytes, capture: Any, run_jobs: Callable[[], None]
) -> Any:
    with capture(execute=True):
        response = signed_in(user).post(
            reverse("review:upload", args=[project.pk]), {"file": SimpleUploadedFile(name, data)}
        )
    run_jobs()
    return response


def test_zip_of_good_and_hostile_reports(
    empty_project: Any,
    people: dict[str, Any],
    django_capture_on_commit_callbacks: Any,
    run_jobs: Callable[[], None],
) -> None:
    good = (REPORTS / "Protocol_014_PMC4446829.txt").read_bytes()
    data = _zip(
        {
            "reports/Protocol_014.txt": good,
            "reports/xxe.xml": XXE,
            "reports/broken.pdf": b"%PDF-1.7\n1 0 obj << /Type /Catalog",
            "../../etc/evil.txt": good,
            "reports/.DS_Store": b"\0\0",
            "__MACOSX/reports/._Protocol_014.txt": b"\0",
            "inner.zip": _zip({"a.txt": good}),
        }
    )
    response = _upload(
        empty_project,
        people["olga"],
        "batch.zip",
        data,
        django_capture_on_commit_callbacks,
        run_jobs,
    )
    assert response.status_code == 302
    got = {r.filename: r for r in empty_project.reports.all()}
    assert sorted(got) == ["Protocol_014.txt", "broken.pdf", "evil.txt", "inner.zip", "xxe.xml"]
    assert got["Protocol_014.txt"].status == "rated"
    assert got["Protocol_014.txt"].appraisal["cert"]["max"] == 19
    assert got["xxe.xml"].status == "error" and "entit" in got["xxe.xml"].error.lower()
    assert got["broken.pdf"].status == "error" and "PDF" in got["broken.pdf"].error
    assert got["evil.txt"].status == "error" and "outside" in got["evil.txt"].error
    assert got["inner.zip"].status == "error" and "zip inside the zip" in got["inner.zip"].error
    # nothing was written outside the project's folder, and no server path leaks in a message
    assert all(str(uploads.folder_for(empty_project.pk)) not in r.error for r in got.values())
    page = signed_in(people["olga"]).get(reverse("review:project", args=[empty_project.pk]))
    assert "entit" in page.content.decode().lower()


@override_settings(REVIEW_MAX_FILE_BYTES=20_000, REVIEW_MAX_ZIP_TOTAL_BYTES=65_000)
def test_size_limits_per_file_and_per_zip(
    empty_project: Any,
    people: dict[str, Any],
    django_capture_on_commit_callbacks: Any,
    run_jobs: Callable[[], None],
) -> None:
    small = (REPORTS / "Protocol_014_PMC4446829.txt").read_bytes()  # 19.7 kB, under the limit
    # a bomb: 400 kB of one byte packs into under 1 kB; unpacking stops at the per-file limit
    # (20 kB counted against the zip's 65 kB), whatever the zip's header claims
    data = _zip({"bomb.txt": b"\0" * 400_000, "a.txt": small, "b.txt": small, "c.txt": small})
    assert len(data) < 60_000
    _upload(
        empty_project,
        people["olga"],
        "limits.zip",
        data,
        django_capture_on_commit_callbacks,
        run_jobs,
    )
    got = {r.filename: r for r in empty_project.reports.all()}
    assert got["bomb.txt"].status == "error" and not got["bomb.txt"].stored_name
    assert got["bomb.txt"].error.startswith("the file is more than 20 kB; the limit is 20 kB")
    assert [got[n].status for n in ("a.txt", "b.txt", "c.txt")] == ["rated", "rated", "error"]
    assert got["c.txt"].error.startswith("not unpacked: the zip's files add up to more than 63 kB")
    assert not list(uploads.folder_for(empty_project.pk).glob(".upload-*"))
    single = _upload(
        empty_project,
        people["olga"],
        "huge.txt",
        b"Methods. " * 5000,
        django_capture_on_commit_callbacks,
        run_jobs,
    )
    assert single.status_code == 302
    huge = empty_project.reports.get(filename="huge.txt")
    assert huge.status == "error" and not huge.stored_name
    assert huge.error.startswith("the file is 44 kB; the limit is 20 kB per report")


@override_settings(REVIEW_MAX_ZIP_FILES=3)
def test_zip_with_too_many_files_is_refused(empty_project: Any, people: dict[str, Any]) -> None:
    data = _zip({f"r{i}.txt": b"Methods." for i in range(4)})
    response = signed_in(people["olga"]).post(
        reverse("review:upload", args=[empty_project.pk]),
        {"file": SimpleUploadedFile("many.zip", data)},
    )
    assert response.status_code == 400 and b"at most 3 per zip" in response.content
    assert not empty_project.reports.exists()


@override_settings(REVIEW_MAX_REQUEST_BYTES=1000)
def test_request_over_the_limit_is_refused_before_reading(
    empty_project: Any, people: dict[str, Any]
) -> None:
    response = signed_in(people["olga"]).post(
        reverse("review:upload", args=[empty_project.pk]),
        {"file": SimpleUploadedFile("a.txt", b"x" * 5000)},
    )
    assert response.status_code == 413
    assert not empty_project.reports.exists()


def test_api_upload_and_status(
    empty_project: Any,
    people: dict[str, Any],
    django_capture_on_commit_callbacks: Any,
    run_jobs: Callable[[], None],
) -> None:
    client = api(people["olga"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/api/v1/reviews/{empty_project.pk}/reports",
            {
                "file": SimpleUploadedFile(
                    "r.txt", (REPORTS / "Results_014_PMC5741924.txt").read_bytes()
                )
            },
        )
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "queued" and body["appraisal"] is None and len(body["reports"]) == 1
    run_jobs()
    done = client.get(f"/api/v1/reviews/{empty_project.pk}/reports/{body['id']}").json()
    assert done["status"] == "rated" and done["study"] is not None
    assert set(done["appraisal"]) == {
        "document", "doc_type", "arm", "arm_reason", "arms", "note", "cert", "tidier", "error",
    }  # fmt: skip
    assert done["appraisal"]["document"] == "r.txt"
    put = client.put(
        f"/api/v1/reviews/{empty_project.pk}/reports/{body['id']}/ratings/tidier/12",
        {"reported": None, "note": "no modification planned"},
        content_type="application/json",
    )
    assert put.status_code == 200 and put.json()["reported"] == "na"
    bad = client.put(
        f"/api/v1/reviews/{empty_project.pk}/reports/{body['id']}/ratings/cert/99",
        {"reported": True},
        content_type="application/json",
    )
    assert bad.status_code == 404


def test_api_creates_a_review(people: dict[str, Any]) -> None:
    response = api(people["rita"]).post(
        "/api/v1/reviews", {"name": "Knee trials"}, content_type="application/json"
    )
    assert response.status_code == 201
    project = records.project_or_404(people["rita"], response.json()["id"])
    assert project.role_of(people["rita"]) == "owner"


def test_a_crash_in_the_reader_fails_only_its_own_job(
    empty_project: Any,
    people: dict[str, Any],
    django_capture_on_commit_callbacks: Any,
    run_jobs: Callable[[], None],
) -> None:
    """An XML declaration with an unknown encoding made the reader raise a bare LookupError
    (found by ROBUST's fuzzing); whatever the reader raises, that report ends in `error` with a
    message and the next report is rated."""
    odd = b'<?xml version="1.0" encoding="UTF-6"?><article><body><p>Methods.</p></body></article>'
    good = (REPORTS / "Results_054_PMC6365841.txt").read_bytes()
    _upload(
        empty_project,
        people["olga"],
        "two.zip",
        _zip({"odd.xml": odd, "good.txt": good}),
        django_capture_on_commit_callbacks,
        run_jobs,
    )
    got = {r.filename: r for r in empty_project.reports.all()}
    assert got["odd.xml"].status == "error" and "encoding" in got["odd.xml"].error.lower()
    assert got["good.txt"].status == "rated"

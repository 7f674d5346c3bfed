"""The agreement the web shows is exdose.agreement on the tables it exports (so `exdose
agreement A.csv B.csv` on the downloads prints the same numbers), with hand-worked figures."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from review_helpers import KEYS, api, rate_all, signed_in

import exdose
from exdose.web.review import records, services


def _pattern(people: dict[str, Any], studies: list[Any]) -> None:
    """93 item pairs over three studies: both no 5, Rita no/Raj yes 5, Rita yes/Raj no 10,
    both yes 72, both not applicable 1 (not compared)."""
    s1, s2, s3 = studies
    rita = {k: "no" for k in KEYS[:10]}
    raj = {k: "no" for k in KEYS[:5]}
    rate_all(s1, people["rita"], rita)
    rate_all(s1, people["raj"], raj)
    rate_all(s2, people["rita"], "yes")
    rate_all(s2, people["raj"], {k: "no" for k in KEYS[:10]})
    rate_all(s3, people["rita"], {"tidier-12": "na"})
    rate_all(s3, people["raj"], {"tidier-12": "na"})


def test_agreement_hand_worked(project: Any, people: dict[str, Any]) -> None:
    _pattern(people, list(project.studies.all()))
    report = records.agreement(project, people["olga"])
    pair = next(r for r in report if r["rater_b"] == "rita@review.test")
    assert pair["rater_a"] == "raj@review.test"
    overall = pair["overall"]
    n, agreed = 92, 77  # 93 pairs, one both-NA pair not compared; 5 + 72 agree
    assert (overall["n"], overall["agreed"], pair["unrated"]) == (n, agreed, 1)
    p_o = agreed / n
    # from the pattern: Raj says no on 5 + 10 = 15 compared items, Rita on 10
    raj_yes, rita_yes = (n - 15) / n, (n - 10) / n
    p_e = raj_yes * rita_yes + (1 - raj_yes) * (1 - rita_yes)
    assert overall["percent"] == round(100 * p_o, 2)
    assert overall["kappa"] == pytest.approx(round((p_o - p_e) / (1 - p_e), 4), abs=1e-4)
    assert overall["pabak"] == round(2 * p_o - 1, 4)
    se = (p_o * (1 - p_o) / (n * (1 - p_e) ** 2)) ** 0.5
    low, high = overall["kappa_ci"]
    assert low == pytest.approx(overall["kappa"] - 1.96 * se, abs=2e-3)
    assert high == pytest.approx(overall["kappa"] + 1.96 * se, abs=2e-3)
    assert len(pair["disagreements"]) == 15


def test_exported_tables_give_the_same_agreement_as_exdose(
    project: Any, people: dict[str, Any], tmp_path: Path
) -> None:
    _pattern(people, list(project.studies.all()))
    owner = signed_in(people["olga"])
    paths = {}
    for rater in ("rita@review.test", "raj@review.test", "exdose"):
        body = owner.get(reverse("review:export", args=[project.pk, "csv"]), {"rater": rater})
        assert body.status_code == 200
        paths[rater] = tmp_path / f"{rater}.csv"
        paths[rater].write_bytes(body.content)
    web = api(people["olga"]).get(f"/api/v1/reviews/{project.pk}/agreement").json()
    cli = exdose.agreement(paths["raj@review.test"], paths["rita@review.test"])
    between = next(r for r in web if r["rater_b"] == "rita@review.test")
    for key in ("overall", "checklists", "items", "disagreements", "unrated"):
        expected = cli.model_dump(mode="json")[key]
        got = between[key]
        if key == "overall":
            got = {k: v for k, v in got.items() if k != "kappa_ci"}
        elif key in ("checklists", "items"):
            got = [{k: v for k, v in g.items() if k != "kappa_ci"} for g in got]
        assert got == expected, key
    vs_exdose = next(
        r for r in web if r["rater_a"] == "rita@review.test" and r["rater_b"] == "exdose"
    )
    cli_exdose = exdose.agreement(paths["rita@review.test"], paths["exdose"])
    assert vs_exdose["overall"]["kappa"] == cli_exdose.overall.kappa
    assert vs_exdose["overall"]["n"] == cli_exdose.overall.n == 92


def test_export_columns_are_the_ratings_table(project: Any, people: dict[str, Any]) -> None:
    _pattern(people, list(project.studies.all()))
    text = (
        signed_in(people["olga"])
        .get(reverse("review:export", args=[project.pk, "csv"]))
        .content.decode()
    )
    rows = list(csv.DictReader(io.StringIO(text)))
    assert tuple(rows[0]) == services.TABLE_COLUMNS
    assert len(rows) == 93
    na = [
        r for r in rows if r["item"] == "12" and r["checklist"] == "tidier" and r["reported"] == ""
    ]
    assert len(na) == 1 and na[0]["reason"].startswith("not applicable")
    # the unresolved conflicts of study 1 and 2 are empty until the owner decides
    assert sum(1 for r in rows if r["reported"] == "") == 1 + 5 + 10


def test_xlsx_export_reads_back(project: Any, people: dict[str, Any]) -> None:
    from openpyxl import load_workbook

    _pattern(people, list(project.studies.all()))
    body = (
        signed_in(people["olga"])
        .get(reverse("review:export", args=[project.pk, "xlsx"]), {"rater": "rita@review.test"})
        .content
    )
    sheet = load_workbook(io.BytesIO(body), read_only=True)["ratings"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == services.TABLE_COLUMNS and len(rows) == 94


def test_summary_and_heatmap(project: Any, people: dict[str, Any]) -> None:
    studies = list(project.studies.all())
    _pattern(people, studies)
    s1 = studies[0]
    for key in KEYS[5:10]:  # the five conflicts of study 1: reconciled to "no"
        checklist, _, item = key.partition("-")
        records.set_final(s1, people["olga"], checklist, item, "no")
    summary = services.summary(records.matrix(project))
    first = next(s for s in summary["studies"] if s["study"] == s1.label)
    # study 1: CERT items 1-10 no (5 agreed + 5 reconciled), the other 9 CERT items yes
    assert first["cert"] == {
        "reported": 9,
        "applicable": 19,
        "not_applicable": 0,
        "unresolved": 0,
        "percent": round(100 * 9 / 19, 1),
    }
    item_1 = next(i for i in summary["items"] if i["key"] == "cert-1")
    assert (item_1["reported"], item_1["applicable"]) == (1, 2)  # study 2 unresolved, study 3 yes
    owner = signed_in(people["olga"])
    svg = owner.get(reverse("review:heatmap", args=[project.pk, "svg"])).content
    png = owner.get(reverse("review:heatmap", args=[project.pk, "png"])).content
    assert (
        svg.lstrip().startswith(b"<?xml") and b"not applicable" in svg and s1.label.encode() in svg
    )
    assert png.startswith(b"\x89PNG")
    page = owner.get(reverse("review:outputs", args=[project.pk])).content.decode()
    assert "raj@review.test vs rita@review.test" in page and "95% CI" in page

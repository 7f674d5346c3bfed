"""Agreement statistics against values worked out by hand."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exdose.appraise.agreement import KAPPA_UNDEFINED_NOTE, agreement_stats, compare_rows


def test_kappa_and_pabak_by_hand() -> None:
    # 10 pairs: both 1 on 4, both 0 on 4, A=1/B=0 on 1, A=0/B=1 on 1.
    a = [1, 1, 1, 1, 0, 0, 0, 0, 1, 0]
    b = [1, 1, 1, 1, 0, 0, 0, 0, 0, 1]
    stats = agreement_stats("x", a, b)
    assert stats.n == 10 and stats.agreed == 8
    assert stats.percent == 80.0
    # p_o = 0.8, p_e = 0.5*0.5 + 0.5*0.5 = 0.5 -> kappa 0.6; PABAK = 2*0.8 - 1 = 0.6
    assert stats.kappa == 0.6
    assert stats.pabak == 0.6


def test_kappa_undefined_when_everyone_says_yes() -> None:
    stats = agreement_stats("tidier 1", [1, 1, 1], [1, 1, 1])
    assert stats.kappa is None
    assert stats.note == KAPPA_UNDEFINED_NOTE
    assert stats.percent == 100.0 and stats.pabak == 1.0


def test_kappa_zero_when_one_rater_is_constant_and_they_differ() -> None:
    stats = agreement_stats("x", [1, 1, 1, 1], [1, 1, 0, 0])
    assert stats.kappa == 0.0
    assert stats.pabak == 0.0


@given(st.lists(st.tuples(st.integers(0, 1), st.integers(0, 1)), min_size=1, max_size=60))
def test_statistics_stay_in_range(pairs: list[tuple[int, int]]) -> None:
    a, b = [p[0] for p in pairs], [p[1] for p in pairs]
    stats = agreement_stats("x", a, b)
    assert stats.percent is not None and 0 <= stats.percent <= 100
    assert stats.pabak is not None and -1 <= stats.pabak <= 1
    if stats.kappa is not None:
        assert -1 <= stats.kappa <= 1


def test_rows_only_in_one_table_are_listed_not_compared() -> None:
    a = {("d", "cert", "1"): {"reported": 1}, ("d", "cert", "2"): {"reported": 0}}
    b = {("d", "cert", "1"): {"reported": 0}, ("e", "cert", "1"): {"reported": 1}}
    report = compare_rows(a, b)
    assert report.overall.n == 1
    assert report.only_in_a == ["d cert 2"] and report.only_in_b == ["e cert 1"]
    assert [(d.document, d.item) for d in report.disagreements] == [("d", "1")]


def test_semicolon_csv_and_xlsx_give_the_same_agreement_as_the_comma_csv(tmp_path: Path) -> None:
    """Reviewers' spreadsheets save semicolon CSVs or XLSX; both read like exdose's own CSV."""
    import csv

    from openpyxl import Workbook

    from exdose.appraise.agreement import compare_ratings

    header = ["document", "doc_type", "arm", "checklist", "item", "reported", "evidence", "reason"]
    a = [["r1.txt", "results", "exercise", "cert", "1", "1", "bands", ""],
         ["r1.txt", "results", "exercise", "cert", "2", "0", "", "not said"],
         ["r1.txt", "results", "exercise", "tidier", "1", "1", "name", ""],
         ["r1.txt", "results", "exercise", "tidier", "2", "1", "why", ""]]  # fmt: skip
    b = [[*row[:5], v, *row[6:]] for row, v in zip(a, ["1", "1", "1", "0"], strict=True)]
    paths = {}
    for name, rows in (("a", a), ("b", b)):
        comma = tmp_path / f"{name}.csv"
        with comma.open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows([header, *rows])
        semi = tmp_path / f"{name}-semi.csv"
        with semi.open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle, delimiter=";").writerows([header, *rows])
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        for row in [header, *rows]:
            sheet.append(row)
        xlsx = tmp_path / f"{name}.xlsx"
        book.save(xlsx)
        paths[name] = (comma, semi, xlsx)
    reports = [compare_ratings(paths["a"][i], paths["b"][i]) for i in range(3)]
    # by hand: 4 pairs, 2 agree -> p_o = 0.5; A says yes 3/4, B 3/4 -> p_e = 0.75*0.75 +
    # 0.25*0.25 = 0.625; kappa = (0.5 - 0.625) / (1 - 0.625) = -1/3
    for report in reports:
        assert report.overall.n == 4
        assert report.overall.percent == pytest.approx(50.0)
        assert report.overall.kappa == pytest.approx(-1 / 3, abs=1e-4)  # reported to 4 places
        assert len(report.disagreements) == 2

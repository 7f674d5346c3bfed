from typing import Any


def test_six_reports_become_three_studies(project: Any) -> None:
    assert sorted(project.reports.values_list("status", flat=True)) == ["rated"] * 6
    assert project.studies.count() == 3

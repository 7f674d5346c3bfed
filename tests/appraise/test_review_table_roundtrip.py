"""A review's ratings table read back as a reviewer left it: `summarize` rebuilds what `appraise`
summarised (reports without an exercise arm stay apart), corrections in either rating column
count, notes are kept, and `agreement` gives the same figures for the table saved with commas,
with semicolons or as XLSX. Reports written for these tests."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from openpyxl import load_workbook
from typer.testing import CliRunner

from exdose.cli import app
from exdose.report.review import study_from_filename

DRUG_TRIAL = """Oral semaglutide against placebo in type 2 diabetes: a randomised trial

## Abstract

Adults with type 2 diabetes were randomised to oral semaglutide or placebo for 26 weeks.

## Methods

### Interventions

Participants took oral semaglutide 14 mg or a matching placebo tablet once daily. The dose was
raised from 3 mg to 7 mg after four weeks and to 14 mg after eight weeks. Tablets were counted
at every visit.

### Outcomes

The primary outcome was the change in HbA1c from baseline to week 26.

## Results

Of 300 participants, 280 completed the trial.
"""


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def _appraised(tmp_path: Path, knee_md: Path) -> tuple[Path, Path, Path]:
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / knee_md.name).write_text(knee_md.read_text("utf-8"), encoding="utf-8")
    (folder / "drug-trial.md").write_text(DRUG_TRIAL, encoding="utf-8")
    table, xlsx, summary = tmp_path / "r.csv", tmp_path / "r.xlsx", tmp_path / "s.md"
    code, _, err = _run(
        "appraise", str(folder), "--csv", str(table), "--xlsx", str(xlsx), "--summary", str(summary)
    )
    assert code == 0, err
    return table, xlsx, summary


def _read(table: Path) -> list[dict[str, str]]:
    with table.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _write(rows: list[dict[str, str]], path: Path, delimiter: str = ",") -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), delimiter=delimiter)
        writer.writeheader()
        writer.writerows(rows)
    return path


def _headline(summary: Path) -> list[str]:
    lines = summary.read_text("utf-8").splitlines()
    return [line for line in lines if line.startswith(("Reports:", "Mean completeness:"))]


def test_summarize_rebuilds_what_appraise_summarised(tmp_path: Path, knee_md: Path) -> None:
    table, _, summary = _appraised(tmp_path, knee_md)
    rows = _read(table)
    drug = [r for r in rows if r["document"] == "drug-trial.md"]
    assert len(drug) == 31 and {r["verdict"] for r in drug} == {"no arm"}
    assert {r["reported"] for r in drug} == {"0"}
    rebuilt = tmp_path / "rebuilt.md"
    code, _, err = _run("summarize", str(table), "--summary", str(rebuilt))
    assert code == 0, err
    assert _headline(rebuilt) == _headline(summary)
    assert "Reports: 2 (1 rated, 1 without an exercise arm" in _headline(rebuilt)[0]
    assert "drug-trial.md: no exercise arm" in rebuilt.read_text("utf-8")


def test_a_reviewer_who_rates_an_item_of_a_no_arm_report_rates_the_report(
    tmp_path: Path, knee_md: Path
) -> None:
    table, _, _ = _appraised(tmp_path, knee_md)
    rows = _read(table)
    for row in rows:
        if row["document"] == "drug-trial.md" and (row["checklist"], row["item"]) == (
            "tidier",
            "1",
        ):
            row["reported"], row["verdict"] = "1", "yes"
    rebuilt = tmp_path / "rebuilt.md"
    code, _, err = _run(
        "summarize", str(_write(rows, tmp_path / "c.csv")), "--summary", str(rebuilt)
    )
    assert code == 0, err
    assert "Reports: 2 (2 rated, 0 without an exercise arm" in _headline(rebuilt)[0]


def test_a_correction_in_the_verdict_column_counts(tmp_path: Path, knee_md: Path) -> None:
    """The reviewer corrects the form's verdict and empties `reported`; the note is kept and the
    least-sure table says its ratings are the table's."""
    table, _, _ = _appraised(tmp_path, knee_md)
    rows = _read(table)
    knee = [r for r in rows if r["document"] == knee_md.name]
    before = sum(r["reported"] == "1" for r in knee if r["checklist"] == "cert")
    target = next(r for r in knee if r["checklist"] == "cert" and r["reported"] == "1")
    target["reported"], target["verdict"] = "", "no"
    target["note"] = "the sentence is about the control arm"
    rebuilt = tmp_path / "rebuilt.md"
    code, _, err = _run(
        "summarize", str(_write(rows, tmp_path / "c.csv")), "--summary", str(rebuilt)
    )
    assert code == 0, err
    text = rebuilt.read_text("utf-8")
    assert f"| {knee_md.name} | results |" in text or f"| {knee_md.name} |" in text
    assert f"| {before - 1} | {100 * (before - 1) / 19:.1f} |" in text
    assert "## Reviewers' notes" in text
    assert (
        f"| {knee_md.name} | CERT {target['item']} | the sentence is about the control arm |"
        in text
    )
    assert "| in the table |" in text and "| exdose says |" not in text


def test_agreement_is_the_same_whatever_the_table_is_saved_as(
    tmp_path: Path, knee_md: Path
) -> None:
    table, xlsx, _ = _appraised(tmp_path, knee_md)
    rows = _read(table)
    semicolons = _write(rows, tmp_path / "semi.csv", delimiter=";")
    person = [dict(r) for r in rows]
    flipped = next(r for r in person if r["reported"] == "1")
    flipped["reported"], flipped["verdict"] = "0", "no"
    theirs = _write(person, tmp_path / "theirs.csv")
    figures = []
    for ours in (table, semicolons, xlsx):
        code, out, err = _run("agreement", str(ours), str(theirs), "--json")
        assert code == 0, err
        report = json.loads(out)
        figures.append((report["overall"]["n"], report["overall"]["agreed"]))
    # 62 rows each; "not applicable" and "no arm" count as not reported (0) in every format
    assert figures == [(62, 61)] * 3


def test_two_reports_of_the_same_name_in_two_folders_are_two_studies() -> None:
    assert study_from_filename("site1/trial.txt") == "site1/trial"
    assert study_from_filename("site2/trial.txt") == "site2/trial"
    assert study_from_filename("Protocol_005_PMC6069849.txt") == "005"
    assert study_from_filename("a/Results_005_PMC6977217.txt") == "005"


def test_the_xlsx_ratings_sheet_is_a_form(tmp_path: Path, knee_md: Path) -> None:
    _, xlsx, _ = _appraised(tmp_path, knee_md)
    sheet = load_workbook(xlsx)["ratings"]
    header = [c.value for c in sheet[1]]
    assert header[-1] == "note" and sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:K{1 + 62}"
    reported = sheet.cell(row=2, column=header.index("reported") + 1).value
    confidence = sheet.cell(row=2, column=header.index("confidence") + 1).value
    assert isinstance(reported, int) and isinstance(confidence, float)


PASSING_ARMS = """Physiotherapy or arthroscopic surgery for hip pain: a randomised trial

## Abstract

Adults with hip pain were randomised to a physiotherapy programme or arthroscopic surgery.

## Methods

### Interventions

Participants in the physiotherapy group attended 12 supervised sessions over 6 months with a
physiotherapist, with strengthening exercises for the hip and trunk, three sets of ten
repetitions, progressed when the exercise was pain free. The arthroscopic surgery group had
hip arthroscopy followed by routine care. Exercise sessions lasted 45 minutes.
"""


def test_a_reviewers_arm_without_its_own_description_is_flagged(tmp_path: Path) -> None:
    report = tmp_path / "hip.md"
    report.write_text(PASSING_ARMS, encoding="utf-8")
    code, out, err = _run("appraise", str(report), "--arm", "surgery", "--json")
    assert code == 0, err
    line = json.loads(out.splitlines()[0])
    assert "surgery" in line["arm"]
    assert "not told apart from the other arms'" in line["arm_reason"]
    # the arm the report describes in a paragraph of its own is not flagged
    code, out, err = _run("appraise", str(report), "--json")
    line = json.loads(out.splitlines()[0])
    assert line["arm"] == "physiotherapy group"
    assert "not told apart" not in line["arm_reason"]

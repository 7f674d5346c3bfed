"""`import exdose`: the public API gives the same results as the CLI, typed, in its own words.

The CLI's `--json` outputs on the bundled examples are committed under tests/golden/; each API
function is checked against them, so the API and the CLI cannot drift apart.
"""

from __future__ import annotations

import inspect
import json
import re
from pathlib import Path
from typing import Any

import polars as pl
import pytest

import exdose
from exdose.sets.schema import SETS_SCHEMA

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
LOGS = ROOT / "examples" / "logs"
HIP = ROOT / "examples" / "hip-thrust.yaml"
REPORTS = ROOT / "examples" / "reports" / "documents"
FLAG = re.compile(r"(?<![\w-])--[a-z]")


def golden(name: str) -> Any:
    return json.loads((GOLDEN / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def hip() -> exdose.Program:
    return exdose.load_program(HIP)


@pytest.fixture(scope="module")
def pain() -> exdose.PainDiary:
    return exdose.read_pain(LOGS / "pain_diary.csv")


def read(name: str, program: exdose.Program) -> exdose.LogRead:
    return exdose.read_log(LOGS / f"{name}.csv", mapping=LOGS / "mapping.yaml", library=program)


def test_the_public_names_are_documented_functions_and_types() -> None:
    assert exdose.__all__ == sorted(exdose.__all__, key=lambda n: (n[0].islower(), n))
    for name in exdose.__all__:
        value = getattr(exdose, name)
        if name == "__version__":
            continue
        assert inspect.getdoc(value), f"exdose.{name} has no docstring"
        if inspect.isfunction(value):
            hints = inspect.get_annotations(value, eval_str=False)
            assert "return" in hints and "Any" not in str(hints), name
    # `exdose.appraise` is the function, though an internal subpackage has the same name
    assert callable(exdose.appraise) and inspect.isfunction(exdose.appraise)
    assert set(dir(exdose)) >= set(exdose.__all__)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_check_expand_and_dose_are_what_the_cli_prints(path: Path) -> None:
    from exdose.cli._text import sets_to_text

    program = exdose.load_program(str(path))  # str or Path
    assert isinstance(program, exdose.Program)
    result = exdose.check(program)
    expected = golden(f"check/{path.stem}.json")
    assert (result.cert.score, result.tidier.score) == (
        expected["cert"]["score"],
        expected["tidier"]["score"],
    )
    assert [i.to_json() for i in result.cert.items] == expected["cert"]["items"]
    assert [i.to_json() for i in result.tidier.items] == expected["tidier"]["items"]
    assert result.cert.item("7a").id == "7a"
    planned = exdose.expand(program)
    assert isinstance(planned, pl.DataFrame) and dict(planned.schema) == dict(SETS_SCHEMA)
    assert sets_to_text(planned, "json") == (GOLDEN / f"expand/{path.stem}.json").read_text()
    dose = exdose.planned_dose(program)
    assert isinstance(dose.weeks[0], exdose.WeekDose)
    assert json.loads(dose.model_dump_json()) == golden(f"dose/{path.stem}.json")


def test_an_item_that_is_not_in_the_checklist_is_a_key_error(hip: exdose.Program) -> None:
    with pytest.raises(KeyError, match="cert has no item '20'"):
        exdose.check(hip).cert.item("20")


@pytest.mark.parametrize("name", ["strong", "hevy", "fitnotes", "exdose"])
def test_load_and_fidelity_are_what_the_cli_prints(
    name: str, hip: exdose.Program, pain: exdose.PainDiary
) -> None:
    log = read(name, hip)
    assert (
        log.format == ("exdose-csv" if name == "exdose" else name)
        and log.sets.height > 0
        and log.unmatched == []
    )
    assert exdose.load_report(log, pain=pain).to_json_dict() == golden(f"load/{name}.json")
    report = exdose.fidelity(hip, log)
    assert report.model_dump(mode="json") == golden(f"fidelity/{name}.json")


def test_a_sets_table_alone_gives_the_same_fidelity(hip: exdose.Program) -> None:
    log = read("strong", hip)
    from_table = exdose.fidelity(hip, log.sets)
    assert from_table.sets == exdose.fidelity(hip, log).sets
    assert from_table.log_format == "strong"


def test_adjust_then_next_programme_then_save_round_trip(
    tmp_path: Path, hip: exdose.Program, pain: exdose.PainDiary
) -> None:
    log = read("strong", hip)
    at5 = exdose.propose_adjustment(hip, log, pain, week=5)
    assert at5.as_json() == golden("adjust/week5.json")
    following = exdose.next_program(hip, at5)
    assert following is not hip and following.phases != hip.phases
    out = tmp_path / "next-week6.yaml"
    exdose.save_program(following, out)
    # the same programme as the CLI writes (the CLI may keep the input file's layout; the API
    # writes the programme afresh, so the programmes are compared, not the bytes)
    assert exdose.load_program(out) == exdose.load_program(GOLDEN / "adjust" / "next-week6.yaml")
    end = exdose.propose_adjustment(exdose.load_program(out), log, [pain])
    assert end.as_json() == golden("adjust/end.json")


def test_save_program_refuses_a_programme_that_would_not_load_again(
    tmp_path: Path, hip: exdose.Program
) -> None:
    broken = hip.model_copy(deep=True)
    broken.phases[0].sessions[0].exercises[0].exercise = "no such exercise"
    target = tmp_path / "broken.yaml"
    with pytest.raises(exdose.ProgramInvalid, match="no such exercise"):
        exdose.save_program(broken, target)
    assert not target.exists()
    with pytest.raises(exdose.ProgramInvalid):
        exdose.expand(broken)  # a programme edited in code is checked as on loading


def test_appraise_many_and_agreement_are_what_the_cli_prints() -> None:
    appraisals = list(exdose.appraise_many(REPORTS))
    lines = "".join(a.json_line() + "\n" for a in appraisals)
    assert lines == (GOLDEN / "appraise" / "reports.jsonl").read_text(encoding="utf-8")
    report = exdose.agreement(appraisals, REPORTS.parent / "reference.csv")
    expected = golden("appraise/agreement.json")
    assert report.rater_a == "exdose"
    reference = str(REPORTS.parent / "reference.csv")
    expected |= {"rater_a": "exdose", "rater_b": reference}
    assert json.loads(report.model_dump_json()) == expected
    same = exdose.agreement(appraisals, appraisals)
    assert same.overall.percent == 100.0 and same.disagreements == []


def test_appraise_takes_a_path_or_the_text() -> None:
    path = REPORTS / "Protocol_005_PMC6069849.txt"
    by_path = exdose.appraise(path)
    by_name = exdose.appraise(str(path))
    assert by_path.ok and by_path.cert is not None and by_name.cert is not None
    assert by_path.cert.score == by_name.cert.score
    text = exdose.appraise(path.read_text(encoding="utf-8"))
    assert text.cert is not None and text.cert.score == by_path.cert.score
    with pytest.raises(exdose.IngestError):
        exdose.appraise(Path("no/such/report.txt"))


def test_render_returns_the_document_or_writes_the_path(
    tmp_path: Path, hip: exdose.Program
) -> None:
    markdown = exdose.render(hip, "md")
    assert isinstance(markdown, str) and markdown.startswith("#")
    pdf = exdose.render(hip, "pdf", audience="handout")
    assert isinstance(pdf, bytes) and pdf[:5] == b"%PDF-"
    target = tmp_path / "methods.html"
    assert exdose.render(hip, target) is None
    assert "<html" in target.read_text(encoding="utf-8")
    with pytest.raises(exdose.UsageError):
        exdose.render(hip, tmp_path / "methods.odt")
    with pytest.raises(exdose.ExdoseError):
        exdose.render(hip, "md", audience="handout", lang="xx")


# --- errors in the API's words -----------------------------------------------------------------


def test_a_log_without_its_unit_asks_for_the_keyword_argument() -> None:
    with pytest.raises(exdose.LogReadError) as caught:
        exdose.read_log(ROOT / "tests" / "data" / "logs" / "strong_comma_12h.csv")
    text = str(caught.value)
    assert "unit='kg' or unit='lb'" in text and not FLAG.search(text)
    assert caught.value.file is not None and caught.value.file.endswith("strong_comma_12h.csv")


def test_monitoring_errors_name_keyword_arguments(hip: exdose.Program) -> None:
    log = read("strong", hip)
    with pytest.raises(exdose.UsageError) as through:
        exdose.fidelity(hip, log, through_week=40)
    with pytest.raises(exdose.UsageError) as week:
        exdose.propose_adjustment(hip, log, week=99)
    with pytest.raises(exdose.UsageError) as dose:
        exdose.planned_dose(hip, caution=0.5, spike=0.2)
    assert "through_week" in str(through.value) and "give week" in str(week.value)
    assert "caution=0.10" in str(dose.value)
    for error in (through.value, week.value, dose.value):
        assert not FLAG.search(str(error)), error


def test_no_usable_sets_is_an_error_that_names_the_argument(tmp_path: Path) -> None:
    log = tmp_path / "mine.csv"
    log.write_text("date,exercise,reps,weight\n2026-31-01,Squat,5,100\n", encoding="utf-8")
    with pytest.raises(exdose.LogReadError, match="no usable sets: all 1 data rows") as caught:
        exdose.load_report(exdose.read_log(log, unit="kg"))
    assert "unit='kg'" in str(caught.value) and not FLAG.search(str(caught.value))


@pytest.mark.parametrize(
    ("cli", "api"),
    [
        ("weight without a unit (pass --unit kg or --unit lb)", "give unit='kg' or unit='lb'"),
        ("pass --date-order dmy|mdy to choose", "give date_order='dmy' or 'mdy' to choose"),
        ("give --start YYYY-MM-DD (or --start first-log)", "start=datetime.date(...)"),
        ("map them with --mapping FILE (docs/logs.md)", "map them with mapping=<path>"),
        ("--unit lb ignored: the header states kg", "unit='lb' ignored"),
        ("e.g. --caution 0.10 --spike 0.15", "e.g. caution=0.10 spike=0.15"),
    ],
)
def test_flag_wording_becomes_keyword_wording(cli: str, api: str) -> None:
    from exdose.api import api_wording

    assert api in api_wording(cli)
    assert not FLAG.search(api_wording(cli))
    assert api_wording("see --json for the rows") == "see --json for the rows"  # no such argument


def test_cli_turns_keyword_wording_back_into_flags() -> None:
    from exdose.api import api_wording
    from exdose.cli._app import cli_wording

    assert cli_wording("give unit='kg' or unit='lb'") == "give --unit kg or --unit lb"
    assert cli_wording("give date_order='dmy' or 'mdy'") == "give --date-order dmy|mdy"
    assert cli_wording("e.g. caution=0.10, spike=0.15") == "e.g. --caution 0.10, --spike 0.15"
    assert cli_wording("map them with mapping=<path>") == "map them with --mapping FILE"
    assert cli_wording("give start=datetime.date(...)") == "give --start YYYY-MM-DD"
    original = "pass --unit kg or --unit lb (the unit set in the Strong app)"
    assert cli_wording(api_wording(original)) == original.replace("pass", "give")


@pytest.mark.parametrize(
    "hint",
    [
        "give --week a week from 1 to 6",
        "give --through a week of the programme",
        "give --start YYYY-MM-DD (or --start first-log) to say when week 1 began",
        "give --unit kg or --unit lb (the unit set in the Strong app)",
        "export again from one phone, or give --date-order dmy|mdy to choose",
        "weight without a unit (fill the unit column or give --unit kg|lb)",
        "map them with --mapping FILE (docs/logs.md)",
        "3 log rows skipped (see `exdose load --json`)",
    ],
)
def test_the_cli_prints_its_own_hints_unchanged_after_the_api_rewords_them(hint: str) -> None:
    # the monitoring commands call the API, which words hints for Python; the CLI words them back
    from exdose.api import api_wording
    from exdose.cli._app import cli_wording

    assert cli_wording(api_wording(hint)) == hint
    assert cli_wording("3 log rows skipped (see LogRead.skipped)") == (
        "3 log rows skipped (see `exdose load --json`)"
    )


# --- figures -------------------------------------------------------------------------------------


def _figure_builders_present() -> bool:
    from exdose.report import dose_plot, load_plot, review

    return all(
        hasattr(module, name)
        for module, name in (
            (dose_plot, "dose_figure"),
            (load_plot, "load_figure"),
            (review, "heatmap_figure"),
        )
    )


@pytest.mark.skipif(
    not _figure_builders_present(),
    reason="report/ builds Figure objects on the clinical branch (dose_figure, load_figure) "
    "and needs heatmap_figure in report/review.py; the API wraps them",
)
def test_figures_are_matplotlib_figures(hip: exdose.Program, pain: exdose.PainDiary) -> None:
    from matplotlib.figure import Figure

    assert isinstance(exdose.dose_figure(hip), Figure)
    assert isinstance(exdose.dose_figure(exdose.planned_dose(hip)), Figure)
    assert isinstance(
        exdose.load_figure(exdose.load_report(read("strong", hip), pain=pain)), Figure
    )
    appraisals = list(exdose.appraise_many(REPORTS))
    assert isinstance(exdose.review_heatmap(appraisals), Figure)


# --- the CLI on top of the API ---------------------------------------------------------------


def test_cli_prints_names_with_brackets_as_written(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from exdose.cli import app

    text = HIP.read_text(encoding="utf-8")
    name = exdose.load_program(HIP).name
    odd = tmp_path / "odd.yaml"
    odd.write_text(text.replace(name, "Knee [/b] programme [bold]", 1), encoding="utf-8")
    runner = CliRunner(env={"COLUMNS": "200"})
    for command in ("check", "dose", "expand"):
        result = runner.invoke(app, [command, str(odd)])
        assert result.exit_code == 0, result.output
    dose = runner.invoke(app, ["dose", str(odd)])
    assert "Knee [/b] programme [bold]: planned dose per week" in dose.stdout


def test_checking_a_file_lives_in_the_cli_only() -> None:
    import importlib.util

    from exdose.cli.programme import check_file

    assert importlib.util.find_spec("exdose.checklists.check") is None  # the forwarder is gone
    assert check_file(HIP, min_cert=19, min_tidier=12).exit_code == 0


def test_calls_from_several_threads_give_the_serial_results() -> None:
    # the web app calls the library from many threads at once
    from concurrent.futures import ThreadPoolExecutor

    paths = EXAMPLES * 3
    report = REPORTS / "Results_014_PMC5741924.txt"

    def job(path: Path) -> tuple[int, int, int, str]:
        program = exdose.load_program(path)
        result = exdose.check(program)
        appraisal = exdose.appraise(report)
        assert appraisal.cert is not None
        planned = exdose.expand(program)
        return result.cert.score, planned.height, appraisal.cert.score, str(planned["week"].max())

    serial = [job(p) for p in paths]
    with ThreadPoolExecutor(max_workers=4) as pool:
        threaded = list(pool.map(job, paths))
    assert threaded == serial


# --- keyword arguments the command line uses ------------------------------------------------------

CALF = """\
exdose: 1
name: Calf raises at home
start_date: 2026-03-02
exercises:
  calf-raise:
    name: Calf raise
    primary: [calves]
    equipment: backpack
phases:
  - name: Loading
    weeks: 1-4
    sessions:
      - name: Calves
        day: Monday
        exercises:
          - exercise: calf-raise
            dose: 3x15 @bodyweight+5kg
"""


def test_load_report_with_the_programme_counts_body_weight_exercises_its_way(
    tmp_path: Path,
) -> None:
    # 3 x 15 calf raises with 5 kg in a backpack, then 7.5 kg. The backpack alone: 225 -> 337.5 kg
    # (+50%). With body_mass 70 kg: 3 x 15 x 75 = 3375 -> 3 x 15 x 77.5 = 3487.5 kg. Without a
    # body mass the calf sets leave volume load (0 kg, 3 unloaded sets) and the rise is in kg.
    rows = ["date,session,exercise,set,reps,weight,unit"] + [
        f"{day},Calves,Calf raise,{n},15,{kg},kg"
        for day, kg in (("2026-03-02", 5), ("2026-03-09", 7.5))
        for n in (1, 2, 3)
    ]
    path = tmp_path / "calf.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    (tmp_path / "calf.yaml").write_text(CALF, encoding="utf-8")
    plain = exdose.load_program(tmp_path / "calf.yaml")
    (tmp_path / "mass.yaml").write_text(
        CALF.replace("start_date:", "body_mass: 70kg\nstart_date:"), encoding="utf-8"
    )
    massed = exdose.load_program(tmp_path / "mass.yaml")
    log = exdose.read_log(path, library=plain)

    backpack = exdose.load_report(log, library=plain)
    assert [w.volume_load_kg for w in backpack.weeks] == [225.0, 337.5]
    with_mass = exdose.load_report(log, program=massed)
    assert [w.volume_load_kg for w in with_mass.weeks] == [3375.0, 3487.5]
    without_mass = exdose.load_report(log, program=plain)
    assert [(w.volume_load_kg, w.unloaded_sets) for w in without_mass.weeks] == [(0, 3), (0, 3)]
    assert any("added load +2.5 kg (5 -> 7.5 kg" in f for f in without_mass.weeks[1].flags)


def test_a_pain_diary_read_from_a_file_is_named_in_what_is_said_about_it(
    tmp_path: Path, hip: exdose.Program
) -> None:
    diary = tmp_path / "diary.csv"
    diary.write_text(
        "date,region,during,after,next_morning,colour\n"
        "2026-01-05,low back,1,1,0,red\n"
        "2026-01-06,low back,11,0,0,\n",
        encoding="utf-8",
    )
    pain = exdose.read_pain(diary)
    assert pain.path == str(diary)
    report = exdose.load_report(read("strong", hip), pain=pain)
    assert f"{diary}: columns ignored: colour" in report.warnings
    assert {"row": 2, "reason": "during '11' is outside 0-10", "file": str(diary)} in (
        report.skipped
    )
    proposal = exdose.propose_adjustment(hip, read("strong", hip), pain, week=5)
    assert f"{diary}: row 2 skipped: during '11' is outside 0-10" in proposal.notes


def test_agreement_reads_a_semicolon_table_as_the_comma_one(tmp_path: Path) -> None:
    import csv

    reference = LOGS.parent / "reports" / "reference.csv"
    with reference.open(encoding="utf-8", newline="") as source:
        rows = list(csv.reader(source))
    semicolons = tmp_path / "reference-semicolons.csv"
    with semicolons.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out, delimiter=";").writerows(rows)
    same = exdose.agreement(reference, semicolons)
    assert same.overall.n == len(rows) - 1 and same.overall.percent == 100.0

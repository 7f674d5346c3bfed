"""The programme commands from the outside: schema, check, expand and exercises.

Most tests drive the typer app in-process; a few run the installed `exdose` script to see exactly
what a user sees (the console-script wrapper, stderr, no traceback).
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import polars as pl
import pytest
import yaml
from typer.testing import CliRunner

from exdose.checklists import CERT_IDS, TIDIER_IDS
from exdose.cli import app
from exdose.sets.schema import SETS_SCHEMA

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "program"
BAD = DATA / "bad"
EXAMPLE = ROOT / "examples" / "hip-thrust.yaml"
EXDOSE = Path(sys.executable).parent / "exdose"

runner = CliRunner(env={"COLUMNS": "240"})


def run(*args: str | Path) -> Any:
    return runner.invoke(app, [str(a) for a in args])


def yaml_as_json(path: Path) -> Any:
    """A programme file as the plain JSON an editor's validator sees (dates as text)."""
    return json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))


# --- schema ------------------------------------------------------------------------------------


def test_schema_is_valid_json_schema_and_accepts_the_examples() -> None:
    result = run("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for path in (EXAMPLE, DATA / "complete.yaml", DATA / "percent_wave.yaml", DATA / "level.yaml"):
        errors = [error.message for error in validator.iter_errors(yaml_as_json(path))]
        assert errors == [], path.name


def test_schema_rejects_what_the_loader_rejects() -> None:
    validator = jsonschema.Draft202012Validator(json.loads(run("schema").stdout))
    data = yaml_as_json(EXAMPLE)
    data["nmae"] = data.pop("name")  # unknown field, missing required field
    data["delivery"]["format"] = "online"  # not an allowed value
    messages = " ".join(error.message for error in validator.iter_errors(data))
    assert "'name' is a required property" in messages
    assert "nmae" in messages
    assert "'online'" in messages


def test_schema_to_a_file(tmp_path: Path) -> None:
    target = tmp_path / "program.schema.json"
    result = run("schema", "-o", target)
    assert result.exit_code == 0
    assert result.stdout == ""
    schema = json.loads(target.read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


# --- check -------------------------------------------------------------------------------------

ROW = re.compile(r"^│ (\w+)\s+│ ([✓✗]) │")


def test_check_complete_programme_prints_both_tables() -> None:
    result = run("check", EXAMPLE)
    assert result.exit_code == 0
    rows = [m[1] for line in result.stdout.splitlines() if (m := ROW.match(line))]
    assert rows == list(CERT_IDS) + list(TIDIER_IDS)
    assert "CERT: 19/19" in result.stdout
    assert "TIDieR: 12/12" in result.stdout
    assert result.stderr == ""


def write_incomplete(tmp_path: Path) -> Path:
    """complete.yaml without motivation (CERT 6) and modifications (TIDieR 10): 18/19, 11/12."""
    data = yaml.safe_load((DATA / "complete.yaml").read_text(encoding="utf-8"))
    del data["motivation"], data["modifications"]
    path = tmp_path / "incomplete.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_check_json_has_exactly_the_documented_shape(tmp_path: Path) -> None:
    path = write_incomplete(tmp_path)
    result = run("check", path, "--json")
    assert result.exit_code == 0
    out = json.loads(result.stdout)
    assert list(out) == ["program", "cert", "tidier", "problems", "warnings"]
    assert out["program"] == str(path)
    assert out["problems"] == [] and out["warnings"] == []
    for name, ids, score, maximum in (
        ("cert", CERT_IDS, 18, 19),
        ("tidier", TIDIER_IDS, 11, 12),
    ):
        block = out[name]
        assert list(block) == ["score", "max", "items"]
        assert (block["score"], block["max"]) == (score, maximum)
        assert [item["id"] for item in block["items"]] == list(ids)
        for item in block["items"]:
            assert list(item) == ["id", "reported", "source", "hint"]
            assert isinstance(item["reported"], bool)
            if item["reported"]:
                assert isinstance(item["source"], str) and item["hint"] is None
            else:
                assert item["source"] is None and isinstance(item["hint"], str)
    missing = {
        name: [i["id"] for i in out[name]["items"] if not i["reported"]]
        for name in ("cert", "tidier")
    }
    assert missing == {"cert": ["6"], "tidier": ["10"]}


def test_check_json_of_an_invalid_file_lists_problems_and_exits_2() -> None:
    path = BAD / "bad_dose.yaml"
    result = run("check", path, "--json")
    assert result.exit_code == 2
    out = json.loads(result.stdout)
    assert list(out) == ["program", "cert", "tidier", "problems", "warnings"]
    assert out["cert"]["score"] == 0 and out["cert"]["max"] == 19
    assert out["tidier"]["score"] == 0 and out["tidier"]["max"] == 12
    assert [i["id"] for i in out["cert"]["items"]] == list(CERT_IDS)
    assert all(not i["reported"] for i in out["cert"]["items"] + out["tidier"]["items"])
    assert len(out["problems"]) == 1
    problem = out["problems"][0]
    assert list(problem) == ["file", "line", "column", "message"]
    assert (problem["file"], problem["line"], problem["column"]) == (str(path), 10, 23)
    assert "@RIR22" in problem["message"]


@pytest.mark.parametrize(
    ("options", "code"),
    [
        ([], 0),
        (["--min-cert", "18"], 0),
        (["--min-tidier", "11"], 0),
        (["--min-cert", "18", "--min-tidier", "11"], 0),
        (["--min-cert", "19"], 1),
        (["--min-tidier", "12"], 1),
        (["--min-cert", "0", "--min-tidier", "12"], 1),
    ],
)
def test_check_thresholds(tmp_path: Path, options: list[str], code: int) -> None:
    result = run("check", write_incomplete(tmp_path), *options)
    assert result.exit_code == code
    if code == 1:
        assert "Below threshold" in result.stdout


def test_check_threshold_on_an_invalid_file_exits_2() -> None:
    result = run("check", BAD / "negative_sets.yaml", "--min-cert", "0", "--min-tidier", "0")
    assert result.exit_code == 2


def test_check_threshold_out_of_range_is_a_usage_error() -> None:
    assert run("check", EXAMPLE, "--min-cert", "20").exit_code == 2
    assert run("check", EXAMPLE, "--min-tidier", "-1").exit_code == 2


LOCATED = re.compile(r"^error (?P<file>[^:]+):(?P<line>\d+):(?P<column>\d+): \S")
HOSTILE = sorted(p.name for p in BAD.iterdir())
FILE_LEVEL = {
    "billion_laughs.yaml",
    "binary.yaml",
    "comments_only.yaml",
    "empty.yaml",
    "long_integer.yaml",
    "bad_timestamp_tag.yaml",
    "bad_bool_tag.yaml",
}


@pytest.mark.parametrize("name", HOSTILE)
def test_check_hostile_file_gives_one_line_per_problem_and_exit_2(name: str) -> None:
    path = BAD / name
    result = run("check", path)
    assert result.exit_code == 2
    assert isinstance(result.exception, SystemExit)  # no other exception escaped
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines, "an invalid file must say why"
    for line in lines:
        assert "Traceback" not in line
        if name in FILE_LEVEL:
            assert line.startswith(f"error {path}:")
        else:
            match = LOCATED.match(line)
            assert match, line
            assert match["file"] == str(path)


@pytest.mark.parametrize("path", [BAD, BAD / "missing.yaml"])
def test_check_folder_or_missing_file_exits_2(path: Path) -> None:
    result = run("check", path)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error {path}: ")


def test_check_too_large_file_exits_2(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes((DATA / "complete.yaml").read_bytes() + b"#" * (5 * 1024 * 1024))
    result = run("check", big, "--json")
    assert result.exit_code == 2
    assert "limited to" in json.loads(result.stdout)["problems"][0]["message"]


@pytest.mark.parametrize("name", ["bad_dose.yaml", "billion_laughs.yaml", "latin1.yaml"])
def test_installed_script_prints_one_line_and_exits_2(name: str) -> None:
    done = subprocess.run(
        [str(EXDOSE), "check", str(BAD / name)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert str(BAD / name) in done.stderr


def test_installed_script_survives_an_integer_too_long_to_convert() -> None:
    done = subprocess.run(
        [str(EXDOSE), "check", str(BAD / "long_integer.yaml")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr


# --- expand ------------------------------------------------------------------------------------


def test_expand_csv_is_the_sets_table() -> None:
    result = run("expand", DATA / "double.yaml", "--format", "csv")
    assert result.exit_code == 0
    table = pl.read_csv(io.StringIO(result.stdout))
    assert table.columns == list(SETS_SCHEMA)
    assert table.height == 7 * (3 + 2 + 3)  # 7 weeks, one session of 8 sets
    first_sets = table.filter(pl.col("set_number") == 1)
    thrust = first_sets.filter(pl.col("exercise") == "Barbell_Hip_Thrust")
    assert thrust["reps"].to_list() == [8, 10, 12, 8, 10, 12, 8]
    assert thrust["load_kg"].to_list() == [60.0] * 3 + [65.0] * 3 + [70.0]


def test_expand_json_is_one_object_per_set() -> None:
    result = run("expand", DATA / "deload.yaml", "-f", "json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert isinstance(rows, list)
    # 15 sets a week; in the week-3 deload 4->2, 3->2, 5->3, 2->1, 1->1 (half sets round up)
    assert len(rows) == 5 * (4 + 3 + 5 + 2 + 1) - (2 + 1 + 2 + 1 + 0)
    assert list(rows[0]) == list(SETS_SCHEMA)
    assert rows[0]["date"] == "2026-01-12"
    assert rows[0]["exercise"] == "Barbell_Squat"
    assert rows[0]["load_kg"] == 60.0
    assert rows[0]["source"] == "plan"


def test_expand_table_for_people() -> None:
    result = run("expand", EXAMPLE)
    assert result.exit_code == 0
    assert "Planned sets" in result.stdout
    assert "Barbell hip thrust" in result.stdout
    assert "RIR 3" in result.stdout
    assert "2026-01-05" in result.stdout


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_expand_to_a_file(tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"planned.{fmt}"
    result = run("expand", DATA / "rpe.yaml", "--format", fmt, "-o", target)
    assert result.exit_code == 0
    assert result.stdout == ""
    if fmt == "csv":
        assert pl.read_csv(target).height == 5 * 6
    else:
        assert len(json.loads(target.read_text(encoding="utf-8"))) == 5 * 6
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_expand_unknown_format_exits_2() -> None:
    result = run("expand", EXAMPLE, "--format", "xml")
    assert result.exit_code == 2
    assert "unknown format 'xml'" in result.stderr


def test_expand_invalid_file_exits_2_with_the_place() -> None:
    result = run("expand", BAD / "overlapping_weeks.yaml", "-f", "csv")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"{BAD / 'overlapping_weeks.yaml'}:12:12: week 4 is in phase 1" in result.stderr


# --- exercises ---------------------------------------------------------------------------------


def test_exercises_search_by_name() -> None:
    result = run("exercises", "hip thrust")
    assert result.exit_code == 0
    assert "Barbell_Hip_Thrust" in result.stdout
    assert "glutes" in result.stdout
    assert "Barbell_Squat" not in result.stdout


def test_exercises_filter_by_muscle() -> None:
    result = run("exercises", "squat", "--muscle", "quadriceps")
    assert result.exit_code == 0
    assert "Barbell_Squat" in result.stdout
    rows = [line for line in result.stdout.splitlines() if line.startswith("│ ")]
    assert len(rows) > 1
    assert all("quadriceps" in row for row in rows)
    assert not any("Barbell_Hip_Thrust" in row for row in rows)


def test_exercises_no_match_suggests_names() -> None:
    result = run("exercises", "bnch press")
    assert result.exit_code == 0
    assert "No exercise matches" in result.stdout
    assert "Barbell Bench Press - Medium Grip" in result.stdout

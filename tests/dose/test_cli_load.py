"""`exdose load` end to end on the example logs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from exdose.cli import app

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "logs"
DATA = Path(__file__).resolve().parents[1] / "data" / "logs"


def test_load_json_states_the_daily_load_and_flags_the_jump(tmp_path: Path) -> None:
    png = tmp_path / "load.png"
    result = CliRunner().invoke(
        app,
        [
            "load",
            str(EXAMPLES / "exdose.csv"),
            "--pain",
            str(EXAMPLES / "pain_diary.csv"),
            "--json",
            "--plot",
            str(png),
        ],
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["daily_load_basis"] == "session_rpe"
    assert len(out["weeks"]) == 12
    # Hip thrusts 6 -> 10 -> 14 sets a week in weeks 4-5 of the example.
    for week in (3, 4):
        assert any(f.startswith("spike: glutes sets") for f in out["weeks"][week]["flags"])
    assert max(w["pain_max"] for w in out["weeks"]) == 6
    assert out["unmatched"] == ["Standing Cable Hip Abduction"]
    assert png.stat().st_size > 10_000 and png.read_bytes()[:4] == b"\x89PNG"


def test_load_asks_for_the_unit_in_one_line_and_exits_2() -> None:
    result = CliRunner().invoke(app, ["load", str(DATA / "strong_comma_12h.csv")])
    assert result.exit_code == 2
    assert "--unit kg or --unit lb" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("option", [["--unit", "stone"], ["--formula", "mayhew"]])
def test_load_rejects_bad_options(option: list[str]) -> None:
    result = CliRunner().invoke(app, ["load", str(EXAMPLES / "strong.csv"), *option])
    assert result.exit_code == 2


def test_a_log_with_no_usable_row_is_an_error_not_an_empty_report(tmp_path: Path) -> None:
    log = tmp_path / "mine.csv"
    log.write_text("date,exercise,reps,weight\n2026-01-05,Squat,5,100\n2026-31-01,Squat,5,100\n")
    result = CliRunner().invoke(app, ["load", str(log)])
    assert result.exit_code == 2
    assert "no usable sets: all 2 data rows were skipped" in result.output
    assert "row 2: date '2026-31-01' not understood" in result.output

"""`exdose dose`: the planned weekly dose, checked against numbers worked out by hand."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from exdose.cli import app

FIXTURE = Path(__file__).resolve().parent / "data" / "program" / "dose_cli.yaml"
runner = CliRunner()


def dose_json(*args: str) -> list[dict[str, Any]]:
    result = runner.invoke(app, ["dose", str(FIXTURE), "--json", *args])
    assert result.exit_code == 0, result.output
    weeks: list[dict[str, Any]] = json.loads(result.stdout)["weeks"]
    return weeks


def test_fractional_sets_volume_sessions_and_minutes_per_week() -> None:
    weeks = dose_json()
    assert [w["week"] for w in weeks] == [1, 2, 3]
    # Hip thrust (glutes; calves, hamstrings secondary) 3+3 sets, Romanian deadlift (hamstrings;
    # calves, glutes, lower back secondary) 2 sets: glutes 6 + 2 x 0.5, hamstrings 6 x 0.5 + 2,
    # calves 6 x 0.5 + 2 x 0.5, lower back 2 x 0.5.
    assert weeks[0]["sets_per_muscle"] == {
        "calves": 4.0,
        "glutes": 7.0,
        "hamstrings": 5.0,
        "lower back": 1.0,
    }
    assert weeks[0]["volume_load_kg"] == 6 * 10 * 60 + 2 * 8 * 50  # 4400
    assert weeks[1]["volume_load_kg"] == 6 * 10 * 65 + 2 * 8 * 50  # +5 kg a week: 4700
    assert weeks[2]["volume_load_kg"] == 8 * 10 * 70 + 2 * 8 * 50  # 6400
    assert [w["sessions"] for w in weeks] == [2, 2, 2]
    assert [w["minutes"] for w in weeks] == [105.0, 105.0, 105.0]
    assert weeks[0]["mean_rpe"] == 8.0  # RIR 2 is RPE 8; the deadlift has no effort given


def test_week_over_week_change_is_flagged_as_caution_or_spike() -> None:
    weeks = dose_json()
    assert weeks[0]["flags"] == []
    assert weeks[1]["flags"] == []  # volume load +6.8%: under the 10% caution line
    assert weeks[2]["change"]["glutes sets"] == pytest.approx(9 / 7 - 1)
    assert weeks[2]["change"]["volume load"] == pytest.approx(6400 / 4700 - 1)
    assert any(f.startswith("spike:") and "glutes" in f for f in weeks[2]["flags"])
    assert any(f.startswith("spike:") and "volume load" in f for f in weeks[2]["flags"])


def test_thresholds_are_configurable() -> None:
    weeks = dose_json("--caution", "0.25", "--spike", "0.5")
    flags = weeks[2]["flags"]
    assert flags and all(f.startswith("caution:") for f in flags)  # +29% and +36%: caution only
    result = runner.invoke(app, ["dose", str(FIXTURE), "--caution", "0.5", "--spike", "0.2"])
    assert result.exit_code == 2
    assert "--caution" in result.output


def test_plot_and_table(tmp_path: Path) -> None:
    plot = tmp_path / "dose.png"
    result = runner.invoke(app, ["dose", str(FIXTURE), "--plot", str(plot)])
    assert result.exit_code == 0, result.output
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "Planned dose fixture" in result.stdout
    assert "week 3: spike" in result.stdout


def test_invalid_programme_exits_2_with_the_place() -> None:
    bad = FIXTURE.parent / "bad" / "bad_dose.yaml"
    result = runner.invoke(app, ["dose", str(bad)])
    assert result.exit_code == 2
    assert "bad_dose.yaml:10:23" in result.output


def test_version() -> None:
    from exdose import __version__

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"exdose {__version__}"

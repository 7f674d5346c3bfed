"""Issue 14: recovery and readiness. Hand-built diaries on the knee programme (weeks from Monday
2026-03-02): 28 days of baseline (sleep 7.5 h, stress 3/10), then week 5 (from 2026-03-30)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

from knee_oa import programme, write
from test_adjust_numbers import weeks
from typer.testing import CliRunner

from exdose.cli import app
from exdose.cli.monitor import adjust_files
from exdose.monitor.config import MonitorConfig
from exdose.monitor.readiness import read_readiness, summarise_readiness

ROOT = Path(__file__).resolve().parents[2]
START = dt.date(2026, 3, 2)


def diary(
    tmp_path: Path,
    *,
    week5_sleep: float = 5,
    week5_stress: float = 3 + 4,
    week5_pain: int = 7,
    red_flag: bool = False,
    days: int = 35,
) -> Path:
    """A daily diary: knee pain 2/10 and sleep 7.5 h, stress 3 for 28 days; in week 5 sleep
    `week5_sleep` h, stress `week5_stress` and knee pain `week5_pain`/10 during on Monday 30th."""
    lines = ["date,region,during,after,next_morning,red_flag,notes,sleep_hours,stress"]
    for i in range(days):
        day = START + dt.timedelta(days=i)
        late = i >= 28
        pain = week5_pain if (late and i == 28) else 2
        flag = "yes" if (red_flag and late and i == 28) else "no"
        sleep = week5_sleep if late else 7.5
        stress = week5_stress if late else 3
        lines.append(f"{day},knee,{pain},1,0,{flag},,{sleep:g},{stress:g}")
    path = tmp_path / "diary.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def log5(tmp_path: Path) -> Path:
    return write(tmp_path / "log.csv", weeks(5))


def long_programme(tmp_path: Path) -> Path:
    from knee_oa import KNEE_OA

    return programme(tmp_path, KNEE_OA.replace("weeks: 1-4", "weeks: 1-8"))


def test_pain_high_with_sleep_and_stress_worse_holds_for_recovery_first(tmp_path: Path) -> None:
    result = adjust_files(long_programme(tmp_path), [log5(tmp_path)], pain=[diary(tmp_path)])
    assert (result.evaluated_week, result.decision) == (5, "hold")
    # Baseline: the medians of 2026-03-02..03-29 (28 days): sleep 7.5 h, stress 3. Week 5 mean:
    # sleep 5 h (2.5 h less >= 1 h), stress 7 (4 points worse >= 2): both clearly worse.
    [change] = result.changes
    assert (change.variable, change.exercise, change.evidence) == ("recovery", None, "practice")
    assert "sleep fell from 7.5 to 5 h and stress rose from 3 to 7/10" in change.reason
    assert change.reason.startswith("keep the load;")
    assert result.edit.change is None  # no dose change
    assert result.readiness is not None
    assert {m.marker: (m.baseline, m.value, m.worse) for m in result.readiness.markers} == {
        "sleep_hours": (7.5, 5.0, True),
        "stress": (3.0, 7.0, True),
    }
    data = result.as_json()
    [c] = data["changes"]
    assert c["variable"] == "recovery" and c["exercise"] is None and c["evidence"] == "practice"


def test_pain_high_with_recovery_normal_reduces_as_today(tmp_path: Path) -> None:
    # Sleep 7 h (0.5 h less) and stress 4 (1 point more): inside the thresholds.
    path = diary(tmp_path, week5_sleep=7, week5_stress=4)
    result = adjust_files(long_programme(tmp_path), [log5(tmp_path)], pain=[path])
    assert result.decision == "reduce"
    assert [c.variable for c in result.changes] != ["recovery"]
    assert result.readiness is not None and result.readiness.worse == []


def test_a_red_flag_still_refers(tmp_path: Path) -> None:
    path = diary(tmp_path, red_flag=True)
    result = adjust_files(long_programme(tmp_path), [log5(tmp_path)], pain=[path])
    assert result.decision == "refer" and result.changes == []


def test_the_week_after_a_recovery_hold_changes_the_dose(tmp_path: Path) -> None:
    # Week 5: recovery hold, written to next.yaml. Week 6: pain 7/10 again, sleep still short:
    # this time the dose changes.
    program = long_programme(tmp_path)
    held = tmp_path / "next.yaml"
    adjust_files(program, [log5(tmp_path)], pain=[diary(tmp_path)], output=held)
    lines = diary(tmp_path, days=42).read_text(encoding="utf-8").splitlines()
    # Day 35 (Monday of week 6, 2026-04-06): knee pain 7/10 during again.
    lines[36] = lines[36].replace(",knee,2,", ",knee,7,")
    again = tmp_path / "diary6.csv"
    again.write_text("\n".join(lines) + "\n", encoding="utf-8")
    log6 = write(tmp_path / "log6.csv", weeks(6))
    result = adjust_files(held, [log6], pain=[again])
    assert (result.evaluated_week, result.decision) == (6, "reduce")
    assert result.changes[0].variable != "recovery"
    assert any("followed a recovery hold" in n for n in result.notes)


def test_without_readiness_columns_the_output_is_byte_identical(tmp_path: Path) -> None:
    logs = ROOT / "examples" / "logs"
    plain = logs / "pain_diary.csv"
    # The same diary with the readiness columns present but empty.
    text = plain.read_text(encoding="utf-8").splitlines()
    empty = tmp_path / "pain_diary.csv"
    empty.write_text(
        "\n".join([text[0] + ",sleep_hours,stress", *[t + ",," for t in text[1:]]]) + "\n",
        encoding="utf-8",
    )
    shutil.copy(logs / "mapping.yaml", tmp_path / "mapping.yaml")
    base = ["adjust", str(ROOT / "examples" / "hip-thrust.yaml"), str(logs / "strong.csv")]
    base += ["--mapping", str(logs / "mapping.yaml"), "--week", "5", "--json"]
    one = CliRunner().invoke(app, [*base, "--pain", str(plain)])
    two = CliRunner().invoke(app, [*base, "--pain", str(empty)])
    assert one.exit_code == two.exit_code == 0, one.output + two.output
    assert one.stdout == two.stdout
    assert "readiness" not in json.loads(one.stdout)


def test_summary_per_day_and_week_against_the_28_day_median(tmp_path: Path) -> None:
    summary = summarise_readiness(read_readiness(diary(tmp_path)), MonitorConfig())
    assert summary.markers == ["sleep_hours", "stress"]
    # Days 1-7 have fewer than 7 rated days before them: no baseline, not judged.
    assert summary.days[0].markers[0].baseline is None
    assert summary.days[0].worse == []
    # Week 5 against days 1-28; week 4 (days 22-28) against days 1-21: all 7.5 h, no change.
    week4, week5 = summary.weeks[3], summary.weeks[4]
    assert week4.worse == []
    assert [(m.marker, m.baseline, m.value) for m in week5.worse] == [
        ("sleep_hours", 7.5, 5.0),
        ("stress", 3.0, 7.0),
    ]
    assert "self-reports" in summary.notes[0] and "not diagnoses" in summary.notes[0]


def test_load_shows_readiness_beside_load_and_pain(tmp_path: Path) -> None:
    args = ["load", str(log5(tmp_path)), "--pain", str(diary(tmp_path))]
    data = json.loads(CliRunner().invoke(app, [*args, "--json"]).stdout)
    week5 = data["readiness"]["weeks"][4]
    assert week5["start"] == "2026-03-30"
    assert [(m["marker"], m["baseline"], m["value"], m["worse"]) for m in week5["markers"]] == [
        ("sleep_hours", 7.5, 5.0, True),
        ("stress", 3.0, 7.0, True),
    ]
    text = CliRunner().invoke(app, args).stdout
    assert "5 (7.5)!" in text and "not diagnoses" in text
    # Without readiness columns, no readiness section or key.
    plain = tmp_path / "plain.csv"
    plain.write_text("date,region,during,after,next_morning\n2026-03-02,knee,2,1,0\n", "utf-8")
    data = json.loads(
        CliRunner()
        .invoke(app, ["load", str(log5(tmp_path)), "--pain", str(plain), "--json"])
        .stdout
    )
    assert "readiness" not in data

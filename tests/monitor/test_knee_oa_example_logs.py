"""The knee-OA example's nine weeks of Strong log and pain diary (examples/logs/knee-oa.*), written
by scripts/generate_knee_oa_logs.py, and the readiness ratings its diary carries for the
programme's `readiness_monitoring` (sleep_hours, sleep_quality, stress, fatigue)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from exdose.cli.monitor import adjust_files
from exdose.monitor.readiness import read_readiness
from exdose.program.io import load_program

ROOT = Path(__file__).resolve().parents[2]
KNEE = ROOT / "examples" / "knee-oa.yaml"
STRONG = ROOT / "examples" / "logs" / "knee-oa.strong.csv"
PAIN = ROOT / "examples" / "logs" / "knee-oa.pain.csv"


def test_the_committed_logs_are_what_the_script_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = importlib.util.spec_from_file_location(
        "generate_knee_oa_logs", ROOT / "scripts" / "generate_knee_oa_logs.py"
    )
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    for name, value in {
        "ROOT": tmp_path,
        "OUT": tmp_path,
        "STRONG": tmp_path / STRONG.name,
        "PAIN": tmp_path / PAIN.name,
    }.items():
        monkeypatch.setattr(script, name, value)
    script.main()
    assert (tmp_path / STRONG.name).read_bytes() == STRONG.read_bytes()
    assert (tmp_path / PAIN.name).read_bytes() == PAIN.read_bytes()


def test_the_diary_rates_the_markers_the_programme_asks_for() -> None:
    monitoring = load_program(KNEE).program.tailoring.readiness_monitoring  # type: ignore[union-attr]
    assert monitoring is not None
    diary = read_readiness(PAIN)
    assert diary.markers == list(monitoring.markers)
    assert diary.markers == ["sleep_hours", "sleep_quality", "stress", "fatigue"]
    assert diary.entries.height == 42 and diary.skipped == []  # one line per session, all rated


def test_a_stressful_week_shows_while_the_knee_allows_the_plan_to_go_on() -> None:
    # Week 3 (2026-04-20..26), four diary lines: sleep 6, 6.5, 6.5, 5.5 h (mean 6.125), quality 5
    # each, stress 8, 7, 8, 6 (7.25), fatigue 6, 6, 5, 6 (5.75). The baseline is the median of the
    # ten lines of weeks 1-2: sleep 7.25 h, quality 7, stress 2, fatigue 3. Each is clearly worse
    # (1.125 h >= 1 h; 2, 5.25 and 2.75 points >= 2), but the knee pain is within the model, so
    # readiness does not change the decision.
    result = adjust_files(KNEE, [STRONG], pain=[PAIN], week=3)
    assert result.decision == "progress"
    assert result.readiness is not None
    values = {m.marker: (m.value, m.baseline, m.worse) for m in result.readiness.markers}
    assert values == {
        "sleep_hours": (6.12, 7.25, True),
        "sleep_quality": (5.0, 7.0, True),
        "stress": (7.25, 2.0, True),
        "fatigue": (5.75, 3.0, True),
    }


def test_the_week_6_flare_comes_with_usual_recovery_so_the_load_comes_down() -> None:
    # Week 6 (2026-05-11..17): sleep 6.5, 5.5 (the night after the flare), 7.5, 7.5, 7.5 h, mean
    # 6.9 against a baseline of 7 (the 18 lines of 2026-04-13..05-10): not an hour shorter, and no
    # 0-10 marker 2 points worse, so the flare is not put down to recovery and the leg press
    # comes back a step, as the programme's tailoring rule says.
    result = adjust_files(KNEE, [STRONG], pain=[PAIN], week=6)
    assert result.decision == "reduce"
    assert result.readiness is not None and result.readiness.worse == []
    sleep = next(m for m in result.readiness.markers if m.marker == "sleep_hours")
    assert (sleep.value, sleep.baseline) == (6.9, 7.0)
    assert [(c.exercise, c.variable, c.from_, c.to) for c in result.changes] == [
        ("Leg press", "load", "75 kg", "70 kg")
    ]

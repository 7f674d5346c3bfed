"""The bundled example logs tell the hip-thrust story, and every format tells it the same way.

examples/logs/ records examples/hip-thrust.yaml (24 planned sessions from 2026-01-05): hip thrusts
6 -> 10 -> 14 sets a week in weeks 4-5 (an extra Saturday session in week 5), low back pain up to
6/10 and not settled next morning, then back to the plan; session B missed in weeks 6 and 10.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import exdose
from exdose.cli import app
from exdose.cli.programme import check_file
from exdose.program.io import load_program
from exdose.report.load_plot import load_plot, new_high_spikes

ROOT = Path(__file__).resolve().parents[2]
PROGRAM = str(ROOT / "examples" / "hip-thrust.yaml")
LOGS = ROOT / "examples" / "logs"
MAPPING = ["--mapping", str(LOGS / "mapping.yaml")]
PAIN = ["--pain", str(LOGS / "pain_diary.csv")]


def invoke(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("name", ["strong", "hevy", "fitnotes", "exdose"])
def test_fidelity_of_every_format(name: str) -> None:
    report = json.loads(invoke("fidelity", PROGRAM, str(LOGS / f"{name}.csv"), *MAPPING, "--json"))
    assert report["anchor"] == "start_date"  # the logs start on the programme's start_date
    # 24 planned, session B missed in weeks 6 and 10, one extra session in week 5.
    assert report["sessions"]["supervised"] == {"planned": 24, "done": 22, "pct": 91.7}
    assert report["sessions"]["extra"] == 1
    # The logs hold no home sessions: 3 a week x 12 weeks = 36 planned, none done.
    assert report["sessions"]["home"] == {"planned": 36, "done": 0, "pct": 0.0}
    # Planned sets: 4 x 12 + 3 x 13 + 7 (deload) + 4 x 14 = 150; the two missed sessions had
    # 5 and 6; the hip-thrust sets beyond the prescription: 2 + 2 in week 4, 14 - 7 in week 5.
    assert report["sets"]["supervised"] == {"planned": 150, "done": 139, "pct": 92.7}
    assert report["sets"]["extra"] == 11
    weeks = {w["week"]: w["sets"]["extra"] for w in report["weeks"]}
    assert weeks[4] == 4 and weeks[5] == 7 and sum(weeks.values()) == 11
    assert report["not_planned"] == [] and report["unmatched"] == []


def test_adjust_at_the_pain_episode_then_at_the_end(tmp_path: Path) -> None:
    after_pain = tmp_path / "next-week6.yaml"
    strong = str(LOGS / "strong.csv")
    args = ["adjust", PROGRAM, strong, *PAIN, *MAPPING, "--week", "5", "-o", str(after_pain)]
    at5 = json.loads(invoke(*args, "--json"))
    assert (at5["evaluated_week"], at5["decision"]) == (5, "reduce")
    assert any("6/10 after exercise on 2026-02-07" in r for r in at5["reasons"])
    assert any("had not settled by the morning after 2026-02-07" in r for r in at5["reasons"])
    [change] = at5["changes"]
    assert change["exercise"] == "Barbell hip thrust" and change["variable"] == "volume"
    assert change["from"] == "14 sets in week 5 (7 prescribed)"
    assert change["to"] == (
        "7 sets a week as prescribed for week 6 (4 in session A, 3 in session B)"
    )
    assert change["evidence"] == "practice"
    checked = check_file(after_pain)
    assert checked.valid and checked.exit_code == 0
    mods = load_program(after_pain).program.modifications
    assert isinstance(mods, list) and mods[-1].when == "week 6 (from 2026-02-09)"

    end = json.loads(invoke("adjust", str(after_pain), strong, *PAIN, *MAPPING, "--json"))
    assert (end["evaluated_week"], end["decision"]) == (12, "progress")
    assert end["pain"]["status"] == "within limits"


def test_the_exdose_csv_carries_the_same_pain_as_the_diary() -> None:
    log = str(LOGS / "exdose.csv")
    own = json.loads(invoke("adjust", PROGRAM, log, *MAPPING, "--week", "5", "--json"))
    diary = json.loads(invoke("adjust", PROGRAM, log, *MAPPING, *PAIN, "--week", "5", "--json"))
    assert own["decision"] == diary["decision"] == "reduce"
    assert own["pain"]["peaks"] == diary["pain"]["peaks"]
    assert own["pain"]["peaks"]["low back"]["next_morning"] == 6


def test_the_coach_plot_marks_only_the_jump(tmp_path: Path) -> None:
    program = exdose.load_program(PROGRAM)
    log = exdose.read_log([LOGS / "strong.csv"], mapping=LOGS / "mapping.yaml", library=program)
    report = exdose.load_report(log, pain=exdose.read_pain(LOGS / "pain_diary.csv"))
    sets = [w.sets_per_muscle.get("glutes", 0.0) for w in report.weeks]
    assert sets[:5] == [9, 9, 9, 13, 17]
    assert [w.pain_max for w in report.weeks][:6] == [1, 1, 1, 3, 6, 3]
    # Weeks 4 and 5 rise to new highs (+44%, +31%); the rises after the missed sessions and the
    # deload are flagged week over week but are returns, not new load.
    spikes = new_high_spikes(report, sets, "glutes")
    assert {i: round(r, 2) for i, r in spikes.items()} == {3: 0.44, 4: 0.31}
    png = load_plot(report, tmp_path / "load.png")
    assert png.read_bytes()[:4] == b"\x89PNG"


def test_the_example_logs_are_what_generate_py_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The committed logs follow examples/hip-thrust.yaml: if the programme changes, run
    `.venv/bin/python examples/logs/generate.py` again."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("generate_logs", LOGS / "generate.py")
    assert spec is not None and spec.loader is not None
    generate = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "generate_logs", generate)  # its dataclasses need it
    spec.loader.exec_module(generate)
    monkeypatch.setattr(generate, "HERE", tmp_path)
    generate.main()
    for path in sorted(tmp_path.iterdir()):
        assert path.read_bytes() == (LOGS / path.name).read_bytes(), path.name
    assert len(list(tmp_path.iterdir())) == 6

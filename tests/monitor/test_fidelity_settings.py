"""Issue 9, wrong numbers 2, 3 and 5: supervised and home sessions apart, each logged workout
matched to the planned session it is, one exercise matcher, no 0% from an unreadable log."""

from __future__ import annotations

import json
from pathlib import Path

from knee_oa import clinic, home, programme, write
from typer.testing import CliRunner

from exdose.cli import app
from exdose.cli.monitor import fidelity_files


def two_weeks(tmp_path: Path) -> Path:
    """Week 1 complete; week 2 the Thursday clinic session missed, but a home workout that day.

    Week 1 (from Monday 2026-03-02): Clinic A Mon, Clinic B Thu logged as "Thursday workout"
    (a name matching no session: matched by its exercises), home Tue, Thu, Sat.
    Week 2: Clinic A Mon 9th; Clinic B missed; home Tue 10th, Thu 12th, Sat 14th, the Thursday
    one with two knee-extension sets done at home, which no home prescription asks for.
    """
    knee_at_home = [
        {
            "date": "2026-03-12",
            "session": "Home",
            "exercise": "Leg Extension (Machine)",
            "set": s,
            "reps": 12,
            "weight": 5,
            "unit": "kg",
        }
        for s in (1, 2)
    ]
    rows = (
        clinic("2026-03-02")
        + home("2026-03-03")
        + clinic("2026-03-05", name="Thursday workout")
        + home("2026-03-05")
        + home("2026-03-07")
        + clinic("2026-03-09")
        + home("2026-03-10")
        + home("2026-03-12", extra=knee_at_home)
        + home("2026-03-14")
    )
    return write(tmp_path / "log.csv", rows)


def test_a_home_workout_does_not_fill_a_missed_clinic_session(tmp_path: Path) -> None:
    report = fidelity_files(programme(tmp_path), [two_weeks(tmp_path)])
    assert report.through_week == 2
    # Supervised: 2 sessions a week x 2 weeks = 4 planned; done Mon, Thu, Mon = 3 (75%).
    # Home: sessions_per_week 3 x 2 weeks = 6 planned; 6 done (100%).
    s = report.sessions
    assert (s.supervised.planned, s.supervised.done, s.supervised.pct) == (4, 3, 75.0)
    assert (s.home.planned, s.home.done, s.home.pct) == (6, 6, 100.0)
    assert (s.planned, s.done, s.extra) == (10, 9, 0)
    # Supervised sets: (3 leg press + 3 knee extension) x 4 sessions = 24; done 6 x 3 = 18.
    # Home sets: 3 sit to stand x 6 sessions = 18, all done; the 2 knee-extension sets at home
    # are extra (no home prescription), not a stand-in for the missed clinic sets.
    st = report.sets
    assert (st.supervised.planned, st.supervised.done, st.supervised.pct) == (24, 18, 75.0)
    assert (st.home.planned, st.home.done, st.home.pct) == (18, 18, 100.0)
    assert (st.planned, st.done, st.extra) == (42, 36, 2)
    assert "3 of 4 planned supervised sessions were attended (75%)" in report.sentence
    assert "6 of 6 planned home sessions were done (100%)" in report.sentence
    assert "18 of 24 prescribed working sets of the supervised sessions" in report.sentence
    assert "18 of 18 of the home sessions (100%)" in report.sentence
    thursday = next(m for m in report.session_matches if m.workout == "Thursday workout")
    assert (thursday.planned_session, thursday.matched_by) == ("Clinic B", "exercises")
    home_thu = next(
        m for m in report.session_matches if str(m.date) == "2026-03-12" and m.workout == "Home"
    )
    assert (home_thu.setting, home_thu.matched_by) == ("home", "name")


def test_json_has_supervised_and_home_parts(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["fidelity", str(programme(tmp_path)), str(two_weeks(tmp_path)), "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["sessions"]["supervised"] == {"planned": 4, "done": 3, "pct": 75.0}
    assert data["sessions"]["home"] == {"planned": 6, "done": 6, "pct": 100.0}
    assert data["sets"]["supervised"] == {"planned": 24, "done": 18, "pct": 75.0}
    assert data["sets"]["home"] == {"planned": 18, "done": 18, "pct": 100.0}


def test_a_library_exercise_and_its_app_name_are_one_exercise(tmp_path: Path) -> None:
    # `library: Leg Extensions` and Strong's "Leg Extension (Machine)" are the same exercise for
    # fidelity, as they are for load: 3 of 3 sets, nothing "not in the programme".
    log = write(tmp_path / "log.csv", clinic("2026-03-02"))
    report = fidelity_files(programme(tmp_path), [log], through_week=1)
    knee = next(e for e in report.exercises if e.exercise == "knee-extension")
    press = next(e for e in report.exercises if e.exercise == "leg-press")
    # week 1 plans 2 sessions x 3 sets = 6 of each; 3 done.
    assert (knee.sets.planned, knee.sets.done) == (6, 3)
    assert (press.sets.planned, press.sets.done) == (6, 3)
    assert report.not_planned == [] and report.unmatched == []
    load = CliRunner().invoke(app, ["load", str(log), "--program", str(programme(tmp_path))])
    assert load.exit_code == 0, load.output
    assert "Unmatched" not in load.stdout


def test_every_log_command_refuses_a_log_without_a_weight_unit(tmp_path: Path) -> None:
    log = tmp_path / "nounit.csv"
    log.write_text(
        "date,session,exercise,set,reps,weight\n2026-03-02,Clinic A,Leg Press,1,10,75\n",
        encoding="utf-8",
    )
    program = str(programme(tmp_path))
    for args in (
        ["load", str(log)],
        ["fidelity", program, str(log)],
        ["adjust", program, str(log)],
    ):
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 2, (args, result.output)
        assert "no usable sets" in result.stderr and "--unit kg|lb" in result.stderr
        assert result.stdout == ""

"""Fidelity on hand-built logs: the numbers a trial report would quote."""

from __future__ import annotations

import json
from pathlib import Path

from monitor_logs import NO_START, PROGRAM, Row, write_log
from typer.testing import CliRunner

from exdose.cli import app
from exdose.cli.monitor import fidelity_files
from exdose.monitor.fidelity import assess_fidelity
from exdose.program.io import LoadedProgram, load_program
from exdose.sets import read_logs

MISSED = {(3, 2), (7, 1)}  # week 3 session B (5 sets), week 7 session A (9 sets)


def departures(row: Row) -> list[Row]:
    if (row["week"], row["day"]) in MISSED:
        return []
    if row["week"] == 10 and row["key"] == "hip-thrust":
        return [{**row, "reps": row["reps"] - 2}]  # 8 instead of the planned 10
    if row["week"] == 4 and row["key"] == "hip-thrust" and row["set"] == 3:
        return [row, {**row, "set": 4}]  # one extra set in each session of week 4
    return [row]


def test_sessions_sets_reps_and_load_against_the_plan(loaded: LoadedProgram, tmp_path: Path):
    log = write_log(loaded, tmp_path / "log.csv", through_week=12, edit=departures)
    report = assess_fidelity(loaded, read_logs([log], library=loaded.library))
    sup = report.sessions.supervised
    assert (sup.planned, sup.done, sup.pct) == (24, 22, 91.7)
    # 169 planned working sets; the two missed sessions held 5 + 9 of them.
    sets = report.sets.supervised
    assert (sets.planned, sets.done, sets.pct, report.sets.extra) == (169, 155, 91.7, 2)
    # The home programme (bird dog and dead bug, 2 sets each, 3 sessions a week) is planned dose
    # too: 36 sessions; 4 sets x 3 = 12 sets a week, 6 in the week-8 deload (2 x 0.5 = 1 set
    # each): 11 x 12 + 6 = 138 sets. This log has none of them.
    assert (report.sessions.home.planned, report.sessions.home.done) == (36, 0)
    assert (report.sets.home.planned, report.sets.home.done) == (138, 0)
    week4 = next(w for w in report.weeks if w.week == 4)
    assert (week4.sets.done, week4.sets.extra) == (week4.sets.supervised.planned, 2)
    ht10 = next(e for e in report.by_week if e.week == 10 and e.exercise == "hip-thrust")
    assert ht10.reps_pct == 80.0  # 8 of 10 reps in every set
    assert ht10.load_pct == 100.0
    assert "22 of 24 planned supervised sessions were attended (92%)" in report.sentence
    assert "0 of 36 planned home sessions were done (0%)" in report.sentence
    assert "155 of 169 prescribed working sets of the supervised sessions" in report.sentence
    assert "2 working sets beyond the prescription" in report.sentence
    assert "start_date, 2026-01-05" in report.sentence


def test_extra_sets_never_make_up_for_missed_ones(loaded: LoadedProgram, tmp_path: Path):
    def swap(row: Row) -> list[Row]:
        if row["week"] == 2 and row["key"] == "hip-thrust":
            return []
        if row["week"] == 3 and row["key"] == "hip-thrust":
            return [row, {**row, "set": row["set"] + 10}]
        return [row]

    log = write_log(loaded, tmp_path / "log.csv", through_week=3, edit=swap)
    report = assess_fidelity(loaded, read_logs([log], library=loaded.library))
    ht = next(e for e in report.exercises if e.exercise == "hip-thrust")
    assert (ht.sets.planned, ht.sets.done, ht.sets.extra) == (18, 12, 6)


def test_a_log_to_date_is_judged_to_date_and_says_so(loaded: LoadedProgram, tmp_path: Path):
    log = write_log(loaded, tmp_path / "log.csv", through_week=5)
    report = fidelity_files(PROGRAM, [log])
    assert report.through_week == 5
    assert (report.sessions.supervised.done, report.sessions.supervised.planned) == (10, 10)
    assert report.sets.supervised.pct == 100.0
    assert report.sentence.startswith(
        "Over weeks 1-5 of the 12-week programme, 10 of 10 planned supervised sessions"
    )


def test_without_start_date_weeks_follow_the_first_logged_monday(
    loaded: LoadedProgram, tmp_path: Path
):
    log = write_log(loaded, tmp_path / "log.csv", through_week=4)
    no_start = load_program(NO_START)
    report = assess_fidelity(no_start, read_logs([log], library=no_start.library))
    assert report.anchor == "first_log_date"
    assert report.weeks_counted_from == "2026-01-05"
    assert "the Monday of the first logged session" in report.sentence
    assert report.sets.supervised.pct == 100.0


def test_exercises_not_in_the_programme_are_listed(loaded: LoadedProgram, tmp_path: Path):
    log = write_log(loaded, tmp_path / "log.csv", through_week=1)
    with log.open("a", encoding="utf-8") as handle:
        handle.write("2026-01-05,A,Leg Press,1,12,100,kg,2\n")
    report = fidelity_files(PROGRAM, [log])
    assert [(n.name, n.sets) for n in report.not_planned] == [("Leg Press", 1)]
    assert "1 set of exercises not in the programme" in report.sentence


def test_cli_json(loaded: LoadedProgram, tmp_path: Path):
    log = write_log(loaded, tmp_path / "log.csv", through_week=12, edit=departures)
    result = CliRunner().invoke(app, ["fidelity", str(PROGRAM), str(log), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    # 24 supervised + 36 home sessions planned; 22 done, all supervised: 22 / 60 = 36.7%.
    assert data["sessions"] == {
        "planned": 60,
        "done": 22,
        "pct": 36.7,
        "extra": 0,
        "supervised": {"planned": 24, "done": 22, "pct": 91.7},
        "home": {"planned": 36, "done": 0, "pct": 0.0},
    }
    assert data["sentence"].startswith("Over weeks 1-12, 22 of 24")


def test_cli_unreadable_log_is_one_line_and_exit_2(tmp_path: Path):
    result = CliRunner().invoke(app, ["fidelity", str(PROGRAM), str(tmp_path / "none.csv")])
    assert result.exit_code == 2
    assert "none.csv" in result.stderr


def test_a_log_outside_the_programme_weeks_is_an_error_that_says_what_to_do(
    loaded: LoadedProgram, tmp_path: Path
):
    log = write_log(loaded, tmp_path / "log.csv", through_week=2)
    text = log.read_text(encoding="utf-8").replace("2026-01-", "2025-01-")
    log.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["fidelity", str(PROGRAM), str(log)])
    assert result.exit_code == 2
    assert "lies outside the programme's weeks" in result.stderr
    assert "--start" in result.stderr
    moved = CliRunner().invoke(
        app, ["fidelity", str(PROGRAM), str(log), "--start", "2025-01-05", "--json"]
    )
    assert moved.exit_code == 0, moved.output
    data = json.loads(moved.stdout)
    assert data["anchor"] == "given"
    assert data["sessions"]["supervised"] == {"planned": 4, "done": 4, "pct": 100.0}


def test_slash_dates_need_and_follow_the_date_order(tmp_path: Path) -> None:
    # 05/01/2026 and 08/01/2026 read day-first are the Monday and Thursday of programme week 1.
    rows = [
        "date,session,exercise,set,kind,reps,weight,unit",
        "05/01/2026,A,Hip Thrust (Barbell),1,working,8,60,kg",
        "08/01/2026,B,Hip Thrust (Barbell),1,working,8,60,kg",
    ]
    log = tmp_path / "slash.csv"
    log.write_text("\n".join(rows) + "\n", encoding="utf-8")
    runner = CliRunner()
    ambiguous = runner.invoke(app, ["fidelity", str(PROGRAM), str(log), "--through", "1"])
    assert ambiguous.exit_code == 2
    assert "--date-order" in ambiguous.output
    dmy = runner.invoke(
        app, ["fidelity", str(PROGRAM), str(log), "--through", "1", "--date-order", "dmy", "--json"]
    )
    assert dmy.exit_code == 0, dmy.output
    assert json.loads(dmy.stdout)["sessions"]["done"] == 2

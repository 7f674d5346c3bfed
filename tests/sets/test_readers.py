"""Log readers: every format and variant, units, dates, and bad input with clear messages."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exdose.errors import LogReadError
from exdose.sets import SETS_SCHEMA, read_log, read_logs, read_pain_diary
from exdose.units import LB_TO_KG

DATA = Path(__file__).resolve().parents[1] / "data" / "logs"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "logs"


def test_strong_semicolon_reads_units_warmups_and_reports_every_skipped_row() -> None:
    read = read_log(DATA / "strong_semicolon.csv")
    assert read.format == "strong"
    assert read.sets.schema == pl.Schema(SETS_SCHEMA)
    assert [(s.row, s.reason) for s in read.skipped] == [
        (4, "duplicate of row 3"),
        (5, "rest timer row, not a set"),
        (9, "weight 'abc' is not a number"),
    ]
    # Every data row is either read or skipped.
    assert sorted(read.sets["row"].to_list() + [s.row for s in read.skipped]) == list(range(1, 10))
    kinds = dict(zip(read.sets["row"], read.sets["set_kind"], strict=True))
    assert kinds[1] == "warmup" and kinds[2] == "working"
    rdl = read.sets.filter(pl.col("row") == 6)
    assert rdl["load_kg"][0] == pytest.approx(135 * LB_TO_KG)
    assert rdl["load_unit"][0] == "lb" and rdl["load_value"][0] == 135
    lunge = read.sets.filter(pl.col("row") == 7)
    assert lunge["load_kg"][0] == 12.5  # decimal comma
    assert lunge["exercise"][0] is None
    assert read.unmatched == ["Walking Lunge (Dumbbell)"]
    assert read.sets.filter(pl.col("row") == 2)["exercise"][0] == "Barbell_Hip_Thrust"
    assert any("mixes kg and lb" in w for w in read.warnings)


def test_strong_without_unit_column_refuses_to_guess() -> None:
    with pytest.raises(LogReadError, match="--unit kg or --unit lb"):
        read_log(DATA / "strong_comma_12h.csv")


def test_strong_12_hour_clock_with_narrow_no_break_space() -> None:
    read = read_log(DATA / "strong_comma_12h.csv", unit="lb")
    assert read.sets["date"].to_list()[0] == dt.date(2025, 1, 30)
    assert read.sets["load_kg"][0] == pytest.approx(100 * LB_TO_KG)
    assert read.sets["session_minutes"].to_list() == [65.0, 65.0, 49.0]


def test_strong_quoted_variant_takes_unit_from_header_and_ignores_conflicting_option() -> None:
    read = read_log(DATA / "strong_quoted_lbs.csv", unit="kg")
    assert read.sets["load_unit"].to_list() == ["lb", "lb"]
    assert read.sets["set_kind"].to_list() == ["working", "drop"]
    assert read.sets["session_minutes"][0] == 60.0
    assert any("--unit kg ignored" in w for w in read.warnings)


def test_locale_dates_day_first_detected_and_ambiguous_ones_refused() -> None:
    read = read_log(DATA / "strong_dmy.csv", unit="kg")
    assert read.sets["date"].to_list() == [dt.date(2024, 3, 25), dt.date(2024, 3, 28)]
    with pytest.raises(LogReadError, match="--date-order"):
        read_log(DATA / "strong_ambiguous.csv", unit="kg")
    us = read_log(DATA / "strong_ambiguous.csv", unit="kg", date_order="mdy")
    assert us.sets["date"][0] == dt.date(2024, 5, 3)


def test_hevy_lb_account_set_types_and_session_minutes() -> None:
    read = read_log(DATA / "hevy_lb.csv")
    assert read.format == "hevy"
    assert read.sets["set_kind"].to_list() == ["warmup", "working", "failure", "drop", "working"]
    assert read.sets["set_number"].to_list()[:4] == [1, 2, 3, 4]  # 0-based set_index + 1
    assert read.sets["rpe"][2] == 9.5
    assert read.sets["load_kg"][1] == pytest.approx(185 * LB_TO_KG)
    assert read.sets["session_minutes"][0] == 64.0
    assert read.sets["distance_m"][4] == pytest.approx(1.5 * 1609.344)
    assert [(s.row, s.reason.split(" ")[0]) for s in read.skipped] == [(6, "set_type")]


def test_fitnotes_identical_sets_are_kept_and_cardio_rows_read() -> None:
    read = read_log(DATA / "fitnotes.csv")
    assert read.format == "fitnotes"
    hip = read.sets.filter(pl.col("exercise") == "Barbell_Hip_Thrust")
    assert hip.height == 3  # three identical sets are three sets, not duplicates
    assert hip["set_number"].to_list() == [1, 2, 3]
    run = read.sets.filter(pl.col("row") == 4)
    assert run["duration_s"][0] == 31 * 60 + 10 and run["distance_m"][0] == 5000.0
    assert [(s.row, s.reason) for s in read.skipped] == [(5, "reps 'ten' is not a number")]


def test_exdose_csv_session_values_pain_and_units() -> None:
    read = read_log(DATA / "exdose_log.csv")
    assert read.format == "exdose-csv"
    a = read.sets.filter(pl.col("session") == "A")
    assert set(a["session_rpe"].to_list()) == {7.0} and set(a["session_minutes"]) == {60.0}
    assert read.sets.filter(pl.col("row") == 3)["load_unit"][0] == "bodyweight"
    assert read.sets.filter(pl.col("row") == 4)["load_kg"][0] == pytest.approx(200 * LB_TO_KG)
    assert [s.row for s in read.skipped] == [5, 6]
    assert "stone" in read.skipped[0].reason and "outside 0-10" in read.skipped[1].reason
    assert read.pain is not None
    pain = read.pain.entries.row(0, named=True)
    assert (pain["region"], pain["during"], pain["after"], pain["next_morning"]) == (
        "low back",
        2.0,
        3.0,
        1.0,
    )


def test_pain_diary_reads_and_skips_with_reasons() -> None:
    diary = read_pain_diary(DATA / "pain.csv")
    assert diary.entries.height == 2
    assert diary.entries["region"].to_list() == ["low back", "low back"]
    assert [s.row for s in diary.skipped] == [3, 4, 5]
    assert "outside 0-10" in diary.skipped[0].reason
    assert "no rating" in diary.skipped[1].reason
    assert "2025-02-32" in diary.skipped[2].reason


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("empty.csv", "the file is empty"),
        ("wrong_delimiter.csv", "another delimiter"),
        ("missing_columns.csv", "lacks 'Reps'"),
    ],
)
def test_bad_files_fail_with_a_clear_message(name: str, message: str) -> None:
    with pytest.raises(LogReadError, match=message) as info:
        read_log(DATA / name, unit="kg")
    assert name in info.value.one_line()


def test_header_only_file_reads_as_empty_with_a_warning() -> None:
    read = read_log(DATA / "header_only.csv", unit="kg")
    assert read.sets.height == 0 and "no data rows" in " ".join(read.warnings)


def test_unknown_header_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("foo,bar,baz\n1,2,3\n", encoding="utf-8")
    with pytest.raises(LogReadError, match="header not recognised"):
        read_log(path)


def test_rows_with_wrong_field_count_are_skipped_not_lost(tmp_path: Path) -> None:
    path = tmp_path / "fn.csv"
    path.write_text(
        "Date,Exercise,Category,Weight (kgs),Reps,Distance,Distance Unit,Time\n"
        "2024-05-02,Barbell Hip Thrust,Legs,100.0,8,,,\n"
        "2024-05-02,Barbell Hip Thrust,Legs,100,5,8,,,x\n",
        encoding="utf-8",
    )
    read = read_log(path)
    assert read.sets.height == 1
    assert read.skipped[0].row == 2 and "9 fields where the header has 8" in read.skipped[0].reason


def test_a_1_gb_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    with open(path, "wb") as handle:  # sparse: takes no disk space
        handle.write(b"Date,Exercise,Category,Weight (kgs),Reps\n")
        handle.truncate(1024**3)
    with pytest.raises(LogReadError, match="above exdose's limit"):
        read_log(path)


def test_mapping_file_resolves_unmatched_names_and_defines_custom_exercises(
    tmp_path: Path,
) -> None:
    mapping = tmp_path / "map.yaml"
    mapping.write_text(
        "Walking Lunge (Dumbbell): Dumbbell Lunges\n"
        "Banded Clamshell:\n  primary: [abductors]\n  secondary: [glutes]\n",
        encoding="utf-8",
    )
    read = read_log(DATA / "strong_semicolon.csv", mapping=mapping)
    assert read.unmatched == []
    assert read.sets.filter(pl.col("row") == 7)["exercise"][0] == "Dumbbell_Lunges"
    assert read.library is not None and read.library.get("Banded_Clamshell") is not None


def test_mapping_to_an_unknown_exercise_names_the_line(tmp_path: Path) -> None:
    mapping = tmp_path / "map.yaml"
    mapping.write_text("Cable Pull Through: Pul Thru Machine\n", encoding="utf-8")
    with pytest.raises(LogReadError) as info:
        read_log(DATA / "strong_semicolon.csv", mapping=mapping)
    assert "map.yaml:1" in info.value.one_line()


def test_overlapping_exports_count_each_set_once(tmp_path: Path) -> None:
    read = read_logs([DATA / "fitnotes.csv", DATA / "fitnotes.csv"])
    single = read_log(DATA / "fitnotes.csv")
    assert read.sets.height == single.sets.height
    repeats = [s for s in read.skipped if s.reason.startswith("same set as")]
    assert len(repeats) == single.sets.height


def test_the_four_example_logs_give_the_same_weekly_glute_sets() -> None:
    from exdose.dose import weekly_sets_per_muscle

    glutes = {}
    for name in ("strong.csv", "hevy.csv", "fitnotes.csv", "exdose.csv"):
        read = read_log(EXAMPLES / name, mapping=EXAMPLES / "mapping.yaml")
        assert read.skipped == [] and read.unmatched == []
        table = weekly_sets_per_muscle(read.sets, read.library)  # type: ignore[arg-type]
        glutes[name] = table.filter(pl.col("muscle") == "glutes")["sets"].to_list()
    assert len({tuple(v) for v in glutes.values()}) == 1
    # Hip thrusts count 1 glute set, the other three exercises 0.5 (2 sets each a week): 6 + 3 = 9
    # in weeks 1-3; 10 and 14 hip-thrust sets in weeks 4-5; week 6 and 10 miss session B
    # (4 + 1 + 1); week 8 is the deload (4 + 3 x 0.5).
    weekly = glutes["strong.csv"]
    assert weekly == [9, 9, 9, 13, 17, 6, 10, 5.5, 11, 6, 11, 11]


_names = st.sampled_from(["Hip Thrust (Barbell)", "Squat (Barbell)", "Leg Press", "Plank"])
_set = st.tuples(
    st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)),
    _names,
    st.integers(0, 30),
    st.one_of(st.none(), st.decimals(0, 400, places=2).map(float)),
    st.sampled_from(["kg", "lb"]),
    st.sampled_from(["working", "warmup", "drop", "failure"]),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(_set, min_size=1, max_size=30))
def test_exdose_csv_round_trip(tmp_path: Path, rows: list[tuple]) -> None:  # type: ignore[type-arg]
    path = tmp_path / "log.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["date", "exercise", "kind", "reps", "weight", "unit"])
        for day, name, reps, weight, unit, kind in rows:
            writer.writerow(
                [day.isoformat(), name, kind, reps, "" if weight is None else weight, unit]
            )
    read = read_log(path)
    assert read.skipped == []
    assert read.sets.height == len(rows)
    got = read.sets.sort("row")
    for i, (day, name, reps, weight, unit, kind) in enumerate(rows):
        assert got["date"][i] == day and got["exercise_name"][i] == name
        assert got["reps"][i] == reps and got["set_kind"][i] == kind
        if weight is None:
            assert got["load_kg"][i] is None
        else:
            factor = LB_TO_KG if unit == "lb" else 1.0
            assert got["load_kg"][i] == pytest.approx(weight * factor)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(junk=st.lists(st.text(max_size=12), min_size=13, max_size=13))
def test_junk_strong_rows_are_read_or_skipped_never_raise(tmp_path: Path, junk: list[str]) -> None:
    path = tmp_path / "s.csv"
    header = (
        "Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;"
        "Distance Unit;Seconds;Notes;Workout Notes"
    )
    good = '"2024-03-04 18:01:12";"A";"Hip Thrust (Barbell)";"1";"80";"kg";"8";"";"0";"";"0";"";""'
    with open(path, "w", newline="", encoding="utf-8") as handle:
        handle.write(header + "\n" + good + "\n")
        csv.writer(handle, delimiter=";").writerow(junk)
    read = read_log(path)
    assert read.sets.height + len(read.skipped) >= 2
    assert 1 in read.sets["row"].to_list()

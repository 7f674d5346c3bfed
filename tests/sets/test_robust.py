"""Regression tests for the crash classes of issue 13: each file once raised a raw exception or
lost a value without a word; now it is read, or its rows are reported, or it is refused clearly."""

from __future__ import annotations

from pathlib import Path

import pytest

from exdose.errors import LogReadError
from exdose.sets import read_log, read_pain_diary

CORPUS = Path(__file__).resolve().parents[1] / "fuzz" / "corpus"
LOG = CORPUS / "log"


def reasons(path: Path, **kwargs: object) -> dict[int, str]:
    read = read_log(path, **kwargs)  # type: ignore[arg-type]
    return {s.row: s.reason for s in read.skipped}


def test_strong_export_with_a_blank_first_line_reads_both_sets() -> None:
    read = read_log(LOG / "strong_blank_first_line.csv")
    assert read.format == "strong"
    assert read.sets["load_kg"].to_list() == [80.0, 82.5]
    assert read.sets["row"].to_list() == [1, 2]


def test_cr_only_line_endings_read_like_lf() -> None:
    cr = read_log(LOG / "strong_cr_only.csv")
    lf = read_log(LOG / "strong_blank_first_line.csv")
    assert cr.sets.drop("row").equals(lf.sets.drop("row"))
    assert cr.skipped == []


def test_lone_cr_inside_a_row_is_reported_not_merged() -> None:
    # The csv module ends a record at a lone CR: row 2 becomes two short records (rows 2, 3).
    read = read_log(LOG / "exdose_lone_cr_in_row.csv")
    assert read.sets["row"].to_list() == [1, 4]
    assert set(reasons(LOG / "exdose_lone_cr_in_row.csv")) == {2, 3}


def test_header_over_the_csv_field_limit_is_refused_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    notes = ",".join(f"Notes {i}" for i in range(15_000))  # 169 KB, over csv's 128 KiB field
    path.write_text(f"Date,Workout Name,Exercise Name,Set Order,Weight,Reps,{notes}\n")
    with pytest.raises(LogReadError, match="header line is longer than 64 KiB"):
        read_log(path)


def test_wide_header_only_file_is_refused_fast(tmp_path: Path) -> None:
    import time

    path = tmp_path / "wide.csv"
    path.write_text(",".join(["date", "exercise", *(f"c{i:06d}" for i in range(40_000))]) + "\n")
    start = time.perf_counter()
    with pytest.raises(LogReadError):
        read_log(path)
    assert time.perf_counter() - start < 2.0  # was 30 s and 3 GB


def test_too_many_columns_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "many.csv"
    path.write_text(",".join(["date", "exercise", *(f"c{i}" for i in range(300))]) + "\n")
    with pytest.raises(LogReadError, match="302 columns; exdose reads logs of at most 256"):
        read_log(path)


def test_hevy_without_set_type_reads_working_sets() -> None:
    read = read_log(LOG / "hevy_without_set_type.csv")
    assert read.sets["set_kind"].to_list() == ["working"]
    assert read.sets["load_kg"].to_list() == [60.0]


def test_strong_distance_unit_without_distance_column() -> None:
    read = read_log(LOG / "strong_distance_unit_without_distance.csv")
    assert read.sets["load_kg"].to_list() == [80.0]
    assert read.sets["distance_m"].to_list() == [None]


@pytest.mark.parametrize(
    ("name", "ignored"),
    [
        ("exdose_column_named_row.csv", "row (column 4)"),
        ("exdose_column_named_star.csv", "* (column 4)"),
        ("exdose_columns_Row_and_regex.csv", "row (column 4), ^x$ (column 5)"),
    ],
)
def test_columns_polars_would_misread_are_renamed_and_reported(name: str, ignored: str) -> None:
    read = read_log(LOG / name)
    assert read.sets["reps"].to_list() == [5]
    assert read.warnings == [f"columns not part of the exdose CSV were ignored: {ignored}"]


def test_date_and_Date_columns_are_refused_not_one_dropped() -> None:
    with pytest.raises(LogReadError, match="names the column 'date' twice"):
        read_log(LOG / "exdose_date_and_Date.csv")
    with pytest.raises(LogReadError, match="names the column 'date' twice"):
        read_pain_diary(CORPUS / "pain" / "pain_date_and_Date.csv")


@pytest.mark.parametrize("name", ["exdose_reps_over_2_31.csv", "fitnotes_reps_over_2_31.csv"])
def test_reps_beyond_int32_are_reported_not_emptied(name: str) -> None:
    assert reasons(LOG / name) == {1: "reps '3000000000' is more than 100,000"}


def test_thousands_comma_is_not_read_as_a_decimal() -> None:
    (reason,) = reasons(LOG / "exdose_weight_thousands_comma.csv").values()
    assert reason.startswith("weight '1,000' is ambiguous")


def test_decimal_comma_is_still_read(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text('date,exercise,reps,weight,unit\n2025-02-03,Squat,5,"62,5",kg\n')
    assert read_log(path).sets["load_kg"].to_list() == [62.5]


def test_nan_and_infinite_weights_are_reported() -> None:
    got = reasons(LOG / "hevy_nan_inf_weight.csv")
    assert got == {1: "weight 'nan' is not a number", 2: "weight '1e999' is not a number"}


def test_utf16_file_gets_a_hint() -> None:
    with pytest.raises(LogReadError, match="it is UTF-16; save or export it as UTF-8"):
        read_log(LOG / "strong_utf16.csv")


def test_unclosed_quote_running_past_the_field_limit_names_the_row(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    body = "2025-02-03,Squat,5\n" + '2025-02-04,"Squat,5\n' + "x" * 140_000 + "\n"
    path.write_text("date,exercise,reps\n" + body)
    with pytest.raises(LogReadError, match="row 2: not a readable CSV file: a field is longer"):
        read_log(path)


def test_readiness_columns_are_not_reported_as_ignored(tmp_path: Path) -> None:
    # read by exdose.monitor.readiness from the same files
    diary = tmp_path / "pain.csv"
    diary.write_text(
        "date,region,during,after,next_morning,sleep_hours,stress\n2025-02-03,knee,1,2,1,7,3\n"
    )
    assert read_pain_diary(diary).warnings == []
    log = tmp_path / "log.csv"
    log.write_text("date,exercise,reps,fatigue,mood\n2025-02-03,Squat,5,4,6\n")
    assert read_log(log).warnings == []


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("m_deep.yaml", "nested more than 50 levels"),  # RecursionError before
        ("m_tag.yaml", "cannot be read"),  # ValueError (!!int x)
        ("m_ts.yaml", "cannot be read"),  # AttributeError (!!timestamp monday)
        ("m_keylist.yaml", "each key of the mapping file"),  # a list as a key became its repr
        ("m_nullkey.yaml", "each key of the mapping file"),  # `~` mapped every empty name
        ("m_eq.yaml", "'equipment' of 'a' must be text"),
        ("m_idnum.yaml", "'id' of 'a' must be text"),  # id became "[1, 2]"
    ],
)
def test_hostile_mapping_files_are_refused_with_file_and_line(name: str, message: str) -> None:
    from exdose.exercises import default_library
    from exdose.sets import load_mapping

    with pytest.raises(LogReadError, match=message) as caught:
        load_mapping(CORPUS / "mapping" / name, default_library())
    assert caught.value.file == str(CORPUS / "mapping" / name)


def test_deeply_nested_mapping_is_refused_fast() -> None:
    # found by atheris: 8 KB of nested brackets took the pure-Python YAML scanner over 5 s
    import time

    from exdose.exercises import default_library
    from exdose.sets import load_column_map, load_mapping

    path = CORPUS / "mapping" / "atheris_deep_flow_slow_scanner.yaml"
    start = time.process_time()
    with pytest.raises(LogReadError, match="nested more than 50 levels"):
        load_mapping(path, default_library())
    with pytest.raises(LogReadError, match="nested more than 50 levels"):
        load_column_map(path)
    # the same, invalid before the depth is reached: reported from libyaml's scan at once
    invalid = CORPUS / "mapping" / "atheris_deep_flow_invalid.yaml"
    with pytest.raises(LogReadError, match="not valid YAML"):
        load_mapping(invalid, default_library())
    assert time.process_time() - start < 1.0

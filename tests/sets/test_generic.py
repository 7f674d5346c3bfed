"""The generic CSV reader (a YAML column map) and the log-format registry with entry points."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import polars as pl
import pytest

from exdose.errors import LogReadError
from exdose.sets import ColumnMap, LogFormat, formats, load_column_map, read_log, read_logs
from exdose.sets.readers import registry

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "logs"
CORPUS = ROOT / "tests" / "fuzz" / "corpus"


def test_clinic_spreadsheet_read_through_the_example_column_map() -> None:
    read = read_log(EXAMPLES / "generic.csv", columns=EXAMPLES / "generic_columns.yaml")
    assert read.format == "generic-csv"
    # 7 data rows: row 5 has RPE 'acht', every other row is a set.
    assert read.sets["row"].to_list() == [1, 2, 3, 4, 6, 7]
    assert [(s.row, s.reason) for s in read.skipped] == [(5, "rpe 'acht' is not a number")]
    assert read.sets["load_kg"].to_list() == [40.0, 62.5, 62.5, 40.0, 65.0, 67.5]  # "62,5"
    assert read.sets["rpe"].to_list() == [None, 7.0, 8.0, 7.0, 7.5, 8.0]
    assert read.sets["date"].unique().sort().to_list() == [dt.date(2026, 1, 5), dt.date(2026, 1, 8)]
    assert read.sets["exercise"].to_list()[:4] == [
        "Barbell_Hip_Thrust",
        "Barbell_Hip_Thrust",
        "Barbell_Hip_Thrust",
        "Romanian_Deadlift",
    ]
    # hip thrust volume load on 5 Jan: 10x40 + 8x62.5 + 8x62.5 = 1400 kg
    jan5 = read.sets.filter(
        (pl.col("date") == dt.date(2026, 1, 5)) & (pl.col("exercise") == "Barbell_Hip_Thrust")
    )
    assert (jan5["reps"] * jan5["load_kg"]).sum() == 1400.0
    assert read.warnings == []


def test_unmapped_columns_are_named_and_the_fixed_unit_applies() -> None:
    read = read_log(
        CORPUS / "generic" / "crlf_row_column.csv",
        columns=CORPUS / "column_map" / "minimal.yaml",
    )
    assert read.sets["load_kg"].to_list() == [60.0]  # `unit: kg` of the map
    assert read.warnings == ["columns not in the column map were ignored: row"]
    assert [s.row for s in read.skipped] == [2, 3, 4]


def test_a_column_map_given_as_data_and_case_insensitive_names(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text("DAY\tLIFT\tREPS\tLBS\n2026-02-02\tSquat\t5\t135\n", encoding="utf-8")
    columns = ColumnMap(
        columns={"date": "day", "exercise": "lift", "reps": "reps", "weight": "lbs"}, unit="lb"
    )
    read = read_log(path, columns=columns)
    assert read.sets["load_kg"][0] == pytest.approx(135 * 0.45359237)
    both = read_logs([path, path], columns=columns)
    assert both.sets.height == 1 and len(both.skipped) == 1  # the repeat of the same set


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("columns: {date: Day}\n", "the column map lacks exercise"),
        ("columns: {date: Day, exercise: Ex, load: W}\n", "unknown field(s) 'load'"),
        ("columns: {date: Day, exercise: Day}\n", "reads the column 'Day' as both"),
        ("columns: {date: Day, exercise: Ex}\nunit: stone\n", "unit 'stone' is not kg or lb"),
        ("columns: {date: Day, exercise: Ex}\nsheet: 1\n", "unknown key(s) in the column map"),
        ("- date\n", "a column map is a mapping"),
        ("columns: [date, exercise]\n", "needs 'columns:'"),
        ("columns: {date: Day, exercise: Ex\n", "not valid YAML"),
        ("columns: {date: !!int x, exercise: Ex}\n", "explicit YAML tag"),
        ("columns: " + "[" * 3000 + "]" * 3000 + "\n", "column map"),
    ],
)
def test_bad_column_maps_are_refused_with_the_file(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "columns.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LogReadError, match=message.replace("(", r"\(").replace(")", r"\)")) as e:
        load_column_map(path)
    assert e.value.file == str(path)


def test_a_mapped_column_missing_from_the_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text("Day,Movement,Reps\n2026-01-05,Squat,5\n", encoding="utf-8")
    columns = ColumnMap(columns={"date": "Day", "exercise": "Exercise", "reps": "Reps"})
    with pytest.raises(LogReadError, match=r"no column 'Exercise' \(for exercise\)") as e:
        read_log(path, columns=columns)
    assert "'Day', 'Movement', 'Reps'" in (e.value.hint or "")


def test_built_in_formats_are_registered_in_order() -> None:
    assert [f.name for f in formats()] == ["strong", "hevy", "fitnotes", "exdose-csv"]
    assert all(isinstance(f, LogFormat) for f in formats())


PLUGIN = """
import polars as pl
from exdose.sets.readers.registry import LogFormat, signature_detector
from exdose.sets.readers.parsing import attach_reasons, number, parse_timestamps, text
from exdose.sets.readers.common import Parsed

def read(raw, ctx):
    stamps, _ = parse_timestamps(raw.frame["when"], date_order=None, file=ctx.file)
    df = raw.frame.with_columns(stamps.alias("_start"))
    df = attach_reasons(df, [(pl.col("_start").is_null(), pl.lit("bad when"))])
    return Parsed(frame=df.select(
        "row", pl.col("_start").dt.date().alias("date"), pl.lit("S").alias("session"),
        text("what").alias("exercise_name"), pl.lit("working").alias("set_kind"),
        number(text("count")).cast(pl.Int32).alias("reps"), "_reason"))

FORMAT = LogFormat(name="tally", detect=signature_detector(frozenset({"when", "what", "count"})),
                   read=read, required=("when", "what"), numbered_sets=False)
BROKEN = 42
"""


def test_a_plugin_format_registered_by_entry_point_is_detected_and_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    (site / "tally_plugin-1.0.dist-info").mkdir(parents=True)
    (site / "tally_plugin.py").write_text(PLUGIN, encoding="utf-8")
    info = site / "tally_plugin-1.0.dist-info"
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: tally-plugin\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(
        "[exdose.log_formats]\ntally = tally_plugin:FORMAT\nbad = tally_plugin:BROKEN\n"
        "gone = no_such_module:FORMAT\n"
    )
    monkeypatch.syspath_prepend(str(site))
    registry.formats.cache_clear()
    registry._PROBLEMS.clear()
    try:
        assert [f.name for f in formats()][-1] == "tally"
        log = tmp_path / "tally.csv"
        log.write_text("when,what,count\n2026-03-01,Squat,5\nsoon,Squat,5\n", encoding="utf-8")
        read = read_log(log)
        assert read.format == "tally"
        assert read.sets["reps"].to_list() == [5]
        assert [(s.row, s.reason) for s in read.skipped] == [(2, "bad when")]
        problems = registry.load_problems()
        assert any("'bad' is not an exdose LogFormat" in p for p in problems)
        assert any("'gone' did not load" in p for p in problems)
        assert any("'gone' did not load" in w for w in read.warnings)
    finally:
        sys.modules.pop("tally_plugin", None)
        registry.formats.cache_clear()
        registry._PROBLEMS.clear()

"""The accounting invariants of issue 13, checked on any file a table reader accepted.

* Every data row is accounted for exactly once: rows read + rows skipped == data rows, where the
  data rows are counted independently with the csv module (every record after the header line,
  blank records included).
* A value present in the file is read: for the columns each format maps to the sets table, a
  non-empty cell of a row that was read is a non-null value in that row.
"""

from __future__ import annotations

import csv
from pathlib import Path

from exdose.sets import ColumnMap, LogRead, PainDiary

# file column -> sets-table column, per format (only columns whose text is a value to keep).
VALUE_COLUMNS: dict[str, dict[str, str]] = {
    "strong": {
        "Reps": "reps",
        "Weight": "load_value",
        "Weight (kg)": "load_value",
        "Weight (kgs)": "load_value",
        "Weight (lbs)": "load_value",
        "Weight (lb)": "load_value",
        "RPE": "rpe",
        "Exercise Name": "exercise_name",
    },
    "hevy": {
        "reps": "reps",
        "weight_kg": "load_value",
        "weight_lbs": "load_value",
        "rpe": "rpe",
        "duration_seconds": "duration_s",
        "exercise_title": "exercise_name",
    },
    "fitnotes": {
        "Reps": "reps",
        "Weight (kgs)": "load_value",
        "Weight (lbs)": "load_value",
        "Exercise": "exercise_name",
    },
    "exdose-csv": {
        "reps": "reps",
        "weight": "load_value",
        "rpe": "rpe",
        "rir": "rir",
        "seconds": "duration_s",
        "distance_m": "distance_m",
        "rest_s": "rest_s",
        "tempo": "tempo",
        "pain": "pain",
        "exercise": "exercise_name",
    },
}
PAIN_VALUES = {"during": "during", "after": "after", "next_morning": "next_morning"}


def file_records(path: Path, delimiter: str) -> tuple[list[str], list[list[str]]]:
    """The header and the data records of a file, read by the csv module alone."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        records = list(csv.reader(handle, delimiter=delimiter))
    while records and not any(f.strip() for f in records[0]):
        records.pop(0)
    header = [f.strip().strip('"').strip() for f in records[0]]
    return header, records[1:]


def check_log(read: LogRead, path: Path, delimiter: str, columns: ColumnMap | None = None) -> None:
    """Assert both invariants for one log file read by `read_log` (with `columns` when it was
    read through a column map)."""
    header, records = file_records(path, delimiter)
    rows = sorted([*read.sets["row"].to_list(), *(s.row for s in read.skipped)])
    assert rows == list(range(1, len(records) + 1)), (
        f"{path}: rows read {read.sets.height} + skipped {len(read.skipped)} "
        f"!= data rows {len(records)}"
    )
    names = header
    if read.format == "exdose-csv":
        from exdose.sets.readers.exdose_csv import normalise_header

        names = normalise_header(header)
    values = VALUE_COLUMNS.get(read.format, {})
    if columns is not None:
        exdose = VALUE_COLUMNS["exdose-csv"]
        values = {c: exdose[f] for f, c in columns.columns.items() if f in exdose}
    mapped = {i: values[n] for i, n in enumerate(names) if n in values}
    for row in read.sets.iter_rows(named=True):
        record = records[row["row"] - 1]
        if len(record) < len(header):
            continue  # cannot happen for a read row; the accounting assertion covers it
        for index, column in mapped.items():
            cell = record[index].strip()
            if cell and row[column] is None:
                raise AssertionError(
                    f"{path}, row {row['row']}: {names[index]}={cell!r} present but "
                    f"{column} is empty and the row is not reported"
                )


def check_pain(diary: PainDiary, path: Path, delimiter: str) -> None:
    """Assert both invariants for a pain diary read by `read_pain_diary`."""
    header, records = file_records(path, delimiter)
    rows = sorted([*diary.entries["row"].to_list(), *(s.row for s in diary.skipped)])
    assert rows == list(range(1, len(records) + 1)), f"{path}: pain rows not accounted for"
    lower = [h.lower() for h in header]
    for row in diary.entries.iter_rows(named=True):
        record = records[row["row"] - 1]
        for name, column in PAIN_VALUES.items():
            if name in lower and record[lower.index(name)].strip() and row[column] is None:
                raise AssertionError(f"{path}, row {row['row']}: {name} present but not read")

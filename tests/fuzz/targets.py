"""Fuzz targets: one function per entry point that takes raw bytes and must end in a result or
the project's own error (ExdoseError) -- any other exception is a crash. The same functions are
run by the atheris driver (`make fuzz`, tests/fuzz/run_fuzz.py) and replayed on the regression
corpus by tests/fuzz/test_corpus_replay.py.

Targets whose code belongs to other parts of exdose (ingest, ratings) are here too: a crash found
there is reported to its owner with the input, not fixed from here.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from exdose.errors import ExdoseError  # noqa: E402

# Files are written where the fuzzer is fast (RAM) when there is such a place.
_TMP = Path("/dev/shm") if Path("/dev/shm").is_dir() else Path(tempfile.gettempdir())
_FILE = _TMP / f"exdose-fuzz-{os.getpid()}"


def _as_file(data: bytes, suffix: str) -> Path:
    path = _FILE.with_suffix(suffix)
    path.write_bytes(data)
    return path


def fuzz_log(data: bytes) -> None:
    """read_log on any bytes, with --unit and --date-order picked from the length. An accepted
    file must satisfy the accounting invariants (every row read or skipped, values read or
    reported)."""
    from invariants import check_log

    from exdose.sets import read_log
    from exdose.sets.readers.csvio import first_line
    from exdose.sets.readers.detect import detect

    # The options come from the length, so that a seed file is fuzzed as it is.
    unit = (None, "kg", "lb")[len(data) % 3]
    order = (None, "dmy", "mdy")[(len(data) // 3) % 3]
    path = _as_file(data, ".csv")
    try:
        read = read_log(path, unit=unit, date_order=order)  # type: ignore[arg-type]
    except ExdoseError:
        return
    check_log(read, path, detect(first_line(path), path).delimiter)


def fuzz_pain(data: bytes) -> None:
    """read_pain_diary on any bytes; accepted diaries must account for every row."""
    from invariants import check_pain

    from exdose.sets import read_pain_diary
    from exdose.sets.readers.csvio import first_line

    path = _as_file(data, ".csv")
    try:
        diary = read_pain_diary(path)
    except ExdoseError:
        return
    check_pain(diary, path, max((",", ";", "\t"), key=first_line(path).count))


def fuzz_generic(data: bytes) -> None:
    """The generic CSV reader with the bundled example column map, on any bytes."""
    from invariants import check_log

    from exdose.sets import read_log
    from exdose.sets.readers.csvio import first_line
    from exdose.sets.readers.generic import load_column_map

    columns = ROOT / "examples" / "logs" / "generic_columns.yaml"
    path = _as_file(data, ".csv")
    try:
        column_map = load_column_map(columns)
        read = read_log(path, columns=column_map)
    except ExdoseError:
        return
    check_log(read, path, max((",", ";", "\t"), key=first_line(path).count), column_map)


def fuzz_mapping(data: bytes) -> None:
    """An exercise mapping file (YAML) on any bytes."""
    from exdose.exercises import default_library
    from exdose.sets import load_mapping

    path = _as_file(data, ".yaml")
    try:
        load_mapping(path, default_library())
    except ExdoseError:
        return


def fuzz_column_map(data: bytes) -> None:
    """A generic-CSV column map file (YAML) on any bytes."""
    from exdose.sets.readers.generic import load_column_map

    path = _as_file(data, ".yaml")
    try:
        load_column_map(path)
    except ExdoseError:
        return


def fuzz_program(data: bytes) -> None:
    """A programme file (YAML or JSON) on any bytes, then expanded and checked when valid."""
    from exdose.checklists.score import score_program
    from exdose.program.expand import expand
    from exdose.program.io import load_program_bytes

    try:
        loaded = load_program_bytes(data, "fuzz.yaml")
    except ExdoseError:
        return
    expand(loaded)
    score_program(loaded.program, "fuzz.yaml")


def fuzz_notation(data: bytes) -> None:
    """Dose notation on any text; a parsed dose must print and parse back to the same dose."""
    from exdose.program.notation import format_dose, parse_dose

    text = data.decode("utf-8", errors="replace")
    try:
        dose = parse_dose(text)
    except ExdoseError:
        return
    again = parse_dose(format_dose(dose))
    assert again == dose, (text, format_dose(dose))


def fuzz_ingest(data: bytes) -> None:
    """Report ingest (Markdown, text, HTML, JATS, PDF, DOCX) on any bytes. APPRAISE's code."""
    from exdose.appraise.ingest import parse_report

    try:
        parse_report(data, name="fuzz")
    except ExdoseError:
        return


def fuzz_ratings(data: bytes) -> None:
    """A ratings table for `agreement`, compared with itself. APPRAISE's and API's code."""
    from exdose.appraise.agreement import compare_ratings

    path = _as_file(data, ".csv")
    try:
        compare_ratings(path, path)
    except ExdoseError:
        return


TARGETS: dict[str, Callable[[bytes], None]] = {
    "log": fuzz_log,
    "pain": fuzz_pain,
    "generic": fuzz_generic,
    "program": fuzz_program,
    "notation": fuzz_notation,
    "mapping": fuzz_mapping,
    "column_map": fuzz_column_map,
    "ingest": fuzz_ingest,
    "ratings": fuzz_ratings,
}

SEEDS: dict[str, list[str]] = {
    "log": ["tests/data/logs/*.csv", "examples/logs/*.csv", "tests/fuzz/corpus/log/*"],
    "pain": [
        "tests/data/logs/pain.csv",
        "examples/logs/pain_diary.csv",
        "tests/fuzz/corpus/pain/*",
    ],
    "generic": ["examples/logs/generic*.csv", "tests/fuzz/corpus/generic/*.csv"],
    "program": ["examples/*.yaml", "tests/data/program/*.yaml", "tests/data/program/bad/*"],
    "notation": ["tests/fuzz/corpus/notation/*"],
    "mapping": ["examples/logs/mapping.yaml", "tests/fuzz/corpus/mapping/*"],
    "column_map": ["examples/logs/generic_columns.yaml", "tests/fuzz/corpus/column_map/*"],
    "ingest": [
        "tests/data/appraise/*",
        "examples/reports/documents/*",
        "tests/fuzz/corpus/ingest/*",
    ],
    "ratings": ["examples/reports/reference.csv", "tests/fuzz/corpus/ratings/*"],
}
"""Seed inputs per target (globs from the repository root)."""

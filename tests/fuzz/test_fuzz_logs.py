"""Fuzz tests of the log and pain-diary readers (a few hundred examples each, inside make test):
any file gives a result or LogReadError, and every accepted file satisfies the accounting
invariants of tests/fuzz/invariants.py. The same invariants are checked on every fixture."""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path

import polars as pl
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from invariants import check_log, check_pain
from strategies import log_file, pain_file

from exdose.errors import LogReadError
from exdose.sets import read_log, read_pain_diary
from exdose.sets.readers.csvio import _fast_table, first_line, read_table
from exdose.sets.readers.detect import detect

TESTS = Path(__file__).resolve().parents[1]
ROOT = TESTS.parent
LOG_FIXTURES = sorted(
    [
        *(TESTS / "data" / "logs").glob("*.csv"),
        *(ROOT / "examples" / "logs").glob("*.csv"),
        *(TESTS / "fuzz" / "corpus" / "log").glob("*.csv"),
        *(TESTS / "fuzz" / "corpus" / "generic").glob("*.csv"),
    ]
)
PAIN_FIXTURES = [p for p in LOG_FIXTURES if "pain" in p.name] + sorted(
    (TESTS / "fuzz" / "corpus" / "pain").glob("*.csv")
)


def _delimiter(path: Path) -> str:
    return detect(first_line(path), path).delimiter


def _read_any(path: Path, **kwargs: object) -> object:
    """read_log with the options a user would add after the first refusal (--unit, dates)."""
    try:
        return read_log(path, **kwargs)  # type: ignore[arg-type]
    except LogReadError as error:
        if "--unit" in str(error) and "unit" not in kwargs:
            return _read_any(path, unit="kg", **kwargs)
        if "--date-order" in str(error) and "date_order" not in kwargs:
            return _read_any(path, date_order="dmy", **kwargs)
        return error


@pytest.mark.parametrize("path", [p for p in LOG_FIXTURES if "pain" not in p.name], ids=str)
def test_every_log_fixture_accounts_for_every_row_and_value(path: Path) -> None:
    read = _read_any(path)
    if isinstance(read, LogReadError):
        assert read.file == str(path)  # refused, with the file named: nothing to account for
        return
    check_log(read, path, _delimiter(path))  # type: ignore[arg-type]


def test_most_log_fixtures_are_read_not_refused() -> None:
    read = [p for p in LOG_FIXTURES if "pain" not in p.name]
    refused = [p.name for p in read if isinstance(_read_any(p), LogReadError)]
    assert len(refused) <= 8, refused  # the deliberately broken ones only
    assert len(read) - len(refused) >= 15


@pytest.mark.parametrize("path", PAIN_FIXTURES, ids=str)
def test_every_pain_fixture_accounts_for_every_row(path: Path) -> None:
    try:
        diary = read_pain_diary(path)
    except LogReadError as error:
        assert error.file == str(path)
        return
    delimiter = max((",", ";", "\t"), key=first_line(path).count)
    check_pain(diary, path, delimiter)


def _write(data: bytes, suffix: str = ".csv") -> Path:
    handle = tempfile.NamedTemporaryFile(delete=False, suffix=suffix)  # noqa: SIM115
    handle.write(data)
    handle.close()
    return Path(handle.name)


@settings(max_examples=300)
@given(
    log_file(),
    st.sampled_from([None, "kg", "lb"]),
    st.sampled_from([None, "dmy", "mdy"]),
)
def test_generated_logs_are_read_or_refused_and_every_row_is_accounted_for(
    generated: tuple[str, str, bytes], unit: str | None, order: str | None
) -> None:
    _, _, data = generated
    path = _write(data)
    try:
        read = read_log(path, unit=unit, date_order=order)  # type: ignore[arg-type]
    except LogReadError as error:
        assert error.file == str(path) and "\n" not in error.one_line()
        return
    finally:
        path.unlink()
    # the reader may have chosen another delimiter from the header: check with its own
    path = _write(data)
    try:
        check_log(read, path, _delimiter(path))
    finally:
        path.unlink()


@settings(max_examples=200)
@given(pain_file())
def test_generated_pain_diaries_account_for_every_row(generated: tuple[str, bytes]) -> None:
    _, data = generated
    path = _write(data)
    try:
        try:
            diary = read_pain_diary(path)
        except LogReadError as error:
            assert error.file == str(path)
            return
        delimiter = max((",", ";", "\t"), key=first_line(path).count)
        check_pain(diary, path, delimiter)
    finally:
        path.unlink()


@settings(max_examples=300)
@given(st.binary(max_size=400))
@example(b"\n\nDate,Exercise,Reps\n2024-05-02,Squat,5\n")
@example(b"date,exercise\r2025-02-03,Squat\r")
@example(b'date,exercise,row\n2025-02-03,"Squat\n')
@example(b"date,exercise,*\n2025-02-03,Squat,1\n")
def test_arbitrary_bytes_give_a_result_or_a_log_error(data: bytes) -> None:
    path = _write(data)
    try:
        with contextlib.suppress(LogReadError):
            read_log(path, unit="kg")
        with contextlib.suppress(LogReadError):
            read_pain_diary(path)
    finally:
        path.unlink()


@settings(max_examples=300)
@given(
    st.lists(
        st.lists(st.text(alphabet='ab1 ,;"\r\n', max_size=5), min_size=3, max_size=3),
        min_size=1,
        max_size=6,
    ),
    st.sampled_from(["\n", "\r\n"]),
)
def test_fast_and_careful_csv_paths_give_the_same_table(rows: list[list[str]], ending: str) -> None:
    text = "x,y,z" + ending + ending.join(",".join(r) for r in rows) + ending
    path = _write(text.encode())
    try:
        fast = _fast_table(path, ",")
        if fast is None:
            return  # the careful path alone reads this file
        import exdose.sets.readers.csvio as csvio

        original = csvio._fast_table
        csvio._fast_table = lambda p, d: None  # type: ignore[assignment]
        try:
            careful = read_table(path, ",")
        except LogReadError:
            pytest.fail(f"the careful path refused a file the fast path read: {text!r}")
        finally:
            csvio._fast_table = original
        assert careful.data_rows == fast.data_rows
        assert fast.frame.select(pl.all()).equals(careful.frame.select(fast.frame.columns)), text
    finally:
        path.unlink()

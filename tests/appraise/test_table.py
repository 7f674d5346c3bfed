"""The ratings table read back: bounded, so a wrong or hostile file cannot exhaust memory."""

from __future__ import annotations

from pathlib import Path

import pytest

from exdose.appraise.ratings_table import read_ratings_table as read_ratings
from exdose.appraise.table import MAX_RATINGS_BYTES, MAX_RATINGS_ROWS
from exdose.errors import IngestError


def test_an_oversized_ratings_table_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.csv"
    with big.open("w", encoding="utf-8") as handle:
        handle.write("document,checklist,item,reported\n")
        handle.truncate(MAX_RATINGS_BYTES + 1)  # sparse: no 16 MiB written
    with pytest.raises(IngestError, match="16 MiB"):
        read_ratings(big)


def test_too_many_rows_are_refused(tmp_path: Path) -> None:
    many = tmp_path / "many.csv"
    row = "a.txt,cert,1,1\n"
    many.write_text("document,checklist,item,reported\n" + row * (MAX_RATINGS_ROWS + 1))
    with pytest.raises(IngestError, match="rows") as caught:
        read_ratings(many)
    assert caught.value.line == MAX_RATINGS_ROWS + 2

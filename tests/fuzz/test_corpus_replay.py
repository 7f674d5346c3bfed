"""Replays the regression corpus: every input under tests/fuzz/corpus/TARGET/ once crashed a
reader or is a hostile case kept on purpose; each must now give a result or ExdoseError."""

from __future__ import annotations

from pathlib import Path

import pytest
from targets import TARGETS

CORPUS = Path(__file__).resolve().parent / "corpus"
CASES = sorted(
    (target.name, path)
    for target in CORPUS.iterdir()
    if target.is_dir() and target.name in TARGETS
    for path in target.iterdir()
    if path.is_file()
)


def test_the_corpus_covers_the_main_targets() -> None:
    assert {t for t, _ in CASES} >= {"log", "pain", "program", "generic", "column_map"}


@pytest.mark.parametrize(("target", "path"), CASES, ids=[f"{t}/{p.name}" for t, p in CASES])
def test_corpus_input_gives_a_result_or_a_project_error(target: str, path: Path) -> None:
    TARGETS[target](path.read_bytes())

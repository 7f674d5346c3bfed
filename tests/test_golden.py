"""The CLI's --json outputs on every bundled example are byte-identical to tests/golden/.

A change that alters an output on purpose regenerates the goldens (`python bench/golden.py
--update`) and commits them with the change; the diff of tests/golden/ then shows what changed.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _golden_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("exdose_golden", ROOT / "bench" / "golden.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


golden = _golden_module()


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[int, bytes]]:
    outputs: dict[str, tuple[int, bytes]] = golden.run_cases(tmp_path_factory.mktemp("golden"))
    return outputs


def test_every_case_has_a_golden_and_no_golden_is_stale(
    results: dict[str, tuple[int, bytes]],
) -> None:
    committed = {
        p.relative_to(golden.GOLDEN).as_posix()
        for p in golden.GOLDEN.rglob("*")
        if p.is_file() and p != golden.EXIT_CODES
    }
    assert committed == set(results)
    # every bundled programme and all six bundled reports are covered
    assert {f"check/{p.stem}.json" for p in (ROOT / "examples").glob("*.yaml")} <= committed
    jsonl = results["appraise/reports.jsonl"][1].decode().splitlines()
    assert len(jsonl) == len(list((ROOT / golden.REPORTS).iterdir())) == 6


@pytest.mark.parametrize("name", [name for name in sorted(golden.cases_and_files())])
def test_output_is_byte_identical(name: str, results: dict[str, tuple[int, bytes]]) -> None:
    code, data = results[name]
    expected = (golden.GOLDEN / name).read_bytes()
    assert data == expected, f"{name} changed; if on purpose: python bench/golden.py --update"
    assert code == golden.expected_exit_codes()[name]

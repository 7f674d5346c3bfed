"""docs/checklists.md and the checklist data files say the same: the data files are the source."""

from __future__ import annotations

from pathlib import Path

import pytest

import exdose
from exdose.checklists.markdown import BEGIN, END, main, with_tables

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "checklists.md"


def _rows(text: str) -> dict[str, str]:
    """The generated table rows by item label ("CERT 7a", "TIDieR 12")."""
    rows = {}
    for line in text.splitlines():
        if line.startswith(("| CERT ", "| TIDieR ")):
            rows[line.split("|")[1].strip()] = line
    return rows


@pytest.mark.parametrize("name", ["cert", "tidier"])
def test_every_item_of_the_data_file_is_in_the_doc(name: str) -> None:
    rows = _rows(DOC.read_text(encoding="utf-8"))
    checklist = exdose.checklist(name)
    label = "CERT" if name == "cert" else "TIDieR"
    assert len(checklist.items) == (19 if name == "cert" else 12)
    for item in checklist.items:
        row = rows[f"{label} {item.id}"]
        for text in (item.section, item.title, item.wording, item.rule):
            assert text.replace("|", "\\|") in row, (item.id, text)
        assert row.rstrip().endswith("| results only |") == item.results_only, item.id
    assert len([r for r in rows if r.startswith(label + " ")]) == len(checklist.items)


def test_the_doc_tables_are_up_to_date() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert with_tables(text) == text, "run: python -m exdose.checklists.markdown docs/checklists.md"
    assert main([str(DOC), "--check"]) == 0


def test_the_generator_rewrites_only_between_its_markers(tmp_path: Path) -> None:
    stale = tmp_path / "doc.md"
    stale.write_text(f"intro\n\n{BEGIN}\nold table\n{END}\n\nafter\n", encoding="utf-8")
    assert main([str(stale), "--check"]) == 1
    assert main([str(stale)]) == 0
    text = stale.read_text(encoding="utf-8")
    assert text.startswith("intro\n\n") and text.endswith("\n\nafter\n")
    assert "old table" not in text and "| CERT 16b |" in text
    with pytest.raises(ValueError):
        with_tables("no markers here")


def test_the_appraise_doc_points_at_the_rules_in_the_repository() -> None:
    appraise = (ROOT / "docs" / "appraise.md").read_text(encoding="utf-8")
    assert "(checklists.md)" in appraise and "shared/reference" not in appraise

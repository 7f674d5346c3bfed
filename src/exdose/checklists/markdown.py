"""docs/checklists.md's item tables, written from the checklist data files (the single source).

    python -m exdose.checklists.markdown docs/checklists.md          # rewrite the tables in place
    python -m exdose.checklists.markdown docs/checklists.md --check  # exit 1 if they are stale

Only the part between the BEGIN and END markers is generated; the prose around it is written by
hand. tests/test_api_checklists.py fails when the document and the data files disagree.
"""

from __future__ import annotations

import sys
from pathlib import Path

from exdose.checklists.definitions import CHECKLISTS, Checklist, load_checklist

BEGIN = "<!-- BEGIN items: generated from src/exdose/checklists/data/*.yaml -->"
END = "<!-- END items -->"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ").strip()


def checklist_table(checklist: Checklist) -> str:
    """One checklist as a Markdown section: a table of its items with our wording and rule."""
    lines = [
        f"### {checklist.title}",
        "",
        f"{checklist.citation}. {checklist.max_score} scored items; each is 1 (reported) or 0.",
        "",
        "| item | section | title | what it asks (our words) | rated reported when | |",
        "|---|---|---|---|---|---|",
    ]
    label = "CERT" if checklist.name == "cert" else "TIDieR"
    for item in checklist.items:
        note = "results only" if item.results_only else ""
        lines.append(
            f"| {label} {item.id} "
            f"| {_cell(item.section)} | {_cell(item.title)} | {_cell(item.wording)} "
            f"| {_cell(item.rule)} | {note} |"
        )
    return "\n".join(lines)


def generated_block() -> str:
    """The generated part of docs/checklists.md, markers included."""
    body = "\n\n".join(checklist_table(load_checklist(name)) for name in CHECKLISTS)
    return f"{BEGIN}\n\n{body}\n\n{END}"


def with_tables(document: str) -> str:
    """`document` with its generated part replaced by the tables made from the data files."""
    start, end = document.find(BEGIN), document.find(END)
    if start < 0 or end < start:
        raise ValueError(f"the document has no {BEGIN!r} ... {END!r} section")
    return document[:start] + generated_block() + document[end + len(END) :]


def main(argv: list[str]) -> int:
    """Rewrite (or with --check, verify) the tables of the document named in argv."""
    path = Path(argv[0])
    text = path.read_text(encoding="utf-8")
    updated = with_tables(text)
    if "--check" in argv[1:]:
        return 0 if updated == text else 1
    if updated != text:
        from exdose.files import write_text_atomic

        write_text_atomic(path, updated)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Reading a ratings table as reviewers keep it: CSV (comma or semicolon) or XLSX.

The columns are those of the table `exdose appraise --csv/--xlsx` writes (document, checklist,
item, reported; doc_type, arm, verdict, evidence, reason, confidence, note optional). A
reviewer's `reported` or `verdict` may be 1/0, yes/no, true/false, or "not applicable" (NA): a
results-only item of a protocol is not applicable, and counts as not reported in the official
CERT /19 and TIDieR /12 totals. The verdict "no arm" marks a report with no exercise arm (its
rows are 0): such a report is listed apart, unless a reviewer rates one of its items yes.
This is the one reader of ratings tables (`summarize`, `agreement`, the API).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal

from exdose.appraise.table import MAX_RATINGS_BYTES, MAX_RATINGS_ROWS, REQUIRED_COLUMNS
from exdose.checklists import CHECKLISTS, load_checklist
from exdose.errors import IngestError

Verdict = Literal["yes", "no", "na"]
_YES: Final = frozenset({"1", "yes", "y", "true", "reported"})
_NO: Final = frozenset({"0", "no", "n", "false", "not reported"})
_NA: Final = frozenset({"na", "n/a", "not applicable", "nap", "-"})
_NO_ARM: Final = frozenset({"no arm", "no exercise arm", "no_arm"})
_MAX_LISTED: Final = 10  # rows named in one error


@dataclass(frozen=True)
class TableRating:
    """One row of a ratings table."""

    document: str
    doc_type: str
    arm: str
    checklist: str
    item: str
    verdict: Verdict | None  # None: left empty (not rated)
    confidence: float | None
    line: int  # row number in the file (1 is the header)
    no_arm: bool = False  # the verdict "no arm": the report has no exercise arm
    evidence: str = ""
    reason: str = ""
    note: str = ""  # the reviewer's note


def verdict_of(value: str) -> Verdict | None:
    """A cell of the `reported` column as yes / no / na (None when empty); ValueError else."""
    text = value.strip().lower()
    if not text:
        return None
    if text in _YES:
        return "yes"
    if text in _NO:
        return "no"
    if text in _NA:
        return "na"
    raise ValueError(text)


def read_ratings_table(path: Path) -> list[TableRating]:
    """Read and check a ratings table (.csv with comma or semicolon, or .xlsx)."""
    try:
        size = path.stat().st_size
    except OSError as error:
        raise IngestError(f"cannot read the ratings table: {error.strerror}", file=path) from error
    if size > MAX_RATINGS_BYTES:
        raise IngestError("ratings table is over the 16 MiB a ratings table can be", file=path)
    if path.suffix.lower() == ".xlsx":
        header, rows = _xlsx_rows(path)
    else:
        header, rows = _csv_rows(path)
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise IngestError(
            f"ratings table lacks the column(s) {', '.join(missing)}",
            file=path,
            line=1,
            hint="the columns are those `exdose appraise --csv` writes",
        )
    valid = {name: set(load_checklist(name).ids()) for name in CHECKLISTS}
    ratings: list[TableRating] = []
    seen: dict[tuple[str, str, str], int] = {}
    conflicts: list[int] = []
    for number, values in enumerate(rows, start=2):
        row = dict(zip(header, values, strict=False))
        document = (row.get("document") or "").strip()
        checklist = (row.get("checklist") or "").strip().lower()
        item = (row.get("item") or "").strip().lower()
        if checklist not in valid:
            raise IngestError(f"checklist {checklist!r} is neither cert nor tidier", file=path,
                              line=number)  # fmt: skip
        if item not in valid[checklist]:
            raise IngestError(
                f"{checklist} has no item {item!r}",
                file=path,
                line=number,
                hint=f"{checklist} items: {', '.join(load_checklist(checklist).ids())}",
            )
        if not document:
            raise IngestError("the document column is empty", file=path, line=number)
        key = (document, checklist, item)
        if key in seen:
            raise IngestError(
                f"{document} {checklist} {item} is rated twice (also on line {seen[key]})",
                file=path,
                line=number,
            )
        seen[key] = number
        try:
            verdict, no_arm, agree = _row_verdict(
                row.get("reported") or "", row.get("verdict") or ""
            )
        except ValueError as error:
            raise IngestError(
                f"{error} is not 1/0, yes/no, not applicable or 'no arm'", file=path, line=number
            ) from None
        if not agree:
            conflicts.append(number)
        confidence_text = (row.get("confidence") or "").strip().replace(",", ".")
        try:
            confidence = float(confidence_text) if confidence_text else None
        except ValueError:
            confidence = None
        ratings.append(
            TableRating(
                document=document,
                doc_type=(row.get("doc_type") or "unknown").strip() or "unknown",
                arm=(row.get("arm") or "").strip(),
                checklist=checklist,
                item=item,
                verdict=verdict,
                confidence=confidence,
                line=number,
                no_arm=no_arm,
                evidence=(row.get("evidence") or "").strip(),
                reason=(row.get("reason") or "").strip(),
                note=(row.get("note") or "").strip(),
            )
        )
    if conflicts:
        listed = ", ".join(str(n) for n in conflicts[:_MAX_LISTED])
        more = f" and {len(conflicts) - _MAX_LISTED} more" if len(conflicts) > _MAX_LISTED else ""
        raise IngestError(
            f"reported and verdict disagree on row(s) {listed}{more}",
            file=path,
            line=conflicts[0],
            hint="the two columns say the same thing: correct both, or empty one of them",
        )
    return ratings


def _row_verdict(reported: str, verdict: str) -> tuple[Verdict | None, bool, bool]:
    """One row's rating from its two columns: (verdict, no exercise arm, the columns agree).

    Either column may carry the rating; a 0 with "na" is not applicable (a results-only item of
    a protocol), a 0 or an empty cell with "no arm" a report without an exercise arm.
    Raises ValueError naming a cell that is no rating."""
    from_reported = verdict_of(reported)
    text = verdict.strip().lower()
    if text in _NO_ARM:
        return "no", True, from_reported in (None, "no")
    from_verdict = verdict_of(verdict)
    if from_reported is None:
        return from_verdict, False, True
    if from_verdict is None or from_verdict == from_reported:
        return from_reported, False, True
    if {from_reported, from_verdict} == {"no", "na"}:
        return "na", False, True  # not applicable, and so 0 in the totals
    return from_reported, False, False


def _csv_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise IngestError(f"cannot read the ratings table: {error.strerror}", file=path) from error
    except UnicodeDecodeError as error:
        raise IngestError("ratings table is not UTF-8 text", file=path) from error
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","  # spreadsheets in many locales
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as error:
        raise IngestError(f"ratings table is not valid CSV: {error}", file=path) from error
    if len(rows) > MAX_RATINGS_ROWS + 1:
        raise IngestError(
            f"ratings table has over {MAX_RATINGS_ROWS} rows",
            file=path,
            line=MAX_RATINGS_ROWS + 2,
            hint="split it into tables of fewer reports",
        )
    if not rows:
        raise IngestError("ratings table is empty", file=path)
    header = [cell.strip().lower() for cell in rows[0]]
    return header, [r for r in rows[1:] if any(cell.strip() for cell in r)]


def _xlsx_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on damaged files
        raise IngestError(f"XLSX cannot be read ({type(error).__name__})", file=path) from error
    try:
        sheet = book["ratings"] if "ratings" in book.sheetnames else book.worksheets[0]
        rows: list[list[str]] = []
        for values in sheet.iter_rows(values_only=True):
            rows.append(["" if v is None else str(v) for v in values])
            if len(rows) > MAX_RATINGS_ROWS + 1:
                raise IngestError(f"ratings table has over {MAX_RATINGS_ROWS} rows", file=path)
    finally:
        book.close()
    if not rows:
        raise IngestError("ratings table is empty", file=path)
    header = [cell.strip().lower() for cell in rows[0]]
    return header, [r for r in rows[1:] if any(cell.strip() for cell in r)]

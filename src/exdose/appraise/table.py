"""The ratings table: one row per report x checklist item, written by exdose or filled by a person.

Columns (CSV, UTF-8, header row):

| column     | meaning                                                                    |
|------------|----------------------------------------------------------------------------|
| document   | the report's file name                                                     |
| doc_type   | protocol, results or unknown                                               |
| arm        | the rated (main exercise) arm                                              |
| checklist  | cert or tidier                                                             |
| item       | item id: CERT 1-6, 7a, 7b, 8-13, 14a, 14b, 15, 16a, 16b; TIDieR 1-12       |
| reported   | 1 reported, 0 not reported, empty when not rated                           |
| verdict    | the reviewer's form: yes, no, or na (a results-only item of a protocol)     |
| evidence   | supporting text (sentences joined by " ... ")                              |
| reason     | why not reported, or why not rated                                         |
| confidence | exdose's confidence in its rating, 0-1 (empty for a person's ratings)       |

Only document, checklist, item and reported are needed to compare raters; the reference ratings of
the project's dev set use the same columns.
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import Any, Final, TextIO

from exdose.appraise.models import Appraisal
from exdose.checklists import CHECKLISTS, load_checklist
from exdose.errors import IngestError
from exdose.files import creation_mode

COLUMNS: Final[tuple[str, ...]] = (
    "document",
    "doc_type",
    "arm",
    "checklist",
    "item",
    "reported",
    "verdict",
    "evidence",
    "reason",
    "confidence",
)
REQUIRED_COLUMNS: Final[tuple[str, ...]] = ("document", "checklist", "item", "reported")
_EVIDENCE_JOIN: Final = " ... "


def rating_rows(appraisal: Appraisal) -> Iterator[dict[str, Any]]:
    """The ratings-table rows of one appraised report (31 rows, also for a failed report)."""
    for checklist in CHECKLISTS:
        rating = appraisal.cert if checklist == "cert" else appraisal.tidier
        for item in load_checklist(checklist).items:
            row: dict[str, Any] = {
                "document": appraisal.document,
                "doc_type": appraisal.doc_type,
                "arm": appraisal.arm or "",
                "checklist": checklist,
                "item": item.id,
            }
            if rating is None:
                row.update(
                    reported="",
                    verdict="",
                    evidence="",
                    reason=f"not rated: {appraisal.error}",
                    confidence="",
                )
            else:
                item_rating = rating.item(item.id)
                row.update(
                    reported=int(item_rating.reported),
                    verdict=(
                        "yes"
                        if item_rating.reported
                        else "na"
                        if item_rating.basis == "absent:protocol"
                        else "no"
                    ),
                    evidence=_EVIDENCE_JOIN.join(e.text for e in item_rating.evidence),
                    reason=item_rating.reason,
                    confidence=item_rating.confidence,
                )
            yield row


class AtomicTextFile:
    """A text file written to a temporary name in the same folder and renamed on success."""

    def __init__(self, path: Path, *, newline: str | None = None) -> None:
        self.path = path
        self.newline = newline
        self._tmp: str | None = None
        self.stream: TextIO | None = None

    def __enter__(self) -> TextIO:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, self._tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", dir=self.path.parent)
        os.fchmod(fd, creation_mode())
        self.stream = os.fdopen(fd, "w", encoding="utf-8", newline=self.newline)
        return self.stream

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self.stream is not None and self._tmp is not None
        self.stream.close()
        if exc_type is None:
            os.replace(self._tmp, self.path)
        else:
            os.unlink(self._tmp)


class RatingsCsvWriter:
    """Streams ratings-table rows to a CSV file, atomically replaced when closed."""

    def __init__(self, path: Path) -> None:
        self._file = AtomicTextFile(path, newline="")
        self._stream = self._file.__enter__()
        self._writer = csv.DictWriter(self._stream, fieldnames=list(COLUMNS))
        self._writer.writeheader()

    def add(self, appraisal: Appraisal) -> None:
        """Write the 31 rows of one report."""
        self._writer.writerows(rating_rows(appraisal))

    def close(self, *, failed: bool = False) -> None:
        """Finish the file (or throw it away when the run failed)."""
        if failed:
            self._file.__exit__(RuntimeError, None, None)
        else:
            self._file.__exit__(None, None, None)


MAX_RATINGS_BYTES: Final = 16 * 1024 * 1024  # 1,000 reports x 31 items is about 2 MB
MAX_RATINGS_ROWS: Final = 200_000


def read_ratings(path: Path) -> list[dict[str, Any]]:
    """Read a ratings table (CSV) and check it; rows left unrated are kept with reported=None.

    A table over 16 MiB or 200,000 rows is refused (a review of 6,000 reports fits).
    """
    try:
        size = path.stat().st_size
    except OSError as error:
        raise IngestError(f"cannot read the ratings table: {error.strerror}", file=path) from error
    if size > MAX_RATINGS_BYTES:
        raise IngestError(
            f"ratings table is {size / 1024 / 1024:.0f} MiB, over the 16 MiB a ratings table "
            "can be",
            file=path,
            hint="split it, or check that this is a ratings table",
        )
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            header = reader.fieldnames or []
            missing = [c for c in REQUIRED_COLUMNS if c not in header]
            if missing:
                raise IngestError(
                    f"ratings table lacks the column(s) {', '.join(missing)}",
                    file=path,
                    line=1,
                    hint=f"the columns are {', '.join(COLUMNS)}",
                )
            rows = []
            for row in reader:
                rows.append(row)
                if len(rows) > MAX_RATINGS_ROWS:
                    raise IngestError(
                        f"ratings table has over {MAX_RATINGS_ROWS} rows",
                        file=path,
                        line=reader.line_num,
                        hint="split it into tables of fewer reports",
                    )
    except OSError as error:
        raise IngestError(f"cannot read the ratings table: {error.strerror}", file=path) from error
    except UnicodeDecodeError as error:
        raise IngestError("ratings table is not UTF-8 text", file=path) from error
    except csv.Error as error:
        raise IngestError(f"ratings table is not valid CSV: {error}", file=path) from error
    valid = {name: set(load_checklist(name).ids()) for name in CHECKLISTS}
    seen: dict[tuple[str, str, str], int] = {}
    result: list[dict[str, Any]] = []
    for number, row in enumerate(rows, start=2):  # line 1 is the header
        document = (row.get("document") or "").strip()
        checklist = (row.get("checklist") or "").strip().lower()
        item = (row.get("item") or "").strip().lower()
        if checklist not in valid:
            raise IngestError(
                f"checklist {checklist!r} is neither cert nor tidier", file=path, line=number
            )
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
        result.append(
            {
                "document": document,
                "checklist": checklist,
                "item": item,
                "reported": _parse_reported(row.get("reported"), path, number),
                "evidence": row.get("evidence") or "",
                "line": number,
            }
        )
    return result


_YES: Final = frozenset({"1", "yes", "y", "true", "reported"})
_NO: Final = frozenset({"0", "no", "n", "false", "not reported"})


def _parse_reported(value: str | None, path: Path, line: int) -> int | None:
    text = (value or "").strip().lower()
    if text == "":
        return None
    if text in _YES:
        return 1
    if text in _NO:
        return 0
    raise IngestError(
        f"reported must be 1 or 0 (or empty when not rated), not {value!r}", file=path, line=line
    )

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
| verdict    | the reviewer's form: yes, no, na (a results-only item of a protocol) or     |
|            | "no arm" (the report has no exercise arm: listed apart, not in the totals)  |
| evidence   | supporting text (sentences joined by " ... ")                              |
| reason     | why not reported, or why not rated                                         |
| confidence | exdose's confidence in its rating, 0-1 (empty for a person's ratings)       |
| note       | the reviewer's note (empty as exdose writes it; kept by `summarize`)        |

`reported` and `verdict` say the same thing twice, so that a spreadsheet can filter on either: a
reviewer may correct either one, or both. When both are filled they must agree (reading the
table stops with the rows where they do not), except that a 0 with "na" or "no arm" is the
not-applicable or no-arm case.

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
    "note",
)
REQUIRED_COLUMNS: Final[tuple[str, ...]] = ("document", "checklist", "item", "reported")
_EVIDENCE_JOIN: Final = " ... "
NO_ARM_VERDICT: Final = "no arm"
_VERDICT_OF_BASIS: Final = {"absent:protocol": "na", "absent:no_arm": NO_ARM_VERDICT}


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
                    note="",
                )
            else:
                item_rating = rating.item(item.id)
                row.update(
                    reported=int(item_rating.reported),
                    verdict=(
                        "yes"
                        if item_rating.reported
                        else _VERDICT_OF_BASIS.get(item_rating.basis, "no")
                    ),
                    evidence=_EVIDENCE_JOIN.join(e.text for e in item_rating.evidence),
                    reason=item_rating.reason,
                    confidence=item_rating.confidence,
                    note="",
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

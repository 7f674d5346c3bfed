"""The result of appraising one report: per checklist item, reported or not, with evidence."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

DocType = Literal["protocol", "results", "unknown"]


class Evidence(BaseModel):
    """A sentence that supports a rating; `start`/`end` are offsets into the report's text."""

    text: str
    start: int
    end: int
    section: str = ""  # the heading chain it is under ("Methods > Intervention"), or "title"
    page: int | None = None  # its PDF page (1-based), None for other formats


class ItemRating(BaseModel):
    """One checklist item rated on one report."""

    id: str
    reported: bool
    confidence: float = Field(ge=0.0, le=1.0)
    evidence: list[Evidence] = Field(default_factory=list)
    reason: str = ""  # why not reported (for the ratings table; not part of the JSON line)
    # what the rating rests on, the key of its calibrated confidence (not part of the JSON line):
    # reported:intervention|methods|other (section of the best evidence; +many for 2 or more
    # sentences), absent:partial|none|protocol|no_arm
    basis: str = ""


class ChecklistRating(BaseModel):
    """All items of one checklist on one report."""

    score: int
    max: int
    items: list[ItemRating]

    def item(self, item_id: str) -> ItemRating:
        """The rating of one item (KeyError if absent)."""
        for rating in self.items:
            if rating.id == item_id:
                return rating
        raise KeyError(item_id)


_EXCLUDE_REASONS: Any = {"items": {"__all__": {"reason", "basis"}}}
_JSON_LINE_EXCLUDE: Any = {"path": True, "cert": _EXCLUDE_REASONS, "tidier": _EXCLUDE_REASONS}


class Appraisal(BaseModel):
    """One report appraised (or the error that stopped it)."""

    document: str
    path: str = ""
    doc_type: DocType = "unknown"
    arm: str | None = None
    arm_reason: str = ""  # how the rated arm was chosen
    arms: list[str] = Field(default_factory=list)  # every arm the report names
    note: str | None = None  # a document-level note (e.g. no exercise arm found)
    cert: ChecklistRating | None = None
    tidier: ChecklistRating | None = None
    error: str | None = None

    def json_line(self) -> str:
        """The line `exdose appraise --json` prints (the documented shape; pydantic-core)."""
        return self.model_dump_json(exclude=_JSON_LINE_EXCLUDE)

    @property
    def ok(self) -> bool:
        """True when the report was read and rated."""
        return self.error is None

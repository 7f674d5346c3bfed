"""CERT and TIDieR as data: item ids, sections and exdose's own short wording and rating rules."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Final, Literal

import yaml

ChecklistName = Literal["cert", "tidier"]
CHECKLISTS: Final[tuple[ChecklistName, ...]] = ("cert", "tidier")


@dataclass(frozen=True)
class Item:
    """One checklist item."""

    checklist: ChecklistName
    id: str
    section: str
    title: str
    wording: str
    rule: str
    results_only: bool  # only a report of results (not a protocol) can report it


ChecklistItem = Item
"""The name `Item` has in the public API (`exdose.ChecklistItem`)."""


@dataclass(frozen=True)
class Checklist:
    """A reporting checklist with its items in order."""

    name: ChecklistName
    title: str
    citation: str
    items: tuple[Item, ...]

    @property
    def max_score(self) -> int:
        """Number of scored items (19 for CERT, 12 for TIDieR)."""
        return len(self.items)

    def ids(self) -> list[str]:
        """Item ids in order."""
        return [item.id for item in self.items]

    def item(self, item_id: str) -> Item:
        """The item with this id (KeyError if there is none)."""
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(f"{self.name} has no item {item_id!r}")


@lru_cache(maxsize=2)
def load_checklist(name: ChecklistName) -> Checklist:
    """Load a bundled checklist definition."""
    text = resources.files("exdose.checklists").joinpath("data", f"{name}.yaml").read_text("utf-8")
    # libyaml's loader is ten times faster than the pure-Python one; this runs at every start-up
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    raw = yaml.load(text, Loader=loader)
    items = tuple(
        Item(
            checklist=name,
            id=str(r["id"]),
            section=r["section"],
            title=r["title"],
            wording=r["wording"],
            rule=r["rule"],
            results_only=bool(r["results_only"]),
        )
        for r in raw["items"]
    )
    return Checklist(name=name, title=raw["title"], citation=raw["citation"], items=items)


CERT_IDS: Final[tuple[str, ...]] = (
    "1", "2", "3", "4", "5", "6", "7a", "7b", "8", "9", "10", "11", "12", "13", "14a", "14b",
    "15", "16a", "16b",
)  # fmt: skip
TIDIER_IDS: Final[tuple[str, ...]] = tuple(str(i) for i in range(1, 13))

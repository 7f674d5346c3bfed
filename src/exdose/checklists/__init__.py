"""CERT and TIDieR as data, and scoring a programme against them."""

from exdose.checklists.definitions import (
    CERT_IDS,
    CHECKLISTS,
    TIDIER_IDS,
    Checklist,
    ChecklistName,
    Item,
    load_checklist,
)

__all__ = [
    "CERT_IDS",
    "CHECKLISTS",
    "TIDIER_IDS",
    "Checklist",
    "ChecklistName",
    "Item",
    "load_checklist",
]

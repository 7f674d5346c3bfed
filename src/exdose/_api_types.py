"""Result types the public API adds to those of the internal modules."""

from __future__ import annotations

from pydantic import BaseModel

from exdose.dose.planned import WeekDose


class WeeklyDose(BaseModel):
    """The planned dose of a programme per week (what `exdose dose --json` prints)."""

    weeks: list[WeekDose]

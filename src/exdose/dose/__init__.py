"""Dose and load metrics over any sets table (planned or performed)."""

from exdose.dose.constants import DEFAULT_THRESHOLDS, LoadThresholds
from exdose.dose.e1rm import (
    E1rmWarning,
    e1rm,
    e1rm_by_day,
    e1rm_expr,
    rts_pct_1rm,
    rts_pct_1rm_expr,
)
from exdose.dose.load import (
    DailyLoad,
    acwr_all,
    acwr_coupled,
    acwr_ewma,
    acwr_uncoupled,
    daily_load,
    monotony_strain,
    monotony_strain_of,
)
from exdose.dose.planned import WeekDose, planned_dose
from exdose.dose.summary import LoadDay, LoadReport, LoadWeek, summarise_load
from exdose.dose.weekly import (
    change_flag,
    dose_sets,
    week_over_week_change,
    weekly_effort,
    weekly_minutes,
    weekly_sessions,
    weekly_sets_per_muscle,
    weekly_srpe_load,
    weekly_volume_load,
)

__all__ = [
    "DEFAULT_THRESHOLDS",
    "DailyLoad",
    "E1rmWarning",
    "LoadDay",
    "LoadReport",
    "LoadThresholds",
    "LoadWeek",
    "WeekDose",
    "acwr_all",
    "acwr_coupled",
    "acwr_ewma",
    "acwr_uncoupled",
    "change_flag",
    "daily_load",
    "dose_sets",
    "e1rm",
    "e1rm_by_day",
    "e1rm_expr",
    "monotony_strain",
    "monotony_strain_of",
    "planned_dose",
    "rts_pct_1rm",
    "rts_pct_1rm_expr",
    "summarise_load",
    "week_over_week_change",
    "weekly_effort",
    "weekly_minutes",
    "weekly_sessions",
    "weekly_sets_per_muscle",
    "weekly_srpe_load",
    "weekly_volume_load",
]

"""Every number from the literature (or practice) that dose and load metrics use, with its source.

Values labelled "practice" come from coaching or clinical practice, not from a trial: they are
defaults that callers may override (see `LoadThresholds`), and output labels them as heuristics.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

# --- Fractional set counting -----------------------------------------------------------------
# Pelland JC et al. Sports Med 2025, doi:10.1007/s40279-025-02344-w: a set counts fully for the
# muscles it trains directly and half for those it trains indirectly.
PRIMARY_SET_WEIGHT: Final[float] = 1.0
SECONDARY_SET_WEIGHT: Final[float] = 0.5

# Set kinds that count towards dose (sets per muscle, volume load). Warm-ups and app-marked drop
# sets are kept in the table but left out of dose, as dose-and-load.md asks.
DOSE_SET_KINDS: Final[tuple[str, ...]] = ("working", "failure")

# --- Session RPE (Foster C et al. J Strength Cond Res 2001;15:109-15) ---------------------------
# Session load = CR-10 session RPE x session minutes (arbitrary units).
SESSION_RPE_MIN: Final[float] = 0.0
SESSION_RPE_MAX: Final[float] = 10.0

# --- Monotony and strain (Foster C. Med Sci Sports Exerc 1998;30:1164-8) -----------------------
# Foster does not name the SD; exdose uses the population SD (ddof=0) of the 7 daily loads.
MONOTONY_DDOF: Final[int] = 0
DAYS_PER_WEEK: Final[int] = 7

# --- ACWR (rolling: Gabbett TJ. BJSM 2016;50:273-80; EWMA: Williams S et al. BJSM 2017;51:209-10)
ACUTE_DAYS: Final[int] = 7
CHRONIC_DAYS: Final[int] = 28
# EWMA decay lambda = 2/(N+1): acute N=7 -> 0.25, chronic N=28 -> 0.0690 (Williams 2017).
EWMA_ACUTE_N: Final[int] = 7
EWMA_CHRONIC_N: Final[int] = 28
EWMA_ACUTE_LAMBDA: Final[float] = 2.0 / (EWMA_ACUTE_N + 1)
EWMA_CHRONIC_LAMBDA: Final[float] = 2.0 / (EWMA_CHRONIC_N + 1)
# The first ratio is reported on the 28th day of the series (index 27): before that the chronic
# window is not full. The EWMA seed (first day's load) is exdose's choice; the paper leaves it open.
ACWR_FIRST_INDEX: Final[int] = CHRONIC_DAYS - 1
# Gabbett 2016 bands, shown for context only: contested (Lolli L et al. BJSM 2019;53:921;
# Impellizzeri FM et al. Sports Med 2021;51:581-92). exdose never presents them as prediction.
ACWR_SWEET_SPOT: Final[tuple[float, float]] = (0.8, 1.3)
ACWR_DANGER_FROM: Final[float] = 1.5

# --- Effort ------------------------------------------------------------------------------------
# Resistance-training RPE = 10 - RIR (Zourdos MC et al. JSCR 2016;30:267-75).
RPE_FROM_RIR_BASE: Final[float] = 10.0

# RTS table (practice source: Reactive Training Systems): %1RM at RPE 10 for 1..12 reps. Other
# RPEs use reps + (10 - RPE) "reps to failure"; half points are midpoints; beyond 12 is undefined.
RTS_RPE10_PCT_1RM: Final[tuple[float, ...]] = (
    1.000,
    0.955,
    0.922,
    0.892,
    0.863,
    0.837,
    0.811,
    0.786,
    0.762,
    0.739,
    0.707,
    0.680,
)
RTS_MAX_EFFECTIVE_REPS: Final[int] = len(RTS_RPE10_PCT_1RM)

# --- e1RM --------------------------------------------------------------------------------------
# Epley w(1+r/30); Brzycki w*36/(37-r); Lombardi w*r^0.10. Valid up to 10 reps (Reynolds JM et al.
# JSCR 2006;20:584-92); exdose warns for 11-12 reps and refuses more.
E1RM_VALID_MAX_REPS: Final[int] = 10
E1RM_WARN_MAX_REPS: Final[int] = 12
EPLEY_DIVISOR: Final[float] = 30.0
BRZYCKI_NUMERATOR: Final[float] = 36.0
BRZYCKI_OFFSET: Final[float] = 37.0
LOMBARDI_EXPONENT: Final[float] = 0.10


@dataclass(frozen=True)
class LoadThresholds:
    """Flag thresholds for week-over-week change and monotony; override any of them.

    caution/spike: Harrison & Johnston JSCR 2017;31:2686 found weekly spikes of 15-49% went with
    more injuries the next week (OR 3.76), hence a spike from +15%; "keep increases under 10%" is
    practice, hence caution above +10%. Monotony above 2.0 as "high" is practice (after Foster
    1998).
    min_sets_for_muscle_flag is an exdose heuristic: per-muscle changes are only flagged when the
    muscle had at least this many sets in one of the two weeks, so that a half set of indirect work
    moving to one set is not called a spike.
    """

    caution_above: float = 0.10
    spike_from: float = 0.15
    monotony_high: float = 2.0
    min_sets_for_muscle_flag: float = 4.0


DEFAULT_THRESHOLDS: Final[LoadThresholds] = LoadThresholds()

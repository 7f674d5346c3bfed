"""Every threshold and step size the monitor uses, in one object, each with its source.

"trial" marks a rule taken from a trial protocol; "practice" marks a clinical or coaching
heuristic, which output labels as such and a user may override.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from exdose.dose.constants import DEFAULT_THRESHOLDS

Evidence = Literal["trial", "practice"]
Variable = Literal["technique", "volume", "effort", "load", "range_of_motion", "tempo", "frequency"]

SILBERNAGEL_2007 = (
    "Silbernagel KG et al. Am J Sports Med 2007;35:897-906 "
    "(pain-monitoring model, after Thomee 1997)"
)
HARRISON_2017 = "Harrison & Johnston JSCR 2017;31:2686 (observational: weekly spikes of 15-49%)"
# Short forms for messages; the full references are above and in docs/monitor.md.
SILBERNAGEL_SHORT = "Silbernagel 2007"
HARRISON_SHORT = "Harrison & Johnston 2017, observational"

DEFAULT_ORDER: tuple[Variable, ...] = (
    "technique",
    "volume",
    "effort",
    "load",
    "range_of_motion",
    "tempo",
    "frequency",
)


class MonitorConfig(BaseModel):
    """Pain-model limits, pain zones, load-flag use and the size of each one-variable change."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    # Silbernagel 2007 (trial): pain during exercise up to 5/10, pain after up to 5/10.
    during_max: float = Field(5.0, ge=0, le=10, description=f"trial: {SILBERNAGEL_2007}")
    after_max: float = Field(5.0, ge=0, le=10, description=f"trial: {SILBERNAGEL_2007}")
    # Silbernagel 2007 (trial) asks that pain after exercise has settled by the next morning; the
    # trial gives no number for "settled", so exdose takes the top of the safe zone (practice).
    settled_max: float = Field(
        3.0, ge=0, le=10, description="practice: next-morning pain at or below this is settled"
    )
    # Zones are practice: 0-3 safe, 4-5 acceptable, above 5 too much.
    safe_max: float = Field(3.0, ge=0, le=10, description="practice: top of the safe zone")
    acceptable_max: float = Field(5.0, ge=0, le=10, description="practice: top of acceptable")
    # Silbernagel 2007 (trial): pain and stiffness must not rise from week to week. The size of a
    # rise that counts is practice: 1 point on the 0-10 scale, and only when the new weekly peak
    # is above the safe zone (a move from 0 to 1 is noise, not a trend).
    rise_min_points: float = Field(1.0, gt=0, le=10, description="practice: smallest rise")
    rise_only_above_safe: bool = Field(True, description="practice: ignore rises inside 0-safe")
    # Load flags: Harrison & Johnston 2017 (observational) for spikes >= 15%; the 10% caution
    # line is practice. Defaults are the values in exdose.dose.constants (one place each).
    spike_from: float = Field(DEFAULT_THRESHOLDS.spike_from, gt=0, description=f"{HARRISON_2017}")
    caution_above: float = Field(
        DEFAULT_THRESHOLDS.caution_above, gt=0, description="practice: keep increases under 10%"
    )
    min_sets_for_flag: float = Field(
        DEFAULT_THRESHOLDS.min_sets_for_muscle_flag,
        ge=0,
        description="exdose heuristic: ignore per-muscle changes below this many sets",
    )
    # Volume load rises whenever reps climb within a rep range or the load steps up, so on its
    # own (sets unchanged) a volume-load spike is reported but does not stop progression
    # (practice). Set this to hold on it too.
    hold_on_volume_load_spike: bool = Field(
        False, description="practice: hold on a volume-load spike when sets did not spike"
    )
    # One change at a time: the order in which variables are tried (practice).
    order: tuple[Variable, ...] = Field(DEFAULT_ORDER, min_length=1)
    # Step sizes (practice; exact percentages are not evidence).
    sets_step: int = Field(1, ge=1, le=10, description="practice: sets removed per change")
    rir_step: float = Field(1.0, gt=0, le=5, description="practice: reps in reserve added")
    load_reduction_pct: float = Field(10.0, gt=0, le=50, description="practice: load lowered by")
    load_round_kg: float = Field(2.5, ge=0, le=10, description="practice: round loads to this")
    # Above the prescription (practice): a heavier load than prescribed by more than this (unit
    # conversion and kit rounding stay inside it), or more reps than the top of the range by
    # more than this, is taken back to the prescription first.
    load_above_tolerance_pct: float = Field(
        2.5, ge=0, le=50, description="practice: load above the prescription tolerated, %"
    )
    reps_above_tolerance: int = Field(
        2, ge=0, le=20, description="practice: reps above the top of the range tolerated"
    )
    # Readiness (practice, issue 14): a marker is "clearly worse" when the week's mean is this
    # far from the person's median of the 28 days before (at least 7 rated days).
    sleep_worse_hours: float = Field(
        1.0, gt=0, le=12, description="practice: sleep this many hours shorter is clearly worse"
    )
    readiness_worse_points: float = Field(
        2.0, gt=0, le=10, description="practice: a 0-10 marker this much worse is clearly worse"
    )
    readiness_baseline_days: int = Field(28, ge=7, le=365, description="days of the baseline")
    readiness_baseline_min_days: int = Field(
        7, ge=1, le=365, description="rated days needed for a baseline"
    )
    eccentric_add_s: int = Field(1, ge=1, le=5, description="practice: seconds added to lowering")
    default_tempo: str = Field("3-1-1-0", description="practice: tempo when none was prescribed")

    @model_validator(mode="after")
    def _zones_in_order(self) -> MonitorConfig:
        if not self.safe_max <= self.acceptable_max:
            raise ValueError("safe_max must not be above acceptable_max")
        if len(set(self.order)) != len(self.order):
            raise ValueError("each variable appears once in 'order'")
        return self

    def zone(self, rating: float) -> str:
        """'safe', 'acceptable' or 'too much' for a 0-10 pain rating."""
        if rating <= self.safe_max:
            return "safe"
        if rating <= self.acceptable_max:
            return "acceptable"
        return "too much"


DEFAULT_CONFIG = MonitorConfig()

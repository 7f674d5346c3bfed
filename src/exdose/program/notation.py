"""The compact dose notation: `3x8-12 @RIR2 rest 90s tempo 3-1-1-0` <-> `Dose`.

The grammar, the canonical printing rules and the validation limits are documented in
docs/notation.md; keep that page and this module in step.

The parser is a hand-written recursive descent over the original string with small anchored
regular expressions, so every error carries the exact 1-based column of the offending fragment.
Validation rules live in `_*_problem` functions shared by the parser (which turns a problem into a
`NotationError` at the right column) and by the pydantic validators (which guard `Dose` objects
built in code), so a dose that can be built can be printed and parsed back unchanged.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Final, Literal

from pydantic import BaseModel, ConfigDict, model_validator

from exdose.errors import NotationError
from exdose.units import LB_TO_KG

IntensityKind = Literal[
    "kg",
    "lb",
    "pct_1rm",
    "pct_e1rm",
    "rpe",
    "rir",
    "pct_hrmax",
    "pct_hrr",
    "bodyweight",
    "band",
    "pain",
]

# --- limits (sanity bounds, not physiology: they catch typos such as 300x8 or @RPE80) -----------
MAX_SETS: Final = 100
MAX_REPS: Final = 1000
MAX_SECONDS: Final = 86_400.0  # one day
MAX_DISTANCE_M: Final = 1_000_000.0  # 1000 km
MAX_BREATHS: Final = 100
MAX_APNOEA_S: Final = 600.0
MAX_KG: Final = 1000.0
MAX_LB: Final = 2500.0
MAX_DECIMALS: Final = 3  # times are kept to the millisecond, loads to the gram
MAX_NUMBER_CHARS: Final = 15  # longer digit strings are rejected before conversion
MAX_DOSE_CHARS: Final = 500  # real doses are under 100 characters; longer text is not a dose

# The international pound, exact by definition (International Yard and Pound Agreement, 1959).

# Bounds (inclusive) of each numeric intensity kind. %e1RM may exceed 100: an estimate of the 1RM
# can be below what the athlete lifts on the day. Supramaximal eccentric loads go in kg/lb.
INTENSITY_BOUNDS: Final[dict[str, tuple[float, float]]] = {
    "kg": (0.0, MAX_KG),  # lower bound exclusive (see _EXCLUSIVE_LOW)
    "lb": (0.0, MAX_LB),
    "pct_1rm": (1.0, 100.0),
    "pct_e1rm": (1.0, 110.0),
    "rpe": (1.0, 10.0),
    "rir": (0.0, 10.0),
    "pct_hrmax": (1.0, 100.0),
    "pct_hrr": (1.0, 100.0),
    "pain": (0.0, 10.0),  # the most pain allowed during the exercise, 0-10
}
_EXCLUSIVE_LOW: Final = frozenset({"kg", "lb"})

BAND_COLOURS: Final[tuple[str, ...]] = (
    "yellow",
    "red",
    "green",
    "blue",
    "black",
    "purple",
    "orange",
    "grey",
    "silver",
    "gold",
    "pink",
    "white",
    "brown",
    "light",
    "medium",
    "heavy",
)
_BAND_SPELLINGS: Final = {colour: colour for colour in BAND_COLOURS} | {"gray": "grey"}

INTENSITY_LABEL: Final[dict[str, str]] = {
    "kg": "kg",
    "lb": "lb",
    "pct_1rm": "%1RM",
    "pct_e1rm": "%e1RM",
    "rpe": "RPE",
    "rir": "RIR",
    "pct_hrmax": "%HRmax",
    "pct_hrr": "%HRR",
    "bodyweight": "bodyweight",
    "band": "band",
    "pain": "pain",
}
"""Each intensity kind as the notation writes it after '@' (and the sets table's `load_unit`)."""

NOTATION_EXAMPLES: Final[tuple[str, ...]] = (
    "3x8-12 @RIR2 rest 90s tempo 3-1-1-0",
    "5x5 @75%1RM rest 3min",
    "4x4min @85-95%HRmax rest 3min",
    "3x(3 breaths + 15s apnoea)",
    "2x10/side @RPE7",
    "3x30s hold",
    "3x8 @60kg @RIR2",
    "3x6 @135lb @RPE7-8",
    "1xAMRAP @bodyweight",
    "3x5+ @80%e1RM",
    "4x6 @bodyweight+10kg rest 2min",
    "2-3x15 @red band tempo 2-0-X-0",
    "5x400m @RPE8 rest 90s",
    "1x5km @60-70%HRR",
    "3x20-30s/side hold",
    "3x2min30s rest 1min",
    "3x(3 breaths + 10-15s apnoea) rest 1min",
    "3x15 eccentric @bodyweight @pain<=5",
    "3x10-12 @RPE6-7 rest 60-90s",
)

WORK_HINT: Final = (
    "after '<sets>x' comes the work of each set: reps (8, 8-12, 5+, AMRAP), "
    "time (30s, 20-30s, 4min, 1min30s), distance (400m, 2km) "
    "or a breathing cycle ((3 breaths + 15s apnoea))"
)
MODIFIER_HINT: Final = (
    "after the work can come, separated by spaces or commas: /side, hold, "
    "@intensity (@60kg, @75%1RM, @RPE8, @RIR2, @85-95%HRmax, @bodyweight, @red band), "
    "rest 90s or rest 60-90s, tempo 3-1-1-0, eccentric (eccentric-only: the other limb lifts)"
)
INTENSITY_HINT: Final = (
    "an intensity is one of @60kg, @135lb, @75%1RM, @80%e1RM, @RPE8, @RIR2, @70%HRmax, "
    "@60%HRR, @bodyweight, @bodyweight+10kg, @red band, @pain<=5 (ranges like @RPE7-8 allowed)"
)
SETS_HINT: Final = "a dose starts with the number of sets and 'x': 3x8, 2-3x10, 1x20min"
DURATION_HINT: Final = (
    "a time is a number with s, min or h: 30s, 4min, 1min30s, 1h; a range: 20-30s, 45s-1min30s"
)
TEMPO_HINT: Final = (
    "tempo has 4 parts (lowering-pause-lifting-pause), each whole seconds or X: "
    "tempo 3-1-1-0, tempo 2-0-X-0 (or compact: tempo 31X0)"
)
CYCLE_HINT: Final = (
    "a breathing cycle is written (3 breaths + 15s apnoea) or (3 breaths + 10-15s apnoea)"
)
_DURATION_HINTS: Final[dict[str, str]] = {
    "rest": "rest is a time with s, min or h, or a range: rest 90s, rest 2min30s, rest 60-90s",
    "apnoea": f"{CYCLE_HINT}; times take s, min or h",
}
BAND_HINT: Final = "band colours: " + ", ".join(BAND_COLOURS) + "; write e.g. @red band"

_INTENSITY_HINTS: Final[dict[str, str]] = {
    "kg": f"a load in kg is more than 0 and at most {MAX_KG:g}: @60kg, @60-65kg",
    "lb": f"a load in lb is more than 0 and at most {MAX_LB:g}: @135lb",
    "pct_1rm": "%1RM is 1-100: @75%1RM, @70-75%1RM (write supramaximal loads in kg)",
    "pct_e1rm": "%e1RM is 1-110: @80%e1RM",
    "rpe": "RPE is 1-10, half points allowed: @RPE8, @RPE7.5, @RPE7-8",
    "rir": "RIR is 0-10: @RIR2, @RIR1-2",
    "pct_hrmax": "%HRmax is 1-100: @70%HRmax, @85-95%HRmax",
    "pct_hrr": "%HRR is 1-100: @60%HRR",
    "bodyweight": f"added load is in kg, not 0, at most {MAX_KG:g}: @bodyweight+10kg, "
    "@bodyweight-20kg (assisted)",
    "band": BAND_HINT,
    "pain": "pain is the most pain allowed during the exercise, 0-10: @pain<=5, @pain<=3",
}


# --- shared validation ----------------------------------------------------------------------------


def _fmt_bound(value: float) -> str:
    return f"{value:g}"


def _range_problem(
    what: str,
    value: float,
    value_max: float | None,
    low: float,
    high: float,
    *,
    integer: bool = False,
    exclusive_low: bool = False,
) -> str | None:
    """Why `value` (and the top of its range) is not valid, or None when it is."""
    for number in (value, value_max):
        if number is None:
            continue
        if isinstance(number, bool) or not math.isfinite(number):
            return f"{what} must be a finite number"
        if integer and number != int(number):
            return f"{what} must be a whole number"
        if round(number, MAX_DECIMALS) != number:
            return f"{what} has more than {MAX_DECIMALS} decimals"
        too_low = number <= low if exclusive_low else number < low
        if too_low or number > high:
            if exclusive_low:
                return f"{what} must be more than {_fmt_bound(low)} and at most {_fmt_bound(high)}"
            return f"{what} must be between {_fmt_bound(low)} and {_fmt_bound(high)}"
    if value_max is not None and value_max <= value:
        return f"the top of the {what} range must be above its bottom"
    return None


def _intensity_problem(
    kind: str,
    value: float | None,
    value_max: float | None,
    band: str | None,
    added_kg: float | None,
) -> str | None:
    label = INTENSITY_LABEL.get(kind, kind)
    if kind == "bodyweight":
        if value is not None or value_max is not None or band is not None:
            return "bodyweight takes no value (use added_kg for extra load)"
        if added_kg is not None:
            if added_kg == 0:
                return "added load of 0 kg: write plain @bodyweight"
            return _range_problem(
                "added load", abs(added_kg), None, 0.0, MAX_KG, exclusive_low=True
            )
        return None
    if kind == "band":
        if value is not None or value_max is not None or added_kg is not None:
            return "a band takes only a colour"
        if band not in BAND_COLOURS:
            return f"unknown band colour {band!r}"
        return None
    if band is not None or added_kg is not None:
        return f"{label} takes a number only"
    if value is None:
        if value_max is not None:
            return f"{label} range without a bottom"
        return f"{label} needs a number"
    low, high = INTENSITY_BOUNDS[kind]
    return _range_problem(label, value, value_max, low, high, exclusive_low=kind in _EXCLUSIVE_LOW)


def _intensity_conflict(earlier: Iterable[Intensity], new: Intensity) -> str | None:
    """Why `new` cannot follow the `earlier` intensities of the same dose, or None."""
    clashes = {"rpe": "rir", "rir": "rpe", "kg": "lb", "lb": "kg"}
    for item in earlier:
        if item.kind == new.kind:
            return f"{INTENSITY_LABEL[new.kind]} is given twice"
        if clashes.get(item.kind) == new.kind:
            pair = f"{INTENSITY_LABEL[item.kind]} and {INTENSITY_LABEL[new.kind]}"
            return f"{pair} are both given: give one"
    return None


_TEMPO_RE: Final = re.compile(r"(?:[0-9]|[1-9][0-9]|X)(?:-(?:[0-9]|[1-9][0-9]|X)){3}")


# --- the model ------------------------------------------------------------------------------------


class Intensity(BaseModel):
    """One `@...` intensity of a dose: a load, an effort rating or a heart-rate zone."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: IntensityKind
    value: float | None = None
    value_max: float | None = None
    band: str | None = None
    added_kg: float | None = None

    @model_validator(mode="after")
    def _valid(self) -> Intensity:
        problem = _intensity_problem(
            self.kind, self.value, self.value_max, self.band, self.added_kg
        )
        if problem:
            raise ValueError(problem)
        return self


class Dose(BaseModel):
    """The dose of one exercise: sets x work per set, intensities, rest and tempo."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    sets: int
    sets_max: int | None = None
    reps: int | None = None
    reps_max: int | None = None
    amrap: bool = False
    seconds: float | None = None
    seconds_max: float | None = None
    hold: bool = False
    distance_m: float | None = None
    breaths: int | None = None
    apnoea_s: float | None = None
    apnoea_s_max: float | None = None
    per_side: bool = False
    intensity: tuple[Intensity, ...] = ()
    rest_s: float | None = None
    rest_s_max: float | None = None
    tempo: str | None = None
    eccentric: bool = False

    @model_validator(mode="after")
    def _valid(self) -> Dose:
        problem = _dose_problem(self)
        if problem:
            raise ValueError(problem)
        return self

    @property
    def rpe(self) -> float | None:
        """Planned effort as RPE: the RPE written, else 10 - RIR; else None."""
        for item in self.intensity:
            if item.kind == "rpe":
                return item.value
        for item in self.intensity:
            if item.kind == "rir" and item.value is not None:
                return 10.0 - item.value
        return None

    @property
    def rir(self) -> float | None:
        """Planned effort as reps in reserve: the RIR written, else 10 - RPE; else None."""
        for item in self.intensity:
            if item.kind == "rir":
                return item.value
        for item in self.intensity:
            if item.kind == "rpe" and item.value is not None:
                return 10.0 - item.value
        return None

    @property
    def pain_max(self) -> float | None:
        """The most pain allowed during the exercise (0-10) when the dose says `@pain<=N`."""
        for item in self.intensity:
            if item.kind == "pain":
                return item.value
        return None

    @property
    def added_kg(self) -> float | None:
        """Load added to body weight (`@bodyweight+5kg` gives 5, `-20kg` assisted gives -20)."""
        for item in self.intensity:
            if item.kind == "bodyweight":
                return item.added_kg
        return None

    @property
    def load_kg(self) -> float | None:
        """External load in kg when written in kg or lb (bottom of a range); else None."""
        for item in self.intensity:
            if item.kind == "kg":
                return item.value
            if item.kind == "lb" and item.value is not None:
                return item.value * LB_TO_KG
        return None

    @property
    def pct_1rm(self) -> float | None:
        """The %1RM written (bottom of a range), else None."""
        for item in self.intensity:
            if item.kind == "pct_1rm":
                return item.value
        return None

    @property
    def work_seconds_per_set(self) -> float | None:
        """Work time of one set in seconds (bottom of a range), when the notation gives it.

        A breathing cycle's length is not derivable from the notation alone (the breaths are not
        timed), so it gives None here; use `cycle_seconds` with a breath duration.
        """
        return self.seconds

    def cycle_seconds(self, seconds_per_breath: float) -> float | None:
        """Length of one breathing cycle (breaths x `seconds_per_breath` + apnoea), else None."""
        if self.breaths is None or self.apnoea_s is None:
            return None
        return self.breaths * seconds_per_breath + self.apnoea_s


def _dose_problem(dose: Dose) -> str | None:
    problem = _range_problem("sets", dose.sets, dose.sets_max, 1, MAX_SETS, integer=True)
    if problem:
        return problem
    kinds = [
        dose.reps is not None or dose.amrap or dose.reps_max is not None,
        dose.seconds is not None or dose.seconds_max is not None,
        dose.distance_m is not None,
        dose.breaths is not None or dose.apnoea_s is not None or dose.apnoea_s_max is not None,
    ]
    if sum(kinds) != 1:
        return (
            "a dose has exactly one kind of work per set: reps, time, distance or breathing cycle"
        )
    if dose.reps_max is not None and dose.reps is None:
        return "a rep range needs its bottom (reps)"
    if dose.reps is not None:
        problem = _range_problem("reps", dose.reps, dose.reps_max, 1, MAX_REPS, integer=True)
        if problem:
            return problem
    if dose.amrap and dose.reps_max is not None:
        return "AMRAP takes a minimum (5+), not a range"
    if dose.seconds_max is not None and dose.seconds is None:
        return "a time range needs its bottom (seconds)"
    if dose.seconds is not None:
        problem = _range_problem(
            "time", dose.seconds, dose.seconds_max, 0.0, MAX_SECONDS, exclusive_low=True
        )
        if problem:
            return problem
    if dose.hold and dose.seconds is None:
        return "hold needs a timed set, e.g. 3x30s hold"
    if dose.distance_m is not None:
        problem = _range_problem(
            "distance", dose.distance_m, None, 0.0, MAX_DISTANCE_M, exclusive_low=True
        )
        if problem:
            return problem
    if kinds[3]:
        if dose.breaths is None or dose.apnoea_s is None:
            return "a breathing cycle needs both breaths and apnoea time"
        problem = _range_problem("breaths", dose.breaths, None, 1, MAX_BREATHS, integer=True)
        problem = problem or _range_problem(
            "apnoea", dose.apnoea_s, dose.apnoea_s_max, 0.0, MAX_APNOEA_S, exclusive_low=True
        )
        if problem:
            return problem
    for index, item in enumerate(dose.intensity):
        problem = _intensity_conflict(dose.intensity[:index], item)
        if problem:
            return problem
    if dose.rest_s_max is not None and dose.rest_s is None:
        return "a rest range needs its bottom (rest_s)"
    if dose.rest_s is not None:
        problem = _range_problem("rest", dose.rest_s, dose.rest_s_max, 0.0, MAX_SECONDS)
        if problem:
            return problem
    if dose.eccentric and dose.hold:
        return "eccentric-only work is not an isometric hold: give one of them"
    if dose.tempo is not None and not _TEMPO_RE.fullmatch(dose.tempo):
        return f"tempo {dose.tempo!r} is not canonical (4 parts like 3-1-1-0 or 2-0-X-0)"
    return None


# --- printing -------------------------------------------------------------------------------------


def _num(value: float) -> str:
    """Shortest exact text of a validated number (at most 3 decimals, no exponent)."""
    if value == int(value):
        return str(int(value))
    return repr(float(value))


def format_duration(seconds: float) -> str:
    """Canonical text of a time: `45s`, `90s`, `4min`, `2min30s`, `7.5s`.

    Whole minutes print as minutes; other times under two minutes print as seconds (as coaches
    write rest: 90s); longer ones as minutes and seconds.
    """
    if seconds >= 60 and seconds == int(seconds):
        minutes, rest = divmod(int(seconds), 60)
        if rest == 0:
            return f"{minutes}min"
        if seconds >= 120:
            return f"{minutes}min{rest}s"
    return f"{_num(seconds)}s"


def _duration_range(low: float, high: float | None) -> str:
    if high is None:
        return format_duration(low)
    if high < 120:  # both ends in seconds, sharing the unit: 20-30s, 60-90s
        return f"{_num(low)}-{_num(high)}s"
    low_text, high_text = format_duration(low), format_duration(high)
    if low_text.endswith("min") and high_text.endswith("min"):
        return f"{low_text[:-3]}-{high_text}"
    return f"{low_text}-{high_text}"


def _number_range(value: float | None, value_max: float | None) -> str:
    text = _num(value) if value is not None else ""
    return f"{text}-{_num(value_max)}" if value_max is not None else text


def format_intensity(item: Intensity) -> str:
    """Canonical text of one intensity, with its `@`: `@75%1RM`, `@RPE7-8`, `@red band`."""
    numbers = _number_range(item.value, item.value_max)
    if item.kind in ("rpe", "rir"):
        return f"@{INTENSITY_LABEL[item.kind]}{numbers}"
    if item.kind == "bodyweight":
        if item.added_kg is None:
            return "@bodyweight"
        sign = "+" if item.added_kg > 0 else "-"
        return f"@bodyweight{sign}{_num(abs(item.added_kg))}kg"
    if item.kind == "band":
        return f"@{item.band} band"
    if item.kind == "pain":
        return f"@pain<={numbers}"
    return f"@{numbers}{INTENSITY_LABEL[item.kind]}"


def _format_work(dose: Dose) -> str:
    if dose.amrap:
        return "AMRAP" if dose.reps is None else f"{dose.reps}+"
    if dose.reps is not None:
        return _number_range(dose.reps, dose.reps_max)
    if dose.seconds is not None:
        return _duration_range(dose.seconds, dose.seconds_max)
    if dose.distance_m is not None:
        if dose.distance_m == int(dose.distance_m) and int(dose.distance_m) % 1000 == 0:
            return f"{int(dose.distance_m) // 1000}km"
        return f"{_num(dose.distance_m)}m"
    assert dose.breaths is not None and dose.apnoea_s is not None  # guaranteed by validation
    breaths = "breath" if dose.breaths == 1 else "breaths"
    apnoea = _duration_range(dose.apnoea_s, dose.apnoea_s_max)
    return f"({dose.breaths} {breaths} + {apnoea} apnoea)"


def format_dose(dose: Dose) -> str:
    """The canonical text of a dose; `parse_dose(format_dose(d)) == d` for every valid `Dose`."""
    parts = [_number_range(dose.sets, dose.sets_max) + "x" + _format_work(dose)]
    if dose.per_side:
        parts[0] += "/side"
    if dose.hold:
        parts.append("hold")
    if dose.eccentric:
        parts.append("eccentric")
    parts.extend(format_intensity(item) for item in dose.intensity)
    if dose.rest_s is not None:
        parts.append(f"rest {_duration_range(dose.rest_s, dose.rest_s_max)}")
    if dose.tempo is not None:
        parts.append(f"tempo {dose.tempo}")
    return " ".join(parts)


# --- parsing --------------------------------------------------------------------------------------

_FLAGS: Final = re.IGNORECASE | re.ASCII
_NUM: Final = r"[0-9]+(?:\.[0-9]+)?"
_TIME_UNIT: Final = r"(?:hours?|hrs?|h|minutes?|mins?|seconds?|secs?|s)(?![a-z])"
_DIST_UNIT: Final = r"(?:km|kilomet(?:er|re)s?|met(?:er|re)s?|m)(?![a-z])"

_RE_NUM: Final = re.compile(_NUM)
_RE_WS_NUM: Final = re.compile(r"\s*(" + _NUM + ")")
_RE_DASH_NUM: Final = re.compile(r"\s*-\s*(?=[0-9])")
_RE_X: Final = re.compile(r"\s*x\s*", _FLAGS)
_RE_TIME_UNIT: Final = re.compile(r"\s*(" + _TIME_UNIT + ")", _FLAGS)
_RE_DIST_UNIT: Final = re.compile(r"\s*(" + _DIST_UNIT + ")", _FLAGS)
_RE_TIME_AHEAD: Final = re.compile(
    r"(?:\s*" + _TIME_UNIT + r"|\s*-\s*" + _NUM + r"\s*" + _TIME_UNIT + ")", _FLAGS
)
_RE_DIST_AHEAD: Final = re.compile(
    r"(?:\s*" + _DIST_UNIT + r"|\s*-\s*" + _NUM + r"\s*" + _DIST_UNIT + ")", _FLAGS
)
_RE_COMPOUND_AHEAD: Final = re.compile(r"\s*" + _NUM + r"\s*" + _TIME_UNIT, _FLAGS)
_RE_AMRAP: Final = re.compile(r"amrap(?![a-z])", _FLAGS)
_RE_PLUS: Final = re.compile(r"\s*\+")
_RE_REPS_WORD: Final = re.compile(r"\s*reps?(?![a-z])", _FLAGS)
_RE_OPEN: Final = re.compile(r"\(\s*")
_RE_BREATHS: Final = re.compile(r"\s*breaths?(?![a-z])", _FLAGS)
_RE_CYCLE_PLUS: Final = re.compile(r"\s*\+\s*")
_RE_APNOEA: Final = re.compile(r"\s*apno?ea(?![a-z])", _FLAGS)
_RE_CLOSE: Final = re.compile(r"\s*\)")
_RE_REST: Final = re.compile(r"rest(?![a-z])\s*:?\s*", _FLAGS)
_RE_TEMPO: Final = re.compile(r"tempo(?![a-z])\s*:?\s*", _FLAGS)
_RE_TEMPO_VALUE: Final = re.compile(r"[0-9a-z]+(?:\s*-\s*[0-9a-z]+)*", _FLAGS)
_RE_SIDE: Final = re.compile(
    r"(?:/\s*(?:side|leg|arm|each)|(?:per|each)\s+(?:side|leg|arm))(?![a-z])", _FLAGS
)
_RE_HOLD: Final = re.compile(r"(?:hold|isometric)(?![a-z])", _FLAGS)
_RE_ECCENTRIC: Final = re.compile(r"eccentric(?:[\s-]+only)?(?![a-z])", _FLAGS)
_RE_PAIN: Final = re.compile(r"pain\s*(?:<=|\u2264)\s*", _FLAGS)
_RE_PAIN_WORD: Final = re.compile(r"pain(?![a-z])", _FLAGS)
_RE_BODYWEIGHT: Final = re.compile(r"(?:bodyweight|body\s+weight|bw)(?![a-z])", _FLAGS)
_RE_ADDED: Final = re.compile(r"\s*([+-])\s*(?=[0-9])")
_RE_KG: Final = re.compile(r"\s*(kgs?|lbs?)(?![a-z])", _FLAGS)
_RE_BAND_FIRST: Final = re.compile(r"band\s+([a-z]+)(?![a-z])", _FLAGS)
_RE_BAND_AFTER: Final = re.compile(r"([a-z]+)\s+band(?![a-z])", _FLAGS)
_RE_EFFORT_FIRST: Final = re.compile(r"(rpe|rir)(?![a-z])\s*", _FLAGS)
_RE_PCT_DASH: Final = re.compile(r"\s*%\s*-\s*(?=[0-9])")
_RE_UNIT_AFTER: Final = re.compile(
    r"\s*(?:(kgs?|lbs?|rpe|rir)(?![a-z])|%\s*(1rm|e1rm|hrmax|hrr)(?![a-z0-9]))", _FLAGS
)
_RE_PERCENT: Final = re.compile(r"\s*%")
_RE_LOOKS_LIKE_INTENSITY: Final = re.compile(
    r"(?:rpe|rir|bw|bodyweight)\s*[0-9+-]|pain\s*(?:<|\u2264)|[0-9.]+\s*(?:kgs?|lbs?|%)", _FLAGS
)

_TIME_FACTORS: Final[dict[str, float]] = {"h": 3600.0, "min": 60.0, "s": 1.0}
_PERCENT_KINDS: Final[dict[str, IntensityKind]] = {
    "1rm": "pct_1rm",
    "e1rm": "pct_e1rm",
    "hrmax": "pct_hrmax",
    "hrr": "pct_hrr",
}

# One-to-one character replacements (so columns do not move): typographic variants we accept.
_NORMALISE: Final = str.maketrans(
    {
        "\u00d7": "x",  # multiplication sign
        "\u2013": "-",  # en dash
        "\u2014": "-",  # em dash
        "\u2212": "-",  # minus sign
        "\u2010": "-",  # hyphen
        "\u2011": "-",  # non-breaking hyphen
        "\uff0b": "+",  # full-width plus
        **dict.fromkeys(
            "\t\n\v\f\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
            "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000",
            " ",
        ),
    }
)


def _time_unit(word: str) -> str:
    word = word.lower()
    if word.startswith("h"):
        return "h"
    if word.startswith("m"):
        return "min"
    return "s"


def _printable(text: str, limit: int = 60) -> str:
    shown = "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text[:limit])
    return shown + ("..." if len(text) > limit else "")


class _Parser:
    """Recursive descent over one dose string; `pos` is a 0-based index into it."""

    def __init__(self, text: str) -> None:
        self.original = text
        text = text[: MAX_DOSE_CHARS + 1]
        # Printable ASCII needs no normalising; skipping it saves time on every programme load.
        self.text = text if text.isascii() and text.isprintable() else text.translate(_NORMALISE)
        self.pos = 0

    # -- errors and small helpers --

    def error(
        self, problem: str, start: int, end: int | None = None, hint: str = ""
    ) -> NotationError:
        if end is None:
            end = start
            stop = min(len(self.text), start + 40)  # a fragment, not a megabyte of junk
            while end < stop and self.text[end] != " " and self.text[end] != ",":
                end += 1
            end = max(end, start + 1)
        fragment = self.original[start:end].strip() or self.original[start:end]
        where = f"'{_printable(fragment)}'" if start < len(self.text) else "the end"
        message = f"{problem}: {where} in dose '{_printable(self.original)}'"
        return NotationError(message, column=start + 1, hint=hint or None)

    def match(self, pattern: re.Pattern[str]) -> re.Match[str] | None:
        found = pattern.match(self.text, self.pos)
        if found:
            self.pos = found.end()
        return found

    def peek(self, pattern: re.Pattern[str]) -> bool:
        return pattern.match(self.text, self.pos) is not None

    def skip_space(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos] == " ":
            self.pos += 1

    def number(self, what: str, hint: str, *, integer: bool = False) -> tuple[float, int]:
        """Read a number after optional spaces; returns the value and its start index."""
        found = self.match(_RE_WS_NUM)
        if found is None:
            self.skip_space()
            raise self.error(f"expected {what}", self.pos, hint=hint)
        start, digits = found.start(1), found.group(1)
        if len(digits) > MAX_NUMBER_CHARS:
            raise self.error(f"{what} is too large", start, found.end(), hint)
        if integer and "." in digits:
            raise self.error(f"{what} must be a whole number", start, found.end(), hint)
        decimals = digits.partition(".")[2]
        if len(decimals) > MAX_DECIMALS:
            raise self.error(
                f"{what} has more than {MAX_DECIMALS} decimals", start, found.end(), hint
            )
        return (int(digits) if integer else float(digits)), start

    def check(self, problem: str | None, start: int, hint: str) -> None:
        if problem:
            raise self.error(problem, start, self.pos, hint)

    # -- grammar --

    def parse(self) -> Dose:
        if len(self.original) > MAX_DOSE_CHARS:
            raise NotationError(
                f"dose is longer than {MAX_DOSE_CHARS} characters: '{_printable(self.original)}'",
                column=MAX_DOSE_CHARS + 1,
                hint=f"a dose is one short line, e.g. {NOTATION_EXAMPLES[0]}",
            )
        self.skip_space()
        if self.pos >= len(self.text):
            raise self.error("empty dose", self.pos, hint=SETS_HINT)
        fields: dict[str, object] = {}
        start = self.pos
        sets, _ = self.number("the number of sets", SETS_HINT, integer=True)
        sets_max: float | None = None
        if self.match(_RE_DASH_NUM):
            sets_max, _ = self.number("the most sets", SETS_HINT, integer=True)
            if sets_max == sets:
                sets_max = None
        self.check(
            _range_problem("sets", sets, sets_max, 1, MAX_SETS, integer=True), start, SETS_HINT
        )
        fields["sets"] = int(sets)
        fields["sets_max"] = None if sets_max is None else int(sets_max)
        if not self.match(_RE_X):
            self.skip_space()
            raise self.error("expected 'x' after the number of sets", self.pos, hint=SETS_HINT)
        self.work(fields)
        self.modifiers(fields)
        # The parser built every field with its exact type and checked it with the same rules
        # as the validator, so construct without pydantic's second pass (a third of the time);
        # the whole-dose rules still run, so a gap in the parser cannot let a bad dose through.
        dose = Dose.model_construct(**fields)  # type: ignore[arg-type]
        problem = _dose_problem(dose)
        if problem:
            raise self.error(problem, 0, len(self.text), MODIFIER_HINT)
        return dose

    def work(self, fields: dict[str, object]) -> None:
        self.skip_space()
        start = self.pos
        if self.match(_RE_OPEN):
            self.cycle(fields, start)
            return
        if self.match(_RE_AMRAP):
            fields["amrap"] = True
            self.match(_RE_REPS_WORD)
            return
        if not _RE_NUM.match(self.text, self.pos):
            raise self.error("expected the work of each set", start, hint=WORK_HINT)
        after_number = _RE_NUM.match(self.text, self.pos)
        assert after_number is not None
        if _RE_TIME_AHEAD.match(self.text, after_number.end()):
            low, high = self.duration("time", allow_range=True)
            fields["seconds"], fields["seconds_max"] = low, high
            return
        if _RE_DIST_AHEAD.match(self.text, after_number.end()):
            self.distance(fields)
            return
        reps, _ = self.number("reps", WORK_HINT, integer=True)
        reps_max: float | None = None
        if self.match(_RE_DASH_NUM):
            reps_max, _ = self.number("the top of the rep range", WORK_HINT, integer=True)
            if reps_max == reps:
                reps_max = None
        elif self.match(_RE_PLUS):
            fields["amrap"] = True
        self.check(
            _range_problem("reps", reps, reps_max, 1, MAX_REPS, integer=True), start, WORK_HINT
        )
        if self.peek(_RE_PLUS):
            raise self.error("AMRAP takes a minimum (5+), not a range", start, hint=WORK_HINT)
        fields["reps"] = int(reps)
        fields["reps_max"] = None if reps_max is None else int(reps_max)
        self.match(_RE_REPS_WORD)

    def distance(self, fields: dict[str, object]) -> None:
        start = self.pos
        value, _ = self.number("a distance", WORK_HINT)
        if self.peek(_RE_DASH_NUM):
            raise self.error(
                "distance ranges are not supported", start, hint="write one distance: 400m, 2km"
            )
        unit = self.match(_RE_DIST_UNIT)
        assert unit is not None  # checked by the caller's look-ahead
        metres = round(value * (1000.0 if unit.group(1).lower().startswith("k") else 1.0), 3)
        problem = _range_problem("distance", metres, None, 0.0, MAX_DISTANCE_M, exclusive_low=True)
        self.check(problem, start, "a distance is more than 0 and at most 1000km: 400m, 2km")
        if self.peek(_RE_DASH_NUM):
            raise self.error(
                "distance ranges are not supported", start, hint="write one distance: 400m, 2km"
            )
        fields["distance_m"] = metres

    def single_duration(self, what: str) -> float:
        """A time with units, possibly compound (`1min30s`, `1h 15min`); returns seconds."""
        start = self.pos
        hint = _DURATION_HINTS.get(what, DURATION_HINT)
        total = 0.0
        previous = math.inf
        while True:
            value, number_start = self.number(what, hint)
            unit_match = self.match(_RE_TIME_UNIT)
            if unit_match is None:
                self.skip_space()
                raise self.error(f"{what} needs a unit", number_start, hint=hint)
            factor = _TIME_FACTORS[_time_unit(unit_match.group(1))]
            if factor >= previous:
                raise self.error(
                    "units of a time go from larger to smaller (1min30s)",
                    number_start,
                    self.pos,
                    hint,
                )
            previous = factor
            total += value * factor
            if not self.peek(_RE_COMPOUND_AHEAD):
                break
        if total > MAX_SECONDS * 10:  # before rounding, so huge products cannot misbehave
            raise self.error(f"{what} is too long", start, self.pos, hint)
        return round(total, MAX_DECIMALS)

    def duration(
        self, what: str, *, allow_range: bool, allow_zero: bool = False
    ) -> tuple[float, float | None]:
        """A time or (when allowed) a time range: `30s`, `20-30s`, `45s-1min30s`, `1-2min`."""
        self.skip_space()
        start = self.pos
        hint = _DURATION_HINTS.get(what, DURATION_HINT)
        high: float | None = None
        bare = _RE_NUM.match(self.text, self.pos)
        if bare and not _RE_TIME_UNIT.match(self.text, bare.end()):
            # A bare number is the bottom of a range sharing the top's unit: 20-30s.
            value, number_start = self.number(what, hint)
            if not allow_range and self.peek(_RE_DASH_NUM):
                raise self.error(f"{what} is one time, not a range", start, hint=hint)
            if not self.match(_RE_DASH_NUM):
                raise self.error(f"{what} needs a unit", number_start, self.pos, hint)
            top, top_start = self.number(what, hint)
            unit_match = self.match(_RE_TIME_UNIT)
            if unit_match is None:
                raise self.error(f"{what} needs a unit", top_start, hint=hint)
            if self.peek(_RE_COMPOUND_AHEAD):
                raise self.error(
                    "a range with one shared unit takes a single unit (20-30s); "
                    "write both ends in full for mixed units (45s-1min30s)",
                    start,
                    hint=hint,
                )
            factor = _TIME_FACTORS[_time_unit(unit_match.group(1))]
            low, high = round(value * factor, 3), round(top * factor, 3)
        else:
            low = self.single_duration(what)
            if self.peek(_RE_DASH_NUM):
                if not allow_range:
                    raise self.error(f"{what} is one time, not a range", start, hint=hint)
                self.match(_RE_DASH_NUM)
                high = self.single_duration(what)
        if high == low:
            high = None
        limit = MAX_APNOEA_S if what == "apnoea" else MAX_SECONDS
        problem = _range_problem(what, low, high, 0.0, limit, exclusive_low=not allow_zero)
        self.check(problem, start, hint)
        return low, high

    def cycle(self, fields: dict[str, object], start: int) -> None:
        breaths, breaths_start = self.number("the number of breaths", CYCLE_HINT, integer=True)
        self.check(
            _range_problem("breaths", breaths, None, 1, MAX_BREATHS, integer=True),
            breaths_start,
            CYCLE_HINT,
        )
        if not self.match(_RE_BREATHS):
            self.skip_space()
            raise self.error("expected 'breaths'", self.pos, hint=CYCLE_HINT)
        if not self.match(_RE_CYCLE_PLUS):
            self.skip_space()
            raise self.error("expected '+' and the apnoea time", self.pos, hint=CYCLE_HINT)
        low, high = self.duration("apnoea", allow_range=True)
        if not self.match(_RE_APNOEA):
            self.skip_space()
            raise self.error("expected 'apnoea'", self.pos, hint=CYCLE_HINT)
        if not self.match(_RE_CLOSE):
            self.skip_space()
            raise self.error("expected ')' to close the breathing cycle", self.pos, hint=CYCLE_HINT)
        fields["breaths"] = int(breaths)
        fields["apnoea_s"], fields["apnoea_s_max"] = low, high

    def modifiers(self, fields: dict[str, object]) -> None:
        intensities: list[Intensity] = []
        while True:
            while self.pos < len(self.text) and self.text[self.pos] in " ,":
                self.pos += 1
            if self.pos >= len(self.text):
                break
            start = self.pos
            if self.text[start] == "@":
                item = self.intensity()
                self.check(_intensity_conflict(intensities, item), start, INTENSITY_HINT)
                intensities.append(item)
            elif self.match(_RE_REST):
                if "rest_s" in fields:
                    raise self.error("rest is given twice", start, hint=MODIFIER_HINT)
                low, high = self.duration("rest", allow_range=True, allow_zero=True)
                fields["rest_s"], fields["rest_s_max"] = low, high
            elif self.match(_RE_TEMPO):
                if "tempo" in fields:
                    raise self.error("tempo is given twice", start, hint=MODIFIER_HINT)
                fields["tempo"] = self.tempo()
            elif self.match(_RE_SIDE):
                if fields.get("per_side"):
                    raise self.error("per side is given twice", start, self.pos, MODIFIER_HINT)
                fields["per_side"] = True
            elif self.match(_RE_ECCENTRIC):
                if fields.get("eccentric"):
                    raise self.error("eccentric is given twice", start, self.pos, MODIFIER_HINT)
                fields["eccentric"] = True
            elif self.match(_RE_HOLD):
                if fields.get("hold"):
                    raise self.error("hold is given twice", start, self.pos, MODIFIER_HINT)
                if fields.get("seconds") is None:
                    raise self.error(
                        "hold needs a timed set",
                        start,
                        self.pos,
                        "hold marks an isometric timed set: 3x30s hold, 2x20-30s/side hold",
                    )
                fields["hold"] = True
            elif self.peek(_RE_LOOKS_LIKE_INTENSITY):
                raise self.error(
                    "an intensity starts with '@'",
                    start,
                    hint=f"write '@' before it; {INTENSITY_HINT}",
                )
            else:
                hint = MODIFIER_HINT
                if self.text[start].isdigit() and self.text[start - 1] == ",":
                    hint = f"decimals take a point, not a comma (@RPE7.5); {MODIFIER_HINT}"
                raise self.error("unexpected text", start, hint=hint)
        fields["intensity"] = tuple(intensities)

    def intensity(self) -> Intensity:
        start = self.pos
        self.pos += 1  # the '@'
        self.skip_space()
        kind: IntensityKind
        value: float | None = None
        value_max: float | None = None
        band: str | None = None
        added: float | None = None
        if self.match(_RE_BODYWEIGHT):
            kind = "bodyweight"
            sign = self.match(_RE_ADDED)
            if sign:
                amount, amount_start = self.number("the added load", _INTENSITY_HINTS[kind])
                unit = self.match(_RE_KG)
                if unit is None or not unit.group(1).lower().startswith("k"):
                    raise self.error(
                        "added load on bodyweight is written in kg",
                        amount_start,
                        hint=_INTENSITY_HINTS[kind],
                    )
                added = -amount if sign.group(1) == "-" else amount
        elif found := (self.match(_RE_BAND_FIRST) or self.match(_RE_BAND_AFTER)):
            kind = "band"
            word = found.group(1).lower()
            band = _BAND_SPELLINGS.get(word)
            if band is None:
                raise self.error(f"unknown band colour {word!r}", start, self.pos, BAND_HINT)
        elif self.match(_RE_PAIN):
            kind = "pain"
            value, _ = self.number("the most pain allowed", _INTENSITY_HINTS["pain"])
            if self.peek(_RE_DASH_NUM):
                raise self.error(
                    "pain takes one upper limit, not a range", start, hint=_INTENSITY_HINTS["pain"]
                )
        elif self.match(_RE_PAIN_WORD):
            self.skip_space()
            raise self.error(
                "pain as intensity is written @pain<=N", start, self.pos, _INTENSITY_HINTS["pain"]
            )
        elif effort := self.match(_RE_EFFORT_FIRST):
            kind = "rpe" if effort.group(1).lower() == "rpe" else "rir"
            value, value_max = self.intensity_numbers(_INTENSITY_HINTS[kind])
        elif _RE_NUM.match(self.text, self.pos):
            value, value_max = self.intensity_numbers(INTENSITY_HINT)
            unit = self.match(_RE_UNIT_AFTER)
            if unit is None:
                if self.peek(_RE_PERCENT):
                    raise self.error(
                        "a percentage needs what it is of",
                        start,
                        hint="write %1RM, %e1RM, %HRmax or %HRR: @75%1RM, @70%HRmax",
                    )
                self.skip_space()
                hint = INTENSITY_HINT
                if (
                    self.text.startswith(",", self.pos)
                    and self.text[self.pos + 1 : self.pos + 2].isdigit()
                ):
                    hint = f"decimals take a point, not a comma (@RPE7.5); {hint}"
                raise self.error("expected the unit of the intensity", self.pos, hint=hint)
            if unit.group(2):
                kind = _PERCENT_KINDS[unit.group(2).lower()]
            else:
                word = unit.group(1).lower()
                kind = "kg" if word.startswith("k") else "lb" if word.startswith("l") else "rpe"
                if word == "rir":
                    kind = "rir"
        else:
            raise self.error("expected an intensity after '@'", start, hint=INTENSITY_HINT)
        problem = _intensity_problem(kind, value, value_max, band, added)
        self.check(problem, start, _INTENSITY_HINTS[kind])
        # Checked just above with the validator's own rule: skip pydantic's second pass.
        return Intensity.model_construct(
            kind=kind, value=value, value_max=value_max, band=band, added_kg=added
        )

    def intensity_numbers(self, hint: str) -> tuple[float, float | None]:
        value, _ = self.number("a number", hint)
        value_max: float | None = None
        if self.match(_RE_PCT_DASH) or self.match(_RE_DASH_NUM):
            value_max, _ = self.number("the top of the range", hint)
            if value_max == value:
                value_max = None
        return value, value_max

    def tempo(self) -> str:
        start = self.pos
        found = self.match(_RE_TEMPO_VALUE)
        if found is None:
            raise self.error("expected a tempo", start, hint=TEMPO_HINT)
        raw = re.sub(r"\s+", "", found.group(0)).upper()
        parts = list(raw) if "-" not in raw and len(raw) == 4 else raw.split("-")
        if len(parts) != 4 or not all(
            part == "X" or (part.isdigit() and len(part) <= 2) for part in parts
        ):
            raise self.error("a tempo has 4 parts", start, self.pos, TEMPO_HINT)
        return "-".join(part if part == "X" else str(int(part)) for part in parts)


@lru_cache(maxsize=8192)
def _parse_cached(text: str) -> Dose:
    return _Parser(text).parse()


def parse_dose(text: str) -> Dose:
    """Parse compact dose notation into a `Dose`; raises `NotationError` with column and hint."""
    if not isinstance(text, str):
        raise NotationError(
            f"a dose is written as text, not {type(text).__name__}",
            column=1,
            hint=f"e.g. {NOTATION_EXAMPLES[0]}",
        )
    return _parse_cached(text)

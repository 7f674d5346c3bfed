"""The programme model: every CERT and TIDieR detail has a field, so completeness is data.

Structure: phases (week ranges) -> sessions -> prescriptions (exercise + dose in compact notation
+ optional executable progression rule). Fields that a checklist lets you answer with "none"
accept the literal string "none" (an explicit answer, which counts as reported); a missing field
(null) is not reported.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from exdose.errors import NotationError
from exdose.program.kit import KitKind
from exdose.program.notation import NOTATION_EXAMPLES, Dose, format_dose, parse_dose

FORMAT_VERSION = 1
NONE: Literal["none"] = "none"
ExplicitNone = Literal["none"]


def _parse_dose_field(value: Any) -> Any:
    if isinstance(value, Dose):
        return value
    if not isinstance(value, str):
        raise PydanticCustomError(
            "dose_type", "a dose is written as text, e.g. {example}", {"example": "3x8-12 @RIR2"}
        )
    try:
        return parse_dose(value)
    except NotationError as error:
        raise PydanticCustomError(
            "dose_notation",
            "{message}",
            {"message": error.message, "hint": error.hint or "", "offset": error.column or 0},
        ) from None


DoseField = Annotated[
    Dose,
    BeforeValidator(_parse_dose_field),
    PlainSerializer(format_dose, return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "description": "Dose in exdose's compact notation (docs/notation.md).",
            "examples": list(NOTATION_EXAMPLES),
        }
    ),
]

_QUANTITY = re.compile(
    r"^\s*(?P<value>[+-]?\d+(?:\.\d+)?)\s*(?P<unit>kg|lbs?|%|reps?|sets?|s|sec|min)?\s*$",
    re.IGNORECASE,
)
QuantityUnit = Literal["kg", "lb", "%", "rep", "set", "s"]


class Quantity(BaseModel):
    """A number with a unit, written "2.5kg", "5%", "1 rep", "1 set", "5s"."""

    model_config = ConfigDict(frozen=True)

    value: float
    unit: QuantityUnit

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, data: Any) -> Any:
        if isinstance(data, (int, float)) and not isinstance(data, bool):
            raise PydanticCustomError(
                "quantity_unit", "give a unit with the number, e.g. '2.5kg', '1 rep', '5%'"
            )
        if not isinstance(data, str):
            return data
        match = _QUANTITY.match(data)
        if not match or not match["unit"]:
            raise PydanticCustomError(
                "quantity",
                "{text} is not a quantity; write a number with a unit: kg, lb, %, rep, set or s",
                {"text": repr(data)},
            )
        unit = match["unit"].lower()
        unit = {"lbs": "lb", "reps": "rep", "sets": "set", "sec": "s"}.get(unit, unit)
        value = float(match["value"])
        if unit == "min":
            unit, value = "s", value * 60
        return {"value": value, "unit": unit}

    def __str__(self) -> str:
        number = f"{self.value:g}"
        if self.unit in ("kg", "lb", "%", "s"):
            return f"{number}{self.unit}"
        return f"{number} {self.unit}{'' if self.value == 1 else 's'}"


QuantityField = Annotated[
    Quantity,
    PlainSerializer(str, return_type=str),
    WithJsonSchema({"type": "string", "examples": ["2.5kg", "5lb", "5%", "1 rep", "1 set", "5s"]}),
]


class Strict(BaseModel):
    """Base for file models: unknown keys are errors (typos must not vanish silently)."""

    model_config = ConfigDict(extra="forbid", frozen=False, populate_by_name=True)


# --- who, how, where -------------------------------------------------------------------------


class Provider(Strict):
    """Who delivers or supervises the exercise (CERT 2, TIDieR 5)."""

    role: str = Field(description="Profession or job title, e.g. 'physiotherapist'.")
    qualifications: str | None = Field(None, description="Degrees, registration, certifications.")
    experience: str | None = Field(
        None, description="Relevant experience, e.g. 'at least 2 years'."
    )
    training: str | None = Field(
        None, description="Specific training for delivering this programme, or 'none'."
    )


class Delivery(Strict):
    """Individual or group, supervision and mode of delivery (CERT 3, 4; TIDieR 6)."""

    format: Literal["individual", "group", "individual and group"]
    group_size: str | None = Field(None, description="E.g. '4-8 participants'.")
    supervision: Literal["supervised", "unsupervised", "partly supervised"]
    supervision_detail: str | None = Field(
        None, description="Ratio and manner of supervision, e.g. '1:1, every set observed'."
    )
    mode: list[Literal["face-to-face", "video", "telephone", "app", "internet", "printed"]] = Field(
        min_length=1
    )


class Setting(Strict):
    """Where the exercise happens (CERT 12, TIDieR 7)."""

    location: str
    infrastructure: str | None = None


class EquipmentItem(Strict):
    """A piece of exercise equipment named specifically (CERT 1)."""

    name: str
    specification: str | None = Field(None, description="Make, size, resistance, settings.")
    kind: KitKind | None = Field(
        None,
        description="Kind of kit, for rounding computed loads (guessed from the name if absent).",
    )
    increment: QuantityField | None = Field(
        None, description="Smallest load step the kit makes, e.g. '2.5kg' (kit rounding)."
    )
    loads: list[QuantityField] | None = Field(
        None, description="The fixed loads there are, e.g. a dumbbell rack ['2kg', '4kg', '6kg']."
    )

    @model_validator(mode="after")
    def _loads_are_loads(self) -> EquipmentItem:
        for q in [self.increment, *(self.loads or [])]:
            if q is not None and (q.unit not in ("kg", "lb") or q.value <= 0):
                raise PydanticCustomError(
                    "kit_load", "kit increments and loads are loads above 0 in kg or lb, e.g. 2.5kg"
                )
        return self


class Material(Strict):
    """A physical or informational material (TIDieR 3): handout, app, manual, video."""

    name: str
    description: str | None = None
    url: str | None = None
    audience: Literal["participant", "provider", "both"] = "participant"


class Adherence(Strict):
    """How adherence is measured and reported (CERT 5)."""

    measurement: str
    reporting: str | None = Field(None, description="How adherence is reported, e.g. '% attended'.")


class ProgressionPolicy(Strict):
    """The decision rule and the plan for progression in words (CERT 7a, 7b)."""

    rule: str | None = Field(None, description="When and how exercises are progressed.")
    plan: str | None = Field(None, description="How the programme changes over the weeks.")


class HomeProgramme(Strict):
    """A home component (CERT 9): what and how much."""

    description: str
    sessions_per_week: int | None = Field(None, ge=0, le=21)
    exercises: list[Prescription] = Field(default_factory=list)


class NonExercise(Strict):
    """A non-exercise component (CERT 10): education, advice, manual therapy..."""

    name: str
    description: str | None = None


class AdverseEvent(Strict):
    """An adverse event that occurred (after a study)."""

    type: str
    number: int = Field(ge=0)
    related: str | None = Field(None, description="Relation to exercise, action taken.")


class AdverseEvents(Strict):
    """How adverse events are monitored and, after delivery, which occurred (CERT 11)."""

    monitoring: str | None = Field(None, description="How events are recorded and classified.")
    occurred: list[AdverseEvent] | ExplicitNone | None = Field(
        None, description="After delivery: the events, or 'none'."
    )


class TailoringTrigger(Strict):
    """What a tailoring rule reacts to, for `exdose adjust` to judge (pain on the 0-10 scale)."""

    measure: (
        Literal["during", "after", "next_morning", "not_settled", "rising", "stiffness"] | None
    ) = Field(None, description="Which pain rating: during, after, next_morning, not_settled...")
    above: float | None = Field(None, ge=0, le=10, description="The rule holds above this rating.")
    region: str | None = Field(None, description="Body region of the pain, e.g. 'right knee'.")


class TailoringAction(Strict):
    """What a tailoring rule changes, for `exdose adjust` to apply."""

    variable: (
        Literal["technique", "volume", "effort", "load", "range_of_motion", "tempo", "frequency"]
        | None
    ) = Field(None, description="The dose variable the rule changes.")
    exercise: str | None = Field(None, description="The exercise (key) it is for; none: any.")


class TailoringRule(Strict):
    """A tailoring rule as data: when this holds, do that."""

    when: str
    then: str
    trigger: TailoringTrigger | None = Field(
        None, description="The condition as data (optional; `when` stays the words)."
    )
    action: TailoringAction | None = Field(
        None, description="The change as data (optional; `then` stays the words)."
    )


ReadinessMarker = Literal["sleep_hours", "sleep_quality", "stress", "fatigue", "soreness", "mood"]
"""The readiness self-reports a pain diary may carry (docs/monitor.md, "Readiness and recovery")."""


class ReadinessMonitoring(Strict):
    """How recovery is monitored: which self-reported markers, how often, and what is done."""

    markers: list[ReadinessMarker] = Field(
        min_length=1,
        description="The self-reports the person gives: sleep_hours, sleep_quality, stress, "
        "fatigue, soreness, mood (0-10 except sleep hours).",
    )
    frequency: Literal["daily", "weekly"] = Field(description="A daily check-in or a weekly one.")
    rule: str | None = Field(
        None,
        description="What is done when recovery is worse, in words, e.g. 'keep the load that "
        "week and work on sleep first'.",
    )

    @field_validator("markers")
    @classmethod
    def _markers_once(cls, value: list[str]) -> list[str]:
        twice = sorted({m for m in value if value.count(m) > 1})
        if twice:
            raise PydanticCustomError(
                "readiness_markers",
                "each marker once: {twice} is listed twice",
                {"twice": ", ".join(twice)},
            )
        return value


class Tailoring(Strict):
    """Generic or tailored, and how (CERT 14a, 14b; TIDieR 9)."""

    approach: Literal["generic", "tailored"]
    how: str | None = Field(None, description="What is adapted, based on what.")
    rules: list[TailoringRule] = Field(default_factory=list)
    readiness_monitoring: ReadinessMonitoring | None = Field(
        None, description="How recovery (sleep, stress, ...) is monitored for the tailoring."
    )

    @model_validator(mode="after")
    def _tailored_needs_how(self) -> Tailoring:
        if self.approach == "tailored" and not (self.how or self.rules):
            raise PydanticCustomError(
                "tailoring_how",
                "a tailored programme needs 'how' or 'rules' saying what is adapted",
            )
        return self


class StartingLevel(Strict):
    """The rule for each person's starting level (CERT 15)."""

    rule: str
    test: str | None = Field(None, description="Baseline test the rule uses, if any.")


class Delivered(Strict):
    """After delivery: how far the programme was delivered as planned (CERT 16b, TIDieR 12)."""

    summary: str
    sessions_planned: int | None = Field(None, ge=0)
    sessions_attended: int | None = Field(None, ge=0)
    sets_completed_pct: float | None = Field(None, ge=0, le=1000)


class Fidelity(Strict):
    """How fidelity is assessed and maintained, and, after delivery, what was delivered."""

    assessment: str = Field(description="How adherence/fidelity to the plan is assessed (16a).")
    assessed_by: str | None = None
    strategies: str | None = Field(None, description="How fidelity is maintained (TIDieR 11).")
    delivered: Delivered | None = None


class Modification(Strict):
    """A change to the programme during delivery (TIDieR 10)."""

    when: str = Field(description="Week or date, e.g. 'week 5' or '2026-03-02'.")
    what: str
    why: str
    how: str | None = None


# --- exercises and their dose ----------------------------------------------------------------


class ExerciseDef(Strict):
    """An exercise as the programme describes it (CERT 8): from the library or defined here."""

    name: str | None = Field(None, description="Display name; defaults to the library name.")
    display_name: str | None = Field(
        None,
        description="The name the patient sees in handouts (plain words); defaults to the "
        "library's patient-friendly name, then to 'name'.",
    )
    library: str | None = Field(
        None, description="Library id or name to take muscles and equipment from."
    )
    primary: list[str] | None = Field(None, description="Primary muscles (count 1.0 per set).")
    secondary: list[str] | None = Field(None, description="Secondary muscles (count 0.5 per set).")
    equipment: str | None = None
    kit: str | None = Field(
        None,
        description="The programme equipment entry (by name) or kind the load is made with; "
        "computed loads round to it.",
    )
    description: str | None = None
    starting_position: str | None = None
    cues: list[str] = Field(default_factory=list)
    range_of_motion: str | None = None
    media: list[str] = Field(default_factory=list, description="Links to images or videos.")
    regression: str | None = Field(None, description="An easier version if needed.")

    @model_validator(mode="after")
    def _needs_muscles_or_library(self) -> ExerciseDef:
        if self.library is None and not self.primary:
            raise PydanticCustomError(
                "exercise_muscles",
                "an exercise not taken from the library needs 'primary' muscles "
                "(and a description)",
            )
        return self


_EVERY = re.compile(r"^\s*(?:(\d+)\s*)?(week|session)s?\s*$", re.IGNORECASE)


def _every_text(value: Any) -> Any:
    """'week', 'session', '2 weeks', '3 sessions' (canonical); 1 week is 'week'."""
    if not isinstance(value, str):
        return value
    match = _EVERY.match(value)
    if not match:
        raise PydanticCustomError(
            "every",
            "every is 'week', 'session', 'N weeks' or 'N sessions' (e.g. '2 weeks'), not {value}",
            {"value": repr(value)},
        )
    count = int(match[1] or 1)
    if not 1 <= count <= 52:
        raise PydanticCustomError("every_count", "every N weeks or sessions takes N from 1 to 52")
    unit = match[2].lower()
    return unit if count == 1 else f"{count} {unit}s"


Every = Annotated[
    str,
    BeforeValidator(_every_text),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": "^(week|session|[0-9]+ (weeks|sessions))$",
            "examples": ["week", "session", "2 weeks", "3 sessions"],
        }
    ),
]


class _EveryMixin:
    every: str

    @property
    def every_unit(self) -> Literal["week", "session"]:
        """What a step counts: weeks or sessions."""
        return "session" if self.every.endswith(("session", "sessions")) else "week"

    @property
    def every_n(self) -> int:
        """How many weeks or sessions make one step (1 unless 'every: 2 weeks')."""
        head = self.every.split(" ")[0]
        return int(head) if head.isdigit() else 1


class Linear(_EveryMixin, Strict):
    """Add a fixed increment every week or every session."""

    type: Literal["linear"]
    start: QuantityField | None = Field(None, description="Starting load, e.g. '40kg'.")
    increment: QuantityField
    every: Every = Field("week", description="'week', 'session', 'N weeks' or 'N sessions'.")
    max: QuantityField | None = None


class Double(_EveryMixin, Strict):
    """Double progression: reps climb to the top of the range, then load rises and reps reset."""

    type: Literal["double"]
    start: QuantityField | None = None
    increment: QuantityField = Field(description="Load added when all sets reach the top.")
    reps_step: int = Field(1, ge=1, le=10, description="Planned reps gained per step.")
    every: Every = Field("week", description="'week', 'session', 'N weeks' or 'N sessions'.")


class PercentWave(Strict):
    """%1RM waves from a stated 1RM: a repeating pattern of weekly doses, stepped up each wave."""

    type: Literal["percent_wave"]
    one_rm: QuantityField
    pattern: list[DoseField] = Field(min_length=1)
    step: float = Field(0.0, ge=-20, le=20, description="%1RM added per completed wave.")
    round_to: QuantityField | None = Field(None, description="Round loads, e.g. '2.5kg'.")


class RpeTargets(Strict):
    """Autoregulation: weekly RPE or RIR targets; load follows the person's reported effort."""

    type: Literal["rpe"]
    rpe: list[float] | None = Field(None, description="Weekly RPE targets; the last one holds.")
    rir: list[float] | None = Field(None, description="Weekly RIR targets; the last one holds.")
    adjust_pct_per_rpe: float = Field(
        3.0,
        ge=0,
        le=10,
        description="Load change per RPE point off target (practice heuristic, about 3%).",
    )

    @model_validator(mode="after")
    def _one_scale(self) -> RpeTargets:
        if (self.rpe is None) == (self.rir is None):
            raise PydanticCustomError("rpe_targets", "give either 'rpe' or 'rir' targets")
        targets = self.rpe if self.rpe is not None else self.rir
        if not targets or any(not 0 <= t <= 10 for t in targets):
            raise PydanticCustomError("rpe_range", "targets must be between 0 and 10")
        return self


class Level(Strict):
    """One level of a level-based progression."""

    name: str
    dose: DoseField
    exercise: str | None = Field(None, description="A harder variant for this level, if any.")
    note: str | None = None


class Levels(Strict):
    """Level-based progression (e.g. hypopressive levels): move up every N weeks."""

    type: Literal["level"]
    levels: list[Level] = Field(min_length=1)
    weeks_per_level: int = Field(ge=1, le=52)
    advance_when: str | None = Field(None, description="Criterion to move up, in words.")


ProgressionRule = Annotated[
    Linear | Double | PercentWave | RpeTargets | Levels, Field(discriminator="type")
]


class Prescription(Strict):
    """One exercise in a session: what, how much, how it progresses."""

    exercise: str = Field(description="Key in 'exercises' or a library exercise name/id.")
    dose: DoseField
    progression: ProgressionRule | None = None
    superset: str | None = Field(None, description="Exercises with the same label alternate.")
    notes: str | None = None

    def states_intensity(self) -> bool:
        """Whether the prescription says how hard: an intensity in its dose, or a progression
        rule that sets one (a %1RM wave, RPE/RIR targets, levels). Checking (CERT 8) and the
        methods text ("no intensity was given for ...") both ask this."""
        return bool(self.dose.intensity) or isinstance(
            self.progression, (PercentWave, RpeTargets, Levels)
        )


WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
SessionPlace = Literal["clinic", "home", "tele-rehab"]


def _days_value(value: Any) -> Any:
    """'daily' / 'every day' -> the seven days; weekday names in any case or 3-letter short."""
    if isinstance(value, str):
        if value.strip().lower() in ("daily", "every day", "everyday"):
            return list(WEEKDAY_NAMES)
        value = [part for part in re.split(r"[,\s]+", value) if part]
    if not isinstance(value, list):
        return value
    days: list[str] = []
    for item in value:
        text = str(item).strip().lower()
        found = [d for d in WEEKDAY_NAMES if d.lower() == text or d.lower()[:3] == text[:3]]
        if not found or (len(text) > 3 and not found[0].lower().startswith(text)):
            raise PydanticCustomError(
                "weekday",
                "{day} is not a weekday; write 'daily' or days such as [Monday, Thursday]",
                {"day": repr(item)},
            )
        if found[0] in days:
            raise PydanticCustomError("weekday_twice", "{day} is listed twice", {"day": found[0]})
        days.append(found[0])
    return sorted(days, key=WEEKDAY_NAMES.index)


class Session(Strict):
    """A training session."""

    name: str
    day: str | None = Field(None, description="Usual day, e.g. 'Monday'.")
    days: Annotated[list[str], BeforeValidator(_days_value)] | None = Field(
        None,
        description="The session is done on each of these days: 'daily' or a weekday list "
        "([Monday, Thursday]); instead of 'day'.",
    )
    per_day: int = Field(1, ge=1, le=6, description="Times a day the session is done.")
    where: SessionPlace | None = Field(
        None, description="Where this session happens: clinic (supervised), home, tele-rehab."
    )
    supervised: bool | None = Field(
        None, description="Supervised or not; defaults from 'where' (clinic, tele-rehab: yes)."
    )
    minutes: float | None = Field(None, gt=0, le=600)
    warm_up: str | None = None
    cool_down: str | None = None
    exercises: list[Prescription] = Field(min_length=1)

    @model_validator(mode="after")
    def _day_or_days(self) -> Session:
        if self.day is not None and self.days is not None:
            raise PydanticCustomError(
                "day_and_days", "give 'day' (one day) or 'days' (several), not both"
            )
        return self

    @property
    def per_week(self) -> int:
        """How many times a week the session is done: days x per_day."""
        return (len(self.days) if self.days else 1) * self.per_day

    @property
    def is_supervised(self) -> bool | None:
        """Supervised: as written, else from `where` (clinic and tele-rehab yes, home no)."""
        if self.supervised is not None:
            return self.supervised
        if self.where is None:
            return None
        return self.where != "home"


_WEEKS = re.compile(r"^\s*(\d+)\s*(?:-\s*(\d+))?\s*$")


class Phase(Strict):
    """A block of weeks with the same sessions."""

    name: str
    weeks: str = Field(description="Week range, e.g. '1-4' or '5'.")
    goal: str | None = None
    sessions: list[Session] = Field(min_length=1)

    @field_validator("weeks", mode="before")
    @classmethod
    def _weeks_text(cls, value: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)  # `weeks: 5` is `weeks: '5'`: the same range check applies
        if isinstance(value, str):
            match = _WEEKS.match(value)
            if not match:
                raise PydanticCustomError(
                    "weeks", "weeks are written '1-4' or '5', not {value}", {"value": repr(value)}
                )
            first, last = int(match[1]), int(match[2] or match[1])
            if not 1 <= first <= last <= 520:
                raise PydanticCustomError(
                    "weeks_order", "week range must run forward from week 1 (at most 520 weeks)"
                )
            return f"{first}-{last}" if last != first else str(first)
        return value

    @property
    def first_week(self) -> int:
        """The first programme week of the phase."""
        return int(self.weeks.split("-")[0])

    @property
    def last_week(self) -> int:
        """The last programme week of the phase."""
        return int(self.weeks.split("-")[-1])


class Deload(Strict):
    """Planned deload weeks: volume and effort reduced, exercises and frequency kept."""

    weeks: list[int] = Field(min_length=1)
    sets_factor: float = Field(0.5, gt=0, le=1, description="Sets multiplied by this.")
    load_factor: float = Field(0.9, gt=0, le=1, description="Loads multiplied by this.")
    rir_add: float = Field(2.0, ge=0, le=5, description="Reps in reserve added (RPE lowered).")


# --- the programme ---------------------------------------------------------------------------


class Program(Strict):
    """An exercise programme, complete enough to be checked, rendered, expanded and monitored."""

    exdose: Literal[1] = Field(description="File format version.")
    name: str = Field(min_length=1, description="Brief name (TIDieR 1).")
    summary: str | None = None
    rationale: str | None = Field(None, description="Why: rationale, theory, goal (TIDieR 2).")
    goal: str | None = None
    population: str | None = Field(None, description="Who it is for.")
    authors: list[str] = Field(default_factory=list)
    start_date: dt.date | None = Field(None, description="Planned first day (a Monday is usual).")
    body_mass: QuantityField | None = Field(
        None,
        description="The person's body mass, e.g. '70kg': volume load of body-weight work "
        "counts it (docs/load.md).",
    )
    provider: Provider | ExplicitNone | None = Field(
        None, description="Who delivers it; 'none' for a self-delivered programme."
    )
    delivery: Delivery | None = None
    setting: Setting | None = None
    equipment: list[EquipmentItem] | ExplicitNone | None = None
    materials: list[Material] | ExplicitNone | None = None
    motivation: list[str] | ExplicitNone | None = Field(
        None, description="Motivation strategies (CERT 6), or 'none'."
    )
    adherence: Adherence | None = None
    progression: ProgressionPolicy | None = None
    home_programme: HomeProgramme | ExplicitNone | None = None
    non_exercise: list[NonExercise] | ExplicitNone | None = None
    adverse_events: AdverseEvents | None = None
    tailoring: Tailoring | None = None
    starting_level: StartingLevel | None = None
    fidelity: Fidelity | None = None
    modifications: list[Modification] | ExplicitNone | None = Field(
        None, description="Changes during delivery (TIDieR 10), or 'none'."
    )
    exercises: dict[str, ExerciseDef] = Field(default_factory=dict)
    phases: list[Phase] = Field(min_length=1)
    deload: Deload | None = None
    kit_rounding: bool = Field(
        False,
        description="Round computed loads (deloads, % increments, waves) to the equipment's "
        "steps (docs/program-format.md, 'Kit rounding').",
    )

    @field_validator("body_mass")
    @classmethod
    def _body_mass_is_a_mass(cls, value: Quantity | None) -> Quantity | None:
        if value is not None and (value.unit not in ("kg", "lb") or value.value <= 0):
            raise PydanticCustomError(
                "body_mass", "body mass is a mass above 0 in kg or lb, e.g. '70kg'"
            )
        return value

    @property
    def weeks(self) -> int:
        """Programme length in weeks."""
        return max(phase.last_week for phase in self.phases)

    def phase_for_week(self, week: int) -> Phase | None:
        """The phase that covers this programme week."""
        for phase in self.phases:
            if phase.first_week <= week <= phase.last_week:
                return phase
        return None

    def all_prescriptions(self) -> list[tuple[tuple[str | int, ...], Prescription]]:
        """Every prescription with its path in the file (for error positions)."""
        found: list[tuple[tuple[str | int, ...], Prescription]] = []
        for p, phase in enumerate(self.phases):
            for s, session in enumerate(phase.sessions):
                for e, item in enumerate(session.exercises):
                    found.append((("phases", p, "sessions", s, "exercises", e), item))
        if isinstance(self.home_programme, HomeProgramme):
            for e, item in enumerate(self.home_programme.exercises):
                found.append((("home_programme", "exercises", e), item))
        return found


HomeProgramme.model_rebuild()

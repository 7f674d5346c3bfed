"""Kit rounding: a computed load becomes a load the equipment can make.

A deload (x 0.9), a percentage wave or an adjustment computes loads such as 61.54 kg or 3.6 kg
that no barbell, dumbbell rack or weight stack can make. `round_to_kit` rounds such a load to the
nearest load the kit makes, half-way values upwards, never below the smallest load of the kit
(so a load above 0 never rounds to nothing).

What the kit makes comes, in this order, from the equipment entry in the programme (`loads`: the
fixed loads there are, e.g. a dumbbell rack; `increment`: the step, e.g. `2.5kg` for a barbell
with 1.25 kg plates), else from the default of its kind (docs/program-format.md, "Kit rounding"):

| kind | default loads (kg) |
|---|---|
| barbell, e-z bar, plates | multiples of 2.5 |
| dumbbell | 1-10 in 1 kg steps, 12-30 in 2 kg steps, then 2.5 kg steps (32.5, 35, ...) |
| machine (weight stack) | multiples of 5 |
| cable | multiples of 2.5 |
| kettlebell | multiples of 4 (4, 8, 12, 16, ...) |
| medicine ball | multiples of 1 |
| backpack, weight vest, body weight, other or unknown | multiples of 0.5 |
| band | not a load in kg: left as it is |

Loads in pounds use 5 lb steps for barbells, dumbbells, cables and plates, 10 lb for machines,
and 1 lb otherwise (or the entry's own `increment` in lb).
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, Final, Literal

from exdose.units import LB_TO_KG

if TYPE_CHECKING:
    from exdose.exercises import ExerciseLibrary
    from exdose.program.model import EquipmentItem, Program

KitKind = Literal[
    "barbell",
    "dumbbell",
    "machine",
    "cable",
    "kettlebell",
    "plates",
    "medicine ball",
    "backpack",
    "weight vest",
    "bodyweight",
    "band",
    "other",
]
"""The kinds of equipment with a default rounding (an equipment entry's `kind`)."""

DEFAULT_STEP_KG: Final[dict[str, float]] = {
    "barbell": 2.5,
    "plates": 2.5,
    "machine": 5.0,
    "cable": 2.5,
    "kettlebell": 4.0,
    "medicine ball": 1.0,
    "backpack": 0.5,
    "weight vest": 0.5,
    "bodyweight": 0.5,
    "other": 0.5,
}
"""Default step in kg of each kind with evenly spaced loads (dumbbells have a ladder)."""

DEFAULT_STEP_LB: Final[dict[str, float]] = {
    "barbell": 5.0,
    "plates": 5.0,
    "dumbbell": 5.0,
    "cable": 5.0,
    "machine": 10.0,
}
"""Default step in lb; kinds not listed use 1 lb."""

# Words in an equipment name, specification or library equipment field, and the kind they mean.
# Checked in order: "dumbbell bench" is a dumbbell, "barbell pad" a barbell, "leg press machine"
# a machine.
_KIND_WORDS: Final[tuple[tuple[str, str], ...]] = (
    (r"\bbands?\b|\belastic|\btheraband|\btubing\b", "band"),
    (r"\bdumb-?bells?\b|\bdb\b", "dumbbell"),
    (r"\bkettle-?bells?\b|\bkb\b", "kettlebell"),
    (r"\bbar-?bells?\b|\be-?z\b|\bcurl bar\b|\btrap bar\b|\bhex bar\b", "barbell"),
    (r"\bcable|\bpulley", "cable"),
    (r"\bmachine|\bweight stack|\bstack\b|\bleg press\b|\bsled\b", "machine"),
    (r"\bplates?\b", "plates"),
    (r"\bmedicine ball|\bmed ball|\bslam ball", "medicine ball"),
    # A sandbag rounds as "other" (the same 0.5 kg steps), so the handout never calls it a backpack.
    (r"\bback-?pack|\brucksack", "backpack"),
    (r"\bvest\b", "weight vest"),
    (
        r"\bbody ?only\b|\bbody ?weight|\bbodyweight|\bmat\b|\bstep\b|\bbox\b|\bbench\b",
        "bodyweight",
    ),
)


def kit_kind(text: str | None) -> str:
    """The kind of equipment a name or library equipment field describes ("other" if unsure)."""
    if not text:
        return "other"
    lowered = text.lower()
    for pattern, kind in _KIND_WORDS:
        if re.search(pattern, lowered):
            return kind
    return "other"


def dumbbell_loads_kg(up_to: float = 100.0) -> list[float]:
    """The default dumbbell rack in kg: 1-10 by 1, 12-30 by 2, then 32.5, 35, ... by 2.5."""
    loads = [float(k) for k in range(1, 11)] + [float(k) for k in range(12, 31, 2)]
    value = 32.5
    while value <= up_to + 2.5:
        loads.append(value)
        value += 2.5
    return loads


def _half_up(value: float, step: float) -> float:
    """The multiple of `step` nearest to `value`, half-way values upwards, at least one step."""
    steps = max(1, math.floor(value / step + 0.5 + 1e-9))
    return round(steps * step, 6)


def _nearest(value: float, loads: list[float]) -> float:
    """The nearest of `loads` (sorted), half-way values to the heavier one."""
    best = loads[0]
    for load in loads:
        if abs(load - value) <= abs(best - value) + 1e-9:
            best = load
        if load > value:
            break
    return best


def _entry_kind(item: EquipmentItem) -> str:
    if item.kind is not None:
        return item.kind
    return kit_kind(f"{item.name} {item.specification or ''}")


def round_load(value: float, unit: str, equipment: EquipmentItem | str | None) -> float:
    """Round a load in its own unit ("kg" or "lb") to what `equipment` can make.

    `equipment` is a programme equipment entry (its `loads`, `increment` and `kind` are used),
    the equipment text of an exercise or the library ("dumbbell", "body only"), or None (an
    unknown kit: 0.5 kg or 1 lb steps). A load of 0 or below is returned unchanged, as is a load
    on a band (a band has no load in kg).
    """
    if value <= 0 or not math.isfinite(value):
        return value
    item = None if equipment is None or isinstance(equipment, str) else equipment
    kind = _entry_kind(item) if item is not None else kit_kind(equipment)  # type: ignore[arg-type]
    if kind == "band":
        return value
    if item is not None and item.loads:
        converted = (_in_unit(q.value, q.unit, unit) for q in item.loads)
        loads = sorted(load for load in converted if load is not None)
        if loads:
            return round(_nearest(value, loads), 3)
    if item is not None and item.increment is not None:
        step = _in_unit(item.increment.value, item.increment.unit, unit)
        if step:
            return _half_up(value, step)
    if unit == "lb":
        return _half_up(value, DEFAULT_STEP_LB.get(kind, 1.0))
    if kind == "dumbbell":
        return _nearest(value, dumbbell_loads_kg(value))
    return _half_up(value, DEFAULT_STEP_KG.get(kind, 0.5))


def round_to_kit(load_kg: float, equipment: EquipmentItem | str | None) -> float:
    """Round a load in kg to the nearest load `equipment` can make (see `round_load`)."""
    return round_load(load_kg, "kg", equipment)


def _in_unit(value: float, unit: str, target: str) -> float | None:
    if unit == target:
        return value
    if unit == "kg" and target == "lb":
        return value / LB_TO_KG
    if unit == "lb" and target == "kg":
        return value * LB_TO_KG
    return None


def kit_for(
    program: Program, library: ExerciseLibrary, exercise: str
) -> EquipmentItem | str | None:
    """The kit an exercise is loaded with: a programme equipment entry, else its equipment text.

    The exercise's own `equipment` text (in `exercises:`) is matched to the programme's
    `equipment` entries by name (either containing the other, any case); a matching entry that
    states its `kind`, `increment` or `loads` wins, then an entry stating an `increment` or
    `loads` for the same kind as the text. Otherwise the text itself says the kind, and without
    text the library's equipment field does. `kit:` on the exercise replaces its equipment text.
    """
    own = program.exercises.get(exercise)
    text = own.equipment if own is not None else None
    if own is not None and own.kit is not None:
        text = own.kit
    if text is None:
        source = library.get(own.library) if own is not None and own.library else None
        source = source or library.get(exercise)
        text = source.equipment if source is not None else None
    # `equipment: none` is the string "none": no entries
    entries = [] if isinstance(program.equipment, str) else list(program.equipment or [])
    if text:
        lowered = text.lower()
        named = [e for e in entries if e.name.lower() in lowered or lowered in e.name.lower()]
        for entry in named:
            if entry.kind is not None or entry.increment is not None or entry.loads:
                return entry
        kind = kit_kind(text)
        for entry in entries:
            stated = entry.increment is not None or bool(entry.loads)
            if stated and _entry_kind(entry) == kind and kind != "other":
                return entry
        return text
    return None


CARRIERS: Final[dict[str, str]] = {
    "backpack": "backpack",
    "weight vest": "weight vest",
    "dumbbell": "dumbbells",
    "kettlebell": "kettlebell",
    "plates": "weight plate",
    "medicine ball": "medicine ball",
}
"""The kinds of kit that carry a load added to body weight, and the carrier's name in English."""


def load_carrier(kit: EquipmentItem | str | None) -> str | None:
    """What a load added to body weight is carried in or held as (a key of `CARRIERS`: "backpack",
    "weight vest", "dumbbell", ...), from the exercise's kit (`kit_for`); None when the kit does
    not say (no kit, body weight, a step, a machine, or a kit exdose does not know)."""
    if kit is None:
        return None
    kind = kit_kind(kit) if isinstance(kit, str) else _entry_kind(kit)
    return kind if kind in CARRIERS else None


def added_load_words(added_kg: float | None, kit: EquipmentItem | str | None) -> str:
    """Body weight with its added load in words: "body weight + 5 kg backpack".

    The carrier comes from the exercise's kit (a backpack, weight vest, dumbbells...); an
    assisted load (negative) reads "body weight - 20 kg assistance"; no added load, "body weight".
    """
    if not added_kg:
        return "body weight"
    amount = f"{abs(added_kg):g} kg"
    if added_kg < 0:
        return f"body weight - {amount} assistance"
    carrier = load_carrier(kit)
    return f"body weight + {amount} {CARRIERS[carrier]}" if carrier else f"body weight + {amount}"

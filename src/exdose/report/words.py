"""Programme facts in English words: doses, intensities, rest, progression quantities.

Shared by the methods text and the figures; nothing here knows about documents or formats.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from exdose.program.model import Quantity
from exdose.program.notation import Dose, Intensity


@dataclass(frozen=True)
class Voice:
    """Past tense for a report of what was done, future tense for a protocol."""

    past: bool

    def __call__(self, past: str, future: str) -> str:
        """Pick the phrase for this voice."""
        return past if self.past else future


def number(value: float) -> str:
    """A number without a trailing .0."""
    return f"{value:g}"


def seconds_words(value: float) -> str:
    """90 -> '90 s', 120 -> '2 min', 150 -> '2 min 30 s', 3600 -> '60 min'."""
    if value < 120 and value % 60:
        return f"{number(value)} s"
    minutes, rest = divmod(value, 60)
    return f"{number(minutes)} min" + (f" {number(rest)} s" if rest else "")


def _span(low: float | None, high: float | None, unit: str = "") -> str:
    if low is None:
        return ""
    text = number(low) if high is None or high == low else f"{number(low)}-{number(high)}"
    return f"{text}{unit}"


def intensity_words(item: Intensity) -> str:
    """One intensity in words, e.g. 'at 75% of 1RM', 'with 2 repetitions in reserve'."""
    span = _span(item.value, item.value_max)
    if item.kind == "kg":
        return f"at {span} kg"
    if item.kind == "lb":
        return f"at {span} lb"
    if item.kind == "pct_1rm":
        return f"at {span}% of 1RM (one-repetition maximum)"
    if item.kind == "pct_e1rm":
        return f"at {span}% of the estimated 1RM"
    if item.kind == "rpe":
        return f"at RPE {span} (rating of perceived exertion, 0-10)"
    if item.kind == "rir":
        low = 10 - (item.value_max if item.value_max is not None else item.value or 0)
        high = 10 - (item.value or 0)
        reps = "repetition" if item.value == 1 and item.value_max is None else "repetitions"
        return f"with {span} {reps} in reserve (RIR {span}, about RPE {_span(low, high)})"
    if item.kind == "pct_hrmax":
        return f"at {span}% of maximal heart rate"
    if item.kind == "pct_hrr":
        return f"at {span}% of heart-rate reserve"
    if item.kind == "bodyweight":
        if item.added_kg is None:
            return "with body weight"
        if item.added_kg > 0:
            return f"with body weight plus {number(item.added_kg)} kg"
        return f"with body weight, assisted by {number(-item.added_kg)} kg"
    if item.kind == "pain":
        return f"with pain allowed up to {span}/10 (0-10 scale)"
    return f"with a {item.band} resistance band"


def work_words(dose: Dose) -> str:
    """What one set is, e.g. '8-12 repetitions', 'holds of 30 s', '3 breaths then a 15 s apnoea'."""
    if dose.breaths is not None or dose.apnoea_s is not None:
        apnoea = _span(dose.apnoea_s, dose.apnoea_s_max, " s")
        breaths = f"{dose.breaths} breaths" if dose.breaths is not None else "breathing"
        return f"breathing cycles of {breaths} followed by a {apnoea} apnoea (breath hold)"
    if dose.reps is not None or dose.amrap:
        if dose.amrap and dose.reps is not None:
            return f"at least {dose.reps} repetitions (as many as possible)"
        if dose.amrap:
            return "as many repetitions as possible"
        return f"{_span(dose.reps, dose.reps_max)} repetitions"
    if dose.seconds is not None:
        low = seconds_words(dose.seconds)
        text = low if dose.seconds_max is None else f"{low} to {seconds_words(dose.seconds_max)}"
        return f"holds of {text}" if dose.hold else text
    if dose.distance_m is not None:
        metres = dose.distance_m
        return f"{number(metres / 1000)} km" if metres >= 1000 else f"{number(metres)} m"
    return "work"  # pragma: no cover - the notation requires one kind of work


def dose_words(dose: Dose) -> str:
    """A dose in words a reader can follow, e.g. '3 sets of 8-12 repetitions at RPE 7, ...'."""
    sets = _span(dose.sets, dose.sets_max)
    noun = "set" if sets == "1" else "sets"
    text = f"{sets} {noun} of {work_words(dose)}"
    if dose.per_side:
        text += " per side"
    if dose.eccentric:
        text += " (eccentric only: the other limb or both arms do the lifting)"
    parts = [text, *(intensity_words(item) for item in dose.intensity)]
    if dose.rest_s is not None:
        rest = seconds_words(dose.rest_s)
        if dose.rest_s_max is not None and dose.rest_s_max != dose.rest_s:
            rest = f"{rest} to {seconds_words(dose.rest_s_max)}"
        parts.append(f"{rest} rest between sets")
    if dose.tempo:
        parts.append(f"tempo {dose.tempo} (seconds lowering-pause-lifting-pause)")
    return ", ".join(parts)


def lower_first(text: str) -> str:
    """Lower-case the first letter unless the word is an acronym ('Commercial gym' -> 'commercial
    gym', 'YMCA hall' stays)."""
    text = text.strip()
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


def sentence(text: str) -> str:
    """Text ending with a full stop, starting with a capital."""
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else text + "."


def article(word: str) -> str:
    """'a' or 'an' before a word."""
    return "an" if word[:1].lower() in "aeiou" else "a"


def join_words(items: Iterable[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    values = [item for item in items if item]
    if len(values) <= 1:
        return "".join(values)
    return ", ".join(values[:-1]) + " and " + values[-1]


def quantity_words(quantity: Quantity) -> str:
    """'2.5 kg', '5%', '1 repetition', '2 sets', '5 s'."""
    value = number(quantity.value)
    if quantity.unit in ("kg", "lb"):
        return f"{value} {quantity.unit}"
    if quantity.unit == "%":
        return f"{value}%"
    if quantity.unit == "s":
        return seconds_words(quantity.value)
    noun = {"rep": "repetition", "set": "set"}[quantity.unit]
    return f"{value} {noun}{'' if quantity.value == 1 else 's'}"

"""Property tests of the dose notation: round trips, tolerant spellings, and no crash on junk."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from exdose.errors import NotationError
from exdose.program.notation import (
    BAND_COLOURS,
    MAX_APNOEA_S,
    MAX_DISTANCE_M,
    MAX_SECONDS,
    NOTATION_EXAMPLES,
    Dose,
    Intensity,
    format_dose,
    parse_dose,
)

# --- strategies for valid Dose objects -----------------------------------------------------------


def _decimal(low: float, high: float) -> st.SearchStrategy[float]:
    """Numbers with at most 3 decimals in [low, high], as the notation keeps them."""
    return st.integers(round(low * 1000), round(high * 1000)).map(lambda n: n / 1000)


def _with_top(
    bottom: st.SearchStrategy[float], high: float
) -> st.SearchStrategy[tuple[float, float | None]]:
    def top(value: float) -> st.SearchStrategy[tuple[float, float | None]]:
        if value >= high:
            return st.just((value, None))
        return st.tuples(st.just(value), st.none() | _decimal(value + 0.001, high))

    return bottom.flatmap(top)


def _int_range(low: int, high: int) -> st.SearchStrategy[tuple[int, int | None]]:
    return st.integers(low, high).flatmap(
        lambda value: st.tuples(
            st.just(value), st.none() if value == high else st.none() | st.integers(value + 1, high)
        )
    )


_NUMERIC_BOUNDS: dict[str, tuple[float, float]] = {
    "kg": (0.001, 1000),
    "lb": (0.001, 2500),
    "pct_1rm": (1, 100),
    "pct_e1rm": (1, 110),
    "rpe": (1, 10),
    "rir": (0, 10),
    "pct_hrmax": (1, 100),
    "pct_hrr": (1, 100),
}


@st.composite
def intensities(draw: st.DrawFn) -> Intensity:
    kind = draw(st.sampled_from([*_NUMERIC_BOUNDS, "bodyweight", "band", "pain"]))
    if kind == "pain":  # one upper limit, 0-10
        return Intensity(kind="pain", value=draw(_decimal(0, 10)))
    if kind == "bodyweight":
        added = draw(st.none() | _decimal(-1000, 1000).filter(lambda v: v != 0))
        return Intensity(kind="bodyweight", added_kg=added)
    if kind == "band":
        return Intensity(kind="band", band=draw(st.sampled_from(BAND_COLOURS)))
    low, high = _NUMERIC_BOUNDS[kind]
    value, value_max = draw(_with_top(_decimal(low, high), high))
    return Intensity(kind=kind, value=value, value_max=value_max)  # type: ignore[arg-type]


def _compatible(items: list[Intensity]) -> bool:
    kinds = {item.kind for item in items}
    return not ({"rpe", "rir"} <= kinds or {"kg", "lb"} <= kinds)


_TEMPO_PART = st.sampled_from(["0", "1", "2", "3", "4", "5", "10", "X"])


@st.composite
def doses(draw: st.DrawFn) -> Dose:
    fields: dict[str, Any] = {}
    fields["sets"], fields["sets_max"] = draw(_int_range(1, 100))
    work = draw(st.sampled_from(["reps", "amrap", "time", "distance", "cycle"]))
    if work == "reps":
        fields["reps"], fields["reps_max"] = draw(_int_range(1, 1000))
    elif work == "amrap":
        fields["amrap"] = True
        fields["reps"] = draw(st.none() | st.integers(1, 1000))
    elif work == "time":
        seconds = _decimal(0.001, MAX_SECONDS) | st.integers(1, 1440).map(lambda m: 60.0 * m)
        fields["seconds"], fields["seconds_max"] = draw(_with_top(seconds, MAX_SECONDS))
        fields["hold"] = draw(st.booleans())
    elif work == "distance":
        fields["distance_m"] = draw(
            _decimal(0.001, MAX_DISTANCE_M) | st.integers(1, 1000).map(lambda k: 1000.0 * k)
        )
    else:
        fields["breaths"] = draw(st.integers(1, 100))
        apnoea = _decimal(0.001, MAX_APNOEA_S)
        fields["apnoea_s"], fields["apnoea_s_max"] = draw(_with_top(apnoea, MAX_APNOEA_S))
    fields["per_side"] = draw(st.booleans())
    fields["intensity"] = tuple(
        draw(
            st.lists(intensities(), max_size=4, unique_by=lambda item: item.kind).filter(
                _compatible
            )
        )
    )
    rest = draw(st.none() | _with_top(_decimal(0, MAX_SECONDS), MAX_SECONDS))
    fields["rest_s"], fields["rest_s_max"] = rest if rest is not None else (None, None)
    fields["eccentric"] = not fields.get("hold") and draw(st.booleans())
    fields["tempo"] = draw(st.none() | st.lists(_TEMPO_PART, min_size=4, max_size=4).map("-".join))
    return Dose(**fields)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(doses())
def test_every_valid_dose_prints_and_parses_back_equal(dose: Dose) -> None:
    text = format_dose(dose)
    assert parse_dose(text) == dose
    assert format_dose(parse_dose(text)) == text


# --- the same doses written the way people write them --------------------------------------------


def _num(value: float) -> str:
    return str(int(value)) if value == int(value) else repr(value)


def _messy_time(draw: st.DrawFn, seconds: float) -> str:
    sec = draw(st.sampled_from(["s", "sec", "secs", " seconds", " s"]))
    options = [f"{_num(seconds)}{sec}"]
    if seconds == int(seconds) and seconds >= 60:
        minutes, rest = divmod(int(seconds), 60)
        mins = draw(st.sampled_from(["min", "mins", " minutes", " min"]))
        options.append(f"{minutes}{mins}{draw(st.sampled_from(['', ' ']))}{rest}{sec}")
        if rest == 0:
            options.append(f"{minutes}{mins}")
            if minutes % 60 == 0:
                options.append(f"{minutes // 60}{draw(st.sampled_from(['h', ' hours', 'hr']))}")
    return draw(st.sampled_from(options))


def _messy_range(draw: st.DrawFn, low: float, high: float | None) -> str:
    if high is None:
        return _messy_time(draw, low)
    dash = draw(st.sampled_from(["-", " - ", "–"]))
    if draw(st.booleans()):
        return f"{_num(low)}{dash}{_num(high)}{draw(st.sampled_from(['s', ' sec']))}"
    return f"{_messy_time(draw, low)}{dash}{_messy_time(draw, high)}"


def _case(draw: st.DrawFn, word: str) -> str:
    return draw(st.sampled_from([word, word.upper(), word.lower(), word.capitalize()]))


def _messy_numbers(draw: st.DrawFn, value: float | None, value_max: float | None) -> str:
    assert value is not None
    text = _num(value)
    if value_max is not None:
        text += draw(st.sampled_from(["-", " - ", "–"])) + _num(value_max)
    return text


def _messy_intensity(draw: st.DrawFn, item: Intensity) -> str:
    at = draw(st.sampled_from(["@", "@ "]))
    kind = item.kind
    if kind == "bodyweight":
        word = _case(draw, draw(st.sampled_from(["bodyweight", "bw", "body weight"])))
        if item.added_kg is None:
            return at + word
        sign = "+" if item.added_kg > 0 else "-"
        return f"{at}{word}{sign}{_num(abs(item.added_kg))}{draw(st.sampled_from(['kg', ' kg']))}"
    if kind == "band":
        colour = _case(draw, item.band or "")
        band = _case(draw, "band")
        return at + draw(st.sampled_from([f"{colour} {band}", f"{band} {colour}"]))
    if kind == "pain":
        sign = draw(st.sampled_from(["<=", " <= ", "\u2264", " \u2264 "]))
        return f"{at}{_case(draw, 'pain')}{sign}{_num(item.value or 0)}"
    numbers = _messy_numbers(draw, item.value, item.value_max)
    if kind in ("rpe", "rir"):
        word = _case(draw, kind)
        return at + draw(
            st.sampled_from([f"{word}{numbers}", f"{word} {numbers}", f"{numbers} {word}"])
        )
    if kind in ("kg", "lb"):
        unit = draw(st.sampled_from([kind, kind + "s", " " + kind]))
        return f"{at}{numbers}{_case(draw, unit)}"
    label = {"pct_1rm": "1RM", "pct_e1rm": "e1RM", "pct_hrmax": "HRmax", "pct_hrr": "HRR"}[kind]
    return f"{at}{numbers}{draw(st.sampled_from(['%', '% ', ' %']))}{_case(draw, label)}"


@st.composite
def messy_texts(draw: st.DrawFn) -> tuple[Dose, str]:
    """A valid dose and one of the many ways a person could write it."""
    dose = draw(doses())
    space = st.sampled_from([" ", "  ", ", ", " ,", "\t"])
    sets = _messy_numbers(draw, dose.sets, dose.sets_max)
    text = sets + draw(st.sampled_from(["x", "X", "×", " x ", " × "]))
    if dose.amrap and dose.reps is None:
        text += _case(draw, "amrap")
    elif dose.amrap:
        text += f"{dose.reps}+"
    elif dose.reps is not None:
        text += _messy_numbers(draw, dose.reps, dose.reps_max)
        text += draw(st.sampled_from(["", " reps", " REPS"]))
    elif dose.seconds is not None:
        text += _messy_range(draw, dose.seconds, dose.seconds_max)
    elif dose.distance_m is not None:
        distance = dose.distance_m
        options = [f"{_num(distance)}m", f"{_num(distance)} metres"]
        if distance == int(distance) and int(distance) % 1000 == 0:
            options.append(f"{int(distance) // 1000}km")
        text += draw(st.sampled_from(options))
    else:
        breath = "breath" if dose.breaths == 1 else draw(st.sampled_from(["breaths", "Breaths"]))
        apnoea = _messy_range(draw, dose.apnoea_s or 0, dose.apnoea_s_max)
        word = draw(st.sampled_from(["apnoea", "apnea"]))
        text += f"({dose.breaths} {breath} + {apnoea} {word})"
    modifiers: list[str] = []
    if dose.per_side:
        modifiers.append(draw(st.sampled_from(["/side", "/ side", "per side", "each leg", "/arm"])))
    if dose.hold:
        modifiers.append(_case(draw, draw(st.sampled_from(["hold", "isometric"]))))
    if dose.eccentric:
        word = draw(st.sampled_from(["eccentric", "eccentric only", "eccentric-only"]))
        modifiers.append(_case(draw, word))
    if dose.rest_s is not None:
        rest = _case(draw, "rest") + draw(st.sampled_from([" ", ": ", ":"]))
        modifiers.append(rest + _messy_range(draw, dose.rest_s, dose.rest_s_max))
    if dose.tempo is not None:
        parts = dose.tempo.split("-")
        tempo = _case(draw, "tempo") + " "
        if all(len(part) == 1 for part in parts) and draw(st.booleans()):
            tempo += "".join(parts).lower()
        else:
            tempo += draw(st.sampled_from(["-", " - "])).join(parts)
        modifiers.append(tempo)
    pieces = list(draw(st.permutations(modifiers)))
    # Intensities keep their relative order; the other modifiers may go anywhere around them.
    position = 0
    for item in dose.intensity:
        position = draw(st.integers(position, len(pieces)))
        pieces.insert(position, _messy_intensity(draw, item))
        position += 1
    for piece in pieces:
        text += draw(space) + piece
    return dose, text


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(messy_texts())
def test_tolerant_spellings_mean_the_same_dose(case: tuple[Dose, str]) -> None:
    dose, text = case
    assert parse_dose(text) == dose


# --- arbitrary text ------------------------------------------------------------------------------

_NOTATION_ALPHABET = st.sampled_from(
    [
        *"0123456789xX×-–+.,:%@/() \t",
        *("s", "min", "h", "m", "km", "kg", "lb", "RPE", "RIR", "1RM", "e1RM", "HRmax", "HRR"),
        *("rest", "tempo", "hold", "side", "per", "breaths", "apnoea", "AMRAP", "bw", "band"),
    ]
)


def _check_any_text(text: str) -> None:
    try:
        dose = parse_dose(text)
    except NotationError as error:
        assert error.column is not None and 1 <= error.column <= len(text) + 1
        assert error.hint
        assert "\n" not in error.one_line()
    else:
        canonical = format_dose(dose)
        assert parse_dose(canonical) == dose
        assert format_dose(parse_dose(canonical)) == canonical


@settings(max_examples=500)
@given(st.text())
@example("\x00")
@example("9" * 5000 + "x8")
@example("3x" + "9" * 5000)
@example("3x8 @RPE" + "9" * 400 + ".5")
@example("3x8 rest " + "9" * 5000 + "h")
@example("3x8 " + "@RPE8 " * 200)
def test_arbitrary_text_only_ever_raises_notation_error(text: str) -> None:
    _check_any_text(text)


@settings(max_examples=1000)
@given(st.lists(_NOTATION_ALPHABET, max_size=25).map("".join))
def test_text_from_notation_pieces_parses_stably_or_fails_cleanly(text: str) -> None:
    _check_any_text(text)


@settings(max_examples=300)
@given(st.sampled_from(NOTATION_EXAMPLES), st.integers(0, 60), st.text(max_size=3))
def test_damaged_examples_fail_cleanly_or_parse_stably(example: str, at: int, junk: str) -> None:
    _check_any_text(example[:at] + junk + example[at:])

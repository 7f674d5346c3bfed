"""Doses and rules in words: every notation form reads back with its numbers."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from exdose.program.io import load_program_bytes
from exdose.program.notation import NOTATION_EXAMPLES, parse_dose
from exdose.report.render import build_document, to_html
from exdose.report.words import dose_words, seconds_words

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "report" / "double-progression.yaml"


def test_every_notation_example_has_words() -> None:
    for text in NOTATION_EXAMPLES:
        words = dose_words(parse_dose(text))
        assert words and "None" not in words, text


def test_known_doses_in_words() -> None:
    assert dose_words(parse_dose("5x5 @75%1RM rest 3min")) == (
        "5 sets of 5 repetitions, at 75% of 1RM (one-repetition maximum), 3 min rest between sets"
    )
    assert dose_words(parse_dose("3x(3 breaths + 10-15s apnoea) rest 1min")).startswith(
        "3 sets of breathing cycles of 3 breaths followed by a 10-15 s apnoea (breath hold)"
    )
    assert (
        dose_words(parse_dose("3x20-30s/side hold")) == "3 sets of holds of 20 s to 30 s per side"
    )
    assert "with body weight plus 10 kg" in dose_words(parse_dose("4x6 @bodyweight+10kg"))
    assert "with a red resistance band" in dose_words(parse_dose("2-3x15 @red band"))
    assert seconds_words(90) == "90 s" and seconds_words(150) == "2 min 30 s"


@given(
    sets=st.integers(1, 10),
    reps=st.integers(1, 30),
    extra=st.integers(0, 10),
    rir=st.integers(0, 5),
    rest=st.integers(10, 600),
)
def test_reps_dose_words_keep_the_numbers(
    sets: int, reps: int, extra: int, rir: int, rest: int
) -> None:
    span = f"{reps}-{reps + extra}" if extra else str(reps)
    words = dose_words(parse_dose(f"{sets}x{span} @RIR{rir} rest {rest}s"))
    assert words.startswith(f"{sets} set{'s' if sets != 1 else ''} of {span} repetitions")
    assert f"RIR {rir}" in words and f"about RPE {10 - rir}" in words
    assert seconds_words(rest) in words


def test_user_text_is_escaped_in_html() -> None:
    raw = FIXTURE.read_text(encoding="utf-8").replace(
        "name: Hip-thrust block for render tests (6 weeks)",
        'name: "Block <script>alert(1)</script> & co"',
    )
    loaded = load_program_bytes(raw.encode(), "hostile.yaml")
    html = to_html(build_document(loaded, "methods"))
    assert "<script>" not in html
    assert "&lt;script&gt;" in html

"""The word-prefix pre-filter must never change a cue's verdict, only skip work."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from exdose.appraise.cues import load_cues
from exdose.appraise.ingest import read_report
from exdose.appraise.prefilter import (
    NUMBER,
    PrefixIndex,
    has_digit,
    number_starts,
    start_prefixes,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "appraise"

# Words that start many cues, mixed with filler, digits and punctuation.
WORDS = [
    "supervised", "physiotherapists", "led", "by", "treadmill", "3", "times", "per", "week",
    "for", "12", "weeks", "60", "%", "of", "1RM", "in", "groups", "of", "six", "at", "home",
    "no", "adverse", "events", "were", "attendance", "was", "recorded", "the", "control",
    "group", "Borg", "13", "increased", "when", "could", "complete", "sets", "tailored",
    "individual", "needs", "hospital", "gym", "will", "be", "(", ")", ",", ".", "non-operative",
    "sit-to-stand", "squats", "lunges", "bridges", "calf", "raises", "x", "10", "min",
]  # fmt: skip


def _verdict(index: PrefixIndex, key: int, digit_keys: frozenset[int], pattern: re.Pattern[str],
             text: str, gated: frozenset[int] = frozenset()) -> bool:  # fmt: skip
    starts = index.positions(text, [(0, len(text))])[0]
    if key in gated:  # searched in full where a word it needs is
        return key in starts and pattern.search(text) is not None
    if any(pattern.match(text, pos) for pos in starts.get(key, ())):
        return True
    return (
        key in digit_keys
        and NUMBER in starts
        and any(pattern.match(text, pos) for pos in number_starts(text))
    )


def _check(text: str) -> None:
    cues = load_cues()
    for key, pattern in enumerate(cues.patterns):
        expected = pattern.search(text) is not None
        assert _verdict(cues.index, key, cues.digit_keys, pattern, text, cues.gated_keys) == (
            expected
        ), (
            pattern.pattern[:80],
            text,
        )


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=25))
def test_prefilter_agrees_with_plain_search(words: list[str]) -> None:
    _check(" ".join(words))


def test_prefilter_agrees_on_real_sentences() -> None:
    for path in (DATA / "knee_strength_results.md", DATA / "balance_protocol.xml"):
        for sentence in read_report(path).sentences:
            _check(sentence.text)


def test_start_prefixes() -> None:
    assert start_prefixes(r"(?<![a-z])(?:treadmills?|cycle ergometer)") == {"treadmill", "cycle$"}
    assert start_prefixes(r"\d+ ?kg") == {"0"}
    assert start_prefixes(r"(?:aerobic |exercise )?steps?") == {"aerobic$", "exercise$", "step"}
    assert start_prefixes(r"\w+ group") is None
    # re factors "no|not|never" into n(?:o|ot|ever): the prefixes follow into the branch, so
    # that not every word starting with "n" triggers the pattern
    assert start_prefixes(r"(?:no|not|never) (?:home|given)") == {"no$", "not$", "never$"}
    assert start_prefixes(r"sets?|sessions?") == {"set", "session"}


@given(st.text())
def test_digit_test_agrees_with_backslash_d(text: str) -> None:
    assert has_digit(text) == (re.search(r"\d", text) is not None)


def test_digit_test_knows_every_decimal_digit() -> None:
    # \d matches the Unicode decimal digits (Arabic-Indic, Devanagari, full-width...): the fast
    # test must agree on every character of the Basic Multilingual Plane, and find every
    # decimal digit of Unicode inside ordinary text
    for code in range(0x80, 0x10000):
        if not 0xD800 <= code < 0xE000:
            char = chr(code)
            assert has_digit(char) == (re.search(r"\d", char) is not None), hex(code)
    digits = [chr(code) for code in range(0x80, 0x110000) if chr(code).isdecimal()]
    assert len(digits) > 600
    for char in digits:
        assert re.search(r"\d", char) is not None
        assert has_digit(f"week “{char}” – done"), hex(ord(char))


def test_a_pattern_that_checks_the_whole_sentence_first_needs_its_word() -> None:
    """Patterns that may start anywhere but look ahead for a word are searched only in the
    sentences holding it; the word must start at a word boundary, as the index's words do."""
    from exdose.appraise.prefilter import required_prefixes

    assert required_prefixes(r"^(?=.*\b(?:pedometers?|trackers?)\b)(?!.*\bgoals?\b)") == {
        "pedometer",
        "tracker",
    }
    assert required_prefixes(r"^(?!.*\brecruit\w*).*?(?<![a-z])(?:app|text messag\w*)") == {
        "app",
        "text$",
    }
    # no boundary before the word: it may match inside a word, so the sentence is searched in full
    assert required_prefixes(r"^(?=.*(?:pedometer))") is None
    # nothing required, or a number: searched in full
    assert required_prefixes(r"^(?!.*\bplacebo\b)") is None
    assert required_prefixes(r"^(?=.*\b\d+ steps)") is None
    # a pattern with a pinned start is the ordinary index's
    assert required_prefixes(r"pedometers?") is None

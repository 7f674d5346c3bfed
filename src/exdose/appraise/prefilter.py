"""A word-prefix pre-filter that lets the rater skip regular expressions that cannot match.

Python's `re` tries every alternative of a long alternation at every word start, which makes a
lexicon of a few hundred cue phrases slow over a whole report. Most cue patterns can only start
with one of a known set of word prefixes ("treadmill", "ergometer", "dumb"...). We compute that
set from the parsed pattern, index the words of each sentence once, and run the full pattern only
only where a word starts with one of its prefixes, anchored there (`match` at that position
instead of `search` over the sentence). Patterns whose start cannot be pinned down (they may
start with punctuation or any letter) are searched as usual.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import accumulate, compress
from typing import Any, Final, cast

try:  # Python >= 3.11 names them re._parser / re._constants
    from re import _constants as _c  # type: ignore[attr-defined]
    from re import _parser as _p  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_constants as _c
    import sre_parse as _p

DIGIT: Final = "0"  # the pseudo-word standing for "the sentence contains a digit"
NUMBER: Final = -1  # id saying that a span has a number (where digit patterns may start)
WHOLE: Final = "$"  # suffix of a prefix that must be the whole word ("in" followed by a space)
_ZERO_WIDTH: Final = (_c.AT, _c.ASSERT_NOT, _c.ASSERT)
_WORD_SPLIT: Final = re.compile(r"([a-z]+)")
_NUMBERS: Final = re.compile(r"\d+")
_ASCII_DIGIT: Final = re.compile(r"[0-9]")
_HIGH: Final = re.compile("[\u0660-\U0010ffff]")  # every decimal digit outside ASCII is here
_CACHE_WORDS: Final = 200_000  # distinct words whose pattern ids are remembered


def start_prefixes(pattern: str) -> frozenset[str] | None:
    """The word prefixes a match of `pattern` can start with (None when it could be anything)."""
    try:
        parsed = _p.parse(pattern, re.IGNORECASE)
    except re.error:
        return None
    prefixes = _sequence(list(parsed))
    return frozenset(prefixes) if prefixes else None


def required_prefixes(pattern: str) -> frozenset[str] | None:
    """For a pattern that can start anywhere but needs a word somewhere in the sentence, the
    prefixes of that word; None when it needs none that can be pinned down.

    Such a pattern checks the whole sentence first ("^(?=.*\\bpedometers?\\b)(?!.*goals?)",
    or "^(?!.*recruit).*?(?<![a-z])(?:text messages?|app)"): it cannot match in a sentence
    without a word it names after its leading "any text", so only those sentences are searched.
    The word must start at a word boundary (\\b or a "no letter before" lookbehind), as the words
    of the index do.
    """
    try:
        parsed = list(_p.parse(pattern, re.IGNORECASE))
    except re.error:
        return None
    for index, (op, av) in enumerate(parsed):
        if op is _c.AT or op is _c.ASSERT_NOT:
            continue  # ^, or a lookahead saying what must be absent
        if op is _c.ASSERT and av[0] == 1:  # a lookahead saying what must be present
            content = list(av[1])
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
            content = parsed[index:]
        else:
            return None
        if len(content) < 2 or content[0][0] not in (_c.MAX_REPEAT, _c.MIN_REPEAT):
            return None
        low, _high, sub = content[0][1]
        if low != 0 or [o for o, _ in sub] != [_c.ANY] or not _word_start(content[1:]):
            return None
        found = _sequence(content[1:])
        if not found or DIGIT in found:
            return None
        return frozenset(found)
    return None


def _word_start(items: list[Any]) -> bool:
    """Whether what `items` match begins at a word start (every branch, if it branches)."""
    if not items:
        return False
    op, av = items[0]
    if op is _c.AT and av is _c.AT_BOUNDARY:
        return True
    if op is _c.ASSERT_NOT and av[0] == -1:  # (?<![a-z]) and the like
        return True
    if op is _c.SUBPATTERN:
        return _word_start(list(av[-1]) + items[1:])
    if op is _c.BRANCH:
        return all(_word_start(list(branch) + items[1:]) for branch in av[1])
    return False


def _sequence(items: list[Any], prefix: str = "") -> set[str] | None:
    """Start prefixes of the sequence `items`, the letters `prefix` having been matched already.

    A branch or group met after some letters is followed into, so that "n(?:o |ot |ever )" gives
    "no$", "not$" and "never$" rather than the bare "n" (which every word starting with n would
    trigger). Where a continuation cannot be pinned down, the letters so far are the prefix.
    """
    for index, (op, av) in enumerate(items):
        rest = items[index + 1 :]
        if op in _ZERO_WIDTH and not prefix:
            continue
        if op is _c.AT and av is _c.AT_BOUNDARY and prefix:
            return {prefix + WHOLE}
        if op is _c.LITERAL:
            char = chr(av).lower()
            if char.isascii() and char.isalpha():
                prefix += char
                continue
            if prefix:
                # A letter run ended by a non-letter is a whole word of the text.
                return {prefix + WHOLE}
            return {DIGIT} if char.isdigit() else None
        if prefix and op is _c.BRANCH:
            result: set[str] = set()
            for branch in av[1]:
                result |= _sequence(list(branch) + rest, prefix) or {prefix}
            return result
        if prefix and op is _c.SUBPATTERN:
            return _sequence(list(av[-1]) + rest, prefix)
        if prefix:
            return {prefix}
        if op is _c.BRANCH:
            result = set()
            for branch in av[1]:
                found = _sequence(list(branch) + rest)
                if found is None:
                    return None
                result |= found
            return result
        if op is _c.SUBPATTERN:
            return _sequence(list(av[-1]) + rest)
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
            low, _high, sub = av
            first = _sequence(list(sub) + rest)
            if low == 0:
                after = _sequence(rest)
                if first is None or after is None:
                    return None
                return first | after
            return first
        if op is _c.IN:
            return _charset(av)
        return None
    return {prefix} if prefix else None


def _charset(items: list[Any]) -> set[str] | None:
    result: set[str] = set()
    for op, av in items:
        if op is _c.LITERAL and chr(av).isascii() and chr(av).isalpha():
            result.add(chr(av).lower())
        elif (op is _c.CATEGORY and av is _c.CATEGORY_DIGIT) or (
            op is _c.RANGE and av[0] >= ord("0") and av[1] <= ord("9")
        ):
            result.add(DIGIT)
        else:
            return None
    return result or None


def lower_same_length(text: str) -> str:
    """`text` in lower case, offset for offset (the few characters that would grow are kept)."""
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
    return lowered


def has_digit(text: str) -> bool:
    r"""`re.search(r"\d", text) is not None`, several times faster on typical text.

    `\d` tests every character's Unicode category; ASCII digits are found with a plain range
    test, and only characters beyond U+065F (where the other decimal digits are) are looked at
    one by one: curly quotes and dashes, a few a sentence.
    """
    if _ASCII_DIGIT.search(text) is not None:
        return True
    if text.isascii():
        return False
    return any(char.isdecimal() for char in _HIGH.findall(text))


def number_starts(text: str) -> list[int]:
    """Where the numbers of `text` start (for the patterns that may start with a digit)."""
    return [match.start() for match in _NUMBERS.finditer(text)]


class PrefixIndex:
    """Maps the words of a sentence to the ids of the patterns they may trigger."""

    def __init__(self) -> None:
        self._by_prefix: dict[str, set[int]] = {}
        self._by_word: dict[str, set[int]] = {}
        self._cache: dict[str, frozenset[int]] = {}

    def add(self, key: int, prefixes: Iterable[str]) -> None:
        """Register pattern `key` with its start prefixes."""
        for prefix in prefixes:
            if prefix.endswith(WHOLE):
                self._by_word.setdefault(prefix[: -len(WHOLE)], set()).add(key)
            else:
                self._by_prefix.setdefault(prefix, set()).add(key)
        self._cache.clear()

    @property
    def digit_keys(self) -> frozenset[int]:
        """Patterns that may start with a digit."""
        return frozenset(self._by_prefix.get(DIGIT, ()))

    def positions(
        self, text: str, spans: list[tuple[int, int]], lowered: str | None = None
    ) -> list[dict[int, list[int]]]:
        """Per span (sentence) of `text`: pattern id -> offsets in the span where it could start.

        A span with a number has the id NUMBER (with no offsets: `number_starts` gives them,
        for the few spans where a pattern that may start with a digit is tried). Splitting into
        words, measuring offsets and dropping the words that trigger nothing (most of them)
        happen in C; Python only visits the words that trigger a pattern. `lowered`, when the
        caller has it, is `lower_same_length(text)`.
        """
        if lowered is None:
            lowered = lower_same_length(text)
        cache = self._cache
        numbers = DIGIT in self._by_prefix
        split = _WORD_SPLIT.split
        result: list[dict[int, list[int]]] = []
        for span_start, span_end in spans:
            # [gap, word, gap, word, ..., gap]: a word starts where the gap before it ends
            parts = split(lowered[span_start:span_end])
            words = parts[1::2]
            if len(cache) > _CACHE_WORDS:  # bound memory over very large reviews
                cache.clear()
            known = list(map(cache.get, words))
            if None in known:  # words not seen before
                for word in set(words).difference(cache):
                    self._keys_for(word)
                triggers = list(map(cache.__getitem__, words))
            else:
                triggers = cast("list[frozenset[int]]", known)
            found: dict[int, list[int]] = {}
            if any(triggers):
                starts = list(accumulate(map(len, parts)))[::2]
                triggered = zip(
                    compress(triggers, triggers), compress(starts, triggers), strict=True
                )
                for keys, position in triggered:
                    for key in keys:
                        listed = found.get(key)
                        if listed is None:
                            found[key] = [position]
                        else:
                            listed.append(position)
            if numbers and has_digit(text[span_start:span_end]):
                found[NUMBER] = []
            result.append(found)
        return result

    def _keys_for(self, word: str) -> frozenset[int]:
        collected: set[int] = set(self._by_word.get(word, ()))
        for end in range(1, len(word) + 1):
            hit = self._by_prefix.get(word[:end])
            if hit:
                collected |= hit
        keys = frozenset(collected)
        self._cache[word] = keys
        return keys

"""Matching cue rules against a report's sentences, trying a pattern only where it could start."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from exdose.appraise.cues import MAX_EVIDENCE, Cues, Rule, Scope
from exdose.appraise.document import Document, Sentence, bare_heading
from exdose.appraise.models import DocType
from exdose.appraise.prefilter import NUMBER, number_starts


def has_any(lowered: str, words: tuple[str, ...]) -> bool:
    """True when the lower-case text contains one of the words."""
    return any(word in lowered for word in words)


def names(pattern: re.Pattern[str], words: tuple[str, ...], text: str, lowered: str) -> bool:
    """`pattern.search(text)`, skipped when none of the words it needs is in the text.

    `lowered` is `text` in lower case (a slice of the lower-cased report).
    """
    return has_any(lowered, words) and pattern.search(text) is not None


def containing(lowered: str, words: tuple[str, ...], sentences: list[Sentence]) -> set[int]:
    """The starts of the sentences that contain one of the (lower-case) words.

    `lowered` is the whole report in lower case: each word is looked for once in it (in C),
    instead of every sentence being lowered and searched.
    """
    spans: list[tuple[int, int]] = []
    for word in words:
        at = lowered.find(word)
        while at >= 0:
            spans.append((at, at + len(word)))
            at = lowered.find(word, at + 1)
    found: set[int] = set()
    if not spans:
        return found
    spans.sort()
    starts = [start for start, _ in spans]
    for sentence in sentences:
        index = bisect_left(starts, sentence.start)
        while index < len(spans) and spans[index][0] < sentence.end:
            if spans[index][1] <= sentence.end:
                found.add(sentence.start)
                break
            index += 1
    return found


@dataclass
class MatchContext:
    document: Document
    doc_type: DocType
    arm: str | None
    scopes: dict[Scope, list[Sentence]]
    cues: Cues
    triggered: dict[int, dict[int, list[int]]]  # sentence start -> pattern id -> match starts
    referring: set[int]  # starts of short sentences that only point elsewhere ("see Table 2")
    sentences_with: dict[int, set[int]]  # pattern id -> starts of sentences it may match in
    memo: dict[int, dict[int, bool]] = field(default_factory=dict)  # pattern -> sentence -> hit
    candidates: dict[tuple[Scope, tuple[int, ...]], list[Sentence]] = field(
        default_factory=dict
    )  # the sentences an item may use, per (scope, ids of the veto patterns)

    def hit(self, pattern: re.Pattern[str], sentence: Sentence) -> bool:
        """Whether a cue pattern matches a sentence, trying only where a match could start."""
        key = self.cues.key(pattern)
        if key is None:
            return pattern.search(sentence.text) is not None
        start = sentence.start
        could = self.sentences_with.get(key)
        if could is None or start not in could:
            return False  # no word of the sentence can start a match
        memo = self.memo.get(key)
        if memo is None:
            memo = self.memo[key] = {}
        known = memo.get(start)
        if known is not None:
            return known
        if key in self.cues.gated_keys:
            result = pattern.search(sentence.text) is not None
            memo[start] = result
            return result
        starts = self.triggered[start]
        text = sentence.text
        match = pattern.match
        result = False
        for position in starts.get(key, ()):
            if match(text, position):
                result = True
                break
        else:
            numbers = starts.get(NUMBER) if key in self.cues.digit_keys else None
            if numbers is not None:
                if not numbers:  # found on first use (a sentence listed here has a number)
                    numbers.extend(number_starts(text))
                for position in numbers:
                    if match(text, position):
                        result = True
                        break
        memo[start] = result
        return result


def kind_of(context: MatchContext, sentence: Sentence) -> str:
    """The kind of the section a sentence is in."""
    return context.document.sections[sentence.section].kind


def apply_rule(
    context: MatchContext,
    rule: Rule,
    candidates: list[Sentence],
    across_veto: tuple[re.Pattern[str], ...] = (),
    limit: int | None = MAX_EVIDENCE,
) -> tuple[list[Sentence], Sentence | None]:
    """Sentences satisfying the rule, and a sentence that satisfied only part of it.

    `across_veto`: sentences that may not supply a part of an `across` rule. `limit`: stop
    after that many sentences (candidates come best section first, so the rest would not be
    shown); None when the caller reorders the evidence and needs every one.
    """
    future = context.cues.future
    if rule.heading_or_title:
        return _name_rule(context, rule, candidates), None
    if rule.count is not None:
        names: dict[str, Sentence] = {}
        key = context.cues.key(rule.count)
        if key is not None:  # only sentences where a word could start the pattern
            could = context.sentences_with.get(key, set())
            candidates = [s for s in candidates if s.start in could]
        for sentence in candidates:
            for match in rule.count.finditer(sentence.text):
                names.setdefault(match.group(0).lower().rstrip("s"), sentence)
        if len(names) >= rule.at_least:
            return list(dict.fromkeys(names.values())), None
        return [], next(iter(names.values()), None)
    if rule.across:
        found: list[Sentence] = []
        missing = False
        pool = [
            s
            for s in candidates
            if (
                kind_of(context, s) == "intervention"
                or context.hit(context.cues.session_context, s)
            )
            and not any(context.hit(veto, s) for veto in across_veto)
        ]
        for pattern in rule.across:
            hit = next((s for s in pool if context.hit(pattern, s)), None)
            if hit is None:
                missing = True
            elif hit not in found:
                found.append(hit)
        if missing:
            return [], found[0] if found else None
        return found, None
    matched: list[Sentence] = []
    near: Sentence | None = None
    keys = [key for key in map(context.cues.key, rule.all) if key is not None]
    if keys:
        # Only sentences whose words could start every pattern of the rule are worth a regex.
        allowed = set.intersection(*(context.sentences_with.get(k, set()) for k in keys))
        first = context.sentences_with.get(keys[0], set())
        if len(rule.all) > 1:
            near = next(
                (
                    s
                    for s in candidates
                    if s.start in first and s.start not in allowed and context.hit(rule.all[0], s)
                ),
                None,
            )
        if len(allowed) < len(candidates):
            candidates = [s for s in candidates if s.start in allowed]
    for sentence in candidates:
        if rule.past and context.hit(future, sentence):
            continue
        if rule.heading is not None and not rule.heading.search(
            bare_heading(context.document.sections[sentence.section].heading)
        ):
            continue
        if all(context.hit(pattern, sentence) for pattern in rule.all):
            matched.append(sentence)
            if limit is not None and len(matched) >= limit:
                break  # candidates come best section first: the rest would not be shown
        elif near is None and len(rule.all) > 1 and context.hit(rule.all[0], sentence):
            near = sentence
    return matched, near


def _name_rule(context: MatchContext, rule: Rule, candidates: list[Sentence]) -> list[Sentence]:
    """TIDieR 1: the intervention is named in the title, an arm heading or an arm phrase."""
    pattern = rule.all[0] if rule.all else None
    titles = [s for s in candidates if kind_of(context, s) == "title"]
    if pattern is not None:
        for sentence in titles:
            if pattern.search(sentence.text):
                return [sentence]
    if context.arm:
        lowered = context.arm.lower()
        for sentence in candidates:
            if lowered in sentence.text.lower():
                return [sentence]
        # A specific arm heading ("Supervised walking programme") names the intervention.
        text = context.document.text
        for index, section in enumerate(context.document.sections):
            if (
                section.kind == "intervention"
                and bare_heading(section.heading).rstrip(":") == context.arm
            ):
                start = text.rfind(context.arm, 0, section.start + 1)
                if start >= 0:
                    return [Sentence(context.arm, start, start + len(context.arm), index)]
    return []

"""Rating a report on CERT and TIDieR with transparent, section-aware sentence cues.

The cues (data/cues.yaml) restate the rules of the project's checklist reference as patterns.
Only sentences that describe the main exercise arm can count: the methods, the intervention
sections and the abstract, never the comparator's sections or sentences that speak only of the
comparator, never the back matter. A protocol cannot report what happened, so the items that need
results are 0 in a protocol unless a protocol-specific rule fires (CERT 11: how adverse events will
be recorded).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, Final, Literal

import yaml

from exdose.appraise.document import Document, Sentence, classify_heading
from exdose.appraise.models import Appraisal, ChecklistRating, DocType, Evidence, ItemRating
from exdose.appraise.prefilter import (
    NUMBER,
    PrefixIndex,
    lower_same_length,
    number_starts,
    start_prefixes,
)
from exdose.checklists import CHECKLISTS, ChecklistName, load_checklist

Scope = Literal["arm", "broad", "results"]

_FLAGS: Final = re.IGNORECASE
_MAX_EVIDENCE: Final = 3

# How much a sentence's section makes it good evidence, best first (also used for ordering).
_KIND_RANK: Final[dict[str, int]] = {
    "intervention": 0,
    "methods": 1,
    "results": 2,
    "abstract": 3,
    "title": 4,
    "other": 5,
    "background": 6,
    "discussion": 7,
}
_KIND_CONFIDENCE: Final[dict[str, float]] = {
    "intervention": 0.9,
    "methods": 0.85,
    "results": 0.85,
    "abstract": 0.8,
    "title": 0.8,
    "other": 0.75,
    "background": 0.75,
    "discussion": 0.7,
}
_SCOPE_KINDS: Final[dict[Scope, frozenset[str]]] = {
    "arm": frozenset({"intervention", "methods", "abstract", "title", "other"}),
    "broad": frozenset(
        {
            "intervention",
            "methods",
            "abstract",
            "title",
            "other",
            "background",
            "results",
            "measurement",
        }
    ),
    "results": frozenset(
        {
            "intervention",
            "methods",
            "abstract",
            "title",
            "other",
            "results",
            "discussion",
            "measurement",
        }
    ),
}


@dataclass(frozen=True)
class _Rule:
    all: tuple[re.Pattern[str], ...] = ()
    across: tuple[re.Pattern[str], ...] = ()
    heading: re.Pattern[str] | None = None
    past: bool = False
    count: re.Pattern[str] | None = None
    at_least: int = 0
    heading_or_title: bool = False


@dataclass(frozen=True)
class _ItemCues:
    checklist: ChecklistName
    item_id: str
    scope: Scope
    rules: tuple[_Rule, ...]
    protocol_zero: bool
    protocol_rules: tuple[_Rule, ...]
    veto: tuple[re.Pattern[str], ...]


@dataclass(frozen=True)
class _Cues:
    items: dict[tuple[str, str], _ItemCues]
    future: re.Pattern[str]
    reference_only: re.Pattern[str]
    session_context: re.Pattern[str]
    # id(pattern) -> the pattern's key in `index` (absent: always searched in full). Keyed by
    # identity: hashing a compiled pattern hashes its whole program, on every lookup.
    keys: dict[int, int]
    patterns: tuple[re.Pattern[str], ...]  # key -> pattern
    index: PrefixIndex
    digit_keys: frozenset[int]

    def key(self, pattern: re.Pattern[str]) -> int | None:
        """The pattern's key in the prefix index (None: it can start anywhere)."""
        return self.keys.get(id(pattern))


def _expand(pattern: str, vocab: dict[str, str]) -> str:
    def substitute(match: re.Match[str]) -> str:
        # Never start a cue inside a word ("mitt" in "permitted").
        return f"(?<![a-z])(?:{vocab[match.group(1)]})"

    return re.sub(r"@(\w+)@", substitute, pattern)


def _squash(pattern: str) -> str:
    # Long alternations are written over several lines; the line breaks are not part of them.
    return re.sub(r"\s*\n\s*", "", pattern.strip())


def _compile(pattern: str, vocab: dict[str, str]) -> re.Pattern[str]:
    # re caches compiled patterns, so the same cue text gives the same object in every item:
    # one id in the prefix index and one cached result per sentence.
    return re.compile(f"(?<![a-z])(?:{_expand(_squash(pattern), vocab)})", _FLAGS)


def _rules(raw: list[dict[str, Any]], vocab: dict[str, str]) -> tuple[_Rule, ...]:
    rules = []
    for entry in raw:
        rules.append(
            _Rule(
                all=tuple(_compile(p, vocab) for p in entry.get("all", [])),
                across=tuple(_compile(p, vocab) for p in entry.get("across", [])),
                heading=_compile(entry["heading"], vocab) if "heading" in entry else None,
                past=bool(entry.get("past", False)),
                count=_compile(entry["count"], vocab) if "count" in entry else None,
                at_least=int(entry.get("at_least", 0)),
                heading_or_title=bool(entry.get("heading_or_title", False)),
            )
        )
    return tuple(rules)


@lru_cache(maxsize=1)
def load_cues() -> _Cues:
    """The bundled rating cues, compiled once per process."""
    text = resources.files("exdose.appraise").joinpath("data", "cues.yaml").read_text("utf-8")
    raw = yaml.safe_load(text)
    vocab = {name: _squash(value) for name, value in raw["vocab"].items()}
    items: dict[tuple[str, str], _ItemCues] = {}
    for checklist in CHECKLISTS:
        for item_id, entry in raw["items"][checklist].items():
            items[(checklist, str(item_id))] = _ItemCues(
                checklist=checklist,
                item_id=str(item_id),
                scope=entry.get("scope", "arm"),
                rules=_rules(entry.get("rules", []), vocab),
                protocol_zero=entry.get("protocol") == "zero",
                protocol_rules=_rules(entry.get("protocol_rules", []), vocab),
                veto=tuple(_compile(p, vocab) for p in entry.get("veto", [])),
            )
    for checklist in CHECKLISTS:
        for item in load_checklist(checklist).items:
            if (checklist, item.id) not in items:
                raise RuntimeError(f"cues.yaml has no cues for {checklist} {item.id}")
    future = _compile(vocab["future"], vocab)
    reference_only = _compile(vocab["reference_only"], vocab)
    session_context = _compile(vocab["session_context"], vocab)
    index = PrefixIndex()
    keys: dict[int, int] = {}
    keyed: list[re.Pattern[str]] = []
    patterns: list[re.Pattern[str]] = [future, reference_only, session_context]
    for cues in items.values():
        patterns.extend(cues.veto)
        for rule in (*cues.rules, *cues.protocol_rules):
            patterns.extend(rule.all)
            patterns.extend(rule.across)
            if rule.count is not None:
                patterns.append(rule.count)
    for pattern in patterns:
        prefixes = start_prefixes(pattern.pattern)
        if prefixes is not None and id(pattern) not in keys:
            keys[id(pattern)] = len(keyed)
            index.add(len(keyed), prefixes)
            keyed.append(pattern)
    return _Cues(
        items, future, reference_only, session_context, keys, tuple(keyed), index, index.digit_keys
    )


# --- document-level decisions ------------------------------------------------------------------

_PROTOCOL_TITLE = re.compile(r"\bprotocol\b|\bstudy design\b|\brationale and design\b", _FLAGS)
_FUTURE_VERB = re.compile(r"\bwill\b|\bshall\b", _FLAGS)
_PAST_VERB = re.compile(r"\bwere\b|\bwas\b|\bhad\b|\bdid\b", _FLAGS)
_COMPARATOR_WORDS = (
    r"control (?:group|arm|condition|participants|subjects|patients)|\bcontrols\b|usual care|"
    r"standard (?:antenatal |medical )?care|treatment as usual|placebo|\bsham\b|"
    r"wait(?:ing)?[- ]?list|"
    r"comparison group|comparator"
)
# Every comparator phrase above contains one of these: a cheap test before the regex.
_COMPARATOR_STEMS: Final = (
    "control", "usual", "standard", "placebo", "sham", "wait", "comparison", "comparator",
)  # fmt: skip
_MAIN_ARM = re.compile(
    r"(?:intervention|exercise|experimental|training|treatment|study|active|physiotherapy) "
    r"(?:group|arm)|both (?:groups|arms)|all (?:participants|groups)",
    _FLAGS,
)
_ARM_PHRASE = re.compile(
    r"\b(?:the )?((?:[\w+-]+ )?(?:exercise|intervention|experimental|training|physiotherapy|"
    r"yoga|walking|resistance|aerobic)[- ](?:group|arm))\b",
    _FLAGS,
)
_GENERIC_HEADING = re.compile(
    r"^(?:the )?(?:interventions?|treatment protocol|treatment|intervention group|"
    r"(?:study )?interventions? and (?:comparators?|control))\s*:?\s*$",
    _FLAGS,
)
_ABOUT_SESSIONS = re.compile(
    r"\bsessions?\b|exercis|\btraining\b|\btherap|physiotherap|workouts?|\bclass(?:es)?\b", _FLAGS
)
# Every match of the two patterns above contains one of these (a cheap test before the search:
# an alternation searched without case is slow in Python's `re`).
_MAIN_ARM_WORDS: Final = ("group", "arm", "participants")
_ABOUT_SESSIONS_WORDS: Final = ("session", "exercis", "training", "therap", "workout", "class")
_ARM_PHRASE_WORDS: Final = ("group", "arm")
_NOT_DISTINCTIVE: Final = frozenset(
    {
        "control", "controls", "group", "groups", "intervention", "interventions", "comparator",
        "comparators", "treatment", "treatments", "care", "usual", "standard", "condition",
        "participants", "patients", "therapy", "exercise", "exercises", "training", "program",
        "programme", "physiotherapy", "activity", "activities", "women", "children", "receive",
        "received", "with", "without", "only", "alone", "plus",
    }
)  # fmt: skip
_HEADING_WORDS = re.compile(r"\b[a-z][a-z-]{3,}\b", _FLAGS)


def detect_doc_type(document: Document) -> DocType:
    """Protocol or results paper, from the title and from the tense of the methods."""
    if _PROTOCOL_TITLE.search(document.title):
        return "protocol"
    future = past = 0
    has_results = False
    for sentence in document.sentences:
        kind = document.sections[sentence.section].kind
        if kind in ("methods", "intervention", "other_arm"):
            future += len(_FUTURE_VERB.findall(sentence.text))
            past += len(_PAST_VERB.findall(sentence.text))
        elif kind == "results":
            has_results = True
    if future > max(3, past):
        return "protocol"
    if has_results or past > max(3, future):
        return "results"
    return "unknown"


def detect_arm(document: Document) -> str | None:
    """The name of the main exercise arm: a specific intervention heading, else a group phrase."""
    for section in document.sections:
        if section.kind == "intervention" and section.path:
            heading = section.heading.strip().rstrip(":")
            # A part of the intervention ("Group activities" under "Treatment protocol") is a
            # component, not an arm.
            inside = any(
                classify_heading(section.path[:depth]) == "intervention"
                for depth in range(1, len(section.path))
            )
            if not inside and not _GENERIC_HEADING.match(heading) and len(heading) <= 120:
                return heading
    counts: dict[str, int] = {}
    first: list[str] = []
    for sentence in document.sentences:
        if document.sections[sentence.section].kind not in _SCOPE_KINDS["arm"]:
            continue
        if not _has_any(sentence.text.lower(), _ARM_PHRASE_WORDS):
            continue  # every arm phrase ends in one of them
        for match in _ARM_PHRASE.finditer(sentence.text):
            name = match.group(1).lower()
            if name.split()[0] in ("the", "a", "an", "each", "in", "of", "to", "and"):
                name = name.split(" ", 1)[1]
            if name not in counts:
                first.append(name)
            counts[name] = counts.get(name, 0) + 1
    if first:
        return first[0]
    for section in document.sections:
        if section.kind == "intervention" and section.path:
            return section.heading.strip().rstrip(":")
    return None


def _comparator_pattern(document: Document) -> tuple[re.Pattern[str], tuple[str, ...]]:
    """Comparator words: the usual ones plus the distinctive words of comparator headings."""
    extra: set[str] = set()
    for section in document.sections:
        if section.kind == "other_arm" and section.path:
            for word in _HEADING_WORDS.findall(section.heading):
                lowered = word.lower()
                if lowered not in _NOT_DISTINCTIVE:
                    # a stem, so that "arthroscopy" also finds "arthroscopic"
                    extra.add(re.escape(lowered[:8]))
    words = _COMPARATOR_WORDS
    if extra:
        words += "|" + "|".join(rf"\b{w}\w*" for w in sorted(extra))
    stems = _COMPARATOR_STEMS + tuple(w.replace("\\", "") for w in sorted(extra))
    return re.compile(words, _FLAGS), stems


def _has_any(lowered: str, words: tuple[str, ...]) -> bool:
    """True when the lower-case text contains one of the words."""
    return any(word in lowered for word in words)


def _names(pattern: re.Pattern[str], words: tuple[str, ...], text: str, lowered: str) -> bool:
    """`pattern.search(text)`, skipped when none of the words it needs is in the text.

    `lowered` is `text` in lower case (a slice of the lower-cased report).
    """
    return _has_any(lowered, words) and pattern.search(text) is not None


def _containing(lowered: str, words: tuple[str, ...], sentences: list[Sentence]) -> set[int]:
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


def _mentions_comparator(pattern: re.Pattern[str], text: str) -> bool:
    """True when the text names the comparator ("non-operative" does not name "operative")."""
    for match in pattern.finditer(text):
        before = text[max(0, match.start() - 4) : match.start()].lower()
        if before not in ("non-", "non "):
            return True
    return False


# --- rating -------------------------------------------------------------------------------------


@dataclass
class _Context:
    document: Document
    doc_type: DocType
    arm: str | None
    scopes: dict[Scope, list[Sentence]]
    cues: _Cues
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


def appraise_document(document: Document, *, path: str = "") -> Appraisal:
    """Rate one ingested report on CERT (19 items) and TIDieR (12 items)."""
    cues = load_cues()
    doc_type = detect_doc_type(document)
    arm = detect_arm(document)
    comparator, stems = _comparator_pattern(document)
    lowered = lower_same_length(document.text)  # offset for offset, for every guard below
    # every comparator phrase contains a stem: only sentences with one are searched
    naming = _containing(lowered, stems, document.sentences)
    scopes: dict[Scope, list[Sentence]] = {"arm": [], "broad": [], "results": []}
    for sentence in document.sentences:
        kind = document.sections[sentence.section].kind
        if kind in ("backmatter", "other_arm"):
            continue
        here = lowered[sentence.start : sentence.end]
        if (
            sentence.start in naming
            and _mentions_comparator(comparator, sentence.text)
            and not _names(_MAIN_ARM, _MAIN_ARM_WORDS, sentence.text, here)
        ):
            continue
        for scope, kinds in _SCOPE_KINDS.items():
            if kind in kinds:
                scopes[scope].append(sentence)
            elif (
                kind == "measurement"
                and scope == "arm"
                and _names(_ABOUT_SESSIONS, _ABOUT_SESSIONS_WORDS, sentence.text, here)
            ):
                # Assessment sections sometimes say who set the therapy goals or how sessions
                # were checked; only sentences about the sessions themselves may count.
                scopes[scope].append(sentence)
    for sentences in scopes.values():
        # Best evidence first: the intervention section, then methods, results, abstract...
        sentences.sort(
            key=lambda s: (_KIND_RANK.get(document.sections[s.section].kind, 9), s.start)
        )
    # Only sentences some item may look at are indexed.
    rated = sorted({s.start: s for s in scopes["broad"] + scopes["results"]}.values(),
                   key=lambda s: s.start)  # fmt: skip
    found = cues.index.positions(document.text, [(s.start, s.end) for s in rated], lowered)
    triggered = {s.start: positions for s, positions in zip(rated, found, strict=True)}
    referring: set[int] = set()
    sentences_with: dict[int, set[int]] = {}
    for start, positions in triggered.items():
        for key in positions:
            listed = sentences_with.get(key)
            if listed is None:
                sentences_with[key] = {start}
            else:
                listed.add(start)
    with_numbers = sentences_with.pop(NUMBER, None)
    if with_numbers:  # a pattern that may start with a digit may match where a number is
        for key in cues.digit_keys:
            sentences_with[key] = sentences_with.get(key, set()) | with_numbers
    context = _Context(document, doc_type, arm, scopes, cues, triggered, referring, sentences_with)
    referring.update(
        s.start for s in rated if len(s.text) < 160 and context.hit(cues.reference_only, s)
    )
    ratings: dict[ChecklistName, ChecklistRating] = {}
    for checklist in CHECKLISTS:
        items = [
            _rate_item(context, cues.items[(checklist, item.id)])
            for item in load_checklist(checklist).items
        ]
        ratings[checklist] = ChecklistRating(
            score=sum(1 for rating in items if rating.reported), max=len(items), items=items
        )
    return Appraisal(
        document=document.name,
        path=path,
        doc_type=doc_type,
        arm=arm,
        cert=ratings["cert"],
        tidier=ratings["tidier"],
    )


def _rate_item(context: _Context, item: _ItemCues) -> ItemRating:
    rules = item.rules
    if context.doc_type == "protocol" and item.protocol_zero:
        if not item.protocol_rules:
            return ItemRating(
                id=item.item_id,
                reported=False,
                confidence=0.9,
                reason="protocol: it cannot report what happened during the trial",
            )
        rules = item.protocol_rules
    cache_key = (item.scope, tuple(map(id, item.veto)))
    candidates = context.candidates.get(cache_key)
    if candidates is None:
        candidates = [
            s
            for s in context.scopes[item.scope]
            if s.start not in context.referring and not any(context.hit(v, s) for v in item.veto)
        ]
        context.candidates[cache_key] = candidates
    support: list[Sentence] = []
    partial: Sentence | None = None
    for rule in rules:
        matched, near = _apply_rule(context, rule, candidates)
        for sentence in matched:
            if sentence not in support:
                support.append(sentence)
        if near is not None and partial is None:
            partial = near
    if support:
        support.sort(key=lambda s: (_KIND_RANK.get(_kind(context, s), 9), s.start))
        best_kind = _kind(context, support[0])
        confidence = min(0.97, _KIND_CONFIDENCE.get(best_kind, 0.7) + 0.03 * (len(support) - 1))
        return ItemRating(
            id=item.item_id,
            reported=True,
            confidence=round(confidence, 2),
            evidence=[
                Evidence(text=s.text, start=s.start, end=s.end) for s in support[:_MAX_EVIDENCE]
            ],
        )
    if partial is not None:
        snippet = partial.text if len(partial.text) <= 100 else partial.text[:97] + "..."
        return ItemRating(
            id=item.item_id,
            reported=False,
            confidence=0.6,
            reason=f"only part of what the item needs was found, e.g. {snippet!r}",
        )
    return ItemRating(
        id=item.item_id,
        reported=False,
        confidence=0.8,
        reason="no sentence describing the exercise arm gives this",
    )


def _kind(context: _Context, sentence: Sentence) -> str:
    return context.document.sections[sentence.section].kind


def _apply_rule(
    context: _Context, rule: _Rule, candidates: list[Sentence]
) -> tuple[list[Sentence], Sentence | None]:
    """Sentences satisfying the rule, and a sentence that satisfied only part of it."""
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
            if _kind(context, s) == "intervention" or context.hit(context.cues.session_context, s)
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
            context.document.sections[sentence.section].heading
        ):
            continue
        if all(context.hit(pattern, sentence) for pattern in rule.all):
            matched.append(sentence)
            if len(matched) >= _MAX_EVIDENCE:
                break  # candidates come best section first: the rest would not be shown
        elif near is None and len(rule.all) > 1 and context.hit(rule.all[0], sentence):
            near = sentence
    return matched, near


def _name_rule(context: _Context, rule: _Rule, candidates: list[Sentence]) -> list[Sentence]:
    """TIDieR 1: the intervention is named in the title, an arm heading or an arm phrase."""
    pattern = rule.all[0] if rule.all else None
    titles = [s for s in candidates if _kind(context, s) == "title"]
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
                and section.heading.strip().rstrip(":") == context.arm
            ):
                start = text.rfind(context.arm, 0, section.start + 1)
                if start >= 0:
                    return [Sentence(context.arm, start, start + len(context.arm), index)]
    return []

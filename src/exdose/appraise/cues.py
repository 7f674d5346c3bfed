"""The rating cues (data/cues.yaml) compiled once per process, with their prefix index.

The cues restate the rules of the project's checklist reference as patterns; each item has a
scope (which sections it may use), rules (patterns a sentence must all match, patterns matched
across the intervention's sentences, counts of named things) and vetoes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Final, Literal

import yaml

from exdose.appraise.prefilter import PrefixIndex, required_prefixes, start_prefixes
from exdose.checklists import CHECKLISTS, ChecklistName, load_checklist

Scope = Literal["arm", "broad", "results"]

FLAGS: Final = re.IGNORECASE
MAX_EVIDENCE: Final = 3  # evidence sentences shown per item
# Which section kinds each scope may use.
SCOPE_KINDS: Final[dict[Scope, frozenset[str]]] = {
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
class Rule:
    all: tuple[re.Pattern[str], ...] = ()
    across: tuple[re.Pattern[str], ...] = ()
    heading: re.Pattern[str] | None = None
    past: bool = False
    count: re.Pattern[str] | None = None
    at_least: int = 0
    heading_or_title: bool = False


@dataclass(frozen=True)
class ItemCues:
    checklist: ChecklistName
    item_id: str
    scope: Scope
    rules: tuple[Rule, ...]
    protocol_zero: bool
    protocol_rules: tuple[Rule, ...]
    veto: tuple[re.Pattern[str], ...]
    # evidence matching one of these is shown first (TIDieR 9: the "how" of the tailoring)
    prefer: tuple[re.Pattern[str], ...] = ()
    # an item rated before whose evidence this item shows last, as "checklist item" ("cert 14a";
    # cues.yaml may leave out the checklist for an item of the same one)
    distinct_from: str | None = None
    # sentences matching one of these never supply a part of an `across` rule (dose items)
    across_veto: tuple[re.Pattern[str], ...] = ()


@dataclass(frozen=True)
class Cues:
    items: dict[tuple[str, str], ItemCues]
    future: re.Pattern[str]
    reference_only: re.Pattern[str]
    session_context: re.Pattern[str]
    # id(pattern) -> the pattern's key in `index` (absent: always searched in full). Keyed by
    # identity: hashing a compiled pattern hashes its whole program, on every lookup.
    keys: dict[int, int]
    patterns: tuple[re.Pattern[str], ...]  # key -> pattern
    index: PrefixIndex
    digit_keys: frozenset[int]
    # keys of patterns searched in full in the sentences holding a word they need (they may
    # start anywhere; `prefilter.required_prefixes`)
    gated_keys: frozenset[int] = frozenset()

    def key(self, pattern: re.Pattern[str]) -> int | None:
        """The pattern's key in the prefix index (None: it can start anywhere)."""
        return self.keys.get(id(pattern))


def _expand(pattern: str, vocab: dict[str, str], within: tuple[str, ...] = ()) -> str:
    """`pattern` with each @name@ replaced by its vocabulary entry, itself expanded."""

    def substitute(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in within:
            raise RuntimeError(f"cues.yaml: vocabulary entry {name!r} refers to itself")
        # Never start a cue inside a word ("mitt" in "permitted").
        return f"(?<![a-z])(?:{_expand(vocab[name], vocab, (*within, name))})"

    return re.sub(r"@(\w+)@", substitute, pattern)


def _squash(pattern: str) -> str:
    # Long alternations are written over several lines; the line breaks are not part of them.
    return re.sub(r"\s*\n\s*", "", pattern.strip())


def _qualified(checklist: str, item: object) -> str | None:
    """An item named in cues.yaml as "checklist item" ("14a" in the CERT cues is "cert 14a")."""
    if item is None:
        return None
    text = str(item)
    return text if " " in text else f"{checklist} {text}"


def compile_cue(pattern: str, vocab: dict[str, str]) -> re.Pattern[str]:
    """A cue pattern with its @vocab@ references expanded, compiled without case."""
    # re caches compiled patterns, so the same cue text gives the same object in every item:
    # one id in the prefix index and one cached result per sentence.
    return re.compile(f"(?<![a-z])(?:{_expand(_squash(pattern), vocab)})", FLAGS)


def _rules(raw: list[dict[str, Any]], vocab: dict[str, str]) -> tuple[Rule, ...]:
    rules = []
    for entry in raw:
        rules.append(
            Rule(
                all=tuple(compile_cue(p, vocab) for p in entry.get("all", [])),
                across=tuple(compile_cue(p, vocab) for p in entry.get("across", [])),
                heading=compile_cue(entry["heading"], vocab) if "heading" in entry else None,
                past=bool(entry.get("past", False)),
                count=compile_cue(entry["count"], vocab) if "count" in entry else None,
                at_least=int(entry.get("at_least", 0)),
                heading_or_title=bool(entry.get("heading_or_title", False)),
            )
        )
    return tuple(rules)


@lru_cache(maxsize=1)
def load_cues() -> Cues:
    """The bundled rating cues, compiled once per process."""
    text = resources.files("exdose.appraise").joinpath("data", "cues.yaml").read_text("utf-8")
    raw = yaml.safe_load(text)
    vocab = {name: _squash(value) for name, value in raw["vocab"].items()}
    items: dict[tuple[str, str], ItemCues] = {}
    for checklist in CHECKLISTS:
        for item_id, entry in raw["items"][checklist].items():
            items[(checklist, str(item_id))] = ItemCues(
                checklist=checklist,
                item_id=str(item_id),
                scope=entry.get("scope", "arm"),
                rules=_rules(entry.get("rules", []), vocab),
                protocol_zero=entry.get("protocol") == "zero",
                protocol_rules=_rules(entry.get("protocol_rules", []), vocab),
                veto=tuple(compile_cue(p, vocab) for p in entry.get("veto", [])),
                prefer=tuple(compile_cue(p, vocab) for p in entry.get("prefer", [])),
                distinct_from=_qualified(checklist, entry.get("distinct_from")),
                across_veto=tuple(compile_cue(p, vocab) for p in entry.get("across_veto", [])),
            )
    for checklist in CHECKLISTS:
        for item in load_checklist(checklist).items:
            if (checklist, item.id) not in items:
                raise RuntimeError(f"cues.yaml has no cues for {checklist} {item.id}")
    order: list[tuple[str, str]] = [
        (checklist, item.id) for checklist in CHECKLISTS for item in load_checklist(checklist).items
    ]
    for key, cues in items.items():
        if cues.distinct_from is not None:
            checklist_name, item_id = cues.distinct_from.split(" ", 1)
            named = (checklist_name, item_id)
            if named not in items or order.index(named) >= order.index(key):
                raise RuntimeError(
                    f"cues.yaml: {key[0]} {key[1]} is distinct_from {cues.distinct_from!r}, "
                    "which is no item rated before it"
                )
    future = compile_cue(vocab["future"], vocab)
    reference_only = compile_cue(vocab["reference_only"], vocab)
    session_context = compile_cue(vocab["session_context"], vocab)
    index = PrefixIndex()
    keys: dict[int, int] = {}
    keyed: list[re.Pattern[str]] = []
    patterns: list[re.Pattern[str]] = [future, reference_only, session_context]
    for cues in items.values():
        patterns.extend(cues.veto)
        patterns.extend(cues.prefer)
        patterns.extend(cues.across_veto)
        for rule in (*cues.rules, *cues.protocol_rules):
            patterns.extend(rule.all)
            patterns.extend(rule.across)
            if rule.count is not None:
                patterns.append(rule.count)
    counts = {
        id(rule.count)
        for cues in items.values()
        for rule in (*cues.rules, *cues.protocol_rules)
        if rule.count is not None
    }
    gated: set[int] = set()
    for pattern in patterns:
        if id(pattern) in keys:
            continue
        prefixes = start_prefixes(pattern.pattern)
        if prefixes is None and id(pattern) not in counts:
            # searched in full, but only in the sentences holding a word it needs
            prefixes = required_prefixes(pattern.pattern)
            if prefixes is not None:
                gated.add(len(keyed))
        if prefixes is not None:
            keys[id(pattern)] = len(keyed)
            index.add(len(keyed), prefixes)
            keyed.append(pattern)
    return Cues(
        items,
        future,
        reference_only,
        session_context,
        keys,
        tuple(keyed),
        index,
        index.digit_keys - gated,
        frozenset(gated),
    )

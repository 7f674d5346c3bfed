"""Rating a report on CERT and TIDieR with transparent, section-aware sentence cues.

Only sentences that describe the main exercise arm can count: the methods, the intervention
sections and the abstract, never the comparator's sections or sentences that speak only of the
comparator, never the back matter. A protocol cannot report what happened, so the items that need
results are 0 in a protocol unless a protocol-specific rule fires (CERT 11: how adverse events will
be recorded).
"""

from __future__ import annotations

import re
from typing import Final

from exdose.appraise.arms import (
    ABOUT_SESSIONS,
    ABOUT_SESSIONS_WORDS,
    MAIN_ARM,
    MAIN_ARM_WORDS,
    ArmChoice,
    comparator_pattern,
    find_arms,
    mark_other_arms,
    mentions_comparator,
)
from exdose.appraise.calibration import calibrated
from exdose.appraise.cues import FLAGS, MAX_EVIDENCE, SCOPE_KINDS, ItemCues, Scope, load_cues
from exdose.appraise.document import Document, Sentence
from exdose.appraise.matcher import (
    MatchContext,
    apply_rule,
    containing,
    has_any,
    kind_of,
    names,
)
from exdose.appraise.models import Appraisal, ChecklistRating, DocType, Evidence, ItemRating
from exdose.appraise.prefilter import NUMBER, lower_same_length
from exdose.checklists import CHECKLISTS, ChecklistName, load_checklist

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
# A sentence that allocates to the arms names each of them, and describes none.
_ALLOCATION = re.compile(
    r"\b(?:randomi[sz]ed|randomly|allocated|assigned)\b.{0,80}\b(?:to|into)\b.{0,120}\b(?:or|and|versus|vs)\b",
    FLAGS,
)
# An allocation sentence that names a control in any form describes several arms at once.
_LOOSE_CONTROL = re.compile(r"\bcontrols?\b(?! (?:for|of)\b)", FLAGS)
# Publishing boilerplate that is never evidence, wherever it stands.
_BOILERPLATE = re.compile(
    r"supplementary (?:material|information|data) (?:is |are )?(?:available|accompan)|"
    r"online version (?:of this article )?contains|electronic supplementary material|"
    r"\bcorrespondence(?: to)?:|\be-?mail:|\bORCID\b|creativecommons\.org|"
    r"open access (?:article|funding)|distributed under the terms|"
    r"\breprints? and permissions\b|^\s*(?:received|accepted|published)(?: online)?:? \d",
    FLAGS,
)
# Every match of _BOILERPLATE contains one of these (a cheap test before the regex).
_BOILERPLATE_WORDS: Final = (
    "supplementary", "online version", "correspondence", "mail", "orcid", "creativecommons",
    "open access", "distributed under", "reprint", "received", "accepted", "published",
)  # fmt: skip
_AFFILIATION_WORDS = re.compile(
    r"\b(?:department|dept\.|faculty|school|institute|university|universit[àéy]|hospital|"
    r"college|centre|center|laboratory|division|unit)\b",
    FLAGS,
)
# What stands before a comparator named as a sentence's subject: a few words, no verb, and no
# comparison ("as in the control group, ...", "unlike the control group, ...").
_SUBJECT_PREFIX = re.compile(r"^[^,;:()]{0,60}$", FLAGS)
_NOT_SUBJECT = re.compile(
    r"\b(?:as|like|unlike|than|compared|contrast|versus|vs|addition|besides|apart|whereas|while|"
    r"both|and|or|between|except)\b",
    FLAGS,
)
_VERB = re.compile(
    r"\b(?:is|are|was|were|will|be|been|has|have|had|received|performed|attended|consisted|"
    r"included|included|delivered|led|took|did|can|may|should|must)\b",
    FLAGS,
)


def _is_affiliation(text: str) -> bool:
    """An author list or affiliation line: institutions, commas, no verb."""
    if text.count(",") < 2 or _AFFILIATION_WORDS.search(text) is None:
        return False
    return _VERB.search(text) is None


_PROTOCOL_TITLE = re.compile(
    r"\bprotocol\b|\bdesigns?\b|\bmethods paper\b",
    FLAGS,
)  # a design paper describes a planned trial: what it cannot report stays unreported
_FUTURE_VERB = re.compile(r"\bwill\b|\bshall\b", FLAGS)
_PAST_VERB = re.compile(r"\bwere\b|\bwas\b|\bhad\b|\bdid\b", FLAGS)


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


def appraise_document(
    document: Document, *, path: str = "", arm_hint: str | None = None
) -> Appraisal:
    """Rate one ingested report on CERT (19 items) and TIDieR (12 items).

    The rated arm is the exercise arm found in the methods, or the arm named by `arm_hint`
    (a reviewer's `--arm`). A report without an exercise arm gets `arm` None, a note, and every
    item not reported.
    """
    cues = load_cues()
    doc_type = detect_doc_type(document)
    choice = find_arms(document, arm_hint=arm_hint)
    arm = choice.name
    if choice.chosen is None:
        return _no_arm(document, path, doc_type, choice)
    document = mark_other_arms(document, choice)
    comparator, stems = comparator_pattern(document, choice)
    lowered = lower_same_length(document.text)  # offset for offset, for every guard below
    # every comparator phrase contains a stem: only sentences with one are searched
    naming = containing(lowered, stems, document.sentences)
    scopes: dict[Scope, list[Sentence]] = {"arm": [], "broad": [], "results": []}
    for sentence in document.sentences:
        kind = document.sections[sentence.section].kind
        if kind in ("backmatter", "other_arm"):
            continue
        here = lowered[sentence.start : sentence.end]
        if (
            has_any(here, _BOILERPLATE_WORDS) and _BOILERPLATE.search(sentence.text)
        ) or _is_affiliation(sentence.text):
            continue  # author lists, affiliations, supplementary-material notes
        if sentence.start in naming and mentions_comparator(comparator, sentence.text):
            if not names(MAIN_ARM, MAIN_ARM_WORDS, sentence.text, here):
                continue  # about the comparator only
            if _ALLOCATION.search(sentence.text):
                continue  # "allocated to the exercise group or the health education group"
            if _comparator_subject(comparator, sentence.text):
                # "the control group received the same sessions as the exercise group": its
                # subject is the comparator, wherever it stands
                continue
        elif "control" in here and _LOOSE_CONTROL.search(here) and _ALLOCATION.search(here):
            continue  # "allocated into either group: control, who will be advised to ..."
        for scope, kinds in SCOPE_KINDS.items():
            if kind in kinds:
                scopes[scope].append(sentence)
            elif (
                kind == "measurement"
                and scope == "arm"
                and names(ABOUT_SESSIONS, ABOUT_SESSIONS_WORDS, sentence.text, here)
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
    context = MatchContext(
        document, doc_type, arm, scopes, cues, triggered, referring, sentences_with
    )
    referring.update(
        s.start for s in rated if len(s.text) < 160 and context.hit(cues.reference_only, s)
    )
    ratings: dict[ChecklistName, ChecklistRating] = {}
    shown: dict[str, set[int]] = {}  # "cert 14a" -> the starts of that item's evidence
    for checklist in CHECKLISTS:
        items = []
        for item in load_checklist(checklist).items:
            rating = _rate_item(context, cues.items[(checklist, item.id)], shown)
            shown[f"{checklist} {item.id}"] = {e.start for e in rating.evidence}
            items.append(rating)
        ratings[checklist] = ChecklistRating(
            score=sum(1 for rating in items if rating.reported), max=len(items), items=items
        )
    return Appraisal(
        document=document.name,
        path=path,
        doc_type=doc_type,
        arm=arm,
        arm_reason=choice.reason,
        arms=[a.name for a in choice.arms],
        cert=ratings["cert"],
        tidier=ratings["tidier"],
    )


def _no_arm(document: Document, path: str, doc_type: DocType, choice: ArmChoice) -> Appraisal:
    """A report without an exercise arm: every item not reported, the reason said once."""
    ratings: dict[ChecklistName, ChecklistRating] = {}
    for checklist in CHECKLISTS:
        items = [
            ItemRating(
                id=item.id,
                reported=False,
                confidence=calibrated("absent:no_arm"),
                basis="absent:no_arm",
                reason=(
                    choice.reason
                    if choice.reason.startswith("no exercise arm")
                    else "no exercise arm in this report: " + choice.reason
                ),
            )
            for item in load_checklist(checklist).items
        ]
        ratings[checklist] = ChecklistRating(score=0, max=len(items), items=items)
    return Appraisal(
        document=document.name,
        path=path,
        doc_type=doc_type,
        arm=None,
        arm_reason=choice.reason,
        arms=[a.name for a in choice.arms],
        note=choice.note,
        cert=ratings["cert"],
        tidier=ratings["tidier"],
    )


def _rate_item(context: MatchContext, item: ItemCues, shown: dict[str, set[int]]) -> ItemRating:
    """Rate one item; `shown` holds the evidence starts of the items rated before it.

    Keys of `shown` are "cert 14a", "tidier 9"..., as `distinct_from` names them.
    """
    rules = item.rules
    if context.doc_type == "protocol" and item.protocol_zero:
        if not item.protocol_rules:
            return ItemRating(
                id=item.item_id,
                reported=False,
                confidence=calibrated("absent:protocol"),
                basis="absent:protocol",
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
    # evidence that is reordered below must not be cut to the first few found
    limit = None if item.prefer or item.distinct_from is not None else MAX_EVIDENCE
    for rule in rules:
        matched, near = apply_rule(context, rule, candidates, item.across_veto, limit)
        for sentence in matched:
            if sentence not in support:
                support.append(sentence)
        if near is not None and partial is None:
            partial = near
    if support:
        support.sort(key=lambda s: (_KIND_RANK.get(kind_of(context, s), 9), s.start))
        if item.prefer:
            # the sentences that answer the item's own question first (stable: rank kept)
            support.sort(key=lambda s: not any(context.hit(p, s) for p in item.prefer))
        if item.distinct_from is not None:
            # another item's evidence is shown only after this item's own sentences
            used = shown.get(item.distinct_from, set())
            support.sort(key=lambda s: s.start in used)
        best_kind = kind_of(context, support[0])
        where = best_kind if best_kind in ("intervention", "methods") else "other"
        basis = f"reported:{where}" + ("+many" if len(support) > 1 else "")
        return ItemRating(
            id=item.item_id,
            reported=True,
            confidence=calibrated(basis, f"{item.checklist} {item.item_id}"),
            basis=basis,
            evidence=[
                Evidence(
                    text=s.text,
                    start=s.start,
                    end=s.end,
                    section=context.document.section_label(s),
                    page=context.document.page_of(s.start),
                )
                for s in support[:MAX_EVIDENCE]
            ],
        )
    if partial is not None:
        snippet = partial.text if len(partial.text) <= 100 else partial.text[:97] + "..."
        return ItemRating(
            id=item.item_id,
            reported=False,
            confidence=calibrated("absent:partial", f"{item.checklist} {item.item_id}"),
            basis="absent:partial",
            reason=f"only part of what the item needs was found, e.g. {snippet!r}",
        )
    return ItemRating(
        id=item.item_id,
        reported=False,
        confidence=calibrated("absent:none", f"{item.checklist} {item.item_id}"),
        basis="absent:none",
        reason="no sentence describing the exercise arm gives this",
    )


def _comparator_subject(comparator: re.Pattern[str], text: str) -> bool:
    """True when the sentence's subject is the comparator: it names the comparator before the
    exercise arm, after no more than a few words without a verb ("Children in the control group
    will practise the same actions as the experimental group")."""
    main = MAIN_ARM.search(text)
    for match in comparator.finditer(text):
        before = text[max(0, match.start() - 4) : match.start()].lower()
        if before in ("non-", "non "):
            continue
        prefix = text[: match.start()]
        if main is not None and main.start() < match.start():
            return False
        return bool(
            _SUBJECT_PREFIX.match(prefix)
            and len(prefix.split()) <= 6
            and not _VERB.search(prefix)
            and not _NOT_SUBJECT.search(prefix)
        )
    return False

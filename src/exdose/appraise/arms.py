"""Finding the arms of a trial, the exercise arm among them, and the comparator's own words.

Arms are found where a report describes them: the headings of its methods (an "Intervention
group" / "Control group" pair, or the parts of an "Interventions" section when one of them is a
comparator or when an allocation sentence names two of them: "randomised to resistance training,
aerobic training or a stretching control"), else the paragraphs or list items that begin with an
arm's name ("The high-intensity group performed ...", "Group A (n = 40): supervised exercise."),
else the group phrases of its methods ("randomly allocated to the exercise group or the health
education group"). The exercise arm is the arm whose own description says the most
about exercise, not the first heading that matches; a report none of whose arms (nor its title,
abstract and methods) speaks of exercise has no exercise arm. Comparator words come only from
the names of the other arms, never from the back matter or a "Quality control" heading.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Final

from exdose.appraise.cues import FLAGS
from exdose.appraise.document import PARAGRAPH, Document, Section, bare_heading, in_abstract
from exdose.appraise.matcher import has_any
from exdose.appraise.prefilter import lower_same_length

_COMPARATOR_PHRASES: Final = (
    r"control (?:group|arm|condition|participants|subjects|patients)", r"\bcontrols\b",
    r"usual care", r"standard (?:antenatal |medical )?care", r"treatment as usual", r"placebo",
    r"\bsham\b", r"wait(?:ing)?[- ]?list", r"comparison group", r"comparator",
    r"health education", r"attention control",
    r"conventional (?:care|therapy|treatment|physiotherapy)", r"standard in-hospital care",
)  # fmt: skip
_COMPARATOR_WORDS = "|".join(_COMPARATOR_PHRASES)
# Every comparator phrase above contains one of these: a cheap test before the regex.
_COMPARATOR_STEMS: Final = (
    "control", "usual", "standard", "placebo", "sham", "wait", "comparison", "comparator",
    "health education", "conventional",
)  # fmt: skip
MAIN_ARM = re.compile(
    r"(?:intervention|exercise|experimental|training|treatment|study|active|physiotherapy) "
    r"(?:group|arm)|both (?:groups|arms)|all (?:participants|groups)",
    FLAGS,
)
ABOUT_SESSIONS = re.compile(
    r"\bsessions?\b|exercis|\btraining\b|\btherap|physiotherap|workouts?|\bclass(?:es)?\b", FLAGS
)
# Every match of the two patterns above contains one of these (a cheap test before the search:
# an alternation searched without case is slow in Python's `re`).
MAIN_ARM_WORDS: Final = ("group", "arm", "participants")
ABOUT_SESSIONS_WORDS: Final = ("session", "exercis", "training", "therap", "workout", "class")
_NOT_DISTINCTIVE: Final = frozenset(
    {
        "control", "controls", "group", "groups", "intervention", "interventions", "comparator",
        "comparators", "treatment", "treatments", "care", "usual", "standard", "condition",
        "participants", "patients", "therapy", "exercise", "exercises", "training", "program",
        "programme", "physiotherapy", "activity", "activities", "women", "children", "receive",
        "received", "with", "without", "only", "alone", "plus", "health", "session", "sessions",
        "class", "classes", "meeting", "meetings", "weekly", "daily", "based", "general",
        "other", "same", "additional",
    }
)  # fmt: skip
_HEADING_WORDS = re.compile(r"\b[a-z][a-z-]{3,}\b", FLAGS)
_COMPARATOR = re.compile(_COMPARATOR_WORDS, FLAGS)


# Exercise content: strong terms name exercise on their own ("exercise", "physiotherapy",
# "physical activity"), weak ones only add to a count ("training", "walk"). Each term is looked
# for with str.find over the lower-cased report (in C) and must start a word.
_STRONG_TERMS: Final = (
    "exercis", "physiotherap", "treadmill", "ergometer", "sedentar", "aquatic", "hydrotherap",
    "danc", "constraint-induced", "gym", "yoga", "fitness", "aerobic", "pilates", "qigong",
    "stretching", "workout", "strengthening", "physical activ", "physically activ",
    "physical therap", "resistance training", "strength training", "tai chi", "sitting time",
    "movement therap", "motor training", "motor learning", "walking program", "walking group",
    "walking intervention", "balance training",
)  # fmt: skip
_WEAK_TERMS: Final = (
    "training", "rehabilitat", "walk", "step", "cycling", "swimming", "muscle", "session",
    "mobility", "activity",
)  # fmt: skip


def _find_terms(lowered: str, terms: tuple[str, ...]) -> list[int]:
    """Sorted offsets where one of the terms starts a word of the lower-case text."""
    found: list[int] = []
    for term in terms:
        at = lowered.find(term)
        while at >= 0:
            if at == 0 or not lowered[at - 1].isalpha():
                found.append(at)
            at = lowered.find(term, at + 1)
    found.sort()
    return found


# "Exercise" in a sense that is not physical: a writing, breathing, relaxation or memory
# exercise names no exercise arm (a values-affirmation or a stress-management trial).
_NOT_PHYSICAL_BEFORE = re.compile(
    r"(?:writing|written|relax\w*|breathing|biofeedback|homework|cognitive|mental|memory|"
    r"mindfulness|imagery|reading|role[- ]?play\w*|reflective|reflection|attention|"
    r"computeri[sz]ed|brain|visuali[sz]ation|meditation|vocal|voice|speech|swallowing|"
    r"communication|experiential|values?|affirmation)"
    r"[\s-]+(?:[a-z-]+\s+)?$"
)
_NOT_PHYSICAL_WINDOW: Final = 40  # characters before "exercis" looked at


def _physical(lowered: str, at: int) -> bool:
    """False when the "exercis" at `at` is a non-physical exercise ("a writing exercise")."""
    return _NOT_PHYSICAL_BEFORE.search(lowered, max(0, at - _NOT_PHYSICAL_WINDOW), at) is None


def _term_positions(lowered: str) -> tuple[list[int], list[int]]:
    """Offsets of the strong and of the weak exercise terms of a lower-case text."""
    strong = [
        at
        for at in _find_terms(lowered, _STRONG_TERMS)
        if not lowered.startswith("exercis", at) or _physical(lowered, at)
    ]
    return strong, _find_terms(lowered, _WEAK_TERMS)


# Parts of the report that do not describe the trial's own arms.
_NOT_ARMS = re.compile(
    r"^(?:table|figure|fig\.|supplement\w*|additional file|appendix)\b|background|introduction|"
    r"rationale|abstract|summary|discussion|conclusion|acknowledg|funding|author|reference|"
    r"literature|previous|pilot",
    FLAGS,
)
# Headings that name one arm ("Exercise group", "Control condition: usual care").
_ARM_NAMED = re.compile(r"\b(?:group|arm|condition|cohort)s?\b\s*(?:$|[:(\-–—])", FLAGS)
# Headings that are a part of an intervention, not an arm of the trial.
_PART_WORDS = re.compile(
    r"modif\w*|concomitant|co-?interventions?|adherence|fidelity|compliance|contamination|"
    r"training of|staff|providers?|therapists?|blinding|masking|safety|adverse|monitor\w*|"
    r"withdraw\w*|discontinu\w*|permitted|prohibited|criteria|duration|quality|recording|"
    r"randomi[sz]\w*|allocation|definition|description of (?:the )?(?:interventions|arms)|"
    r"\band\b.*\b(?:control|comparator)|\bvs\.?\b|versus|both",
    FLAGS,
)
# "Interventions", "Comparators": a heading over the arms, not an arm.
_PLURAL_CONTAINER = re.compile(
    r"^(?:[\d.]+\s*)?(?:the )?(?:study |trial )?(?:interventions|treatments|comparators|arms|"
    r"groups|interventions? and (?:comparators?|controls?))\s*:?\s*$",
    FLAGS,
)
_GROUP_PHRASE = re.compile(
    r"\b(?:the |an? )?((?:[\w+-]+ ){0,3}?(?:group|arm))\b(?! ?(?:differences?|activit\w*|"
    r"sessions?|allocation|assignment|comparisons?|means?|size|leaders?|discussions?|therapy|"
    r"class\w*|format|setting|level|effects?|by|x|×|interaction|based|-based|work|exercises?|"
    r"meetings?|education|training|programs?|programmes?|mean|membership|cohesion))",
    FLAGS,
)
# Words that make a group phrase name an arm even when it is used only once.
_ARM_WORDS = re.compile(
    r"intervention|experimental|treatment|training|active|control|placebo|sham|usual|standard|"
    r"exercis|physio|therapy|programme|program|education|care|walking|yoga|aerobic|resistance|"
    r"strength|attention|wait",
    FLAGS,
)
_NOT_ARM_LIMB: Final = frozenset(
    {"upper", "lower", "left", "right", "affected", "impaired", "unaffected", "non-affected",
     "more", "less", "fore", "dominant", "non-dominant", "paretic", "non-paretic", "one"}
)  # fmt: skip
_PHRASE_STOP: Final = frozenset(
    {"the", "a", "an", "each", "in", "of", "to", "and", "or", "either", "one", "per", "by",
     "this", "that", "their", "his", "her", "its", "any", "both", "two", "three", "same",
     "age", "focus", "working", "small", "support", "treatment", "study", "other", "all",
     "first", "second", "third", "fourth", "fifth", "last", "final", "former", "latter",
     "allocated", "assigned", "randomised", "randomized", "into", "for",
     "with", "from", "as", "at", "on", "who", "which", "were", "was", "be", "will", "than",
     "while", "between", "compared", "over", "since", "except", "within", "consider",
     "relative", "specific", "whereas", "versus", "among", "across", "after", "before",
     "during", "those", "these", "patients", "participants", "people", "subjects", "every",
     "when", "where", "whether", "also", "only", "not", "no", "our", "we", "had", "have", "has",
     "are", "is", "neither", "respective", "respectively", "corresponding"}
)  # fmt: skip
_PHRASE_STOP_ARM: Final = _PHRASE_STOP - {"support"}
_ARTICLES: Final = frozenset({"the", "a", "an", "this", "that", "their", "its", "each", "either"})
_PHRASE_KINDS: Final = frozenset(
    {"methods", "intervention", "other_arm", "measurement", "other", "results", "abstract"}
)
_NOT_TRIAL = re.compile(
    r"^(?:table|figure|fig\.|supplement\w*|additional file|appendix)\b|background|introduction|"
    r"rationale|discussion|conclusion|acknowledg|funding|author|reference|literature|previous|"
    r"limitations|implications|interpretation|^comments?$",
    FLAGS,
)


@dataclass(frozen=True)
class Arm:
    """One arm of the trial as the report describes it."""

    name: str
    # "heading" (an arm heading of the methods), "paragraph" (paragraphs or list items that
    # begin with its name), "phrase" (a group phrase); "section", "text" or "reviewer" for a
    # rated arm that is none of these
    source: str
    where: str  # the heading chain, or the section of the phrase's first use
    exercise_terms: int  # exercise words in the arm's own description
    comparator: bool  # its name says it is a comparator (control, usual care, placebo...)
    sections: tuple[int, ...] = ()  # the sections that describe it (heading arms)
    uses: int = 1  # how often the report names it
    # the rated arm receives it too ("FB" of an "ACT + FB" arm): neither a comparator nor rated
    component: bool = False
    # the text that describes it when that is not a section of its own (an arm paragraph or an
    # item of a list of arms): start and end offsets into the report's text
    spans: tuple[tuple[int, int], ...] = ()
    # the allocation sentence's words that make it the comparator ("a stretching control")
    named_as: str = ""


@dataclass(frozen=True)
class ArmChoice:
    """The arms found, the one rated, and why."""

    arms: tuple[Arm, ...]
    chosen: Arm | None
    reason: str
    note: str | None = None  # a document-level note (no exercise arm found)
    exercise_terms: int = 0  # exercise words in title, abstract and methods together

    @property
    def name(self) -> str | None:
        """The rated arm's name (None when there is no exercise arm)."""
        return self.chosen.name if self.chosen is not None else None


def _exercise_count(text: str, *, weak: bool = True) -> int:
    """Exercise points of a short text: 2 per strong exercise word, 1 per weak one."""
    strong, weak_words = _term_positions(text.lower())
    return 2 * len(strong) + (len(weak_words) if weak else 0)


def _in_methods(section: Section) -> bool:
    """True when no heading above (or of) the section puts it outside the trial's methods."""
    return not any(_not_arms(heading) for heading in section.path)


@lru_cache(maxsize=8192)  # the same headings recur in every report of a review
def _not_arms(heading: str) -> bool:
    return _NOT_ARMS.search(bare_heading(heading)) is not None


@lru_cache(maxsize=8192)
def _not_trial(heading: str) -> bool:
    return _NOT_TRIAL.search(bare_heading(heading)) is not None


class _Terms:
    """Exercise words found once over the whole report, counted per sentence by position."""

    def __init__(self, document: Document) -> None:
        lowered = lower_same_length(document.text)
        self.lowered = lowered
        strong, weak = _term_positions(lowered)
        self.strong: list[int] = []  # per sentence
        self.points: list[int] = []  # per sentence: 2 x strong + weak
        for sentence in document.sentences:
            first, last = sentence.start, sentence.end
            n_strong = bisect_left(strong, last) - bisect_left(strong, first)
            n_weak = bisect_left(weak, last) - bisect_left(weak, first)
            self.strong.append(n_strong)
            self.points.append(2 * n_strong + n_weak)
        self.section_points = [0] * len(document.sections)
        for index, sentence in enumerate(document.sentences):
            self.section_points[sentence.section] += self.points[index]


def _covered(document: Document, index: int) -> tuple[int, ...]:
    """The section and every section below it (their paths extend its path)."""
    path = document.sections[index].path
    found = [index]
    for other in range(index + 1, len(document.sections)):
        if document.sections[other].path[: len(path)] == path:
            found.append(other)
        else:
            break
    return tuple(found)


# Names of active comparators and of controls that the sentence-level comparator words leave
# out (a sentence saying "participants also got an advice leaflet" may describe the exercise
# arm; an arm named "Advice only" is a comparator).
_COMPARATOR_NAME = re.compile(
    r"^(?:the )?controls?\b|routine (?:care|practice|treatment)|"
    r"minimal (?:intervention|care|treatment|contact)|(?:advice|education|information) only|"
    r"\bno[- ](?:intervention|treatment|exercise|training)\b|"
    r"usual (?:physiotherapy|treatment|rehabilitation|practice|activit\w*|lifestyle)|"
    r"standard (?:physiotherapy|treatment|rehabilitation|of care|\w+ care)|"
    r"educational (?:booklet|leaflet|control)|stretching (?:and toning )?control|"
    r"delayed (?:intervention|treatment|start)",
    FLAGS,
)


# An arm named for surgery or a drug is a comparator of an exercise trial, unless its name also
# speaks of exercise ("exercise after surgery").
_NOT_EXERCISE_NAME = re.compile(
    r"(?<!non-)(?<!non )\b(?:surg\w*|operative|arthroscop\w*|medication|drugs?|"
    r"pharmacolog\w*|injections?)",
    FLAGS,
)


# "Usual care plus exercise", "exercise in addition to standard care": an exercise added to the
# comparator's care is the experimental arm (a control, placebo or sham arm stays a comparator).
_ADDED_TO_CARE = re.compile(
    r"\+|\bplus\b|\band\b|\bwith\b|\bcombined\b|in addition to|added to|on top of", FLAGS
)
_ALWAYS_COMPARATOR = re.compile(
    r"\bcontrols?\b|placebo|\bsham\b|wait(?:ing)?[- ]?list|attention control", FLAGS
)


def _exercise_added(lowered: str) -> bool:
    """True for a name that adds exercise to a comparator's care ("usual care plus exercise")."""
    return (
        _ADDED_TO_CARE.search(lowered) is not None
        and _exercise_count(lowered) > 0
        and _ALWAYS_COMPARATOR.search(lowered) is None
    )


def _is_comparator_name(name: str) -> bool:
    lowered = name.lower()
    if _exercise_added(lowered):
        return False
    if _COMPARATOR_NAME.search(lowered.strip()):
        return True
    if _NOT_EXERCISE_NAME.search(lowered) and _exercise_count(lowered) == 0:
        return True
    return has_any(lowered, _COMPARATOR_STEMS) and mentions_comparator(_COMPARATOR, name)


def _heading_arms(
    document: Document,
    terms: _Terms,
    phrase_cores: frozenset[str] = frozenset(),
    lists: list[tuple[_Item, ...]] | None = None,
) -> list[Arm]:
    """Arms named by headings of the methods: siblings among which one is a comparator or an
    explicitly named group ("Intervention" beside "Control group"), or two of which the report's
    group phrases name ("the MyCoach arm" and "the SmartText arm" beside headings
    "Voice-assisted MyCoach intervention" and "SmartText intervention"), or two of which an
    allocation sentence names ("randomised to resistance training, aerobic training or a
    stretching control" beside "Resistance training", "Aerobic training" and "Stretching and
    relaxation"); then the heading the allocation sentence calls a control is the comparator."""
    sections = document.sections
    heads = [bare_heading(section.heading) for section in sections]
    children: dict[tuple[str, ...], list[int]] = {}
    for index, section in enumerate(sections):
        if section.path and _in_methods(section):
            children.setdefault(section.path[:-1], []).append(index)
    arms: list[Arm] = []
    for members in children.values():
        candidates = [
            i
            for i in members
            if (
                sections[i].kind in ("intervention", "other_arm")
                or (
                    sections[i].kind in ("methods", "other")
                    and _ARM_NAMED.search(heads[i]) is not None
                )
            )
            and not _PART_WORDS.search(heads[i].split(":")[0])
            and len(heads[i]) <= 150
            and not _PLURAL_CONTAINER.match(heads[i])
        ]
        if not candidates:
            continue
        named = [i for i in candidates if _ARM_NAMED.search(heads[i])]
        comparators = [
            i
            for i in candidates
            if _is_comparator_name(heads[i])
            or (sections[i].kind == "other_arm" and not _exercise_added(heads[i].lower()))
        ]
        phrased = {
            core
            for i in candidates
            for core in phrase_cores
            if re.search(rf"\b{re.escape(core)}\b", heads[i].lower())
        }
        count, items = _allocated([heads[i] for i in candidates], lists or [])
        by_item: dict[int, str] = {}
        if count >= 2:
            for position, item in items.items():
                i = candidates[position]
                if item.comparator and i not in comparators:
                    comparators.append(i)
                    by_item[i] = item.text
        if not (named or comparators or len(phrased) >= 2 or count >= 2):
            continue  # parts of one intervention ("Individual therapy", "Group activities")
        for i in candidates:
            covered = _covered(document, i)
            points = _exercise_count(heads[i])
            points += sum(terms.section_points[j] for j in covered)
            arms.append(
                Arm(
                    name=heads[i].rstrip(":").strip(),
                    source="heading",
                    where=" > ".join(sections[i].path),
                    exercise_terms=points,
                    comparator=i in comparators,
                    sections=covered,
                    named_as=by_item.get(i, ""),
                )
            )
    # A heading with an arm heading below it holds arms ("Description of the intervention" over
    # "Intervention group"): the arm is the heading below, not the one over it.
    firsts = {arm.sections[0] for arm in arms}
    return [arm for arm in arms if not firsts.intersection(arm.sections[1:])]


# Sections that analyse or measure the arms rather than describe them: a group phrase there
# ("time by intervention group", "the active intervention arm" of a statistical model) names no
# arm. Randomisation, allocation and blinding sections do name the arms.
_ANALYSIS_HEADING = re.compile(
    r"statistic|analys|sample size|power|outcome|measure|endpoint|data (?:management|collection)|"
    r"assessment|evaluation|follow-up|covariate|predictor|economic|cost",
    FLAGS,
)


def _describes_arms(section: Section) -> bool:
    """True for a section where a trial's arms are described (not analysed, not results)."""
    if section.kind == "results":
        return False
    if section.kind == "abstract":
        heading = bare_heading(section.heading).lower()
        return not heading.startswith(("result", "conclusion", "finding"))
    return not any(_ANALYSIS_HEADING.search(heading) for heading in section.path)


# A structured abstract's part label, and the parts that do not describe the trial's arms.
_ABSTRACT_LABEL = re.compile(r"^\s*([A-Za-z][A-Za-z ]{2,30}?)\s*:", FLAGS)
_NOT_TRIAL_LABELS: Final = ("objective", "aim", "purpose", "context", "importance", "interpret")
# A group phrase said to be absent: "did not include a sham control arm", "no placebo group".
_NEGATED = re.compile(
    r"\b(?:no|not|without|nor|neither|never|lack of|absence of|instead of|rather than)\b"
    r"(?:\s+[\w-]+){0,5}\s*$",
    FLAGS,
)


def _phrase_arms(document: Document, terms: _Terms) -> tuple[list[Arm], frozenset[str]]:
    """Arms named by group phrases in the methods ("the walking group", "the control group").

    A phrase of the results counts as a use of an arm's name, but only the sentences that
    describe the arms (methods, intervention, allocation, the abstract's methods) give it
    exercise points: in a physical-activity trial every arm's results speak of activity.
    Phrases of analysis sections (statistics, outcomes, sample size) are not arms. Also the
    names of the phrases used where the arms are described (not only in the results).
    """
    uses: dict[str, list[int]] = {}
    where: dict[str, str] = {}
    described: dict[str, list[int]] = {}
    label = ""  # the label of a structured abstract's part ("Background:", "Methods:")
    for number, sentence in enumerate(document.sentences):
        section = document.sections[sentence.section]
        if section.kind not in _PHRASE_KINDS or not _about_trial(section):
            continue
        if section.kind == "abstract":
            labelled = _ABSTRACT_LABEL.match(sentence.text)
            if labelled:
                label = labelled.group(1).lower()
            if _NOT_TRIAL.search(label) or label.startswith(_NOT_TRIAL_LABELS):
                continue  # "Background: a sham surgery control arm is rarely feasible"
        else:
            label = ""
        lowered = sentence.text.lower()
        if "group" not in lowered and "arm" not in lowered:
            continue
        describes = _describes_arms(section)
        if not describes and section.kind != "results":
            continue  # a statistical model's "time by intervention group"
        for match in _GROUP_PHRASE.finditer(sentence.text):
            tail = match.end(1) - len(match.group(1).split()[-1])  # before "group" or "arm"
            if _NEGATED.search(sentence.text, max(0, match.start() - 60), tail):
                continue  # "we did not include a sham control arm": an arm the trial lacks
            for name in _group_names(match.group(1).lower().split()):
                uses.setdefault(name, []).append(number)
                if describes:
                    described.setdefault(name, []).append(number)
                    where.setdefault(name, " > ".join(section.path) or "text")
    arms = []
    for name, sentences in uses.items():
        words = name.split()
        if words[-1] == "arm" and words[-2] in _NOT_ARM_LIMB:
            continue  # "the upper arm" is a limb
        if len(sentences) < 2 and not _ARM_WORDS.search(name):
            continue  # "a heterogeneous group" said once is not an arm
        first = document.sections[document.sentences[sentences[0]].section]
        own = set(described.get(name, ()))
        arms.append(
            Arm(
                name=name,
                source="phrase",
                where=where.get(name) or " > ".join(first.path) or "text",
                exercise_terms=_exercise_count(name) * 3 + sum(terms.points[i] for i in own),
                comparator=_is_comparator_name(name),
                uses=len(sentences),
            )
        )
    return arms, frozenset(described)


# --- arms named by the allocation sentence, and arms described by paragraphs or list items ------

# "randomised (1:1:1) to resistance training, aerobic training or a stretching control": the
# list after "to" names every arm, and says which one is the control.
_ALLOCATED = re.compile(
    r"\b(?:randomi[sz]ed|randomly (?:assigned|allocated)|allocated|assigned)\b"
    r"(?:\s*\([^()]{0,20}\))?(?:\s+[\w-]+){0,4}?\s+(?:to|into|between)\s+"
    r"(?:(?:either|one|each) of (?:the )?(?:two|three|four|five|\d) (?:arms|groups|conditions)"
    r"\s*:?\s*)?(?P<items>[^.;:()]{3,300})",
    FLAGS,
)
# "(1) tai chi, (2) qigong or (3) a health education control"
_ENUMERATOR = re.compile(r"\((?:\d{1,2}|[a-h]|[ivx]{1,4})\)\s*", FLAGS)
_ITEM_SPLIT = re.compile(r"\s*,\s*(?:or\s+|and\s+)?|\s+(?:or|versus|vs\.?)\s+", FLAGS)
# where the list of arms ends and the way of allocating begins ("..., stratified by sex")
_ITEM_END = re.compile(
    r"\s(?:stratified|in blocks|using|by (?:means|computer|a |an )|according|at a ratio|"
    r"in a ratio|with a (?:ratio|block)|after|before|within|for \d|at (?:a|the|each|\d))",
    FLAGS,
)
_ITEM_STOP: Final = frozenset(
    {"minutes", "weeks", "months", "hours", "times", "either", "groups", "arms", "conditions",
     "randomly", "equal", "ratio"}
)  # fmt: skip


@dataclass(frozen=True)
class _Item:
    """One arm as an allocation sentence names it."""

    text: str
    stems: frozenset[str]  # its distinctive words, the first six letters of each
    comparator: bool  # it names a control ("a stretching control", "usual care")


def _stems(text: str) -> frozenset[str]:
    """The distinctive words of a name, the first six letters of each."""
    rest = _COMPARATOR.sub(" ", text.lower())
    return frozenset(
        word[:6]
        for word in _HEADING_WORDS.findall(rest)
        if word not in _NOT_DISTINCTIVE and word not in _PHRASE_STOP and word not in _ITEM_STOP
    )


_ALLOCATION_WORDS: Final = ("random", "allocat", "assign")  # in every _ALLOCATED match


def _allocation_items(document: Document, terms: _Terms) -> list[tuple[_Item, ...]]:
    """The lists of arms of the allocation sentences that describe the trial's own arms."""
    found: list[tuple[_Item, ...]] = []
    starts = [s.start for s in document.sentences]
    numbers = sorted(
        {bisect_right(starts, at) - 1 for at in _find_terms(terms.lowered, _ALLOCATION_WORDS)}
    )
    describes: dict[int, bool] = {}
    for number in numbers:
        if number < 0:
            continue
        sentence = document.sentences[number]
        if sentence.section not in describes:
            section = document.sections[sentence.section]
            describes[sentence.section] = (
                section.kind in _PHRASE_KINDS
                and section.kind != "results"
                and _about_trial(section)
                and _describes_arms(section)
            )
        if not describes[sentence.section]:
            continue
        match = _ALLOCATED.search(_ENUMERATOR.sub("", sentence.text))
        if match is None:
            continue
        listed = match.group("items")
        end = _ITEM_END.search(listed)
        if end is not None:
            listed = listed[: end.start()]
        parts = [p.strip() for p in _ITEM_SPLIT.split(listed) if p and p.strip()]
        items = tuple(
            _Item(
                part,
                _stems(part),
                _is_comparator_name(part) or _ALWAYS_COMPARATOR.search(part) is not None,
            )
            for part in parts
        )
        if len(items) >= 2:
            found.append(items)
    return found


def _named_item(name: str, items: tuple[_Item, ...]) -> tuple[int, _Item] | None:
    """The item of an allocation list that names an arm (the most distinctive words in common,
    or the whole name in the item), with its position in the list."""
    stems = _stems(name)
    core = _core(name)
    best: tuple[int, int, _Item] | None = None
    for index, item in enumerate(items):
        shared = len(stems & item.stems)
        if not shared and len(core) >= 4 and core in item.text.lower():
            shared = 1
        if shared and (best is None or shared > best[0]):
            best = (shared, index, item)
    return None if best is None else best[1:]


def _allocated(names: list[str], lists: list[tuple[_Item, ...]]) -> tuple[int, dict[int, _Item]]:
    """How many arms one allocation list names at most (distinct items), and for each name (by
    its position in `names`) its item in the lists that name two or more of them; an item that
    calls it a control is preferred (the methods' "or a stretching control" over the abstract's
    "or stretching and relaxation")."""
    most = 0
    found: dict[int, _Item] = {}
    for items in lists:
        hits = {p: hit for p, name in enumerate(names) if (hit := _named_item(name, items))}
        distinct = len({index for index, _ in hits.values()})
        most = max(most, distinct)
        if distinct < 2:
            continue
        for position, (_, item) in hits.items():
            if position not in found or (item.comparator and not found[position].comparator):
                found[position] = item
    return most, found


# A paragraph or a list item that begins with an arm's name describes that arm: "The
# high-intensity group performed ...", "Participants in the control group ...", "Group A (n =
# 40): supervised exercise. ...", "Arm 2: home exercise", or an item of a list of arms.
_LEAD_IN = re.compile(
    r"(?:(?:participants|patients|subjects|women|men|children|adults|people|those|individuals)"
    r"\s+(?:in|of|allocated to|assigned to|randomi[sz]ed to)\s+|in\s+)?",
    FLAGS,
)
_LABEL = re.compile(
    r"(?P<label>(?:[Gg]roup|GROUP|[Aa]rm|ARM|[Cc]ohort|COHORT)\s+(?:[A-Z]|\d{1,2}|[IVX]{1,4})\b)"
    r"(?:\s*\([^()\n]{0,40}\))?(?:\s*[:\u2013\u2014-]\s*(?P<content>[^.;:()\n]{2,80}))?"
)
_LIST_MARK = re.compile(r"(?:\(?\d{1,2}[.)]|\(?[a-h]\)|[-*\u2022])[ \t]+")
# what a list of arms follows: "randomised to one of three arms:", "The groups were:"
_LIST_LEAD = re.compile(
    r"(?:\b(?:arms|groups|conditions)(?:\s+(?:were|are|was|is|as follows))?|\b(?:to|into))\s*:$",
    FLAGS,
)
_LIST_NAME = re.compile(r"[^.:;()\n]{2,80}")
_SHORT_NAME: Final = 6  # words: a longer "name" is the description itself
_OPENING: Final = 120  # characters of a paragraph that may hold the arm's name
_BLOCK_WORDS: Final = ("group", "arm", "cohort")  # in every arm name of a paragraph's opening
_BLOCK_KINDS: Final = frozenset({"methods", "intervention", "other_arm", "measurement"})


def _short(text: str) -> str | None:
    text = " ".join(text.split()).strip(" -,")
    return text if text and len(text.split()) <= _SHORT_NAME else None


def _block_name(text: str, at: int, listed: bool) -> str | None:
    """The arm a paragraph or list item starting at `at` begins with, or None."""
    line_end = text.find("\n", at)
    if text.count("; ", at, line_end if line_end >= 0 else len(text)) >= 2:
        return None  # a table row ("Group 1; weeks 1-4; 2 sets."), not a description
    label = _LABEL.match(text, at)
    if label is not None:
        content = _short(label.group("content") or "")
        return f"{label.group('label')}: {content}" if content else label.group("label")
    lead = _LEAD_IN.match(text, at)
    start = lead.end() if lead is not None else at
    phrase = _GROUP_PHRASE.match(text, start)
    if phrase is not None:
        names = _group_names(phrase.group(1).lower().split())
        words = names[0].split() if len(names) == 1 else []
        if words and not (words[-1] == "arm" and len(words) > 1 and words[-2] in _NOT_ARM_LIMB):
            return names[0]
    if listed:
        name = _LIST_NAME.match(text, at)
        if name is not None:
            return _short(name.group(0))
    return None


def _units(text: str, start: int, stop: int) -> list[tuple[int, int, int, bool]]:
    """The paragraphs and list items of a section's text: (start, where its text begins after a
    list mark, end, whether it is an item of a list of arms)."""
    units: list[tuple[int, int, int, bool]] = []
    lead = False  # the text before said a list of arms follows ("randomised to three arms:")
    for paragraph in PARAGRAPH.finditer(text, start, stop):
        lines: list[tuple[int, int]] = []
        at = paragraph.start()
        for line in paragraph.group(0).split("\n"):
            mark = _LIST_MARK.match(text, at)
            if not lines or mark is not None:
                lines.append((at, at + len(line)))
            else:
                lines[-1] = (lines[-1][0], at + len(line))
            at += len(line) + 1
        for first, last in lines:
            mark = _LIST_MARK.match(text, first)
            body = mark.end() if mark is not None else first
            units.append((first, body, last, mark is not None and lead))
            if mark is None:
                tail = text[max(first, last - 80) : last].rstrip()
                lead = tail.endswith(":") and _LIST_LEAD.search(tail) is not None
    return units


def _block_arms(
    document: Document,
    terms: _Terms,
    heading: list[Arm],
    lists: list[tuple[_Item, ...]],
) -> list[Arm]:
    """Arms described by paragraphs or list items that begin with their names, when the
    methods describe at least two arms so (and not inside an arm heading's sections)."""
    text = document.text
    inside = {i for arm in heading for i in arm.sections}
    found: dict[str, tuple[str, str, list[tuple[int, int]]]] = {}
    for index, section in enumerate(document.sections):
        if (
            index in inside
            or section.kind not in _BLOCK_KINDS
            or not section.path
            or not _in_methods(section)
            or not _describes_arms(section)
        ):
            continue
        for first, body, last, listed in _units(text, section.start, section.end):
            opening = terms.lowered[body : body + _OPENING]
            if not listed and not has_any(opening, _BLOCK_WORDS):
                continue
            name = _block_name(text, body, listed)
            if name is None:
                continue
            key = name.lower()
            if key not in found:
                found[key] = (name, " > ".join(section.path), [])
            found[key][2].append((first, last))
    if len(found) < 2:
        return []
    starts = [s.start for s in document.sentences]
    names = [name for name, _, _ in found.values()]
    _, items = _allocated(names, lists)
    arms: list[Arm] = []
    for position, (name, where, spans) in enumerate(found.values()):
        own = [
            i
            for first, last in spans
            for i in range(bisect_left(starts, first), bisect_left(starts, last))
        ]
        item = items.get(position)
        by_name = _is_comparator_name(name)
        by_item = item is not None and item.comparator
        arms.append(
            Arm(
                name=name,
                source="paragraph",
                where=where,
                exercise_terms=_exercise_count(name) * 3 + sum(terms.points[i] for i in own),
                comparator=by_name or by_item,
                uses=len(spans),
                spans=tuple(spans),
                named_as=item.text if by_item and not by_name and item is not None else "",
            )
        )
    return arms


def _group_names(words: list[str]) -> list[str]:
    """The group names in a phrase: "exercise or control group" names two groups."""
    names: list[str] = []
    tail = words[-1]  # "group" or "arm"
    # "a support group" is an activity, "the support arm" an arm of the trial
    stop = _PHRASE_STOP_ARM if tail == "arm" else _PHRASE_STOP
    parts: list[list[str]] = [[]]
    for word in words[:-1]:
        if word in ("or", "and", "versus", "vs", "vs."):
            parts.append([])
        else:
            parts[-1].append(word)
    for part in parts:
        # a name has no article inside it: "unlike the control group" names the control group
        cut = max((i for i, w in enumerate(part) if w in _ARTICLES), default=-1)
        part = part[cut + 1 :]
        while part and part[0] in stop:
            part = part[1:]
        if part and part[-1] not in stop:
            names.append(" ".join([*part, tail]))
    return names


def _about_trial(section: Section) -> bool:
    """True unless a heading puts the section in the background, a table or the back matter."""
    return not any(_not_trial(heading) for heading in section.path)


def _document_exercise_terms(document: Document, terms: _Terms) -> int:
    """Strong exercise words in the title, abstract and the trial's own methods."""
    count = _exercise_count(document.title, weak=False) * 2
    for number, sentence in enumerate(document.sentences):
        section = document.sections[sentence.section]
        abstract = in_abstract(section)
        if (
            abstract
            or section.kind == "title"
            or (section.kind in ("intervention", "methods", "other_arm") and _in_methods(section))
        ):
            if abstract and (
                section.kind == "results"
                or bare_heading(section.heading).lower().startswith("result")
            ):
                continue
            count += 2 * terms.strong[number]
    return count


# Weak terms that still say what a report is about when its title or abstract uses them
# ("training", "rehabilitation", "walking"); "session" or "activity" do not.
_HEADLINE_TERMS: Final = (*_STRONG_TERMS, "training", "rehabilitat", "walk", "cycling", "swimming")


_NO_ABSTRACT_HEAD: Final = 4000  # characters read as the abstract of a report without one


def _headline_terms(document: Document) -> int:
    """Exercise words of the title and the abstract (what the report says it is about).

    A report whose abstract has no heading of its own ("Background:", "Methods:" at its top)
    has its opening characters read instead.
    """
    parts = [document.title]
    if any(section.kind == "abstract" for section in document.sections):
        for sentence in document.sentences:
            section = document.sections[sentence.section]
            if section.kind == "title" or in_abstract(section):
                parts.append(sentence.text)
    else:
        parts.append(document.text[:_NO_ABSTRACT_HEAD])
    lowered = lower_same_length(" ".join(parts))
    return sum(
        1
        for at in _find_terms(lowered, _HEADLINE_TERMS)
        if not lowered.startswith("exercis", at) or _physical(lowered, at)
    )


# An exercise arm needs this many (doubled) strong exercise words in the title, abstract and
# methods: a drug trial that adjusts for "physical activity" once or twice stays below it.
_MIN_DOCUMENT_TERMS: Final = 8
_SHORT_TEXT: Final = 5000  # characters


_NOT_TOLD_APART: Final = (
    "; the methods give this arm no heading or paragraph of its own, so its sentences are not "
    "told apart from the other arms': check each rating's evidence"
)


def find_arms(document: Document, *, arm_hint: str | None = None) -> ArmChoice:
    """The arms of the trial, the exercise arm among them (or a reviewer's choice) and why."""
    terms = _Terms(document)
    phrases, described_phrases = _phrase_arms(document, terms)
    cores = {arm: _core(arm.name) for arm in phrases}
    distinctive = frozenset(
        core
        for core in cores.values()
        if len(core) >= 4 and not _NOT_DISTINCTIVE & set(core.split())
    )
    lists = _allocation_items(document, terms)
    heading = _heading_arms(document, terms, distinctive, lists)
    blocks = _block_arms(document, terms, heading, lists)
    described = heading + blocks
    kept: list[Arm] = []  # of phrases with the same name but for "programme" words, the first
    for arm in phrases:
        if not any(_same_name(arm.name, other.name) for other in kept):
            kept.append(arm)
    arms = tuple(described) + tuple(
        arm
        for arm in kept
        if not any(
            arm.name in h.name.lower()
            or (cores[arm] in distinctive and cores[arm] in h.name.lower())
            or _same_name(arm.name, h.name)
            for h in described
        )
        # beside arms the methods head or describe by paragraph, a group phrase of the results
        # only ("the control group reported fewer ...") is one of them by a shorter name
        and not (len(described) >= 2 and arm.name not in described_phrases)
    )
    total = _document_exercise_terms(document, terms)
    if arm_hint:
        wanted = arm_hint.strip().lower()
        matching = [arm for arm in arms if wanted in arm.name.lower()]
        if matching:
            arm = matching[0]
            reason = f"named by the reviewer (--arm {arm_hint!r})"
            if len(matching) > 1:
                reason += (
                    f"; {arm_hint!r} names {len(matching)} arms ("
                    + ", ".join(repr(a.name) for a in matching)
                    + "), the first is rated: give more of its name to choose another"
                )
            if arm.source not in ("heading", "paragraph"):
                reason += _NOT_TOLD_APART
            return ArmChoice(arms, arm, reason, None, total)
        if wanted in document.text.lower():
            named = Arm(arm_hint.strip(), "reviewer", "text", 0, False)
            return ArmChoice(
                (*arms, named),
                named,
                f"named by the reviewer (--arm {arm_hint!r})" + _NOT_TOLD_APART,
                None,
                total,
            )
        return ArmChoice(
            arms,
            None,
            f"the reviewer's arm {arm_hint!r} is not named in the report",
            f"no arm named {arm_hint!r} was found in the report",
            total,
        )
    # A short text (a made-up example, an abstract) needs only one exercise word.
    needed = _MIN_DOCUMENT_TERMS if len(document.text) >= _SHORT_TEXT else 2
    headline = _headline_terms(document)
    if total < needed or headline == 0:
        return ArmChoice(
            arms,
            None,
            (
                "no exercise arm: the title and abstract do not speak of exercise"
                if headline == 0
                else "no exercise arm: the title, abstract and methods hardly speak of exercise "
                f"({total // 2} exercise words)"
            ),
            "no exercise or physical-activity arm found in this report; its items are not rated "
            "as reported (name the arm with --arm if this is wrong)",
            total,
        )
    active = [a for a in arms if not a.comparator]
    pools = ((heading, "arm heading"), (blocks, "arm paragraph"), (phrases, "group phrase"))
    for pool, kind in pools:
        options = [
            a
            for a in pool
            if not a.comparator
            and a.exercise_terms > 0
            and not any(_adds_to(a, other) for other in active if other is not a)
        ]
        if not options:
            continue
        most = max(a.exercise_terms for a in options)
        # Several exercise arms (at least half the points of the most): the first named is
        # rated, as the rating rules say; an arm with few points is not an exercise arm.
        exercise_arms = [a for a in options if 2 * a.exercise_terms >= most]
        # The title names the trial's experimental intervention: of several exercise arms, one
        # the title names comes first ("Feedback group" described first is the control of
        # "Values-based coaching" when the title speaks of values).
        titled = [a for a in exercise_arms if _named_in(a, document.title)]
        best = (titled or exercise_arms)[0]
        reason = (
            f"{kind} {best.name!r} ({best.where}): {best.exercise_terms} exercise points in its "
            "own description"
        )
        if len(exercise_arms) > 1 and 0 < len(titled) < len(exercise_arms):
            reason += f", the one of {len(exercise_arms)} exercise arms the title names"
        elif len(exercise_arms) > 1:
            reason += f", the first named of {len(exercise_arms)} exercise arms"
        elif len(pool) > 1:
            reason += f", the most of {len(pool)} arms found"
        called = [a for a in arms if a.comparator and a.named_as]
        if called:
            said = ", ".join(f"{a.name!r} ({a.named_as!r})" for a in called)
            reason += f"; the allocation sentence names the comparator: {said}"
        parts = [a for a in arms if a is not best and _adds_to(a, best)]
        if parts:
            names = ", ".join(repr(a.name) for a in parts)
            reason += f"; it adds to {names}, which it receives too (not a comparator)"
            arms = tuple(replace(a, component=True) if a in parts else a for a in arms)
        return ArmChoice(arms, best, reason, None, total)
    # Exercise is what the report is about, but no arm is named: rate the intervention.
    for index, section in enumerate(document.sections):
        if section.kind == "intervention" and section.path and _in_methods(section):
            name = bare_heading(section.heading).rstrip(":")
            # source "section": the section may describe the other arms too
            fallback = Arm(name, "section", " > ".join(section.path), 0, False, (index,))
            return ArmChoice(
                arms,
                fallback,
                f"no arm named; the first intervention section of the methods, {name!r}",
                None,
                total,
            )
    return ArmChoice(
        arms,
        Arm("the intervention", "text", "text", 0, False),
        "no arm named or headed in the methods; the report's intervention as a whole",
        None,
        total,
    )


def _named_in(arm: Arm, title: str) -> bool:
    """True when a distinctive word of the arm's name (a stem of it) is in the title."""
    lowered = title.lower()
    core = _core(arm.name)
    if len(core) >= 4 and not _HEADING_WORDS.search(core) and _find_terms(lowered, (core,)):
        return True  # a name of words too short to test one by one ("Tai chi")
    for word in _HEADING_WORDS.findall(arm.name.lower()):
        if word in _NOT_DISTINCTIVE or word in _PHRASE_STOP:
            continue
        if _find_terms(lowered, (word[:6],)):
            return True
    return False


_GENERIC_CORES: Final = frozenset(
    {"", "intervention", "experimental", "treatment", "active", "study", "control", "new"}
)


def _core(name: str) -> str:
    """What names an arm: its bracketed abbreviation ("Feedback group (FB)" -> "fb"), else its
    name without articles and "group"/"arm"."""
    lowered = name.lower()
    bracket = re.search(r"\(([^()]{1,30})\)", lowered)
    if bracket:
        lowered = bracket.group(1)
    lowered = re.sub(r"\b(?:the|a|an|group|arm|condition)\b|[^\w+ -]", " ", lowered)
    return " ".join(lowered.split())


# Words that name no arm of their own: "the physiotherapy programme group" is the physiotherapy
# group, "Intervention" the intervention group.
_FILLER: Final = frozenset(
    {"programme", "program", "programmes", "programs", "intervention", "interventions",
     "protocol", "regimen"}
)  # fmt: skip


def _same_name(name: str, other: str) -> bool:
    """True when two names of arms are one arm's: the same core, or the same but for filler
    words (never two names of nothing but filler: "programme group" and "intervention group")."""
    core, other_core = _core(name), _core(other)
    if core == other_core:
        return bool(core)
    key = [w for w in core.split() if w not in _FILLER]
    return bool(key) and key == [w for w in other_core.split() if w not in _FILLER]


def _adds_to(arm: Arm, other: Arm) -> bool:
    """True when `other` is `arm` with something added ("ACT + FB" adds to "FB", "exercise plus
    usual care" to "usual care"): then `arm` is the comparator of an add-on design."""
    core = _core(arm.name)
    if core in _GENERIC_CORES:
        return False
    name = other.name.lower()
    if core == _core(other.name) or core == name:
        return False
    word = re.escape(core)
    joined = re.compile(
        rf"(?:\+|\bplus\b|\bwith\b|\band\b|\bin addition to\b)\s*(?:the )?{word}\b|"
        rf"\b{word}\s*(?:\+|\bplus\b)"
    )
    return joined.search(name) is not None


def detect_arm(document: Document) -> str | None:
    """The name of the main exercise arm (None when the report has no exercise arm)."""
    return find_arms(document).name


def mark_other_arms(document: Document, choice: ArmChoice) -> Document:
    """The document with the sections of every arm but the rated one marked as other arms.

    An arm described by paragraphs or list items rather than a section of its own gets its
    sentences moved into a section of their own, under the same headings plus its name, marked
    as another arm (sections added after the report's own, sentences left in place and order).
    """
    chosen = set(choice.chosen.sections) if choice.chosen is not None else set()
    other: set[int] = set()
    spans: list[tuple[Arm, tuple[int, int]]] = []
    for arm in choice.arms:
        if arm is not choice.chosen and not arm.component:
            other.update(i for i in arm.sections if i not in chosen)
            spans.extend((arm, span) for span in arm.spans)
    if not other and not chosen and not spans:
        return document
    sections = list(document.sections)
    for index in other:
        if sections[index].kind != "other_arm":
            sections[index] = replace(sections[index], kind="other_arm")
    for index in chosen:
        if sections[index].kind == "other_arm":
            sections[index] = replace(sections[index], kind="intervention")
    sentences = document.sentences
    if spans:
        sentences = list(sentences)
        starts = [s.start for s in sentences]
        for arm, (first, last) in spans:
            moved = range(bisect_left(starts, first), bisect_left(starts, last))
            if not moved:
                continue
            parent = sections[sentences[moved[0]].section]
            index = len(sections)
            sections.append(
                Section(arm.name, parent.level + 1, "other_arm", first, last,
                        (*parent.path, arm.name))
            )  # fmt: skip
            for number in moved:
                sentences[number] = replace(sentences[number], section=index)
    return Document(
        name=document.name,
        format=document.format,
        text=document.text,
        title=document.title,
        sections=sections,
        sentences=sentences,
        pages=document.pages,
    )


# A word of another arm's name that the rated arm's own description uses is shared by the arms
# ("sessions", "weekly", "education" given to both), not the comparator's own.
_SHARED_USES: Final = 1


def _own_description(document: Document, choice: ArmChoice) -> str:
    """The rated arm's own description in lower case: the text of its sections (empty for an arm
    named by a phrase or rated as the report's intervention section, whose text the other arms
    share)."""
    chosen = choice.chosen
    if chosen is None or chosen.source != "heading":
        return ""
    text = document.text
    return " ".join(
        lower_same_length(text[document.sections[i].start : document.sections[i].end])
        for i in chosen.sections
    )


def comparator_pattern(
    document: Document, choice: ArmChoice | None = None
) -> tuple[re.Pattern[str], tuple[str, ...]]:
    """Comparator words: the usual ones plus the distinctive words of the other arms' names.

    Only the names of arms found in the methods count (never a "Quality control" heading or an
    affiliation of the back matter); a word of the rated arm's own name is never a comparator
    word ("non-operative" keeps "operative" a comparator word).
    """
    if choice is None:
        choice = find_arms(document)
    own = choice.chosen.name.lower() if choice.chosen is not None else ""
    description = _own_description(document, choice)
    # words of the names of arms that are not comparators: shared ("CIMT" of "CIMT + AOT" and
    # "CIMT + placebo"), or the rated arm's under another name
    shared = " ".join(
        a.name.lower() for a in choice.arms if a is not choice.chosen and not a.comparator
    )
    extra: set[str] = set()
    for arm in choice.arms:
        if arm is choice.chosen or arm.component:
            continue
        if arm.source != "heading" and not arm.comparator:
            continue
        # the words of a comparator phrase of its name are already comparator words, as the
        # phrase: "education" of "Health education" alone would also strike "physical education"
        rest = _COMPARATOR.sub(" ", arm.name)
        for word in _HEADING_WORDS.findall(rest):
            lowered = word.lower()
            if lowered in _NOT_DISTINCTIVE:
                continue
            stem = lowered[:8]  # a stem, so that "arthroscopy" also finds "arthroscopic"
            if stem in own and f"non-{stem}" not in own and f"non {stem}" not in own:
                continue
            if arm.comparator and stem in shared:
                continue
            singular = stem[:-1] if stem.endswith("s") and len(stem) > 4 else stem
            if len(_find_terms(description, (singular,))) >= _SHARED_USES:
                continue  # the rated arm's own description uses it too ("sessions")
            extra.add(re.escape(stem))
    # "Usual care plus exercise": the care the rated arm adds to is its own, not the comparator's
    phrases = [p for p in _COMPARATOR_PHRASES if not (own and re.search(p, own, FLAGS))]
    words = "|".join(phrases)
    if extra:
        words += "|" + "|".join(rf"\b{w}\w*" for w in sorted(extra))
    stems = _COMPARATOR_STEMS + tuple(w.replace("\\", "") for w in sorted(extra))
    return re.compile(words, FLAGS), stems


def mentions_comparator(pattern: re.Pattern[str], text: str) -> bool:
    """True when the text names the comparator ("non-operative" does not name "operative")."""
    for match in pattern.finditer(text):
        before = text[max(0, match.start() - 4) : match.start()].lower()
        if before not in ("non-", "non "):
            return True
    return False

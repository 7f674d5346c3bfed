"""The methods section: a replicable intervention description in prose and tables, then the filled
CERT and TIDieR checklists saying where in the text each item is reported.

Everything written comes from the programme's fields; a field that is missing is left out of the
prose (never guessed) and its checklist item is stated as "not reported" in the supplementary
checklist. The text is written as a trial report reads: in the past tense when the programme holds
what happened during delivery (delivered sessions, adverse events that occurred, modifications),
otherwise in the future tense of a protocol.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from exdose.program.io import exercise_name, written_key
from exdose.program.model import (
    NONE,
    Double,
    ExerciseDef,
    HomeProgramme,
    Levels,
    Linear,
    PercentWave,
    Prescription,
    Program,
    Provider,
    Quantity,
    ReadinessMonitoring,
    RpeTargets,
    Session,
)
from exdose.program.notation import format_dose
from exdose.report.assumptions import plan_assumptions
from exdose.report.document import (
    Block,
    Bullets,
    Document,
    Figure,
    Heading,
    PageBreak,
    Paragraph,
    Table,
)
from exdose.report.doses import (
    key_exercises,
    weekly_muscle_sets,
    weekly_table,
)
from exdose.report.words import (
    Voice,
    article,
    dose_words,
    join_words,
    lower_first,
    number,
    quantity_words,
    sentence,
)
from exdose.report.writers.markdown import to_markdown

if TYPE_CHECKING:
    from exdose.program.expand import PlannedSession
    from exdose.program.io import LoadedProgram

# Section headings of the methods text; the checklist's "where reported" column names them.
H_NAME = "Brief name and rationale"
H_PARTICIPANTS = "Participants"
H_MATERIALS = "Equipment and materials"
H_PROVIDER = "Provider"
H_DELIVERY = "Delivery"
H_SETTING = "Setting"
H_EXERCISES = "Exercises"
H_SESSIONS = "Session content"
H_DOSE = "Dose"
H_PROGRESSION = "Progression"
H_TAILORING = "Tailoring and starting level"
H_START = "Starting level"
H_HOME = "Home programme"
H_NON_EXERCISE = "Non-exercise components"
H_MOTIVATION = "Motivation strategies"
H_ADHERENCE = "Adherence"
H_ADVERSE = "Adverse events"
H_FIDELITY = "Fidelity and delivery as planned"
H_MODIFICATIONS = "Modifications"
H_CHECKLISTS = "Supplementary material: completed CERT and TIDieR checklists"

WHERE: dict[tuple[str, str], tuple[str, ...]] = {
    ("cert", "1"): (H_MATERIALS,),
    ("cert", "2"): (H_PROVIDER,),
    ("cert", "3"): (H_DELIVERY,),
    ("cert", "4"): (H_DELIVERY,),
    ("cert", "5"): (H_ADHERENCE,),
    ("cert", "6"): (H_MOTIVATION,),
    ("cert", "7a"): (H_PROGRESSION,),
    ("cert", "7b"): (H_PROGRESSION,),
    ("cert", "8"): (H_EXERCISES,),
    ("cert", "9"): (H_HOME,),
    ("cert", "10"): (H_NON_EXERCISE,),
    ("cert", "11"): (H_ADVERSE,),
    ("cert", "12"): (H_SETTING,),
    ("cert", "13"): (H_DOSE, H_SESSIONS),
    ("cert", "14a"): (H_TAILORING,),
    ("cert", "14b"): (H_TAILORING,),
    ("cert", "15"): (H_TAILORING, H_START),
    ("cert", "16a"): (H_FIDELITY,),
    ("cert", "16b"): (H_FIDELITY,),
    ("tidier", "1"): (H_NAME,),
    ("tidier", "2"): (H_NAME,),
    ("tidier", "3"): (H_MATERIALS,),
    ("tidier", "4"): (H_SESSIONS, H_EXERCISES),
    ("tidier", "5"): (H_PROVIDER,),
    ("tidier", "6"): (H_DELIVERY,),
    ("tidier", "7"): (H_SETTING,),
    ("tidier", "8"): (H_DOSE, H_SESSIONS),
    ("tidier", "9"): (H_TAILORING,),
    ("tidier", "10"): (H_MODIFICATIONS,),
    ("tidier", "11"): (H_FIDELITY,),
    ("tidier", "12"): (H_FIDELITY,),
}
"""Checklist item -> the methods headings that report it (the first one present is named)."""
READINESS_ITEMS: frozenset[tuple[str, str]] = frozenset(
    {("cert", "14a"), ("cert", "14b"), ("tidier", "9")}
)
"""The tailoring items whose "where reported" names the readiness monitoring when there is one."""

MAX_MUSCLE_COLUMNS = 6


# --- exercises -------------------------------------------------------------------------------


def used_exercises(program: Program) -> list[str]:
    """Exercise keys in the order they first appear (sessions, levels, home programme)."""
    keys: list[str] = []
    for _, item in program.all_prescriptions():
        for key in [item.exercise, *_level_exercises(item)]:
            if key not in keys:
                keys.append(key)
    return keys


def _level_exercises(item: Prescription) -> list[str]:
    if isinstance(item.progression, Levels):
        return [level.exercise for level in item.progression.levels if level.exercise]
    return []


def _exercise_blocks(loaded: LoadedProgram, key: str) -> list[Block]:
    own: ExerciseDef | None = loaded.program.exercises.get(key)
    ex = loaded.library.get(key)
    blocks: list[Block] = [Heading(3, exercise_name(loaded, key))]
    if own is not None and own.description:
        blocks.append(Paragraph(sentence(own.description)))
    else:
        blocks.append(Paragraph("No description of this exercise is given in the programme."))
    details: list[tuple[str | None, str]] = []
    if own is not None and own.starting_position:
        details.append(("Starting position:", sentence(own.starting_position)))
    if own is not None and own.range_of_motion:
        details.append(("Range of motion:", sentence(own.range_of_motion)))
    equipment = (own.equipment if own is not None else None) or (ex.equipment if ex else None)
    if equipment:
        details.append(("Equipment:", sentence(equipment)))
    if ex is not None and (ex.primary or ex.secondary):
        muscles = f"primary {', '.join(ex.primary) or '-'}"
        if ex.secondary:
            muscles += f"; secondary {', '.join(ex.secondary)}"
        details.append(("Muscles:", muscles + "."))
    if own is not None and own.regression:
        details.append(("Easier version:", sentence(own.regression)))
    if own is not None and own.media:
        details.append(("Media:", ", ".join(own.media)))
    if details:
        blocks.append(Bullets(tuple(details)))
    if own is not None and own.cues:
        blocks.append(Paragraph("Coaching cues:", None))
        blocks.append(Bullets(tuple((None, sentence(cue)) for cue in own.cues)))
    return blocks


# --- progression in words ----------------------------------------------------------------------


def rule_words(voice: Voice, name: str, item: Prescription) -> str | None:
    """The structured progression rule of one prescription stated in words."""
    rule = item.progression
    dose = item.dose
    if rule is None:
        return None
    # "every" is stated only where the file wrote it: its default is exdose's assumption
    # (named under the weekly table, `exdose.report.assumptions`), not the protocol.
    written = rule.model_fields_set
    every = getattr(rule, "every", "week")
    pace = f" every {every}" if "every" in written else ""
    if isinstance(rule, Linear):
        inc = quantity_words(rule.increment)
        if rule.increment.unit in ("kg", "lb", "%"):
            what = f"the load {voice('rose', 'will rise')} by {inc}{pace or ' at a time'}"
            if rule.start is not None:
                what += f", starting at {quantity_words(rule.start)}"
        elif rule.increment.unit == "rep":
            what = f"{inc} {voice('was', 'will be')} added to each set{pace or ' at a time'}"
        elif rule.increment.unit == "set":
            what = f"{inc} {voice('was', 'will be')} added{pace or ' at a time'}"
        else:
            what = f"the work time {voice('rose', 'will rise')} by {inc}{pace or ' at a time'}"
        if rule.max is not None:
            what += f", up to {quantity_words(rule.max)}"
        return f"{name}: linear progression; {what}."
    if isinstance(rule, Double):
        low, high = dose.reps, dose.reps_max
        start = f" from a starting load of {quantity_words(rule.start)}" if rule.start else ""
        step = quantity_words(Quantity(value=rule.reps_step, unit="rep"))
        by = f" by {step}" if "reps_step" in written else ""
        top = (
            f"{voice('reached', 'reach')} {high} repetitions, the load "
            f"{voice('was', 'will be')} increased by {quantity_words(rule.increment)} and "
            f"repetitions {voice('restarted', 'restart')} at {low}."
        )
        climb = (
            f"Repetitions {voice('rose', 'will rise')}{by}{pace}; once all sets {top}"
            if by or pace
            else f"Once all sets {top}"
        )
        return (
            f"{name}: double progression in the range of {low}-{high} repetitions{start}. {climb}"
        )
    if isinstance(rule, PercentWave):
        pattern = "; ".join(
            f"week {i + 1}: {format_dose(wave)}" for i, wave in enumerate(rule.pattern)
        )
        step_text = (
            f", and each repeat of the wave {voice('added', 'adds')} {number(rule.step)}% of 1RM"
            if rule.step
            else ""
        )
        rounding = (
            f"; loads {voice('were', 'are')} rounded to {quantity_words(rule.round_to)}"
            if rule.round_to
            else ""
        )
        return (
            f"{name}: loads as a percentage of a stated 1RM of {quantity_words(rule.one_rm)}, in "
            f"a {len(rule.pattern)}-week wave ({pattern}){step_text}{rounding}."
        )
    if isinstance(rule, RpeTargets):
        scale = "RPE" if rule.rpe is not None else "RIR"
        targets = rule.rpe if rule.rpe is not None else rule.rir
        assert targets is not None
        listed = ", ".join(number(t) for t in targets)
        # The size of the step per RPE point is stated only when the file gives it: exdose's
        # default is a practice heuristic, not the programme's rule (issue 9, item 8).
        size = (
            f" by about {number(rule.adjust_pct_per_rpe)}% for each RPE point"
            if "adjust_pct_per_rpe" in written
            else ""
        )
        return (
            f"{name}: autoregulated to weekly {scale} targets of {listed} (the last target holds). "
            f"The load {voice('was', 'will be')} adjusted{size} from the effort of the previous "
            f"session: raised when it {voice('was', 'is')} easier and lowered when it "
            f"{voice('was', 'is')} harder than the target."
        )
    if isinstance(rule, Levels):
        levels = "; ".join(
            f"{level.name}: {format_dose(level.dose)}"
            + (f" ({level.exercise})" if level.exercise else "")
            + (f", {level.note}" if level.note else "")
            for level in rule.levels
        )
        weeks = "week" if rule.weeks_per_level == 1 else f"{rule.weeks_per_level} weeks"
        advance = (
            f" Participants {voice('advanced', 'will advance')} to the next level when "
            f"{lower_first(rule.advance_when).rstrip('.')}."
            if rule.advance_when
            else ""
        )
        return (
            f"{name}: level-based progression through {len(rule.levels)} levels ({levels}), "
            f"one level every {weeks}.{advance}"
        )
    return None  # pragma: no cover - every rule type is handled above


# --- the methods document --------------------------------------------------------------------


def is_report(program: Program) -> bool:
    """True when the programme records what happened in delivery (then the text is past tense)."""
    delivered = program.fidelity is not None and program.fidelity.delivered is not None
    occurred = program.adverse_events is not None and program.adverse_events.occurred is not None
    return delivered or occurred or program.modifications is not None


def _sessions_per_week(program: Program) -> str:
    # days x per_day: "3x15, twice a day, every day" is 14 sessions a week
    counts = [(phase, sum(s.per_week for s in phase.sessions)) for phase in program.phases]
    distinct = {count for _, count in counts}
    if len(distinct) == 1:
        count = counts[0][1]
        return {1: "one session a week", 2: "two sessions a week", 3: "three sessions a week"}.get(
            count, f"{count} sessions a week"
        )
    return "; ".join(f"{count} a week in weeks {phase.weeks}" for phase, count in counts)


def _total_sessions(program: Program) -> int:
    return sum(
        (phase.last_week - phase.first_week + 1) * sum(s.per_week for s in phase.sessions)
        for phase in program.phases
    )


def _minutes(program: Program) -> str | None:
    values = [s.minutes for phase in program.phases for s in phase.sessions]
    if not values or any(v is None for v in values):
        return None
    known = [v for v in values if v is not None]
    low, high = min(known), max(known)
    return f"{number(low)} minutes" if low == high else f"{number(low)}-{number(high)} minutes"


class _Builder:
    """Accumulates blocks section by section and remembers which headings were written."""

    def __init__(self, loaded: LoadedProgram) -> None:
        self.loaded = loaded
        self.program = loaded.program
        self.v = Voice(is_report(loaded.program))
        self.blocks: list[Block] = []
        self.sections: list[str] = []

    def name_of(self, written: str) -> str:
        """The display name of an exercise as written in a prescription."""
        return exercise_name(self.loaded, written_key(self.loaded, written))

    def section(self, heading: str, blocks: list[Block]) -> None:
        if not blocks:
            return
        self.blocks.append(Heading(2, heading))
        self.blocks.extend(blocks)
        self.sections.append(heading)

    # one method per section, in the order a trial report gives them

    def name(self) -> list[Block]:
        p = self.program
        blocks: list[Block] = [Paragraph(f"{p.name}.", "Brief name:")]
        if p.summary:
            blocks.append(Paragraph(sentence(p.summary)))
        if p.rationale:
            blocks.append(Paragraph(sentence(p.rationale), "Rationale of the programme:"))
        if p.goal:
            blocks.append(Paragraph(sentence(p.goal), "Goal:"))
        return blocks

    def participants(self) -> list[Block]:
        if not self.program.population:
            return []
        return [Paragraph(sentence(self.program.population), "Population:")]

    def materials(self) -> list[Block]:
        p, v = self.program, self.v
        blocks: list[Block] = []
        if p.equipment == NONE:
            blocks.append(Paragraph(f"No exercise equipment {v('was', 'will be')} used."))
        elif p.equipment:
            blocks.append(
                Paragraph(f"The following exercise equipment {v('was', 'will be')} used.")
            )
            blocks.append(
                Table(
                    ("Equipment", "Specification"),
                    tuple((item.name, item.specification or "-") for item in p.equipment),
                )
            )
        if p.materials == NONE:
            blocks.append(
                Paragraph(
                    f"No written or electronic materials (such as handouts, manuals or apps) "
                    f"{v('were', 'will be')} provided."
                )
            )
        elif p.materials:
            blocks.append(Paragraph(f"The following materials {v('were', 'will be')} provided."))
            items: list[tuple[str | None, str]] = []
            for material in p.materials:
                who = {
                    "participant": "for participants",
                    "provider": "for providers",
                    "both": "for participants and providers",
                }[material.audience]
                text = sentence(material.description) if material.description else ""
                if material.url:
                    text += f" Available at {material.url}."
                items.append((f"{material.name} ({who}).", text.strip()))
            blocks.append(Bullets(tuple(items)))
        return blocks

    def provider(self) -> list[Block]:
        provider, v = self.program.provider, self.v
        if provider is None:
            return []
        if provider == NONE:
            return [
                Paragraph(
                    f"The programme {v('was', 'will be')} self-delivered: no provider "
                    f"{v('delivered or supervised', 'will deliver or supervise')} the exercise."
                )
            ]
        assert isinstance(provider, Provider)
        role = provider.role.strip()
        text = (
            f"The exercise {v('was', 'will be')} delivered by {article(role)} {lower_first(role)}."
        )
        if provider.qualifications:
            text += f" Qualifications: {lower_first(provider.qualifications).rstrip('.')}."
        if provider.experience:
            text += f" Experience: {lower_first(provider.experience).rstrip('.')}."
        blocks: list[Block] = [Paragraph(text)]
        if provider.training == NONE:
            blocks.append(
                Paragraph(
                    f"The provider {v('received', 'will receive')} no training specific to this "
                    f"programme."
                )
            )
        elif provider.training:
            blocks.append(
                Paragraph(
                    f"Before the programme, the provider {v('received', 'will receive')} this "
                    f"training for delivering it: {lower_first(provider.training).rstrip('.')}."
                )
            )
        return blocks

    def delivery(self) -> list[Block]:
        delivery, v = self.program.delivery, self.v
        if delivery is None:
            return []
        blocks: list[Block] = []
        if delivery.format == "individual":
            fmt = (
                f"Sessions {v('were', 'will be')} delivered individually "
                "(one participant at a time)"
            )
        elif delivery.format == "group":
            size = f" of {delivery.group_size}" if delivery.group_size else ""
            fmt = f"Sessions {v('were', 'will be')} delivered in groups{size}"
        else:
            size = f" (groups of {delivery.group_size})" if delivery.group_size else ""
            fmt = f"Sessions {v('were', 'will be')} delivered both individually and in groups{size}"
        who = ""
        provider = self.program.provider
        if isinstance(provider, Provider):
            who = f" by the {lower_first(provider.role.strip())}"
        if delivery.supervision == "supervised":
            sup = f"Every session {v('was', 'will be')} supervised{who}"
        elif delivery.supervision == "partly supervised":
            sup = f"Sessions {v('were', 'will be')} partly supervised{who}"
        else:
            sup = f"Sessions {v('were', 'will be')} unsupervised"
        detail = (
            f": {lower_first(delivery.supervision_detail)}" if delivery.supervision_detail else ""
        )
        blocks.append(Paragraph(f"{fmt}. {sentence(sup + detail)}"))
        modes = {
            "face-to-face": "face-to-face",
            "video": "by video",
            "telephone": "by telephone",
            "app": "through a smartphone app",
            "internet": "over the internet",
            "printed": "with printed materials",
        }
        blocks.append(
            Paragraph(
                f"Mode of delivery: the programme {v('was', 'will be')} delivered "
                f"{join_words(modes[m] for m in delivery.mode)}."
            )
        )
        return blocks

    def setting(self) -> list[Block]:
        setting, v = self.program.setting, self.v
        if setting is None:
            return []
        blocks: list[Block] = [
            Paragraph(
                f"Sessions {v('took', 'will take')} place in this setting: "
                f"{lower_first(setting.location).rstrip('.')}."
            )
        ]
        if setting.infrastructure:
            blocks.append(Paragraph(sentence(setting.infrastructure), "Infrastructure:"))
        return blocks

    def exercises(self) -> list[Block]:
        blocks: list[Block] = [
            Paragraph(
                "Each exercise is described below with its starting position, range of motion, "
                "equipment, muscles trained and coaching cues, as given in the programme."
            )
        ]
        for key in used_exercises(self.program):
            blocks.extend(_exercise_blocks(self.loaded, key))
        return blocks

    def sessions(self) -> list[Block]:
        p, v = self.program, self.v
        blocks: list[Block] = []
        several = len(p.phases) > 1
        for phase in p.phases:
            title = f"Weeks {phase.weeks}: {phase.name}" if several else phase.name
            blocks.append(Heading(3, title))
            if phase.goal:
                blocks.append(Paragraph(sentence(phase.goal), "Aim of this phase:"))
            blocks.append(
                Paragraph(
                    f"In this phase, each session {v('consisted', 'will consist')} of the "
                    f"following parts, in this order."
                )
            )
            for session in phase.sessions:
                label = f"Session {session.name}"
                day = session.day if session.day and session.day != session.name else None
                parts = (day, _repeat_words(session), _place_words(session))
                extras = [x for x in (*parts, _minutes_of(session.minutes)) if x]
                if extras:
                    label += f" ({', '.join(extras)})"
                rows: list[tuple[str, ...]] = []
                if session.warm_up:
                    rows.append(("Warm-up", sentence(session.warm_up)))
                for item in session.exercises:
                    name = exercise_name(self.loaded, written_key(self.loaded, item.exercise))
                    extra = f" Superset {item.superset}." if item.superset else ""
                    notes = f" {sentence(item.notes)}" if item.notes else ""
                    rows.append((name, sentence(dose_words(item.dose)) + extra + notes))
                if session.cool_down:
                    rows.append(("Cool-down", sentence(session.cool_down)))
                blocks.append(Table(("Part or exercise", "Dose"), tuple(rows), caption=label))
        return blocks

    def dose(self, sessions: list[PlannedSession], weekly: bool) -> list[Block]:
        p, v = self.program, self.v
        weeks = p.weeks
        text = (
            f"The programme {v('lasted', 'will last')} {weeks} week{'s' if weeks != 1 else ''}, "
            f"with {_sessions_per_week(p)} ({_total_sessions(p)} sessions in total)"
        )
        minutes = _minutes(p)
        if minutes:
            text += f"; each session {v('lasted', 'will last')} {minutes}"
        blocks: list[Block] = [Paragraph(text + ".")]
        intensities = _intensity_summary(p)
        lacking = _without_intensity(self.loaded)
        if intensities and not lacking:
            text = f"Intensity {v('was', 'will be')} prescribed for every exercise: {intensities}."
        elif intensities:
            text = (
                f"Intensity {v('was', 'will be')} prescribed as {intensities}, except for "
                f"{join_words(lacking)}, for which the programme gives no intensity."
            )
        else:
            text = "The programme gives no intensity for any exercise."
        where = f"; the week-by-week doses under {H_PROGRESSION}" if weekly else ""
        blocks.append(
            Paragraph(
                f"{text} Sets, repetitions or time and rest for each exercise are given under "
                f"{H_SESSIONS}{where}."
            )
        )
        blocks.extend(_muscle_blocks(self.loaded))
        blocks.append(
            Figure("weekly_sets", "Figure 1. Planned weekly sets per muscle (fractional counting).")
        )
        blocks.append(Figure("intensity", "Figure 2. Planned intensity and effort over the weeks."))
        return blocks

    def progression(self, sessions: list[PlannedSession]) -> list[Block]:
        p, v = self.program, self.v
        blocks: list[Block] = []
        if p.progression is not None and p.progression.rule:
            blocks.append(Paragraph(sentence(p.progression.rule), "Progression rule:"))
        rules: list[str] = []
        several = len(p.phases) > 1
        for phase in p.phases:
            for session in phase.sessions:
                for item in session.exercises:
                    name = exercise_name(self.loaded, written_key(self.loaded, item.exercise))
                    if several:
                        name += f" (weeks {phase.weeks})"
                    words = rule_words(v, name, item)
                    if words and words not in rules:
                        rules.append(words)
        if rules:
            blocks.append(
                Paragraph(
                    f"Each exercise {v('was', 'will be')} progressed by its own rule, as follows."
                )
            )
            blocks.append(Bullets(tuple((None, rule) for rule in rules)))
        if p.progression is not None and p.progression.plan:
            blocks.append(Paragraph(sentence(p.progression.plan), "Progression plan:"))
        if len(p.phases) > 1:
            blocks.append(
                Bullets(
                    tuple(
                        (
                            f"Weeks {phase.weeks}:",
                            f"{phase.name}." + (f" {sentence(phase.goal)}" if phase.goal else ""),
                        )
                        for phase in p.phases
                    )
                )
            )
        if p.deload is not None:
            d = p.deload
            weeks = join_words(str(w) for w in d.weeks)
            noun = "Week" if len(d.weeks) == 1 else "Weeks"
            verb = v("was", "will be") if len(d.weeks) == 1 else v("were", "will be")
            # Only the factors the file states; exdose's defaults are named under the table.
            written = d.model_fields_set
            cuts = [
                text
                for field_name, text in (
                    ("sets_factor", f"the number of sets multiplied by {number(d.sets_factor)}"),
                    ("load_factor", f"loads multiplied by {number(d.load_factor)}"),
                    (
                        "rir_add",
                        f"{number(d.rir_add)} repetitions in reserve added to the effort target",
                    ),
                )
                if field_name in written
            ]
            how = (
                f" ({join_words(cuts)})"
                if cuts
                else "; the programme does not state by how much the dose is reduced"
            )
            blocks.append(
                Paragraph(
                    f"{noun} {weeks} {verb} a planned deload{how}; exercises and session "
                    f"frequency {v('stayed', 'stay')} the same."
                )
            )
        if not blocks:
            return []
        keys = key_exercises(self.loaded, sessions)
        if keys and sessions:
            table = weekly_table(self.loaded, sessions, keys, "deload")
            blocks.append(
                Table(
                    table.header,
                    table.rows,
                    caption=(
                        "Planned dose of the key exercises week by week (sets × repetitions or "
                        "time, load, effort), computed from the progression rules; deload weeks "
                        "are marked."
                    ),
                )
            )
            assumed = plan_assumptions(self.loaded)
            if assumed:
                blocks.append(
                    Paragraph(
                        "Where the programme file is silent, the table above uses exdose's "
                        "defaults, which are not part of the protocol:",
                        "Note.",
                    )
                )
                blocks.append(Bullets(tuple((None, item.text) for item in assumed)))
        return blocks

    def tailoring(self) -> list[Block]:
        p, v = self.program, self.v
        blocks: list[Block] = []
        tailoring = p.tailoring
        if tailoring is not None and tailoring.approach == "generic":
            text = (
                f"The programme {v('was', 'is')} generic: every participant "
                f"{v('did', 'will do')} the same exercises at the same doses, not individually "
                f"tailored."
            )
            if tailoring.how:
                text += f" {sentence(tailoring.how)}"
            blocks.append(Paragraph(text))
        elif tailoring is not None:
            text = f"The programme {v('was', 'will be')} tailored to each participant"
            if tailoring.how:
                text += f", as follows: {lower_first(tailoring.how).rstrip('.')}."
            else:
                text += " by the rules below."
            blocks.append(Paragraph(text))
            if tailoring.rules:
                blocks.append(Paragraph(f"These tailoring rules {v('were', 'will be')} applied."))
                blocks.append(
                    Bullets(
                        tuple(
                            (
                                None,
                                f"If {lower_first(rule.when).rstrip('.')}: "
                                f"{lower_first(rule.then).rstrip('.')}.",
                            )
                            for rule in tailoring.rules
                        )
                    )
                )
        if tailoring is not None and tailoring.readiness_monitoring is not None:
            blocks.append(
                Paragraph(
                    readiness_words(
                        tailoring.readiness_monitoring, v, tailored=tailoring.approach == "tailored"
                    )
                )
            )
        if p.starting_level is not None:
            text = (
                f"The starting level {v('was', 'will be')} set by this rule: "
                f"{lower_first(p.starting_level.rule).rstrip('.')}."
            )
            if p.starting_level.test:
                text += f" Baseline test: {lower_first(p.starting_level.test).rstrip('.')}."
            blocks.append(Paragraph(text))
        return blocks

    def home(self) -> list[Block]:
        home, v = self.program.home_programme, self.v
        if home is None:
            return []
        if home == NONE:
            return [
                Paragraph(
                    f"No home programme {v('was', 'will be')} given: participants "
                    f"{v('exercised', 'will exercise')} only in the programme sessions."
                )
            ]
        assert isinstance(home, HomeProgramme)
        text = f"A home programme {v('was', 'will be')} given: {lower_first(home.description)}"
        blocks: list[Block] = [Paragraph(sentence(text))]
        if home.sessions_per_week is not None:
            blocks.append(
                Paragraph(
                    f"Home sessions per week: {home.sessions_per_week}.",
                )
            )
        if home.exercises:
            blocks.append(
                Bullets(
                    tuple(
                        (
                            f"{self.name_of(item.exercise)}:",
                            sentence(dose_words(item.dose)),
                        )
                        for item in home.exercises
                    )
                )
            )
        return blocks

    def non_exercise(self) -> list[Block]:
        items, v = self.program.non_exercise, self.v
        if items is None:
            return []
        if items == NONE:
            return [
                Paragraph(
                    f"The intervention {v('had', 'will have')} no non-exercise components: no "
                    f"education, advice or other co-interventions {v('were', 'will be')} given."
                )
            ]
        names = join_words(lower_first(item.name) for item in items)
        return [
            Paragraph(
                f"Besides the exercise, participants {v('received', 'will receive')} these "
                f"non-exercise components: {names}."
            ),
            Bullets(
                tuple(
                    (
                        f"{item.name}:" if item.description else item.name,
                        sentence(item.description) if item.description else "",
                    )
                    for item in items
                )
            ),
        ]

    def motivation(self) -> list[Block]:
        items, v = self.program.motivation, self.v
        if items is None:
            return []
        if items == NONE:
            return [
                Paragraph(
                    f"No specific strategies to motivate participants {v('were', 'will be')} used."
                )
            ]
        return [
            Paragraph(f"These strategies {v('were', 'will be')} used to motivate participants."),
            Bullets(tuple((None, sentence(item)) for item in items)),
        ]

    def adherence(self) -> list[Block]:
        adherence, v = self.program.adherence, self.v
        if adherence is None:
            return []
        blocks: list[Block] = [
            Paragraph(
                f"Adherence to the exercise {v('was', 'will be')} measured as follows: "
                f"{lower_first(adherence.measurement).rstrip('.')}."
            )
        ]
        if adherence.reporting:
            blocks.append(
                Paragraph(
                    f"Adherence {v('was', 'will be')} reported as: "
                    f"{lower_first(adherence.reporting).rstrip('.')}."
                )
            )
        return blocks

    def adverse(self) -> list[Block]:
        events, v = self.program.adverse_events, self.v
        if events is None:
            return []
        blocks: list[Block] = []
        if events.monitoring:
            blocks.append(
                Paragraph(
                    f"Exercise-related adverse events {v('were', 'will be')} recorded and "
                    f"classified as follows: {lower_first(events.monitoring).rstrip('.')}."
                )
            )
        if events.occurred == NONE:
            blocks.append(Paragraph("No adverse events occurred during the programme."))
        elif events.occurred is not None:
            total = sum(event.number for event in events.occurred)
            noun = "adverse event" if total == 1 else "adverse events"
            blocks.append(Paragraph(f"In total, {total} {noun} occurred during the programme."))
            blocks.append(
                Bullets(
                    tuple(
                        (
                            f"{event.number} ×",
                            sentence(event.type)
                            + (
                                f" Relation and action: {lower_first(event.related).rstrip('.')}."
                                if event.related
                                else ""
                            ),
                        )
                        for event in events.occurred
                    )
                )
            )
        return blocks

    def fidelity(self) -> list[Block]:
        fidelity, v = self.program.fidelity, self.v
        if fidelity is None:
            return []
        text = (
            f"Fidelity to the planned programme {v('was', 'will be')} assessed as follows: "
            f"{lower_first(fidelity.assessment).rstrip('.')}."
        )
        if fidelity.assessed_by:
            who = lower_first(fidelity.assessed_by).rstrip(".")
            text += f" It {v('was', 'will be')} assessed by {who}."
        blocks: list[Block] = [Paragraph(text)]
        if fidelity.strategies:
            blocks.append(
                Paragraph(
                    f"Fidelity {v('was', 'will be')} maintained by these strategies: "
                    f"{lower_first(fidelity.strategies).rstrip('.')}."
                )
            )
        delivered = fidelity.delivered
        if delivered is not None:
            blocks.append(Paragraph(sentence(delivered.summary), "Delivery as planned:"))
            facts: list[tuple[str | None, str]] = []
            if delivered.sessions_planned and delivered.sessions_attended is not None:
                pct = 100 * delivered.sessions_attended / delivered.sessions_planned
                facts.append(
                    (
                        "Sessions attended:",
                        f"{delivered.sessions_attended} of {delivered.sessions_planned} "
                        f"({pct:.0f}%).",
                    )
                )
            if delivered.sets_completed_pct is not None:
                facts.append(
                    ("Prescribed sets completed:", f"{number(delivered.sets_completed_pct)}%.")
                )
            if facts:
                blocks.append(Bullets(tuple(facts)))
        return blocks

    def modifications(self) -> list[Block]:
        items = self.program.modifications
        if items is None:
            return []
        if items == NONE:
            return [Paragraph("No modifications were made to the programme during delivery.")]
        bullets = []
        for item in items:
            text = f"{sentence(item.what)} Why: {lower_first(item.why).rstrip('.')}."
            if item.how:
                text += f" How: {lower_first(item.how).rstrip('.')}."
            bullets.append((f"{item.when[:1].upper()}{item.when[1:]}:", text))
        return [
            Paragraph("The programme was modified during delivery as follows."),
            Bullets(tuple(bullets)),
        ]


READINESS_WORDS: dict[str, str] = {
    "sleep_hours": "hours of sleep",
    "sleep_quality": "sleep quality",
    "stress": "stress",
    "fatigue": "fatigue",
    "soreness": "muscle soreness",
    "mood": "mood",
}
"""The readiness markers in the methods text, in the order they are named."""


def readiness_words(monitoring: ReadinessMonitoring, v: Voice, *, tailored: bool = True) -> str:
    """How recovery is monitored, in the methods text's voice: the markers, how often, that they
    are self-reports, and the programme's own rule when it gives one."""
    written = set(monitoring.markers)
    scaled = [READINESS_WORDS[m] for m in READINESS_WORDS if m in written and m != "sleep_hours"]
    parts: list[str] = []
    if "sleep_hours" in written:
        parts.append(READINESS_WORDS["sleep_hours"])
    if scaled:
        scale = "on 0-10 scales" if len(scaled) > 1 else "on a 0-10 scale"
        parts.append(f"{join_words(scaled)} {scale}")
    markers = parts[0] if len(parts) == 1 else f"{parts[0]}, and {parts[1]}"
    how_often = "daily" if monitoring.frequency == "daily" else "weekly"
    text = (
        f"Recovery {v('was', 'will be')} monitored"
        f"{' as part of the tailoring' if tailored else ''}: participants "
        f"{v('reported', 'will report')} their {markers} in a {how_often} check-in. "
        f"These {v('were', 'are')} self-reports, not diagnostic measures."
    )
    if monitoring.rule:
        text += (
            f" The check-in {v('was', 'is')} used by this rule: "
            f"{lower_first(monitoring.rule).rstrip('.')}."
        )
    return text


def _repeat_words(session: Session) -> str:
    """'twice a day, every day', 'on Monday and Thursday', '' for a once-a-week session."""
    times = {1: "", 2: "twice a day"}.get(session.per_day, f"{session.per_day} times a day")
    days = session.days or []
    when = "every day" if len(days) == 7 else f"on {join_words(days)}" if days else ""
    return ", ".join(x for x in (times, when) if x)


def _place_words(session: Session) -> str:
    """'at the clinic, supervised', 'at home, unsupervised', '' when the file says neither."""
    place = {"clinic": "at the clinic", "home": "at home", "tele-rehab": "by tele-rehabilitation"}
    where = place.get(session.where or "", "")
    supervised = session.is_supervised
    how = "" if supervised is None else "supervised" if supervised else "unsupervised"
    return ", ".join(x for x in (where, how) if x)


def _minutes_of(minutes: float | None) -> str:
    return f"{number(minutes)} min" if minutes is not None else ""


def _intensity_summary(program: Program) -> str:
    kinds: dict[str, None] = {}
    labels = {
        "kg": "loads in kg",
        "lb": "loads in lb",
        "pct_1rm": "percentages of 1RM",
        "pct_e1rm": "percentages of the estimated 1RM",
        "rpe": "RPE (rating of perceived exertion)",
        "rir": "repetitions in reserve (RIR)",
        "pct_hrmax": "percentages of maximal heart rate",
        "pct_hrr": "percentages of heart-rate reserve",
        "bodyweight": "body weight",
        "band": "elastic band colours",
        "pain": "the pain allowed during the exercise (0-10)",
    }
    for _, item in program.all_prescriptions():
        for intensity in item.dose.intensity:
            kinds[labels[intensity.kind]] = None
        rule = item.progression
        if isinstance(rule, PercentWave):
            kinds[labels["pct_1rm"]] = None
        elif isinstance(rule, RpeTargets):
            kinds[labels["rpe" if rule.rpe is not None else "rir"]] = None
        elif isinstance(rule, Levels):
            kinds["the level reached (longer holds or harder variants)"] = None
            for level in rule.levels:
                for intensity in level.dose.intensity:
                    kinds[labels[intensity.kind]] = None
    return join_words(kinds)


def _without_intensity(loaded: LoadedProgram) -> list[str]:
    names: list[str] = []
    for _, item in loaded.program.all_prescriptions():
        if item.states_intensity():
            continue
        name = exercise_name(loaded, written_key(loaded, item.exercise))
        if name not in names:
            names.append(name)
    return names


def _muscle_blocks(loaded: LoadedProgram) -> list[Block]:
    weeks, muscles, values = weekly_muscle_sets(loaded, MAX_MUSCLE_COLUMNS)
    if not muscles:
        return []
    rows = tuple(
        (str(week), *(f"{value:g}" for value in row))
        for week, row in zip(weeks, values, strict=True)
    )
    return [
        Table(
            ("Week", *muscles),
            rows,
            caption=(
                "Planned weekly sets per muscle (a set counts 1 for the muscles an exercise "
                "trains directly and 0.5 for those it trains indirectly)."
            ),
        )
    ]


def _monitors(program: Program) -> bool:
    return program.tailoring is not None and program.tailoring.readiness_monitoring is not None


def _checklist_blocks(loaded: LoadedProgram, sections: list[str]) -> list[Block]:
    from exdose.checklists import load_checklist
    from exdose.checklists.score import score_program

    score = score_program(loaded.program)
    blocks: list[Block] = [
        Heading(1, H_CHECKLISTS),
        Paragraph(
            f"CERT: {score.cert.score} of {score.cert.max} items reported. "
            f"TIDieR: {score.tidier.score} of {score.tidier.max} items reported. "
            "For each item, the table names the section of the description above that "
            'reports it; an item the programme does not report is marked "not reported".'
        ),
    ]
    missing: list[tuple[str | None, str]] = []
    for name, checklist in (("cert", score.cert), ("tidier", score.tidier)):
        definition = load_checklist(name)
        sections_of = {item.id: item.section for item in definition.items}
        rows: list[tuple[str, ...]] = []
        for item in checklist.items:
            if item.reported:
                where = next(
                    (h for h in WHERE.get((name, item.id), ()) if h in sections), H_SESSIONS
                )
                if (
                    where == H_TAILORING
                    and (name, item.id) in READINESS_ITEMS
                    and _monitors(loaded.program)
                ):
                    where += " (with the readiness monitoring)"
                rows.append((item.id, sections_of.get(item.id, ""), item.title, "yes", where))
            else:
                rows.append(
                    (item.id, sections_of.get(item.id, ""), item.title, "no", "not reported")
                )
                if item.hint:
                    missing.append(
                        (f"{definition.title.split(' ')[0]} {item.id} {item.title}:", item.hint)
                    )
        title = "CERT" if name == "cert" else "TIDieR"
        blocks.append(Heading(2, f"{title} ({checklist.score}/{checklist.max})"))
        blocks.append(
            Table(("Item", "Section", "Title", "Reported", "Where reported"), tuple(rows))
        )
    if missing:
        blocks.append(Heading(2, "Items not reported"))
        blocks.append(
            Paragraph("What the programme file needs in order to report each missing item:")
        )
        blocks.append(Bullets(tuple(missing)))
    return blocks


def methods_document(loaded: LoadedProgram) -> Document:
    """The methods document: the intervention description, then the filled checklists."""
    from exdose.program.expand import plan_sessions

    sessions = plan_sessions(loaded)
    b = _Builder(loaded)
    b.blocks.append(Heading(1, f"Exercise intervention: {loaded.program.name}"))
    b.section(H_NAME, b.name())
    b.section(H_PARTICIPANTS, b.participants())
    b.section(H_MATERIALS, b.materials())
    b.section(H_PROVIDER, b.provider())
    b.section(H_DELIVERY, b.delivery())
    b.section(H_SETTING, b.setting())
    b.section(H_EXERCISES, b.exercises())
    b.section(H_SESSIONS, b.sessions())
    progression = b.progression(sessions)
    b.section(H_DOSE, b.dose(sessions, bool(progression)))
    b.section(H_PROGRESSION, progression)
    b.section(H_TAILORING if loaded.program.tailoring else H_START, b.tailoring())
    b.section(H_HOME, b.home())
    b.section(H_NON_EXERCISE, b.non_exercise())
    b.section(H_MOTIVATION, b.motivation())
    b.section(H_ADHERENCE, b.adherence())
    b.section(H_ADVERSE, b.adverse())
    b.section(H_FIDELITY, b.fidelity())
    b.section(H_MODIFICATIONS, b.modifications())
    b.blocks.append(PageBreak())
    b.blocks.extend(_checklist_blocks(loaded, b.sections))
    return Document(title=loaded.program.name, audience="methods", blocks=b.blocks)


def _as_loaded(loaded_or_program: LoadedProgram | Program) -> LoadedProgram:
    if isinstance(loaded_or_program, Program):
        import json

        from exdose.program.io import load_program_bytes

        # Reloading binds the programme's own exercises into the library, as loading a file does.
        # Only the fields that were set are written, so a default stays a default (the text
        # states only what the programme says; exdose's defaults are named as assumptions).
        data = loaded_or_program.model_dump(mode="json", exclude_none=True, exclude_unset=True)
        text = json.dumps(data, ensure_ascii=False)
        return load_program_bytes(text.encode("utf-8"), f"<{loaded_or_program.name}>")
    return loaded_or_program


def render_methods_markdown(loaded_or_program: LoadedProgram | Program) -> str:
    """The methods section (intervention description and filled checklists) as Markdown."""
    return to_markdown(methods_document(_as_loaded(loaded_or_program)))

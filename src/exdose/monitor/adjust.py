"""The next week: progress, hold, reduce (one change at a time) or refer, with reasons.

The order of judgement (this module, the decision):
1. a red flag in the last two weeks stops everything: "refer", no changes;
2. pain outside the pain-monitoring model (Silbernagel 2007) in the last programme week: "reduce",
   with exactly one change to the exercise most likely involved, keeping the exercise;
3. an unplanned week-over-week spike in sets or volume load (>= 15%), a load or reps above the
   prescription, or pain in the acceptable zone: "hold" (repeat the week's doses, back to the
   prescription where it was exceeded);
4. otherwise "progress" by each prescription's own progression rule, judged on what was done.

The parts: `week` (what was done with each exercise, loads on the kit), `flags` (load flags),
`choice` (which exercise a reduction targets), `tailoring` (the programme's own rules),
`changes` (building the one change and its programme edit), `progression` (each rule's next
dose); writing the next programme file is `exdose.program.edit`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from typing import Any, Literal

import polars as pl
from pydantic import BaseModel, Field

from exdose.errors import LogReadError, ProgramError, UsageError
from exdose.monitor.align import StartOverride, anchor_for, on_programme_weeks
from exdose.monitor.changes import (
    Change,
    ProgrammeEdit,
    above_prescription,
    reached_loads,
    reduction,
)
from exdose.monitor.choice import choose_exercise
from exdose.monitor.config import (
    DEFAULT_CONFIG,
    HARRISON_SHORT,
    MonitorConfig,
)
from exdose.monitor.flags import (
    LoadFlag,
    load_flags,
)
from exdose.monitor.pain import PainAssessment, assess_pain, combine_ratings
from exdose.monitor.progression import progressions
from exdose.monitor.readiness import (
    SOURCE_NOTE,
    ReadinessDiary,
    ReadinessPeriod,
    describe,
    judge_period,
)
from exdose.monitor.tailoring import (
    MARK,
)
from exdose.monitor.week import (
    exercise_weeks,
    first_prescription,
    keys_in,
    phase_for_next,
)
from exdose.program.edit import PrescriptionChange, next_version
from exdose.program.expand import expand
from exdose.program.io import LoadedProgram, exercise_name
from exdose.program.model import (
    Double,
    Linear,
    Modification,
    Phase,
    Program,
)
from exdose.sets.readers.model import LogRead, PainDiary

__all__ = [
    "Adjustment",
    "Change",
    "Decision",
    "LoadFlag",
    "NextProgramme",
    "ProgrammeEdit",
    "next_program",
    "propose_adjustment",
]

Decision = Literal["progress", "hold", "reduce", "refer"]


class NextProgramme(BaseModel):
    """Everything `next_program` needs besides the programme: serialisable, so an adjustment
    read back from JSON still writes the next programme.

    `start_kg`: the load each exercise's rule restarts from (the load reached, never above the
    prescription); `week_grid_start`: the Monday of week 1 the proposal was judged on, written
    as the next programme's start_date when the programme had none; `extend_last_phase_to`: the
    last logged week past the programme's end, to which its last phase is extended.
    """

    change: ProgrammeEdit | None = None
    start_kg: dict[str, float] = Field(default_factory=dict)
    week_grid_start: dt.date | None = None
    week_grid_source: str | None = None
    extend_last_phase_to: int | None = None


class Adjustment(BaseModel):
    """The proposal for the next programme week."""

    decision: Decision
    reasons: list[str]
    changes: list[Change]
    message: str
    evaluated_week: int
    next_week: int
    weeks_note: str
    target_exercise: str | None
    pain: PainAssessment
    load_flags: list[LoadFlag]
    notes: list[str]
    edit: NextProgramme = Field(default_factory=NextProgramme)
    readiness: ReadinessPeriod | None = None

    def as_json(self) -> dict[str, Any]:
        """The JSON shape documented in docs/monitor.md (`from` spelled as in the issue); the
        `readiness` key appears only when readiness ratings were given."""
        data = self.model_dump(mode="json", by_alias=True)
        if data.get("readiness") is None:
            data.pop("readiness", None)
        return data


def propose_adjustment(
    loaded: LoadedProgram,
    log: LogRead,
    pain: Sequence[PainDiary] = (),
    config: MonitorConfig = DEFAULT_CONFIG,
    start: StartOverride = None,
    week: int | None = None,
    planned: pl.DataFrame | None = None,
    readiness: ReadinessDiary | None = None,
) -> Adjustment:
    """Judge a programme week of the log (and pain ratings) and propose the week after it.

    With `readiness` ratings, pain outside the model in a week whose recovery markers are
    clearly worse than the person's baseline holds the load with a `recovery` change first; the
    dose changes only when pain stays high with recovery normal, or in the week after.

    By default the last week with training or pain ratings is judged. `week` judges an earlier
    week as if the proposal were made at its end: sets and ratings after it are set aside, so a
    past decision (for example at a pain episode) can be reviewed or replayed. `planned` is the
    programme's expansion when the caller already has it.
    """
    if log.sets.height == 0:
        raise LogReadError(
            "the log has no sets to judge", hint="log at least one week of the programme"
        )
    program = loaded.program
    anchor = anchor_for(loaded, log.sets["date"], start)
    performed = on_programme_weeks(loaded, log.sets, anchor)
    diaries = [d.entries for d in pain]
    if log.pain is not None:
        diaries.append(log.pain.entries)
    ratings = combine_ratings(diaries, performed)
    last_dates = [performed["date"].max()]
    if ratings.height:
        last_dates.append(ratings["date"].max())
    last = max(d for d in last_dates if isinstance(d, dt.date))
    last_week = anchor.week_of(last)
    if last_week < 1:
        raise LogReadError(
            f"the log ends on {last.isoformat()}, before the programme starts "
            f"({anchor.start.isoformat()})",
            hint="check the programme's start_date",
        )
    set_aside: str | None = None
    if week is None:
        week = last_week
    elif not 1 <= week <= last_week:
        raise UsageError(
            f"week {week} cannot be judged: the log and pain ratings cover programme weeks "
            f"1-{last_week} ({anchor.describe()})",
            hint=f"give --week a week from 1 to {last_week}",
        )
    else:
        # Judge as at the end of `week`: what happened later was not known then.
        end = anchor.start + dt.timedelta(days=7 * week)
        later = performed.filter(pl.col("date") >= end).height
        performed = performed.filter(pl.col("date") < end)
        ratings = ratings.filter(pl.col("date") < end)
        if later:
            set_aside = (
                f"judged as at the end of week {week}: {later} logged sets after "
                f"{(end - dt.timedelta(days=1)).isoformat()} were set aside"
            )
    next_week = week + 1
    if planned is None:
        planned = expand(loaded, home=True)
    pain_result = assess_pain(ratings, anchor, week, config)
    flags = load_flags(loaded, performed, planned, week, config)
    states = exercise_weeks(performed, planned, week)
    above_rx = above_prescription(loaded, performed, planned, week, config)
    # Heavier loads under an RPE rule are autoregulation: taken back only when pain is too much.
    held_above = {k: a for k, a in above_rx.items() if not a.autoregulated}
    phase = phase_for_next(program, next_week)
    notes = list(pain_result.notes)
    if set_aside:
        notes.append(set_aside)
    extend_to: int | None = None
    if next_week > program.weeks:
        last_phase = max(program.phases, key=lambda p: p.last_week)
        block = f"'{last_phase.name} (from week {next_week}, adjusted)'"
        if week > program.weeks:
            extend_to = week
            notes.append(
                f"the log runs to week {week}, past the programme's {program.weeks} weeks: the "
                f"next programme extends its last phase '{last_phase.name}' to week {week} (as "
                f"done) and starts a new block {block} at week {next_week}"
            )
        else:
            notes.append(
                f"the programme has {program.weeks} weeks; the next programme continues its "
                f"last phase '{last_phase.name}' as a new block {block} at week {next_week}"
            )
    notes += [f.message for f in flags if f.kind == "caution" or f.as_planned]
    reasons: list[str] = []
    changes: list[Change] = []
    edit: ProgrammeEdit | None = None
    starts: dict[str, float] = {}
    target: str | None = None
    message = ""
    red = [f for f in pain_result.findings if f.kind == "red_flag"]
    exceeded = [
        f for f in pain_result.findings if f.kind in ("during", "after", "not_settled", "rising")
    ]
    spikes = [f for f in flags if f.kind == "spike" and not f.as_planned]
    set_spikes = [f for f in spikes if f.label != "volume load"]
    if not set_spikes and not held_above and not config.hold_on_volume_load_spike:
        notes += [
            f"{f.message}: from reps or load within the progression, with no spike in sets"
            for f in spikes
        ]
        spikes = []
    acceptable = [f for f in pain_result.findings if f.kind == "acceptable"]
    recovery: ReadinessPeriod | None = None
    after_recovery = False
    if readiness is not None and not readiness.empty:
        first = anchor.start + dt.timedelta(days=7 * (week - 1))
        recovery = judge_period(readiness, first, first + dt.timedelta(days=6), config)
        used = ", ".join(
            f"{m.marker} {m.value:g} (baseline "
            + ("none" if m.baseline is None else f"{m.baseline:g}")
            + ")"
            for m in recovery.markers
        )
        notes.append(f"readiness markers of week {week}: {used or 'none rated'}; {SOURCE_NOTE}")
        after_recovery = recovery_held_before(program, week)
        if after_recovery and exceeded:
            notes.append(
                f"week {week} followed a recovery hold and pain is still outside the model: "
                "the dose changes now"
            )
    decision: Decision
    if red:
        decision = "refer"
        reasons = [f.message for f in red]
        message = (
            "Red flag: no training proposal. Seek assessment by a physiotherapist or doctor "
            "before training on."
        )
    elif exceeded and recovery is not None and recovery.worse and not after_recovery:
        decision = "hold"
        text = describe(recovery.worse)
        reasons = [f.message for f in exceeded] + [
            f"recovery clearly worse than the person's own baseline in week {week}: {text} "
            f"(the week's mean against the median of the 28 days before; self-reports)"
        ]
        changes.append(
            Change(
                exercise=None,
                variable="recovery",
                from_=None,
                to="keep the load; protect sleep and recovery, then judge again next week",
                reason=f"keep the load; {text} this week: protect sleep and recovery, then "
                "judge again next week (practice: before changing the dose, ask whether "
                "recovery can be improved; the exercise is kept)",
                evidence="practice",
            )
        )
        starts = reached_loads(states, planned, week, loaded)
        message = (
            "Keep the exercises and the load; protect sleep and recovery this week, then "
            "judge again next week."
        )
    elif exceeded:
        decision = "reduce"
        reasons = [f.message for f in exceeded] + [f.message for f in spikes]
        candidates = keys_in(phase, loaded)
        target, why = choose_exercise(
            loaded, performed, ratings, pain_result, flags, states, candidates, above_rx
        )
        if target is not None:
            made = reduction(
                loaded, target, phase, states, pain_result, config, next_week, planned, above_rx
            )
            if made is not None:
                change, edit = made
                changes.append(change)
                notes.append(f"{exercise_name(loaded, target)} chosen because {why}")
                starts = reached_loads(states, planned, week, loaded)
            else:
                decision = "hold"
                notes.append(
                    f"every variable of {exercise_name(loaded, target)} has already been "
                    "changed once; hold the dose and review with the clinician"
                )
        message = "Keep the exercise; change one thing and judge it over the next week."
    elif spikes or acceptable or held_above:
        decision = "hold"
        reasons = [
            f"{f.message}: hold this week's dose rather than add more ({HARRISON_SHORT}; "
            "the 10% caution line is practice)"
            for f in spikes
        ] + [f.message for f in acceptable]
        # Load or reps above the prescription are treated like a set spike: back to the
        # prescription first (the restart loads below are capped at it).
        for key, a in sorted(held_above.items()):
            change = a.change(exercise_name(loaded, key))
            reasons.append(change.reason)
            changes.append(change)
        starts = reached_loads(states, planned, week, loaded)
        message = "Repeat this week's doses next week; progress when the week is within limits."
    else:
        decision = "progress"
        status = pain_result.status
        reasons = [
            "pain within the pain-monitoring model"
            if status == "within limits"
            else "no pain ratings for the week (progressing on the log alone)",
            "no unplanned week-over-week spike in sets or volume load",
        ]
        changes, starts, more = progressions(loaded, phase, states, planned, week, next_week)
        notes += more
    result = Adjustment(
        decision=decision,
        reasons=reasons,
        changes=changes,
        message=message,
        evaluated_week=week,
        next_week=next_week,
        weeks_note=anchor.describe(),
        target_exercise=target,
        pain=pain_result,
        load_flags=flags,
        notes=notes,
        readiness=recovery,
        edit=NextProgramme(
            change=edit,
            start_kg=starts,
            week_grid_start=anchor.start,
            week_grid_source=anchor.source,
            extend_last_phase_to=extend_to,
        ),
    )
    return result


def recovery_held_before(program: Program, week: int) -> bool:
    """Whether an earlier run of `exdose adjust` held for recovery from programme week `week`
    (so this week's pain, if still high, now changes the dose)."""
    if not isinstance(program.modifications, list):
        return False
    return any(
        MARK in (m.how or "")
        and "variable: recovery" in (m.how or "")
        and (m.when == f"week {week}" or m.when.startswith(f"week {week} "))
        for m in program.modifications
    )


def _prescription_change(
    loaded: LoadedProgram, phase: Phase, edit: ProgrammeEdit
) -> tuple[PrescriptionChange, dict[str, float]]:
    """The programme edit for program.edit, and any load the exercise's rule restarts from.

    A new load goes into a load rule's start (double, linear), else into the written load as a
    factor of the prescription's own load: either way the file expands to `edit.load_kg`.
    """
    factor = 1.0
    starts: dict[str, float] = {}
    if edit.load_kg is not None:
        item = first_prescription(phase, edit.exercise, loaded)
        rule = item.progression if item is not None else None
        if isinstance(rule, (Double, Linear)) and rule.increment.unit in ("kg", "lb", "%"):
            starts[edit.exercise] = edit.load_kg
        elif item is not None and item.dose.load_kg:
            factor = edit.load_kg / item.dose.load_kg
    change = PrescriptionChange(
        exercise=edit.exercise,
        variable=edit.variable,
        sets_step=edit.sets_step,
        rir_step=edit.rir_step,
        load_factor=factor,
        tempo=edit.tempo,
        note=edit.note,
        drop_from_session=edit.drop_from_session,
    )
    return change, starts


def _extended(loaded: LoadedProgram, to_week: int) -> LoadedProgram:
    """The programme with its last phase running to `to_week` (weeks logged past its end)."""
    program = loaded.program.model_copy(deep=True)
    last = max(program.phases, key=lambda p: p.last_week)
    if to_week > last.last_week:
        last.weeks = f"{last.first_week}-{to_week}"
    return replace(loaded, program=program)


def next_program(loaded: LoadedProgram, adjustment: Adjustment) -> Program:
    """The programme with the proposal written in from the next week on.

    The phase covering the next week is split there (or the last phase continued past the end,
    extended first over any weeks logged beyond it, so no week is left without a phase);
    progression rules in the new phase start from the loads reached (double and linear load
    rules restart their rep range at the bottom), the one change is applied to the target
    exercise, every computed load is rounded to the exercise's kit, and a hold or a reduction is
    recorded in `modifications` (TIDieR 10). A "refer" writes nothing.
    """
    if adjustment.decision == "refer":
        raise ProgramError(
            "a red flag stops the proposal: no next programme is written",
            hint="seek assessment before training on",
        )
    plan = adjustment.edit
    week = adjustment.next_week
    if plan.extend_last_phase_to is not None:
        loaded = _extended(loaded, plan.extend_last_phase_to)
    phase = phase_for_next(loaded.program, week)
    starts = dict(plan.start_kg)
    change: PrescriptionChange | None = None
    if plan.change is not None:
        change, more = _prescription_change(loaded, phase, plan.change)
        starts.update(more)
    when = f"week {week}"
    if plan.week_grid_start is not None:
        when += f" (from {(plan.week_grid_start + dt.timedelta(days=7 * (week - 1))).isoformat()})"
    mods: list[Modification] = []
    if adjustment.decision == "reduce" and adjustment.changes and plan.change is not None:
        c = adjustment.changes[0]
        mods.append(
            Modification(
                when=when,
                what=f"{c.exercise}: {c.variable} {c.from_ or '(as before)'} -> {c.to}",
                why=c.reason,
                how=f"{MARK}; variable: {plan.change.variable}; "
                f"exercise: {plan.change.exercise}; one change at a time, judged after a week",
            )
        )
    elif any(c.variable == "recovery" for c in adjustment.changes):
        c = next(c for c in adjustment.changes if c.variable == "recovery")
        mods.append(
            Modification(
                when=when,
                what="Recovery first: the load of week "
                f"{adjustment.evaluated_week} is kept; {c.to}",
                why=c.reason,
                how=f"{MARK}; variable: recovery; exercise: all",
            )
        )
    elif adjustment.decision in ("hold", "reduce"):
        mods.append(
            Modification(
                when=when,
                what=f"Progression held: the doses of week {adjustment.evaluated_week} are "
                "repeated",
                why="; ".join(adjustment.reasons) or "hold",
                how=f"{MARK}; variable: progression; exercise: all",
            )
        )
    # Record the week grid the proposal was judged on, so the next run lines up with it.
    start_date = (
        plan.week_grid_start
        if plan.week_grid_start is not None and plan.week_grid_source != "start_date"
        else None
    )
    return next_version(
        loaded, week, start_kg=starts, change=change, modifications=mods, start_date=start_date
    )

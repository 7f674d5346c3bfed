"""The handout: what the person training does, session by session, readable on paper.

One box per session (warm-up, each exercise with its dose in plain words, its cues, cool-down),
the pain rules in plain words when the programme has tailoring rules, and for each session a table
of the planned doses week by week with a box to tick when it is done.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from exdose.program.model import NONE, HomeProgramme, Levels, Phase, Prescription, Session
from exdose.report.document import (
    TICK,
    Block,
    Box,
    Bullets,
    Document,
    Heading,
    PageBreak,
    Paragraph,
    Table,
)
from exdose.report.doses import effort_scales, exercise_name, session_cells, written_key
from exdose.report.words import dose_words, lower_first, sentence

if TYPE_CHECKING:
    from exdose.program.expand import PlannedSession
    from exdose.program.io import LoadedProgram

EASY_WEEK = "easy week"


def _exercise_blocks(
    loaded: LoadedProgram, item: Prescription, first_week: int | None = None
) -> list[Block]:
    key = written_key(loaded, item.exercise)
    own = loaded.program.exercises.get(key)
    blocks: list[Block] = [
        Paragraph(sentence(dose_words(item.dose)), f"{exercise_name(loaded, key)}:")
    ]
    details: list[tuple[str | None, str]] = []
    if own is not None and own.starting_position:
        details.append(("Start:", sentence(own.starting_position)))
    if own is not None and own.description:
        details.append(("How:", sentence(own.description)))
    if own is not None and own.range_of_motion:
        details.append(("How far:", sentence(own.range_of_motion)))
    details.extend(("Cue:", sentence(cue)) for cue in (own.cues if own is not None else []))
    if own is not None and own.regression:
        details.append(("Too hard?", sentence(own.regression)))
    if item.notes:
        details.append(("Note:", sentence(item.notes)))
    rule = item.progression
    if isinstance(rule, Levels) and first_week is not None:
        for index, level in enumerate(rule.levels):
            week = first_week + index * rule.weeks_per_level
            variant = (
                f"{exercise_name(loaded, written_key(loaded, level.exercise))}, "
                if level.exercise
                else ""
            )
            details.append(
                (f"{level.name} (from week {week}):", sentence(variant + dose_words(level.dose)))
            )
    if details:
        blocks.append(Bullets(tuple(details)))
    return blocks


def _session_box(loaded: LoadedProgram, session: Session, first_week: int) -> Box:
    title = f"Session {session.name}"
    extras = [
        x
        for x in (session.day, f"about {session.minutes:g} minutes" if session.minutes else "")
        if x
    ]
    if extras:
        title += " · " + " · ".join(extras)
    blocks: list[Block] = []
    if session.warm_up:
        blocks.append(Paragraph(sentence(session.warm_up), "Warm-up:"))
    for item in session.exercises:
        blocks.extend(_exercise_blocks(loaded, item, first_week))
    if session.cool_down:
        blocks.append(Paragraph(sentence(session.cool_down), "Cool-down:"))
    return Box(title, tuple(blocks))


def _loads_table(
    loaded: LoadedProgram, phase: Phase, s_index: int, planned: list[PlannedSession]
) -> Table:
    """Week rows for one session of a phase: each exercise's planned dose, and a tick box."""
    session = phase.sessions[s_index]
    keys = list(dict.fromkeys(written_key(loaded, item.exercise) for item in session.exercises))
    rows: list[tuple[str, ...]] = []
    for week_session in planned:
        if week_session.day != s_index + 1 or not (
            phase.first_week <= week_session.week <= phase.last_week
        ):
            continue
        cells: dict[str, str] = {}
        for key, cell in session_cells(loaded, week_session):
            cells.setdefault(key, cell)
        label = str(week_session.week)
        if week_session.deload:
            label += f" ({EASY_WEEK})"
        rows.append((label, *(cells.get(key, "-") for key in keys), TICK))
    header = ("Week", *(exercise_name(loaded, key) for key in keys), "Done")
    return Table(
        header,
        tuple(rows),
        caption=f"Session {session.name}: your planned sets × reps, load and effort each week",
        ticks=True,
    )


def handout_document(loaded: LoadedProgram) -> Document:
    """The handout document for the person training."""
    from exdose.program.expand import plan_sessions

    program = loaded.program
    planned = plan_sessions(loaded)
    blocks: list[Block] = [Heading(1, f"Your programme: {program.name}")]
    if program.goal:
        blocks.append(Paragraph(sentence(program.goal), "What it is for:"))
    per_week = {len(phase.sessions) for phase in program.phases}
    count = per_week.pop() if len(per_week) == 1 else None
    frequency = (
        f"{count} session{'s' if count != 1 else ''} a week"
        if count is not None
        else "with the number of sessions a week changing between phases (see below)"
    )
    sessions = [s for phase in program.phases for s in phase.sessions]
    warm = any(s.warm_up for s in sessions)
    cool = any(s.cool_down for s in sessions)
    parts = [
        part
        for part in (
            "warm up as described" if warm else "",
            "do each exercise for the sets and repetitions shown",
            "cool down as described" if cool else "",
        )
        if part
    ]
    steps = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + ", then " + parts[-1]
    blocks.append(
        Paragraph(
            f"This programme runs for {program.weeks} weeks, {frequency}. Do the sessions in "
            f"order. Each box below is one session: {steps}. After each session, tick the box "
            "for that week in the table."
        )
    )
    blocks.extend(_effort_note(loaded))
    blocks.extend(_pain_rules(loaded))
    for phase in program.phases:
        blocks.append(PageBreak())  # each phase starts on a new page
        heading = f"Weeks {phase.weeks}: {phase.name}"
        blocks.append(Heading(2, heading))
        if phase.goal:
            blocks.append(Paragraph(sentence(phase.goal), "Aim:"))
        for session in phase.sessions:
            blocks.append(_session_box(loaded, session, phase.first_week))
        blocks.append(Heading(3, f"Your plan week by week ({heading.lower()})"))
        blocks.extend(
            _loads_table(loaded, phase, s_index, planned) for s_index in range(len(phase.sessions))
        )
    blocks.extend(_home_blocks(loaded))
    return Document(title=program.name, audience="handout", blocks=blocks)


def _effort_note(loaded: LoadedProgram) -> list[Block]:
    scales = set(effort_scales(loaded).values())
    text: list[tuple[str | None, str]] = []
    if "rir" in scales:
        text.append(
            (
                "RIR (reps in reserve):",
                "stop each set when you could still do that many more good repetitions. "
                "RIR 2 means two more would have been possible.",
            )
        )
    text.append(
        (
            "RPE (effort, 0-10):",
            "how hard the set felt. 10 is the hardest you could do; 7 means about three more "
            "repetitions would have been possible.",
        )
    )
    if loaded.program.deload is not None:
        text.append(
            (
                "Easy weeks:",
                "in the weeks marked 'easy week' you do fewer sets with a little less weight.",
            )
        )
    return [Heading(2, "How hard to work"), Bullets(tuple(text))]


def _pain_rules(loaded: LoadedProgram) -> list[Block]:
    tailoring = loaded.program.tailoring
    if tailoring is None or not tailoring.rules:
        return []
    rules = tuple(
        (
            f"If {lower_first(rule.when).rstrip('.')}:",
            sentence(rule.then),
        )
        for rule in tailoring.rules
    )
    return [
        Heading(2, "Pain and safety rules"),
        Paragraph("Some discomfort while training can be normal. Follow these rules:"),
        Bullets(rules),
    ]


def _home_blocks(loaded: LoadedProgram) -> list[Block]:
    home = loaded.program.home_programme
    if home is None or home == NONE or not isinstance(home, HomeProgramme):
        return []
    blocks: list[Block] = [PageBreak(), Heading(2, "Home exercises")]
    blocks.append(Paragraph(sentence(home.description)))
    box: list[Block] = []
    for item in home.exercises:
        box.extend(_exercise_blocks(loaded, item))
    if box:
        times = f" · {home.sessions_per_week} times a week" if home.sessions_per_week else ""
        blocks.append(Box(f"Home session{times}", tuple(box)))
    if home.sessions_per_week:
        columns = tuple(f"Day {n}" for n in range(1, home.sessions_per_week + 1))
        rows = tuple(
            (str(week), *(TICK for _ in columns)) for week in range(1, loaded.program.weeks + 1)
        )
        blocks.append(
            Table(("Week", *columns), rows, caption="Tick each home session you do", ticks=True)
        )
    return blocks

"""The handout: what the person training does, in plain words, readable on paper.

Layout: a first page with what the programme is for, how hard to work (only the scales the
programme uses: effort RPE, reps in reserve, pain) and the pain and safety rules; then each
exercise once, with its picture where the programme gives one; then one page per phase with its
sessions (identical sessions written once, with how often to do them) and a tick table for its
weeks, the first phase on the exercises' last page when it fits there; then the home exercises.
exdose's own words go through gettext (`i18n.py`, en/nb/sv); the programme's own text (names,
descriptions, cues, rules) stays as written.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlparse

from exdose.errors import UsageError
from exdose.program.io import written_key
from exdose.program.kit import kit_for, load_carrier
from exdose.program.model import (
    NONE,
    HomeProgramme,
    Levels,
    Phase,
    Prescription,
    ReadinessMonitoring,
)
from exdose.report.document import (
    TICK,
    Block,
    Box,
    Bullets,
    Document,
    Heading,
    Image,
    Keep,
    PageBreak,
    Paragraph,
    Table,
)
from exdose.report.doses import effort_scales, patient_name
from exdose.report.handout_words import dose_phrase, num, planned_cell
from exdose.report.i18n import Translator, translator
from exdose.report.words import lower_first, sentence

if TYPE_CHECKING:
    from exdose.program.expand import PlannedSession
    from exdose.program.io import LoadedProgram

IMAGE_TYPES: dict[str, str] = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
}
VIDEO_TYPES: tuple[str, ...] = (".mp4", ".mov", ".webm", ".m4v", ".avi")
DAYS_IN_WEEK = 7


class _Handout:
    """The handout of one programme in one language."""

    def __init__(self, loaded: LoadedProgram, tr: Translator) -> None:
        self.loaded = loaded
        self.program = loaded.program
        self.tr = tr
        self._ = tr._
        self.scales = effort_scales(loaded)

    # --- names and doses ----------------------------------------------------------------------

    def name(self, written: str) -> str:
        """The patient's name of an exercise as written in a prescription."""
        return self.key_name(written_key(self.loaded, written))

    def key_name(self, key: str) -> str:
        """The patient's name of an exercise key; exdose's own library wording is translated."""
        name, ours = patient_name(self.loaded, key)
        return self._(name) if ours else name

    def carrier(self, written: str) -> str | None:
        """What a load added to body weight is carried in for this exercise (a backpack, a
        weight vest, ...), from its kit in the programme (`kit_for`); None when it does not say."""
        key = written_key(self.loaded, written)
        return load_carrier(kit_for(self.program, self.loaded.library, key))

    def exercise_line(self, item: Prescription, first_week: int | None) -> list[Block]:
        """One exercise of a session: its name and dose, notes, and levels if it has them."""
        _ = self._
        dose = dose_phrase(self.tr, item.dose, self.carrier(item.exercise))
        blocks: list[Block] = [Paragraph(sentence(dose), f"{self.name(item.exercise)}:")]
        details: list[tuple[str | None, str]] = []
        if item.notes:
            details.append((_("Note:"), sentence(item.notes)))
        rule = item.progression
        if isinstance(rule, Levels) and first_week is not None:
            for index, level in enumerate(rule.levels):
                week = first_week + index * rule.weeks_per_level
                variant = f"{self.name(level.exercise)}, " if level.exercise else ""
                lead = _("%(level)s (from week %(week)s):") % {"level": level.name, "week": week}
                carrier = self.carrier(level.exercise or item.exercise)
                words = dose_phrase(self.tr, level.dose, carrier)
                details.append((lead, sentence(variant + words)))
        if details:
            blocks.append(Bullets(tuple(details)))
        return blocks

    # --- the first page -------------------------------------------------------------------------

    def intro(self) -> list[Block]:
        _, p = self._, self.program
        blocks: list[Block] = [
            Heading(1, _("Your exercise programme: %(name)s") % {"name": p.name})
        ]
        if p.goal:
            blocks.append(Paragraph(sentence(p.goal), _("What it is for:")))
        text = self.tr.n_(
            "This programme runs for %(n)s week.", "This programme runs for %(n)s weeks.", p.weeks
        ) % {"n": p.weeks}
        if len(p.phases) > 1:
            text += " " + _(
                "Each part of the programme has its own page: the sessions to do, and a table "
                "where you tick off each session when you have done it."
            )
        else:
            text += " " + _(
                "The sessions to do come after the exercises, with a table where you tick off "
                "each session when you have done it."
            )
        blocks.append(Paragraph(text))
        return blocks

    def used_kinds(self) -> set[str]:
        kinds: set[str] = set()
        for _path, item in self.program.all_prescriptions():
            doses = [item.dose]
            if isinstance(item.progression, Levels):
                doses += [level.dose for level in item.progression.levels]
            for dose in doses:
                kinds.update(str(intensity.kind) for intensity in dose.intensity)
            rule = item.progression
            if rule is not None and getattr(rule, "type", "") == "rpe":
                kinds.add("rir" if getattr(rule, "rir", None) is not None else "rpe")
        return kinds

    def scales_note(self) -> list[Block]:
        """The scales the programme uses, each explained once; nothing for an unused scale."""
        _ = self._
        kinds = self.used_kinds()
        items: list[tuple[str | None, str]] = []
        if "rpe" in kinds:
            items.append(
                (
                    _("Effort (RPE, 0 to 10):"),
                    _(
                        "how hard the set felt. 0 is no effort at all and 10 is the hardest you "
                        "could possibly work. 7 means you could have done about three more "
                        "repetitions."
                    ),
                )
            )
        if "rir" in kinds:
            items.append(
                (
                    _("Repetitions in reserve (RIR):"),
                    _(
                        "how many more good repetitions you could still have done when you "
                        "stopped the set. RIR 2 means: stop when you could still do two more."
                    ),
                )
            )
        if "pain" in kinds:
            items.append(
                (
                    _("Pain (0 to 10):"),
                    _(
                        "0 is no pain and 10 is the worst pain you can imagine. Some pain during "
                        "the exercise is allowed, up to the number given for each exercise."
                    ),
                )
            )
        deload = self.program.deload
        if deload is not None:
            # Say only the reductions the plan makes (a factor of 1 changes nothing).
            if deload.load_factor < 1:
                text = _(
                    "in the weeks marked 'easy week' you do fewer sets, with a little less "
                    "weight, to recover."
                )
            else:
                text = _("in the weeks marked 'easy week' you do fewer sets, to recover.")
            items.append((_("Easy weeks:"), text))
        if not items:
            return []
        return [Heading(2, _("How hard to work")), Bullets(tuple(items))]

    def pain_rules(self) -> list[Block]:
        _ = self._
        tailoring = self.program.tailoring
        if tailoring is None or not (tailoring.rules or tailoring.readiness_monitoring):
            return []
        blocks: list[Block] = [Heading(2, _("Pain and safety rules"))]
        if tailoring.rules:
            rules = tuple(
                (
                    _("If %(when)s:") % {"when": lower_first(rule.when).rstrip(".")},
                    sentence(rule.then),
                )
                for rule in tailoring.rules
            )
            blocks.append(
                Paragraph(_("Some discomfort while training can be normal. Follow these rules:"))
            )
            blocks.append(Bullets(rules))
        if tailoring.readiness_monitoring is not None:
            blocks.extend(self.recovery_check(tailoring.readiness_monitoring))
        return blocks

    def recovery_check(self, monitoring: ReadinessMonitoring) -> list[Block]:
        """How the person reports their recovery: the markers the programme lists, how often,
        the programme's own rule as written, and that these are their own ratings."""
        _ = self._
        daily = monitoring.frequency == "daily"
        words: dict[str, tuple[str, str]] = {
            "sleep_hours": (
                _("Sleep:"),
                _("how many hours you slept last night.")
                if daily
                else _("about how many hours a night you slept this week."),
            ),
            "sleep_quality": (_("Sleep quality:"), _("from 0 (very poor) to 10 (very good).")),
            "stress": (_("Stress:"), _("from 0 (none) to 10 (very high).")),
            "fatigue": (_("Tiredness:"), _("from 0 (not tired) to 10 (exhausted).")),
            "soreness": (_("Muscle soreness:"), _("from 0 (none) to 10 (very sore).")),
            "mood": (_("Mood:"), _("from 0 (very low) to 10 (very good).")),
        }
        intro = (
            _("Each day, write down how you are doing:")
            if daily
            else _("Once a week, write down how the week has been:")
        )
        items = tuple(words[marker] for marker in words if marker in monitoring.markers)
        blocks: list[Block] = [Paragraph(intro, _("Recovery check-in:")), Bullets(items)]
        if monitoring.rule:
            blocks.append(Paragraph(sentence(monitoring.rule), _("How your answers are used:")))
        blocks.append(
            Paragraph(
                _(
                    "These are your own ratings of how you feel, not a test or a diagnosis. "
                    "Sleep, stress and rest change how much training the body tolerates, so a "
                    "bad night or a hard week is worth writing down."
                )
            )
        )
        return blocks

    # --- each exercise once ---------------------------------------------------------------------

    def exercises(self) -> list[Block]:
        _ = self._
        keys: list[str] = []
        for _path, item in self.program.all_prescriptions():
            names = [item.exercise]
            if isinstance(item.progression, Levels):
                names += [level.exercise for level in item.progression.levels if level.exercise]
            for name in names:
                key = written_key(self.loaded, name)
                if key not in keys:
                    keys.append(key)
        blocks: list[Block] = []
        for key in keys:
            own = self.program.exercises.get(key)
            if own is None:
                continue  # a library exercise the programme does not describe: its name is enough
            details: list[tuple[str | None, str]] = []
            if own.starting_position:
                details.append((_("Start:"), sentence(own.starting_position)))
            if own.description:
                details.append((_("How:"), sentence(own.description)))
            if own.range_of_motion:
                details.append((_("How far:"), sentence(own.range_of_motion)))
            details.extend((_("Tip:"), sentence(cue)) for cue in own.cues)
            if own.regression:
                details.append((_("Too hard?"), sentence(own.regression)))
            pictures: list[Block] = []
            for media in own.media:
                picture = self.picture(media, self.key_name(key))
                if picture is not None:
                    pictures.append(picture)
                else:
                    lead = _("Video:") if media.lower().endswith(VIDEO_TYPES) else _("See also:")
                    details.append((lead, media))
            if not details and not pictures:
                continue
            body: list[Block] = [Heading(3, self.key_name(key)), *pictures]
            if details:
                body.append(Bullets(tuple(details)))
            blocks.append(Keep(tuple(body)))
        if not blocks:
            return []
        return [Heading(2, _("Your exercises")), *blocks]

    def picture(self, media: str, name: str) -> Image | None:
        """An image file named in `media` (a path or a file: URL), read to embed; None when the
        entry is a web link or not an image (it is then listed as a link)."""
        parsed = urlparse(media)
        if parsed.scheme in ("http", "https", "ftp"):
            return None
        raw = unquote(parsed.path) if parsed.scheme == "file" else media
        mime = IMAGE_TYPES.get(Path(raw).suffix.lower())
        if mime is None:
            return None
        path = Path(raw)
        if not path.is_absolute():
            source = self.loaded.path
            base = Path(source).parent if source and not source.startswith("<") else Path.cwd()
            path = base / path
        try:
            data = path.read_bytes()
        except OSError as error:
            raise UsageError(
                f"the picture {media!r} of {name!r} cannot be read: {error.strerror or error}",
                file=self.loaded.path,
                hint="media paths are relative to the programme file; fix the path or remove it",
            ) from None
        return Image(data=data, mime=mime, alt=name, source=media)

    # --- one page per phase -----------------------------------------------------------------------

    def groups(self, phase: Phase) -> list[list[int]]:
        """Indices of the phase's sessions, identical sessions grouped (written once)."""
        groups: list[list[int]] = []
        signatures: list[str] = []
        for index, session in enumerate(phase.sessions):
            signature = session.model_dump_json(exclude={"name", "day"})
            if signature in signatures:
                groups[signatures.index(signature)].append(index)
            else:
                signatures.append(signature)
                groups.append([index])
        return groups

    def per_week(self, phase: Phase, group: list[int]) -> int:
        """How many times a week this group of sessions is done (days x per_day, summed)."""
        return sum(phase.sessions[index].per_week for index in group)

    def weekday(self, day: str) -> str:
        """A weekday name in the reader's language; any other day text stays as written."""
        _ = self._
        names = {
            "monday": _("Monday"),
            "tuesday": _("Tuesday"),
            "wednesday": _("Wednesday"),
            "thursday": _("Thursday"),
            "friday": _("Friday"),
            "saturday": _("Saturday"),
            "sunday": _("Sunday"),
        }
        return names.get(day.strip().lower(), day)

    def how_often(self, phase: Phase, group: list[int]) -> str:
        """'Do this session twice a day, every day.', '... 2 times a week (Monday, Thursday).'"""
        _, n_ = self._, self.tr.n_
        first = phase.sessions[group[0]]
        if len(group) == 1 and (first.per_day > 1 or first.days):
            times = {1: _("once a day"), 2: _("twice a day")}.get(
                first.per_day, _("%(n)s times a day") % {"n": first.per_day}
            )
            days = first.days or []
            if len(days) == DAYS_IN_WEEK:
                return _("Do this session %(times)s, every day.") % {"times": times}
            if days:
                listed = ", ".join(self.weekday(day) for day in days)
                return _("Do this session %(times)s, on these days: %(days)s.") % {
                    "times": times,
                    "days": listed,
                }
            return _("Do this session %(times)s.") % {"times": times}
        if len(group) == 1:
            return ""
        count = self.per_week(phase, group)
        named = [phase.sessions[i].day for i in group if phase.sessions[i].day]
        text = n_(
            "Do this session %(n)s time a week", "Do this session %(n)s times a week", count
        ) % {"n": count}
        if len(named) == len(group):
            text += " (" + ", ".join(self.weekday(str(day)) for day in named) + ")"
        return text + "."

    def session_box(self, phase: Phase, group: list[int]) -> Box:
        _ = self._
        session = phase.sessions[group[0]]
        names = [phase.sessions[i].name for i in group]
        title = _("Session %(name)s") % {"name": " + ".join(names)}
        extras: list[str] = []
        if len(group) == 1 and session.day:
            extras.append(self.weekday(session.day))
        place = {
            "clinic": _("at the clinic"),
            "home": _("at home"),
            "tele-rehab": _("by video with your therapist"),
        }.get(session.where or "")
        if place:
            extras.append(place)
        if session.minutes:
            extras.append(_("about %(n)s minutes") % {"n": num(self.tr, session.minutes)})
        if extras:
            title += " · " + " · ".join(extras)
        blocks: list[Block] = []
        often = self.how_often(phase, group)
        if often:
            blocks.append(Paragraph(often))
        if session.warm_up:
            blocks.append(Paragraph(sentence(session.warm_up), _("Warm-up:")))
        for item in session.exercises:
            blocks.extend(self.exercise_line(item, phase.first_week))
        if session.cool_down:
            blocks.append(Paragraph(sentence(session.cool_down), _("Cool-down:")))
        return Box(title, tuple(blocks))

    def tick_table(
        self, phase: Phase, group: list[int], planned: list[PlannedSession], label: str
    ) -> Table:
        """Week rows for a group of sessions: each exercise's planned dose where it changes over
        the weeks, and a box to tick for every time the session is done."""
        _ = self._
        session = phase.sessions[group[0]]
        keys = list(dict.fromkeys(written_key(self.loaded, i.exercise) for i in session.exercises))
        cells_by_week: dict[int, dict[str, str]] = {}
        deloads: set[int] = set()
        for week_session in planned:
            if week_session.name != session.name or not (
                phase.first_week <= week_session.week <= phase.last_week
            ):
                continue
            if week_session.deload:
                deloads.add(week_session.week)
            cells = cells_by_week.setdefault(week_session.week, {})
            for index, dose in enumerate(week_session.doses):
                key = keys[index] if index < len(keys) else dose.exercise
                cell = planned_cell(self.tr, dose, self.scales.get(key, "rpe"), self.carrier(key))
                cells.setdefault(key, cell)
        # An exercise whose dose is the same every week needs no column: the box says it.
        changing = [
            key for key in keys if len({row.get(key) for row in cells_by_week.values()}) > 1
        ]
        count = self.per_week(phase, group)
        daily = count >= DAYS_IN_WEEK and count % DAYS_IN_WEEK == 0
        if daily:
            ticks = tuple(
                " ".join([TICK] * (count // DAYS_IN_WEEK)) for _day in range(DAYS_IN_WEEK)
            )
            done = tuple(_("Day %(n)s") % {"n": n} for n in range(1, DAYS_IN_WEEK + 1))
        else:
            ticks = (" ".join([TICK] * count),)
            done = (_("Done"),)
        rows: list[tuple[str, ...]] = []
        for week in sorted(cells_by_week):
            name = str(week)
            if week in deloads:
                name += " (" + _("easy week") + ")"
            rows.append((name, *(cells_by_week[week].get(key, "-") for key in changing), *ticks))
        header = (_("Week"), *(self.key_name(key) for key in changing), *done)
        caption = (
            _("%(session)s: your planned sets × repetitions, load and effort each week")
            if changing
            else _("%(session)s: tick a box each time you have done the session")
        ) % {"session": label}
        return Table(header, tuple(rows), caption=caption, ticks=True)

    def phases(self, planned: list[PlannedSession]) -> list[Block]:
        _ = self._
        blocks: list[Block] = []
        several = len(self.program.phases) > 1
        for number, phase in enumerate(self.program.phases):
            # The first phase follows the exercises on their last page when it fits there (it is
            # kept whole, so otherwise it starts a page); every later phase starts a page.
            if number:
                blocks.append(PageBreak())
            if several:
                heading = _("Weeks %(weeks)s: %(name)s") % {
                    "weeks": phase.weeks.replace("-", "–"),
                    "name": phase.name,
                }
            else:
                heading = _("Your sessions")
            # The phase's goal is written for the clinician (set counts, "fractional glute
            # sets"); it is in the methods text, not on the patient's page.
            groups = self.groups(phase)
            boxes = [self.session_box(phase, group) for group in groups]
            tables = [
                self.tick_table(phase, group, planned, box.title.split(" · ")[0])
                for group, box in zip(groups, boxes, strict=True)
            ]
            blocks.append(Keep((Heading(2, heading), *boxes, *tables)))
        return blocks

    # --- home exercises ---------------------------------------------------------------------------

    def home(self) -> list[Block]:
        _ = self._
        home = self.program.home_programme
        if home is None or home == NONE or not isinstance(home, HomeProgramme):
            return []
        if not home.exercises:
            # The home work is the phase sessions themselves (`where: home`): their boxes and
            # tick tables are the handout already; the description is for the methods text.
            return []
        blocks: list[Block] = [PageBreak(), Heading(2, _("Home exercises"))]
        blocks.append(Paragraph(sentence(home.description)))
        box: list[Block] = []
        for item in home.exercises:
            box.extend(self.exercise_line(item, None))
        if box:
            title = _("Home session")
            if home.sessions_per_week:
                title += " · " + self.tr.n_(
                    "%(n)s time a week", "%(n)s times a week", home.sessions_per_week
                ) % {"n": home.sessions_per_week}
            blocks.append(Box(title, tuple(box)))
        if home.sessions_per_week:
            columns = tuple(_("Day %(n)s") % {"n": n} for n in range(1, home.sessions_per_week + 1))
            rows = tuple(
                (str(week), *(TICK for _c in columns)) for week in range(1, self.program.weeks + 1)
            )
            blocks.append(
                Table(
                    (_("Week"), *columns),
                    rows,
                    caption=_("Tick each home session you do"),
                    ticks=True,
                )
            )
        return blocks


def handout_document(loaded: LoadedProgram, lang: str = "en") -> Document:
    """The handout document for the person training, in English, Norwegian (nb) or Swedish (sv)."""
    from exdose.program.expand import plan_sessions

    handout = _Handout(loaded, translator(lang))
    blocks: list[Block] = handout.intro()
    blocks.extend(handout.scales_note())
    blocks.extend(handout.pain_rules())
    blocks.extend(handout.exercises())
    blocks.extend(handout.phases(plan_sessions(loaded)))
    blocks.extend(handout.home())
    return Document(title=loaded.program.name, audience="handout", blocks=blocks, lang=lang)

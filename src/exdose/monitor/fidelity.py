"""Fidelity: what was performed against what was planned (CERT 16b, TIDieR 12).

Performed sessions are put on programme weeks (`align`), then each logged workout is matched to
the planned session it is: by its workout name where the log has one, then by the exercises done,
the planned weekday breaking ties (never by the date alone, so a home workout on a clinic day does
not fill a missed clinic session). Supervised (the programme's phase sessions) and home sessions
(`home_programme`: `sessions_per_week` a week, each with its exercises) are counted apart.

A performed set "completes" a prescribed set when it is a working set of the same exercise, in the
same programme week and setting (supervised or home), taken in the order done, up to the number
prescribed; sets beyond that are counted as extra, never as completion. Reps and load are compared
on the completed sets only, so doing more sets cannot hide doing fewer reps.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

import polars as pl
from pydantic import BaseModel

from exdose.dose.constants import DOSE_SET_KINDS
from exdose.errors import UsageError
from exdose.exercises.library import normalise_name
from exdose.monitor.align import StartOverride, WeekAnchor, anchor_for, on_programme_weeks
from exdose.program.expand import expand, home_session_names
from exdose.program.io import LoadedProgram, exercise_name
from exdose.sets.readers.model import LogRead

Setting = Literal["supervised", "home"]
SETTINGS: tuple[Setting, ...] = ("supervised", "home")
# A workout name equal to a planned session's (after normalising) counts this much more than a
# perfect overlap of exercises: a name the person chose says which session it was.
_NAME_WEIGHT = 2.0


class Count(BaseModel):
    """Planned against done: `done` is capped at `planned`; `extra` is what went beyond it."""

    planned: int
    done: int
    pct: float | None
    extra: int = 0


class Share(BaseModel):
    """Planned, done (capped at planned) and % for one setting (supervised or home)."""

    planned: int
    done: int
    pct: float | None


class SplitCount(Count):
    """A total with its supervised and home parts."""

    supervised: Share
    home: Share


class WeekFidelity(BaseModel):
    """One programme week: sessions and sets planned and done."""

    week: int
    sessions: SplitCount
    sets: SplitCount


class ExerciseFidelity(BaseModel):
    """One exercise in one setting and week (or over all weeks when `week` is None)."""

    week: int | None
    exercise: str
    name: str
    setting: Setting
    sets: Count
    reps_pct: float | None
    load_pct: float | None
    planned_load_kg: float | None
    done_load_kg: float | None
    volume_load_planned_kg: float | None
    volume_load_done_kg: float | None


class NotPlanned(BaseModel):
    """Working sets of an exercise the programme does not prescribe."""

    exercise: str | None
    name: str
    sets: int


class SessionMatch(BaseModel):
    """A logged workout and the planned session it was matched to (None: beyond the plan)."""

    date: dt.date
    workout: str | None
    week: int
    setting: Setting
    planned_session: str | None
    matched_by: Literal["name", "exercises", "none"]


class FidelityReport(BaseModel):
    """Planned against performed, with a sentence ready to paste for CERT 16b / TIDieR 12."""

    anchor: str
    weeks_counted_from: str
    weeks_note: str
    first_week: int
    through_week: int
    program_weeks: int
    sessions: SplitCount
    sets: SplitCount
    reps_pct: float | None
    load_pct: float | None
    weeks: list[WeekFidelity]
    exercises: list[ExerciseFidelity]
    by_week: list[ExerciseFidelity]
    not_planned: list[NotPlanned]
    session_matches: list[SessionMatch]
    sets_before_start: int
    sets_after_end: int
    sentence: str
    log_format: str
    skipped: list[dict[str, Any]]
    unmatched: list[str]
    warnings: list[str]


def _pct(done: float, planned: float) -> float | None:
    return round(100.0 * done / planned, 1) if planned else None


def _count(planned: int, done: int) -> Count:
    capped = min(done, planned)
    return Count(planned=planned, done=capped, pct=_pct(capped, planned), extra=done - capped)


def _share(planned: int, done: int) -> Share:
    return Share(planned=planned, done=done, pct=_pct(done, planned))


def _split(parts: dict[str, tuple[int, int, int]]) -> SplitCount:
    """parts: setting -> (planned, done capped, extra)."""
    sup = parts.get("supervised", (0, 0, 0))
    home = parts.get("home", (0, 0, 0))
    planned, done, extra = (sup[i] + home[i] for i in range(3))
    return SplitCount(
        planned=planned,
        done=done,
        pct=_pct(done, planned),
        extra=extra,
        supervised=_share(sup[0], sup[1]),
        home=_share(home[0], home[1]),
    )


def _f(value: Any) -> float | None:
    return None if value is None else round(float(value), 2)


# --- the plan, supervised and home -----------------------------------------------------------


def session_settings(loaded: LoadedProgram) -> dict[str, Setting]:
    """Planned session name -> "supervised" or "home".

    Phase sessions are supervised (clinic, tele-rehab, or not said) unless the session says it
    happens at home (`where: home`); the home programme's sessions are home.
    """
    out: dict[str, Setting] = {}
    for phase in loaded.program.phases:
        for session in phase.sessions:
            out[session.name] = "home" if session.where == "home" else "supervised"
    for name in home_session_names(loaded):
        out.setdefault(name, "home")
    return out


def planned_with_settings(loaded: LoadedProgram, planned: pl.DataFrame) -> pl.DataFrame:
    """The planned sets with a `setting` column, the home programme's sessions added (from
    `expand(..., home=True)`) when `planned` lacks them."""
    settings = session_settings(loaded)
    homes = home_session_names(loaded)
    names = set(planned["session"].unique().to_list())
    if homes and not names & set(homes):
        full = expand(loaded, home=True)
        planned = pl.concat([planned, full.filter(pl.col("session").is_in(homes))])
    return planned.with_columns(
        pl.col("session")
        .replace_strict(settings, default="supervised", return_dtype=pl.Utf8)
        .alias("setting")
    )


# --- matching logged workouts to planned sessions --------------------------------------------


@dataclass
class _Planned:
    week: int
    day: int
    name: str
    setting: Setting
    weekday: int | None
    exercises: frozenset[str]


@dataclass
class _Logged:
    week: int
    date: dt.date
    name: str | None
    exercises: frozenset[str]


def _name_score(logged: str | None, planned: str) -> float:
    """1 for the same name, 0.75 when one name's words contain the other's, else 0."""
    if not logged:
        return 0.0
    a, b = normalise_name(logged), normalise_name(planned)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    wa, wb = a.split(), b.split()
    if _contains(wa, wb) or _contains(wb, wa):
        return 0.75
    return 0.0


def _contains(words: list[str], part: list[str]) -> bool:
    n = len(part)
    return any(words[i : i + n] == part for i in range(len(words) - n + 1))


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def match_sessions(
    planned: list[_Planned], logged: list[_Logged]
) -> list[tuple[_Planned | None, Setting, Literal["name", "exercises", "none"]]]:
    """For each logged workout (same order): its planned session, its setting, how matched.

    Within a week, the pairs are taken best first: a workout named like a planned session, then
    the one sharing most exercises with it, the planned weekday breaking ties; each planned
    session is done at most once. A workout left over is beyond the plan, in the setting of the
    planned session it resembles most (supervised when it resembles none).
    """
    out: list[tuple[_Planned | None, Setting, Literal["name", "exercises", "none"]]] = []
    out = [(None, "supervised", "none")] * len(logged)
    by_week: dict[int, list[int]] = {}
    for i, log in enumerate(logged):
        by_week.setdefault(log.week, []).append(i)
    for week, indices in by_week.items():
        plans = [p for p in planned if p.week == week]
        pairs: list[tuple[float, int, int, int, bool]] = []
        for i in indices:
            log = logged[i]
            for j, plan in enumerate(plans):
                name = _name_score(log.name, plan.name)
                shared = _overlap(log.exercises, plan.exercises)
                if name == 0 and shared == 0:
                    continue
                off = 7 if plan.weekday is None else abs(log.date.weekday() - plan.weekday)
                pairs.append((-(_NAME_WEIGHT * name + shared), off, i, j, name > 0))
        pairs.sort()
        taken_log: set[int] = set()
        taken_plan: set[int] = set()
        best: dict[int, Setting] = {}
        for _, _, i, j, by_name in pairs:
            best.setdefault(i, plans[j].setting)
            if i in taken_log or j in taken_plan:
                continue
            taken_log.add(i)
            taken_plan.add(j)
            out[i] = (plans[j], plans[j].setting, "name" if by_name else "exercises")
        for i in indices:
            if i not in taken_log:
                out[i] = (None, best.get(i, "supervised"), "none")
    return out


def _planned_sessions(planned: pl.DataFrame, loaded: LoadedProgram) -> list[_Planned]:
    days: dict[str, int] = {}
    weekdays = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    for phase in loaded.program.phases:
        for session in phase.sessions:
            day = (session.day or "").strip().lower()
            if day in weekdays:
                days.setdefault(session.name, weekdays.index(day))
    table = planned.group_by("week", "day", "session", "setting").agg(
        pl.col("exercise").drop_nulls().unique()
    )
    return [
        _Planned(int(w), int(d), str(s), st, days.get(str(s)), frozenset(ex))
        for w, d, s, st, ex in table.sort("week", "day").iter_rows()
    ]


def _logged_sessions(performed: pl.DataFrame) -> pl.DataFrame:
    return (
        performed.group_by("week", "date", "session")
        .agg(pl.col("exercise").drop_nulls().unique(), pl.col("row").min().alias("_first"))
        .sort("date", "_first", "session", nulls_last=True)
    )


# --- comparison ------------------------------------------------------------------------------


def _comparison(planned: pl.DataFrame, done: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    """Per `keys`: planned sets/reps/loads against the completed (matched) performed sets."""
    plan = planned.group_by(keys).agg(
        pl.len().alias("planned_sets"),
        pl.col("reps").cast(pl.Float64).mean().alias("planned_reps_per_set"),
        pl.col("load_kg").mean().alias("planned_load"),
        (pl.col("reps").cast(pl.Float64) * pl.col("load_kg")).sum().alias("planned_volume"),
        pl.col("load_kg").is_not_null().any().alias("planned_has_load"),
    )
    # Sets of a planned exercise in a week or setting without that prescription match nothing:
    # they are extra, never dropped.
    joined = done.join(plan.select([*keys, "planned_sets"]), on=keys, how="left").with_columns(
        pl.col("planned_sets").fill_null(0)
    )
    matched = joined.filter(pl.col("_rank") <= pl.col("planned_sets"))
    perf = (
        joined.group_by(keys)
        .agg(pl.len().alias("done_sets"))
        .join(
            matched.group_by(keys).agg(
                pl.len().alias("matched_sets"),
                pl.col("reps").cast(pl.Float64).sum().alias("matched_reps"),
                pl.col("load_kg").sum().alias("matched_load_sum"),
                pl.col("load_kg").is_not_null().sum().alias("matched_load_n"),
            ),
            on=keys,
            how="left",
        )
        .join(
            joined.group_by(keys).agg(
                (pl.col("reps").cast(pl.Float64) * pl.col("load_kg")).sum().alias("done_volume")
            ),
            on=keys,
            how="left",
        )
    )
    return plan.join(perf, on=keys, how="full", coalesce=True).with_columns(
        pl.col("planned_sets", "done_sets", "matched_sets").fill_null(0),
        pl.col("matched_reps", "matched_load_sum", "planned_volume").fill_null(0.0),
        pl.col("matched_load_n").fill_null(0),
        pl.col("planned_has_load").fill_null(False),
    )


def _exercise_rows(
    table: pl.DataFrame, names: dict[str, str], week: bool
) -> list[ExerciseFidelity]:
    rows: list[ExerciseFidelity] = []
    for r in table.iter_rows(named=True):
        target_reps = (r["planned_reps_per_set"] or 0.0) * r["matched_sets"]
        done_load = r["matched_load_sum"] / r["matched_load_n"] if r["matched_load_n"] else None
        planned_load = r["planned_load"]
        rows.append(
            ExerciseFidelity(
                week=r["week"] if week else None,
                exercise=r["exercise"],
                name=names.get(r["exercise"], r["exercise"]),
                setting=r["setting"],
                sets=_count(int(r["planned_sets"]), int(r["done_sets"])),
                reps_pct=_pct(r["matched_reps"], target_reps) if target_reps else None,
                load_pct=_pct(done_load, planned_load) if done_load and planned_load else None,
                planned_load_kg=_f(planned_load),
                done_load_kg=_f(done_load),
                volume_load_planned_kg=_f(r["planned_volume"]) if r["planned_has_load"] else None,
                volume_load_done_kg=_f(r["done_volume"]) if r["done_sets"] else None,
            )
        )
    return rows


def assess_fidelity(
    loaded: LoadedProgram,
    log: LogRead,
    *,
    through_week: int | None = None,
    start: StartOverride = None,
    planned: pl.DataFrame | None = None,
) -> FidelityReport:
    """Compare a read log with the programme's planned sets, week by week and exercise by exercise.

    Weeks 1 to `through_week` are compared; by default up to the week of the last logged session
    (at most the programme's length), so a log of a programme still running is judged to date.
    `planned` is the programme's expansion when the caller already has it.
    """
    program = loaded.program
    performed = log.sets
    anchor: WeekAnchor = anchor_for(loaded, performed["date"], start)
    performed = on_programme_weeks(loaded, performed, anchor)
    last_logged = performed["week"].max()
    if through_week is None:
        if not isinstance(last_logged, int) or last_logged < 1:
            through_week = 1
        else:
            through_week = min(last_logged, program.weeks)
    if not 1 <= through_week <= program.weeks:
        raise UsageError(
            f"week {through_week} is outside the programme (weeks 1-{program.weeks})",
            hint="give --through a week of the programme",
        )
    in_window = performed.filter(pl.col("week").is_between(1, through_week))
    before = performed.filter(pl.col("week") < 1).height
    after = performed.filter(pl.col("week") > through_week).height

    if planned is None:
        planned = expand(loaded)
    planned = planned_with_settings(loaded, planned).filter(pl.col("week") <= through_week)

    # Each logged workout is matched to the planned session it is (name, then exercises).
    plans = _planned_sessions(planned, loaded)
    sessions_done = _logged_sessions(in_window)
    logged = [
        _Logged(int(w), d, s, frozenset(ex))
        for w, d, s, ex, _ in sessions_done.iter_rows()
        if d is not None
    ]
    matches = match_sessions(plans, logged)
    session_matches = [
        SessionMatch(
            date=log_s.date,
            workout=log_s.name,
            week=log_s.week,
            setting=setting,
            planned_session=plan.name if plan else None,
            matched_by=how,
        )
        for log_s, (plan, setting, how) in zip(logged, matches, strict=True)
    ]
    setting_of = pl.DataFrame(
        {
            "week": [m.week for m in session_matches],
            "date": [m.date for m in session_matches],
            "session": [m.workout for m in session_matches],
            "setting": [m.setting for m in session_matches],
        },
        schema={"week": pl.Int32, "date": pl.Date, "session": pl.Utf8, "setting": pl.Utf8},
    )
    working = (
        in_window.filter(pl.col("set_kind").is_null() | pl.col("set_kind").is_in(DOSE_SET_KINDS))
        .join(setting_of, on=["week", "date", "session"], how="left", nulls_equal=True)
        .with_columns(pl.col("setting").fill_null("supervised"))
        .sort("date", "session", "set_number", "row", nulls_last=True)
    )
    working = working.with_columns(
        (pl.int_range(pl.len()).over("week", "setting", "exercise") + 1).alias("_rank")
    )
    planned_ex = set(planned["exercise"].unique().to_list())
    names = {ex: exercise_name(loaded, ex) for ex in planned_ex}
    keys = ["week", "setting", "exercise"]
    compared = working.filter(pl.col("exercise").is_in(list(planned_ex)))
    by_week_table = _comparison(planned, compared, keys).sort("week", "setting", "exercise")
    by_week = _exercise_rows(by_week_table, names, week=True)

    # Whole-programme figures sum the weekly matches: a set done in week 3 cannot make up for one
    # missed in week 2.
    totals = by_week_table.group_by("setting", "exercise").agg(
        pl.col("planned_sets").sum(),
        pl.col("done_sets").sum(),
        pl.col("matched_sets").sum(),
        (pl.col("planned_reps_per_set") * pl.col("matched_sets")).sum().alias("target_reps"),
        pl.col("matched_reps").sum(),
        (pl.col("planned_load") * pl.col("matched_load_n")).sum().alias("target_load"),
        pl.col("matched_load_sum").sum(),
        pl.col("matched_load_n").sum(),
        pl.col("planned_volume").sum(),
        pl.col("planned_has_load").any(),
        pl.col("done_volume").sum(),
    )
    exercises: list[ExerciseFidelity] = []
    for r in totals.sort("setting", "exercise", descending=[True, False]).iter_rows(named=True):
        done_load = r["matched_load_sum"] / r["matched_load_n"] if r["matched_load_n"] else None
        planned_load = r["target_load"] / r["matched_load_n"] if r["matched_load_n"] else None
        exercises.append(
            ExerciseFidelity(
                week=None,
                exercise=r["exercise"],
                name=names.get(r["exercise"], r["exercise"]),
                setting=r["setting"],
                sets=Count(
                    planned=int(r["planned_sets"]),
                    done=int(r["matched_sets"]),
                    pct=_pct(r["matched_sets"], r["planned_sets"]),
                    extra=int(r["done_sets"] - r["matched_sets"]),
                ),
                reps_pct=_pct(r["matched_reps"], r["target_reps"]) if r["target_reps"] else None,
                load_pct=_pct(done_load, planned_load) if done_load and planned_load else None,
                planned_load_kg=_f(planned_load),
                done_load_kg=_f(done_load),
                volume_load_planned_kg=_f(r["planned_volume"]) if r["planned_has_load"] else None,
                volume_load_done_kg=_f(r["done_volume"]) if r["done_sets"] else None,
            )
        )

    extra_ex = working.filter(
        pl.col("exercise").is_null() | ~pl.col("exercise").is_in(list(planned_ex))
    )
    not_planned = [
        NotPlanned(exercise=ex, name=str(name), sets=int(n))
        for ex, name, n in extra_ex.group_by("exercise", "exercise_name")
        .agg(pl.len())
        .sort("len", descending=True)
        .iter_rows()
    ]

    # Sessions per week and setting: planned, matched (done) and left over (extra).
    session_parts: dict[tuple[int, str], list[int]] = {}
    for plan in plans:
        session_parts.setdefault((plan.week, plan.setting), [0, 0, 0])[0] += 1
    for m in session_matches:
        part = session_parts.setdefault((m.week, m.setting), [0, 0, 0])
        part[1 if m.planned_session is not None else 2] += 1
    set_parts: dict[tuple[int, str], list[int]] = {}
    for r in by_week_table.iter_rows(named=True):
        part = set_parts.setdefault((r["week"], r["setting"]), [0, 0, 0])
        part[0] += int(r["planned_sets"])
        part[1] += int(r["matched_sets"])
        part[2] += int(r["done_sets"] - r["matched_sets"])

    def parts_of(table: dict[tuple[int, str], list[int]], week: int | None) -> SplitCount:
        summed: dict[str, tuple[int, int, int]] = {}
        for (w, setting), (p, d, e) in table.items():
            if week is None or w == week:
                old = summed.get(setting, (0, 0, 0))
                summed[setting] = (old[0] + p, old[1] + d, old[2] + e)
        return _split(summed)

    week_numbers = sorted({w for w, _ in session_parts} | {w for w, _ in set_parts})
    weeks = [
        WeekFidelity(week=w, sessions=parts_of(session_parts, w), sets=parts_of(set_parts, w))
        for w in week_numbers
    ]
    sessions = parts_of(session_parts, None)
    sets_total = parts_of(set_parts, None)
    target_reps = float(totals["target_reps"].sum())
    reps_pct = _pct(float(totals["matched_reps"].sum()), target_reps) if target_reps else None
    target_load = float(totals["target_load"].sum())
    load_pct = _pct(float(totals["matched_load_sum"].sum()), target_load) if target_load else None
    report = FidelityReport(
        anchor=anchor.source,
        weeks_counted_from=anchor.start.isoformat(),
        weeks_note=anchor.describe(),
        first_week=1,
        through_week=through_week,
        program_weeks=program.weeks,
        sessions=sessions,
        sets=sets_total,
        reps_pct=reps_pct,
        load_pct=load_pct,
        weeks=weeks,
        exercises=exercises,
        by_week=by_week,
        not_planned=not_planned,
        session_matches=session_matches,
        sets_before_start=before,
        sets_after_end=after,
        sentence="",
        log_format=log.format,
        skipped=[s.as_dict() for s in log.skipped],
        unmatched=list(log.unmatched),
        warnings=list(log.warnings),
    )
    report.sentence = fidelity_sentence(report)
    return report


def _p(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0f}%"


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def fidelity_sentence(report: FidelityReport) -> str:
    """A sentence for CERT 16b / TIDieR 12 with the numbers, ready to paste into a report.

    With a home programme (or home workouts logged), supervised and home sessions and sets are
    given apart; otherwise one figure for the sessions and one for the sets.
    """
    weeks = (
        f"week {report.through_week}"
        if report.through_week == 1
        else f"weeks 1-{report.through_week}"
    )
    of_total = (
        f" of the {report.program_weeks}-week programme"
        if report.through_week < report.program_weeks
        else ""
    )
    s, st = report.sessions, report.sets
    split = bool(s.home.planned or s.home.done or st.home.planned)
    if split:
        sup, home = s.supervised, s.home
        parts = [
            f"Over {weeks}{of_total}, {sup.done} of {sup.planned} planned supervised sessions "
            f"were attended ({_p(sup.pct)}) and {home.done} of {home.planned} planned home "
            f"sessions were done ({_p(home.pct)})"
        ]
        sets = (
            f"{st.supervised.done} of {st.supervised.planned} prescribed working sets of the "
            f"supervised sessions were completed ({_p(st.supervised.pct)}) and "
            f"{st.home.done} of {st.home.planned} of the home sessions ({_p(st.home.pct)})"
        )
    else:
        parts = [
            f"Over {weeks}{of_total}, {s.done} of {s.planned} planned sessions were attended "
            f"({_p(s.pct)})"
        ]
        sets = f"{st.done} of {st.planned} prescribed working sets were completed ({_p(st.pct)})"
    if report.reps_pct is not None:
        sets += f", with {_p(report.reps_pct)} of the prescribed repetitions"
        if report.load_pct is not None:
            sets += f" at {_p(report.load_pct)} of the prescribed load"
        if split:
            sets += " in the completed sets"
    parts.append(sets)
    extra = []
    if st.extra:
        extra.append(f"{_n(st.extra, 'working set')} beyond the prescription")
    not_planned = sum(n.sets for n in report.not_planned)
    if not_planned:
        extra.append(f"{_n(not_planned, 'set')} of exercises not in the programme")
    if s.extra:
        extra.append(f"{_n(s.extra, 'session')} beyond the plan")
    text = "; ".join(parts)
    if extra:
        text += "; a further " + " and ".join(extra) + " were done"
    source = f"{report.log_format} training log" if report.log_format else "training log"
    return f"{text} (from the {source}; {report.weeks_note})."

"""Fidelity: what was performed against what was planned (CERT 16b, TIDieR 12).

Performed sessions are put on programme weeks (`align`), then compared week by week and exercise
by exercise. A performed set "completes" a prescribed set when it is a working set of the same
exercise in the same programme week, taken in the order done, up to the number prescribed; sets
beyond that are counted as extra, never as completion. Reps and load are compared on the
completed sets only, so doing more sets cannot hide doing fewer reps.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

import polars as pl
from pydantic import BaseModel

from exdose.dose.constants import DOSE_SET_KINDS
from exdose.errors import UsageError
from exdose.monitor.align import StartOverride, WeekAnchor, anchor_for, on_programme_weeks
from exdose.program.expand import expand
from exdose.program.io import LoadedProgram
from exdose.sets.readers.model import LogRead
from exdose.sets.readers.parsing import DateOrder


class Count(BaseModel):
    """Planned against done: `done` is capped at `planned`; `extra` is what went beyond it."""

    planned: int
    done: int
    pct: float | None
    extra: int = 0


class WeekFidelity(BaseModel):
    """One programme week: sessions and sets planned and done."""

    week: int
    sessions: Count
    sets: Count


class ExerciseFidelity(BaseModel):
    """One exercise in one week (or over all weeks when `week` is None)."""

    week: int | None
    exercise: str
    name: str
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


class FidelityReport(BaseModel):
    """Planned against performed, with a sentence ready to paste for CERT 16b / TIDieR 12."""

    anchor: str
    weeks_counted_from: str
    weeks_note: str
    first_week: int
    through_week: int
    program_weeks: int
    sessions: Count
    sets: Count
    reps_pct: float | None
    load_pct: float | None
    weeks: list[WeekFidelity]
    exercises: list[ExerciseFidelity]
    by_week: list[ExerciseFidelity]
    not_planned: list[NotPlanned]
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


def _f(value: Any) -> float | None:
    return None if value is None else round(float(value), 2)


def _comparison(planned: pl.DataFrame, done: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    """Per `keys`: planned sets/reps/loads against the completed (matched) performed sets."""
    plan = planned.group_by(keys).agg(
        pl.len().alias("planned_sets"),
        pl.col("reps").cast(pl.Float64).mean().alias("planned_reps_per_set"),
        pl.col("load_kg").mean().alias("planned_load"),
        (pl.col("reps").cast(pl.Float64) * pl.col("load_kg")).sum().alias("planned_volume"),
        pl.col("load_kg").is_not_null().any().alias("planned_has_load"),
    )
    joined = done.join(plan.select([*keys, "planned_sets"]), on=keys, how="inner")
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
    return plan.join(perf, on=keys, how="left").with_columns(
        pl.col("done_sets", "matched_sets").fill_null(0),
        pl.col("matched_reps", "matched_load_sum").fill_null(0.0),
        pl.col("matched_load_n").fill_null(0),
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
    planned = planned.filter(pl.col("week") <= through_week)
    # Every planned session has at least one set, so the expansion lists every session: no
    # second pass over the programme's rules is needed to count them.
    plan_per_week = (
        planned.select("week", "day", "session")
        .unique()
        .group_by("week")
        .agg(pl.len().alias("planned"))
    )
    done_per_week = (
        in_window.select("week", "date", "session")
        .unique()
        .group_by("week")
        .agg(pl.len().alias("done"))
    )
    weeks_sessions = plan_per_week.join(done_per_week, on="week", how="full", coalesce=True)
    weeks_sessions = weeks_sessions.with_columns(pl.col("planned", "done").fill_null(0))

    working = in_window.filter(
        pl.col("set_kind").is_null() | pl.col("set_kind").is_in(DOSE_SET_KINDS)
    ).sort("date", "session", "set_number", "row", nulls_last=True)
    working = working.with_columns(
        (pl.int_range(pl.len()).over("week", "exercise") + 1).alias("_rank")
    )
    planned_ex = set(planned["exercise"].unique().to_list())
    names = {
        ex: (loaded.library.get(ex).name if loaded.library.get(ex) else ex)  # type: ignore[union-attr]
        for ex in planned_ex
    }
    by_week_table = _comparison(planned, working, ["week", "exercise"]).sort("week", "exercise")
    by_week = _exercise_rows(by_week_table, names, week=True)

    # Whole-programme figures sum the weekly matches: a set done in week 3 cannot make up for one
    # missed in week 2.
    totals = by_week_table.group_by("exercise").agg(
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
    for r in totals.sort("exercise").iter_rows(named=True):
        done_load = r["matched_load_sum"] / r["matched_load_n"] if r["matched_load_n"] else None
        planned_load = r["target_load"] / r["matched_load_n"] if r["matched_load_n"] else None
        exercises.append(
            ExerciseFidelity(
                week=None,
                exercise=r["exercise"],
                name=names.get(r["exercise"], r["exercise"]),
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

    sets_week = by_week_table.group_by("week").agg(
        pl.col("planned_sets").sum(), pl.col("done_sets").sum(), pl.col("matched_sets").sum()
    )
    weeks: list[WeekFidelity] = []
    sw = {r["week"]: r for r in sets_week.iter_rows(named=True)}
    for r in weeks_sessions.sort("week").iter_rows(named=True):
        s = sw.get(r["week"])
        sets = (
            Count(
                planned=int(s["planned_sets"]),
                done=int(s["matched_sets"]),
                pct=_pct(s["matched_sets"], s["planned_sets"]),
                extra=int(s["done_sets"] - s["matched_sets"]),
            )
            if s
            else Count(planned=0, done=0, pct=None)
        )
        weeks.append(
            WeekFidelity(
                week=int(r["week"]), sessions=_count(int(r["planned"]), int(r["done"])), sets=sets
            )
        )

    sessions = Count(
        planned=sum(w.sessions.planned for w in weeks),
        done=sum(w.sessions.done for w in weeks),
        pct=None,
        extra=sum(w.sessions.extra for w in weeks),
    )
    sessions.pct = _pct(sessions.done, sessions.planned)
    sets_total = Count(
        planned=sum(e.sets.planned for e in exercises),
        done=sum(e.sets.done for e in exercises),
        pct=None,
        extra=sum(e.sets.extra for e in exercises),
    )
    sets_total.pct = _pct(sets_total.done, sets_total.planned)
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
    """A sentence for CERT 16b / TIDieR 12 with the numbers, ready to paste into a report."""
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
    parts = [
        f"Over {weeks}{of_total}, {s.done} of {s.planned} planned sessions were attended "
        f"({_p(s.pct)})"
    ]
    sets = f"{st.done} of {st.planned} prescribed working sets were completed ({_p(st.pct)})"
    if report.reps_pct is not None:
        sets += f", with {_p(report.reps_pct)} of the prescribed repetitions"
        if report.load_pct is not None:
            sets += f" at {_p(report.load_pct)} of the prescribed load"
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


def format_fidelity_text(report: FidelityReport) -> str:
    """The report as plain text for the terminal: totals, weeks, exercises, the sentence."""
    lines = [
        f"Fidelity, weeks 1-{report.through_week} of {report.program_weeks} ({report.weeks_note})",
        f"  sessions: {report.sessions.done} of {report.sessions.planned} "
        f"({_p(report.sessions.pct)})"
        + (f", {report.sessions.extra} extra" if report.sessions.extra else ""),
        f"  working sets: {report.sets.done} of {report.sets.planned} ({_p(report.sets.pct)})"
        + (f", {report.sets.extra} beyond the prescription" if report.sets.extra else ""),
        f"  reps in completed sets: {_p(report.reps_pct)} of prescribed; "
        f"load: {_p(report.load_pct)} of prescribed",
        "",
        "  week  sessions   sets (extra)",
    ]
    for w in report.weeks:
        lines.append(
            f"  {w.week:>4}  {w.sessions.done:>2} of {w.sessions.planned:<3}  "
            f"{w.sets.done:>3} of {w.sets.planned:<3} ({w.sets.extra})"
        )
    lines += ["", "  exercise: sets done of prescribed, reps %, load %"]
    for e in report.exercises:
        lines.append(
            f"  {e.name}: {e.sets.done} of {e.sets.planned} (+{e.sets.extra}), "
            f"reps {_p(e.reps_pct)}, load {_p(e.load_pct)}"
        )
    for n in report.not_planned:
        lines.append(f"  not in the programme: {n.name}: {n.sets} sets")
    if report.sets_before_start or report.sets_after_end:
        lines.append(
            f"  sets outside the weeks compared: {report.sets_before_start} before week 1, "
            f"{report.sets_after_end} after week {report.through_week}"
        )
    if report.skipped:
        lines.append(f"  {len(report.skipped)} log rows skipped (see --json for rows and reasons)")
    if report.unmatched:
        lines.append(f"  names not matched to an exercise: {', '.join(report.unmatched)}")
        lines += [
            "",
            "WARNING: the log names above match no exercise, so their sets count as missed "
            "(planned) and as extra (performed): the figures are too low. Map the names with "
            "--mapping FILE (docs/logs.md) before reporting them.",
        ]
    lines += ["", "For CERT 16b / TIDieR 12:", report.sentence]
    return "\n".join(lines)


def fidelity_from_files(
    program: str | Path,
    logs: Sequence[str | Path],
    *,
    unit: Literal["kg", "lb"] | None = None,
    mapping: Path | None = None,
    through_week: int | None = None,
    start: StartOverride = None,
    date_order: DateOrder | None = None,
) -> FidelityReport:
    """Load a programme and its logs and compare them (what `exdose fidelity` runs)."""
    from exdose.program.io import load_program
    from exdose.sets import read_logs

    loaded = load_program(program)
    log = read_logs(
        list(logs), unit=unit, mapping=mapping, library=loaded.library, date_order=date_order
    )
    return assess_fidelity(loaded, log, through_week=through_week, start=start)

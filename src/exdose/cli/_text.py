"""What the commands print: terminal tables (rich) and plain text.

User text (programme, session and exercise names, messages) is escaped before rich prints it, so
a name with brackets ("A [/b]") is shown as written instead of being read as markup.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    import polars as pl

    from exdose.api import (
        Adjustment,
        AgreementReport,
        ChecklistScore,
        Exercise,
        FidelityReport,
        LoadReport,
        ReadinessSummary,
        ReviewSummary,
        WeekDose,
    )
    from exdose.cli.programme import FileCheck


def escape(text: object) -> str:
    """User text made safe to print through rich: brackets are shown, never read as markup."""
    from rich.markup import escape as rich_escape

    return rich_escape(str(text))


def _console(*, stderr: bool = False) -> Any:
    from rich.console import Console

    return Console(highlight=False, stderr=stderr)


# --- check ---------------------------------------------------------------------------------------


def _checklist_table(score: ChecklistScore, title: str) -> Any:
    from rich.table import Table

    table = Table(title=f"{title}: {score.score}/{score.max}", title_justify="left", expand=False)
    table.add_column("item", no_wrap=True)
    table.add_column("", no_wrap=True)
    table.add_column("title")
    table.add_column("reported by / what to add")
    for item in score.items:
        mark = "[green]✓[/]" if item.reported else "[red]✗[/]"
        detail = escape(item.source or "") if item.reported else f"[yellow]{escape(item.hint)}[/]"
        table.add_row(escape(item.id), mark, escape(item.title), detail)
    return table


def print_check(result: FileCheck) -> None:
    """Print the CERT and TIDieR tables of a check, or the file's problems (on stderr)."""
    if not result.valid:
        err = _console(stderr=True)
        for problem in result.problems:
            place = ":".join(
                str(part)
                for part in (problem["file"], problem["line"], problem["column"])
                if part is not None
            )
            err.print(
                f"[red]error[/] {escape(place)}: {escape(problem['message'])}", soft_wrap=True
            )
        return
    console = _console()
    cert, tidier = result.checklists()
    console.print(f"[bold]{escape(result.program)}[/]")
    console.print(_checklist_table(cert, "CERT"))
    console.print(_checklist_table(tidier, "TIDieR"))
    missing = len(cert.missing()) + len(tidier.missing())
    if missing:
        console.print(f"{missing} item(s) missing: add the fields named above.")
    else:
        console.print("[green]Complete: every CERT and TIDieR item is reported.[/]")
    for warning in result.warnings:
        place = ":".join(
            str(part)
            for part in (warning["file"], warning["line"], warning["column"])
            if part is not None
        )
        console.print(
            f"[yellow]warning[/] {escape(place)}: {escape(warning['message'])}", soft_wrap=True
        )
    if result.exit_code == 1:
        console.print(
            f"[red]Below threshold[/] (CERT {cert.score} vs --min-cert {result.min_cert}, "
            f"TIDieR {tidier.score} vs --min-tidier {result.min_tidier})."
        )


# --- expand --------------------------------------------------------------------------------------


def sets_to_text(sets: pl.DataFrame, fmt: str) -> str:
    """A sets table as CSV or JSON (an array of row objects, dates as YYYY-MM-DD)."""
    if fmt == "json":
        rows = sets.with_columns(
            [sets[c].cast(str) for c in sets.columns if sets[c].dtype.is_temporal()]
        ).to_dicts()
        return json.dumps(rows, ensure_ascii=False) + "\n"
    buffer = io.StringIO()
    sets.write_csv(buffer)
    return buffer.getvalue()


def _dose_text(row: dict[str, Any]) -> str:
    reps = ""
    if row["reps"] is not None:
        reps = str(row["reps"])
        if row["reps_max"] is not None and row["reps_max"] != row["reps"]:
            reps += f" (up to {row['reps_max']})"
    elif row["duration_s"] is not None:
        reps = f"{row['duration_s']:g}s"
    elif row["distance_m"] is not None:
        reps = f"{row['distance_m']:g}m"
    text = f"{row['sets']}x{reps}" if reps else f"{row['sets']} sets"
    if row["per_side"]:
        text += "/side"
    return text


def _effort_text(row: dict[str, Any]) -> str:
    if row["rpe"] is not None and row["rir"] is not None:
        return f"RPE {row['rpe']:g} / RIR {row['rir']:g}"  # the same effort, both scales
    if row["rir"] is not None:
        return f"RIR {row['rir']:g}"
    if row["rpe"] is not None:
        return f"RPE {row['rpe']:g}"
    return ""


ASSUMED = "Assumed by exdose where the file is silent (not the programme's own rules):"


def print_planned_table(
    sets: pl.DataFrame, output: Path | None = None, assumptions: Sequence[str] = ()
) -> None:
    """Print the planned sets compactly, one line per exercise per session (or write as text).

    `assumptions` (the defaults of exdose the plan depends on) are printed under the table.
    """
    import polars as pl
    from rich.table import Table

    grouped = (
        sets.group_by(["week", "day", "session", "exercise_name"], maintain_order=True)
        .agg(
            pl.len().alias("sets"),
            *(
                pl.col(c).first()
                for c in (
                    "reps",
                    "reps_max",
                    "per_side",
                    "duration_s",
                    "distance_m",
                    "load_kg",
                    "load_text",
                    "rpe",
                    "rir",
                    "date",
                )
            ),
        )
        .sort(["week", "day"], maintain_order=True)
    )
    table = Table(title="Planned sets", title_justify="left")
    for column in ("week", "session", "date", "exercise", "dose", "load", "effort"):
        table.add_column(column)
    last_week = None
    for row in grouped.iter_rows(named=True):
        if last_week is not None and row["week"] != last_week:
            table.add_section()
        last_week = row["week"]
        load = f"{row['load_kg']:g} kg" if row["load_kg"] is not None else (row["load_text"] or "")
        table.add_row(
            str(row["week"]),
            escape(f"{row['day']}. {row['session']}"),
            str(row["date"] or ""),
            escape(row["exercise_name"] or ""),
            escape(_dose_text(row)),
            escape(load),
            _effort_text(row),
        )
    notes = [ASSUMED, *(f"- {text}" for text in assumptions)] if assumptions else []
    if output is None:
        console = _console()
        console.print(table)
        for line in notes:
            console.print(escape(line))
        return
    from rich.console import Console

    from exdose.files import write_text_atomic

    buffer = io.StringIO()
    console = Console(file=buffer, width=120, color_system=None, highlight=False)
    console.print(table)
    for line in notes:
        console.print(escape(line))
    write_text_atomic(output, buffer.getvalue())


# --- dose ----------------------------------------------------------------------------------------


def print_weeks(name: str, weeks: list[WeekDose], deloads: set[int], plot: Path | None) -> None:
    """The planned dose per week as a table (the five muscles with most sets), flags below."""
    from rich.table import Table

    totals: dict[str, float] = {}
    for week in weeks:
        for muscle, sets in week.sets_per_muscle.items():
            totals[muscle] = totals.get(muscle, 0.0) + sets
    muscles = [m for m, _ in sorted(totals.items(), key=lambda kv: -kv[1])[:5]]
    table = Table(
        title=f"{escape(name)}: planned dose per week "
        "(fractional sets: primary muscle 1, secondary 0.5)",
        title_justify="left",
    )
    table.add_column("week", justify="right")
    table.add_column("sessions", justify="right")
    table.add_column("min", justify="right")
    for muscle in muscles:
        table.add_column(escape(muscle), justify="right")
    table.add_column("volume load kg", justify="right")
    table.add_column("mean RPE", justify="right")
    flagged: list[str] = []
    for week in weeks:
        label = f"{week.week}{' (deload)' if week.week in deloads else ''}"
        table.add_row(
            label,
            str(week.sessions),
            f"{week.minutes:g}" if week.minutes is not None else "",
            *[f"{week.sets_per_muscle.get(m, 0.0):g}" for m in muscles],
            f"{week.volume_load_kg:,.0f}" if week.volume_load_kg is not None else "",
            f"{week.mean_rpe:g}" if week.mean_rpe is not None else "",
        )
        flagged.extend(f"week {week.week}: {flag}" for flag in week.flags)
    console = _console()
    console.print(table)
    for line in flagged:
        console.print(f"[yellow]{escape(line)}[/]")
    console.print(
        "Volume load counts external load only (reps x kg of working sets); "
        "week-over-week changes above the caution threshold and from the spike threshold are "
        "flagged (Harrison & Johnston 2017: spikes of 15-49% went with more injuries)."
    )
    if plot is not None:
        console.print(f"wrote {escape(plot)}")


# --- exercises -----------------------------------------------------------------------------------


def print_exercises(found: list[Exercise], suggestions: list[str]) -> None:
    """The exercises found as a table, or the closest names when none matched.

    Ids are printed in full at any terminal width (they are what a programme file names): the
    other columns wrap, and a terminal too narrow for a table gets one exercise per block.
    """
    from rich.table import Table

    console = _console()
    if not found:
        hint = f" Did you mean: {escape(', '.join(suggestions))}?" if suggestions else ""
        console.print(f"No exercise matches.{hint}")
        return
    widest = max(len(ex.id) for ex in found)
    title = "Exercise library (free-exercise-db, public domain)"
    if console.width < widest + 40:  # no room for a table beside the full ids
        console.print(escape(title))
        for ex in found:
            console.print(escape(ex.id), overflow="ignore", crop=False, soft_wrap=True)
            details = [ex.name, ", ".join(ex.primary), ex.equipment or ""]
            console.print("  " + escape(" | ".join(d for d in details if d)))
        return
    table = Table(title=title, title_justify="left")
    table.add_column("id", no_wrap=True, min_width=widest)
    for column in ("name", "primary", "secondary", "equipment"):
        table.add_column(column, overflow="fold")
    for ex in found:
        table.add_row(
            *(
                escape(text)
                for text in (
                    ex.id,
                    ex.name,
                    ", ".join(ex.primary),
                    ", ".join(ex.secondary),
                    ex.equipment or "",
                )
            )
        )
    console.print(table)


# --- load ----------------------------------------------------------------------------------------


def _fmt(value: float | None, spec: str = ".0f") -> str:
    return "-" if value is None else format(value, spec)


def load_text(report: LoadReport, *, muscles: Sequence[str] = ()) -> str:
    """The load summary as plain text: weeks, the latest ACWR, e1RM, skipped rows, notes."""
    lines: list[str] = []
    if not muscles:
        totals: dict[str, float] = {}
        for w in report.weeks:
            for m, v in w.sets_per_muscle.items():
                totals[m] = totals.get(m, 0.0) + v
        muscles = [m for m, _ in sorted(totals.items(), key=lambda kv: -kv[1])[:4]]
    unit = "AU" if report.daily_load_basis == "session_rpe" else "kg"
    head = f"{'week of':<11}{'sess':>5}" + "".join(f"{m[:10]:>11}" for m in muscles)
    head += f"{'volume kg':>11}{'sRPE AU':>9}{'monot.':>7}{'change':>8}{'pain':>6}  flags"
    lines += ["Weekly dose and load (sets per muscle are fractional)", head]
    for w in report.weeks:
        row = f"{w.week_start.isoformat():<11}{w.sessions:>5}"
        row += "".join(f"{w.sets_per_muscle.get(m, 0.0):>11.1f}" for m in muscles)
        change = "-" if w.change is None else f"{w.change * 100:+.0f}%"
        row += f"{w.volume_load_kg:>11.0f}{_fmt(w.srpe_load):>9}{_fmt(w.monotony, '.2f'):>7}"
        row += f"{change:>8}{_fmt(w.pain_max, '.0f'):>6}  {'; '.join(w.flags)}"
        lines.append(row)
    lines.append("")
    lines.append(f"Daily load: {report.daily_load_description}; change is of {report.change_of}")
    last = report.days[-1] if report.days else None
    if last is not None:
        lines.append(
            f"Latest day {last.date}: load {last.load:.0f} {unit}, acute {_fmt(last.acute)}, "
            f"chronic {_fmt(last.chronic)} (daily means); ACWR coupled "
            f"{_fmt(last.acwr_coupled, '.2f')}, uncoupled {_fmt(last.acwr_uncoupled, '.2f')}, "
            f"EWMA {_fmt(last.acwr_ewma, '.2f')} (descriptive, not an injury prediction)"
        )
    if report.e1rm:
        lines.append(f"e1RM ({report.e1rm_formula}, sets of 1-10 reps), first -> latest:")
        for ex, points in report.e1rm.items():
            lines.append(
                f"  {ex}: {points[0].e1rm_kg:.1f} kg ({points[0].date}) -> "
                f"{points[-1].e1rm_kg:.1f} kg ({points[-1].date})"
            )
    if report.unmatched:
        lines.append("Unmatched exercise names (add them to a mapping file, see docs/logs.md):")
        lines += [f"  {name}" for name in report.unmatched]
    if report.skipped:
        lines.append(f"Skipped rows: {len(report.skipped)}")
        for s in report.skipped[:20]:
            where = f"{s['file']} " if "file" in s else ""
            lines.append(f"  {where}row {s['row']}: {s['reason']}")
        if len(report.skipped) > 20:
            lines.append(f"  ... and {len(report.skipped) - 20} more (see --json)")
    lines += [f"Note: {n}" for n in report.notes]
    lines += [f"Warning: {w}" for w in report.warnings]
    return "\n".join(lines)


def readiness_text(summary: ReadinessSummary) -> str:
    """Weekly readiness: each marker's mean, its 28-day median baseline, '!' when clearly worse."""
    words = summary.words
    head = f"{'week of':<11}" + "".join(f"{words[m][:14]:>16}" for m in summary.markers)
    lines = ["", "Readiness per week: mean (28-day median baseline), ! clearly worse", head]
    for week in summary.weeks:
        cells = {v.marker: v for v in week.markers}
        row = f"{week.start.isoformat():<11}"
        for m in summary.markers:
            v = cells.get(m)
            if v is None:
                row += f"{'-':>16}"
                continue
            base = "-" if v.baseline is None else f"{v.baseline:g}"
            mark = "!" if v.worse else ""
            cell = f"{v.value:g} ({base}){mark}"
            row += f"{cell:>16}"
        lines.append(row)
    lines += [f"Note: {n}" for n in summary.notes]
    return "\n".join(lines)


# --- fidelity ------------------------------------------------------------------------------------


def _p(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0f}%"


def _parts(count: Any) -> str:
    if not (count.home.planned or count.home.done):
        return ""
    sup, home = count.supervised, count.home
    return (
        f" [supervised {sup.done} of {sup.planned} ({_p(sup.pct)}), "
        f"home {home.done} of {home.planned} ({_p(home.pct)})]"
    )


def fidelity_text(report: FidelityReport) -> str:
    """The report as plain text for the terminal: totals, weeks, exercises, the sentence."""
    lines = [
        f"Fidelity, weeks 1-{report.through_week} of {report.program_weeks} ({report.weeks_note})",
        f"  sessions: {report.sessions.done} of {report.sessions.planned} "
        f"({_p(report.sessions.pct)})"
        + (f", {report.sessions.extra} extra" if report.sessions.extra else "")
        + _parts(report.sessions),
        f"  working sets: {report.sets.done} of {report.sets.planned} ({_p(report.sets.pct)})"
        + (f", {report.sets.extra} beyond the prescription" if report.sets.extra else "")
        + _parts(report.sets),
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
        where = " (home)" if e.setting == "home" else ""
        lines.append(
            f"  {e.name}{where}: {e.sets.done} of {e.sets.planned} (+{e.sets.extra}), "
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


# --- adjust --------------------------------------------------------------------------------------


def adjustment_text(result: Adjustment) -> str:
    """The proposal as plain text lines for the terminal."""
    lines = [
        f"Decision for programme week {result.next_week}: {result.decision.upper()}",
        f"  (judged on week {result.evaluated_week}; {result.weeks_note})",
    ]
    lines += [f"- {r}" for r in result.reasons]
    for c in result.changes:
        what = c.exercise or "programme"
        arrow = f": {c.from_ or '-'} -> {c.to or '-'}"
        lines.append(f"* {what} / {c.variable}{arrow}  [{c.evidence}]")
        lines.append(f"    why: {c.reason}")
    if result.message:
        lines.append(result.message)
    lines += [f"note: {n}" for n in result.notes]
    return "\n".join(lines)


# --- appraise, summarize, agreement --------------------------------------------------------------


def review_score_lines(summary: ReviewSummary) -> list[str]:
    """One line per rated report for the terminal: type, arm and the two totals."""
    lines = []
    for r in summary.rated:
        missing = [f"C{i}" for i, ok in r.cert.items() if not ok]
        missing += [f"T{i}" for i, ok in r.tidier.items() if not ok]
        lines.append(
            f"{r.document}: {r.doc_type}, arm {r.arm or '?'}; CERT {r.score('cert')}/19, "
            f"TIDieR {r.score('tidier')}/12; not reported: {', '.join(missing) or 'none'}"
        )
    return lines


def agreement_text(report: AgreementReport) -> str:
    """The agreement report as plain text for the terminal."""
    lines = [f"Agreement: {report.rater_a} vs {report.rater_b}", ""]
    header = f"{'item':<12}{'n':>6}{'% agree':>10}{'kappa':>9}{'PABAK':>9}"
    lines.append(header)
    lines.append("-" * len(header))
    for stats in [*report.items, *report.checklists, report.overall]:
        lines.append(_stats_line(stats))
    if report.overall.kappa_ci95 is not None:
        low, high = report.overall.kappa_ci95
        lines.append(f"overall kappa {report.overall.kappa:.3f}, 95% CI {low:.3f} to {high:.3f}")
    notes = sorted({s.note for s in [*report.items, report.overall] if s.note})
    if notes:
        lines.append("")
        lines.extend(f"note: {n}" for n in notes)
    lines.append("")
    lines.append(f"Disagreements to resolve: {len(report.disagreements)}")
    for d in report.disagreements:
        lines.append(f"  {d.document}  {d.checklist} {d.item}: A={d.rater_a} B={d.rater_b}")
    if report.only_in_a or report.only_in_b or report.unrated:
        lines.append("")
        lines.append(
            f"Not compared: {len(report.only_in_a)} rated only by A, {len(report.only_in_b)} "
            f"only by B, {report.unrated} left unrated by one of them"
        )
    return "\n".join(lines)


def _stats_line(stats: Any) -> str:  # an AgreementReport row: item, checklist or overall
    percent = "-" if stats.percent is None else f"{stats.percent:.1f}"
    kappa = "undef." if stats.kappa is None else f"{stats.kappa:.3f}"
    pabak = "-" if stats.pabak is None else f"{stats.pabak:.3f}"
    return f"{stats.scope:<12}{stats.n:>6}{percent:>10}{kappa:>9}{pabak:>9}"


@contextmanager
def progress_bar(label: str, *, threshold: int = 3) -> Iterator[Callable[[int, int], None]]:
    """A progress callback drawing a rich bar on stderr once there are over `threshold` items."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    bar = Progress(
        label, BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        console=Console(stderr=True), transient=True,
    )  # fmt: skip
    task = bar.add_task(label, total=None)
    started = False

    def update(done: int, total: int) -> None:
        nonlocal started
        if total > threshold and not started:
            bar.start()
            started = True
        if started:
            bar.update(task, completed=done, total=total)

    try:
        yield update
    finally:
        if started:
            bar.stop()

"""Terminal tables and plain-text tables for the programme commands.

rich reads square brackets as markup, so every text that comes from a user's file (programme and
exercise names, hints quoting the file, error messages) goes through `plain` first: a programme
called "Leg day [bold]" prints as written, and "[/x]" cannot raise a MarkupError.
"""

from __future__ import annotations

import io
import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    import polars as pl


def plain(text: object) -> str:
    """Text for rich with its square brackets escaped, so it prints literally."""
    from rich.markup import escape

    return escape(str(text))


def _console() -> Any:
    from rich.console import Console

    return Console(highlight=False)


def sets_to_text(sets: pl.DataFrame, fmt: str) -> str:
    """A sets table as CSV or JSON (an array of row objects)."""
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


ASSUMED = "Assumed by exdose where the file is silent (not the programme's own rules):"


def print_planned_table(
    sets: pl.DataFrame, output: Path | None = None, assumptions: Sequence[str] = ()
) -> None:
    """Print the planned sets compactly, one line per exercise per session (or write as text).

    `assumptions` (from `exdose.report.assumptions.plan_assumptions`) are printed under the table:
    the defaults of exdose that this plan depends on.
    """
    import polars as pl
    from rich.table import Table

    grouped = (
        sets.group_by(["week", "day", "session", "exercise_name"], maintain_order=True)
        .agg(
            pl.len().alias("sets"),
            pl.col("reps").first(),
            pl.col("reps_max").first(),
            pl.col("per_side").first(),
            pl.col("duration_s").first(),
            pl.col("distance_m").first(),
            pl.col("load_kg").first(),
            pl.col("load_text").first(),
            pl.col("rpe").first(),
            pl.col("rir").first(),
            pl.col("date").first(),
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
        effort = ""
        if row["rpe"] is not None and row["rir"] is not None:
            effort = f"RPE {row['rpe']:g} / RIR {row['rir']:g}"  # the same effort, both scales
        elif row["rir"] is not None:
            effort = f"RIR {row['rir']:g}"
        elif row["rpe"] is not None:
            effort = f"RPE {row['rpe']:g}"
        table.add_row(
            str(row["week"]),
            plain(f"{row['day']}. {row['session']}"),
            str(row["date"] or ""),
            plain(row["exercise_name"]),
            plain(_dose_text(row)),
            plain(load),
            effort,
        )
    notes = [ASSUMED, *(f"- {text}" for text in assumptions)] if assumptions else []
    if output is None:
        console = _console()
        console.print(table)
        for line in notes:
            console.print(plain(line))
        return
    from rich.console import Console

    from exdose.files import write_text_atomic

    console = Console(file=io.StringIO(), width=120, color_system=None, highlight=False)
    console.print(table)
    for line in notes:
        console.print(plain(line))
    write_text_atomic(output, console.file.getvalue())  # type: ignore[attr-defined]


def print_exercises(query: str | None, muscle: str | None) -> None:
    """Print library exercises whose name contains the query (and that train the muscle).

    Ids are printed in full at any terminal width (they are what a programme file names): the
    other columns wrap, and a terminal too narrow for a table gets one exercise per block.
    """
    from rich.table import Table

    from exdose.exercises import default_library, normalise_name

    library = default_library()
    key = normalise_name(query) if query else ""
    found = [
        ex
        for ex in library
        if (not key or key in normalise_name(ex.name) or key in normalise_name(ex.id))
        and (not muscle or muscle in ex.primary or muscle in ex.secondary)
    ]
    console = _console()
    if not found:
        suggestions = library.suggest(query or "", limit=5) if query else []
        hint = f" Did you mean: {plain(', '.join(suggestions))}?" if suggestions else ""
        console.print(f"No exercise matches.{hint}")
        return
    widest = max(len(ex.id) for ex in found)
    title = "Exercise library (free-exercise-db, public domain; rehabilitation entries: exdose)"
    if console.width < widest + 40:  # no room for a table beside the full ids
        console.print(plain(title))
        for ex in found:
            console.print(plain(ex.id), overflow="ignore", crop=False, soft_wrap=True)
            details = [ex.name, ", ".join(ex.primary), ex.equipment or ""]
            console.print("  " + plain(" | ".join(d for d in details if d)))
        return
    table = Table(title=title, title_justify="left")
    table.add_column("id", no_wrap=True, min_width=widest)
    for column in ("name", "primary", "secondary", "equipment"):
        table.add_column(column, overflow="fold")
    for ex in found:
        table.add_row(
            *(
                plain(text)
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

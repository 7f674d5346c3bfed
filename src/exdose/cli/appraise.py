"""Appraisal commands: appraise, summarize and agreement.

Each command calls the public API (`exdose.api`) and prints; what it prints is in
`exdose.cli._text`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from exdose.cli._app import app, fail
from exdose.errors import ExdoseError


@app.command()
def appraise(
    paths: Annotated[list[Path], typer.Argument(help="Report files or folders (recursive).")],
    json_lines: Annotated[
        bool, typer.Option("--json", help="Print one JSON object per report (JSON Lines).")
    ] = False,
    csv_out: Annotated[
        Path | None, typer.Option("--csv", help="Write the ratings table (CSV).")
    ] = None,
    xlsx_out: Annotated[
        Path | None, typer.Option("--xlsx", help="Write ratings and totals (XLSX).")
    ] = None,
    summary_out: Annotated[
        Path | None,
        typer.Option("--summary", help="Write the review summary (.md, .html or .docx)."),
    ] = None,
    heatmap_out: Annotated[
        Path | None,
        typer.Option("--heatmap", help="Write the reports x items heatmap (.png, .svg or .pdf)."),
    ] = None,
    workers: Annotated[int, typer.Option("--workers", min=1, help="Worker processes.")] = 1,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="Run on a Dask distributed cluster: its scheduler's address tcp://HOST:PORT.",
        ),
    ] = None,
    study_from: Annotated[
        str | None,
        typer.Option(
            "--study-from",
            help="Group reports into studies: 'filename' (Protocol_005_... and Results_005_... "
            "are study 005) or a CSV with columns document,study.",
        ),
    ] = None,
    arm: Annotated[
        str | None,
        typer.Option(
            "--arm",
            help="Rate the arm whose name contains TEXT (default: the exercise arm found "
            "in the methods).",
        ),
    ] = None,
    max_size: Annotated[
        float, typer.Option("--max-size", min=0.001, help="Size bound per input file, in MB.")
    ] = 50.0,
) -> None:
    """Rate trial reports on CERT (19 items) and TIDieR (12 items), with evidence sentences.

    Exit code 0 when every report was rated, 1 when any could not be read, 2 on a usage error.
    """
    from exdose import api
    from exdose.cli._text import progress_bar, review_score_lines

    skipped: list[tuple[Path, str]] = []
    try:
        with progress_bar("appraising") as progress:
            results = api.appraise_many(
                paths,
                workers=workers,
                progress=progress,
                arm=arm,
                max_bytes=int(max_size * 1024 * 1024),
                scheduler=scheduler,
                on_skip=lambda path, reason: skipped.append((path, reason)),
            )
            summary = api.save_review(
                results,
                json_lines=sys.stdout if json_lines else None,
                csv=csv_out,
                xlsx=xlsx_out,
                summary=summary_out,
                heatmap=heatmap_out,
                study_from=study_from,
            )
    except ExdoseError as error:
        fail(error)
    for path, reason in skipped:
        print(f"exdose: skipped {path}: {reason}", file=sys.stderr)
    for record in summary.failed:
        print(f"exdose: not rated: {record.error}", file=sys.stderr)
    for record in summary.without_arm:
        print(f"exdose: {record.document}: {record.note}", file=sys.stderr)
    if not json_lines:
        if not (csv_out or xlsx_out or summary_out or heatmap_out):
            # no output asked for: show the totals here (evidence is in --json/--csv/--summary)
            print("\n".join(review_score_lines(summary)))
        print(
            f"{len(summary.rated)} report(s) rated, {len(summary.failed)} could not be read",
            file=sys.stderr,
        )
    raise typer.Exit(1 if summary.failed else 0)


@app.command()
def summarize(
    ratings: Annotated[
        Path, typer.Argument(help="Ratings table (.csv, comma or semicolon, or .xlsx).")
    ],
    summary_out: Annotated[
        Path | None,
        typer.Option("--summary", help="Write the review summary (.md, .html or .docx)."),
    ] = None,
    heatmap_out: Annotated[
        Path | None,
        typer.Option("--heatmap", help="Write the reports x items heatmap (.png, .svg or .pdf)."),
    ] = None,
    study_from: Annotated[
        str | None,
        typer.Option(
            "--study-from",
            help="Group reports into studies: 'filename' (Protocol_005_... and Results_005_... "
            "are study 005) or a CSV with columns document,study.",
        ),
    ] = None,
) -> None:
    """Rebuild the review's summary and heatmap from a (corrected) ratings table.

    `reported` may be 1/0, yes/no or "not applicable" (counted as not reported in the totals).
    """
    from exdose import api
    from exdose.cli._text import review_score_lines

    try:
        summary = api.review_summary(ratings, study_from=study_from)
        api.save_review(summary, summary=summary_out, heatmap=heatmap_out)
    except ExdoseError as error:
        fail(error)
    if not (summary_out or heatmap_out):
        print("\n".join(review_score_lines(summary)))
    print(f"{len(summary.rated)} report(s) summarised", file=sys.stderr)


@app.command()
def agreement(
    rater_a: Annotated[Path, typer.Argument(help="Ratings table (CSV) of rater A.")],
    rater_b: Annotated[Path, typer.Argument(help="Ratings table (CSV) of rater B.")],
    json_out: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Agreement between two raters: % agreement, Cohen's kappa and PABAK per item and overall."""
    from exdose import api
    from exdose.cli._text import agreement_text

    try:
        report = api.agreement(rater_a, rater_b)
    except ExdoseError as error:
        fail(error)
    print(report.model_dump_json(indent=2) if json_out else agreement_text(report))

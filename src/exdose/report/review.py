"""The outputs of appraising a review's reports: JSON Lines, ratings table (CSV/XLSX), summary
(Markdown/HTML) and the reports x items heatmap (PNG).

`write_review` consumes the stream of appraisals once, writing JSON lines and table rows as they
come, and keeps only a compact per-report record (scores and 31 flags) for the summary.
"""

from __future__ import annotations

import base64
import csv
import html
import io
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, TextIO

from exdose.appraise.models import Appraisal
from exdose.appraise.ratings_table import TableRating
from exdose.appraise.table import COLUMNS, AtomicTextFile, RatingsCsvWriter, rating_rows
from exdose.checklists import CHECKLISTS, ChecklistName, load_checklist
from exdose.errors import UsageError
from exdose.files import write_bytes_atomic

if TYPE_CHECKING:
    from matplotlib.figure import Figure


HEATMAP_FORMATS: Final = (".png", ".svg", ".pdf")


@dataclass
class ReportRecord:
    """What the summary keeps of one report."""

    document: str
    doc_type: str
    arm: str | None
    error: str | None
    cert: dict[str, bool] = field(default_factory=dict)
    note: str | None = None  # set when the report has no exercise arm
    # (checklist, item) -> calibrated confidence of exdose's rating
    confidence: dict[tuple[str, str], float] = field(default_factory=dict)
    # items a reviewer marked "not applicable" (they count as not reported in the totals)
    not_applicable: set[tuple[str, str]] = field(default_factory=set)
    tidier: dict[str, bool] = field(default_factory=dict)

    def score(self, checklist: ChecklistName) -> int:
        """Items reported on this checklist."""
        return sum(getattr(self, checklist).values())


@dataclass
class StudyRecord:
    """One study (a trial) of the review: its reports and the study-level ratings."""

    study: str
    documents: list[str]
    cert: dict[str, bool]
    tidier: dict[str, bool]

    def score(self, checklist: ChecklistName) -> int:
        """Items reported in any of the study's reports."""
        return sum(getattr(self, checklist).values())


@dataclass
class ReviewSummary:
    """The compact record of a review run: enough for totals, per-item % and the heatmap."""

    reports: list[ReportRecord] = field(default_factory=list)
    studies: dict[str, str] = field(default_factory=dict)  # document -> study (--study-from)

    def study_records(self) -> list[StudyRecord]:
        """Per study: an item is reported when any of the study's rated reports reports it."""
        found: dict[str, StudyRecord] = {}
        for record in self.rated:
            study = self.studies.get(record.document)
            if study is None:
                continue
            entry = found.get(study)
            if entry is None:
                entry = found[study] = StudyRecord(
                    study,
                    [],
                    dict.fromkeys(record.cert, False),
                    dict.fromkeys(record.tidier, False),
                )
            entry.documents.append(record.document)
            for checklist in CHECKLISTS:
                mine = getattr(entry, checklist)
                for item_id, reported in getattr(record, checklist).items():
                    mine[item_id] = mine.get(item_id, False) or reported
        return list(found.values())

    @property
    def rated(self) -> list[ReportRecord]:
        """Reports that were read and rated on their exercise arm."""
        return [r for r in self.reports if r.error is None and r.note is None]

    @property
    def without_arm(self) -> list[ReportRecord]:
        """Reports read but with no exercise arm to rate (listed apart, not in the totals)."""
        return [r for r in self.reports if r.error is None and r.note is not None]

    @property
    def failed(self) -> list[ReportRecord]:
        """Reports that could not be read."""
        return [r for r in self.reports if r.error is not None]

    def add(self, appraisal: Appraisal) -> None:
        """Record one appraisal."""
        record = ReportRecord(
            appraisal.document, appraisal.doc_type, appraisal.arm, appraisal.error
        )
        record.note = appraisal.note
        if appraisal.cert is not None:
            record.cert = {i.id: i.reported for i in appraisal.cert.items}
            record.confidence.update((("cert", i.id), i.confidence) for i in appraisal.cert.items)
        if appraisal.tidier is not None:
            record.tidier = {i.id: i.reported for i in appraisal.tidier.items}
            record.confidence.update(
                (("tidier", i.id), i.confidence) for i in appraisal.tidier.items
            )
        self.reports.append(record)

    def least_sure(self, limit: int = 25) -> list[tuple[float, str, str, str, bool]]:
        """The ratings exdose is least sure of, least sure first: (confidence, document,
        checklist, item, reported). Reviewers check these first."""
        found = []
        for record in self.rated:
            for (checklist, item_id), confidence in record.confidence.items():
                reported = getattr(record, checklist)[item_id]
                found.append((confidence, record.document, checklist, item_id, reported))
        found.sort(key=lambda row: (row[0], row[1], row[2]))
        return found[:limit]

    def score_lines(self) -> list[str]:
        """One line per rated report for the terminal: type, arm and the two totals."""
        lines = []
        for r in self.rated:
            missing = [f"C{i}" for i, ok in r.cert.items() if not ok]
            missing += [f"T{i}" for i, ok in r.tidier.items() if not ok]
            lines.append(
                f"{r.document}: {r.doc_type}, arm {r.arm or '?'}; CERT {r.score('cert')}/19, "
                f"TIDieR {r.score('tidier')}/12; not reported: {', '.join(missing) or 'none'}"
            )
        return lines

    def item_percent(self, checklist: ChecklistName, item_id: str) -> float | None:
        """% of rated reports that report an item (None when nothing was rated)."""
        rated = self.rated
        if not rated:
            return None
        count = sum(1 for r in rated if getattr(r, checklist)[item_id])
        return 100.0 * count / len(rated)

    def mean_percent(self, checklist: ChecklistName) -> float | None:
        """Mean completeness (% of items reported) over rated reports."""
        rated = self.rated
        if not rated:
            return None
        total = load_checklist(checklist).max_score
        return 100.0 * sum(r.score(checklist) for r in rated) / (total * len(rated))


_STUDY_WORDS = re.compile(
    r"(?:^|[_\-. ])(?:protocol|results?|design|main|paper|report|trial|study|baseline|"
    r"secondary|pmc\d+|pmid\d+)(?=$|[_\-. ])",
    re.I,
)


def study_from_filename(document: str) -> str:
    """A study key from a report's file name: "Protocol_005_PMC6069849.txt" -> "005".

    The words naming the kind of paper (protocol, results, design, trial...) and PubMed ids are
    removed; a protocol and a results paper of one trial must then have the same key. For other
    naming schemes give a CSV (document,study).
    """
    stem = Path(document).name.rsplit(".", 1)[0]
    previous = None
    while previous != stem:
        previous, stem = stem, _STUDY_WORDS.sub("", stem)
    return stem.strip("_-. ").lower() or Path(document).name


def read_study_map(path: Path) -> dict[str, str]:
    """document -> study from a CSV with the columns document and study."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"{path}: cannot read the study table ({error})") from error
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    rows = list(csv.DictReader(io.StringIO(text), delimiter=delimiter))
    if not rows or not {"document", "study"} <= set(rows[0]):
        raise UsageError(
            f"{path}: a study table needs the columns document and study",
            hint="one row per report: document,study",
        )
    return {r["document"].strip(): r["study"].strip() for r in rows if r["document"].strip()}


def assign_studies(summary: ReviewSummary, study_from: str | None) -> None:
    """Group the summary's reports into studies: "filename" or the path of a CSV."""
    if not study_from:
        return
    if study_from == "filename":
        summary.studies = {r.document: study_from_filename(r.document) for r in summary.reports}
    else:
        mapping = read_study_map(Path(study_from))
        summary.studies = {r.document: mapping.get(r.document, r.document) for r in summary.reports}


def summary_from_ratings(ratings: Iterable[TableRating]) -> ReviewSummary:
    """The review summary rebuilt from a ratings table (as a reviewer corrected it).

    "not applicable" counts as not reported, the convention of the official CERT /19 and
    TIDieR /12 totals; the summary says how many items were marked so. A report none of whose
    rows is rated is listed as not rated.
    """
    records: dict[str, ReportRecord] = {}
    rated: dict[str, bool] = {}
    for rating in ratings:
        record = records.get(rating.document)
        if record is None:
            record = records[rating.document] = ReportRecord(
                rating.document, rating.doc_type, rating.arm or None, None
            )
            for checklist in CHECKLISTS:
                setattr(record, checklist, dict.fromkeys(load_checklist(checklist).ids(), False))
            rated[rating.document] = False
        getattr(record, rating.checklist)[rating.item] = rating.verdict == "yes"
        if rating.verdict == "na":
            record.not_applicable.add((rating.checklist, rating.item))
        if rating.verdict is not None:
            rated[rating.document] = True
        if rating.confidence is not None:
            record.confidence[(rating.checklist, rating.item)] = rating.confidence
    summary = ReviewSummary()
    for document, record in records.items():
        if not rated[document]:
            record.error = f"{document}: no item rated in the table"
        summary.reports.append(record)
    return summary


def write_summary_files(
    summary: ReviewSummary, *, summary_path: Path | None = None, heatmap_path: Path | None = None
) -> None:
    """Write the summary page (.md/.html) and the heatmap (.png/.svg/.pdf) of a review."""
    _check_suffixes(summary_path, heatmap_path)
    if heatmap_path is not None:
        write_bytes_atomic(heatmap_path, heatmap_bytes(summary, heatmap_path.suffix.lower()[1:]))
    if summary_path is not None:
        html_page = summary_path.suffix.lower() in (".html", ".htm")
        with AtomicTextFile(summary_path) as stream:
            stream.write(summary_html(summary) if html_page else summary_markdown(summary))


def _check_suffixes(summary_path: Path | None, heatmap_path: Path | None) -> None:
    for path, allowed in (
        (summary_path, (".md", ".html", ".htm")),
        (heatmap_path, HEATMAP_FORMATS),
    ):
        if path is not None and path.suffix.lower() not in allowed:
            raise UsageError(
                f"{path}: unsupported extension {path.suffix!r}",
                hint=f"use one of {', '.join(allowed)}",
            )


def write_review(
    appraisals: Iterable[Appraisal],
    *,
    json_stream: TextIO | None = None,
    csv_path: Path | None = None,
    xlsx_path: Path | None = None,
    summary_path: Path | None = None,
    heatmap_path: Path | None = None,
    study_from: str | None = None,
) -> ReviewSummary:
    """Consume appraisals once, streaming JSON lines and table rows; then write the summaries.

    `study_from` ("filename" or a CSV path) groups the reports into studies for the summary.
    """
    _check_suffixes(summary_path, heatmap_path)
    summary = ReviewSummary()
    csv_writer = RatingsCsvWriter(csv_path) if csv_path is not None else None
    xlsx_rows: list[list[Any]] | None = [] if xlsx_path is not None else None
    completed = False
    try:
        for appraisal in appraisals:
            summary.add(appraisal)
            if json_stream is not None:
                json_stream.write(appraisal.json_line() + "\n")
                json_stream.flush()
            if csv_writer is not None:
                csv_writer.add(appraisal)
            if xlsx_rows is not None:
                xlsx_rows.extend([row[c] for c in COLUMNS] for row in rating_rows(appraisal))
        completed = True
    finally:
        if csv_writer is not None:
            csv_writer.close(failed=not completed)
    assign_studies(summary, study_from)
    if xlsx_path is not None and xlsx_rows is not None:
        write_xlsx(summary, xlsx_rows, xlsx_path)
    write_summary_files(summary, summary_path=summary_path, heatmap_path=heatmap_path)
    return summary


def write_xlsx(summary: ReviewSummary, rows: list[list[Any]], path: Path) -> None:
    """An XLSX workbook: the ratings table, per-report totals and per-item percentages."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    ratings = book.create_sheet("ratings")
    ratings.append(list(COLUMNS))
    for row in rows:
        ratings.append(row)
    reports = book.create_sheet("reports")
    reports.append(["document", "doc_type", "arm", "cert", "cert %", "tidier", "tidier %", "error"])
    for record, cert, tidier in _report_rows(summary):
        reports.append(
            [record.document, record.doc_type, record.arm or "", *cert, *tidier, record.error or ""]
        )
    items = book.create_sheet("items")
    items.append(["checklist", "item", "title", "% of reports", "reports"])
    for checklist, item_id, title, percent, count in _item_rows(summary):
        items.append([checklist, item_id, title, percent, count])
    buffer = io.BytesIO()
    book.save(buffer)
    write_bytes_atomic(path, buffer.getvalue())


def _report_rows(
    summary: ReviewSummary,
) -> list[tuple[ReportRecord, tuple[Any, Any], tuple[Any, Any]]]:
    rows: list[tuple[ReportRecord, tuple[Any, Any], tuple[Any, Any]]] = []
    for record in summary.reports:
        if record.error is not None:
            rows.append((record, ("", ""), ("", "")))
            continue
        cert = record.score("cert")
        tidier = record.score("tidier")
        rows.append(
            (record, (cert, round(100 * cert / 19, 1)), (tidier, round(100 * tidier / 12, 1)))
        )
    return rows


def _item_rows(summary: ReviewSummary) -> list[tuple[str, str, str, float | None, int]]:
    rows: list[tuple[str, str, str, float | None, int]] = []
    for checklist in CHECKLISTS:
        for item in load_checklist(checklist).items:
            percent = summary.item_percent(checklist, item.id)
            count = sum(1 for r in summary.rated if getattr(r, checklist)[item.id])
            rows.append(
                (checklist, item.id, item.title, None if percent is None else round(percent, 1),
                 count)
            )  # fmt: skip
    return rows


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def summary_markdown(summary: ReviewSummary) -> str:
    """The review summary as Markdown: per report totals and %, per item % of reports."""
    rated, failed = summary.rated, summary.failed
    lines = [
        "# Reporting completeness of the exercise interventions",
        "",
        f"Reports: {len(summary.reports)} ({len(rated)} rated, {len(summary.without_arm)} without "
        f"an exercise arm, {len(failed)} could not be read).",
        f"Mean completeness: CERT {_fmt(summary.mean_percent('cert'))}% of 19 items, "
        f"TIDieR {_fmt(summary.mean_percent('tidier'))}% of 12 items.",
        "",
        "Ratings by exdose (rules over sentences); verify each against its evidence.",
        *_na_note(summary),
        "",
        "## Per report",
        "",
        "| report | type | rated arm | CERT /19 | CERT % | TIDieR /12 | TIDieR % |",
        "|---|---|---|---:|---:|---:|---:|",
    ]
    for record, cert, tidier in _report_rows(summary):
        if record.note is not None:
            continue  # listed apart below
        if record.error is not None:
            lines.append(f"| {_md(record.document)} | not rated | | | | | |")
            continue
        lines.append(
            f"| {_md(record.document)} | {record.doc_type} | {_md(record.arm or '')} | {cert[0]} "
            f"| {cert[1]:.1f} | {tidier[0]} | {tidier[1]:.1f} |"
        )
    studies = summary.study_records()
    if studies:
        lines += [
            "",
            "## Per study",
            "",
            "An item is reported for a study when any of its reports reports it.",
            "",
            "| study | reports | CERT /19 | CERT % | TIDieR /12 | TIDieR % |",
            "|---|---|---:|---:|---:|---:|",
        ]
        for study in studies:
            c_score, t_score = study.score("cert"), study.score("tidier")
            lines.append(
                f"| {_md(study.study)} | {_md(', '.join(study.documents))} | {c_score} "
                f"| {100 * c_score / 19:.1f} | {t_score} | {100 * t_score / 12:.1f} |"
            )
    lines += [
        "",
        "## Per item",
        "",
        "| checklist | item | title | % of reports | reports |",
        "|---|---|---|---:|---:|",
    ]
    for checklist, item_id, title, percent, count in _item_rows(summary):
        lines.append(
            f"| {checklist.upper() if checklist == 'cert' else 'TIDieR'} | {item_id} | {title} "
            f"| {_fmt(percent)} | {count} |"
        )
    least = summary.least_sure()
    if least:
        lines += [
            "",
            "## Least sure first (check these first)",
            "",
            "Calibrated confidence: the share of such ratings that agreed with human raters.",
            "",
            "| confidence | report | item | exdose says |",
            "|---:|---|---|---|",
        ]
        for confidence, document, checklist, item_id, reported in least:
            name = "CERT" if checklist == "cert" else "TIDieR"
            said = "reported" if reported else "not reported"
            lines.append(f"| {confidence:.2f} | {_md(document)} | {name} {item_id} | {said} |")
    if summary.without_arm:
        lines += ["", "## Reports without an exercise arm (not in the totals)", ""]
        lines += [f"- {_md(r.document)}: {_md(r.note or '')}" for r in summary.without_arm]
    if failed:
        lines += ["", "## Reports that could not be read", ""]
        lines += [f"- {_md(r.document)}: {_md(r.error or '')}" for r in failed]
    return "\n".join(lines) + "\n"


def _na_note(summary: ReviewSummary) -> list[str]:
    marked = sum(len(r.not_applicable) for r in summary.rated)
    if not marked:
        return []
    return [
        "",
        f"{marked} item rating(s) are marked not applicable (results-only items of protocols); "
        "they count as not reported in the totals, as in the official CERT /19 and TIDieR /12.",
    ]


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def summary_html(summary: ReviewSummary) -> str:
    """The review summary as a self-contained HTML page with the heatmap embedded."""
    rated, failed = summary.rated, summary.failed
    esc = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        "<title>Reporting completeness of the exercise interventions</title>",
        "<style>body{font-family:sans-serif;max-width:70em;margin:2em auto;padding:0 1em}"
        "table{border-collapse:collapse;margin:1em 0}"
        "td,th{border:1px solid #ccc;padding:.25em .5em}"
        "td.n{text-align:right}img{max-width:100%}</style></head><body>",
        "<h1>Reporting completeness of the exercise interventions</h1>",
        f"<p>Reports: {len(summary.reports)} ({len(rated)} rated, {len(failed)} could not be "
        f"read). Mean completeness: CERT {_fmt(summary.mean_percent('cert'))}% of 19 items, "
        f"TIDieR {_fmt(summary.mean_percent('tidier'))}% of 12 items.</p>",
        "<p>Ratings by exdose (rules over sentences); verify each against its evidence.</p>",
        "<h2>Per report</h2><table><tr><th>report</th><th>type</th><th>rated arm</th>"
        "<th>CERT /19</th><th>CERT %</th><th>TIDieR /12</th><th>TIDieR %</th></tr>",
    ]
    for record, cert, tidier in _report_rows(summary):
        if record.note is not None:
            continue  # listed apart below
        if record.error is not None:
            parts.append(f"<tr><td>{esc(record.document)}</td><td colspan=6>not rated</td></tr>")
            continue
        parts.append(
            f"<tr><td>{esc(record.document)}</td><td>{record.doc_type}</td>"
            f"<td>{esc(record.arm or '')}</td><td class=n>{cert[0]}</td>"
            f"<td class=n>{cert[1]:.1f}</td><td class=n>{tidier[0]}</td>"
            f"<td class=n>{tidier[1]:.1f}</td></tr>"
        )
    studies = summary.study_records()
    if studies:
        parts.append(
            "</table><h2>Per study</h2><p>An item is reported for a study when any of its "
            "reports reports it.</p><table><tr><th>study</th><th>reports</th><th>CERT /19</th>"
            "<th>CERT %</th><th>TIDieR /12</th><th>TIDieR %</th></tr>"
        )
        for study in studies:
            c_score, t_score = study.score("cert"), study.score("tidier")
            parts.append(
                f"<tr><td>{esc(study.study)}</td><td>{esc(', '.join(study.documents))}</td>"
                f"<td class=n>{c_score}</td><td class=n>{100 * c_score / 19:.1f}</td>"
                f"<td class=n>{t_score}</td><td class=n>{100 * t_score / 12:.1f}</td></tr>"
            )
    parts.append("</table><h2>Per item</h2><table><tr><th>checklist</th><th>item</th>"
                 "<th>title</th><th>% of reports</th><th>reports</th></tr>")  # fmt: skip
    for checklist, item_id, title, percent, count in _item_rows(summary):
        name = "CERT" if checklist == "cert" else "TIDieR"
        parts.append(
            f"<tr><td>{name}</td><td>{item_id}</td><td>{esc(title)}</td>"
            f"<td class=n>{_fmt(percent)}</td><td class=n>{count}</td></tr>"
        )
    parts.append("</table>")
    if rated:
        encoded = base64.b64encode(heatmap_png(summary)).decode("ascii")
        parts.append(
            "<h2>Reports x items</h2>"
            '<img alt="heatmap of reported items per report" '
            f'src="data:image/png;base64,{encoded}">'
        )
    least = summary.least_sure()
    if least:
        parts.append(
            "<h2>Least sure first (check these first)</h2><table><tr><th>confidence</th>"
            "<th>report</th><th>item</th><th>exdose says</th></tr>"
        )
        for confidence, document, checklist, item_id, reported in least:
            name = "CERT" if checklist == "cert" else "TIDieR"
            said = "reported" if reported else "not reported"
            parts.append(
                f"<tr><td class=n>{confidence:.2f}</td><td>{esc(document)}</td>"
                f"<td>{name} {item_id}</td><td>{said}</td></tr>"
            )
        parts.append("</table>")
    if summary.without_arm:
        parts.append("<h2>Reports without an exercise arm (not in the totals)</h2><ul>")
        parts += [f"<li>{esc(r.document)}: {esc(r.note or '')}</li>" for r in summary.without_arm]
        parts.append("</ul>")
    if failed:
        parts.append("<h2>Reports that could not be read</h2><ul>")
        parts += [f"<li>{esc(r.document)}: {esc(r.error or '')}</li>" for r in failed]
        parts.append("</ul>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def heatmap_figure(summary: ReviewSummary) -> Figure:
    """The reports x items heatmap as a matplotlib Figure (object-oriented API, no pyplot).

    Reported items are dark, items not reported light, reports that could not be read or have
    no exercise arm grey; a legend says so. Every row is labelled with its report; the figure
    grows with the number of reports and the labels shrink, so any review stays legible in a
    vector format (SVG, PDF).
    """
    from matplotlib.colors import ListedColormap
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    cert_ids, tidier_ids = load_checklist("cert").ids(), load_checklist("tidier").ids()
    labels = [f"C{i}" for i in cert_ids] + [f"T{i}" for i in tidier_ids]
    matrix: list[list[float]] = []
    for record in summary.reports:
        if record.error is not None or record.note is not None:
            matrix.append([0.5] * len(labels))
            continue
        row = [1.0 if record.cert[i] else 0.0 for i in cert_ids]
        row += [1.0 if record.tidier[i] else 0.0 for i in tidier_ids]
        matrix.append(row)
    names = [_row_label(r) for r in summary.reports]
    if not matrix:
        matrix, names = [[0.5] * len(labels)], [""]
    n = len(matrix)
    height = min(200.0, max(3.0, 0.2 * n + 2.0))
    font = max(2.0, min(7.0, 0.75 * 72 * (height - 2.0) / n / 1.4))
    figure = Figure(figsize=(11, height))
    axes = figure.add_subplot()
    colours = ListedColormap(["#f1eef6", "#bdbdbd", "#045a8d"])
    axes.imshow(matrix, aspect="auto", cmap=colours, vmin=0, vmax=1, interpolation="nearest")
    axes.set_xticks(range(len(labels)))
    axes.set_xticklabels(labels, rotation=90, fontsize=8)
    axes.axvline(len(cert_ids) - 0.5, color="black", linewidth=1)
    axes.set_yticks(range(n))
    axes.set_yticklabels(names, fontsize=font)
    axes.set_title("Items reported per report: CERT (C) | TIDieR (T)")
    axes.legend(
        handles=[
            Patch(facecolor="#045a8d", label="reported"),
            Patch(facecolor="#f1eef6", edgecolor="#999999", label="not reported"),
            Patch(facecolor="#bdbdbd", label="not rated (unreadable, or no exercise arm)"),
        ],
        loc="upper center",
        bbox_to_anchor=(0.5, -0.6 / height * 2),
        ncol=3,
        fontsize=8,
        frameon=False,
    )
    figure.tight_layout()
    return figure


def _row_label(record: ReportRecord) -> str:
    name = record.document if len(record.document) <= 48 else record.document[:45] + "..."
    if record.error is not None:
        return name + " (not read)"
    if record.note is not None:
        return name + " (no exercise arm)"
    return name


def heatmap_bytes(summary: ReviewSummary, fmt: str = "png") -> bytes:
    """The heatmap written as PNG, SVG or PDF bytes."""
    figure = heatmap_figure(summary)
    buffer = io.BytesIO()
    figure.savefig(buffer, format=fmt, dpi=110, bbox_inches="tight")
    return buffer.getvalue()


def heatmap_png(summary: ReviewSummary) -> bytes:
    """The reports x items heatmap as PNG bytes (see `heatmap_figure`)."""
    return heatmap_bytes(summary, "png")


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

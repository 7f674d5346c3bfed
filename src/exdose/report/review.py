"""The outputs of appraising a review's reports: JSON Lines, ratings table (CSV/XLSX), summary
(Markdown, HTML or DOCX) and the reports x items heatmap (PNG, SVG or PDF).

The summary is built once as a `exdose.report.document.Document` (`summary_document`) and
handed to the report writers, like the methods and handout documents.

`write_review` consumes the stream of appraisals once, writing JSON lines and table rows as they
come, and keeps only a compact per-report record (scores and 31 flags) for the summary.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, TextIO

from exdose.appraise.models import Appraisal
from exdose.appraise.ratings_table import TableRating
from exdose.appraise.table import COLUMNS, RatingsCsvWriter, rating_rows
from exdose.checklists import CHECKLISTS, ChecklistName, load_checklist
from exdose.errors import UsageError
from exdose.files import write_bytes_atomic
from exdose.report.document import Block, Bullets, Document, Figure, Heading, Paragraph, Table
from exdose.report.writers.docx import to_docx
from exdose.report.writers.html import to_html
from exdose.report.writers.markdown import to_markdown

if TYPE_CHECKING:
    from matplotlib import figure as mpl_figure


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
    # (checklist, item) -> the reviewer's note, from a corrected ratings table
    notes: dict[tuple[str, str], str] = field(default_factory=dict)

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
    # rebuilt from a ratings table (`summarize`): the ratings are the table's, perhaps corrected
    # by a reviewer; the confidences are still those exdose gave its own ratings
    from_table: bool = False

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
    naming schemes give a CSV (document,study). A name that is nothing but such words
    ("trial.txt") is its own study, named by its path without the extension, so that
    site1/trial.txt and site2/trial.txt stay two studies.
    """
    stem = Path(document).name.rsplit(".", 1)[0]
    previous = None
    while previous != stem:
        previous, stem = stem, _STUDY_WORDS.sub("", stem)
    return stem.strip("_-. ").lower() or str(Path(document).with_suffix(""))


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
    rows is rated is listed as not rated; one whose rows all say "no arm" (exdose found no
    exercise arm, and no reviewer rated an item of it yes) is listed apart, as `appraise` lists
    it, not counted as 0 of 19. Reviewers' notes are kept.
    """
    records: dict[str, ReportRecord] = {}
    rated: dict[str, bool] = {}
    no_arm: dict[str, str | None] = {}  # document -> reason, while every row says "no arm"
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
        if rating.note:
            record.notes[(rating.checklist, rating.item)] = rating.note
        if rating.document not in no_arm:
            no_arm[rating.document] = rating.reason if rating.no_arm else None
        elif not rating.no_arm:
            no_arm[rating.document] = None
    summary = ReviewSummary(from_table=True)
    for document, record in records.items():
        if not rated[document]:
            record.error = f"{document}: no item rated in the table"
        elif no_arm.get(document) is not None:
            record.note = no_arm[document] or "no exercise arm in this report"
        summary.reports.append(record)
    return summary


def write_summary_files(
    summary: ReviewSummary, *, summary_path: Path | None = None, heatmap_path: Path | None = None
) -> None:
    """Write the summary (.md/.html/.docx) and the heatmap (.png/.svg/.pdf) of a review."""
    _check_suffixes(summary_path, heatmap_path)
    if heatmap_path is not None:
        write_bytes_atomic(heatmap_path, heatmap_bytes(summary, heatmap_path.suffix.lower()[1:]))
    if summary_path is not None:
        write_bytes_atomic(summary_path, summary_bytes(summary, summary_path.suffix))


def _check_suffixes(summary_path: Path | None, heatmap_path: Path | None) -> None:
    for path, allowed in (
        (summary_path, SUMMARY_FORMATS),
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
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    ratings = book.create_sheet("ratings")
    # a reviewer's form: header kept in view, a filter on every column, room for the evidence
    ratings.freeze_panes = "A2"
    ratings.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{len(rows) + 1}"
    for index, name in enumerate(COLUMNS, start=1):
        ratings.column_dimensions[get_column_letter(index)].width = _XLSX_WIDTHS.get(name, 12)
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


_XLSX_WIDTHS: Final = {"document": 32, "arm": 28, "evidence": 80, "reason": 40, "note": 40}


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


SUMMARY_TITLE: Final = "Reporting completeness of the exercise interventions"
SUMMARY_FORMATS: Final = (".md", ".html", ".htm", ".docx")
# PDF would be one more writer call (writers.pdf.to_pdf); the CLI still refuses .pdf summaries.
HEATMAP_KEY: Final = "heatmap"


def _checklist_name(checklist: str) -> str:
    return "CERT" if checklist == "cert" else "TIDieR"


def summary_document(summary: ReviewSummary, *, heatmap: bool = True) -> Document:
    """The review summary as a format-free document: totals, per report, per study, per item,
    the heatmap (when `heatmap` and something was rated), the least sure ratings, and the
    reports listed apart (no exercise arm, not readable).

    The heatmap figure is named `HEATMAP_KEY`; the writers take its PNG bytes by that key.
    """
    rated, failed = summary.rated, summary.failed
    blocks: list[Block] = [
        Heading(1, SUMMARY_TITLE),
        Paragraph(
            f"Reports: {len(summary.reports)} ({len(rated)} rated, {len(summary.without_arm)} "
            f"without an exercise arm, {len(failed)} could not be read)."
        ),
        Paragraph(
            f"Mean completeness: CERT {_fmt(summary.mean_percent('cert'))}% of 19 items, "
            f"TIDieR {_fmt(summary.mean_percent('tidier'))}% of 12 items."
        ),
        Paragraph("Ratings by exdose (rules over sentences); verify each against its evidence."),
    ]
    marked = sum(len(r.not_applicable) for r in rated)
    if marked:
        blocks.append(
            Paragraph(
                f"{marked} item rating(s) are marked not applicable (results-only items of "
                "protocols); they count as not reported in the totals, as in the official "
                "CERT /19 and TIDieR /12."
            )
        )
    report_rows: list[tuple[str, ...]] = []
    for record, cert, tidier in _report_rows(summary):
        if record.note is not None:
            continue  # listed apart below
        if record.error is not None:
            report_rows.append((record.document, "not rated", "", "", "", "", ""))
            continue
        report_rows.append(
            (record.document, record.doc_type, record.arm or "", str(cert[0]), f"{cert[1]:.1f}",
             str(tidier[0]), f"{tidier[1]:.1f}")
        )  # fmt: skip
    blocks += [
        Heading(2, "Per report"),
        Table(
            ("report", "type", "rated arm", "CERT /19", "CERT %", "TIDieR /12", "TIDieR %"),
            tuple(report_rows),
            right=(3, 4, 5, 6),
        ),
    ]
    studies = summary.study_records()
    if studies:
        study_rows = []
        for study in studies:
            c_score, t_score = study.score("cert"), study.score("tidier")
            study_rows.append(
                (study.study, ", ".join(study.documents), str(c_score),
                 f"{100 * c_score / 19:.1f}", str(t_score), f"{100 * t_score / 12:.1f}")
            )  # fmt: skip
        blocks += [
            Heading(2, "Per study"),
            Paragraph("An item is reported for a study when any of its reports reports it."),
            Table(
                ("study", "reports", "CERT /19", "CERT %", "TIDieR /12", "TIDieR %"),
                tuple(study_rows),
                right=(2, 3, 4, 5),
            ),
        ]
    item_rows = tuple(
        (_checklist_name(checklist), item_id, title, _fmt(percent), str(count))
        for checklist, item_id, title, percent, count in _item_rows(summary)
    )
    blocks += [
        Heading(2, "Per item"),
        Table(("checklist", "item", "title", "% of reports", "reports"), item_rows, right=(3, 4)),
    ]
    if heatmap and rated:
        blocks += [
            Heading(2, "Reports x items"),
            Figure(HEATMAP_KEY, "heatmap of reported items per report"),
        ]
    least = summary.least_sure()
    if least:
        least_rows = tuple(
            (f"{confidence:.2f}", document, f"{_checklist_name(checklist)} {item_id}",
             "reported" if reported else "not reported")
            for confidence, document, checklist, item_id, reported in least
        )  # fmt: skip
        blocks += [
            Heading(2, "Least sure first (check these first)"),
            Paragraph(
                "Calibrated confidence: the share of such ratings that agreed with human raters."
            ),
            Table(
                (
                    "confidence",
                    "report",
                    "item",
                    "in the table" if summary.from_table else "exdose says",
                ),
                least_rows,
                right=(0,),
            ),
        ]
        if summary.from_table:
            blocks.insert(
                len(blocks) - 1,
                Paragraph(
                    "Rebuilt from a ratings table: the rating shown is the table's (a reviewer may "
                    "have corrected it); the confidence is the one exdose gave its own rating."
                ),
            )
    noted = [
        (record.document, checklist, item_id, note)
        for record in summary.reports
        for (checklist, item_id), note in sorted(record.notes.items())
    ]
    if noted:
        blocks += [
            Heading(2, "Reviewers' notes"),
            Table(
                ("report", "item", "note"),
                tuple(
                    (document, f"{_checklist_name(checklist)} {item_id}", note)
                    for document, checklist, item_id, note in noted
                ),
            ),
        ]
    if summary.without_arm:
        blocks += [
            Heading(2, "Reports without an exercise arm (not in the totals)"),
            Bullets(tuple((None, f"{r.document}: {r.note or ''}") for r in summary.without_arm)),
        ]
    if failed:
        blocks += [
            Heading(2, "Reports that could not be read"),
            Bullets(tuple((None, f"{r.document}: {r.error or ''}") for r in failed)),
        ]
    return Document(SUMMARY_TITLE, "methods", blocks)


def _summary_figures(summary: ReviewSummary, document: Document) -> dict[str, bytes]:
    if HEATMAP_KEY not in document.figure_keys():
        return {}
    return {HEATMAP_KEY: heatmap_png(summary)}


def summary_markdown(summary: ReviewSummary) -> str:
    """The review summary as Markdown (the heatmap is a file of its own: `--heatmap`)."""
    return to_markdown(summary_document(summary, heatmap=False))


def summary_html(summary: ReviewSummary) -> str:
    """The review summary as a self-contained HTML page with the heatmap embedded."""
    document = summary_document(summary)
    return to_html(document, _summary_figures(summary, document))


def summary_bytes(summary: ReviewSummary, suffix: str) -> bytes:
    """The review summary in the format a file extension names (.md, .html/.htm, .docx)."""
    suffix = suffix.lower()
    if suffix == ".md":
        return summary_markdown(summary).encode("utf-8")
    if suffix in (".html", ".htm"):
        return summary_html(summary).encode("utf-8")
    if suffix == ".docx":
        document = summary_document(summary)
        return to_docx(document, _summary_figures(summary, document))
    raise UsageError(
        f"unsupported summary format {suffix!r}", hint=f"use one of {', '.join(SUMMARY_FORMATS)}"
    )


def heatmap_figure(summary: ReviewSummary) -> mpl_figure.Figure:
    """The reports x items heatmap as a matplotlib Figure (object-oriented API, no pyplot).

    Reported items are dark, items not reported light, reports that could not be read or have
    no exercise arm grey; a legend says so. Every row is labelled with its report; the figure
    grows with the number of reports and the labels shrink, so any review stays legible in a
    vector format (SVG, PDF).
    """
    from matplotlib.colors import ListedColormap
    from matplotlib.figure import Figure as MplFigure
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
    figure = MplFigure(figsize=(11, height))
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

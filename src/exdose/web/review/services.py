"""Every call from the review workbench into the exdose library, in one place.

Reading and rating a report, the checklist items, the ratings table the CLI reads
(`exdose agreement` / `exdose summarize` columns), agreement (computed by `exdose.agreement` on
exactly the exported tables, so the web and the CLI give the same numbers) and the heatmap.
When the appraiser gains yes/no/not-applicable ratings, study-level ratings or PDF pages, this is
the one file to adapt. Functions take and return plain values (dicts, lists, text, bytes).
"""

from __future__ import annotations

import csv
import html
import io
import itertools
import math
import re
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, Literal

import exdose

CHECKLISTS: Final[tuple[Literal["cert", "tidier"], ...]] = ("cert", "tidier")
TABLE_COLUMNS: Final[tuple[str, ...]] = (
    "document",
    "doc_type",
    "arm",
    "checklist",
    "item",
    "reported",
    "evidence",
    "reason",
    "confidence",
)
"""The ratings-table columns `exdose appraise --table` writes and `exdose agreement` reads."""

NOT_APPLICABLE_REASON: Final = "not applicable"
"""How a not-applicable rating is written in the ratings table: `reported` left empty (the CLI's
agreement reads 1/0 only, so the pair is not compared) and this reason."""

REGISTRATION: Final = re.compile(
    r"\b(NCT\d{8}|ISRCTN\d{8}|ACTRN\d{14}|ChiCTR-?[A-Z]{0,4}-?\d{6,12}|DRKS\d{8}|NTR\d{3,5}"
    r"|CTRI/\d{4}/\d{2,3}/\d{6}|EUCTR\d{4}-\d{6}-\d{2}|PACTR\d{15}|KCT\d{7}|RBR-[0-9a-z]{6,8}"
    r"|UMIN\d{9}|IRCT\d{8,}N\d+)\b"
)
"""Trial registration numbers of the WHO primary registries (and ClinicalTrials.gov)."""


class ReviewInputError(Exception):
    """A report that cannot or must not be read: the message says why and what to do."""


@dataclass(frozen=True)
class ChecklistItem:
    """One of the 31 items as the workbench shows it."""

    checklist: str
    id: str
    title: str
    section: str
    wording: str
    results_only: bool

    @property
    def key(self) -> str:
        """`cert-7a`, `tidier-12`: the item's key in pages and forms."""
        return f"{self.checklist}-{self.id}"

    @property
    def label(self) -> str:
        """`CERT 7a`, `TIDieR 12`."""
        return f"{'CERT' if self.checklist == 'cert' else 'TIDieR'} {self.id}"


def checklist_items() -> list[ChecklistItem]:
    """The 19 CERT and 12 TIDieR items in checklist order."""
    return [
        ChecklistItem(name, item.id, item.title, item.section, item.wording, item.results_only)
        for name in CHECKLISTS
        for item in exdose.checklist(name).items
    ]


def item_ids(checklist: str) -> list[str]:
    """The item ids of one checklist (empty for an unknown name)."""
    return [i.id for i in checklist_items() if i.checklist == checklist]


# --- reading and rating one report -------------------------------------------------------------


@dataclass
class AppraisedReport:
    """What the workbench keeps of one rated report."""

    appraisal: dict[str, Any]  # Appraisal.model_dump(mode="json") without the server path
    text: str  # the extracted text the evidence offsets point into
    title: str
    format: str
    registrations: list[str] = field(default_factory=list)


def appraise_file(path: Path, name: str, *, max_bytes: int) -> AppraisedReport:
    """Read and rate one stored report; `name` is the uploaded file name the results carry.

    Raises `ReviewInputError` with a reader-facing message for a file that cannot or must not be
    read (unknown format, password-protected or damaged PDF, XXE in XML, zip bomb in a DOCX, over
    `max_bytes`).
    """
    try:
        document = exdose.read_report(path, max_bytes=max_bytes)
        appraisal = exdose.appraise(document)
    except exdose.ExdoseError as error:
        text = error.message + (f" ({error.hint})" if error.hint else "")
        raise ReviewInputError(text.replace(str(path), name)) from None
    appraisal = appraisal.model_copy(update={"document": name})
    return AppraisedReport(
        appraisal=appraisal.model_dump(mode="json", exclude={"path"}),
        text=document.text,
        title=(document.title or "").strip()[:500],
        format=document.format,
        registrations=registrations(document.text),
    )


def cli_json(appraisal: Mapping[str, Any]) -> dict[str, Any]:
    """The appraisal in the shape of `exdose appraise --json` (one line's object)."""
    import json

    loaded: dict[str, Any] = json.loads(
        exdose.Appraisal.model_validate(dict(appraisal)).json_line()
    )
    return loaded


def registrations(text: str) -> list[str]:
    """Trial registration numbers named in a report, most frequent first."""
    counts: dict[str, int] = {}
    for match in REGISTRATION.finditer(text):
        counts[match.group(1)] = counts.get(match.group(1), 0) + 1
    return sorted(counts, key=lambda r: (-counts[r], r))


# --- studies -----------------------------------------------------------------------------------

_STOP: Final = frozenset(
    [
        "a",
        "an",
        "and",
        "the",
        "of",
        "in",
        "on",
        "for",
        "with",
        "to",
        "by",
        "from",
        "at",
        "or",
        "as",
        "is",
        "are",
        "was",
        "were",
        "study",
        "trial",
        "protocol",
        "randomized",
        "randomised",
        "controlled",
        "results",
        "effect",
        "effects",
        "versus",
        "vs",
        "compared",
        "comparing",
        "multicentre",
        "multicenter",
        "pilot",
        "feasibility",
    ]
)


def _title_words(title: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", title.lower()) if len(w) > 2 and w not in _STOP}


_COMMON_CAPS: Final = frozenset({"RCT", "COVID", "HIV", "AIDS", "USA", "NHS", "COPD", "ICU"})


def _acronyms(title: str) -> set[str]:
    # a trial's acronym in brackets, "(PAMELA)", or written alone in capitals, "the PAMELA study"
    found = re.findall(r"\(([A-Z][A-Z0-9-]{2,14})\)|\b([A-Z][A-Z0-9]{3,11})\b", title)
    return {x for pair in found for x in pair if x and x not in _COMMON_CAPS}


def suggest_studies(reports: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Groups of reports that look like one trial but sit in different studies.

    Each report is a mapping with `id`, `study` (its study id), `title` and `registrations`.
    Two reports go together when they name the same registration number, or their titles share
    an acronym, or at least half of their title words (Jaccard >= 0.5). Returns one suggestion
    per group spanning more than one study: `{"reports": [ids], "studies": [ids], "why": text}`.
    """
    parent = {r["id"]: r["id"] for r in reports}
    why: dict[frozenset[int], str] = {}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def join(a: int, b: int, reason: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[ra] = rb
            why[frozenset((a, b))] = reason

    listed = list(reports)
    for i, a in enumerate(listed):
        for b in listed[i + 1 :]:
            shared = set(a["registrations"]) & set(b["registrations"])
            if shared:
                join(a["id"], b["id"], f"both name {sorted(shared)[0]}")
                continue
            acro = _acronyms(a["title"]) & _acronyms(b["title"])
            if acro:
                join(a["id"], b["id"], f"both titles name {sorted(acro)[0]}")
                continue
            wa, wb = _title_words(a["title"]), _title_words(b["title"])
            if wa and wb and len(wa & wb) / len(wa | wb) >= 0.5:
                join(a["id"], b["id"], "similar titles")
    groups: dict[int, list[Mapping[str, Any]]] = {}
    for r in listed:
        groups.setdefault(find(r["id"]), []).append(r)
    suggestions = []
    for members in groups.values():
        studies = sorted({m["study"] for m in members if m["study"] is not None})
        if len(members) < 2 or len(studies) < 2:
            continue
        ids = [m["id"] for m in members]
        reasons = sorted({text for pair, text in why.items() if pair <= set(ids)})
        suggestions.append({"reports": ids, "studies": studies, "why": "; ".join(reasons)})
    return suggestions


def study_prerating(reports: Sequence[tuple[int, Mapping[str, Any]]]) -> dict[str, dict[str, Any]]:
    """exdose's study-level rating per item key from the appraisals of the study's reports.

    An item is reported ("yes") when any report reports it (the review convention); the
    confidence is then the highest among the reporting reports, else the lowest among the
    reports saying no (a "no" is only as sure as its least sure report). Evidence lists every
    reporting report's sentences with the report id. Reports that could not be rated are left
    out; with none rated, every item is unrated (`reported` None).
    """
    result: dict[str, dict[str, Any]] = {}
    for item in checklist_items():
        yes: list[tuple[int, Mapping[str, Any]]] = []
        no: list[tuple[int, Mapping[str, Any]]] = []
        for report_id, appraisal in reports:
            checklist = appraisal.get(item.checklist)
            if not checklist:
                continue
            found = next((i for i in checklist["items"] if i["id"] == item.id), None)
            if found is None:
                continue
            (yes if found["reported"] else no).append((report_id, found))
        if yes:
            reported, confidence = "yes", max(float(f["confidence"]) for _, f in yes)
            reason = ""
        elif no:
            reported, confidence = "no", min(float(f["confidence"]) for _, f in no)
            reason = next((str(f.get("reason") or "") for _, f in no if f.get("reason")), "")
        else:
            reported, confidence, reason = None, None, "no rated report"
        evidence = [
            {
                "report": rid,
                "text": e["text"],
                "start": e["start"],
                "end": e["end"],
                "anchor": f"r{rid}-{e['start']}",
            }
            for rid, f in yes
            for e in f.get("evidence", [])
        ]
        result[item.key] = {
            "reported": reported,
            "confidence": confidence,
            "evidence": evidence,
            "reason": reason,
        }
    return result


def highlighted_html(report_id: int, text: str, spans: Iterable[tuple[int, int, str]]) -> str:
    """The report text as HTML with each evidence span in a <mark>; `spans` are (start, end,
    item key). Overlapping spans split into segments that carry every covering item key; the
    segment where a span starts has the id `r<report>-<start>` that evidence links jump to."""
    cuts = {0, len(text)}
    listed = [(max(0, s), min(len(text), e), k) for s, e, k in spans if 0 <= s < e]
    for s, e, _ in listed:
        cuts.update((s, e))
    points = sorted(cuts)
    starts = {s for s, _, _ in listed}
    out: list[str] = []
    for a, b in itertools.pairwise(points):
        keys = sorted({k for s, e, k in listed if s <= a and b <= e})
        chunk = html.escape(text[a:b])
        if keys:
            anchor = f' id="r{report_id}-{a}"' if a in starts else ""
            out.append(f'<mark class="ev"{anchor} data-items="{" ".join(keys)}">{chunk}</mark>')
        else:
            out.append(chunk)
    return "".join(out)


# --- the ratings table ---------------------------------------------------------------------------


def table_rows(
    document: str, ratings: Mapping[str, Mapping[str, Any]], *, doc_type: str = "", arm: str = ""
) -> list[dict[str, Any]]:
    """The 31 ratings-table rows of one study from {item key: {"reported": "yes"|"no"|"na"|None,
    "evidence": str, "note": str, "confidence": float|None}}; missing items are left unrated."""
    rows = []
    for item in checklist_items():
        rating = ratings.get(item.key) or {}
        value = rating.get("reported")
        reason = str(rating.get("note") or rating.get("reason") or "")
        if value == "na":
            reason = NOT_APPLICABLE_REASON + (f": {reason}" if reason else "")
        confidence = rating.get("confidence")
        rows.append(
            {
                "document": document,
                "doc_type": doc_type,
                "arm": arm,
                "checklist": item.checklist,
                "item": item.id,
                "reported": {"yes": 1, "no": 0}.get(str(value), ""),
                "evidence": str(rating.get("evidence") or ""),
                "reason": reason,
                "confidence": "" if confidence is None else confidence,
            }
        )
    return rows


def ratings_csv(rows: Iterable[Mapping[str, Any]]) -> str:
    """A ratings table as CSV text (the columns `exdose agreement` and `exdose summarize` read)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(TABLE_COLUMNS), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: _cell(row.get(c, "")) for c in TABLE_COLUMNS})
    return buffer.getvalue()


def _cell(value: Any) -> Any:
    # a spreadsheet runs a cell starting with = + - @ as a formula: keep text as text
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def ratings_xlsx(rows: Iterable[Mapping[str, Any]]) -> bytes:
    """The same table as an XLSX workbook (one sheet, `ratings`)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("ratings")
    sheet.append(list(TABLE_COLUMNS))
    for row in rows:
        sheet.append([_cell(row.get(c, "")) for c in TABLE_COLUMNS])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- agreement -----------------------------------------------------------------------------------


def agreement(
    rows_a: Sequence[Mapping[str, Any]],
    rows_b: Sequence[Mapping[str, Any]],
    name_a: str,
    name_b: str,
) -> dict[str, Any]:
    """`exdose.agreement` on the two ratings tables, written exactly as the CSV export writes
    them (so `exdose agreement A.csv B.csv` on the downloads prints the same numbers).

    Each statistics block gains `kappa_ci` [low, high]: the 95% interval of Cohen's kappa from
    its large-sample standard error sqrt(p_o (1 - p_o) / (n (1 - p_e)^2)) (Cohen 1960), with
    p_e recovered from exdose's kappa and agreement; None when kappa is undefined or the
    pairs are fewer than 10. When exdose's
    own report carries an interval, that one is kept.
    """
    with tempfile.TemporaryDirectory(prefix="exdose-agreement-") as folder:
        path_a, path_b = Path(folder) / "a.csv", Path(folder) / "b.csv"
        path_a.write_text(ratings_csv(rows_a), encoding="utf-8")
        path_b.write_text(ratings_csv(rows_b), encoding="utf-8")
        report = exdose.agreement(path_a, path_b)
    result: dict[str, Any] = report.model_dump(mode="json")
    result["rater_a"], result["rater_b"] = name_a, name_b
    for block in [result["overall"], *result["checklists"], *result["items"]]:
        block.setdefault("kappa_ci", kappa_interval(block["n"], block["agreed"], block["kappa"]))
    return result


MIN_PAIRS_FOR_INTERVAL: Final = 10


def kappa_interval(n: int, agreed: int, kappa: float | None) -> list[float] | None:
    """95% confidence interval of Cohen's kappa (clipped to [-1, 1]); None when kappa is
    undefined or there are fewer than `MIN_PAIRS_FOR_INTERVAL` pairs (the large-sample
    interval means nothing on a handful of pairs)."""
    if kappa is None or n < MIN_PAIRS_FOR_INTERVAL:
        return None
    p_o = agreed / n
    if kappa >= 1.0 or p_o >= 1.0:
        return [round(kappa, 4), round(kappa, 4)]
    p_e = (p_o - kappa) / (1 - kappa)
    if p_e >= 1.0:
        return None
    se = math.sqrt(p_o * (1 - p_o) / (n * (1 - p_e) ** 2))
    return [round(max(-1.0, kappa - 1.96 * se), 4), round(min(1.0, kappa + 1.96 * se), 4)]


# --- summary and heatmap -------------------------------------------------------------------------


def summary(matrix: Mapping[str, Mapping[str, str | None]]) -> dict[str, Any]:
    """The review's summary from {study: {item key: "yes"|"no"|"na"|None}}.

    Per study and checklist: items reported, items applicable (yes + no; not applicable and
    unresolved items are left out of the denominator) and the percentage. Per item: studies
    reporting it out of the studies where it applies, and the percentage.
    """
    items = checklist_items()
    studies = []
    for study, ratings in matrix.items():
        entry: dict[str, Any] = {"study": study}
        for checklist in CHECKLISTS:
            values = [ratings.get(i.key) for i in items if i.checklist == checklist]
            yes = values.count("yes")
            applicable = yes + values.count("no")
            entry[checklist] = {
                "reported": yes,
                "applicable": applicable,
                "not_applicable": values.count("na"),
                "unresolved": sum(1 for v in values if v is None),
                "percent": round(100 * yes / applicable, 1) if applicable else None,
            }
        studies.append(entry)
    per_item = []
    for item in items:
        values = [ratings.get(item.key) for ratings in matrix.values()]
        yes = values.count("yes")
        applicable = yes + values.count("no")
        per_item.append(
            {
                "key": item.key,
                "label": item.label,
                "title": item.title,
                "reported": yes,
                "applicable": applicable,
                "percent": round(100 * yes / applicable, 1) if applicable else None,
            }
        )
    return {"studies": studies, "items": per_item}


_COLOURS: Final = {"yes": "#0b6e4f", "no": "#f3d9c7", "na": "#d5d9e0", None: "#ffffff"}
_LEGEND: Final = (
    ("yes", "reported"),
    ("no", "not reported"),
    ("na", "not applicable"),
    (None, "not rated / unresolved"),
)


def heatmap(matrix: Mapping[str, Mapping[str, str | None]], fmt: str) -> bytes:
    """Studies x 31 items as an SVG or PNG heatmap with a legend (matplotlib's object API)."""
    from matplotlib.colors import ListedColormap
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    if fmt not in ("svg", "png"):
        raise ValueError("fmt must be 'svg' or 'png'")
    items = checklist_items()
    studies = list(matrix)
    codes = {"yes": 0, "no": 1, "na": 2, None: 3}
    grid = [[codes.get(matrix[s].get(i.key), 3) for i in items] for s in studies] or [[3] * 31]
    height = 1.6 + 0.32 * max(1, len(studies))
    width = 2.2 + 0.28 * len(items) + 0.07 * max((len(s) for s in studies), default=4)
    figure = Figure(figsize=(width, height), layout="constrained")
    axes = figure.add_subplot()
    colours = ListedColormap([_COLOURS["yes"], _COLOURS["no"], _COLOURS["na"], _COLOURS[None]])
    axes.imshow(grid, cmap=colours, vmin=0, vmax=3, aspect="auto", interpolation="nearest")
    axes.set_xticks(
        range(len(items)),
        [i.label.replace("TIDieR", "T").replace("CERT", "C") for i in items],
        rotation=90,
        fontsize=7,
    )
    axes.set_yticks(range(len(studies)), studies, fontsize=8)
    axes.set_xticks([x - 0.5 for x in range(len(items) + 1)], minor=True)
    axes.set_yticks([y - 0.5 for y in range(len(studies) + 1)], minor=True)
    axes.grid(which="minor", color="#ffffff", linewidth=1)
    axes.tick_params(which="minor", length=0)
    cert_count = sum(1 for i in items if i.checklist == "cert")
    axes.axvline(cert_count - 0.5, color="#1d2330", linewidth=1.5)
    axes.legend(
        handles=[Patch(facecolor=_COLOURS[k], edgecolor="#8a93a3", label=t) for k, t in _LEGEND],
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        fontsize=7,
        frameon=False,
    )
    axes.set_title("CERT (C) and TIDieR (T) items reported, per study", fontsize=9)
    buffer = io.BytesIO()
    figure.savefig(buffer, format=fmt, dpi=150)
    return buffer.getvalue()


# --- PDF pages -----------------------------------------------------------------------------------

MAX_PAGES_SHOWN: Final = 80
PAGE_SCALE: Final = 1.4  # 100 dpi: readable on a laptop screen, about 150 kB a page


def pdf_page_count(path: Path) -> int:
    """Pages of a stored PDF (0 when pdfium cannot open it)."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError:
        return 0
    try:
        return len(document)
    finally:
        document.close()


def pdf_page_png(path: Path, index: int, highlights: Sequence[str]) -> bytes:
    """Page `index` (0-based) of a PDF as PNG, every evidence sentence in `highlights` found on
    the page painted over in yellow (found by pdfium's text search; a sentence whose extracted
    text differs from the page's, e.g. across a page break, is tried by its first 60 characters).
    Raises IndexError for a page the PDF does not have."""
    import pypdfium2 as pdfium
    from PIL import Image, ImageDraw

    document = pdfium.PdfDocument(str(path))
    try:
        if not 0 <= index < min(len(document), MAX_PAGES_SHOWN):
            raise IndexError(index)
        page = document[index]
        image = page.render(scale=PAGE_SCALE).to_pil().convert("RGBA")
        overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
        draw = ImageDraw.Draw(overlay)
        height = page.get_height()
        textpage = page.get_textpage()
        for sentence in highlights:
            words = " ".join(sentence.split())
            for probe in dict.fromkeys((words, words[:60])):
                if len(probe) < 12:
                    continue
                searcher = textpage.search(probe, match_case=False)
                found = searcher.get_next()
                hit = found is not None
                while found is not None:
                    start, count = found
                    for i in range(start, start + count):
                        left, bottom, right, top = textpage.get_charbox(i)
                        box = (
                            left * PAGE_SCALE,
                            (height - top) * PAGE_SCALE,
                            right * PAGE_SCALE,
                            (height - bottom) * PAGE_SCALE,
                        )
                        draw.rectangle(box, fill=(255, 200, 0, 95))
                    found = searcher.get_next()
                if hit:
                    break
        buffer = io.BytesIO()
        Image.alpha_composite(image, overlay).convert("RGB").save(buffer, format="PNG")
        return buffer.getvalue()
    finally:
        document.close()

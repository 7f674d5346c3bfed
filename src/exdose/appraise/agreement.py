"""Agreement between two raters on the same ratings table: % agreement, Cohen's kappa, PABAK.

For two raters and two categories (reported / not reported), from the observed agreement p_o and
the agreement expected by chance p_e (each rater's own rate of "reported", independent):

- Cohen's kappa = (p_o - p_e) / (1 - p_e) (Cohen, Educ Psychol Meas 1960;20:37-46); undefined when
  p_e = 1 (both raters gave every pair the same single rating).
- its 95% confidence interval, kappa +- 1.96 SE, with Cohen's (1960) large-sample standard error
  SE = sqrt(p_o (1 - p_o) / (n (1 - p_e)^2)), cut to [-1, 1]; rough for small n, so read it as the
  width of the uncertainty, not as an exact interval.
- PABAK (prevalence- and bias-adjusted kappa, Byrt, Bishop & Carlin, J Clin Epidemiol
  1993;46:423-9) = 2 p_o - 1.
"""

from __future__ import annotations

import math
from pathlib import Path

from pydantic import BaseModel

from exdose.checklists import CHECKLISTS, load_checklist

Z95 = 1.959964  # the standard normal quantile for a two-sided 95% interval

KAPPA_UNDEFINED_NOTE = (
    "kappa undefined: both raters gave every pair the same single rating, so chance agreement "
    "is 100%; read % agreement and PABAK instead"
)


class Agreement(BaseModel):
    """Agreement over a set of paired ratings (one item, one checklist or everything)."""

    scope: str  # "cert 7a", "cert", "tidier" or "overall"
    n: int
    agreed: int
    percent: float | None
    kappa: float | None
    pabak: float | None
    note: str = ""
    kappa_ci95: tuple[float, float] | None = None  # Cohen's (1960) large-sample interval


class Disagreement(BaseModel):
    """A document x item the two raters rated differently: to be resolved."""

    document: str
    checklist: str
    item: str
    rater_a: int
    rater_b: int
    evidence_a: str = ""
    evidence_b: str = ""


class AgreementReport(BaseModel):
    """Everything `exdose agreement` reports."""

    rater_a: str
    rater_b: str
    overall: Agreement
    checklists: list[Agreement]
    items: list[Agreement]
    disagreements: list[Disagreement]
    only_in_a: list[str]  # "document checklist item" rated by A alone (not compared)
    only_in_b: list[str]
    unrated: int  # pairs in both tables where either rating is empty (not compared)


def agreement_stats(scope: str, a: list[int], b: list[int]) -> Agreement:
    """% agreement, Cohen's kappa (None when undefined, with the reason) and PABAK."""
    n = len(a)
    if n == 0:
        return Agreement(scope=scope, n=0, agreed=0, percent=None, kappa=None, pabak=None,
                         note="no paired ratings")  # fmt: skip
    agreed = sum(1 for x, y in zip(a, b, strict=True) if x == y)
    p_o = agreed / n
    p_yes_a, p_yes_b = sum(a) / n, sum(b) / n
    p_e = p_yes_a * p_yes_b + (1 - p_yes_a) * (1 - p_yes_b)
    kappa: float | None = None
    interval: tuple[float, float] | None = None
    note = ""
    if p_e >= 1.0:
        note = KAPPA_UNDEFINED_NOTE
    else:
        value = (p_o - p_e) / (1 - p_e)
        kappa = round(value, 4)
        se = math.sqrt(p_o * (1 - p_o) / (n * (1 - p_e) ** 2))
        interval = (round(max(-1.0, value - Z95 * se), 4), round(min(1.0, value + Z95 * se), 4))
    return Agreement(
        scope=scope,
        n=n,
        agreed=agreed,
        percent=round(100 * p_o, 2),
        kappa=kappa,
        pabak=round(2 * p_o - 1, 4),
        note=note,
        kappa_ci95=interval,
    )


def compare_ratings(path_a: Path, path_b: Path) -> AgreementReport:
    """Compare two ratings tables item by item.

    Each table is a CSV with commas (as `exdose appraise --csv` writes it), a CSV with
    semicolons (as spreadsheets in many locales save it) or an XLSX workbook, all read by one
    reader, so the same table gives the same figures in any of them. An item rated not
    applicable, or a row of a report without an exercise arm, counts as not reported (0), as in
    the official CERT /19 and TIDieR /12 totals; an empty cell is not rated and left out.
    """
    rows_a, rows_b = ratings_rows(path_a), ratings_rows(path_b)
    return compare_rows(rows_a, rows_b, rater_a=str(path_a), rater_b=str(path_b))


def ratings_rows(path: Path) -> dict[tuple[str, str, str], dict[str, object]]:
    """A ratings table (CSV with commas or semicolons, or XLSX) keyed by (document, checklist,
    item), `reported` as 1, 0 or None (not rated)."""
    from exdose.appraise.ratings_table import read_ratings_table

    values = {"yes": 1, "no": 0, "na": 0}
    return {
        (r.document, r.checklist, r.item): {
            "reported": values.get(r.verdict or ""),
            "evidence": r.evidence,
        }
        for r in read_ratings_table(path)
    }


def compare_rows(
    rows_a: dict[tuple[str, str, str], dict[str, object]],
    rows_b: dict[tuple[str, str, str], dict[str, object]],
    *,
    rater_a: str = "A",
    rater_b: str = "B",
) -> AgreementReport:
    """Compare two sets of ratings keyed by (document, checklist, item)."""
    pairs: dict[tuple[str, str], tuple[list[int], list[int]]] = {}
    disagreements: list[Disagreement] = []
    unrated = 0
    for key in sorted(rows_a.keys() & rows_b.keys(), key=_order):
        ra, rb = rows_a[key]["reported"], rows_b[key]["reported"]
        if ra is None or rb is None:
            unrated += 1
            continue
        assert isinstance(ra, int) and isinstance(rb, int)
        xs, ys = pairs.setdefault((key[1], key[2]), ([], []))
        xs.append(ra)
        ys.append(rb)
        if ra != rb:
            disagreements.append(
                Disagreement(
                    document=key[0],
                    checklist=key[1],
                    item=key[2],
                    rater_a=ra,
                    rater_b=rb,
                    evidence_a=str(rows_a[key].get("evidence", ""))[:300],
                    evidence_b=str(rows_b[key].get("evidence", ""))[:300],
                )
            )
    items: list[Agreement] = []
    by_checklist: dict[str, tuple[list[int], list[int]]] = {}
    all_a: list[int] = []
    all_b: list[int] = []
    for checklist in CHECKLISTS:
        for item_id in load_checklist(checklist).ids():
            xs, ys = pairs.get((checklist, item_id), ([], []))
            items.append(agreement_stats(f"{checklist} {item_id}", xs, ys))
            ca, cb = by_checklist.setdefault(checklist, ([], []))
            ca.extend(xs)
            cb.extend(ys)
            all_a.extend(xs)
            all_b.extend(ys)
    return AgreementReport(
        rater_a=rater_a,
        rater_b=rater_b,
        overall=agreement_stats("overall", all_a, all_b),
        checklists=[agreement_stats(name, *by_checklist[name]) for name in CHECKLISTS],
        items=items,
        disagreements=disagreements,
        only_in_a=[" ".join(k) for k in sorted(rows_a.keys() - rows_b.keys(), key=_order)],
        only_in_b=[" ".join(k) for k in sorted(rows_b.keys() - rows_a.keys(), key=_order)],
        unrated=unrated,
    )


def _order(key: tuple[str, str, str]) -> tuple[str, int, int]:
    document, checklist, item = key
    ids = load_checklist("cert" if checklist == "cert" else "tidier").ids()
    return (document, CHECKLISTS.index(checklist), ids.index(item) if item in ids else 99)

"""Cohen's kappa, its 95% interval and PABAK, computed by hand from p_o and p_e (no scikit-learn).

Each case is a 2x2 table of two raters' reported (1) / not reported (0) ratings; the expected
figures are worked out in the comments.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import exdose
from exdose.appraise.agreement import agreement_stats

ROOT = Path(__file__).resolve().parents[1]


def ratings(both_yes: int, a_only: int, b_only: int, both_no: int) -> tuple[list[int], list[int]]:
    """Two raters' ratings from the cells of their 2x2 table."""
    a = [1] * both_yes + [1] * a_only + [0] * b_only + [0] * both_no
    b = [1] * both_yes + [0] * a_only + [1] * b_only + [0] * both_no
    return a, b


def test_balanced_table() -> None:
    # 4 / 1 / 1 / 4: p_o = 8/10 = 0.8; each rater says yes 5/10, p_e = .5*.5 + .5*.5 = 0.5;
    # kappa = (0.8 - 0.5) / 0.5 = 0.6; SE = sqrt(.8 * .2 / (10 * .5^2)) = sqrt(0.064) = 0.25298;
    # 0.6 -+ 1.96 * 0.25298 = 0.1042 .. 1.0958, cut to 1; PABAK = 2 * 0.8 - 1 = 0.6
    stats = agreement_stats("x", *ratings(4, 1, 1, 4))
    assert (stats.n, stats.agreed, stats.percent) == (10, 8, 80.0)
    assert stats.kappa == 0.6 and stats.pabak == 0.6
    assert stats.kappa_ci95 == (0.1042, 1.0)


def test_raters_with_different_rates_of_yes() -> None:
    # 5 / 1 / 3 / 11 (n = 20): p_o = 16/20 = 0.8; A says yes 6/20 = .3, B 8/20 = .4;
    # p_e = .3 * .4 + .7 * .6 = 0.54; kappa = 0.26 / 0.46 = 0.56522;
    # SE = sqrt(.8 * .2 / (20 * .46^2)) = sqrt(0.16 / 4.232) = 0.19444; -+ 0.38110
    # -> 0.1841 .. 0.9463; PABAK = 0.6 (it ignores the raters' different rates)
    stats = agreement_stats("x", *ratings(5, 1, 3, 11))
    assert stats.kappa == 0.5652 and stats.pabak == 0.6
    assert stats.kappa_ci95 == (0.1841, 0.9463)


def test_complete_disagreement() -> None:
    # 0 / 2 / 2 / 0: p_o = 0, p_e = 0.5: kappa = -0.5 / 0.5 = -1, SE = 0; PABAK = -1
    stats = agreement_stats("x", *ratings(0, 2, 2, 0))
    assert stats.kappa == -1.0 and stats.pabak == -1.0 and stats.kappa_ci95 == (-1.0, -1.0)


def test_one_rater_constant_gives_kappa_zero() -> None:
    # 3 / 0 / 1 / 0: B always says yes: p_a = 3/4, p_b = 1; p_e = .75; p_o = .75 -> kappa 0
    stats = agreement_stats("x", *ratings(3, 0, 1, 0))
    assert stats.kappa == 0.0 and stats.pabak == 0.5


def test_kappa_and_its_interval_undefined_when_chance_agreement_is_total() -> None:
    stats = agreement_stats("x", *ratings(6, 0, 0, 0))
    assert stats.kappa is None and stats.kappa_ci95 is None and "undefined" in stats.note
    assert stats.percent == 100.0 and stats.pabak == 1.0


def test_no_pairs() -> None:
    stats = agreement_stats("x", [], [])
    assert stats.n == 0 and stats.kappa is None and stats.note == "no paired ratings"


def test_the_bundled_reference_ratings() -> None:
    # the six bundled reports against the reference raters (186 ratings, 181 agreed): the
    # figures docs/appraise.md reports, now without scikit-learn
    appraisals = list(exdose.appraise_many(ROOT / "examples" / "reports" / "documents"))
    overall = exdose.agreement(appraisals, ROOT / "examples" / "reports" / "reference.csv").overall
    assert (overall.n, overall.agreed, overall.kappa, overall.pabak) == (186, 181, 0.9403, 0.9462)
    assert overall.kappa_ci95 == (0.8886, 0.9919)


@pytest.mark.parametrize("name", ["scikit-learn", "markdown-it-py"])
def test_dropped_dependencies_stay_dropped(name: str) -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert f'"{name}==' not in pyproject
    sources = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "src").rglob("*.py"))
    module = {"scikit-learn": "sklearn", "markdown-it-py": "markdown_it"}[name]
    assert f"import {module}" not in sources and f"from {module}" not in sources

"""HTML articles as saved from a journal site: the article, not the page around it."""

from __future__ import annotations

from pathlib import Path

from exdose.appraise.batch import appraise_file
from exdose.appraise.ingest import read_report

_FILLER = (
    "Participants were adults aged 60 to 80 years with knee osteoarthritis recruited from "
    "general practices. Outcomes were assessed by assessors unaware of the allocation. "
) * 10

PAGE = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Exercise for knee pain | Journal of Trials</title>
<meta name="citation_title" content="Supervised exercise for knee osteoarthritis: a randomised trial">
<script>var tracking = "exercise exercise exercise";</script>
<style>body {{ font-family: serif }}</style></head>
<body>
<header><nav><a href="/">Home</a> <a href="/about">About the physiotherapy journal</a></nav></header>
<main><article>
<h1>Supervised exercise for knee osteoarthritis: a randomised trial</h1>
<section><h2>Methods</h2><p>{_FILLER}</p>
<section><h3>Exercise group</h3>
<p>Participants trained on a cycle ergometer in the hospital gym, supervised by a physiotherapist.</p>
<table><caption>Table 2 The programme</caption>
<tr><th>Schedule</th><th>Volume</th><th>Intensity</th></tr>
<tr><td>3 sessions per week for 12 weeks</td><td>30 minutes</td><td>60% of heart rate reserve</td></tr>
</table></section>
<section><h3>Control group</h3><p>Usual care.</p></section></section>
</article></main>
<aside>Related articles: Yoga for back pain; Tai chi for falls</aside>
<footer>© 2024 The Journal. All rights reserved.</footer>
</body></html>
"""  # noqa: E501


def test_saved_journal_page_is_read_as_the_article(tmp_path: Path) -> None:
    path = tmp_path / "article.html"
    path.write_text(PAGE, encoding="utf-8")
    document = read_report(path)
    assert document.format == "html"
    assert document.title == "Supervised exercise for knee osteoarthritis: a randomised trial"
    for not_article in ("tracking", "Home", "Related articles", "All rights reserved"):
        assert not_article not in document.text
    assert [s.path for s in document.sections if s.path] == [
        ("Methods",),
        ("Methods", "Exercise group"),
        ("Methods", "Exercise group", "Table 2 The programme"),
        ("Methods", "Control group"),
    ]


def test_saved_journal_page_is_rated(tmp_path: Path) -> None:
    path = tmp_path / "article.htm"
    path.write_text(PAGE, encoding="utf-8")
    appraisal = appraise_file(path)
    assert appraisal.error is None and appraisal.arm == "Exercise group"
    assert appraisal.cert is not None
    assert appraisal.cert.item("1").reported  # cycle ergometer
    dose = appraisal.cert.item("13")
    assert dose.reported  # the dose is in the table
    assert any("Table 2" in e.section for e in dose.evidence)

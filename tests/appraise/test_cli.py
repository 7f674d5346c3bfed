"""The `exdose appraise` and `exdose agreement` commands end to end."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from openpyxl import load_workbook
from typer.testing import CliRunner

from exdose.cli import app


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_json_lines_shape(knee_md: Path, balance_xml: Path) -> None:
    code, out, _ = _run("appraise", str(knee_md), str(balance_xml), "--json")
    assert code == 0
    lines = [json.loads(line) for line in out.splitlines()]
    assert [d["document"] for d in lines] == [knee_md.name, balance_xml.name]
    for doc in lines:
        assert set(doc) == {"document", "doc_type", "arm", "arm_reason", "arms", "note"} | {
            "cert",
            "tidier",
            "error",
        }
        assert doc["error"] is None
        assert doc["cert"]["max"] == 19 and doc["tidier"]["max"] == 12
        assert len(doc["cert"]["items"]) == 19 and len(doc["tidier"]["items"]) == 12
        item = doc["cert"]["items"][0]
        assert set(item) == {"id", "reported", "confidence", "evidence"}
        assert doc["cert"]["score"] == sum(i["reported"] for i in doc["cert"]["items"])
    assert lines[1]["doc_type"] == "protocol"


def test_a_bad_report_gets_an_error_and_the_batch_goes_on(tmp_path: Path, knee_md: Path) -> None:
    (tmp_path / "a_good.md").write_bytes(knee_md.read_bytes())
    (tmp_path / "b_empty.txt").write_bytes(b"")
    (tmp_path / "c_cut.pdf").write_bytes(b"%PDF-1.4\n1 0 obj")
    (tmp_path / "d_laughs.xml").write_bytes(
        b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "xx"><!ENTITY y "&x;&x;">]><article>&y;'
        b"</article>"
    )
    code, out, err = _run("appraise", str(tmp_path), "--json", "--workers", "2")
    assert code == 1
    docs = {d["document"]: d for d in map(json.loads, out.splitlines())}
    assert docs["a_good.md"]["error"] is None
    for name in ("b_empty.txt", "c_cut.pdf", "d_laughs.xml"):
        assert docs[name]["error"]
        assert docs[name]["cert"] is None
    assert "not rated" in err


def test_tables_summary_and_heatmap(tmp_path: Path, knee_md: Path, balance_xml: Path) -> None:
    out_csv, out_xlsx = tmp_path / "ratings.csv", tmp_path / "ratings.xlsx"
    md, page, png = tmp_path / "review.md", tmp_path / "review.html", tmp_path / "heat.png"
    code, _, _ = _run(
        "appraise", str(knee_md), str(balance_xml), "--csv", str(out_csv), "--xlsx",
        str(out_xlsx), "--summary", str(md), "--heatmap", str(png),
    )  # fmt: skip
    assert code == 0
    rows = list(csv.DictReader(out_csv.open(encoding="utf-8")))
    assert len(rows) == 2 * 31
    assert set(rows[0]) >= {"document", "checklist", "item", "reported", "evidence", "reason"}
    assert {r["reported"] for r in rows} == {"0", "1"}
    assert png.read_bytes().startswith(b"\x89PNG")
    book = load_workbook(out_xlsx, read_only=True)
    assert book.sheetnames == ["ratings", "reports", "items"]
    text = md.read_text("utf-8")
    assert "| knee_strength_results.md | results |" in text
    assert "Per item" in text and "Equipment" in text
    code, _, _ = _run("appraise", str(knee_md), "--summary", str(page))
    assert code == 0
    assert "data:image/png;base64," in page.read_text("utf-8")


def test_an_empty_folder_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = _run("appraise", str(tmp_path), "--csv", str(tmp_path / "out.csv"))
    assert code == 2
    assert "no report files found" in err
    assert not (tmp_path / "out.csv").exists()


def test_unsupported_summary_extension_is_a_usage_error(tmp_path: Path, knee_md: Path) -> None:
    code, _, err = _run("appraise", str(knee_md), "--summary", str(tmp_path / "x.pdf"))
    assert code == 2
    assert "unsupported extension" in err


def test_agreement_of_exdose_with_itself_and_a_person(tmp_path: Path, knee_md: Path) -> None:
    ours = tmp_path / "ours.csv"
    assert _run("appraise", str(knee_md), "--csv", str(ours))[0] == 0
    rows = list(csv.DictReader(ours.open(encoding="utf-8")))
    # A second rater disagrees on two items and leaves one blank (changing both columns that
    # carry the rating, or the table would say two things: see the next test).
    theirs = tmp_path / "theirs.csv"
    for row in (rows[0], rows[5]):
        row["reported"] = "0" if row["reported"] == "1" else "1"
        row["verdict"] = "yes" if row["reported"] == "1" else "no"
    rows[7]["reported"] = rows[7]["verdict"] = ""
    with theirs.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    code, out, _ = _run("agreement", str(ours), str(theirs), "--json")
    assert code == 0
    report = json.loads(out)
    assert report["overall"]["n"] == 30 and report["overall"]["agreed"] == 28
    assert report["unrated"] == 1
    assert len(report["disagreements"]) == 2
    code, out, _ = _run("agreement", str(ours), str(ours))
    assert code == 0 and "Disagreements to resolve: 0" in out


def test_a_table_whose_two_rating_columns_disagree_names_the_rows(
    tmp_path: Path, knee_md: Path
) -> None:
    """A reviewer who changes `reported` but not `verdict` (or the other way round) is told
    which rows say two things, rather than one of the two being taken silently."""
    ours = tmp_path / "ours.csv"
    assert _run("appraise", str(knee_md), "--csv", str(ours))[0] == 0
    rows = list(csv.DictReader(ours.open(encoding="utf-8")))
    for row in (rows[2], rows[9]):
        row["reported"] = "0" if row["reported"] == "1" else "1"
    edited = tmp_path / "edited.csv"
    with edited.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    for command in (("agreement", str(ours), str(edited)), ("summarize", str(edited))):
        code, _, err = _run(*command)
        assert code == 2, command
        assert "edited.csv:4" in err and "disagree on row(s) 4, 11" in err


def test_agreement_bad_table_is_a_one_line_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("document,checklist,item,reported\nx.txt,cert,99,1\n", encoding="utf-8")
    code, _, err = _run("agreement", str(bad), str(bad))
    assert code == 2
    assert "bad.csv:2" in err and "no item '99'" in err


def test_without_output_options_the_totals_are_shown(knee_md: Path) -> None:
    result = CliRunner().invoke(app, ["appraise", str(knee_md)])
    assert result.exit_code == 0
    line = result.stdout.strip().splitlines()[0]
    assert line.startswith(f"{knee_md.name}: results, arm ")
    assert "/19" in line and "/12" in line and "not reported:" in line


def test_heatmap_figure_in_vector_formats(knee_md: Path) -> None:
    from exdose.appraise.batch import appraise_paths
    from exdose.report.review import ReviewSummary, heatmap_bytes, heatmap_figure

    summary = ReviewSummary()
    for appraisal in appraise_paths([knee_md]):
        summary.add(appraisal)
    axes = heatmap_figure(summary).axes[0]
    assert [t.get_text() for t in axes.get_yticklabels()] == [knee_md.name]
    legend = axes.get_legend()
    assert legend is not None
    assert [t.get_text() for t in legend.get_texts()][:2] == ["reported", "not reported"]
    assert heatmap_bytes(summary, "svg").lstrip().startswith(b"<?xml")
    assert heatmap_bytes(summary, "pdf").startswith(b"%PDF")


def test_heatmap_leaves_the_backend_and_pyplot_alone() -> None:
    import subprocess
    import sys

    code = (
        # the rcParams entry read without resolving it (get_backend() itself imports pyplot)
        "import sys, matplotlib; rc = matplotlib.rcParams\n"
        "before = dict.__getitem__(rc, 'backend')\n"
        "from exdose.report.review import ReviewSummary, heatmap_bytes\n"
        "heatmap_bytes(ReviewSummary(), 'png')\n"
        "assert dict.__getitem__(rc, 'backend') == before\n"
        "assert 'matplotlib.pyplot' not in sys.modules\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_folder_scan_says_what_it_skipped_and_tells_same_names_apart(
    tmp_path: Path, knee_md: Path
) -> None:
    review = tmp_path / "review"
    (review / "site2").mkdir(parents=True)
    (review / ".cache").mkdir()
    text = knee_md.read_text("utf-8")
    (review / "trial.md").write_text(text, encoding="utf-8")
    (review / "site2" / "trial.md").write_text(text, encoding="utf-8")
    (review / ".cache" / "old.md").write_text(text, encoding="utf-8")
    (review / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    (review / "papers.zip").write_bytes(b"PK\x03\x04")
    (review / "README.md").write_text("# notes\n")
    # exdose's own outputs of an earlier run, written into the same folder
    code, _, _ = _run(
        "appraise", str(review / "trial.md"), "--summary", str(review / "summary.md"),
        "--csv", str(review / "ratings.csv"),
    )  # fmt: skip
    assert code == 0
    code, _, _ = _run(
        "appraise", str(review / "trial.md"), "--summary", str(review / "summary.html")
    )  # fmt: skip
    assert code == 0
    code, out, err = _run("appraise", str(review), "--json")
    assert code == 0
    names = [json.loads(line)["document"] for line in out.splitlines()]
    assert names == ["site2/trial.md", "trial.md"]
    skipped = {line.split(": ")[1] for line in err.splitlines() if "skipped" in line}
    assert skipped == {
        f"skipped {review / 'README.md'}",
        f"skipped {review / 'old.doc'}",
        f"skipped {review / 'papers.zip'}",
        f"skipped {review / 'ratings.csv'}",
        f"skipped {review / 'summary.md'}",
        f"skipped {review / 'summary.html'}",
    }
    assert "exdose's own review summary" in err
    assert "save it as DOCX or PDF" in err and "unpack it first" in err

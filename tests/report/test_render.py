"""`exdose render`: the methods section and the handout in Markdown, HTML, PDF and DOCX."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from exdose.checklists.score import score_program
from exdose.cli import app
from exdose.errors import ExdoseError
from exdose.program.io import LoadedProgram, load_program, load_program_bytes
from exdose.report.methods import render_methods_markdown
from exdose.report.render import build_document, render_file, to_markdown

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
HIP = EXAMPLES / "hip-thrust.yaml"
DOUBLE = ROOT / "tests" / "data" / "report" / "double-progression.yaml"
ALL_EXAMPLES = sorted(EXAMPLES.glob("*.yaml"))


@pytest.fixture(scope="module")
def hip() -> LoadedProgram:
    return load_program(HIP)


def _headings(markdown: str) -> list[str]:
    return [line.lstrip("#").strip() for line in markdown.splitlines() if line.startswith("#")]


def _section(markdown: str, heading: str) -> str:
    """The text under a level-2 heading, up to the next heading of level 1 or 2."""
    match = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^#{{1,2}} |\Z)", markdown, re.M | re.S)
    assert match, f"no section {heading!r}"
    return match.group(1)


# --- Markdown methods ------------------------------------------------------------------------


def test_methods_markdown_has_every_section_of_a_complete_programme(hip: LoadedProgram) -> None:
    text = render_methods_markdown(hip)
    headings = _headings(text)
    for heading in (
        "Brief name and rationale",
        "Equipment and materials",
        "Provider",
        "Delivery",
        "Setting",
        "Exercises",
        "Session content",
        "Dose",
        "Progression",
        "Tailoring and starting level",
        "Home programme",
        "Non-exercise components",
        "Motivation strategies",
        "Adherence",
        "Adverse events",
        "Fidelity and delivery as planned",
        "Modifications",
        "Supplementary material: completed CERT and TIDieR checklists",
    ):
        assert heading in headings
    # Each exercise with its description and cues.
    assert "### Barbell hip thrust" in text
    assert "Brace first - breathe out" in text
    assert "Starting position:" in text


def test_methods_says_in_words_what_a_trial_report_says(hip: LoadedProgram) -> None:
    text = render_methods_markdown(hip)
    # Delivered programme: past tense throughout the fixed sentences.
    assert "Sessions were delivered individually" in text
    assert "delivered by a physiotherapist" in text
    assert "Adherence to the exercise was measured as follows" in text
    assert "Exercise-related adverse events were recorded and classified" in text
    assert "In total, 1 adverse event occurred" in text
    assert "The programme lasted 12 weeks, with two sessions a week (24 sessions in total)" in text
    assert "22 of 24 (92%)" in text
    assert " will " not in _section(text, "Delivery")


def test_progression_rules_are_stated_from_the_structured_rules() -> None:
    progression = _section(render_methods_markdown(load_program(DOUBLE)), "Progression")
    assert (
        "Barbell hip thrust: double progression in the range of 8-12 repetitions "
        "from a starting load of 60 kg" in progression
    )
    assert "once all sets will reach 12" not in progression
    assert "the load will be increased by 5 kg" in progression  # a protocol: future tense
    assert "Week 5 will be a planned deload" in progression
    # Hand-computed: reps +2 a week from 8 to 12, then +5 kg and back to 8; the deload week
    # takes no step, halves the sets (3 -> 2, half up), loads x 0.9 and adds 2 RIR.
    assert _rows(progression) == {
        "1": "3×8 · 60 kg · RIR 2",
        "2": "3×10 · 60 kg · RIR 2",
        "3": "3×12 · 60 kg · RIR 2",
        "4": "3×8 · 65 kg · RIR 2",
        "5 (deload)": "2×10 · 58.5 kg · RIR 4",
        "6": "3×10 · 65 kg · RIR 2",
    }


def _rows(markdown: str) -> dict[str, str]:
    """First column -> second column of the table rows whose first cell is a week."""
    rows: dict[str, str] = {}
    for line in markdown.splitlines():
        cells = [cell.strip().replace("\u00a0", " ") for cell in line.split("|")[1:-1]]
        if cells and re.match(r"^\d+( \(|$)", cells[0]):
            rows[cells[0]] = cells[1]
    return rows


def test_hip_thrust_weekly_table_marks_the_deload_week(hip: LoadedProgram) -> None:
    progression = _section(render_methods_markdown(hip), "Progression")
    assert hip.program.deload is not None
    for week in hip.program.deload.weeks:
        assert f"{week} (deload)" in _rows(progression)
    assert len(_rows(progression)) == hip.program.weeks


def test_checklists_name_where_each_item_is_reported(hip: LoadedProgram) -> None:
    text = render_methods_markdown(hip)
    checklists = text.split("# Supplementary material")[1]
    assert "CERT: 19 of 19 items reported" in checklists
    assert "| 7a | How (delivery) | Progression rule | yes | Progression |" in checklists
    assert "| 11 | How (delivery) | Adverse events | yes | Adverse events |" in checklists
    assert "| 8 | When and how much | Schedule and dose | yes | Dose |" in checklists
    assert "| no | not reported |" not in checklists
    headings = _headings(text)
    for line in checklists.splitlines():
        cells = [cell.strip() for cell in line.split("|")]
        if len(cells) > 5 and cells[4] == "yes":
            assert cells[5] in headings, line


def _without(loaded: LoadedProgram, *fields: str) -> LoadedProgram:
    from exdose.program.io import dump_program

    program = loaded.program.model_copy(update=dict.fromkeys(fields))
    return load_program_bytes(dump_program(program).encode(), "stripped.yaml")


def test_missing_items_are_stated_as_not_reported_and_never_invented(hip: LoadedProgram) -> None:
    stripped = _without(
        hip,
        "adherence",
        "motivation",
        "home_programme",
        "fidelity",
        "modifications",
        "setting",
        "adverse_events",
    )
    text = render_methods_markdown(stripped)
    body, checklists = text.split("# Supplementary material")
    score = score_program(stripped.program)
    missing = {(item.id, item.title) for item in score.cert.missing()}
    assert {"5", "6", "9", "11", "12", "16a", "16b"} == {item_id for item_id, _ in missing}
    for item_id, _ in missing:
        assert f"| {item_id} | " in checklists
        row = next(line for line in checklists.splitlines() if line.startswith(f"| {item_id} |"))
        assert row.endswith("| no | not reported |"), row
    # Nothing in the description stands in for the removed fields.
    for heading in (
        "Adherence",
        "Motivation strategies",
        "Home programme",
        "Setting",
        "Adverse events",
    ):
        assert heading not in _headings(body)
    assert "Fidelity" not in body
    assert "home programme" not in body.lower()
    assert "motivat" not in body.lower()
    assert "adverse" not in body.lower()
    # Without what happened in delivery the text is a protocol: future tense.
    assert "Sessions will be delivered individually" in body


def test_typical_trial_is_not_padded() -> None:
    path = EXAMPLES / "typical-trial.yaml"
    if not path.exists():
        pytest.skip("typical-trial example not written yet")
    loaded = load_program(path)
    text = render_methods_markdown(loaded)
    body = text.split("# Supplementary material")[0]
    assert "No description of this exercise is given in the programme." in body
    score = score_program(loaded.program)
    assert f"CERT: {score.cert.score} of 19 items reported" in text
    if not score.cert.items[12].reported:  # CERT 13: an exercise without intensity
        assert "for which the programme gives no intensity" in body


def test_render_methods_markdown_accepts_a_program_model(hip: LoadedProgram) -> None:
    assert render_methods_markdown(hip.program) == render_methods_markdown(hip).replace(
        str(HIP), f"<{hip.program.name}>"
    )


@pytest.mark.parametrize("path", ALL_EXAMPLES, ids=lambda p: p.stem)
def test_every_example_renders_both_audiences_to_markdown(path: Path) -> None:
    loaded = load_program(path)
    for audience in ("methods", "handout"):
        text = to_markdown(build_document(loaded, audience))  # type: ignore[arg-type]
        assert text.startswith("# ")
        assert loaded.program.name in text


# --- handout ---------------------------------------------------------------------------------


def test_handout_has_each_session_cue_and_pain_rule(hip: LoadedProgram) -> None:
    text = to_markdown(build_document(hip, "handout"))
    for phase in hip.program.phases:
        assert f"Weeks {phase.weeks.replace('-', '–')}: {phase.name}" in text
        for session in phase.sessions:
            assert f"Session {session.name} · {session.day}" in text
    for exercise in hip.program.exercises.values():
        for cue in exercise.cues:
            assert cue in text
    assert "Pain and safety rules" in text
    assert "If pain above 5/10 during hip thrusts:" in text
    assert "☐" in text
    assert "Home exercises" in text


def test_handout_weekly_plan_has_the_planned_loads_and_tick_boxes() -> None:
    text = to_markdown(build_document(load_program(DOUBLE), "handout"))
    assert "Session A · Monday · about 45 minutes" in text
    assert "Tip:** Breathe out and brace before the hips move." in text
    assert "If pain during a set is above 3/10:" in text
    rows = [line for line in text.splitlines() if line.startswith("| 5 (easy week)")]
    assert rows == ["| 5 (easy week) | 2×10 · 58.5\u00a0kg · RIR\u00a04 | ☐ |"]
    assert text.count("| ☐ |") == 6


def test_handout_without_tailoring_rules_has_no_pain_rules(hip: LoadedProgram) -> None:
    text = to_markdown(build_document(_without(hip, "tailoring"), "handout"))
    assert "Pain and safety rules" not in text


# --- the other formats -----------------------------------------------------------------------


class _Html(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.images: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "img":
            self.images.append(dict(attrs).get("src") or "")

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_is_self_contained_with_embedded_figures(hip: LoadedProgram, tmp_path: Path) -> None:
    out = tmp_path / "methods.html"
    render_file(hip, out, "methods")
    html = out.read_text(encoding="utf-8")
    parser = _Html()
    parser.feed(html)
    assert parser.tags.count("table") >= 5
    assert len(parser.images) == 2
    assert all(src.startswith("data:image/png;base64,iVBOR") for src in parser.images)
    assert "<style>" in html and "<link" not in html and "http://" not in html.split("<main>")[0]
    assert "Barbell hip thrust" in "".join(parser.text)


def test_pdf_opens_and_has_the_exercise_names(hip: LoadedProgram, tmp_path: Path) -> None:
    import pypdfium2 as pdfium

    out = tmp_path / "methods.pdf"
    render_file(hip, out, "methods")
    assert out.read_bytes().startswith(b"%PDF-")
    pdf = pdfium.PdfDocument(str(out))
    text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    assert len(pdf) >= 3
    for name in ("Barbell hip thrust", "Romanian deadlift", "Dumbbell split squat", "Dead bug"):
        assert name in text
    assert "Figure 1" in text


def test_handout_pdf_has_every_session(hip: LoadedProgram, tmp_path: Path) -> None:
    import pypdfium2 as pdfium

    out = tmp_path / "handout.pdf"
    render_file(hip, out, "handout")
    pdf = pdfium.PdfDocument(str(out))
    text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    assert "Session A · Monday" in text and "Session B · Thursday" in text


def test_docx_has_headings_tables_and_pictures(hip: LoadedProgram, tmp_path: Path) -> None:
    import docx

    out = tmp_path / "methods.docx"
    render_file(hip, out, "methods")
    document = docx.Document(str(out))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Progression" in headings and "Barbell hip thrust" in headings
    assert len(document.tables) >= 5
    assert len(document.inline_shapes) == 2
    cert = next(t for t in document.tables if t.rows[0].cells[0].text == "Item")
    assert len(cert.rows) == 20  # header + 19 items
    assert cert.rows[1].cells[4].text == "Equipment and materials"


def test_unknown_suffix_is_a_user_error(hip: LoadedProgram, tmp_path: Path) -> None:
    with pytest.raises(ExdoseError) as caught:
        render_file(hip, tmp_path / "methods.rtf", "methods")
    assert caught.value.hint and ".docx" in caught.value.hint
    assert not (tmp_path / "methods.rtf").exists()


def test_cli_render_writes_the_file_and_rejects_bad_suffix(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "handout.md"
    result = runner.invoke(app, ["render", str(HIP), "-o", str(out), "--audience", "handout"])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("# Your exercise programme:")
    bad = runner.invoke(app, ["render", str(HIP), "-o", str(tmp_path / "x.odt")])
    assert bad.exit_code == 2
    assert "unknown file type" in bad.output


@pytest.mark.parametrize("path", ALL_EXAMPLES, ids=lambda p: p.stem)
def test_handout_names_every_level_of_a_level_progression(path: Path) -> None:
    from exdose.program.model import Levels

    loaded = load_program(path)
    text = to_markdown(build_document(loaded, "handout"))
    for _, item in loaded.program.all_prescriptions():
        if isinstance(item.progression, Levels):
            for level in item.progression.levels:
                assert f"**{level.name} (from week " in text


# --- the methods text states only what the file says (issue 9, item 8) ---------------------


def _double_text(progression: str, deload: str = "deload:\n  weeks: [5]\n") -> str:
    text = DOUBLE.read_text(encoding="utf-8")
    text = text.replace(
        "progression: {type: double, start: 60kg, increment: 5kg, reps_step: 2}", progression
    )
    return text[: text.index("deload:")] + deload


def _double_with(progression: str, deload: str = "deload:\n  weeks: [5]\n") -> LoadedProgram:
    return load_program_bytes(_double_text(progression, deload).encode("utf-8"), "rules.yaml")


def test_rpe_step_is_not_stated_unless_the_file_gives_it() -> None:
    silent = _double_with("progression: {type: rpe, rpe: [7, 8]}")
    progression = _section(render_methods_markdown(silent), "Progression")
    assert "autoregulated to weekly RPE targets of 7, 8" in progression
    assert "%" not in progression.split("autoregulated")[1].split("\n")[0]
    written = _double_with("progression: {type: rpe, rpe: [7, 8], adjust_pct_per_rpe: 4}")
    progression = _section(render_methods_markdown(written), "Progression")
    assert "adjusted by about 4% for each RPE point from the effort" in progression


def test_a_deload_without_factors_names_exdoses_defaults_as_assumptions(tmp_path: Path) -> None:
    text = _double_text("progression: {type: double, start: 60kg, increment: 5kg}")
    loaded = load_program_bytes(text.encode("utf-8"), "rules.yaml")
    progression = _section(render_methods_markdown(loaded), "Progression")
    assert "Week 5 will be a planned deload; the programme does not state by how much" in (
        progression
    )
    assert "multiplied by" not in progression
    note = progression[progression.index("**Note.**") :]
    assert (
        "Deload week 5: the file does not give sets_factor, load_factor or rir_add; exdose "
        "plans sets × 0.5, loads × 0.9 and 2 more repetitions in reserve (its defaults)"
    ) in note
    assert (
        "Double progression of Barbell hip thrust: the file does not give reps_step or every"
        in (note)
    )
    # The double-progression pace is not stated as the protocol either.
    assert "Repetitions will rise" not in progression
    assert "Once all sets reach 12 repetitions, the load will be increased by 5 kg" in progression
    # The expanded plan names the same assumptions.
    path = tmp_path / "rules.yaml"
    path.write_text(text, encoding="utf-8")
    out = CliRunner().invoke(app, ["expand", str(path)], env={"COLUMNS": "300"})
    assert out.exit_code == 0, out.output
    assert "Assumed by exdose where the file is silent" in out.stdout
    assert "Deload week 5: the file does not give sets_factor" in out.stdout


def test_written_deload_factors_and_pace_are_stated_and_not_assumed() -> None:
    loaded = _double_with(
        "progression: {type: double, start: 60kg, increment: 5kg, reps_step: 2, every: week}",
        "deload:\n  weeks: [5]\n  sets_factor: 0.5\n  load_factor: 0.9\n  rir_add: 2\n",
    )
    progression = _section(render_methods_markdown(loaded), "Progression")
    assert "Repetitions will rise by 2 repetitions every week" in progression
    assert "(the number of sets multiplied by 0.5, loads multiplied by 0.9 and 2 repetitions" in (
        progression
    )
    assert "**Note.**" not in progression

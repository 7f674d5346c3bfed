"""Issue 14, rendered text: a programme that lists readiness monitoring (`tailoring.
readiness_monitoring`) says how recovery is monitored in the methods text (as part of the
tailoring, CERT 14a/14b, TIDieR 9) and in the handout's pain and safety rules, in en, nb and sv.
Without the field, nothing changes."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest

from exdose.errors import ProgramError
from exdose.program.io import LoadedProgram, load_program, load_program_bytes
from exdose.program.model import Program, ReadinessMonitoring
from exdose.program.schema import program_json_schema
from exdose.report.document import Block, Paragraph, Table
from exdose.report.handout import _Handout
from exdose.report.i18n import translator
from exdose.report.methods import is_report, readiness_words
from exdose.report.render import build_document, to_markdown
from exdose.report.words import Voice

ROOT = Path(__file__).resolve().parents[2]
KNEE = ROOT / "examples" / "knee-oa.yaml"
WITH_TAILORING = [
    path
    for path in sorted((ROOT / "examples").glob("*.yaml"))
    if re.search(r"^tailoring:\s*$", path.read_text(encoding="utf-8"), re.MULTILINE)
]
ALL_SIX = "[sleep_hours, sleep_quality, stress, fatigue, soreness, mood]"
RULE = (
    "If pain is above these limits while sleep is clearly shorter or worse, or stress clearly "
    "higher, than over the four weeks before: keep the loads that week and work on sleep and "
    "recovery first"
)
SUFFIX = " (with the readiness monitoring)"


def _with_monitoring(path: Path, monitoring: str | None) -> LoadedProgram:
    """The programme file with `readiness_monitoring: MONITORING` as the first key of its
    tailoring block (one it already has is dropped first; None: only dropped), loaded as that
    file."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = lines.index("tailoring:")
    indent = re.match(r"\s*", lines[start + 1]).group(0)  # type: ignore[union-attr]
    kept: list[str] = []
    dropping = False
    for number, line in enumerate(lines):
        if number > start and line.startswith(f"{indent}readiness_monitoring:"):
            dropping = True
            continue
        if dropping and line.startswith(f"{indent} "):
            continue
        dropping = False
        kept.append(line)
    if monitoring is not None:
        kept.insert(start + 1, f"{indent}readiness_monitoring: {monitoring}")
    return load_program_bytes("\n".join(kept).encode("utf-8"), str(path))


def _without_monitoring(path: Path) -> LoadedProgram:
    loaded = _with_monitoring(path, None)
    tailoring = loaded.program.tailoring
    assert tailoring is not None and tailoring.readiness_monitoring is None
    return loaded


def _knee(frequency: str = "daily") -> LoadedProgram:
    return _with_monitoring(KNEE, f'{{markers: {ALL_SIX}, frequency: {frequency}, rule: "{RULE}"}}')


# --- the field -------------------------------------------------------------------------------


def test_the_field_is_optional_and_every_bundled_file_loads_as_before() -> None:
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        program = load_program(path).program
        assert program.tailoring is None or program.tailoring.approach in ("generic", "tailored")
    schema = json.loads(program_json_schema())
    assert "readiness_monitoring" in schema["$defs"]["Tailoring"]["properties"]
    assert "readiness_monitoring" not in schema["$defs"]["Tailoring"].get("required", [])
    assert schema["$defs"]["ReadinessMonitoring"]["required"] == ["markers", "frequency"]


@pytest.mark.parametrize(
    ("monitoring", "message"),
    [
        ("{markers: [sleep, stress], frequency: daily}", "sleep"),
        ("{markers: [stress, stress], frequency: daily}", "stress is listed twice"),
        ("{markers: [], frequency: daily}", "at least 1"),
        ("{markers: [mood], frequency: monthly}", "monthly"),
        ("{markers: [mood]}", "frequency"),
    ],
)
def test_a_wrong_readiness_monitoring_is_refused(monitoring: str, message: str) -> None:
    with pytest.raises(ProgramError) as error:
        _with_monitoring(KNEE, monitoring)
    assert message in str(error.value)
    assert "readiness_monitoring" in str(error.value)


# --- the methods text ------------------------------------------------------------------------


def test_methods_name_the_monitoring_as_part_of_the_tailoring() -> None:
    text = to_markdown(build_document(_knee(), "methods"))
    tailoring = text.split("## Tailoring and starting level")[1].split("\n## ")[0]
    # knee-oa records its delivery, so the text is a report in the past tense.
    assert (
        "Recovery was monitored as part of the tailoring: participants reported their hours of "
        "sleep, and sleep quality, stress, fatigue, muscle soreness and mood on 0-10 scales in a "
        "daily check-in. These were self-reports, not diagnostic measures. The check-in was used "
        "by this rule: if pain is above these limits while sleep is clearly shorter or worse, or "
        "stress clearly higher, than over the four weeks before: keep the loads that week and "
        "work on sleep and recovery first." in tailoring
    )
    # The rules it tailors with come first; the monitoring follows them.
    assert tailoring.index("- If ") < tailoring.index("Recovery was monitored")
    for item in ("| 14a | Tailoring |", "| 14b | Tailoring |", "| 9 | Tailoring |"):
        row = next(line for line in text.splitlines() if line.startswith(item))
        assert row.rstrip(" |").endswith("Tailoring and starting level" + SUFFIX), row
    assert text.count(SUFFIX) == 3  # only the tailoring items


def test_methods_words_for_a_few_markers_weekly_in_a_protocol() -> None:
    monitoring = ReadinessMonitoring(markers=["stress", "sleep_hours"], frequency="weekly")
    assert readiness_words(monitoring, Voice(False), tailored=False) == (
        "Recovery will be monitored: participants will report their hours of sleep, and stress "
        "on a 0-10 scale in a weekly check-in. These are self-reports, not diagnostic measures."
    )
    only_sleep = ReadinessMonitoring(markers=["sleep_hours"], frequency="daily", rule="None.")
    assert readiness_words(only_sleep, Voice(True)).startswith(
        "Recovery was monitored as part of the tailoring: participants reported their hours of "
        "sleep in a daily check-in."
    )
    moods = ReadinessMonitoring(markers=["mood", "fatigue"], frequency="daily")
    assert "their fatigue and mood on 0-10 scales in a daily" in readiness_words(
        moods, Voice(False)
    )


# --- the handout -----------------------------------------------------------------------------


def _rules(text: str, heading: str) -> str:
    return text.split(f"## {heading}")[1].split("\n## ")[0]


def test_handout_pain_and_safety_rules_say_how_recovery_is_checked() -> None:
    rules = _rules(to_markdown(build_document(_knee(), "handout")), "Pain and safety rules")
    assert "**Recovery check-in:** Each day, write down how you are doing:" in rules
    assert "- **Sleep:** how many hours you slept last night." in rules
    assert "- **Stress:** from 0 (none) to 10 (very high)." in rules
    assert "- **Muscle soreness:** from 0 (none) to 10 (very sore)." in rules
    assert f"**How your answers are used:** {RULE}." in rules  # the programme's words
    assert "not a test or a diagnosis" in rules
    assert rules.index("- **If ") < rules.index("Recovery check-in")
    weekly = _rules(
        to_markdown(build_document(_knee("weekly"), "handout")), "Pain and safety rules"
    )
    assert "**Recovery check-in:** Once a week, write down how the week has been:" in weekly
    assert "- **Sleep:** about how many hours a night you slept this week." in weekly


def test_handout_recovery_check_in_norwegian_and_swedish() -> None:
    nb = _rules(
        to_markdown(build_document(_knee(), "handout", "nb")), "Regler for smerte og sikkerhet"
    )
    assert "**Oppfølging av restitusjon:** Skriv ned hver dag hvordan du har det:" in nb
    assert "- **Søvn:** hvor mange timer du sov i natt." in nb
    assert "- **Muskelstølhet:** fra 0 (ingen) til 10 (svært støl)." in nb
    assert f"**Slik brukes svarene dine:** {RULE}." in nb  # not translated: the author's words
    assert "ikke en test eller en diagnose" in nb
    sv = _rules(
        to_markdown(build_document(_knee("weekly"), "handout", "sv")),
        "Regler för smärta och säkerhet",
    )
    assert "**Koll på återhämtningen:** Skriv en gång i veckan ner hur veckan har varit:" in sv
    assert "- **Sömn:** ungefär hur många timmar per natt du sov den här veckan." in sv
    assert "- **Träningsvärk:** från 0 (ingen) till 10 (mycket kraftig)." in sv
    assert "inte ett test eller en diagnos" in sv


def test_only_the_listed_markers_are_asked_for() -> None:
    loaded = _with_monitoring(KNEE, "{markers: [mood, sleep_quality], frequency: daily}")
    rules = _rules(to_markdown(build_document(loaded, "handout")), "Pain and safety rules")
    asked = re.findall(r"^- \*\*([^*]+):\*\* from 0", rules, re.MULTILINE)
    assert asked == ["Sleep quality", "Mood"]  # in the check-in's order, not the file's
    assert "How your answers are used" not in rules  # no rule written, none said
    assert "Sleep:" not in rules


def test_a_programme_with_monitoring_and_no_rules_still_has_the_section() -> None:
    text = KNEE.read_text(encoding="utf-8")
    start = text.index("  rules:\n")
    end = text.index("\nstarting_level:")
    bare = (
        text[:start] + "  readiness_monitoring: {markers: [stress], frequency: daily}" + text[end:]
    )
    loaded = load_program_bytes(bare.encode("utf-8"), str(KNEE))
    assert isinstance(loaded.program, Program)
    rules = _rules(to_markdown(build_document(loaded, "handout")), "Pain and safety rules")
    assert "Follow these rules" not in rules
    assert "**Recovery check-in:**" in rules and "- **Stress:**" in rules


# --- without the field nothing changes; with it only its own text is added --------------------


def _remove_run(blocks: list[Block], run: list[Block]) -> list[Block]:
    for i in range(len(blocks) - len(run) + 1):
        if blocks[i : i + len(run)] == run:
            return blocks[:i] + blocks[i + len(run) :]
    raise AssertionError("the readiness blocks are not in the document")


MONITORING = f'{{markers: {ALL_SIX}, frequency: daily, rule: "{RULE}"}}'


@pytest.mark.parametrize("lang", ["en", "nb", "sv"])
@pytest.mark.parametrize("path", WITH_TAILORING, ids=lambda p: p.stem)
def test_the_handout_gains_only_the_check_in(path: Path, lang: str) -> None:
    without = build_document(_without_monitoring(path), "handout", lang)
    loaded = _with_monitoring(path, MONITORING)
    monitoring = loaded.program.tailoring.readiness_monitoring  # type: ignore[union-attr]
    assert monitoring is not None
    added = _Handout(loaded, translator(lang)).recovery_check(monitoring)
    with_blocks = list(build_document(loaded, "handout", lang).blocks)
    if not (loaded.program.tailoring and loaded.program.tailoring.rules):
        pytest.skip("no rules: the section's heading is new too (tested above)")
    assert _remove_run(with_blocks, added) == list(without.blocks)


@pytest.mark.parametrize("path", WITH_TAILORING, ids=lambda p: p.stem)
def test_the_methods_gain_only_the_monitoring(path: Path) -> None:
    without = build_document(_without_monitoring(path), "methods")
    loaded = _with_monitoring(path, MONITORING)
    tailoring = loaded.program.tailoring
    assert tailoring is not None and tailoring.readiness_monitoring is not None
    paragraph = Paragraph(
        readiness_words(
            tailoring.readiness_monitoring,
            Voice(is_report(loaded.program)),
            tailored=tailoring.approach == "tailored",
        )
    )
    blocks = _remove_run(list(build_document(loaded, "methods").blocks), [paragraph])
    unsuffixed = [
        dataclasses.replace(
            block, rows=tuple(tuple(c.removesuffix(SUFFIX) for c in row) for row in block.rows)
        )
        if isinstance(block, Table)
        else block
        for block in blocks
    ]
    assert unsuffixed == list(without.blocks)


def test_the_bundled_knee_example_lists_its_check_in() -> None:
    loaded = load_program(KNEE)
    tailoring = loaded.program.tailoring
    assert tailoring is not None and tailoring.readiness_monitoring is not None
    methods = to_markdown(build_document(loaded, "methods"))
    assert (
        "participants reported their hours of sleep, and sleep quality, stress and fatigue on "
        "0-10 scales in a daily check-in." in methods
    )
    assert "- **Tiredness:** from 0 (not tired) to 10 (exhausted)." in to_markdown(
        build_document(loaded, "handout")
    )
    assert "- **Tretthet:** fra 0 (ikke sliten) til 10 (helt utslitt)." in to_markdown(
        build_document(loaded, "handout", "nb")
    )
    sv = to_markdown(build_document(loaded, "handout", "sv"))
    assert "- **Trötthet:** från 0 (inte trött) till 10 (helt slut)." in sv
    assert "Träningsvärk" not in sv and "Humör" not in sv  # not listed, not asked

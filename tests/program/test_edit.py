"""Writing a changed programme back into the user's file: only the changed lines differ."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from exdose.program.edit import (
    PrescriptionChange,
    edited_text,
    next_version,
    write_program,
)
from exdose.program.io import load_program, load_program_bytes
from exdose.program.model import Modification
from exdose.program.notation import parse_dose

EXAMPLES = sorted(Path("examples").glob("*.yaml"))


def _diff(before: str, after: str) -> tuple[list[str], list[str]]:
    removed, added = [], []
    for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0):
        if line.startswith("-") and not line.startswith("---"):
            removed.append(line[1:])
        elif line.startswith("+") and not line.startswith("+++"):
            added.append(line[1:])
    return removed, added


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_unchanged_programme_gives_the_file_byte_for_byte(path: Path) -> None:
    loaded = load_program(path)
    result = edited_text(loaded, loaded.program)
    assert result.kept_layout
    assert result.text == path.read_text(encoding="utf-8")


SMALL = """\
# Knee programme, written by hand
exdose: 1
name: "Knee strength"   # quoted on purpose
start_date: 2026-04-06
rationale: |
  Line one of a literal block.
  Line two stays as written.
phases:
  - name: Strength
    weeks: 1-6
    sessions:
      - name: A
        day: Monday
        exercises: &strength
          - exercise: Leg Press
            dose: 3x10 @60kg rest 90s   # heavy day
            progression: {type: linear, increment: 2.5kg}
          - exercise: Leg Extensions
            dose: 3x10 @20kg
      - name: B
        day: Thursday
        exercises: *strength
"""


def _loaded(text: str = SMALL):  # type: ignore[no-untyped-def]
    return load_program_bytes(text.encode(), "small.yaml")


def test_one_changed_dose_changes_one_line_and_keeps_the_alias() -> None:
    loaded = _loaded()
    program = loaded.program.model_copy(deep=True)
    for session in program.phases[0].sessions:  # the alias: both sessions change alike
        session.exercises[1] = session.exercises[1].model_copy(
            update={"dose": parse_dose("2x10 @20kg")}
        )
    result = edited_text(loaded, program, SMALL)
    removed, added = _diff(SMALL, result.text)
    assert removed == ["            dose: 3x10 @20kg"]
    assert added == ["            dose: 2x10 @20kg"]
    assert "exercises: *strength" in result.text  # still one list, shared


def test_a_change_to_one_alias_user_breaks_only_that_alias() -> None:
    loaded = _loaded()
    program = loaded.program.model_copy(deep=True)
    session_b = program.phases[0].sessions[1]
    session_b.exercises = [session_b.exercises[0]]
    result = edited_text(loaded, program, SMALL)
    assert result.kept_layout
    # session B has its own list now; session A keeps its lines (the unused anchor goes)
    assert "*strength" not in result.text
    removed, added = _diff(SMALL, result.text)
    assert removed == ["        exercises: &strength", "        exercises: *strength"]
    assert added[0] == "        exercises:"
    assert added[1:] == [
        "        exercises:",
        "          - exercise: Leg Press",
        "            dose: 3x10 @60kg rest 90s",
        "            progression: {type: linear, increment: 2.5kg}",
    ]
    back = load_program_bytes(result.text.encode(), "back.yaml").program
    assert back == program
    assert [e.exercise for e in back.phases[0].sessions[0].exercises] == [
        "Leg Press",
        "Leg Extensions",
    ]
    assert "# heavy day" in result.text and "# Knee programme, written by hand" in result.text


def test_next_version_on_hip_thrust_touches_only_the_intended_lines(tmp_path: Path) -> None:
    path = Path("examples/hip-thrust.yaml")
    original = path.read_text(encoding="utf-8")
    loaded = load_program(path)
    change = PrescriptionChange("hip-thrust", "load", load_factor=0.9, note="keep to {sets} sets")
    why = Modification(when="week 6", what="hip thrust load 70 kg -> 62.5 kg", why="pain 6/10")
    program = next_version(loaded, 6, change=change, modifications=[why])
    out = tmp_path / "NEXT.yaml"
    result = write_program(loaded, program, out)
    assert result.kept_layout
    text = out.read_text(encoding="utf-8")
    removed, added = _diff(original, text)
    assert removed == ["    weeks: 5-8"]  # the phase is split at week 6; nothing else goes
    assert added[:4] == [
        "  - when: week 6",
        "    what: hip thrust load 70 kg -> 62.5 kg",
        "    why: pain 6/10",
        "    weeks: 5",
    ]
    assert "  - name: Build 1 (from week 6, adjusted)" in added
    # later computed loads (the deload) on the kit too: the example already says
    # kit_rounding: true, so the line is kept as it is, not added a second time
    assert "kit_rounding: true" not in added and "\nkit_rounding: true\n" in text
    assert "    weeks: 6-8" in added
    # 70 kg x 0.9 = 63 kg, on the barbell's 2.5 kg steps 62.5 kg, in both sessions
    assert (
        added.count("            progression: {type: double, start: 62.5kg, increment: 5kg}") == 2
    )
    assert (
        "            notes: keep to 4 sets" in added
        and "            notes: keep to 3 sets" in added
    )
    # comments, anchors, merge keys, block scalars and dates are as they were
    for kept in (
        "      - &session-a",
        "      - <<: *session-a",
        "    secondary: [hamstrings]  # the library also lists calves; the calves barely work",
        "summary: >-",
        "start_date: 2026-01-05",
    ):
        assert kept in text
    assert load_program(out).program == program


def test_split_in_the_first_week_and_past_the_end() -> None:
    loaded = _loaded()
    first = next_version(loaded, 1, start_kg={"Leg_Press": 63.0})
    assert [p.weeks for p in first.phases] == ["1-6"]
    # the leg press is a machine (library): 63 kg rounds to the 5 kg stack, 65 kg
    rule = first.phases[0].sessions[0].exercises[0].progression
    assert rule is not None and str(rule.start) == "65kg"  # type: ignore[union-attr]
    past = next_version(loaded, 8)
    assert [p.weeks for p in past.phases] == ["1-6", "8"]
    assert past.phases[1].name == "Strength (from week 8, adjusted)"


def _prescription_paths() -> list[tuple[str | int, ...]]:
    loaded = load_program("examples/hip-thrust.yaml")
    return [path for path, _ in loaded.program.all_prescriptions()]


@pytest.mark.parametrize("path", _prescription_paths(), ids=lambda p: ".".join(map(str, p)))
def test_changing_any_one_dose_of_hip_thrust_changes_exactly_its_line(
    path: tuple[str | int, ...],
) -> None:
    source = Path("examples/hip-thrust.yaml")
    original = source.read_text(encoding="utf-8")
    loaded = load_program(source)
    program = loaded.program.model_copy(deep=True)
    holder: object = program
    for part in path[:-1]:
        holder = holder[part] if isinstance(part, int) else getattr(holder, part)  # type: ignore[index]
    items = holder  # the list of prescriptions holding this one
    item = items[path[-1]]  # type: ignore[index]
    bigger = item.dose.model_copy(update={"sets": item.dose.sets + 1})
    items[path[-1]] = item.model_copy(update={"dose": bigger})  # type: ignore[index]
    result = edited_text(loaded, program, original)
    removed, added = _diff(original, result.text)
    assert len(removed) == len(added) == 1
    assert removed[0].replace(f"{item.dose.sets}x", f"{item.dose.sets + 1}x", 1) == added[0]

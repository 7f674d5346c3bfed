"""exdose's rehabilitation and home exercises in the library, and `exdose exercises` output."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from exdose.exercises import EXTRA_MUSCLES, MUSCLES, default_library

ISSUE_9 = [
    "sit-to-stand",
    "eccentric-heel-drop-straight-knee",
    "eccentric-heel-drop-bent-knee",
    "straight-leg-raise",
    "clamshell",
    "side-lying-hip-abduction",
    "wall-sit",
    "terminal-knee-extension",
    "bodyweight-glute-bridge",
    "bird-dog",
    "Dead_Bug",
    "bodyweight-calf-raise",
    "bodyweight-step-up",
    "step-down",
    "heel-slide",
    "quadriceps-set",
    "hypopressive-standing",
    "hypopressive-kneeling",
    "hypopressive-supine",
]


@pytest.mark.parametrize("exercise_id", ISSUE_9)
def test_each_rehab_exercise_has_the_facts_a_handout_needs(exercise_id: str) -> None:
    ex = default_library().get(exercise_id)
    assert ex is not None and ex.id == exercise_id
    assert ex.primary and set(ex.primary) <= set(MUSCLES)
    assert set(ex.secondary) <= set(MUSCLES) | set(EXTRA_MUSCLES)
    assert ex.equipment
    assert ex.display_name and ex.display_name != ex.id
    assert ex.description and ex.description.count(".") == 1  # one line, one sentence


def test_new_entries_do_not_change_what_existing_names_match() -> None:
    library = default_library()
    for name, expected in [
        ("glute bridge", "Barbell_Glute_Bridge"),
        ("calf raise", "Standing_Calf_Raises"),
        ("Dumbbell Step Ups", "Dumbbell_Step_Ups"),
        ("Leg Extensions", "Leg_Extensions"),
        ("Dead Bug", "Dead_Bug"),
    ]:
        found = library.get(name)
        assert found is not None and found.id == expected, name
    assert library.get("Bird Dog").id == "bird-dog"  # type: ignore[union-attr]
    assert library.get("clams").id == "clamshell"  # type: ignore[union-attr]
    heel = library.match("Alfredson heel drop bent knee")
    assert heel is not None and heel.exercise.id == "eccentric-heel-drop-bent-knee"
    data = resources.files("exdose.exercises").joinpath("data", "rehab.json")
    rows = json.loads(data.read_text(encoding="utf-8"))
    assert len(library) == 873 + sum(1 for row in rows["exercises"] if "name" in row)


@pytest.mark.parametrize("width", [20, 60, 160])
def test_exercises_prints_ids_in_full_at_any_width(
    width: int, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from typer.testing import CliRunner

    from exdose.cli import app

    monkeypatch.setenv("COLUMNS", str(width))
    out = CliRunner().invoke(app, ["exercises", "heel drop"]).output
    for exercise_id in ("eccentric-heel-drop-straight-knee", "eccentric-heel-drop-bent-knee"):
        assert exercise_id in out

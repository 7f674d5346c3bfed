"""`exdose check` warnings: plan text against the computed plan, and loads no kit can make."""

from __future__ import annotations

from pathlib import Path

import pytest

from exdose.cli.programme import check_file
from exdose.program.consistency import clauses, plan_warnings
from exdose.program.io import load_program, load_program_bytes

KNEE = Path("examples/knee-oa.yaml").read_text(encoding="utf-8")


def _warnings(text: str) -> list[str]:
    return [w.message for w in plan_warnings(load_program_bytes(text.encode(), "knee.yaml"))]


def test_clauses_are_cut_at_each_week_mention_and_sentence_end() -> None:
    found = clauses("Weeks 1-4 RPE 6, weeks 5-7 RPE 7.5; week 8 a deload. Reps rise by 1.5 kg.")
    assert [(c.first, c.last, c.text) for c in found] == [
        (1, 4, "Weeks 1-4 RPE 6"),
        (5, 7, "weeks 5-7 RPE 7.5"),
        (8, 8, "week 8 a deload"),
    ]


def test_an_rpe_list_one_week_short_of_the_text_is_caught() -> None:
    # The case: "weeks 9-12 RPE 7.5" while the list, shifted by the week-8 deload
    # (which does not advance the rule), plans RPE 7 in week 9 (step 7 is the 8th target).
    shifted = KNEE.replace("rpe: [6, 6, 6, 6, 7, 7, 7, 7.5]", "rpe: [6, 6, 6, 6, 7, 7, 7, 7, 7.5]")
    assert _warnings(shifted) == [
        "the plan text says 'week 8 a deload (half the sets, 90% of the load, RPE 5.5)', but "
        "the computed plan has RPE 3, 5 in week 8, not RPE 5.5",
        "the plan text says 'weeks 9-12 RPE 7.5', but the computed plan has RPE 5, 7 in week 9, "
        "not RPE 7.5",
    ]
    moved = KNEE.replace("  weeks: [8]\n", "  weeks: [7]\n")
    assert any("week 8 is not a deload week (deload.weeks: 7)" in w for w in _warnings(moved))


@pytest.mark.parametrize(
    "name",
    [
        "achilles-alfredson",
        "hip-thrust",
        "hypopressive",
        "knee-oa",
        "strength-block",
        "typical-trial",
    ],
)
def test_the_bundled_examples_say_what_they_plan(name: str) -> None:
    assert plan_warnings(load_program(f"examples/{name}.yaml")) == []


def _hip_thrust_unrounded() -> str:
    """examples/hip-thrust.yaml as an old exdose: 1 file, without `kit_rounding: true`."""
    text = Path("examples/hip-thrust.yaml").read_text(encoding="utf-8")
    assert "\nkit_rounding: true\n" in text  # the bundled example asks for kit rounding
    return text.replace("\nkit_rounding: true\n", "\n")


def test_computed_loads_off_the_kit_are_named_once_per_exercise() -> None:
    loaded = load_program_bytes(_hip_thrust_unrounded().encode(), "examples/hip-thrust.yaml")
    messages = [w.message for w in plan_warnings(loaded)]
    assert messages == [
        "week 8: the computed load of Barbell hip thrust, 63 kg, cannot be made with Barbell "
        "with pad, hip-thrust bench (barbell); kit rounding would plan 62.5 kg (add "
        "kit_rounding: true)",
        "week 8: the computed load of Cable hip abduction, 6.75 kg, cannot be made with Low "
        "cable pulley with ankle strap (cable); kit rounding would plan 7.5 kg (add "
        "kit_rounding: true)",
        "week 8: the computed load of Dumbbell split squat, 12.6 kg, cannot be made with "
        "dumbbell (dumbbell); kit rounding would plan 12 kg (add kit_rounding: true)",
    ]
    # the example as shipped says kit_rounding: true: 62.5, 7.5 and 12 kg, no warning
    assert plan_warnings(load_program("examples/hip-thrust.yaml")) == []


def test_check_reports_warnings_without_changing_the_exit_code(tmp_path: Path) -> None:
    old = tmp_path / "hip-thrust.yaml"
    old.write_text(_hip_thrust_unrounded(), encoding="utf-8")
    result = check_file(str(old))
    assert result.exit_code == 0 and len(result.warnings) == 3
    data = result.to_json()
    # the deload line, 299 as the file was (300 now that kit_rounding: true is line 20)
    assert data["warnings"][0]["line"] == 299 and data["problems"] == []
    assert check_file("examples/hip-thrust.yaml").to_json()["warnings"] == []
    assert check_file("examples/knee-oa.yaml").to_json()["warnings"] == []

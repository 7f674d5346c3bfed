"""Kit rounding: computed loads become loads the equipment can make (hand-worked values)."""

from __future__ import annotations

import pytest

from exdose.program.io import load_program
from exdose.program.kit import dumbbell_loads_kg, kit_for, kit_kind, round_load, round_to_kit
from exdose.program.model import EquipmentItem


@pytest.mark.parametrize(
    ("load", "kit", "expected"),
    [
        (61.54, "barbell", 62.5),  # 61.54 / 2.5 = 24.6 steps -> 25 x 2.5
        (68.38, "Olympic barbell", 67.5),  # 27.35 steps -> 27
        (63.75, "barbell", 65.0),  # exactly half-way between 62.5 and 65: upwards
        (12.6, "dumbbell", 12.0),  # rack 10, 12, 14: 12 is 0.6 away
        (3.6, "dumbbell", 4.0),  # 1 kg steps up to 10 kg
        (13.0, "dumbbell", 14.0),  # half-way between 12 and 14: upwards
        (31.0, "dumbbell", 30.0),  # 30 (1.0 away) beats 32.5 (1.5 away)
        (77.4, "machine", 75.0),  # 15.48 steps of 5 -> 15
        (77.5, "Leg press machine", 80.0),  # 15.5 steps -> 16
        (10.0, "kettlebells", 12.0),  # half-way between 8 and 12
        (5.2, "backpack", 5.0),
        (5.3, "body only", 5.5),
        (0.2, "barbell", 2.5),  # a load above 0 never rounds to nothing
        (7.3, "red band", 7.3),  # a band makes no kg load: unchanged
        (4.4, None, 4.5),  # unknown kit: 0.5 kg
    ],
)
def test_default_rounding_per_kind(load: float, kit: str | None, expected: float) -> None:
    assert round_to_kit(load, kit) == pytest.approx(expected)


def test_entry_increment_and_fixed_loads_win_over_the_kind() -> None:
    fine = EquipmentItem(name="Olympic barbell", increment="1.25kg")  # type: ignore[arg-type]
    assert round_to_kit(61.54, fine) == pytest.approx(61.25)  # 49.2 steps of 1.25 -> 49
    rack = EquipmentItem(
        name="Home dumbbells",
        loads=["2kg", "4kg", "6kg", "8kg"],  # type: ignore[list-item]
    )
    assert round_to_kit(5.0, rack) == 6.0  # half-way: the heavier pair
    assert round_to_kit(3.1, rack) == 4.0
    assert round_to_kit(11.0, rack) == 8.0  # nothing heavier in the rack
    pounds = EquipmentItem(name="Barbell", increment="5lb")  # type: ignore[arg-type]
    assert round_load(136.0, "lb", pounds) == 135.0
    assert round_load(138.0, "lb", "barbell") == 140.0  # 27.6 steps of 5 lb -> 28


def test_kit_values_are_checked() -> None:
    with pytest.raises(ValueError, match="kit increments and loads"):
        EquipmentItem(name="Bar", increment="5%")  # type: ignore[arg-type]


def test_dumbbell_ladder_and_kind_words() -> None:
    rack = dumbbell_loads_kg(40)
    assert rack[:12] == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 14]
    assert 30.0 in rack and 32.5 in rack and 31.0 not in rack
    assert kit_kind("Barbell with pad, hip-thrust bench") == "barbell"
    assert kit_kind("Step and dumbbells") == "dumbbell"
    assert kit_kind("Low cable pulley with ankle strap") == "cable"
    assert kit_kind("Exercise mat") == "bodyweight"
    assert kit_kind("Elastic band, red") == "band"


def test_kit_for_resolves_programme_entries_and_library() -> None:
    loaded = load_program("examples/hip-thrust.yaml")
    program, library = loaded.program, loaded.library
    assert kit_kind(str(kit_for(program, library, "hip-thrust"))) == "barbell"
    assert kit_for(program, library, "split-squat") == "dumbbell"  # from the library
    assert kit_kind(str(kit_for(program, library, "cable-abduction"))) == "cable"


def test_body_weight_plus_added_load_is_said_as_such() -> None:
    from exdose.program.kit import added_load_words

    loaded = load_program("examples/achilles-alfredson.yaml")
    kit = kit_for(loaded.program, loaded.library, "heel-drop-straight")
    assert isinstance(kit, EquipmentItem) and kit.name == "Backpack"
    assert added_load_words(5, kit) == "body weight + 5 kg backpack"
    assert added_load_words(10, "weight vest") == "body weight + 10 kg weight vest"
    assert added_load_words(-20, "machine") == "body weight - 20 kg assistance"
    assert added_load_words(None, kit) == "body weight"
    assert added_load_words(2.5, None) == "body weight + 2.5 kg"


def test_the_carrier_of_an_added_load_is_the_kit_the_programme_names() -> None:
    from exdose.program.kit import load_carrier

    loaded = load_program("examples/achilles-alfredson.yaml")
    backpack = kit_for(loaded.program, loaded.library, "heel-drop-straight")
    assert load_carrier(backpack) == "backpack"  # `kit: Backpack`, the entry of kind backpack
    assert load_carrier(EquipmentItem(name="Loaded bag", kind="weight vest")) == "weight vest"
    assert load_carrier(EquipmentItem(name="Rucksack")) == "backpack"  # the name says it
    assert load_carrier("Weight vest, 10 kg") == "weight vest"
    assert load_carrier("Two dumbbells") == "dumbbell"
    assert load_carrier("Kettlebell") == "kettlebell"
    # Kit that does not say what carries a load: no carrier rather than a guessed one.
    assert load_carrier("Sandbag") is None
    assert load_carrier("Step") is None
    assert load_carrier("Assisted pull-up machine") is None
    assert load_carrier(None) is None

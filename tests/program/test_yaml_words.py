"""YAML mistakes in plain words: tabs, and indentation named by the key it belongs to."""

from __future__ import annotations

import pytest

from exdose.errors import ProgramError
from exdose.program.io import ProgramInvalid, load_program_bytes

BASE = "exdose: 1\nname: Knee\nphases:\n  - name: Base\n    weeks: 1-4\n{line}    sessions: []\n"


def _problems(text: str) -> list[str]:
    with pytest.raises(ProgramError) as caught:
        load_program_bytes(text.encode(), "knee.yaml")
    error = caught.value
    assert isinstance(error, ProgramInvalid), error.message
    return [p.one_line() for p in error.problems]


def test_every_tab_used_for_indenting_is_one_problem_in_line_order() -> None:
    text = "exdose: 1\nname: x\nprovider:\n\trole: physio\n\tqualifications: y\nphases: []\n"
    assert _problems(text) == [
        "knee.yaml:4:1: tabs cannot indent YAML; use spaces",
        "knee.yaml:5:1: tabs cannot indent YAML; use spaces",
    ]
    mixed = "exdose: 1\nphases:\n  - name: A\n  \t weeks: 1\n"
    assert _problems(mixed) == ["knee.yaml:4:3: tabs cannot indent YAML; use spaces"]


@pytest.mark.parametrize("spaces", [3, 5])
def test_a_key_that_lines_up_with_nothing_is_named_with_where_it_belongs(spaces: int) -> None:
    text = BASE.format(line=" " * spaces + "goal: Learn the movement\n")
    assert _problems(text) == [
        f"knee.yaml:6:{spaces + 1}: bad indentation: 'goal' is indented {spaces} spaces, which "
        "lines up with no field above it; if it belongs with the fields of that item of "
        "'phases', indent it 4 spaces like 'weeks' on line 5"
    ]


def test_top_level_indentation_and_other_yaml_errors_keep_their_wording() -> None:
    assert _problems("exdose: 1\nname: x\n summary: y\nphases: []\n") == [
        "knee.yaml:3:2: bad indentation: 'summary' is indented 1 space, which lines up with no "
        "field above it; if it belongs with the top-level fields, indent it 0 spaces like "
        "'name' on line 2"
    ]
    with pytest.raises(ProgramError) as caught:
        load_program_bytes(b"exdose: 1\nname: [unclosed\n", "knee.yaml")
    assert not isinstance(caught.value, ProgramInvalid)
    assert caught.value.message.startswith("not valid YAML")


def test_a_tab_inside_a_value_is_not_indentation() -> None:
    text = BASE.format(line="    goal: 'tab\there'\n").replace("sessions: []", "sessions: x")
    with pytest.raises(ProgramError) as caught:  # invalid for another reason: sessions
        load_program_bytes(text.encode(), "knee.yaml")
    assert "tabs" not in str(caught.value)

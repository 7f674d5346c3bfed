"""CERT and TIDieR scoring of programmes: each item flips when (and only when) its field goes.

Every case starts from tests/data/program/complete.yaml (31/31, each item reported by one field),
changes one thing, and asserts exactly which items become unreported and that the hint names the
field to add.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from exdose.checklists import CERT_IDS, TIDIER_IDS
from exdose.checklists.score import ProgramScore, score_program
from exdose.cli._text import print_check
from exdose.cli.programme import check_file
from exdose.program.model import Program

DATA = Path(__file__).resolve().parent.parent / "data" / "program"
COMPLETE = DATA / "complete.yaml"

Data = dict[str, Any]


def complete() -> Data:
    data: Data = yaml.safe_load(COMPLETE.read_text(encoding="utf-8"))
    return data


def score(data: Data) -> ProgramScore:
    return score_program(Program.model_validate(data))


def unreported(result: ProgramScore) -> tuple[set[str], set[str]]:
    return (
        {item.id for item in result.cert.items if not item.reported},
        {item.id for item in result.tidier.items if not item.reported},
    )


def hints(result: ProgramScore) -> str:
    items = [*result.cert.items, *result.tidier.items]
    return " | ".join(item.hint for item in items if item.hint)


def session(data: Data, index: int) -> Data:
    found: Data = data["phases"][0]["sessions"][index]
    return found


def test_complete_fixture_reports_every_item_with_its_source() -> None:
    result = score(complete())
    assert (result.cert.score, result.cert.max) == (19, 19)
    assert (result.tidier.score, result.tidier.max) == (12, 12)
    assert [item.id for item in result.cert.items] == list(CERT_IDS)
    assert [item.id for item in result.tidier.items] == list(TIDIER_IDS)
    for item in (*result.cert.items, *result.tidier.items):
        assert item.source, item.id
        assert item.hint is None
    sources = {f"cert {i.id}": i.source for i in result.cert.items}
    assert sources["cert 1"] == "equipment"
    assert sources["cert 7a"] == "progression.rule"
    assert sources["cert 16b"] == "fidelity.delivered"


def drop(*path: str | int) -> Callable[[Data], None]:
    def mutate(data: Data) -> None:
        cursor: Any = data
        for part in path[:-1]:
            cursor = cursor[part]
        del cursor[path[-1]]

    return mutate


def set_value(value: Any, *path: str | int) -> Callable[[Data], None]:
    def mutate(data: Data) -> None:
        cursor: Any = data
        for part in path[:-1]:
            cursor = cursor[part]
        cursor[path[-1]] = value

    return mutate


def both(*mutations: Callable[[Data], None]) -> Callable[[Data], None]:
    def mutate(data: Data) -> None:
        for mutation in mutations:
            mutation(data)

    return mutate


FLIPS: list[tuple[str, Callable[[Data], None], set[str], set[str], list[str]]] = [
    # case, change, CERT items that flip, TIDieR items that flip, words the hints must contain
    ("equipment", drop("equipment"), {"1"}, set(), ["equipment:"]),
    ("provider", drop("provider"), {"2"}, {"5"}, ["provider:", "'none'"]),
    ("provider too vague", set_value({"role": "staff"}, "provider"), {"2"}, {"5"}, ["staff"]),
    ("delivery", drop("delivery"), {"3", "4"}, {"6"}, ["delivery:", "supervision"]),
    ("adherence", drop("adherence"), {"5"}, set(), ["adherence:"]),
    ("motivation", drop("motivation"), {"6"}, set(), ["motivation:"]),
    ("progression rule", drop("progression", "rule"), {"7a"}, set(), ["progression"]),
    ("progression plan", drop("progression", "plan"), {"7b"}, set(), ["progression: {plan"]),
    (
        "exercise description",
        drop("exercises", "sit-to-stand", "description"),
        {"8"},
        set(),
        ["description", "sit-to-stand"],
    ),
    ("home programme", drop("home_programme"), {"9"}, set(), ["home_programme:"]),
    ("non-exercise", drop("non_exercise"), {"10"}, set(), ["non_exercise:"]),
    ("adverse events", drop("adverse_events"), {"11"}, set(), ["adverse_events:", "monitoring"]),
    ("setting", drop("setting"), {"12"}, {"7"}, ["setting:", "location"]),
    (
        "intensity",
        set_value("3x8 rest 60s", "phases", 0, "sessions", 0, "exercises", 1, "dose"),
        {"13"},
        set(),
        ["intensity", "sit-to-stand"],
    ),
    ("tailoring", drop("tailoring"), {"14a", "14b"}, {"9"}, ["tailoring:", "approach"]),
    ("starting level", drop("starting_level"), {"15"}, set(), ["starting_level:"]),
    # adherence.measurement (an attendance register) still reports 16a and TIDieR 11
    ("fidelity", drop("fidelity"), {"16b"}, {"12"}, ["fidelity.delivered"]),
    (
        "fidelity and adherence",
        both(drop("fidelity"), drop("adherence")),
        {"5", "16a", "16b"},
        {"11", "12"},
        ["fidelity", "assessment", "adherence:"],
    ),
    ("delivered", drop("fidelity", "delivered"), {"16b"}, {"12"}, ["fidelity.delivered"]),
    ("blank name", set_value("   ", "name"), set(), {"1"}, ["name:"]),
    ("rationale", both(drop("rationale"), drop("goal")), set(), {"2"}, ["rationale:"]),
    ("goal alone is a rationale", drop("rationale"), set(), set(), []),
    (
        "materials and equipment",
        both(drop("materials"), drop("equipment")),
        {"1"},
        {"3"},
        ["materials:"],
    ),
    ("modifications", drop("modifications"), set(), {"10"}, ["modifications:", "'none'"]),
    (
        "session minutes",
        drop("phases", 0, "sessions", 1, "minutes"),
        set(),
        {"8"},
        ["minutes:", "B"],
    ),
]


@pytest.mark.parametrize(
    ("change", "cert", "tidier", "words"),
    [case[1:] for case in FLIPS],
    ids=[case[0] for case in FLIPS],
)
def test_removing_a_field_flips_exactly_its_items(
    change: Callable[[Data], None], cert: set[str], tidier: set[str], words: list[str]
) -> None:
    data = complete()
    change(data)
    result = score(data)
    assert unreported(result) == (cert, tidier)
    text = hints(result)
    for word in words:
        assert word in text
    # the flipped items carry a hint and no source; the others are untouched
    for item in result.cert.items:
        assert (item.hint is not None) == (item.id in cert)
        assert (item.source is None) == (item.id in cert)
    assert result.cert.score == 19 - len(cert)
    assert result.tidier.score == 12 - len(tidier)


def test_every_item_can_be_flipped_by_some_field() -> None:
    cert = set().union(*(case[2] for case in FLIPS))
    tidier = set().union(*(case[3] for case in FLIPS))
    assert cert == set(CERT_IDS)
    # TIDieR 4 (procedures) is reported by the sessions themselves, which a programme must have
    assert tidier == set(TIDIER_IDS) - {"4"}


NONE_ANSWERS = [
    ("equipment", "1", None, "equipment (none)"),
    ("provider", "2", "5", "provider"),
    ("motivation", "6", None, "motivation (none)"),
    ("home_programme", "9", None, "home_programme (none)"),
    ("non_exercise", "10", None, "non_exercise (none)"),
    ("modifications", None, "10", "modifications (none)"),
]


@pytest.mark.parametrize(("field", "cert", "tidier", "source"), NONE_ANSWERS)
def test_explicit_none_counts_as_reported(
    field: str, cert: str | None, tidier: str | None, source: str
) -> None:
    data = complete()
    data[field] = "none"
    result = score(data)
    assert unreported(result) == (set(), set())
    if cert:
        assert next(i for i in result.cert.items if i.id == cert).source == source
    if tidier:
        assert next(i for i in result.tidier.items if i.id == tidier).source == source


def test_materials_none_counts_when_there_is_no_equipment() -> None:
    data = complete()
    data["materials"] = "none"
    data["equipment"] = "none"
    result = score(data)
    assert unreported(result) == (set(), set())
    assert result.tidier.items[2].source == "materials (none)"


def test_no_adverse_events_after_delivery_counts_without_monitoring() -> None:
    data = complete()
    data["adverse_events"] = {"occurred": "none"}
    result = score(data)
    assert unreported(result) == (set(), set())
    assert next(i for i in result.cert.items if i.id == "11").source == "adverse_events.occurred"


def test_none_is_refused_where_the_checklist_does_not_allow_it() -> None:
    for field in ("delivery", "setting", "tailoring", "fidelity", "adherence"):
        data = complete()
        data[field] = "none"
        with pytest.raises(ValidationError):
            Program.model_validate(data)


def test_generic_programme_reports_how_tailored_as_generic() -> None:
    data = complete()
    data["tailoring"] = {"approach": "generic"}
    result = score(data)
    assert unreported(result) == (set(), set())
    assert next(i for i in result.cert.items if i.id == "14b").source == (
        "tailoring.approach (generic)"
    )


def test_tailored_without_how_is_invalid() -> None:
    data = complete()
    data["tailoring"] = {"approach": "tailored"}
    with pytest.raises(ValidationError, match="how"):
        Program.model_validate(data)


def test_provider_role_alone_counts_when_it_is_a_profession() -> None:
    data = complete()
    data["provider"] = {"role": "physiotherapist"}
    result = score(data)
    assert unreported(result) == (set(), set())
    assert result.cert.items[1].source == "provider.role"


def test_exercise_rules_report_progression_rule_and_plan() -> None:
    data = complete()
    del data["progression"]
    session(data, 0)["exercises"][0]["dose"] = "3x8-12 @RIR2 rest 90s"
    session(data, 0)["exercises"][0]["progression"] = {
        "type": "double",
        "start": "60kg",
        "increment": "5kg",
    }
    result = score(data)
    assert unreported(result) == (set(), set())
    sources = {i.id: i.source for i in result.cert.items}
    assert sources["7a"] == "exercise progression rules"
    assert sources["7b"] == "progression rules expanded week by week"


def test_phases_report_the_progression_plan() -> None:
    data = complete()
    del data["progression"]["plan"]
    first = data["phases"][0]
    second = copy.deepcopy(first)
    first["weeks"], second["weeks"], second["name"] = "1-3", "4-6", "Loading"
    data["phases"].append(second)
    result = score(data)
    assert unreported(result) == (set(), set())
    assert next(i for i in result.cert.items if i.id == "7b").source == "phases"


def test_a_deload_reports_the_progression_plan() -> None:
    data = complete()
    del data["progression"]["plan"]
    data["deload"] = {"weeks": [4]}
    assert unreported(score(data)) == (set(), set())


def test_intensity_may_come_from_the_progression_rule() -> None:
    data = complete()
    prescription = session(data, 0)["exercises"][1]
    prescription["dose"] = "3x8"
    prescription["progression"] = {"type": "rpe", "rpe": [6, 7]}
    assert unreported(score(data)) == (set(), set())


def test_undescribed_library_exercise_is_named_in_the_hint() -> None:
    data = complete()
    session(data, 1)["exercises"].append({"exercise": "Plank", "dose": "3x30s hold @RPE6"})
    result = score(data)
    assert unreported(result) == ({"8"}, set())
    assert "Plank" in hints(result)


def test_level_exercises_must_be_described_too() -> None:
    data = complete()
    session(data, 0)["exercises"][1]["progression"] = {
        "type": "level",
        "weeks_per_level": 2,
        "levels": [
            {"name": "chair", "dose": "3x8 @RPE6"},
            {"name": "low step", "dose": "3x8 @RPE6", "exercise": "Step_Up"},
        ],
    }
    result = score(data)
    assert unreported(result) == ({"8"}, set())
    assert "Step_Up" in hints(result)


# --- check_file: exit codes and the human table --------------------------------------------------


def write(tmp_path: Path, data: Data, name: str = "programme.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def incomplete(tmp_path: Path) -> Path:
    """The complete fixture without rationale or goal (TIDieR 2) and equipment (CERT 1)."""
    data = complete()
    del data["rationale"], data["equipment"]
    data.pop("goal", None)
    return write(tmp_path, data)


@pytest.mark.parametrize(
    ("min_cert", "min_tidier", "code"),
    [
        (None, None, 0),
        (18, 11, 0),
        (19, None, 1),
        (None, 12, 1),
        (18, 12, 1),
        (0, 0, 0),
    ],
)
def test_thresholds_decide_the_exit_code(
    tmp_path: Path, min_cert: int | None, min_tidier: int | None, code: int
) -> None:
    result = check_file(incomplete(tmp_path), min_cert=min_cert, min_tidier=min_tidier)
    assert result.valid
    assert result.exit_code == code


def test_invalid_file_exits_2_whatever_the_thresholds() -> None:
    result = check_file(DATA / "bad" / "bad_dose.yaml", min_cert=0, min_tidier=0)
    assert not result.valid
    assert result.exit_code == 2
    assert result.problems[0]["line"] == 10
    assert result.problems[0]["column"] == 23
    cert, tidier = result.checklists()
    assert cert.score == 0 and tidier.score == 0
    assert len(cert.items) == 19 and len(tidier.items) == 12


def test_file_level_problem_is_listed_with_its_hint() -> None:
    result = check_file(DATA / "bad" / "empty.yaml")
    assert result.exit_code == 2
    assert result.problems == [
        {
            "file": str(DATA / "bad" / "empty.yaml"),
            "line": None,
            "column": None,
            "message": "the file is empty (start with 'exdose: 1'; see docs/program-format.md)",
        }
    ]


ROW = re.compile(r"^│ (\w+)\s+│ ([✓✗]) │")


def table_rows(output: str) -> list[tuple[str, str]]:
    return [(m[1], m[2]) for line in output.splitlines() if (m := ROW.match(line))]


def test_human_table_lists_all_31_items(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "240")  # one line per item
    print_check(check_file(incomplete(tmp_path)))
    output = capsys.readouterr().out
    rows = table_rows(output)
    assert [row[0] for row in rows] == list(CERT_IDS) + list(TIDIER_IDS)
    missing = [item for item, mark in rows if mark == "✗"]
    assert missing == ["1", "2"]  # CERT 1 equipment, then TIDieR 2 rationale
    assert "CERT: 18/19" in output
    assert "TIDieR: 11/12" in output
    assert "add rationale:" in output
    assert "2 item(s) missing" in output

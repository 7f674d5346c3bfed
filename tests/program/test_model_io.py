"""Programme files: load -> dump -> load round-trips, and every user error located precisely.

The error fixtures live in tests/data/program/bad/; each test names the line and column a user
would go to in an editor.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exdose.errors import ExdoseError, ProgramError
from exdose.program.io import (
    MAX_FILE_BYTES,
    Problem,
    ProgramInvalid,
    dump_program,
    load_program,
    load_program_bytes,
    save_program,
)
from exdose.program.model import Program
from exdose.program.notation import NOTATION_EXAMPLES

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "program"
BAD = DATA / "bad"
EXAMPLE = ROOT / "examples" / "hip-thrust.yaml"


def problems_of(path: Path) -> list[Problem]:
    """The problems loading a file reports (one for a file-level error)."""
    with pytest.raises(ProgramError) as info:
        load_program(path)
    error = info.value
    if isinstance(error, ProgramInvalid):
        return error.problems
    return [Problem(error.file or "", error.line, error.column, error.one_line())]


def line_of(path: Path, line: int) -> str:
    return path.read_text(encoding="utf-8").splitlines()[line - 1]


# --- round-trips -------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_example_round_trips_through_text(fmt: str) -> None:
    first = load_program(EXAMPLE).program
    text = dump_program(first, fmt)
    second = load_program_bytes(text.encode(), f"again.{fmt}").program
    assert second == first
    # printing is stable: the second dump is the first, byte for byte
    assert dump_program(second, fmt) == text


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_example_round_trips_through_a_saved_file(tmp_path: Path, suffix: str) -> None:
    first = load_program(EXAMPLE).program
    target = tmp_path / f"programme{suffix}"
    save_program(first, target)
    if suffix == ".json":
        assert json.loads(target.read_text(encoding="utf-8"))["exdose"] == 1
    assert load_program(target).program == first
    # the atomic write leaves no temporary file behind
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


@pytest.mark.parametrize("name", sorted(p.name for p in DATA.glob("*.yaml")))
def test_every_fixture_round_trips(name: str) -> None:
    first = load_program(DATA / name).program
    for fmt in ("yaml", "json"):
        again = load_program_bytes(dump_program(first, fmt).encode(), f"{name}.{fmt}").program
        assert again == first


def test_doses_are_printed_canonically() -> None:
    text = dump_program(load_program(EXAMPLE).program)
    data = yaml.safe_load(text)
    doses = [ex["dose"] for ex in data["phases"][0]["sessions"][0]["exercises"]]
    # "rest 60s" in the file is printed as "rest 1min"
    assert doses[2] == "2x12-15/side @RIR2 rest 1min"
    assert doses[0] == "3x8-12 @RIR3 rest 2min tempo 2-1-1-1"


def test_explicit_none_answers_survive_a_round_trip() -> None:
    source = yaml.safe_load((DATA / "complete.yaml").read_text(encoding="utf-8"))
    for key in ("equipment", "materials", "motivation", "home_programme", "non_exercise"):
        source[key] = "none"
    source["provider"] = "none"
    source["adverse_events"]["occurred"] = "none"
    program = Program.model_validate(source)
    again = load_program_bytes(dump_program(program).encode(), "none.yaml").program
    assert again == program
    assert again.home_programme == "none"
    assert again.adverse_events is not None and again.adverse_events.occurred == "none"


# A small, valid programme generator: phases cover consecutive weeks, every progression rule gets
# a dose it fits (the loader checks that), and doses come from the notation's own examples.
LIBRARY_EXERCISES = [
    "Barbell_Squat",
    "Barbell_Hip_Thrust",
    "Romanian_Deadlift",
    "Plank",
    "Dead_Bug",
]
RANGE_DOSES = ["3x8-12 @RIR2 rest 90s tempo 3-1-1-0", "2x10-15/side @RPE7", "4x6-8 @RIR1-2"]
REP_DOSES = [*RANGE_DOSES, "5x5 @75%1RM rest 3min", "3x8 @60kg @RIR2", "2x10/side @RPE7"]
TIMED_DOSES = ["3x30s hold", "4x4min @85-95%HRmax rest 3min", "3x20-30s/side hold"]
WAVE_DOSES = ["5x5 @70%1RM", "4x4 @75%1RM rest 3min", "3x3 @80-85%1RM", "1x1 @92.5%1RM"]
WEEKDAYS = ["Monday", "tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

kilos = st.integers(1, 400).map(lambda n: f"{n / 2:g}kg")
pounds = st.integers(1, 160).map(lambda n: f"{n * 5}lb")
loads = st.one_of(kilos, pounds)
every = st.sampled_from(["week", "session"])
text = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=30
).filter(lambda s: s.strip() != "")


@st.composite
def prescriptions(draw: st.DrawFn, own: list[str]) -> dict[str, Any]:
    exercise = draw(st.sampled_from(LIBRARY_EXERCISES + own))
    kind = draw(
        st.sampled_from(
            [
                "none",
                "linear_load",
                "linear_rep",
                "linear_set",
                "linear_s",
                "double",
                "wave",
                "rpe",
                "level",
            ]
        )
    )
    item: dict[str, Any] = {"exercise": exercise}
    if kind == "none":
        item["dose"] = draw(st.sampled_from(NOTATION_EXAMPLES))
    elif kind == "linear_load":
        item["dose"] = draw(st.sampled_from(REP_DOSES))
        rule = {"type": "linear", "start": draw(loads), "increment": draw(kilos)}
        if draw(st.booleans()):
            rule["max"] = "200kg"
        item["progression"] = rule | {"every": draw(every)}
    elif kind == "linear_rep":
        item["dose"] = draw(st.sampled_from(REP_DOSES))
        item["progression"] = {"type": "linear", "increment": "1 rep", "max": "15 reps"}
    elif kind == "linear_set":
        item["dose"] = draw(st.sampled_from(NOTATION_EXAMPLES))
        item["progression"] = {"type": "linear", "increment": "1 set", "max": "6 sets"}
    elif kind == "linear_s":
        item["dose"] = draw(st.sampled_from(TIMED_DOSES))
        item["progression"] = {"type": "linear", "increment": "5s", "every": draw(every)}
    elif kind == "double":
        item["dose"] = draw(st.sampled_from(RANGE_DOSES))
        item["progression"] = {
            "type": "double",
            "start": draw(loads),
            "increment": draw(st.sampled_from(["2.5kg", "5lb", "5%"])),
            "reps_step": draw(st.integers(1, 3)),
        }
    elif kind == "wave":
        item["dose"] = draw(st.sampled_from(WAVE_DOSES))
        rule = {
            "type": "percent_wave",
            "one_rm": draw(loads),
            "pattern": draw(st.lists(st.sampled_from(WAVE_DOSES), min_size=1, max_size=4)),
            "step": draw(st.sampled_from([0.0, 2.5, -5.0, 1.25])),
        }
        if draw(st.booleans()):
            rule["round_to"] = draw(st.sampled_from(["2.5kg", "5lb", "1kg"]))
        item["progression"] = rule
    elif kind == "rpe":
        scale = draw(st.sampled_from(["rpe", "rir"]))
        targets = draw(st.lists(st.integers(0, 20).map(lambda n: n / 2), min_size=1, max_size=5))
        item["dose"] = draw(st.sampled_from(REP_DOSES))
        item["progression"] = {"type": "rpe", scale: targets}
    else:
        levels = draw(
            st.lists(
                st.fixed_dictionaries(
                    {"name": text, "dose": st.sampled_from(NOTATION_EXAMPLES)},
                    optional={"exercise": st.sampled_from(LIBRARY_EXERCISES + own), "note": text},
                ),
                min_size=1,
                max_size=4,
            )
        )
        item["dose"] = levels[0]["dose"]
        item["progression"] = {
            "type": "level",
            "levels": levels,
            "weeks_per_level": draw(st.integers(1, 4)),
        }
    if draw(st.booleans()):
        item["superset"] = draw(st.sampled_from(["A", "B"]))
    return item


@st.composite
def programmes(draw: st.DrawFn) -> dict[str, Any]:
    complete = yaml.safe_load((DATA / "complete.yaml").read_text(encoding="utf-8"))
    sections = [k for k in complete if k not in ("exdose", "name", "exercises", "phases")]
    kept = draw(st.lists(st.sampled_from(sections), unique=True))
    data: dict[str, Any] = {"exdose": 1, "name": draw(text)}
    data.update({key: complete[key] for key in kept})
    own = draw(st.lists(st.sampled_from(["posture-a", "posture-b", "step-up"]), unique=True))
    data["exercises"] = {
        key: {
            "name": draw(text),
            "primary": draw(
                st.lists(st.sampled_from(["glutes", "pelvic floor", "abdominals"]), min_size=1)
            ),
            "description": draw(text),
            "cues": draw(st.lists(text, max_size=2)),
        }
        for key in own
    }
    if "home_programme" in data:  # its exercise list must use known names
        data["home_programme"]["exercises"] = [{"exercise": "Dead_Bug", "dose": "2x8/side"}]
    phases = []
    week = 1
    for index in range(draw(st.integers(1, 3))):
        length = draw(st.integers(1, 4))
        sessions = []
        for s in range(draw(st.integers(1, 3))):
            session: dict[str, Any] = {
                "name": f"S{s + 1}",
                "exercises": draw(st.lists(prescriptions(own), min_size=1, max_size=4)),
            }
            if draw(st.booleans()):
                session["day"] = draw(st.sampled_from(WEEKDAYS))
            if draw(st.booleans()):
                session["minutes"] = draw(st.integers(10, 120)) / 2
            sessions.append(session)
        weeks = f"{week}-{week + length - 1}" if length > 1 else week
        phases.append({"name": f"Phase {index + 1}", "weeks": weeks, "sessions": sessions})
        week += length
    data["phases"] = phases
    if draw(st.booleans()):
        data["deload"] = {
            "weeks": draw(st.lists(st.integers(1, week - 1), min_size=1, unique=True)),
            "sets_factor": draw(st.sampled_from([0.5, 0.6, 1.0])),
        }
    if draw(st.booleans()):
        data["start_date"] = draw(st.dates()).isoformat()
    return data


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=programmes(), fmt=st.sampled_from(["yaml", "json"]))
def test_generated_programmes_round_trip(data: dict[str, Any], fmt: str) -> None:
    source = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    first = load_program_bytes(source.encode(), "generated.yaml").program
    text = dump_program(first, fmt)
    second = load_program_bytes(text.encode(), f"generated.{fmt}").program
    assert second == first
    assert dump_program(second, fmt) == text


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=programmes())
def test_generated_programmes_expand_to_one_row_per_planned_set(data: dict[str, Any]) -> None:
    from exdose.program.expand import expand, plan_sessions

    source = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    loaded = load_program_bytes(source.encode(), "generated.yaml")
    sessions = plan_sessions(loaded)
    table = expand(loaded)
    assert table.height == sum(dose.sets for s in sessions for dose in s.doses)
    assert sorted(set(table["week"].to_list())) == list(range(1, loaded.program.weeks + 1))
    for phase in loaded.program.phases:
        for week in range(phase.first_week, phase.last_week + 1):
            assert sum(1 for s in sessions if s.week == week) == len(phase.sessions)
    for session in sessions:
        for dose in session.doses:
            assert dose.sets >= 1
            if dose.reps is not None and dose.reps_max is not None:
                assert dose.reps <= dose.reps_max


# --- errors: where, what, and what would be valid ------------------------------------------------

LOCATED = [
    # fixture, line, column, fragments of the message
    ("recursive_alias.yaml", 3, 9, ["phases[1]"]),
    ("wrong_types.yaml", 8, 18, ["phases[1].sessions[1].minutes", "number"]),
    ("dose_not_text.yaml", 10, 19, ["dose", "written as text", "3x8-12 @RIR2"]),
    ("huge_minutes.yaml", 8, 18, ["minutes", "600"]),
    ("huge_sets.yaml", 10, 19, ["number of sets is too large", "3x8"]),
    ("huge_weeks.yaml", 5, 22, ["home_programme.sessions_per_week", "21"]),
    ("negative_sets.yaml", 10, 19, ["'-3x5'", "number of sets"]),
    ("unknown_exercise.yaml", 9, 23, ["unknown exercise 'Barbel Hip Thrust'", "did you mean"]),
    ("overlapping_weeks.yaml", 12, 12, ["week 4 is in phase 1 and phase 2"]),
    ("missing_weeks.yaml", 4, 3, ["no phase covers week(s) 5"]),
    ("deload_outside.yaml", 4, 14, ["deload week 10 is outside the programme (weeks 1-8)"]),
    ("double_without_range.yaml", 11, 26, ["double progression needs a rep range", "3x8-12"]),
    ("bad_weeks.yaml", 5, 12, ["phases[1].weeks", "'1-4' or '5'"]),
    ("bad_yaml.yaml", 4, 1, ["not valid YAML"]),
    ("top_level_list.yaml", 1, 1, ["mapping of fields, not a list", "exdose: 1"]),
]


@pytest.mark.parametrize(("name", "line", "column", "fragments"), LOCATED)
def test_error_has_line_column_and_says_what_to_do(
    name: str, line: int, column: int, fragments: list[str]
) -> None:
    problem = problems_of(BAD / name)[0]
    assert (problem.file, problem.line, problem.column) == (str(BAD / name), line, column)
    for fragment in fragments:
        assert fragment in problem.message
    assert "\n" not in problem.one_line()
    assert problem.one_line().startswith(f"{BAD / name}:{line}:{column}: ")


def test_every_problem_in_a_file_is_listed() -> None:
    problems = problems_of(BAD / "huge_weeks.yaml")
    assert [(p.line, p.column) for p in problems] == [(5, 22), (8, 12)]
    assert "at most 520 weeks" in problems[1].message


@pytest.mark.parametrize(
    ("name", "bad_text"),
    [
        ("bad_dose.yaml", "@RIR22"),  # plain scalar
        ("bad_dose_quoted.yaml", "3 parsecs"),  # double-quoted scalar: past the quote
        ("bad.json", "@RPE11"),  # JSON
    ],
)
def test_dose_error_column_points_into_the_dose_string(name: str, bad_text: str) -> None:
    problem = problems_of(BAD / name)[0]
    assert problem.line is not None and problem.column is not None
    assert line_of(BAD / name, problem.line)[problem.column - 1 :].startswith(bad_text)
    assert "dose" in problem.message


def test_dose_error_names_the_text_and_what_is_valid() -> None:
    message = problems_of(BAD / "bad_dose.yaml")[0].message
    assert "'@RIR22'" in message
    assert "RIR is 0-10" in message


@pytest.mark.parametrize(
    ("name", "field", "suggestion", "line"),
    [
        ("unknown_field.yaml", "nmae", "name", 2),
        ("unknown_nested_field.yaml", "progresion", "progression", 11),
    ],
)
def test_unknown_field_suggests_the_known_one(
    name: str, field: str, suggestion: str, line: int
) -> None:
    problems = problems_of(BAD / name)
    unknown = [p for p in problems if f"unknown field '{field}'" in p.message]
    assert len(unknown) == 1
    assert f"did you mean '{suggestion}'?" in unknown[0].message
    assert unknown[0].line == line


def test_unknown_exercise_suggests_the_library_name() -> None:
    message = problems_of(BAD / "unknown_exercise.yaml")[0].message
    assert "did you mean 'Barbell Hip Thrust'" in message
    assert "exdose exercises" in message


def test_unknown_exercise_suggests_programme_keys_too(tmp_path: Path) -> None:
    source = (DATA / "level.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "typo.yaml"
    bad.write_text(source.replace("exercise: standing-hypopressive", "exercise: standing-hypo"))
    message = problems_of(bad)[0].message
    assert "did you mean 'standing-hypopressive'" in message


FILE_LEVEL = [
    ("billion_laughs.yaml", "expands to over"),
    ("binary.yaml", "binary file"),
    ("empty.yaml", "the file is empty"),
    ("comments_only.yaml", "no document"),
    ("latin1.yaml", "not UTF-8"),
]


@pytest.mark.parametrize(("name", "fragment"), FILE_LEVEL)
def test_file_level_error_is_one_line_naming_the_file(name: str, fragment: str) -> None:
    with pytest.raises(ProgramError) as info:
        load_program(BAD / name)
    line = info.value.one_line()
    assert line.startswith(f"{BAD / name}")  # then ": " or ":line:column: "
    assert fragment in line
    assert "\n" not in line


def test_non_utf8_error_gives_line_and_column_of_the_bad_byte() -> None:
    with pytest.raises(ProgramError) as info:
        load_program(BAD / "latin1.yaml")
    # "name: Fuerza para mayores, caf\xe9 ..." - the e-acute is line 2, column 31
    assert (info.value.line, info.value.column) == (2, 31)


def test_integer_too_long_to_convert_is_a_programme_error() -> None:
    with pytest.raises(ProgramError):
        load_program(BAD / "long_integer.yaml")


@pytest.mark.parametrize(
    ("name", "shown"), [("bad_weeks.yaml", "weeks one to four"), ("bad_quantity.yaml", "two")]
)
def test_message_quotes_the_offending_value(name: str, shown: str) -> None:
    message = problems_of(BAD / name)[0].message
    assert "{" not in message
    assert shown in message


def test_progression_field_error_points_at_the_field() -> None:
    problem = problems_of(BAD / "bad_quantity.yaml")[0]
    assert "progression.increment" in problem.message
    assert (problem.line, problem.column) == (14, 26)


def test_key_given_twice_is_an_error_at_the_second_one() -> None:
    problem = problems_of(BAD / "duplicate_key.yaml")[0]
    assert "bridge" in problem.message
    assert problem.line == 8


def test_too_large_file_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    header = (DATA / "complete.yaml").read_bytes()
    padding = b"# padding\n" * ((MAX_FILE_BYTES - len(header)) // 10 + 1)
    big.write_bytes(header + padding)
    assert big.stat().st_size > 5 * 1024 * 1024
    with pytest.raises(ProgramError) as info:
        load_program(big)
    assert "limited to 5,242,880" in info.value.one_line()


def test_folder_and_missing_file_are_errors(tmp_path: Path) -> None:
    with pytest.raises(ProgramError, match="folder"):
        load_program(tmp_path)
    with pytest.raises(ProgramError, match="cannot read"):
        load_program(tmp_path / "nope.yaml")


@pytest.mark.parametrize("name", sorted(p.name for p in BAD.iterdir()))
def test_programme_errors_belong_to_the_project_hierarchy(name: str) -> None:
    with pytest.raises(ExdoseError) as info:
        load_program(BAD / name)
    assert "\n" not in info.value.one_line()

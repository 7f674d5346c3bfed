"""The compact dose notation: every form, its canonical print, derived values and errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any, get_args

import pytest
from pydantic import ValidationError

from exdose.errors import NotationError
from exdose.program.notation import (
    LB_TO_KG,
    NOTATION_EXAMPLES,
    Dose,
    Intensity,
    IntensityKind,
    format_dose,
    format_duration,
    format_intensity,
    parse_dose,
)

DATA = Path(__file__).parent.parent / "data" / "notation"


def _i(
    kind: str, value: float | None = None, value_max: float | None = None, **extra: Any
) -> Intensity:
    return Intensity(kind=kind, value=value, value_max=value_max, **extra)  # type: ignore[arg-type]


# Every form of the notation: text -> the Dose it means (the text is canonical).
FORMS: list[tuple[str, Dose]] = [
    ("3x8", Dose(sets=3, reps=8)),
    ("1x1", Dose(sets=1, reps=1)),
    ("2-3x10", Dose(sets=2, sets_max=3, reps=10)),
    ("3x8-12", Dose(sets=3, reps=8, reps_max=12)),
    ("1xAMRAP", Dose(sets=1, amrap=True)),
    ("3x5+", Dose(sets=3, reps=5, amrap=True)),
    ("3x30s", Dose(sets=3, seconds=30)),
    ("3x7.5s", Dose(sets=3, seconds=7.5)),
    ("3x90s", Dose(sets=3, seconds=90)),
    ("4x4min", Dose(sets=4, seconds=240)),
    ("3x2min30s", Dose(sets=3, seconds=150)),
    ("3x20-30s", Dose(sets=3, seconds=20, seconds_max=30)),
    ("3x1-2min", Dose(sets=3, seconds=60, seconds_max=120)),
    ("3x90s-2min30s", Dose(sets=3, seconds=90, seconds_max=150)),
    ("3x30s hold", Dose(sets=3, seconds=30, hold=True)),
    ("5x400m", Dose(sets=5, distance_m=400)),
    ("1x2km", Dose(sets=1, distance_m=2000)),
    ("1x1500m", Dose(sets=1, distance_m=1500)),
    ("3x(3 breaths + 15s apnoea)", Dose(sets=3, breaths=3, apnoea_s=15)),
    ("3x(1 breath + 10-15s apnoea)", Dose(sets=3, breaths=1, apnoea_s=10, apnoea_s_max=15)),
    ("2x10/side", Dose(sets=2, reps=10, per_side=True)),
    ("2x30s/side hold", Dose(sets=2, seconds=30, per_side=True, hold=True)),
    ("3x8 @60kg", Dose(sets=3, reps=8, intensity=(_i("kg", 60),))),
    ("3x8 @60-65kg", Dose(sets=3, reps=8, intensity=(_i("kg", 60, 65),))),
    ("3x8 @62.5kg", Dose(sets=3, reps=8, intensity=(_i("kg", 62.5),))),
    ("3x8 @135lb", Dose(sets=3, reps=8, intensity=(_i("lb", 135),))),
    ("5x5 @75%1RM", Dose(sets=5, reps=5, intensity=(_i("pct_1rm", 75),))),
    ("3x5 @80%e1RM", Dose(sets=3, reps=5, intensity=(_i("pct_e1rm", 80),))),
    ("3x8 @RPE8", Dose(sets=3, reps=8, intensity=(_i("rpe", 8),))),
    ("3x8 @RPE7-8", Dose(sets=3, reps=8, intensity=(_i("rpe", 7, 8),))),
    ("3x8 @RPE7.5", Dose(sets=3, reps=8, intensity=(_i("rpe", 7.5),))),
    ("3x8 @RIR2", Dose(sets=3, reps=8, intensity=(_i("rir", 2),))),
    ("3x8 @RIR0", Dose(sets=3, reps=8, intensity=(_i("rir", 0),))),
    ("4x4min @85-95%HRmax", Dose(sets=4, seconds=240, intensity=(_i("pct_hrmax", 85, 95),))),
    ("1x20min @60%HRR", Dose(sets=1, seconds=1200, intensity=(_i("pct_hrr", 60),))),
    ("3x10 @bodyweight", Dose(sets=3, reps=10, intensity=(_i("bodyweight"),))),
    ("3x5 @bodyweight+10kg", Dose(sets=3, reps=5, intensity=(_i("bodyweight", added_kg=10),))),
    ("3x5 @bodyweight-20kg", Dose(sets=3, reps=5, intensity=(_i("bodyweight", added_kg=-20),))),
    ("3x15 @red band", Dose(sets=3, reps=15, intensity=(_i("band", band="red"),))),
    (
        "3x8 @80%1RM @RPE8",
        Dose(sets=3, reps=8, intensity=(_i("pct_1rm", 80), _i("rpe", 8))),
    ),
    ("3x8 rest 90s", Dose(sets=3, reps=8, rest_s=90)),
    ("3x8 rest 2min", Dose(sets=3, reps=8, rest_s=120)),
    ("3x8 rest 0s", Dose(sets=3, reps=8, rest_s=0)),
    ("3x8 tempo 3-1-1-0", Dose(sets=3, reps=8, tempo="3-1-1-0")),
    ("3x8 tempo 2-0-X-0", Dose(sets=3, reps=8, tempo="2-0-X-0")),
    ("3x8 tempo 10-0-10-0", Dose(sets=3, reps=8, tempo="10-0-10-0")),
    (
        "3x8-12 @RIR2 rest 90s tempo 3-1-1-0",
        Dose(sets=3, reps=8, reps_max=12, intensity=(_i("rir", 2),), rest_s=90, tempo="3-1-1-0"),
    ),
]


@pytest.mark.parametrize(("text", "dose"), FORMS, ids=[text for text, _ in FORMS])
def test_every_form_parses_to_its_meaning_and_prints_back_unchanged(text: str, dose: Dose) -> None:
    assert parse_dose(text) == dose
    assert format_dose(dose) == text


@pytest.mark.parametrize("example", NOTATION_EXAMPLES)
def test_published_examples_are_canonical(example: str) -> None:
    assert format_dose(parse_dose(example)) == example


def test_examples_cover_every_form() -> None:
    doses = [parse_dose(example) for example in NOTATION_EXAMPLES]
    kinds = {item.kind for dose in doses for item in dose.intensity}
    assert kinds == set(get_args(IntensityKind))
    assert any(d.reps_max for d in doses) and any(d.sets_max for d in doses)
    assert any(d.amrap and d.reps for d in doses) and any(d.amrap and not d.reps for d in doses)
    assert any(d.seconds_max for d in doses) and any(d.hold for d in doses)
    assert any(d.distance_m for d in doses) and any(d.breaths for d in doses)
    assert any(d.apnoea_s_max for d in doses) and any(d.per_side for d in doses)
    assert any(d.tempo and "X" in d.tempo for d in doses) and any(d.rest_s for d in doses)
    assert any(i.added_kg for d in doses for i in d.intensity)
    assert any(len(d.intensity) > 1 for d in doses)


def _realistic() -> list[tuple[str, str]]:
    rows = []
    for line in (DATA / "realistic_doses.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            written, canonical = line.split("\t")
            rows.append((written, canonical))
    return rows


@pytest.mark.parametrize(("written", "canonical"), _realistic())
def test_doses_as_people_write_them(written: str, canonical: str) -> None:
    assert format_dose(parse_dose(written)) == canonical
    assert parse_dose(canonical) == parse_dose(written)


TOLERATED: list[tuple[str, str]] = [
    ("3X8", "3x8"),
    ("3×8", "3x8"),
    ("3 x 8", "3x8"),
    ("  3x8  ", "3x8"),
    ("3x8 reps", "3x8"),
    ("3x8-8", "3x8"),
    ("3-3x8", "3x8"),
    ("3x8–12", "3x8-12"),
    ("3x8\u00a0@RPE8", "3x8 @RPE8"),
    ("3x8@rpe8", "3x8 @RPE8"),
    ("3x8 @8rpe", "3x8 @RPE8"),
    ("3x8 @ RPE 7 - 8", "3x8 @RPE7-8"),
    ("3x8 @RPE8-8", "3x8 @RPE8"),
    ("3x8, @RIR2, rest 90s,", "3x8 @RIR2 rest 90s"),
    ("3x8 rest: 1min 30s", "3x8 rest 90s"),
    ("3x8 REST 90 SEC", "3x8 rest 90s"),
    ("3x8 rest 1.5min", "3x8 rest 90s"),
    ("3x8 rest 120 seconds", "3x8 rest 2min"),
    ("1x1h 30min", "1x90min"),
    ("1x 2 hours", "1x120min"),
    ("3x45s-1min30s", "3x45-90s"),
    ("3x1min-2min", "3x1-2min"),
    ("3x20-30 secs", "3x20-30s"),
    ("3x0.5min", "3x30s"),
    ("1x1.5km", "1x1500m"),
    ("1x3000m", "1x3km"),
    ("1x400 meters", "1x400m"),
    ("3x10 tempo: 31x0", "3x10 tempo 3-1-X-0"),
    ("3x10 TEMPO 3 - 1 - x - 0", "3x10 tempo 3-1-X-0"),
    ("3x10 tempo 03-1-1-0", "3x10 tempo 3-1-1-0"),
    ("3x10 @75% - 80% 1rm", "3x10 @75-80%1RM"),
    ("3x10 @75 %e1rm", "3x10 @75%e1RM"),
    ("3x10 @Body Weight + 5 kg", "3x10 @bodyweight+5kg"),
    ("3x10 @band gray", "3x10 @grey band"),
    ("3x10 @Red Band", "3x10 @red band"),
    ("3x10 each side", "3x10/side"),
    ("3x10 /leg", "3x10/side"),
    ("3x10 @RPE7 /side", "3x10/side @RPE7"),
    ("3x30s isometric /side", "3x30s/side hold"),
    ("3x(3 breaths+15s apnea)", "3x(3 breaths + 15s apnoea)"),
    ("3x( 3 breath + 15 - 20 sec apnoea )", "3x(3 breaths + 15-20s apnoea)"),
    ("3x8 tempo 3-1-1-0 rest 90s @RIR2", "3x8 @RIR2 rest 90s tempo 3-1-1-0"),
]


@pytest.mark.parametrize(("written", "canonical"), TOLERATED)
def test_case_space_comma_and_unit_variants_are_accepted(written: str, canonical: str) -> None:
    assert format_dose(parse_dose(written)) == canonical


def test_intensities_keep_their_written_order() -> None:
    dose = parse_dose("3x8 @RPE8 @60kg")
    assert [item.kind for item in dose.intensity] == ["rpe", "kg"]
    assert format_dose(dose) == "3x8 @RPE8 @60kg"


def test_derived_effort_load_and_time() -> None:
    assert parse_dose("3x8 @RPE8").rpe == 8 and parse_dose("3x8 @RPE8").rir == 2
    assert parse_dose("3x8 @RIR2").rpe == 8 and parse_dose("3x8 @RIR2").rir == 2
    assert parse_dose("3x8 @RIR1-2").rpe == 9  # the first number written, converted
    assert parse_dose("3x8 @60kg").rpe is None and parse_dose("3x8").rir is None
    assert parse_dose("3x8 @60-65kg").load_kg == 60
    assert parse_dose("3x8 @100lb").load_kg == pytest.approx(45.359237)
    assert parse_dose("3x8 @135lb").load_kg == 135 * LB_TO_KG
    assert parse_dose("3x8 @bodyweight+10kg").load_kg is None
    assert parse_dose("3x8 @75%1RM").pct_1rm == 75
    assert parse_dose("3x8 @75%e1RM").pct_1rm is None
    assert parse_dose("4x4min").work_seconds_per_set == 240
    assert parse_dose("3x20-30s hold").work_seconds_per_set == 20
    assert parse_dose("3x8").work_seconds_per_set is None
    assert parse_dose("1x2km").work_seconds_per_set is None
    cycle = parse_dose("3x(3 breaths + 15s apnoea)")
    assert cycle.work_seconds_per_set is None
    assert cycle.cycle_seconds(5.0) == 30.0
    assert parse_dose("3x8").cycle_seconds(5.0) is None


def test_format_helpers() -> None:
    assert [format_duration(s) for s in (0, 7.5, 45, 60, 90, 119, 120, 150, 3600)] == [
        "0s", "7.5s", "45s", "1min", "90s", "119s", "2min", "2min30s", "60min"
    ]  # fmt: skip
    assert format_intensity(_i("pct_hrmax", 85, 95)) == "@85-95%HRmax"
    assert format_intensity(_i("bodyweight", added_kg=-20)) == "@bodyweight-20kg"


def test_parsing_the_same_text_twice_gives_equal_immutable_doses() -> None:
    first, second = parse_dose("3x8 @RPE8"), parse_dose("3x8 @RPE8")
    assert first == second
    with pytest.raises(ValidationError):
        first.sets = 4  # type: ignore[misc]


# Bad inputs: text, 1-based column of the problem, fragment quoted in the message, hint snippet.
ERRORS: list[tuple[str, int, str, str]] = [
    ("", 1, "the end", "3x8"),
    ("   ", 4, "the end", "3x8"),
    ("x8", 1, "'x8'", "number of sets"),
    ("8-12", 5, "the end", "'x'"),
    ("3 sets of 8", 3, "'sets'", "'x'"),
    ("3x", 3, "the end", "AMRAP"),
    ("3x@RPE8", 3, "'@RPE8'", "8-12"),
    ("0x8", 1, "'0'", "3x8"),
    ("101x8", 1, "'101'", "3x8"),
    ("3-2x8", 1, "'3-2'", "3x8"),
    ("2.5x8", 1, "'2.5'", "3x8"),
    ("99999999999999999999999999x8", 1, "'99999999999999999999999999'", "3x8"),
    ("3x0", 3, "'0'", "8-12"),
    ("3x1001", 3, "'1001'", "8-12"),
    ("3x12-8", 3, "'12-8'", "8-12"),
    ("3x8.5", 3, "'8.5'", "8-12"),
    ("3x8-12+", 3, "'8-12+'", "5+"),
    ("3x0s", 3, "'0s'", "30s"),
    ("3x25h", 3, "'25h'", "30s"),
    ("3x30-20s", 3, "'30-20s'", "30s"),
    ("3x30s1min", 6, "'1min'", "1min30s"),
    ("3x20-1min30s", 3, "'20-1min30s'", "45s-1min30s"),
    ("3x1.2345s", 3, "'1.2345'", "30s"),
    ("3x400-800m", 3, "'400-800m'", "400m"),
    ("3x0m", 3, "'0m'", "400m"),
    ("3x(3 breaths)", 13, "')'", "apnoea"),
    ("3x(3 breaths + 15 apnoea)", 16, "'15'", "15s"),
    ("3x(3 breaths + 15s)", 19, "')'", "apnoea"),
    ("3x(3 breaths + 15s apnoea", 26, "the end", "(3 breaths + 15s apnoea)"),
    ("3x(0 breaths + 15s apnoea)", 4, "'0'", "(3 breaths"),
    ("3x(3 breaths + 900s apnoea)", 16, "'900s'", "15s apnoea"),
    ("3x8 foo", 5, "'foo'", "rest 90s"),
    ("3x8 RPE8", 5, "'RPE8'", "'@'"),
    ("3x8 60kg", 5, "'60kg'", "'@'"),
    ("3x8 @", 5, "'@'", "@75%1RM"),
    ("3x8 @RPE12", 5, "'@RPE12'", "1-10"),
    ("3x8 @RPE0", 5, "'@RPE0'", "1-10"),
    ("3x8 @RIR11", 5, "'@RIR11'", "0-10"),
    ("3x8 @RPE9-7", 5, "'@RPE9-7'", "1-10"),
    ("3x8 @75%", 5, "'@75%'", "%1RM"),
    ("3x8 @75", 8, "the end", "@60kg"),
    ("3x8 @101%1RM", 5, "'@101%1RM'", "1-100"),
    ("3x8 @105%e1RM", 0, "", ""),  # valid: %e1RM goes to 110
    ("3x8 @111%e1RM", 5, "'@111%e1RM'", "1-110"),
    ("3x8 @0kg", 5, "'@0kg'", "more than 0"),
    ("3x8 @1001kg", 5, "'@1001kg'", "@60kg"),
    ("3x8 @RPE7,5", 11, "'5'", "decimal"),
    ("3x8 @7,5RPE", 7, "','", "decimal"),
    ("3x8 @bodyweight+10lb", 17, "'10lb'", "kg"),
    ("3x8 @bodyweight+0kg", 5, "'@bodyweight+0kg'", "@bodyweight"),
    ("3x8 @rde band", 5, "'@rde band'", "red"),
    ("3x8 @red", 5, "'@red'", "@red band"),
    ("3x8 @RPE8 @RPE9", 11, "'@RPE9'", "@RPE8"),
    ("3x8 @RPE8 @RIR2", 11, "'@RIR2'", "@RPE8"),
    ("3x8 @60kg @135lb", 11, "'@135lb'", "@60kg"),
    ("3x8 rest", 9, "the end", "30s"),
    ("3x8 rest 90", 10, "'90'", "30s"),
    ("3x8 @pain5", 5, "'@pain'", "@pain<=5"),
    ("3x8 @pain<=2-4", 5, "'@pain<=2-4'", "0-10"),
    ("3x8 rest 90s rest 60s", 14, "'rest'", "rest 90s"),
    ("3x8 rest 25h", 10, "'25h'", "30s"),
    ("3x8 tempo 3-1-1", 11, "'3-1-1'", "3-1-1-0"),
    ("3x8 tempo 3-1-1-0-0", 11, "'3-1-1-0-0'", "3-1-1-0"),
    ("3x8 tempo 3-1-100-0", 11, "'3-1-100-0'", "3-1-1-0"),
    ("3x8 tempo slow", 11, "'slow'", "3-1-1-0"),
    ("3x8 tempo", 10, "the end", "3-1-1-0"),
    ("3x8 tempo 3110 tempo 3110", 16, "'tempo'", "tempo 3-1-1-0"),
    ("3x8 hold", 5, "'hold'", "30s hold"),
    ("3x30s hold hold", 12, "'hold'", "hold"),
    ("3x8/side/side", 9, "'/side'", "/side"),
    ("3x8 /foot", 5, "'/foot'", "/side"),
    ("3x8 \x00", 5, "'\\x00'", "rest 90s"),
    ("٣x8", 1, "'٣x8'", "3x8"),
    ("3x8 " + "@RPE8 " * 100, 501, "longer than 500", "3x8-12"),
    ("3x8 @RPE８", 9, "'８'", "@RPE8"),
]


@pytest.mark.parametrize(("text", "column", "fragment", "hint"), ERRORS)
def test_bad_notation_names_the_fragment_its_column_and_what_is_valid(
    text: str, column: int, fragment: str, hint: str
) -> None:
    if not column:
        parse_dose(text)
        return
    with pytest.raises(NotationError) as caught:
        parse_dose(text)
    error = caught.value
    assert error.column == column
    assert fragment in error.message
    assert error.hint is not None and hint in error.hint
    assert "\n" not in error.one_line()


def test_errors_quote_the_whole_dose_and_keep_the_column_relative() -> None:
    with pytest.raises(NotationError) as caught:
        parse_dose("3x8-12 @RPE12 rest 90s")
    assert "'3x8-12 @RPE12 rest 90s'" in caught.value.message
    assert caught.value.column == 8
    assert caught.value.line is None and caught.value.file is None


@pytest.mark.parametrize("value", [None, 5, 3.5, ["3x8"], b"3x8"])
def test_non_text_is_a_notation_error(value: object) -> None:
    with pytest.raises(NotationError):
        parse_dose(value)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "fields",
    [
        {"sets": 0, "reps": 8},
        {"sets": 3},
        {"sets": 3, "reps": 8, "seconds": 30},
        {"sets": 3, "reps": 12, "reps_max": 8},
        {"sets": 3, "reps_max": 8},
        {"sets": 3, "reps": 8, "hold": True},
        {"sets": 3, "reps": 5, "reps_max": 8, "amrap": True},
        {"sets": 3, "seconds": 30.0001},
        {"sets": 3, "seconds": float("nan")},
        {"sets": 3, "breaths": 3},
        {"sets": 3, "reps": 8, "tempo": "3110"},
        {"sets": 3, "reps": 8, "rest_s": -1},
        {
            "sets": 3,
            "reps": 8,
            "intensity": ({"kind": "rpe", "value": 8}, {"kind": "rpe", "value": 9}),
        },
        {"sets": 3, "reps": 8, "unknown": 1},
    ],
)
def test_invalid_doses_cannot_be_built_in_code(fields: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        Dose.model_validate(fields)


@pytest.mark.parametrize(
    "fields",
    [
        {"kind": "rpe", "value": 11},
        {"kind": "rpe"},
        {"kind": "kg", "value": 60, "band": "red"},
        {"kind": "band", "band": "tartan"},
        {"kind": "band"},
        {"kind": "bodyweight", "value": 10},
        {"kind": "bodyweight", "added_kg": 0},
        {"kind": "pct_1rm", "value": 80, "value_max": 80},
    ],
)
def test_invalid_intensities_cannot_be_built_in_code(fields: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        Intensity.model_validate(fields)


def test_docs_list_the_published_examples_and_every_one_is_canonical() -> None:
    docs = (Path(__file__).parents[2] / "docs" / "notation.md").read_text(encoding="utf-8")
    first_block = docs.split("```text\n", 1)[1].split("```", 1)[0]
    listed = [line.split("  ")[0] for line in first_block.splitlines() if line.strip()]
    assert listed == list(NOTATION_EXAMPLES)
    assert "```ebnf" in docs

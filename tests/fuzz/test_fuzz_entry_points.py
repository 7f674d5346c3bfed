"""Hypothesis fuzz tests of every other entry point (a few hundred examples each, inside make
test): programme files, dose notation, mapping and column-map files, the generic CSV reader,
report ingest and ratings tables. Each input must give a result or the project's own error;
the targets (tests/fuzz/targets.py) also check round trips and the accounting invariants."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st
from strategies import FORMATS, serialised, table
from targets import (
    fuzz_column_map,
    fuzz_generic,
    fuzz_ingest,
    fuzz_mapping,
    fuzz_notation,
    fuzz_program,
    fuzz_ratings,
)

from exdose.errors import ExdoseError

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = (ROOT / "examples" / "hip-thrust.yaml").read_bytes()

KEYS = [
    "exdose", "name", "phases", "weeks", "sessions", "exercises", "exercise", "dose",
    "progression", "type", "increment", "start", "max", "every", "deload", "sets_factor",
    "levels", "pattern", "one_rm", "step", "primary", "library", "sessions_per_week", "minutes",
]  # fmt: skip
SCALARS = st.one_of(
    st.sampled_from(
        ["3x8 @60kg", "1-4", "5", "linear", "2.5kg", "Barbell Squat", "week", "session", "-1"]
    ),
    st.integers(-(2**40), 2**40),
    st.floats(allow_nan=True),
    st.text(max_size=12),
    st.none(),
    st.booleans(),
)
YAML_VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(KEYS), inner),
    max_leaves=30,
)


@settings(max_examples=300)
@given(st.dictionaries(st.sampled_from(KEYS), YAML_VALUES, max_size=8))
def test_programme_documents_built_from_real_keys(data: dict[str, object]) -> None:
    fuzz_program(yaml.safe_dump({"exdose": 1, **data}).encode())


@settings(max_examples=200)
@given(st.integers(0, len(EXAMPLE)), st.binary(max_size=40), st.integers(0, 40))
@example(0, b"\xff", 0)
@example(100, b"&a [*a]", 0)
def test_programme_example_with_bytes_spliced_in(at: int, noise: bytes, cut: int) -> None:
    fuzz_program(EXAMPLE[:at] + noise + EXAMPLE[at + cut :])


NOTATION = st.text(alphabet="0123456789x@%-+.:/ kglbsRPEIRmin1RMHrestmpoeach side", max_size=40)


@settings(max_examples=400)
@given(st.one_of(NOTATION, st.text(max_size=40)))
@example("3x8-12 @RIR2 rest 90s tempo 3-1-1-0")
@example("9" * 5000 + "x5")
def test_dose_notation_parses_or_says_why_and_round_trips(text: str) -> None:
    fuzz_notation(text.encode())


@settings(max_examples=200)
@given(
    st.dictionaries(
        st.text(max_size=20),
        st.one_of(
            st.sampled_from(["Barbell_Hip_Thrust", "Pull Through", "nothing like it"]),
            st.fixed_dictionaries(
                {}, optional={"primary": st.lists(st.sampled_from(["glutes", "x"]), max_size=2)}
            ),
            SCALARS,
        ),
        max_size=4,
    )
)
def test_mapping_files(data: dict[str, object]) -> None:
    fuzz_mapping(yaml.safe_dump(data).encode())


FIELDS = ["date", "exercise", "reps", "weight", "unit", "set", "rpe", "notes", "load", "date"]


@settings(max_examples=200)
@given(
    st.dictionaries(
        st.sampled_from(["columns", "unit", "date_order", "delimiter", "sheet"]),
        st.one_of(
            st.dictionaries(st.sampled_from(FIELDS), st.one_of(st.text(max_size=8), SCALARS)),
            SCALARS,
        ),
    )
)
def test_column_map_files(data: dict[str, object]) -> None:
    fuzz_column_map(yaml.safe_dump(data).encode())


GENERIC = {
    "Datum": ["05.01.2026", "2026-01-05", "05/01/2026", ""],
    "Übung": ["Hip Thrust (Barbell)", ""],
    "Satz": ["1", "2", "0", ""],
    "Wdh": FORMATS["exdose-csv"]["reps"],
    "Gewicht": FORMATS["exdose-csv"]["weight"],
    "Einheit": ["kg", "lb", "", "stone"],
    "RPE": ["", "7,5", "acht"],
    "Bemerkung": ["", "ok; gut"],
}


@st.composite
def generic_file(draw: st.DrawFn) -> bytes:
    records = draw(table(GENERIC, ["Datum", "Übung"]))
    return draw(serialised(records, draw(st.sampled_from([",", ";", "\t"]))))


@settings(max_examples=200)
@given(generic_file())
def test_generic_csv_through_the_example_map(data: bytes) -> None:
    fuzz_generic(data)


REPORT_SEEDS = [
    p.read_bytes()
    for p in sorted((ROOT / "tests" / "data" / "appraise").glob("*"))
    if p.suffix in (".md", ".xml", ".txt", ".html")
]


@settings(max_examples=200)
@given(
    st.sampled_from(REPORT_SEEDS or [b"# Methods\n"]),
    st.integers(0, 20_000),
    st.binary(max_size=30),
)
def test_report_ingest(seed: bytes, at: int, noise: bytes) -> None:
    fuzz_ingest(seed[:at] + noise + seed[at:])


RATINGS = "document,checklist,item,reported,evidence\n"


@settings(max_examples=150)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["a.pdf", "b.md", ""]),
            st.sampled_from(["cert", "tidier", "CERT", "x"]),
            st.sampled_from(["1", "2", "10", "99", ""]),
            st.sampled_from(["yes", "no", "", "maybe", "1"]),
            st.text(max_size=6),
        ),
        max_size=6,
    )
)
def test_ratings_tables(rows: list[tuple[str, ...]]) -> None:
    import csv
    import io

    out = io.StringIO()
    csv.writer(out).writerows(rows)
    fuzz_ratings((RATINGS + out.getvalue()).encode())


KNOWN = Path(__file__).resolve().parent / "known"


def test_jats_nested_1000_sections_is_refused_in_one_line() -> None:
    # once a RecursionError; now a bounded walk and a clear refusal
    from exdose.appraise.ingest import MAX_JATS_DEPTH, parse_report

    with pytest.raises(ExdoseError, match=f"nested more than {MAX_JATS_DEPTH} levels"):
        parse_report((KNOWN / "jats_nested_1000.xml").read_bytes(), name="deep.xml")


def test_utf16_jats_is_read() -> None:
    # once refused as "binary data": a UTF-16 JATS file (with its byte-order mark) is decoded
    from exdose.appraise.ingest import detect_format, parse_report

    data = (KNOWN / "jats_utf16.xml").read_bytes()
    assert detect_format(data) == "jats"
    assert parse_report(data, name="utf16.xml").text.strip()


def test_jats_with_an_unknown_declared_encoding_is_refused_in_one_line() -> None:
    # once a raw LookupError (found by atheris)
    from exdose.appraise.ingest import parse_report

    with pytest.raises(ExdoseError, match="encoding that cannot be read"):
        parse_report((KNOWN / "jats_unknown_encoding.xml").read_bytes(), name="enc.xml")

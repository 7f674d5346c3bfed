"""Hypothesis strategies for hostile-but-plausible log files: real headers of each format, cells
that are mostly valid with garbage mixed in, and every way a file gets mangled (delimiters,
quoting, CR/CRLF/LF, blank lines, BOM, ragged rows)."""

from __future__ import annotations

from hypothesis import strategies as st

GARBAGE = st.text(alphabet=',;"\r\n\t 0123456789.-+eE:/aAkKgGlbs[]*_^$#', max_size=10)
NUMBERS = ["5", "8", "10", "12.5", "62,5", "100", "0", "", "1,000", "-3", "3000000000", "nan"]

FORMATS: dict[str, dict[str, list[str]]] = {
    "strong": {
        "Date": ["2024-03-04 18:01:12", "2025-01-30 12:34:56 pm", "05/03/2024 18:01", ""],
        "Workout Name": ["Lower A", "", "Push [/b]"],
        "Exercise Name": ["Hip Thrust (Barbell)", "Squat (Barbell)", ""],
        "Set Order": ["1", "2", "W", "D", "F", "Rest Timer", "99999999999"],
        "Weight": NUMBERS,
        "Weight Unit": ["kg", "lbs", "", "stone"],
        "Reps": NUMBERS,
        "RPE": ["", "8", "11"],
        "Distance": ["0", "1.5", ""],
        "Distance Unit": ["km", "mi", "", "parsec"],
        "Seconds": ["0", "30", "x"],
        "Notes": ["", "a;b", 'say "hi"'],
        "Workout Duration": ["1h 4m", "49m", ""],
    },
    "hevy": {
        "title": ["Glutes", ""],
        "start_time": ["15 Sep 2025, 07:48", "2025-09-15 07:48:00", "yesterday"],
        "end_time": ["15 Sep 2025, 08:52", ""],
        "exercise_title": ["Hip Thrust (Barbell)", "Squat (Barbell)", ""],
        "superset_id": ["", "1"],
        "set_index": ["0", "1", "2", "-1", "x", "3000000000"],
        "set_type": ["normal", "warmup", "dropset", "failure", "bogus", ""],
        "weight_kg": NUMBERS,
        "reps": NUMBERS,
        "distance_km": ["", "1.2"],
        "duration_seconds": ["", "45", "x"],
        "rpe": ["", "8.5", "12"],
    },
    "fitnotes": {
        "Date": ["2024-05-02", "02/05/2024", ""],
        "Exercise": ["Barbell Hip Thrust", "Flat Barbell Bench Press", ""],
        "Category": ["Legs", ""],
        "Weight (kgs)": NUMBERS,
        "Reps": NUMBERS,
        "Distance": ["", "5", "x"],
        "Distance Unit": ["", "km", "furlong"],
        "Time": ["", "0:30:00", "12", "1:99"],
        "Comment": ["", "ok"],
    },
    "exdose-csv": {
        "date": ["2025-02-03", "03/02/2025", "", "not a date"],
        "exercise": ["Hip Thrust (Barbell)", "Squat", ""],
        "session": ["A", "", "B [red]"],
        "set": ["1", "2", "0", "3000000000", ""],
        "kind": ["working", "warmup", "drop", "x", ""],
        "reps": NUMBERS,
        "weight": NUMBERS,
        "unit": ["kg", "lb", "bodyweight", "band", "", "stone"],
        "rpe": ["", "8", "11"],
        "rir": ["", "2"],
        "seconds": ["", "30"],
        "session_rpe": ["", "7"],
        "session_minutes": ["", "60"],
        "pain_region": ["", "knee"],
        "pain_during": ["", "2", "12"],
        "pain_after": ["", "3"],
        "pain_next_morning": ["", "1"],
        "red_flag": ["", "no", "maybe"],
        "notes": ["", "fine"],
    },
}
REQUIRED: dict[str, list[str]] = {
    "strong": ["Date", "Exercise Name", "Set Order", "Reps", "Workout Name"],
    "hevy": ["title", "start_time", "exercise_title", "set_index", "reps", "set_type"],
    "fitnotes": ["Date", "Exercise", "Reps", "Category"],
    "exdose-csv": ["date", "exercise"],
}
PAIN: dict[str, list[str]] = {
    "date": ["2025-02-03", "2025-02-05", "", "bad"],
    "region": ["low back", "Knee", ""],
    "during": ["0", "2", "11", "x", "", "1,000"],
    "after": ["3", "", "nan"],
    "next_morning": ["1", ""],
    "stiffness": ["", "2"],
    "red_flag": ["", "no", "yes", "maybe"],
    "notes": ["", "stiff, eased"],
    "athlete": ["", "p01"],
}


def _cell(values: list[str]) -> st.SearchStrategy[str]:
    """Half the time the column's usual value, often another plausible one, one time in eight
    anything."""
    if not values:
        return GARBAGE
    return st.integers(0, 7).flatmap(
        lambda i: GARBAGE if i == 0 else st.sampled_from(values) if i < 4 else st.just(values[0])
    )


@st.composite
def table(draw: st.DrawFn, columns: dict[str, list[str]], required: list[str]) -> list[list[str]]:
    """A header (required columns plus some optional ones, shuffled) and up to 8 rows."""
    optional = [c for c in columns if c not in required]
    chosen = required + draw(st.lists(st.sampled_from(optional), unique=True, max_size=6))
    if draw(st.booleans()):
        chosen.append(draw(st.sampled_from(["row", "*", "_start", "Row", "^a$", "", "Extra"])))
    header = draw(st.permutations(chosen))
    rows = draw(
        st.lists(st.tuples(*[_cell(columns.get(c, [])) for c in header]).map(list), max_size=8)
    )
    if rows and draw(st.booleans()):
        rows.append(list(draw(st.sampled_from(rows))))  # an exact repeat
    return [list(header), *rows]


@st.composite
def serialised(draw: st.DrawFn, records: list[list[str]], delimiter: str) -> bytes:
    """The records as a file: quoted or raw, any line ending, blank lines, a BOM, ragged rows."""
    ending = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    style = draw(st.sampled_from(["minimal", "all", "raw"]))
    lines: list[str] = []
    for record in records:
        if style == "raw":
            line = delimiter.join(record)
        else:
            fields = []
            for f in record:
                quote = style == "all" or any(ch in f for ch in f'{delimiter}"\r\n')
                fields.append('"' + f.replace('"', '""') + '"' if quote else f)
            line = delimiter.join(fields)
        lines.append(line)
        if draw(st.integers(0, 9)) == 0:
            lines.append(draw(st.sampled_from(["", "   ", delimiter * 2])))
    if draw(st.integers(0, 9)) == 0:
        lines.insert(0, "")
    text = ending.join(lines) + (ending if draw(st.booleans()) else "")
    if draw(st.integers(0, 9)) == 0:
        text = "\ufeff" + text
    return text.encode("utf-8")


@st.composite
def log_file(draw: st.DrawFn) -> tuple[str, str, bytes]:
    """(format, delimiter, file bytes) for one of the four log formats."""
    fmt = draw(st.sampled_from(sorted(FORMATS)))
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    records = draw(table(FORMATS[fmt], REQUIRED[fmt]))
    return fmt, delimiter, draw(serialised(records, delimiter))


@st.composite
def pain_file(draw: st.DrawFn) -> tuple[str, bytes]:
    """(delimiter, file bytes) for a pain diary."""
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    records = draw(table(PAIN, ["date", "region", "during", "after", "next_morning"]))
    return delimiter, draw(serialised(records, delimiter))

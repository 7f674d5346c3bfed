"""The programme builder's data side: a programme file as plain data (the mapping the file
holds), the builder's form fields applied to it, and the file written back out.

The builder never validates a programme itself: the text it writes goes through `exdose check`
(`services.check_text`), and the problems' line numbers are mapped back to the form fields that
wrote those lines, so each message is shown next to its field. Nothing here imports Django.
"""

from __future__ import annotations

import copy
import io
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

MAX_STATE_CHARS = 2_000_000
"""The carried builder state (JSON) is refused past this size (a programme file is at most 5 MiB,
and the bundled examples are under 20 kB)."""
MAX_FIELD_CHARS = 20_000
"""One form field's text past this is cut off with an error (a long rationale is about 1 kB)."""

TOP_ORDER = (
    "exdose",
    "name",
    "summary",
    "rationale",
    "goal",
    "population",
    "authors",
    "start_date",
    "body_mass",
    "kit_rounding",
    "provider",
    "delivery",
    "setting",
    "equipment",
    "materials",
    "motivation",
    "adherence",
    "progression",
    "home_programme",
    "non_exercise",
    "adverse_events",
    "tailoring",
    "starting_level",
    "fidelity",
    "modifications",
    "exercises",
    "phases",
    "deload",
)
"""The order fields are written in (that of docs/program-format.md); unknown ones go last."""

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WHERE = ("", "clinic", "home", "tele-rehab")
FORMATS = ("", "individual", "group", "individual and group")
SUPERVISION = ("", "supervised", "unsupervised", "partly supervised")
MODES = ("face-to-face", "video", "telephone", "app", "internet", "printed")
APPROACHES = ("", "generic", "tailored")
AUDIENCES = ("", "participant", "provider", "both")


class BuilderError(Exception):
    """The posted builder state cannot be used (too large, not JSON, not a mapping)."""


# --- text <-> plain data ----------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """YAML values as JSON values: dates as ISO text, mappings and lists as dict and list."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def state_from_text(text: str) -> dict[str, Any]:
    """The mapping a programme file holds, as plain data (aliases and merge keys resolved).

    Call it on text `exdose check` has accepted: the library bounds what aliases may expand to.
    """
    if text.lstrip().startswith("{"):
        data = json.loads(text)
    else:
        data = YAML(typ="safe", pure=True).load(text)
    if not isinstance(data, Mapping):
        raise BuilderError("a programme file holds one mapping")
    plain: dict[str, Any] = _plain(data)
    return plain


def state_from_json(raw: str) -> dict[str, Any]:
    """The builder state carried in the form (bounded, a JSON mapping)."""
    if len(raw) > MAX_STATE_CHARS:
        raise BuilderError("the programme is too large for the builder; use the YAML editor")
    try:
        data = json.loads(raw) if raw.strip() else {}
    except json.JSONDecodeError as error:
        raise BuilderError(f"the builder state is not readable ({error.msg})") from None
    except RecursionError:
        raise BuilderError("the builder state is nested too deeply") from None
    if not isinstance(data, dict):
        raise BuilderError("the builder state is not a mapping")
    if _depth(data) > MAX_DEPTH:
        raise BuilderError("the builder state is nested too deeply")
    return data


MAX_DEPTH = 16
"""A programme file nests about 8 levels (phases, sessions, exercises, a level rule's levels)."""


def _depth(value: Any) -> int:
    deepest, stack = 0, [(value, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth > MAX_DEPTH:
            break
        children = (
            node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
        )
        stack.extend((child, depth + 1) for child in children)
    return deepest


def state_json(state: Mapping[str, Any]) -> str:
    """The state as compact JSON for the form's hidden field."""
    return json.dumps(state, ensure_ascii=False, separators=(",", ":"))


def _ordered(state: Mapping[str, Any]) -> dict[str, Any]:
    known = {k: state[k] for k in TOP_ORDER if k in state}
    known.update({k: v for k, v in state.items() if k not in known})
    return known


def _yaml_writer() -> YAML:
    writer = YAML(typ="rt", pure=True)
    writer.indent(mapping=2, sequence=4, offset=2)
    writer.width = 4096  # one value a line: a problem's line names its field
    writer.default_flow_style = False
    return writer


FLOW_KEYS = ("progression", "trigger", "action")
"""Mappings written on one line, as people write them: `{type: double, start: 60kg}`."""


def _styled(value: Any, key: str = "") -> Any:
    """Round-trip containers, so that progression rules and short lists of words are written in
    flow style, and text with line breaks as a block."""
    from ruamel.yaml.scalarstring import LiteralScalarString

    if isinstance(value, dict):
        out = CommentedMap()
        for k, v in value.items():
            out[k] = _styled(v, str(k))
        if key in FLOW_KEYS and all(not isinstance(v, dict | list) for v in value.values()):
            out.fa.set_flow_style()
        return out
    if isinstance(value, list):
        seq = CommentedSeq(_styled(v) for v in value)
        if value and all(
            (isinstance(v, str) and len(v) <= 20) or isinstance(v, int | float) for v in value
        ):
            seq.fa.set_flow_style()
        return seq
    if isinstance(value, str) and "\n" in value:
        return LiteralScalarString(value)
    return value


def text_from_state(state: Mapping[str, Any]) -> str:
    """The programme file the builder writes: YAML, fields in the documented order."""
    buffer = io.StringIO()
    _yaml_writer().dump(_styled(_ordered(state)), buffer)
    return buffer.getvalue()


def line_paths(text: str) -> dict[int, list[tuple[int, str]]]:
    """For each line of a builder-written file, where each value starts: (column, dotted path
    such as `phases.0.sessions.1.exercises.2.dose`); lines and columns are 1-based like
    `exdose check`'s."""
    try:
        data = YAML(typ="rt", pure=True).load(text)
    except YAMLError:
        return {}
    out: dict[int, list[tuple[int, str]]] = {}

    def note(position: tuple[int, int], path: str) -> None:
        out.setdefault(position[0] + 1, []).append((position[1] + 1, path))

    def walk(node: Any, path: str) -> None:
        if isinstance(node, CommentedMap):
            for key, value in node.items():
                sub = f"{path}.{key}" if path else str(key)
                note(node.lc.key(key), sub)
                walk(value, sub)
        elif isinstance(node, CommentedSeq):
            for i, value in enumerate(node):
                sub = f"{path}.{i}"
                note(node.lc.item(i), sub)
                walk(value, sub)

    walk(data, "")
    for places in out.values():
        places.sort()
    return out


def path_at(
    lines: Mapping[int, list[tuple[int, str]]], line: int, column: int | None
) -> str | None:
    """The path of the value a problem at (line, column) is about: the last one starting at or
    before the column on that line (the deepest, for values that start at the same place)."""
    places = lines.get(line)
    if not places:
        return None
    if column is None:
        return places[-1][1] if len({c for c, _ in places}) == 1 else places[0][1]
    before = [p for p in places if p[0] <= column]
    if not before:
        return places[0][1]
    last = before[-1][0]
    return [p for c, p in before if c == last][-1]


def dom_key(path: str) -> str:
    """A path as a piece of an element id: `phases.0.sessions` is `phases-0-sessions`."""
    return re.sub(r"[^A-Za-z0-9]+", "-", path).strip("-")


# --- paths ------------------------------------------------------------------------------------


def _parts(path: str) -> list[str | int]:
    return [int(p) if p.isdigit() else p for p in path.split(".") if p != ""]


def get(state: Any, path: str, default: Any = None) -> Any:
    """The value at a dotted path, or `default`."""
    node = state
    for part in _parts(path):
        if isinstance(part, int) and isinstance(node, list) and 0 <= part < len(node):
            node = node[part]
        elif isinstance(node, dict) and str(part) in node:
            node = node[str(part)]
        else:
            return default
    return node


def put(state: dict[str, Any], path: str, value: Any) -> None:
    """Set the value at a dotted path (None deletes it); missing mappings are made on the way,
    an empty mapping left behind is removed. A list index must exist."""
    parts = _parts(path)
    node: Any = state
    trail: list[tuple[Any, str | int]] = []
    for part in parts[:-1]:
        if isinstance(part, int):
            if not isinstance(node, list) or not 0 <= part < len(node):
                return
            trail.append((node, part))
            node = node[part]
            continue
        if not isinstance(node, dict):
            return
        if not isinstance(node.get(part), dict | list):
            if value is None:
                return
            node[part] = {}
        trail.append((node, part))
        node = node[part]
    last = parts[-1]
    if isinstance(last, int):
        if isinstance(node, list) and 0 <= last < len(node):
            node[last] = value if value is not None else {}
        return
    if not isinstance(node, dict):
        return
    if value is None:
        node.pop(last, None)
        # a section emptied by the form is not reported any more, not an empty mapping
        while trail and node == {}:
            parent, key = trail.pop()
            if isinstance(parent, dict):
                parent.pop(key, None)
                node = parent
            else:
                break
    else:
        node[last] = value


# --- structure operations ---------------------------------------------------------------------


def _next_weeks(phases: list[Any]) -> str:
    """The weeks of a phase added after the last one, as long as the last one."""
    if not phases:
        return "1-4"
    match = re.fullmatch(r"\s*(\d+)\s*(?:-\s*(\d+))?\s*", str(phases[-1].get("weeks", "")))
    if not match:
        return ""
    first, last = int(match[1]), int(match[2] or match[1])
    length = last - first + 1
    return f"{last + 1}-{last + length}" if length > 1 else str(last + 1)


def _new_item(state: dict[str, Any], list_path: str) -> Any:
    tail = list_path.rsplit(".", 1)[-1]
    if tail == "phases":
        phases = get(state, "phases", [])
        return {
            "name": f"Phase {len(phases) + 1}",
            "weeks": _next_weeks(phases),
            "sessions": [{"name": "A", "exercises": [{}]}],
        }
    if tail == "sessions":
        sessions = get(state, list_path, [])
        return {"name": chr(ord("A") + len(sessions) % 26), "exercises": [{}]}
    return {}


def apply_op(state: dict[str, Any], op: str) -> str | None:
    """Apply one structure operation from a builder button; the message to show, if any.

    `add:PATH` appends a new item to the list at PATH, `remove:PATH` takes the item at PATH
    away, `up:PATH` moves it one place up, `copy:PATH` puts a copy after it,
    `pick:PATH=EXERCISE` sets a prescription's exercise.
    """
    verb, _, target = op.partition(":")
    if verb == "pick":
        path, _, name = target.partition("=")
        if isinstance(get(state, path), dict) and name.strip():
            put(state, f"{path}.exercise", name.strip()[:200])
        return None
    if verb == "add":
        items = get(state, target)
        if not isinstance(items, list):  # nothing yet, or 'none': the first row replaces it
            put(state, target, [])
            items = get(state, target)
        if isinstance(items, list):
            items.append(_new_item(state, target))
        return None
    list_path, _, index_text = target.rpartition(".")
    items = get(state, list_path)
    if not index_text.isdigit() or not isinstance(items, list):
        return None
    index = int(index_text)
    if not 0 <= index < len(items):
        return None
    if verb == "remove":
        items.pop(index)
    elif verb == "up" and index > 0:
        items[index - 1], items[index] = items[index], items[index - 1]
    elif verb == "copy":
        items.insert(index + 1, copy.deepcopy(items[index]))
    return None


# --- form fields ------------------------------------------------------------------------------


@dataclass
class Field:
    """One form field of the builder: the path it writes and how its text becomes a value."""

    path: str
    label: str
    kind: str = "text"  # text, textarea, int, number, select, lines, modes, days, flow, weeks
    choices: tuple[str, ...] = ()
    help: str = ""
    value: str = ""
    checked: tuple[str, ...] = ()
    errors: list[str] = field(default_factory=list)
    words: dict[str, Any] | None = None  # a dose cell's live reading
    picks: list[dict[str, str]] | None = None  # library search results (the no-JS search)

    @property
    def name(self) -> str:
        """The form field's name."""
        return f"f.{self.path}"

    @property
    def dom_id(self) -> str:
        """An element id for the field: `f-phases-0-name`."""
        return "f-" + dom_key(self.path)


def _shown(value: Any, kind: str) -> str:
    """A stored value as the text of its form field."""
    if value is None:
        return ""
    if kind == "lines" and isinstance(value, list):
        return "\n".join(str(v) for v in value)
    if kind == "days" and isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if kind in ("weeks", "csv") and isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if kind == "flow" and isinstance(value, dict | list):
        buffer = io.StringIO()
        writer = YAML(typ="rt", pure=True)
        writer.width = 4096
        styled = _styled(value, "progression")
        if isinstance(styled, CommentedMap | CommentedSeq):
            styled.fa.set_flow_style()
        writer.dump(styled, buffer)
        return buffer.getvalue().strip()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_value(kind: str, raw: str, choices: tuple[str, ...] = ()) -> tuple[Any, str | None]:
    """A field's text as the value to store (None: leave it out), and an error if any.

    A value the builder cannot read is stored as written, so the file says what was typed and
    `exdose check` names it too; the error is shown next to the field.
    """
    text = raw.replace("\r\n", "\n").strip()
    if len(text) > MAX_FIELD_CHARS:
        return text[:MAX_FIELD_CHARS], f"at most {MAX_FIELD_CHARS} characters"
    if not text:
        return None, None
    if kind == "int":
        if re.fullmatch(r"\d{1,9}", text):
            return int(text), None
        return text, "a whole number"
    if kind == "number":
        if re.fullmatch(r"\d{1,9}(\.\d{1,3})?", text):
            number = float(text)
            return int(number) if number.is_integer() else number, None
        return text, "a number such as 93 or 92.5"
    if kind == "select":
        if text in choices:
            return text, None
        return text, "choose one of the listed values"
    if kind == "lines":
        return [line.strip() for line in text.split("\n") if line.strip()], None
    if kind == "days":
        words = [w for w in re.split(r"[,\s]+", text) if w]
        if len(words) == 1 and words[0].lower() == "daily":
            return "daily", None
        return words, None  # a single weekday is written as `day` by apply_fields
    if kind == "csv":
        return [w.strip() for w in text.split(",") if w.strip()], None
    if kind == "weeks":
        words = [w for w in re.split(r"[,\s]+", text) if w]
        if all(w.isdigit() and len(w) <= 4 for w in words):
            return [int(w) for w in words], None
        return text, "week numbers separated by commas, e.g. 8 or 6, 12"
    if kind == "flow":
        try:
            value = YAML(typ="safe", pure=True).load(text)
        except YAMLError as error:
            problem = getattr(error, "problem", None) or "not readable"
            return (
                text,
                f"write the rule as {{type: double, start: 60kg, increment: 5kg}} ({problem})",
            )
        if not isinstance(value, dict):
            return text, "a rule in braces: {type: linear, increment: 2.5kg}"
        return _plain(value), None
    return text, None


def apply_fields(
    state: dict[str, Any], posted: Iterable[tuple[str, list[str]]], kinds: Mapping[str, str]
) -> dict[str, list[str]]:
    """Write the posted `f.PATH` fields into the state; the errors by path.

    `kinds` names each field's kind (from the form the page showed); a field not listed is
    plain text. `none.PATH` check boxes set a section to the literal `none`.
    """
    errors: dict[str, list[str]] = {}
    nones: set[str] = set()
    shown_nones: set[str] = set()
    values: dict[str, list[str]] = {}
    for key, items in posted:
        if key.startswith("f."):
            values[key[2:]] = items
        elif key == "none_shown":
            shown_nones.update(items)
        elif key.startswith("none."):
            nones.add(key[5:])
    for path, items in values.items():
        kind = kinds.get(path, "text")
        if kind == "modes":
            chosen = [m for m in items if m in MODES]
            put(state, path, chosen or None)
            continue
        raw = items[-1] if items else ""
        if kind == "select":
            value, error = read_value(kind, raw, _CHOICES.get(path.rsplit(".", 1)[-1], ()))
        else:
            value, error = read_value(kind, raw)
        if kind == "days":
            session = path.rsplit(".", 1)[0]
            put(state, f"{session}.day", None)
            put(state, f"{session}.days", None)
            if isinstance(value, list) and len(value) == 1:
                put(state, f"{session}.day", value[0])
            elif value:
                put(state, f"{session}.days", value)
        else:
            put(state, path, value)
        if error:
            errors.setdefault(path, []).append(error)
    for path in shown_nones:
        if path in nones:
            put(state, path, "none")
        elif get(state, path) == "none":
            put(state, path, None)
    _drop_empty_rows(state)
    return errors


ROW_LISTS = (
    "equipment",
    "materials",
    "non_exercise",
    "adverse_events.occurred",
    "modifications",
    "tailoring.rules",
)
"""Lists the delivery form edits as rows: a row whose cells are all empty is dropped."""


def _drop_empty_rows(state: dict[str, Any]) -> None:
    for path in ROW_LISTS:
        rows = get(state, path)
        if isinstance(rows, list):
            kept = [r for r in rows if not (isinstance(r, dict) and not r)]
            if kept != rows:
                put(state, path, kept or None)


_CHOICES = {
    "where": WHERE,
    "format": FORMATS,
    "supervision": SUPERVISION,
    "approach": APPROACHES,
    "audience": AUDIENCES,
}


# --- what changed -----------------------------------------------------------------------------


def changes(before: Any, after: Any, path: str = "", limit: int = 8) -> list[str]:
    """What differs between two programme states, one short line per changed value."""
    out: list[str] = []

    def short(value: Any) -> str:
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        return text if len(text) <= 60 else text[:57] + "..."

    def walk(a: Any, b: Any, where: str) -> None:
        if len(out) > limit:
            return
        if isinstance(a, dict) and isinstance(b, dict):
            for key in list(a) + [k for k in b if k not in a]:
                walk(a.get(key), b.get(key), f"{where}.{key}" if where else key)
        elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
            for i, (x, y) in enumerate(zip(a, b, strict=True)):
                walk(x, y, f"{where}.{i}")
        elif a != b:
            if a is None:
                out.append(f"{where} added: {short(b)}")
            elif b is None:
                out.append(f"{where} removed")
            else:
                out.append(f"{where}: {short(a)} -> {short(b)}")

    walk(before, after, path)
    if len(out) > limit:
        out = [*out[:limit], "and more"]
    return out


# --- the pages' forms -------------------------------------------------------------------------


@dataclass
class Block:
    """A part of the form (a phase, a session, a prescription, a section) that collects the
    problems of its fields that are not shown on their own."""

    path: str
    title: str = ""
    fields: list[Field] = field(default_factory=list)
    children: list[Block] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> str:
        """The block's path as a piece of an element id."""
        return dom_key(self.path)

    def field_named(self, tail: str) -> Field | None:
        """The field whose path ends with `tail`."""
        return next((f for f in self.fields if f.path.endswith("." + tail) or f.path == tail), None)


class Form:
    """The builder form for one state: its blocks, and every field by path (for reading the
    post and for placing the problems `exdose check` reports)."""

    def __init__(self, state: Mapping[str, Any]):
        self.state = state
        self.fields: dict[str, Field] = {}
        self.blocks: dict[str, Block] = {}
        self.general: list[str] = []

    def field(self, path: str, label: str, kind: str = "text", **extra: Any) -> Field:
        """A field showing the state's value at `path`."""
        value = get(self.state, path)
        made = Field(path=path, label=label, kind=kind, **extra)
        if kind == "modes":
            made.checked = tuple(value) if isinstance(value, list) else ()
        elif kind == "days":
            session = path.rsplit(".", 1)[0]
            made.value = _shown(
                get(self.state, f"{session}.days") or get(self.state, f"{session}.day"), kind
            )
        elif value != "none" or kind not in ("text", "textarea"):
            made.value = _shown(value, kind)
        if kind == "select" and not made.choices:
            made.choices = _CHOICES.get(path.rsplit(".", 1)[-1], ())
        self.fields[path] = made
        return made

    def block(self, path: str, title: str = "", **extra: Any) -> Block:
        """A block of the form."""
        made = Block(path=path, title=title, extra=dict(extra))
        self.blocks[path] = made
        return made

    def kinds(self) -> dict[str, str]:
        """Each field's kind by path."""
        return {path: f.kind for path, f in self.fields.items()}

    def place(
        self, problems: Iterable[Mapping[str, Any]], lines: Mapping[int, list[tuple[int, str]]]
    ) -> None:
        """Put each problem next to the field (or the block) that wrote its line."""
        for problem in problems:
            message = str(problem.get("message", ""))
            line = problem.get("line")
            column = problem.get("column")
            path = path_at(lines, int(line), int(column) if column else None) if line else None
            where = f"line {line}: " if line else ""
            if path is None:
                self.general.append(where + message)
                continue
            if path.endswith(".day"):
                path = path[: -len(".day")] + ".days"
            probe = path
            while probe:
                if probe in self.fields:
                    target = self.fields[probe]
                    if not (target.words and not target.words.get("ok")):
                        target.errors.append(message)  # a dose's own reading says it already
                    break
                if probe in self.blocks:
                    self.blocks[probe].errors.append(message)
                    break
                probe = probe.rpartition(".")[0]
            else:
                self.general.append(where + message)


def _prescription(form: Form, path: str, words: Any) -> Block:
    row = form.block(path)
    row.fields = [
        form.field(f"{path}.exercise", "Exercise", "exercise", help="type to search the library"),
        form.field(f"{path}.dose", "Dose", "dose", help="e.g. 3x8-12 @RIR2 rest 90s"),
        form.field(
            f"{path}.progression",
            "Progression rule",
            "flow",
            help="{type: double, start: 60kg, increment: 5kg}",
        ),
    ]
    dose = row.fields[1]
    if dose.value and words is not None:
        dose.words = words(dose.value)
    return row


def structure_form(form: Form, words: Any = None) -> list[Block]:
    """Phases, their weeks and sessions (days, times a day, where, minutes) and each session's
    prescriptions; the home programme's prescriptions; deload weeks. `words(dose)` reads a
    dose cell (services.parse_dose_cell)."""
    state = form.state
    top = form.block("programme", "Programme")
    top.fields = [form.field("name", "Brief name (TIDieR 1)")]
    phases = [top]
    for i, phase in enumerate(get(state, "phases", []) or []):
        if not isinstance(phase, dict):
            continue
        p = f"phases.{i}"
        block = form.block(p, str(phase.get("name") or f"Phase {i + 1}"))
        block.fields = [
            form.field(f"{p}.name", "Phase"),
            form.field(f"{p}.weeks", "Weeks", help="1-4, or 5 for one week"),
            form.field(f"{p}.goal", "Goal"),
        ]
        for j, session in enumerate(phase.get("sessions") or []):
            if not isinstance(session, dict):
                continue
            s = f"{p}.sessions.{j}"
            sb = form.block(s, str(session.get("name") or f"Session {j + 1}"))
            sb.fields = [
                form.field(f"{s}.name", "Session"),
                form.field(f"{s}.days", "Day(s)", "days", help="Monday; Mon, Thu; or daily"),
                form.field(f"{s}.per_day", "Times a day", "int"),
                form.field(f"{s}.where", "Where", "select"),
                form.field(f"{s}.minutes", "Minutes", "int"),
                form.field(f"{s}.warm_up", "Warm-up"),
                form.field(f"{s}.cool_down", "Cool-down"),
            ]
            for k, item in enumerate(session.get("exercises") or []):
                if isinstance(item, dict):
                    sb.children.append(_prescription(form, f"{s}.exercises.{k}", words))
            block.children.append(sb)
        phases.append(block)
    home = get(state, "home_programme")
    if isinstance(home, dict):
        hb = form.block("home_programme", "Home programme")
        for k, item in enumerate(home.get("exercises") or []):
            if isinstance(item, dict):
                hb.children.append(_prescription(form, f"home_programme.exercises.{k}", words))
        phases.append(hb)
    deload = form.block("deload", "Deload")
    deload.fields = [form.field("deload.weeks", "Deload weeks", "weeks", help="e.g. 8, or 6, 12")]
    phases.append(deload)
    return phases


@dataclass
class Rows:
    """A list the delivery form edits as a table: its path, columns and one row per item."""

    path: str
    columns: list[tuple[str, str, str]]  # key, label, kind
    rows: list[list[Field]] = field(default_factory=list)

    @property
    def key(self) -> str:
        """The list's path as a piece of an element id."""
        return dom_key(self.path)


SECTIONS: tuple[dict[str, Any], ...] = (
    {
        "id": "about",
        "title": "The intervention",
        "items": "TIDieR 2",
        "fields": [
            ("summary", "Summary", "textarea"),
            ("rationale", "Why: rationale, theory or goal", "textarea"),
            ("goal", "Goal", "text"),
            ("population", "Who it is for", "textarea"),
        ],
    },
    {
        "id": "provider",
        "title": "Who delivers it",
        "items": "CERT 2, TIDieR 5",
        "none": ("provider", "Nobody: a self-delivered programme"),
        "fields": [
            ("provider.role", "Role", "text"),
            ("provider.qualifications", "Qualifications", "text"),
            ("provider.experience", "Experience", "text"),
            ("provider.training", "Training for this programme", "text"),
        ],
    },
    {
        "id": "delivery",
        "title": "How it is delivered",
        "items": "CERT 3, 4, TIDieR 6",
        "fields": [
            ("delivery.format", "Individual or group", "select"),
            ("delivery.group_size", "Group size", "text"),
            ("delivery.supervision", "Supervision", "select"),
            ("delivery.supervision_detail", "Supervision: ratio and manner", "textarea"),
            ("delivery.mode", "Mode of delivery", "modes"),
        ],
    },
    {
        "id": "setting",
        "title": "Where",
        "items": "CERT 12, TIDieR 7",
        "fields": [
            ("setting.location", "Location", "text"),
            ("setting.infrastructure", "Infrastructure", "text"),
        ],
    },
    {
        "id": "equipment",
        "title": "Equipment",
        "items": "CERT 1",
        "none": ("equipment", "No equipment is used"),
        "rows": (
            "equipment",
            [("name", "Name", "text"), ("specification", "Specification", "text")],
        ),
    },
    {
        "id": "materials",
        "title": "Materials",
        "items": "TIDieR 3",
        "none": ("materials", "No materials are given"),
        "rows": (
            "materials",
            [
                ("name", "Name", "text"),
                ("description", "Description", "text"),
                ("audience", "For", "select"),
            ],
        ),
    },
    {
        "id": "motivation",
        "title": "Motivation strategies",
        "items": "CERT 6",
        "none": ("motivation", "No motivation strategies are used"),
        "fields": [("motivation", "One strategy a line", "lines")],
    },
    {
        "id": "adherence",
        "title": "Adherence",
        "items": "CERT 5",
        "fields": [
            ("adherence.measurement", "How adherence is measured", "text"),
            ("adherence.reporting", "How it is reported", "text"),
        ],
    },
    {
        "id": "progression",
        "title": "Progression in words",
        "items": "CERT 7a, 7b",
        "fields": [
            ("progression.rule", "Rule: when and how an exercise is progressed", "textarea"),
            ("progression.plan", "Plan: how the programme changes over the weeks", "textarea"),
        ],
    },
    {
        "id": "home",
        "title": "Home programme",
        "items": "CERT 9",
        "none": ("home_programme", "There is no home component"),
        "fields": [
            ("home_programme.description", "Description", "textarea"),
            ("home_programme.sessions_per_week", "Sessions a week", "int"),
        ],
    },
    {
        "id": "non-exercise",
        "title": "Non-exercise components",
        "items": "CERT 10",
        "none": ("non_exercise", "There are none"),
        "rows": (
            "non_exercise",
            [("name", "Name", "text"), ("description", "Description", "text")],
        ),
    },
    {
        "id": "adverse",
        "title": "Adverse events",
        "items": "CERT 11",
        "fields": [("adverse_events.monitoring", "How events are monitored", "textarea")],
        "none": ("adverse_events.occurred", "After delivery: none occurred"),
        "rows": (
            "adverse_events.occurred",
            [
                ("type", "What happened", "text"),
                ("number", "How many", "int"),
                ("related", "Relation to exercise, action", "text"),
            ],
        ),
    },
    {
        "id": "tailoring",
        "title": "Tailoring",
        "items": "CERT 14a, 14b, TIDieR 9",
        "fields": [
            ("tailoring.approach", "Generic or tailored", "select"),
            ("tailoring.how", "How it is tailored", "textarea"),
        ],
        "rows": ("tailoring.rules", [("when", "When", "text"), ("then", "Then", "text")]),
    },
    {
        "id": "starting",
        "title": "Starting level",
        "items": "CERT 15",
        "fields": [
            ("starting_level.rule", "Rule for each person's starting level", "textarea"),
            ("starting_level.test", "Baseline test", "text"),
        ],
    },
    {
        "id": "fidelity",
        "title": "Fidelity",
        "items": "CERT 16a, 16b, TIDieR 11, 12",
        "fields": [
            ("fidelity.assessment", "How adherence and fidelity are assessed", "textarea"),
            ("fidelity.assessed_by", "Assessed by", "text"),
            ("fidelity.strategies", "How fidelity is maintained", "text"),
            ("fidelity.delivered.summary", "After delivery: what was delivered", "textarea"),
            ("fidelity.delivered.sessions_planned", "Sessions planned", "int"),
            ("fidelity.delivered.sessions_attended", "Sessions attended", "int"),
            ("fidelity.delivered.sets_completed_pct", "Sets completed (%)", "number"),
        ],
    },
    {
        "id": "modifications",
        "title": "Modifications",
        "items": "TIDieR 10",
        "none": ("modifications", "After delivery: the programme was not changed"),
        "rows": (
            "modifications",
            [
                ("when", "When", "text"),
                ("what", "What", "text"),
                ("why", "Why", "text"),
            ],
        ),
    },
)
"""The delivery form: every CERT and TIDieR item has its section (CERT 8 and 13 and TIDieR 4
and 8 are the exercises and the structure)."""

ITEM_SECTIONS = {
    "cert": {
        "1": "equipment",
        "2": "provider",
        "3": "delivery",
        "4": "delivery",
        "5": "adherence",
        "6": "motivation",
        "7a": "progression",
        "7b": "progression",
        "8": "exercises",
        "9": "home",
        "10": "non-exercise",
        "11": "adverse",
        "12": "setting",
        "13": "structure",
        "14a": "tailoring",
        "14b": "tailoring",
        "15": "starting",
        "16a": "fidelity",
        "16b": "fidelity",
    },
    "tidier": {
        "1": "structure",
        "2": "about",
        "3": "materials",
        "4": "structure",
        "5": "provider",
        "6": "delivery",
        "7": "setting",
        "8": "structure",
        "9": "tailoring",
        "10": "modifications",
        "11": "fidelity",
        "12": "fidelity",
    },
}
"""Where in the builder each checklist item is filled in (a section id of the delivery form,
or `structure`)."""

SECTION_TITLES = {s["id"]: s["title"] for s in SECTIONS} | {
    "exercises": "Each exercise described",
    "structure": "Structure: sessions, minutes and doses",
}


def used_exercises(state: Mapping[str, Any]) -> list[str]:
    """The exercises the prescriptions name, in order of first use."""
    names: list[str] = []
    lists = [
        s.get("exercises") or []
        for p in get(state, "phases", []) or []
        if isinstance(p, dict)
        for s in p.get("sessions") or []
        if isinstance(s, dict)
    ]
    home = get(state, "home_programme")
    if isinstance(home, dict):
        lists.append(home.get("exercises") or [])
    for items in lists:
        for item in items:
            name = item.get("exercise") if isinstance(item, dict) else None
            if isinstance(name, str) and name.strip() and name not in names:
                names.append(name)
    return names


def delivery_form(form: Form) -> list[Block]:
    """The delivery details, one section per checklist topic, and the exercises described."""
    sections = []
    for spec in SECTIONS:
        block = form.block(spec["id"], spec["title"], items=spec["items"], anchor=spec["id"])
        none = spec.get("none")
        if none:
            block.extra["none_path"] = none[0]
            block.extra["none_label"] = none[1]
            block.extra["none_checked"] = get(form.state, none[0]) == "none"
        block.fields = [
            form.field(path, label, kind) for path, label, kind in spec.get("fields", [])
        ]
        if "rows" in spec:
            list_path, columns = spec["rows"]
            rows = Rows(list_path, columns)
            items = get(form.state, list_path)
            for i, item in enumerate(items if isinstance(items, list) else []):
                if isinstance(item, dict):
                    rows.rows.append(
                        [
                            form.field(f"{list_path}.{i}.{k}", label, kind)
                            for k, label, kind in columns
                        ]
                    )
            block.extra["rows"] = rows
            form.block(list_path)
        sections.append(block)
    block = form.block("exercises", "Each exercise described", items="CERT 8", anchor="exercises")
    defined = get(form.state, "exercises")
    for name in used_exercises(form.state):
        if "." in name:
            block.errors.append(f"{name!r}: describe it in the YAML view (its name has a dot)")
            continue
        path = f"exercises.{name}"
        entry = form.block(path, name)
        entry.extra["defined"] = isinstance(defined, dict) and name in defined
        entry.fields = [
            form.field(f"{path}.description", "What the movement is", "textarea"),
            form.field(f"{path}.cues", "Cues, one a line", "lines"),
            form.field(f"{path}.starting_position", "Starting position"),
            form.field(f"{path}.range_of_motion", "Range of motion"),
            form.field(f"{path}.name", "Name shown (default: the library's)"),
            form.field(f"{path}.primary", "Primary muscles, if not a library exercise", "csv"),
        ]
        block.children.append(entry)
    sections.append(block)
    return sections


def complete_exercise_entries(state: dict[str, Any]) -> None:
    """An exercise described in the form but not yet under `exercises` is the library exercise
    of that name: `library` says so, unless the entry gives its own primary muscles."""
    entries = state.get("exercises")
    if not isinstance(entries, dict):
        return
    for key, entry in entries.items():
        if isinstance(entry, dict) and "library" not in entry and "primary" not in entry:
            entry["library"] = key

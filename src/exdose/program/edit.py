"""Editing a programme: the next version of a programme, written back as the user wrote it.

Two parts:

- `next_version` builds the next programme (a `Program`) from a loaded one: the phase covering a
  week is split there (or the last phase continued past the end), each prescription's rule is
  rebased to start where the old rule had got to, one `PrescriptionChange` is applied, and
  modifications are recorded. Every load it computes is rounded to the exercise's kit
  (`exdose.program.kit`), so what a caller prints is what the file holds.
- `edited_text` / `write_program` write a changed `Program` back into the user's own YAML text
  with ruamel.yaml's round-trip mode: comments, anchors and aliases, merge keys, block scalars,
  quoting, key order, indentation and date style are kept, and only the values that differ between
  the old and the new programme are touched. Unchanged parts of the file are byte for byte as
  they were; new parts (a new phase, a new modification) are written in the file's indentation,
  with short mappings in flow style (`{type: double, start: 70kg, increment: 5kg}`).

The text written is loaded back and compared with the intended programme before it is returned:
a file that would not give that programme is never written.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)

from exdose.errors import ExdoseError, ProgramError
from exdose.program.expand import apply_rule
from exdose.program.io import LoadedProgram, dump_program, load_program_bytes, written_key
from exdose.program.kit import round_to_kit
from exdose.program.model import (
    Double,
    EquipmentItem,
    Levels,
    Linear,
    Modification,
    Phase,
    Prescription,
    Program,
    Quantity,
    RpeTargets,
)
from exdose.program.notation import Dose, format_dose, parse_dose
from exdose.units import LB_TO_KG

Kit = EquipmentItem | str | None

# --- the next version -------------------------------------------------------------------------


@dataclass(frozen=True)
class PrescriptionChange:
    """One change to every prescription of one exercise (from the next week on).

    `sets_step` sets fewer (at least 1 stays), `rir_step` more reps in reserve (RPE lowered by
    as much), `load_factor` times the load (rounded to the kit), `tempo` a new tempo, `note` text
    added to the prescription's notes (`{sets}` in it becomes the prescription's sets), and
    `drop_from_session` removes the exercise from the session of that name.
    """

    exercise: str
    variable: str = ""
    sets_step: int = 0
    rir_step: float = 0.0
    load_factor: float = 1.0
    tempo: str | None = None
    note: str | None = None
    drop_from_session: str | None = None


def _kg(q: Quantity | None) -> float | None:
    if q is None:
        return None
    if q.unit == "kg":
        return q.value
    if q.unit == "lb":
        return q.value * LB_TO_KG
    return None


def steps_before(program: Program, phase: Phase, week: int) -> int:
    """Progression steps a week-based rule of `phase` has taken before `week` (deloads skipped)."""
    deloads = set(program.deload.weeks) if program.deload else set()
    return sum(1 for w in range(phase.first_week, week) if w not in deloads)


def rebase(
    item: Prescription, key: str, step: int, start_kg: float | None = None, kit: Kit = None
) -> Prescription:
    """The prescription whose rule starts where the old one would be after `step` steps.

    Double and linear load rules get a new `start` (`start_kg` when given, else the planned load
    at that step), rounded to `kit`; linear rep, set and time rules get the reached dose; RPE
    targets and levels drop the targets already passed.
    """
    rule = item.progression
    dose = item.dose
    if isinstance(rule, (Double, Linear)) and rule.increment.unit in ("kg", "lb", "%"):
        kg = start_kg if start_kg is not None else apply_rule(item, key, step).load_kg
        if kg is not None:
            kg = round_to_kit(kg, kit)
            rule = rule.model_copy(update={"start": Quantity(value=round(kg, 2), unit="kg")})
    elif isinstance(rule, Linear):
        planned = apply_rule(item, key, step)
        data = dose.model_dump()
        if rule.increment.unit == "rep":
            data.update(reps=planned.reps, reps_max=planned.reps_max)
        elif rule.increment.unit == "set":
            data.update(sets=planned.sets, sets_max=None)
        elif rule.increment.unit == "s" and dose.seconds is not None:
            data.update(seconds=planned.duration_s, seconds_max=None)
        dose = Dose.model_validate(data)
    elif isinstance(rule, RpeTargets):
        if rule.rpe is not None:
            rule = rule.model_copy(update={"rpe": rule.rpe[min(step, len(rule.rpe) - 1) :]})
        elif rule.rir is not None:
            rule = rule.model_copy(update={"rir": rule.rir[min(step, len(rule.rir) - 1) :]})
    elif isinstance(rule, Levels):
        index = min(step // rule.weeks_per_level, len(rule.levels) - 1)
        rule = rule.model_copy(update={"levels": rule.levels[index:]})
    return item.model_copy(update={"progression": rule, "dose": dose})


def apply_change(item: Prescription, change: PrescriptionChange, kit: Kit = None) -> Prescription:
    """The prescription with `change` applied; a changed load is rounded to `kit`."""
    dose = item.dose
    data = dose.model_dump()
    rule = item.progression
    note = item.notes
    if change.sets_step:
        data["sets"] = max(1, dose.sets - change.sets_step)
        if data.get("sets_max") is not None and data["sets_max"] <= data["sets"]:
            data["sets_max"] = None
    if change.rir_step:
        intensities = []
        for it in dose.intensity:
            if it.kind == "rir" and it.value is not None:
                top = it.value_max + change.rir_step if it.value_max is not None else None
                it = it.model_copy(
                    update={"value": min(10.0, it.value + change.rir_step), "value_max": top}
                )
            elif it.kind == "rpe" and it.value is not None:
                top = it.value_max - change.rir_step if it.value_max is not None else None
                it = it.model_copy(
                    update={"value": max(1.0, it.value - change.rir_step), "value_max": top}
                )
            intensities.append(it.model_dump())
        data["intensity"] = intensities
    if change.load_factor != 1.0:
        if isinstance(rule, (Double, Linear)) and rule.start is not None:
            kg = _kg(rule.start)
            if kg is not None:
                new = round_to_kit(kg * change.load_factor, kit)
                rule = rule.model_copy(update={"start": Quantity(value=round(new, 2), unit="kg")})
        else:
            intensities = []
            for it in dose.intensity:
                if it.kind == "kg" and it.value is not None:
                    new = round_to_kit(it.value * change.load_factor, kit)
                    it = it.model_copy(update={"value": round(new, 2), "value_max": None})
                elif it.kind == "lb" and it.value is not None:
                    kg = round_to_kit(it.value * LB_TO_KG * change.load_factor, kit)
                    it = it.model_copy(update={"kind": "kg", "value": kg, "value_max": None})
                intensities.append(it.model_dump())
            data["intensity"] = intensities
    if change.tempo:
        data["tempo"] = change.tempo
    if change.note:
        text = change.note.replace("{sets}", str(dose.sets))
        note = f"{note}; {text}" if note else text
    return item.model_copy(
        update={"dose": Dose.model_validate(data), "progression": rule, "notes": note}
    )


def next_version(
    loaded: LoadedProgram,
    week: int,
    *,
    start_kg: dict[str, float] | None = None,
    change: PrescriptionChange | None = None,
    modifications: Sequence[Modification] = (),
    start_date: dt.date | None = None,
    phase_suffix: str = "adjusted",
    kit_rounding: bool = True,
) -> Program:
    """The programme as it continues from `week`, with `change` applied to one exercise.

    The phase covering `week` is split there: the weeks before keep the old phase, and a new phase
    "<name> (from week N, <phase_suffix>)" runs to the old phase's end (or is `week` alone when
    `week` is past the programme's end: the last phase's sessions continue one week). Each
    prescription of the new phase is `rebase`d to the step the old rule had reached (with
    `start_kg[exercise]` as the load reached, when given), and `change` is applied to its
    exercise. `modifications` are appended to the programme's, and `start_date` (when given)
    replaces the programme's. With `kit_rounding` (the default) the next programme says
    `kit_rounding: true`, so every load it computes (a later deload, say) is on the kit too, as
    the loads written into it are. The input is not changed.
    """
    from exdose.program.kit import kit_for

    program = loaded.program.model_copy(deep=True)
    start_kg = start_kg or {}
    old = program.phase_for_week(week) or max(program.phases, key=lambda p: p.last_week)
    index = program.phases.index(old)
    step = steps_before(program, old, min(week, old.last_week + 1))
    sessions = []
    for session in old.sessions:
        items = []
        for item in session.exercises:
            key = written_key(loaded, item.exercise)
            kit = kit_for(program, loaded.library, key)
            new = rebase(item, key, step, start_kg.get(key), kit)
            if change is not None and change.exercise == key:
                if change.drop_from_session == session.name:
                    continue
                new = apply_change(new, change, kit)
            items.append(new)
        if not items:
            raise ProgramError(
                f"session '{session.name}' would be left without exercises",
                hint="keep at least one exercise in every session",
            )
        sessions.append(session.model_copy(update={"exercises": items}))
    last = max(old.last_week, week)
    new_phase = old.model_copy(
        update={
            "name": f"{old.name} (from week {week}, {phase_suffix})",
            "weeks": f"{week}-{last}" if last > week else str(week),
            "sessions": sessions,
        }
    )
    if week <= old.first_week:
        program.phases[index] = new_phase
    elif week > old.last_week:
        program.phases.append(new_phase)
    else:
        first = old.first_week
        weeks = f"{first}-{week - 1}" if week - 1 > first else str(first)
        program.phases[index : index + 1] = [old.model_copy(update={"weeks": weeks}), new_phase]
    if start_date is not None:
        program.start_date = start_date
    if kit_rounding:
        program.kit_rounding = True
    if modifications:
        kept = list(program.modifications) if isinstance(program.modifications, list) else []
        program.modifications = kept + list(modifications)
    return program


# --- writing back -----------------------------------------------------------------------------


@dataclass(frozen=True)
class EditedText:
    """The new file text, and whether it keeps the user's layout (False: written afresh)."""

    text: str
    kept_layout: bool
    reason: str | None = None


_LAYOUTS: tuple[tuple[int, int, int], ...] = (
    (2, 4, 2),  # "key:\n  - item" (the bundled examples)
    (2, 2, 0),  # "key:\n- item"
    (4, 4, 2),
    (4, 6, 4),
    (4, 4, 0),
    (3, 3, 0),
)


def _yaml_for(text: str) -> YAML:
    """A round-trip YAML object with the indentation that reproduces the text (if one does)."""
    yaml = _yaml(*_LAYOUTS[0])
    try:
        document = yaml.load(text)
    except Exception:  # loading problems are reported by load_program, not here
        return yaml
    for layout in _LAYOUTS:
        candidate = _yaml(*layout)
        if _dump(candidate, document) == text:
            return candidate
    return yaml


def _yaml(mapping: int, sequence: int, offset: int) -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a line
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


def _dump(yaml: YAML, data: Any) -> str:
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def edited_text(loaded: LoadedProgram, program: Program, text: str | None = None) -> EditedText:
    """The text of `program` written into the loaded programme's own file text.

    `text` is the original file text (read from `loaded.path` when not given). JSON files, and
    YAML that the round-trip writer cannot reproduce unchanged, are written afresh (canonical
    YAML or JSON) and say so in `reason`. The result is checked: it loads to `program`.
    """
    path = Path(loaded.path)
    if text is None:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except OSError:
            text = None
    fmt = "json" if path.suffix.lower() == ".json" else "yaml"
    if text is None or fmt == "json" or text.lstrip().startswith("{"):
        why = "a JSON file is written afresh" if fmt == "json" else "no original text to keep"
        return EditedText(dump_program(program, fmt), False, why)
    yaml = _yaml_for(text)
    document = yaml.load(text)
    if _dump(yaml, document) != text:
        fresh = dump_program(program, "yaml")
        return EditedText(
            fresh, False, "the file's layout cannot be reproduced exactly; written afresh"
        )
    shared = _shared_nodes(document)
    _Updater(program, shared).model(document, loaded.program, program, ())
    result = _dump(yaml, document)
    _check_loads_to(result, program, loaded.path)
    return EditedText(result, True)


def write_program(
    loaded: LoadedProgram, program: Program, output: str | Path, text: str | None = None
) -> EditedText:
    """Write `program` to `output` as an edit of the loaded file (see `edited_text`), atomically."""
    from exdose.files import write_text_atomic

    edited = edited_text(loaded, program, text)
    if str(output).endswith(".json") and not str(loaded.path).endswith(".json"):
        edited = EditedText(dump_program(program, "json"), False, "JSON output written afresh")
    _check_loads_to(edited.text, program, str(output))
    write_text_atomic(output, edited.text)
    return edited


def _check_loads_to(text: str, program: Program, name: str) -> None:
    back = load_program_bytes(text.encode("utf-8"), name).program
    if back != program:
        raise ProgramError(
            "the edited file would not give the intended programme; nothing was written",
            file=name,
            hint="report this with the programme file",
        )


# --- the round-trip update --------------------------------------------------------------------

_Path = tuple[str | int, ...]


def _shared_nodes(document: Any) -> dict[int, list[_Path]]:
    """Every container reached by more than one path (aliases, merge keys): id -> its paths."""
    paths: dict[int, list[_Path]] = {}

    def walk(node: Any, path: _Path, depth: int) -> None:
        if depth > 64 or not isinstance(node, (CommentedMap, CommentedSeq)):
            return
        seen = paths.setdefault(id(node), [])
        seen.append(path)
        if len(seen) > 1:
            return
        if isinstance(node, CommentedMap):
            for key in list(node.keys()):
                walk(node[key], (*path, str(key)), depth + 1)
        else:
            for i, value in enumerate(node):
                walk(value, (*path, i), depth + 1)

    walk(document, (), 0)
    return {key: found for key, found in paths.items() if len(found) > 1}


def _value_at(obj: Any, path: _Path) -> Any:
    for part in path:
        if isinstance(part, int):
            obj = obj[part] if isinstance(obj, list) and part < len(obj) else None
        elif isinstance(obj, dict):
            obj = obj.get(part)
        elif isinstance(obj, BaseModel):
            obj = getattr(obj, part, None)
        else:
            return None
        if obj is None:
            return None
    return obj


def _key(value: Any) -> str:
    """A hashable, comparable text of a model value (for matching list items)."""
    return json.dumps(_plain(value), sort_keys=True, default=str)


def _plain(value: Any) -> Any:
    """A model value as plain data, as a user would write it: doses and quantities as text."""
    if isinstance(value, Dose):
        return format_dose(value)
    if isinstance(value, Quantity):
        return str(value)
    if isinstance(value, BaseModel):
        data = value.model_dump(mode="python", exclude_none=True, exclude_defaults=True)
        # a discriminated rule's `type` has no default but keep it first and always
        return _tidy(data)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return _tidy(value)


def _tidy(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: _tidy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_tidy(v) for v in value]
    return value


def _fresh(value: Any, *, flow: bool | None = None) -> Any:
    """Plain data as ruamel containers; small mappings and lists of scalars in flow style."""
    data = _plain(value)
    return _containers(data, flow)


def _containers(data: Any, flow: bool | None) -> Any:
    if isinstance(data, dict):
        node = CommentedMap()
        for k, v in data.items():
            node[k] = _containers(v, None)
        _set_flow(node, data, flow)
        return node
    if isinstance(data, list):
        seq = CommentedSeq(_containers(v, None) for v in data)
        _set_flow(seq, data, flow)
        return seq
    return data


def _set_flow(node: CommentedMap | CommentedSeq, data: Any, flow: bool | None) -> None:
    if flow is None:
        values = data.values() if isinstance(data, dict) else data
        scalars = all(
            not isinstance(v, dict)
            and (not isinstance(v, list) or all(not isinstance(x, (dict, list)) for x in v))
            for v in values
        )
        flow = scalars and len(json.dumps(data, default=str)) <= 72 and "\n" not in str(data)
    if flow:
        node.fa.set_flow_style()
    else:
        node.fa.set_block_style()


def _styled(new: Any, like: Any) -> Any:
    """A new scalar in the quoting or block style of the value it replaces."""
    if not isinstance(new, str):
        return new
    for style in (
        FoldedScalarString,
        LiteralScalarString,
        DoubleQuotedScalarString,
        SingleQuotedScalarString,
    ):
        if isinstance(like, style):
            return style(new)
    return new


def _keep_spelling(text: str, old: Dose, new: Dose) -> str:
    """The new dose written the way the user wrote the old one, where the two agree.

    "2x12-15/side @RIR2 rest 60s" with one more set becomes "3x12-15/side @RIR2 rest 60s", not
    the canonical "... rest 1min": each word the change does not touch keeps the user's spelling.
    When the words do not line up one for one, the new dose is printed canonically.
    """
    before, after = format_dose(old).split(" "), format_dose(new).split(" ")
    mine = text.split()
    if not (len(mine) == len(before) == len(after)):
        return format_dose(new)
    words = [n if n != o else m for m, o, n in zip(mine, before, after, strict=True)]
    candidate = " ".join(words)
    try:
        if parse_dose(candidate) == new:
            return candidate
    except ExdoseError:
        pass
    return format_dose(new)


def _is_flow(node: Any) -> bool:
    return isinstance(node, (CommentedMap, CommentedSeq)) and bool(node.fa.flow_style())


class _Updater:
    """Walks the old and new programme with the round-trip document, changing what differs."""

    def __init__(self, new_program: Program, shared: dict[int, list[_Path]]):
        self.new_program = new_program
        self.shared = shared
        self.done: set[int] = set()

    def _shared_ok(self, node: Any, new: Any) -> bool:
        """May a node reached by several paths be changed in place (all want the same value)?"""
        paths = self.shared.get(id(node))
        if not paths:
            return True
        wanted = {_key(_value_at(self.new_program, p)) for p in paths}
        return len(wanted) == 1 and _key(new) in wanted

    def value(self, node: Any, old: Any, new: Any, path: _Path) -> Any:
        """The node for `new` where `node` held `old`: changed in place when possible."""
        if id(node) in self.done:
            return node
        if isinstance(node, (CommentedMap, CommentedSeq)) and id(node) in self.shared:
            if not self._shared_ok(node, new):
                return _fresh(new, flow=_is_flow(node))
            self.done.add(id(node))
        if isinstance(new, Dose) and isinstance(old, Dose) and isinstance(node, str):
            return _styled(_keep_spelling(str(node), old, new), node)
        if isinstance(new, (Dose, Quantity)) or not isinstance(node, (CommentedMap, CommentedSeq)):
            return _styled(_fresh(new), node)
        if isinstance(new, BaseModel) and type(new) is type(old) and isinstance(node, CommentedMap):
            self.model(node, old, new, path)
            return node
        if isinstance(new, list) and isinstance(old, list) and isinstance(node, CommentedSeq):
            self.sequence(node, old, new, path)
            return node
        if isinstance(new, dict) and isinstance(old, dict) and isinstance(node, CommentedMap):
            self.mapping(node, old, new, path)
            return node
        return _fresh(new, flow=_is_flow(node))

    def model(self, node: CommentedMap, old: BaseModel, new: BaseModel, path: _Path) -> None:
        order = list(type(new).model_fields)
        for name in order:
            before, after = getattr(old, name), getattr(new, name)
            if before == after:
                continue
            if after is None:
                if name in node:
                    del node[name]
                continue
            if name == "weeks" and isinstance(after, str) and after.isdigit():
                after = int(after)  # a single week is written as a number, not '5'
            if name in node:
                updated = self.value(node[name], before, after, (*path, name))
                if updated is not node[name]:
                    node[name] = updated
            else:
                _insert(node, name, _fresh(after), order)

    def mapping(
        self, node: CommentedMap, old: dict[Any, Any], new: dict[Any, Any], path: _Path
    ) -> None:
        for key in [k for k in old if k not in new]:
            if key in node:
                del node[key]
        for key, after in new.items():
            if key in old and key in node:
                if old[key] != after:
                    updated = self.value(node[key], old[key], after, (*path, key))
                    if updated is not node[key]:
                        node[key] = updated
            else:
                node[key] = _fresh(after)

    def sequence(self, node: CommentedSeq, old: list[Any], new: list[Any], path: _Path) -> None:
        matcher = SequenceMatcher(
            a=[_key(v) for v in old], b=[_key(v) for v in new], autojunk=False
        )
        # From the end, so the indices of earlier items stay valid while items come and go.
        for tag, i1, i2, j1, j2 in reversed(matcher.get_opcodes()):
            if tag == "equal":
                continue
            pairs = min(i2 - i1, j2 - j1) if tag == "replace" else 0
            for offset in range(pairs):
                i, j = i1 + offset, j1 + offset
                updated = self.value(node[i], old[i], new[j], (*path, j))
                if updated is not node[i]:
                    node[i] = updated
            for i in range(i2 - 1, i1 + pairs - 1, -1):
                del node[i]
            at_end = i2 == len(old) and j2 > j1 + pairs and len(node) > 0
            trailing = _pop_trailing(node[len(node) - 1]) if at_end else None
            for j in range(j2 - 1, j1 + pairs - 1, -1):
                flow = False if trailing is not None else None
                node.insert(i1 + pairs, _fresh(new[j], flow=flow))
            if trailing is not None:  # a blank line or comment after the list stays after it
                _put_trailing(node[len(node) - 1], trailing)


def _pop_trailing(node: Any) -> Any:
    """Take the blank lines or comment after the last value of a block mapping (or None)."""
    if not isinstance(node, CommentedMap) or _is_flow(node) or not node:
        return None
    last = list(node.keys())[-1]
    value = node[last]
    if isinstance(value, CommentedMap):
        return _pop_trailing(value)
    entry = node.ca.items.get(last)
    if entry and len(entry) > 2 and entry[2] is not None:
        token = entry[2]
        entry[2] = None
        return token
    return None


def _put_trailing(node: Any, token: Any) -> None:
    if isinstance(node, CommentedMap) and node and not _is_flow(node):
        last = list(node.keys())[-1]
        if isinstance(node[last], CommentedMap):
            _put_trailing(node[last], token)
            return
        node.ca.items[last] = [None, None, token, None]


def _insert(node: CommentedMap, name: str, value: Any, order: Iterable[str]) -> None:
    """Insert a key where the model's field order puts it among the keys already there."""
    order = list(order)
    rank = order.index(name) if name in order else len(order)
    own = getattr(node, "_ok", None)
    keys = [k for k in node if own is None or k in own]
    position = len(keys)
    for i, key in enumerate(keys):
        if key in order and order.index(key) > rank:
            position = i
            break
    if position >= len(keys):
        node[name] = value
    else:
        node.insert(position, name, value)

"""The exercise library: names, aliases, muscles and equipment, and matching names to exercises."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from typing import Final

MUSCLES: Final[tuple[str, ...]] = (
    "abdominals",
    "abductors",
    "adductors",
    "biceps",
    "calves",
    "chest",
    "forearms",
    "glutes",
    "hamstrings",
    "lats",
    "lower back",
    "middle back",
    "neck",
    "quadriceps",
    "shoulders",
    "traps",
    "triceps",
)
"""The muscle vocabulary of the exercise table (17 groups)."""

# Programme-defined exercises may also name these (e.g. hypopressive work targets the deep trunk).
EXTRA_MUSCLES: Final[tuple[str, ...]] = ("pelvic floor", "transversus abdominis", "diaphragm")

_WORD = re.compile(r"[a-z0-9]+")
_PAREN = re.compile(r"\(([^)]*)\)")


def normalise_name(name: str) -> str:
    """Lower-case words, with a trailing "(Equipment)" moved to the front: app names match ours.

    "Hip Thrust (Barbell)" -> "barbell hip thrust"; "Pull-Up" -> "pull up".
    """
    inner = " ".join(_PAREN.findall(name))
    outer = _PAREN.sub(" ", name)
    return " ".join(_WORD.findall(f"{inner} {outer}".lower()))


def name_keys(exercise: Exercise) -> set[str]:
    """The normalised id and name an exercise answers to, its aliases apart ("Barbell_Hip_Thrust"
    and "Barbell Hip Thrust" -> {"barbell hip thrust"})."""
    return {normalise_name(exercise.id), normalise_name(exercise.name)}


# Word pairs that look alike but name opposite movements: a fuzzy match may never swap them.
_OPPOSITES: Final[tuple[tuple[str, str], ...]] = (
    ("abduct", "adduct"),
    ("incline", "decline"),
    ("internal", "external"),
    ("flexion", "extension"),
    ("pronat", "supinat"),
)


def _contradicts(query: str, candidate: str) -> bool:
    for one, other in _OPPOSITES:
        if (one in query and other in candidate) or (other in query and one in candidate):
            return True
    return False


@dataclass(frozen=True)
class Exercise:
    """One exercise: id, display name, muscles (primary count 1.0 a set, secondary 0.5)."""

    id: str
    name: str
    primary: tuple[str, ...]
    secondary: tuple[str, ...] = ()
    equipment: str | None = None
    category: str | None = None
    level: str | None = None
    mechanic: str | None = None
    aliases: tuple[str, ...] = field(default=())
    display_name: str | None = None
    """A name a patient understands ("Heel lowering off a step, knee straight"), when known."""
    description: str | None = None
    """One line on how the exercise is done (exdose's own rehabilitation entries)."""
    source: str = "free-exercise-db"
    """Where the facts come from: "free-exercise-db" or "exdose" (data/rehab.json)."""


@dataclass(frozen=True)
class Match:
    """The result of matching a free-text name to the library."""

    exercise: Exercise
    score: float  # 100 for an exact or alias match
    how: str  # "id", "name", "alias", "fuzzy"


class ExerciseLibrary:
    """A set of exercises with lookup by id, name, alias and fuzzy name."""

    def __init__(self, exercises: Iterable[Exercise], aliases: dict[str, str] | None = None):
        self._by_id: dict[str, Exercise] = {}
        self._by_key: dict[str, str] = {}
        for ex in exercises:
            self._add(ex)
        for alias, target in (aliases or {}).items():
            if target in self._by_id:
                self._by_key.setdefault(normalise_name(alias), target)

    def _add(self, ex: Exercise) -> None:
        self._by_id[ex.id] = ex
        for key in name_keys(ex):
            self._by_key[key] = ex.id
        for alias in ex.aliases:
            self._by_key[normalise_name(alias)] = ex.id

    def __len__(self) -> int:
        return len(self._by_id)

    def __iter__(self) -> Iterator[Exercise]:
        return iter(self._by_id.values())

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key) is not None

    def ids(self) -> list[str]:
        """All exercise ids."""
        return list(self._by_id)

    def get(self, key: str) -> Exercise | None:
        """The exercise with this id, name or alias (exact after normalisation), else None."""
        if key in self._by_id:
            return self._by_id[key]
        target = self._by_key.get(normalise_name(key))
        return self._by_id[target] if target else None

    def match(self, name: str, min_score: float = 90.0) -> Match | None:
        """Match a free-text name (as apps write it) to an exercise, or None when unsure."""
        if name in self._by_id:
            return Match(self._by_id[name], 100.0, "id")
        key = normalise_name(name)
        if key in self._by_key:
            return Match(self._by_id[self._by_key[key]], 100.0, "name")
        from rapidfuzz import fuzz, process

        hits = process.extract(key, list(self._by_key), scorer=fuzz.token_sort_ratio, limit=5)
        for hit_key, score, _ in hits:
            if score < min_score:
                break
            if _contradicts(key, hit_key):
                continue
            return Match(self._by_id[self._by_key[hit_key]], float(score), "fuzzy")
        return None

    def suggest(self, name: str, limit: int = 3) -> list[str]:
        """Close names for a "did you mean" hint, best first."""
        from rapidfuzz import fuzz, process

        key = normalise_name(name)
        hits = process.extract(key, list(self._by_key), scorer=fuzz.WRatio, limit=limit * 4)
        names: list[str] = []
        for hit_key, score, _ in hits:
            if score < 60:
                continue
            ex = self._by_id[self._by_key[hit_key]]
            if ex.name not in names:
                names.append(ex.name)
            if len(names) == limit:
                break
        return names

    def with_exercises(self, extra: Iterable[Exercise]) -> ExerciseLibrary:
        """A new library with these exercises added (programme-defined ones win on a clash)."""
        lib = ExerciseLibrary([])
        lib._by_id = dict(self._by_id)
        lib._by_key = dict(self._by_key)
        for ex in extra:
            lib._add(ex)
        return lib


def _read_json(name: str) -> object:
    data = resources.files("exdose.exercises").joinpath("data", name).read_text("utf-8")
    return json.loads(data)


def _rehab(exercises: list[Exercise], taken: set[str]) -> list[Exercise]:
    """exdose's rehabilitation entries added to (or, for a known id, described in) `exercises`.

    A name or alias of a new entry that an existing exercise or alias already answers to is left
    out, so adding the entries never changes what an existing name matches.
    """
    data = _read_json("rehab.json")
    assert isinstance(data, dict)
    by_id = {ex.id: i for i, ex in enumerate(exercises)}
    out = list(exercises)
    for row in data["exercises"]:
        if row["id"] in by_id:
            index = by_id[row["id"]]
            out[index] = replace(
                out[index], display_name=row.get("display_name"), description=row.get("description")
            )
            continue
        aliases = tuple(a for a in row.get("aliases", ()) if normalise_name(a) not in taken)
        ex = Exercise(
            id=row["id"],
            name=row["name"],
            primary=tuple(row["primary"]),
            secondary=tuple(row.get("secondary", ())),
            equipment=row.get("equipment"),
            category="rehabilitation",
            level="beginner",
            mechanic=row.get("mechanic"),
            aliases=aliases,
            display_name=row.get("display_name"),
            description=row.get("description"),
            source="exdose",
        )
        keys = name_keys(ex)
        if keys & taken:
            raise ValueError(f"rehab.json: {ex.id} takes a name another exercise answers to")
        taken |= keys | {normalise_name(a) for a in aliases}
        out.append(ex)
    return out


@lru_cache(maxsize=1)
def default_library() -> ExerciseLibrary:
    """The bundled library: free-exercise-db facts (public domain), exdose's rehabilitation and
    home exercises (data/rehab.json, with patient-friendly names) and exdose's alias table."""
    rows = _read_json("exercises.json")
    assert isinstance(rows, list)
    exercises = [
        Exercise(
            id=r["id"],
            name=r["name"],
            primary=tuple(r["primary"]),
            secondary=tuple(r["secondary"]),
            equipment=r.get("equipment"),
            category=r.get("category"),
            level=r.get("level"),
            mechanic=r.get("mechanic"),
        )
        for r in rows
    ]
    aliases = _read_json("aliases.json")
    assert isinstance(aliases, dict)
    table = {k: v for k, v in aliases.items() if not k.startswith("_")}
    taken = {normalise_name(k) for k in table}
    for ex in exercises:
        taken |= name_keys(ex)
    return ExerciseLibrary(_rehab(exercises, taken), table)

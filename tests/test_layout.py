"""The layout shows the design: no import cycles, and dependencies point the way DESIGN.md says.

The imports are read from the source (ast), not by importing: every `import exdose...` and
`from exdose... import ...`, with where it sits (module level or inside a function, under
`if TYPE_CHECKING:` or not). A module-level import runs when the module is imported, so those
must not form a cycle (importing `exdose.a.b` also runs the packages `exdose.a` above it).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"


@dataclass(frozen=True)
class Edge:
    """`importer` imports `imported` at `line`."""

    importer: str
    imported: str
    line: int
    module_level: bool  # runs at import time (not inside a function)
    type_only: bool  # under `if TYPE_CHECKING:`


@cache
def modules() -> dict[str, Path]:
    """Every module of the package by dotted name (a package by its own name)."""
    found: dict[str, Path] = {}
    for path in sorted((SRC / "exdose").rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _resolve(name: str) -> str:
    """The module `name` refers to: itself, else the longest enclosing module."""
    known = modules()
    while name and name not in known:
        name = name.rpartition(".")[0]
    return name


def _is_type_checking(test: ast.expr) -> bool:
    return isinstance(test, ast.Name | ast.Attribute) and ast.unparse(test).endswith(
        "TYPE_CHECKING"
    )


def _edges_of(name: str, path: Path) -> Iterator[Edge]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]

    def targets(node: ast.Import | ast.ImportFrom) -> Iterator[str]:
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names if a.name.split(".")[0] == "exdose")
            return
        base = node.module or ""
        if node.level:
            parts = package.split(".")[: len(package.split(".")) - node.level + 1]
            base = ".".join([*parts, *([node.module] if node.module else [])])
        if base.split(".")[0] != "exdose":
            return
        for alias in node.names:
            full = f"{base}.{alias.name}"
            yield full if full in modules() else base

    def walk(nodes: list[ast.stmt], module_level: bool, type_only: bool) -> Iterator[Edge]:
        for node in nodes:
            if isinstance(node, ast.Import | ast.ImportFrom):
                for target in targets(node):
                    yield Edge(name, _resolve(target), node.lineno, module_level, type_only)
            elif isinstance(node, ast.If) and _is_type_checking(node.test):
                yield from walk(node.body, module_level, True)
                yield from walk(node.orelse, module_level, type_only)
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                yield from walk(node.body, False, type_only)
            else:
                for field in ("body", "orelse", "finalbody", "handlers"):
                    children = getattr(node, field, None)
                    if isinstance(children, list):
                        stmts = [c for c in children if isinstance(c, ast.stmt)]
                        handlers = [c for c in children if isinstance(c, ast.ExceptHandler)]
                        yield from walk(stmts, module_level, type_only)
                        for handler in handlers:
                            yield from walk(handler.body, module_level, type_only)
                for case in getattr(node, "cases", []):
                    yield from walk(case.body, module_level, type_only)

    yield from walk(tree.body, True, False)


@cache
def edges() -> tuple[Edge, ...]:
    """Every import of one exdose module by another."""
    return tuple(
        edge
        for name, path in modules().items()
        for edge in _edges_of(name, path)
        if edge.imported != edge.importer
    )


def _runtime_graph() -> dict[str, set[str]]:
    """Module -> the modules importing it runs at once: its module-level imports, and the
    packages above each (importing `exdose.a.b` first runs `exdose/a/__init__.py`), except the
    module's own packages, which are always imported before it."""
    graph: dict[str, set[str]] = {name: set() for name in modules()}
    for edge in edges():
        if not edge.module_level or edge.type_only:
            continue
        parts = edge.imported.split(".")
        for depth in range(1, len(parts) + 1):
            target = ".".join(parts[:depth])
            if target != edge.importer and not edge.importer.startswith(target + "."):
                graph[edge.importer].add(target)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0

    def visit(node: str) -> None:
        nonlocal counter
        index[node] = low[node] = counter
        counter += 1
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_import_walk_sees_the_package() -> None:
    # a walk that found nothing would pass every test below
    assert len(modules()) > 60 and len(edges()) > 300
    assert any(e.importer == "exdose.api" and e.imported == "exdose.errors" for e in edges())
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_cycles() -> None:
    cycles = _cycles(_runtime_graph())
    assert cycles == [], "modules that import each other at import time: " + "; ".join(
        " <-> ".join(c) for c in cycles
    )


def _all_cycles() -> list[list[str]]:
    """Cycles counting the imports made inside functions too (deferred, but still a tangle)."""
    graph: dict[str, set[str]] = {name: set() for name in modules()}
    for edge in edges():
        if not edge.type_only:
            graph[edge.importer].add(edge.imported)
    return _cycles(graph)


# Packages where imports made inside functions close a cycle (deferred, so nothing breaks at
# import time, but the modules are tangled), each with why and who untangles it. None are left;
# an entry is a debt with a reason and an owner, not a way to silence the test.
DEFERRED_CYCLES: dict[str, str] = {}


def _package_of_cycle(cycle: list[str]) -> str | None:
    for prefix in DEFERRED_CYCLES:
        if all(module.startswith(prefix) for module in cycle):
            return prefix
    return None


def test_no_cycles_even_through_imports_inside_functions() -> None:
    cycles = [c for c in _all_cycles() if _package_of_cycle(c) is None]
    assert cycles == [], "modules importing each other (inside functions): " + "; ".join(
        " <-> ".join(c) for c in cycles
    )


# --- dependency direction (DESIGN.md, "Layout") ------------------------------------------------

# folder -> the folders it may import (DESIGN.md's "may import" column). A folder may also use
# what those may use (monitor may import program, so it may use exercises); `cli` and `web` call
# the public API only.
MAY_IMPORT: dict[str, set[str]] = {
    "program": {"exercises"},
    "exercises": set(),
    "checklists": {"program"},
    "sets": {"exercises"},
    "dose": {"sets", "exercises"},
    "monitor": {"dose", "program"},
    "appraise": {"checklists"},
    "report": {"program", "exercises", "checklists", "sets", "dose", "monitor", "appraise"},
    "api": {"program", "exercises", "checklists", "sets", "dose", "monitor", "appraise", "report"},
    "cli": {"api", "web"},  # `exdose serve` starts the web app
    "web": {"api"},
}
# Modules every layer may use: the error types, atomic file writing, units, the sets-table schema
# (one of DESIGN.md's two shapes: program/ makes planned tables in it and sets/ performed ones, so
# it sits below both), the root package.
SHARED = {"errors", "files", "units", "sets_schema", ""}
STRICT = {"cli", "web"}  # only their direct imports count: they must not reach past the API


def layer(module: str) -> str:
    """The layer of a module: its top folder under exdose/ (`api` for api.py and _api_types.py)."""
    parts = module.split(".")[1:]
    if not parts:
        return ""
    top = parts[0]
    return "api" if top in ("api", "_api_types") else top


@cache
def allowed(source: str) -> frozenset[str]:
    """The layers `source` may import: its own, the shared modules, and (except for the strict
    layers) everything reachable through what it may import."""
    seen = {source, *SHARED}
    todo = list(MAY_IMPORT.get(source, set()))
    while todo:
        target = todo.pop()
        if target in seen:
            continue
        seen.add(target)
        if source not in STRICT:
            todo.extend(MAY_IMPORT.get(target, set()))
    return frozenset(seen)


def violations() -> set[tuple[str, str]]:
    """(importing module, imported layer) pairs that go against the direction."""
    out: set[tuple[str, str]] = set()
    for edge in edges():
        source, target = layer(edge.importer), layer(edge.imported)
        if source in ("", "__main__"):
            continue
        if target not in allowed(source):
            out.add((edge.importer, target))
    return out


# Edges that go the wrong way, each with why it is still there and who removes it (an edge that
# is absent passes). None are left: every import follows DESIGN.md's "may import" column.
KNOWN: dict[tuple[str, str], str] = {}


def test_dependencies_point_the_way_design_md_says() -> None:
    new = sorted(violations() - set(KNOWN))
    lines = [
        f"{importer} imports {target}/ (line {e.line})"
        for importer, target in new
        for e in edges()
        if e.importer == importer and layer(e.imported) == target
    ]
    assert new == [], "imports against DESIGN.md's direction:\n" + "\n".join(lines)

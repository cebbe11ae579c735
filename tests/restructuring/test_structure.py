"""The shape of restructuring/: no import circle, no private names across modules, one reader of the
earlier consolidation, plans made of data."""

from __future__ import annotations

import ast
import dataclasses
import importlib
from pathlib import Path

import renketsu.restructuring as pkg
from renketsu.restructuring.plan import ConsolidationEntry, ConsolidationLine, Plan

PKG = Path(pkg.__file__).parent
NAME = "renketsu.restructuring"


def _modules() -> dict[str, ast.Module]:
    return {p.stem: ast.parse(p.read_text(encoding="utf-8")) for p in sorted(PKG.glob("*.py"))}


def _imports(tree: ast.Module) -> list[tuple[str, list[str]]]:
    """(module inside the package, names imported) for every import of a sibling module, at any depth."""
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            mod = node.module or ""
            if node.level == 1:
                target = mod
            elif node.level == 0 and mod.startswith(NAME + "."):
                target = mod[len(NAME) + 1:]
            else:
                continue
            out.append((target.split(".")[0], [a.name for a in node.names]))
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name.startswith(NAME + "."):
                    out.append((a.name[len(NAME) + 1:].split(".")[0], []))
    return out


def test_every_module_imports_on_its_own():
    for stem in _modules():
        importlib.import_module(f"{NAME}.{stem}" if stem != "__init__" else NAME)


def test_the_import_graph_has_no_circle():
    graph = {stem: {t for t, _ in _imports(tree) if t} for stem, tree in _modules().items() if stem != "__init__"}
    assert set().union(*graph.values()) <= set(graph), "an import of a module that does not exist"
    state: dict[str, str] = {}

    def visit(node: str, path: list[str]) -> None:
        if state.get(node) == "done":
            return
        assert state.get(node) != "open", "import circle: " + " -> ".join([*path, node])
        state[node] = "open"
        for nxt in sorted(graph[node]):
            visit(nxt, [*path, node])
        state[node] = "done"

    for stem in sorted(graph):
        visit(stem, [])
    # The graph above is the real one: simulate reaches the planners, which reach every kind.
    assert {"planners", "plan"} <= graph["simulate"] and {"merger", "transactions"} <= graph["planners"]


def test_no_private_name_is_imported_across_modules():
    bad = [(stem, target, n) for stem, tree in _modules().items() for target, names in _imports(tree)
           for n in names if n.startswith("_")]
    assert bad == []


def test_only_the_queries_module_reads_an_earlier_consolidation():
    readers = {stem for stem, tree in _modules().items()
               for node in ast.walk(tree)
               if isinstance(node, ast.Attribute) and node.attr in ("eliminations", "contributions", "entities")
               and isinstance(node.value, ast.Name) and node.value.id in ("before", "before_frame", "result")}
    assert readers <= {"queries"}, readers


def test_plans_hold_data_not_code():
    for cls in (Plan, ConsolidationEntry, ConsolidationLine):
        for f in dataclasses.fields(cls):
            assert "Callable" not in str(f.type) and str(f.type) != "list", (cls.__name__, f.name, f.type)
    ConsolidationLine("P", 1, role="goodwill")
    try:
        ConsolidationLine("P", 1)
    except ValueError:
        pass
    else:
        raise AssertionError("a line with neither account nor role was accepted")

"""Imports go one way: base ← ontology ← loaders / queries ← graph ← store / api ← app, and no module cycle.

Every import is checked, the function-local ones too (those exist only for start-up speed, not to hide a cycle).
"""
from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

import medkg

PACKAGE_DIRS = {"medkg": Path(medkg.__file__).parent}
PACKAGE_DIRS.update({f"medkg.{name}": Path(__import__(f"medkg.{name}", fromlist=["_"]).__file__).parent
                     for name in ("graph", "loaders", "ontology", "queries", "data")})

LAYERS = {"base": 0, "ontology": 1, "data": 1, "loaders": 2, "queries": 2, "graph": 3, "api": 4, "app": 5}


def _layer(module: str) -> str:
    parts = module.split(".")
    if len(parts) > 1 and parts[1] in LAYERS:
        return parts[1]
    if module == "medkg.__main__":
        return "app"
    return "api"  # medkg, medkg.api, medkg.store, medkg.engines, medkg.sinks


def _modules() -> dict[str, Path]:
    found = {}
    for package, folder in PACKAGE_DIRS.items():
        for path in folder.rglob("*.py"):
            rel = path.relative_to(folder).with_suffix("")
            parts = [p for p in rel.parts if p != "__init__"]
            if package == "medkg" and parts and parts[0] in ("graph", "loaders", "ontology", "queries", "data"):
                continue
            found[".".join([package, *parts])] = path
    return found


def _imports(module: str, path: Path, modules: dict[str, Path]) -> set[str]:
    out = set()
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.startswith("medkg")}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
            if base.startswith("medkg"):
                # `from pkg import sub` imports the submodule; `from pkg import name` the package itself
                out |= {f"{base}.{a.name}" for a in node.names}
                if not all(f"{base}.{a.name}" in modules for a in node.names):
                    out.add(base)
    return out


def _graph() -> nx.DiGraph:
    modules = _modules()
    graph = nx.DiGraph()
    for module, path in modules.items():
        graph.add_node(module)
        for target in _imports(module, path, modules):
            while target not in modules and "." in target:
                target = target.rsplit(".", 1)[0]
            if target in modules and target != module and target != "medkg":
                graph.add_edge(module, target)
    return graph


def test_no_import_goes_up_a_layer() -> None:
    upward = [(a, b) for a, b in _graph().edges if LAYERS[_layer(b)] > LAYERS[_layer(a)]]
    assert not upward, upward


def test_base_imports_only_base() -> None:
    assert not [(a, b) for a, b in _graph().edges if _layer(a) == "base" and _layer(b) != "base"]


def test_no_import_cycle() -> None:
    assert list(nx.simple_cycles(_graph())) == []


def test_the_check_sees_the_layers() -> None:
    graph = _graph()
    assert graph.has_edge("medkg.app.cli", "medkg.api") or graph.has_edge("medkg.app.cli", "medkg.app.lookups")
    assert graph.has_edge("medkg.graph.rdf", "medkg.loaders.schema")
    assert {"medkg.base.model", "medkg.graph.sparql", "medkg.loaders.registry", "medkg.queries"} <= set(graph)

"""The query engines, by name: a new engine is one class in ``graph/`` and one entry here.

Each engine has ``language`` (``sparql`` or ``cypher``), ``thread_safe``, ``run(text, params, *, limit,
timeout_s) -> (columns, rows)`` and ``close()``. It is opened on a build folder (local engines) or from the
settings (servers).

>>> sorted(ENGINES)
['cypher', 'neo4j', 'remote', 'sparql']
>>> ENGINES["cypher"].language, ENGINES["cypher"].thread_safe
('cypher', False)
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from medkg.base.errors import UsageError

__all__ = ["ENGINES", "Engine", "EngineSpec", "engine_spec", "open_engine"]


class Engine(Protocol):
    language: str
    thread_safe: bool

    def run(self, text: str, params: dict[str, Any] | None = None, *, limit: int | None = None,
            timeout_s: float | None = None) -> tuple[list[str], list[dict[str, Any]]]: ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class EngineSpec:
    """An engine's name, query language, thread safety, what it runs on, and where its class lives."""

    name: str
    language: str
    thread_safe: bool
    runs_on: str
    implementation: str  # "module:Class", imported only when the engine is opened (start-up speed)
    local: bool = False  # opened on a build folder and kept open; servers are opened per use, from the settings


ENGINES: dict[str, EngineSpec] = {s.name: s for s in (
    EngineSpec("sparql", "sparql", True, "the build's embedded pyoxigraph store", "medkg.graph.sparql:OxigraphEngine",
               local=True),
    EngineSpec("cypher", "cypher", False, "the build's embedded LadybugDB database",
               "medkg.graph.cypher_embedded:EmbeddedCypher", local=True),
    EngineSpec("neo4j", "cypher", True, "the Neo4j server of NEO4J_URI (see `medkg push neo4j`)",
               "medkg.graph.neo4j:Neo4jEngine"),
    EngineSpec("remote", "sparql", True, "the SPARQL store of MEDKG_SPARQL_ENDPOINT (see `medkg push sparql`)",
               "medkg.graph.sparql_remote:RemoteSparqlEngine"),
)}


def engine_spec(name: str, language: str | None = None) -> EngineSpec:
    """The engine called *name*, optionally required to speak *language*.

    :raises UsageError: for an unknown engine or one of another language.
    """
    choices = [s.name for s in ENGINES.values() if language in (None, s.language)]
    if name not in choices:
        raise UsageError(f"--engine: expected one of {' | '.join(choices)}, got {name!r}")
    return ENGINES[name]


def open_engine(name: str, build_dir: Path, timeout_s: float | None) -> Engine:
    """Open engine *name* on the build in *build_dir*."""
    module, _, cls = engine_spec(name).implementation.partition(":")
    engine: Engine = getattr(importlib.import_module(module), cls)(build_dir, timeout_s)
    return engine

"""The public Python API; the CLI is a thin layer over it.

>>> import medkg
>>> kg = medkg.MedKG()                                # doctest: +SKIP
>>> kg.who_built("華佗GPT").to_dataframe()             # doctest: +SKIP
"""
from __future__ import annotations

import difflib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from medkg.errors import NotFound, UsageError
from medkg.rows import Rows
from medkg.store import Build, Home, open_read_only, registry_fingerprint

ENGINES = ("sparql", "cypher", "neo4j", "remote")
DEFAULT_TIMEOUT_S = 60.0
DEFAULT_USER_LIMIT = 10_000
CYPHER_DIR = "cypher"


def _write_cypher(registry: Any, build_dir: Path) -> None:
    from medkg.graph.cypher_embedded import write_ladybug
    from medkg.graph.property import property_graph

    write_ladybug(property_graph(registry), build_dir / CYPHER_DIR)


class MedKG:
    """A medkg home: build it from a registry, then ask it questions.

    ``home`` defaults to ``MEDKG_HOME`` or the user data directory. With ``auto_build`` (the default) the first
    question builds the bundled registry when no store exists yet, or when the bundled files changed.
    """

    def __init__(self, home: str | Path | None = None, auto_build: bool = True,
                 progress: Callable[[str], None] | None = None, timeout_s: float | None = DEFAULT_TIMEOUT_S,
                 max_memory: int | None = None) -> None:
        from medkg.limits import DEFAULT_MAX_MEMORY

        self.home = Home(home)
        self.max_memory = DEFAULT_MAX_MEMORY if max_memory is None else max_memory
        self.auto_build = auto_build
        self.progress = progress
        self.timeout_s = timeout_s
        self._store: Any = None
        self._cypher: Any = None
        self._build: Build | None = None

    # ------------------------------------------------------------------ building
    def build(self, registry: str | Path | None = None, limits: Any = None) -> Build:
        """Validate the registry at *registry* (default: the bundled one) and swap in a new store."""
        from medkg.loaders import bundled_registry_path, load_registry

        path = Path(registry) if registry else bundled_registry_path()
        say = self.progress or (lambda _m: None)
        say(f"reading registry {path}")
        model = load_registry(path, limits)
        bundled = registry is None
        meta = {"registry": str(path.resolve()), "bundled": bundled, "fingerprint": registry_fingerprint(path)}
        self.close()
        build = self.home.build(model, meta, progress=self.progress, writers=(("writing Cypher database", _write_cypher),))
        self._build = build
        return build

    def current_build(self) -> Build:
        if self._build is None:
            build = self.home.current()
            if build is None or (self.auto_build and self._bundled_is_stale(build)):
                if not self.auto_build:
                    raise UsageError(f"no store in {self.home.path} yet; run `medkg build`")
                from medkg.store import BuildRunning

                try:
                    build = self.build()
                except BuildRunning:  # another first lookup is building the same thing: use its build
                    self.home.wait_for_build()
                    build = self.home.current()
                    if build is None:
                        raise
            self._build = build
        return self._build

    @staticmethod
    def _bundled_is_stale(build: Build) -> bool:
        import medkg.data  # not medkg.loaders: the lookup path stays light

        meta = build.meta
        return bool(meta.get("bundled")) and meta.get("fingerprint") != registry_fingerprint(medkg.data.path())

    def store(self) -> Any:
        """The read-only pyoxigraph store of the current build."""
        if self._store is None:
            self._store = open_read_only(self.current_build())
        return self._store

    def close(self) -> None:
        if self._cypher is not None:
            self._cypher.close()
        self._store = self._cypher = self._build = None

    # ------------------------------------------------------------------ queries
    def run(self, name: str, params: dict[str, str] | None = None, engine: str = "sparql",
            limit: int | None = None) -> Rows:
        """Run named query *name* with *params* (strings, as typed) on *engine*: sparql | cypher | neo4j | remote.

        ``remote`` is the SPARQL store named by ``MEDKG_SPARQL_ENDPOINT`` (see ``medkg push sparql``).
        """
        from medkg.queries import canonical_rows, named_query

        query = named_query(name)
        bound = query.bind(params or {})
        bound = {k: ("" if v is None else v) for k, v in bound.items()}
        if engine == "sparql":
            from medkg import sparql

            _, rows = sparql.run(self.store(), query.sparql, bound, limit, self.timeout_s)
        elif engine == "cypher":
            rows = self._embedded_cypher().run(query.cypher, bound, limit)
        elif engine == "neo4j":
            from medkg.graph.neo4j import Neo4jTarget

            with Neo4jTarget.from_env() as target:
                rows = target.read(query.cypher, bound, limit, self.timeout_s)
        elif engine == "remote":
            from medkg.graph.sparql_remote import SparqlTarget

            rows = SparqlTarget.from_env().select(query.sparql, bound)
        else:
            raise UsageError(f"unknown engine {engine!r}; expected one of {', '.join(ENGINES)}")
        return Rows(list(query.columns), canonical_rows(query, rows), title=query.description)

    def _embedded_cypher(self) -> Any:
        if self._cypher is None:
            from medkg.graph.cypher_embedded import EmbeddedCypher

            self._cypher = EmbeddedCypher(self.current_build().path / CYPHER_DIR, self.timeout_s)
        return self._cypher

    def sparql(self, query: str, allow_service: tuple[str, ...] = (), limit: int | None = DEFAULT_USER_LIMIT) -> Rows:
        """Run a user SPARQL query, read-only; SERVICE only to endpoints in *allow_service*; at most *limit* rows.

        It runs in a worker process without network, stopped at ``timeout_s`` and ``max_memory`` (:mod:`medkg.worker`).
        """
        from medkg import worker
        from medkg.graph.sparql_guard import check_text

        check_text(query)  # cheap, so refused at once; the worker checks everything again
        reply = worker.run({"kind": "sparql", "store": str(self.current_build().store_path), "query": query,
                            "limit": limit, "allow_service": list(allow_service)}, self.timeout_s, self.max_memory)
        return Rows(reply["columns"], reply["rows"])

    def cypher(self, query: str, params: dict[str, Any] | None = None, limit: int | None = DEFAULT_USER_LIMIT) -> Rows:
        """Run a user Cypher query, read-only: on Neo4j when ``NEO4J_URI`` is set, else on the embedded engine."""
        from medkg.graph.cypher_guard import check_read_only

        check_read_only(query)
        if os.environ.get("NEO4J_URI"):
            from medkg.graph.neo4j import Neo4jTarget

            with Neo4jTarget.from_env() as target:
                rows = target.read(query, params or {}, limit, self.timeout_s)
        else:
            from medkg import worker

            # In a worker without network or file system, killed at the time and memory limits (medkg.worker).
            rows = worker.run({"kind": "cypher", "path": str(self.current_build().path / CYPHER_DIR), "query": query,
                               "params": params or {}, "limit": limit, "timeout_s": self.timeout_s,
                               "buffer_pool": self.max_memory // 2}, self.timeout_s, self.max_memory)
        return Rows(list(rows[0]) if rows else [], rows)

    # ------------------------------------------------------------------ lookups
    def who_built(self, name: str, engine: str = "sparql") -> Rows:
        """Developers and partners of the model called *name* (id, name or alias, any script), each row with the
        model's direct base models (``base_models``, from the lineage query)."""
        rows = self.run("who-built", {"name": name}, engine)
        if not rows:
            raise NotFound("model", name, self._suggest(name, "LanguageModel"))
        bases = "; ".join(sorted(r["ancestor_id"] for r in self.run("lineage", {"name": rows[0]["model_id"]}, engine)
                                 if r["direct"]))
        columns = rows.columns[:-1] + ["base_models", rows.columns[-1]]
        return Rows(columns, [{**r, "base_models": bases} for r in rows], title=rows.title)

    def built_by(self, name: str, engine: str = "sparql") -> Rows:
        """Models the organization called *name* developed or partnered in."""
        rows = self.run("built-by", {"name": name}, engine)
        if not rows:
            if not self._exists(name, "Organization"):
                raise NotFound("organization", name, self._suggest(name, "Organization"))
        return rows

    def lineage(self, name: str) -> Rows:
        self._require_model(name)
        return self.run("lineage", {"name": name})

    def built_on(self, name: str) -> Rows:
        self._require_model(name)
        return self.run("built-on", {"name": name})

    def models(self, model_type: str = "", developer_type: str = "", specialty: str = "", base: str = "",
               year: int = 0) -> Rows:
        """Models filtered by type, developer type, specialty, base model (transitively) and year."""
        from medkg.ontology import vocabulary

        for value, scheme, option in ((model_type, "model-type", "--type"), (developer_type, "org-type", "--developer-type"),
                                      (specialty, "specialty", "--specialty")):
            if value and value not in vocabulary(scheme):
                raise UsageError(f"{option}: expected one of {' | '.join(vocabulary(scheme))}, got {value!r}")
        if base:
            self._require_model(base)
        return self.run("models", {"type": model_type, "developer_type": developer_type, "specialty": specialty,
                                   "base": base, "year": str(year)})

    def stats(self) -> dict[str, Rows]:
        """Counts by model type and by developer type."""
        return {"by model type": self.run("type-distribution"), "by developer type": self.run("developer-types")}

    def coverage(self, as_of: str = "2025-07-31") -> Rows:
        """The graph against the report's counts by type, with an all-types total row."""
        from medkg.dates import parse_date

        if parse_date(as_of) is None:
            raise UsageError(f"--as-of: expected a date like 2025-07-31, got {as_of!r}")
        rows = self.run("coverage", {"as_of": str(parse_date(as_of))})
        if rows:
            total = {c: sum(r[c] for r in rows) for c in ("reported", "held_by_date", "held_undated", "held")}
            reported_total = self._reported_total()
            total["reported"] = reported_total or total["reported"]
            total["coverage_pct"] = round(100 * total["held"] / total["reported"], 1) if total["reported"] else None
            rows.append({"model_type": "all medical", **total})
        return rows

    def _reported_total(self) -> int | None:
        from medkg import sparql

        _, rows = sparql.run(self.store(), "SELECT (MAX(?v) AS ?total) WHERE { ?s mk:measure/skos:notation \"medical_models_total\" ; mk:value ?v }")
        total = rows[0]["total"] if rows else None
        return int(total) if total is not None else None

    # ------------------------------------------------------------------ export
    def export(self, fmt: str, out: Any) -> None:
        """Write the graph as ttl | nt | jsonld | nq to the binary stream *out*."""
        import pyoxigraph as ox

        formats = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD,
                   "nq": ox.RdfFormat.N_QUADS}
        if fmt not in formats:
            raise UsageError(f"--format: expected one of {', '.join(formats)} (or neo4j-csv), got {fmt!r}")
        from medkg.ontology import PREFIXES

        prefixes = PREFIXES if fmt in ("ttl", "jsonld") else None
        kwargs = {"prefixes": prefixes} if prefixes else {}
        self.store().dump(out, format=formats[fmt], from_graph=ox.DefaultGraph(), **kwargs)

    def registry(self) -> Any:
        """The validated registry model of the current build."""
        return self.current_build().registry()

    # ------------------------------------------------------------------ helpers
    def _exists(self, name: str, cls: str) -> bool:
        from medkg import sparql
        from medkg.names import search_key

        _, rows = sparql.run(self.store(), f"SELECT ?key ?x WHERE {{ ?x a mk:{cls} ; mk:searchKey ?key }} LIMIT 1",
                             {"key": search_key(name)})
        return bool(rows)

    def _require_model(self, name: str) -> None:
        if not self._exists(name, "LanguageModel"):
            raise NotFound("model", name, self._suggest(name, "LanguageModel"))

    def _suggest(self, name: str, cls: str) -> list[str]:
        from medkg import sparql
        from medkg.names import search_key

        _, rows = sparql.run(self.store(), f"SELECT ?key ?name WHERE {{ ?x a mk:{cls} ; mk:searchKey ?key ; mk:name ?name }}")
        by_key = {r["key"]: r["name"] for r in rows}
        key = search_key(name)
        close = difflib.get_close_matches(key, list(by_key), n=5, cutoff=0.5)
        close += [k for k in by_key if key and key in k and k not in close]
        return list(dict.fromkeys(by_key[k] for k in close))[:5]

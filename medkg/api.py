"""The public Python API; the CLI and the HTTP server are thin layers over it.

Essentials are positional, options keyword-only. Every method answers :class:`~medkg.base.rows.Rows` (a list of
dicts that knows its columns; ``.to_dataframe()`` for pandas) or raises a :class:`~medkg.base.errors.MedkgError`.

>>> import medkg
>>> kg = medkg.MedKG()                                # doctest: +SKIP
>>> kg.who_built("華佗GPT").to_dataframe()             # doctest: +SKIP
"""
from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from medkg.base import settings
from medkg.base.errors import MedkgError, NotFound, UsageError
from medkg.base.progress import Reporter
from medkg.base.rows import Rows
from medkg.engines import Engine, engine_spec, open_engine
from medkg.graph.sparql import OxigraphEngine
from medkg.sinks import EXPORTS, PUSHES, load
from medkg.store import Build, BuildRunning, Home, registry_fingerprint

__all__ = ["MODEL_SORTS", "ORGANIZATION_SORTS", "MedKG"]

MODEL_SORTS = ("model_id", "model", "release_date", "model_type")  # columns `models` can be sorted by
ORGANIZATION_SORTS = ("org_id", "org", "org_type", "province")  # columns `organization-list` can be sorted by

SUGGESTION_CANDIDATES = 200  # names read per probe when suggesting: enough for a typo, bounded at any size


def _capped(rows: Rows, limit: int) -> Rows:
    """*rows* fetched with one row past *limit*: cut to *limit*, with ``truncated`` set when there was more."""
    if len(rows) > limit:
        del rows[limit:]
        rows.truncated = True
    return rows


class MedKG:
    """A medkg home: build it from a registry, then ask it questions.

    ``home`` defaults to the ``home`` setting (``MEDKG_HOME``) or the user data directory. With ``auto_build`` (the
    default) the first question builds the bundled registry when no store exists yet, or when the bundled files
    changed.
    """

    def __init__(self, home: str | Path | None = None, *, auto_build: bool = True,
                 progress: Reporter | None = None, timeout_s: float | None = None,
                 max_memory: int | None = None) -> None:
        self.home = Home(home)
        self.max_memory = settings.value("max_memory") if max_memory is None else max_memory
        self.auto_build = auto_build
        self.progress = progress
        self.timeout_s = settings.value("timeout_s") if timeout_s is None else timeout_s
        self._engines: dict[str, Engine] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._opening = threading.Lock()
        self._build: Build | None = None

    # ------------------------------------------------------------------ building
    def build(self, registry: str | Path | None = None, *, limits: Any = None) -> Build:
        """Validate the registry at *registry* (default: the bundled one) and swap in a new build.

        :raises RegistryError: listing every problem with file, row and column; the previous build stays.
        """
        from medkg.loaders import bundled_registry_path, load_registry

        path = Path(registry) if registry else bundled_registry_path()
        self._say(f"reading registry {path}")
        model = load_registry(path, limits)
        meta = {"registry": str(path.resolve()), "bundled": registry is None, "fingerprint": registry_fingerprint(path)}
        self.close()
        self._build = self.home.build(model, meta, progress=self.progress)
        return self._build

    def current_build(self) -> Build:
        """The build that answers queries (built from the bundled registry first when ``auto_build``)."""
        if self._build is None:
            build = self.home.current()
            if build is None or (self.auto_build and self._bundled_is_stale(build)):
                if not self.auto_build:
                    raise UsageError(f"no store in {self.home.path} yet; run `medkg build`")
                try:
                    build = self.build()
                except BuildRunning:  # another first lookup is building the same thing: use its build
                    self.home.wait_for_build()
                    build = self.home.current()
                    if build is None:
                        raise
            self._build = build
        return self._build

    def refresh(self) -> bool:
        """Follow ``current`` to a newer build if one replaced the build in use (a long-running server calls this);
        True when it switched. A broken pointer keeps the build in use."""
        try:
            current = self.home.current()
        except MedkgError:
            return False
        if current is None or self._build is None or current.path == self._build.path:
            return False
        self.close()
        self._build = current
        return True

    @staticmethod
    def _bundled_is_stale(build: Build) -> bool:
        from medkg.data import path as bundled_path  # not medkg.loaders: the lookup path stays light

        meta = build.meta
        return bool(meta.get("bundled")) and meta.get("fingerprint") != registry_fingerprint(bundled_path())

    def engine(self, name: str) -> Engine:
        """The local engine called *name* (``sparql`` or ``cypher``), opened once on the current build."""
        if not engine_spec(name).local:
            raise UsageError(f"engine {name!r} is a server: it is opened per query (see MedKG.run)")
        with self._opening:
            if name not in self._engines:
                spec = engine_spec(name)
                self._engines[name] = open_engine(name, self.current_build().path, self.timeout_s)
                if not spec.thread_safe:
                    self._locks[name] = threading.Lock()
        return self._engines[name]

    @contextlib.contextmanager
    def _using(self, name: str) -> Iterator[Engine]:
        """Engine *name* for one query: a local engine held alone by this thread when it is not thread-safe, a server
        engine opened from the current settings and closed after."""
        if not engine_spec(name).local:
            server = open_engine(name, self.home.path, self.timeout_s)
            try:
                yield server
            finally:
                server.close()
            return
        engine = self.engine(name)
        with self._locks.get(name) or contextlib.nullcontext():
            yield engine

    def store(self) -> Any:
        """The read-only pyoxigraph store of the current build."""
        engine = self.engine("sparql")
        assert isinstance(engine, OxigraphEngine)
        return engine.store

    def registry(self) -> Any:
        """The validated registry model of the current build."""
        return self.current_build().registry()

    def close(self) -> None:
        for engine in self._engines.values():
            engine.close()
        self._engines, self._locks = {}, {}
        self._build = None

    def _say(self, message: str) -> None:
        if self.progress:
            self.progress(message)

    # ------------------------------------------------------------------ queries
    def run(self, name: str, params: dict[str, str] | None = None, *, engine: str | None = None,
            limit: int | None = None, offset: int = 0) -> Rows:
        """Run named query *name* with *params* (strings, as typed) on *engine* (see ``medkg.engines``; by default the
        engine the query's header names, the faster one by measurement); *limit* rows from *offset*.

        The engine stops after the last row asked for (neither SPARQL nor Cypher takes a parameter in LIMIT or
        OFFSET, and medkg writes nothing into a query's text): rows before *offset* are read and dropped. A query
        sorted after the engine (an ``order:`` header) is read whole, sorted, then sliced.

        :raises UsageError: for an unknown query, parameter or engine, or a negative limit or offset.
        """
        from medkg.queries import canonical_rows, named_query

        for option, value in (("--limit", 0 if limit is None else limit), ("--offset", offset)):
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise UsageError(f"{option}: expected a number of rows of at least 0, got {value!r}")
        query = named_query(name)
        bound = query.engine_params(params or {})
        end = None if limit is None else offset + limit
        if engine is None and query.precomputed and bound == query.engine_params({}):
            summary = self.current_build().summary(name)
            if summary is not None:
                return Rows(list(query.columns), summary[offset:end], title=query.description)
        engine = engine or query.engine
        spec = engine_spec(engine)
        with self._using(engine) as running:  # rows sorted after the engine (``order:``) are all read first
            _, rows = running.run(getattr(query, spec.language), bound, limit=None if query.order else end)
        if engine == "remote" and not rows:
            self._check_remote_graph()
        return Rows(list(query.columns), canonical_rows(query, rows)[offset:end], title=query.description)

    def _check_remote_graph(self) -> None:
        """Warn when the remote graph holds nothing: an empty answer then means a wrong graph, not no matches."""
        from medkg.graph.sparql_remote import SparqlTarget

        target = SparqlTarget.from_env()
        if not target.has_triples():
            self._warn(f"warning: the graph <{target.graph}> at {target.endpoint} holds no triples; load it with "
                       "`medkg push sparql` (or an .nq export) or set MEDKG_SPARQL_GRAPH to the graph that holds them")

    def _warn(self, message: str) -> None:
        """A warning for the user: through *progress* (the CLI prints it on stderr), else Python's warnings."""
        if self.progress is not None:
            self.progress(message)
        else:
            import warnings

            warnings.warn(message, stacklevel=3)

    def sparql(self, query: str, *, allow_service: tuple[str, ...] = (), limit: int | None = None) -> Rows:
        """Run a user SPARQL query, read-only; SERVICE only to endpoints in *allow_service*; at most *limit* rows.

        It runs in a worker process without network, stopped at ``timeout_s`` and ``max_memory``
        (:mod:`medkg.graph.worker`).

        :raises QueryError: for an update, a refused SERVICE, a syntax error, or a time or memory limit.
        """
        from medkg.graph import worker
        from medkg.graph.sparql import STORE_DIR
        from medkg.graph.sparql_guard import check_text

        check_text(query)  # cheap, so refused at once; the worker checks everything again
        cap = self._limit(limit)
        reply = worker.run({"kind": "sparql", "store": str(self.current_build().path / STORE_DIR), "query": query,
                            "limit": cap + 1, "allow_service": list(allow_service)}, self.timeout_s, self.max_memory)
        return _capped(Rows(reply["columns"], reply["rows"]), cap)

    def cypher(self, query: str, params: dict[str, Any] | None = None, *, engine: str | None = None,
               limit: int | None = None) -> Rows:
        """Run a user Cypher query, read-only, on *engine* (default: the ``cypher_engine`` setting).

        :raises QueryError: for a writing clause, a syntax error or a timeout.
        """
        from medkg.graph.cypher_guard import check_read_only

        check_read_only(query)
        spec = engine_spec(engine or settings.value("cypher_engine"), "cypher")
        cap = self._limit(limit)
        if spec.local:  # in a worker without network or file system, killed at the time and memory limits
            from medkg.graph import worker

            reply = worker.run({"kind": "cypher", "path": str(self.current_build().path), "query": query,
                                "params": params or {}, "limit": cap + 1, "timeout_s": self.timeout_s,
                                "buffer_pool": self.max_memory // 2}, self.timeout_s, self.max_memory)
            columns, rows = reply["columns"], reply["rows"]
        else:  # a server runs it in a read transaction, with its own limits
            with self._using(spec.name) as running:
                columns, rows = running.run(query, params or {}, limit=cap + 1)
        return _capped(Rows(columns, rows), cap)

    @staticmethod
    def _limit(limit: int | None) -> int:
        """The row cap: the setting by default; 0 asks for no rows (the CLI refuses ``--limit 0``)."""
        if limit is None:
            return int(settings.value("row_limit"))
        if limit < 0:
            raise UsageError(f"limit: expected a number of rows of at least 0, got {limit}")
        return limit

    def queries(self) -> Rows:
        """The named queries: name, descriptions, parameters and the engine that answers them by default."""
        from medkg.queries import all_queries

        described = [q.describe() for q in all_queries().values()]
        return Rows(["name", "description", "description_zh", "params", "engine"],
                    [{**d, "params": ", ".join(f"{p['name']}{'' if p['required'] else '?'}" for p in d["params"])}
                     for d in described])

    # ------------------------------------------------------------------ lookups
    def who_built(self, name: str, *, engine: str | None = None) -> Rows:
        """Developers and partners of the model called *name* (id, name or alias, any script), each row with the
        model's direct base models: the rows and columns of the named query ``who-built``.

        :raises NotFound: with the closest names as suggestions.
        """
        rows = self.run("who-built", {"name": name}, engine=engine)
        if not rows:
            raise NotFound("model", name, self._suggest(name, "model"))
        return rows

    def built_by(self, name: str, *, engine: str | None = None) -> Rows:
        """Models the organization called *name* developed or partnered in.

        :raises NotFound: when no organization has that name.
        """
        rows = self.run("built-by", {"name": name}, engine=engine)
        if not rows and not self._exists(name, "organization"):
            raise NotFound("organization", name, self._suggest(name, "organization"))
        return rows

    def lineage(self, name: str) -> Rows:
        """What the model called *name* is built on, transitively."""
        self._require_model(name)
        return self.run("lineage", {"name": name})

    def built_on(self, name: str) -> Rows:
        """Every model built on the base model called *name*, directly or transitively."""
        self._require_model(name)
        return self.run("built-on", {"name": name})

    def models(self, *, model_type: str = "", developer_type: str = "", specialty: str = "", base: str = "",
               year: int = 0, modality: str = "", access: str = "", include_foundation: bool = False,
               province: str = "", family: str = "", text: str = "", sort: str = "model_id", descending: bool = False,
               limit: int | None = None, offset: int = 0, engine: str | None = None) -> Rows:
        """Medical models (base models too with *include_foundation*, or with ``model_type="foundation"``), filtered by
        type, developer type, specialty, base model (transitively), year, modality, access, developer *province*,
        base-model *family* (registry id) and *text* (part of any name, any script); sorted by *sort* (see
        :data:`MODEL_SORTS`), *descending* or not; *limit* rows from *offset* (see :meth:`run` for paging).

        The one implementation behind ``medkg models`` and the explorer's ``/models``.
        """
        params = self._model_filters(model_type, developer_type, specialty, base, year, modality, access,
                                     include_foundation, province, family, text)
        params.update(_sorting(sort, descending, MODEL_SORTS))
        return self.run("models", params, engine=engine, limit=limit, offset=offset)

    def model_facets(self, *, model_type: str = "", developer_type: str = "", specialty: str = "", base: str = "",
                     year: int = 0, modality: str = "", access: str = "", include_foundation: bool = False,
                     province: str = "", family: str = "", text: str = "", engine: str | None = None) -> Rows:
        """How many of the models :meth:`models` returns for these filters have each value of each facet (model type,
        developer type, specialty, modality, access, family, province, year; facet ``total``: all of them)."""
        params = self._model_filters(model_type, developer_type, specialty, base, year, modality, access,
                                     include_foundation, province, family, text)
        return self.run("model-facets", params, engine=engine)

    def organizations(self, *, org_type: str = "", province: str = "", tier: str = "", listed: bool | None = None,
                      text: str = "", sort: str = "org_id", descending: bool = False, limit: int | None = None,
                      offset: int = 0, engine: str | None = None) -> Rows:
        """Organizations filtered by type, province, value-chain *tier*, *listed* (True: with a ticker, False:
        without) and *text* (part of any name), with their tiers and model counts; sorted by *sort* (see
        :data:`ORGANIZATION_SORTS`) and paged like :meth:`models`."""
        params = self._organization_filters(org_type, province, tier, listed, text)
        params.update(_sorting(sort, descending, ORGANIZATION_SORTS))
        return self.run("organization-list", params, engine=engine, limit=limit, offset=offset)

    def organization_facets(self, *, org_type: str = "", province: str = "", tier: str = "",
                            listed: bool | None = None, text: str = "", engine: str | None = None) -> Rows:
        """How many of the organizations :meth:`organizations` returns for these filters have each value of each
        facet (type, province, tier, listed; facet ``total``: all of them)."""
        return self.run("organization-facets", self._organization_filters(org_type, province, tier, listed, text),
                        engine=engine)

    @staticmethod
    def _organization_filters(org_type: str, province: str, tier: str, listed: bool | None,
                              text: str) -> dict[str, str]:
        _check_concepts((org_type, "org-type", "type"), (tier, "tier", "tier"))
        return {"type": org_type, "in_province": province, "tier": tier,
                "listed": "" if listed is None else "yes" if listed else "no", "text": text}

    def _model_filters(self, model_type: str, developer_type: str, specialty: str, base: str, year: int,
                       modality: str, access: str, include_foundation: bool, province: str, family: str,
                       text: str) -> dict[str, str]:
        """The filter parameters shared by ``models`` and ``model-facets``, checked against the vocabularies."""
        _check_concepts((model_type, "model-type", "--type"), (developer_type, "org-type", "--developer-type"),
                        (specialty, "specialty", "--specialty"), (modality, "modality", "--modality"),
                        (access, "access", "--access"))
        if base:
            self._require_model(base)
        return {"type": model_type, "developer_type": developer_type, "specialty": specialty, "base": base,
                "year": str(year), "of_modality": modality, "of_access": access,
                "with_foundation": "1" if include_foundation else "0", "province": province, "family": family,
                "text": text}

    def stats(self) -> dict[str, Rows]:
        """Counts by model type and by developer type."""
        return {"by model type": self.run("type-distribution"), "by developer type": self.run("developer-types")}

    def coverage(self, *, as_of: str | None = None) -> Rows:
        """The graph against the report's counts by type, with an all-types total row."""
        from medkg.base.dates import parse_date

        as_of = as_of or settings.value("as_of")
        date = parse_date(as_of)
        if date is None:
            raise UsageError(f"--as-of: expected a date like 2025-07-31, got {as_of!r}")
        rows = self.run("coverage", {"as_of": str(date)})
        if rows:
            total: dict[str, Any] = {c: sum(r[c] for r in rows) for c in ("reported", "held_by_date", "held_undated", "held")}
            stated = [r["value"] for r in self.run("report-figures") if r["measure"] == "medical_models_total"]
            total["reported"] = max(stated) if stated else total["reported"]
            total["coverage_pct"] = round(100 * total["held"] / total["reported"], 1) if total["reported"] else None
            rows.append({"model_type": "all medical", **total})
        return rows

    # ------------------------------------------------------------------ analytics
    def network(self, *, top: int = 10, section: str | None = None) -> dict[str, Rows]:
        """The organization collaboration network: hubs, components, communities, bridges (or one *section*)."""
        from medkg.graph import network as net

        if section is not None and section not in net.SECTIONS:
            raise UsageError(f"--section: expected one of {' | '.join(net.SECTIONS)}, got {section!r}")
        graph = net.collaboration_graph(self.registry())
        return {name: fn(graph, top) for name, fn in net.SECTIONS.items() if section in (None, name)}

    def validate(self) -> tuple[bool, str]:
        """Check the current build against the SHACL shapes; ``(conforms, report text)``."""
        from medkg.graph.validate import shacl_report

        return shacl_report(self.store())

    # ------------------------------------------------------------------ export and push
    def export(self, fmt: str, out: Path | BinaryIO, **options: Any) -> Any:
        """Write the graph in *fmt* (see :data:`medkg.sinks.EXPORTS`) to *out*: a binary stream, a file or a folder.

        Options go to the export: ``graph`` (the named graph of ``nq`` and ``trig``), ``with_models`` (models as
        nodes in ``graphml`` and ``gexf``).

        :raises UsageError: for an unknown format, or a stream where a folder is needed.
        """
        if fmt not in EXPORTS:
            raise UsageError(f"--format: expected one of {' | '.join(EXPORTS)}, got {fmt!r}")
        sink = EXPORTS[fmt]
        if sink.to_folder and not isinstance(out, Path):
            raise UsageError(f"export --format {fmt} writes several files: give a folder")
        source = self.store() if sink.reads == "store" else self.registry()
        if sink.reports_progress:
            options["progress"] = self.progress
        if isinstance(out, Path) and not sink.to_folder:
            if not out.parent.is_dir():
                raise UsageError(f"cannot write {out}: the folder {out.parent} does not exist")
            with open(out, "wb") as handle:
                return load(sink)(source, handle, **options)
        return load(sink)(source, out, **options)

    def push(self, target: str, **options: Any) -> Any:
        """Load the graph into a server: ``neo4j`` (options uri, user, database, replace, batch_size) or ``sparql``
        (options endpoint, graph, query_endpoint). Credentials come from the settings (environment) only."""
        if target not in PUSHES:
            raise UsageError(f"push: expected one of {' | '.join(PUSHES)}, got {target!r}")
        sink = PUSHES[target]
        source = self.store() if sink.reads == "store" else self.registry()
        return load(sink)(source, progress=self.progress, **options)

    # ------------------------------------------------------------------ helpers
    def _exists(self, name: str, kind: str) -> bool:
        return bool(self.run("name-lookup", {"kind": kind, "name": name}, limit=1))

    def _require_model(self, name: str) -> None:
        if not self._exists(name, "model"):
            raise NotFound("model", name, self._suggest(name, "model"))

    def _suggest(self, name: str, kind: str) -> list[str]:
        """Up to five names close to *name*: those containing it, then the closest of the names that share its first
        or last few characters (found with the ``search`` query, so the cost does not grow with the whole graph)."""
        import difflib

        from medkg.base.names import search_key

        key = search_key(name)
        containing: list[str] = []
        nearby: dict[str, str] = {}  # the search key of a name, or an id → the name
        for probe in dict.fromkeys(p for p in (key, key[:4], key[-4:]) if len(p) >= 2):
            for row in self.run("search", {"text": probe}, limit=SUGGESTION_CANDIDATES):
                if row["kind"] != kind:
                    continue
                if probe == key:  # one of its names or aliases contains the whole of *name*
                    containing.append(row["name"])
                nearby.setdefault(search_key(row["name"]), row["name"])
                nearby.setdefault(row["id"], row["name"])
        close = difflib.get_close_matches(key, list(nearby), n=5, cutoff=0.5)
        return list(dict.fromkeys(containing + [nearby[k] for k in close]))[:5]


def _check_concepts(*checks: tuple[str, str, str]) -> None:
    """Each (value, SKOS scheme, option): a given value must be a notation of its scheme.

    :raises UsageError: naming the option and the notations it takes.
    """
    from medkg.ontology import vocabulary

    for value, scheme, option in checks:
        if value and value not in vocabulary(scheme):
            raise UsageError(f"{option}: expected one of {' | '.join(vocabulary(scheme))}, got {value!r}")


def _sorting(sort: str, descending: bool, allowed: tuple[str, ...]) -> dict[str, str]:
    """The ``sort`` and ``reverse`` parameters of a sortable named query.

    :raises UsageError: for a column the query cannot sort by.
    """
    if sort not in allowed:
        raise UsageError(f"--sort: expected one of {' | '.join(allowed)}, got {sort!r}")
    return {"sort": sort, "reverse": "1" if descending else "0"}

"""The embedded Cypher engine: LadybugDB (the maintained fork of Kùzu), chosen by measurement (docs/engines.md).

Ladybug needs a typed schema: node tables from :data:`medkg.graph.property.NODE_SCHEMA` and relationship tables
from :data:`~medkg.graph.property.REL_SCHEMA`. It has one label per node, so named queries filter on
``model_type`` / ``org_type`` properties rather than Neo4j's secondary labels; both engines run them unchanged.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from medkg.base import settings
from medkg.base.errors import QueryError, StoreError
from medkg.base.model import Registry
from medkg.base.progress import Reporter, steps

# at import, not on error: the query worker has no file system by the time an error needs the hint
from .cypher_hints import hint
from .property import NODE_SCHEMA, PropertyGraph, property_graph, relationship_schema

CYPHER_DIR = "cypher"


def _ddl() -> list[str]:
    statements = []
    for label, props in NODE_SCHEMA.items():
        columns = ", ".join(f"{name} {kind}" for name, kind in props.items())
        statements.append(f"CREATE NODE TABLE {label}({columns}, PRIMARY KEY (id))")
    for rel_type, pairs, props in relationship_schema():
        ends = ", ".join(f"FROM {a} TO {b}" for a, b in pairs)
        columns = "".join(f", {name} {kind}" for name, kind in props.items())
        statements.append(f"CREATE REL TABLE {rel_type}({ends}{columns})")
    return statements


def write_build(registry: Registry, build_dir: Path, progress: Reporter | None = None) -> dict[str, int]:
    """Build sink: the property graph of *registry* as a Ladybug database in *build_dir*."""
    graph = property_graph(registry)
    nodes = sum(len(rows) for rows in graph.nodes.values())
    write_ladybug(graph, build_dir / CYPHER_DIR, progress)
    return {"property_graph_nodes": nodes}


def write_ladybug(graph: PropertyGraph, path: Path, progress: Reporter | None = None) -> None:
    """Create a new Ladybug database at *path* holding *graph*. Empties *graph* as it goes: each table is let go
    once copied, so the engine's memory grows as the rows' shrinks (at 1M models the rows are gigabytes)."""
    import ladybug

    options = {"buffer_pool_size": default_buffer_pool(), **_address_space_options()}
    try:
        database = ladybug.Database(str(path), **options)
    except RuntimeError as error:
        raise StoreError(f"cannot create the Cypher database at {path}: {' '.join(str(error).split())[:300]}") from None
    connection = ladybug.Connection(database)
    total = sum(len(rows) for rows in graph.nodes.values()) + sum(len(rels.rows) for rels in graph.relationships)
    try:
        with steps(progress, "nodes and relationships", total=total) as advance:
            _load_ladybug(connection, graph, advance)
    finally:
        connection.close()
        database.close()


def _load_ladybug(connection: Any, graph: PropertyGraph, advance: Callable[[int], None]) -> None:
    """Bulk-copy each node table, then each relationship table, from a pandas frame (Ladybug's COPY scans it
    directly: 10× faster than UNWIND batches of CREATE / MATCH … CREATE at 100k models)."""
    for statement in _ddl():
        connection.execute(statement)
    for label in list(graph.nodes):
        rows = graph.nodes.pop(label)
        _copy(connection, label, "", rows, list(NODE_SCHEMA[label]))  # the order _ddl() declared
        advance(len(rows))
    rel_props = {rel_type: list(props) for rel_type, _pairs, props in relationship_schema()}
    multi_pair = {rel_type for rel_type, pairs, _props in relationship_schema() if len(pairs) > 1}
    while graph.relationships:
        rels = graph.relationships.pop(0)
        ends = f" (from='{rels.start_label}', to='{rels.end_label}')" if rels.type in multi_pair else ""
        _copy(connection, rels.type, ends, rels.rows, ["from_id", "to_id", *rel_props[rels.type]])
        advance(len(rels.rows))


def _copy(connection: Any, table: str, options: str, rows: list[dict[str, Any]], columns: list[str]) -> None:
    """COPY *rows* into *table*: one object column per property in the table's declared order (COPY matches
    columns by position; object columns keep None as NULL, which pandas' nullable integer type does not)."""
    import pandas as pd

    if not rows:
        return
    frame = pd.DataFrame({column: pd.Series([row.get(column) for row in rows], dtype=object) for column in columns})
    # *table* and *options* come from the schema and the ontology; the values travel in the frame, a parameter
    connection.execute(f"COPY {table} FROM $frame{options}", {"frame": frame})


def default_buffer_pool() -> int:
    """The engine's memory for pages and query state: the ``cypher_buffer_bytes`` setting, or a quarter of the
    machine's memory (enough for whole-graph aggregations at 1M models, which 1 GiB was not)."""
    import os

    configured = int(settings.value("cypher_buffer_bytes"))
    return configured or os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 4


def _address_space_options() -> dict[str, Any]:
    """Under ``ulimit -v`` Ladybug's default 8 TB address-space reservation fails; reserve a quarter of the limit
    (a power of two) and a buffer pool of an eighth instead. Without a limit, the engine's defaults."""
    import resource

    soft, _ = resource.getrlimit(resource.RLIMIT_AS)
    if soft == resource.RLIM_INFINITY:
        return {}
    reserve = 1 << max(24, (soft // 4).bit_length() - 1)
    return {"max_db_size": reserve, "buffer_pool_size": max(16 * 1024**2, soft // 8)}


class EmbeddedCypher:
    """Read-only Cypher over a build's Ladybug database. Not thread-safe: one connection, used by one thread at a time.

    >>> # EmbeddedCypher(build.path).run("MATCH (m:Model) RETURN count(*) AS n")
    """

    language = "cypher"
    thread_safe = False

    def __init__(self, build_dir: Path, timeout_s: float | None = None, buffer_pool_bytes: int | None = None) -> None:
        import ladybug

        path = Path(build_dir) / CYPHER_DIR
        options: dict[str, Any] = {"buffer_pool_size": buffer_pool_bytes or default_buffer_pool(),
                                   **_address_space_options()}  # under `ulimit -v`, not 8 TB of address space
        try:
            self._database = ladybug.Database(str(path), read_only=True, **options)
        except RuntimeError as error:
            raise StoreError(f"cannot open the Cypher database at {path}: {' '.join(str(error).split())[:300]}; "
                             "if it is damaged, rebuild with `medkg build`") from None
        self._connection = ladybug.Connection(self._database)
        self._timeout_s = timeout_s
        self._set_timeout(timeout_s)

    def _set_timeout(self, timeout_s: float | None) -> None:
        if timeout_s:
            self._connection.set_query_timeout(max(1, round(timeout_s * 1000)))  # 0 would turn the timeout off

    def run(self, text: str, params: dict[str, Any] | None = None, *, limit: int | None = None,
            timeout_s: float | None = None) -> tuple[list[str], list[dict[str, Any]]]:
        if timeout_s is not None and timeout_s != self._timeout_s:
            self._set_timeout(timeout_s)
            self._timeout_s = timeout_s
        try:
            result = self._connection.execute(text, params or {})
        except RuntimeError as error:
            message = str(error).strip()
            if "interrupt" in message.lower() or "timeout" in message.lower():
                raise QueryError(f"the query did not finish within the time limit (raise it with --timeout): {message}") from None
            advice = hint(message)
            raise QueryError(f"Cypher error: {message}" + (f"\nhint: {advice}" if advice else "")) from None
        if isinstance(result, list):  # several statements: ladybug returns one result each
            for each in result:
                each.close()
            raise QueryError("Cypher: one statement per query (no ';' between statements)")
        columns = result.get_column_names()
        rows: list[dict[str, Any]] = []
        while result.has_next() and (limit is None or len(rows) < limit):
            rows.append(dict(zip(columns, result.get_next(), strict=True)))
        result.close()
        return columns, rows

    def close(self) -> None:
        self._connection.close()
        self._database.close()

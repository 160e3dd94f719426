"""The embedded Cypher engine: LadybugDB (the maintained fork of Kùzu), chosen by measurement (docs/engines.md).

Ladybug needs a typed schema: node tables from :data:`medkg.graph.property.NODE_SCHEMA` and relationship tables
from :data:`~medkg.graph.property.REL_SCHEMA`. It has one label per node, so named queries filter on
``model_type`` / ``org_type`` properties rather than Neo4j's secondary labels; both engines run them unchanged.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from medkg.errors import QueryError

from .property import NODE_SCHEMA, PropertyGraph, relationship_schema

BATCH = 5000


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


def write_ladybug(graph: PropertyGraph, path: Path) -> None:
    """Create a new Ladybug database at *path* holding *graph*."""
    import ladybug

    try:
        database = ladybug.Database(str(path), **_address_space_options())
    except RuntimeError as error:
        from medkg.errors import StoreError

        raise StoreError(f"cannot create the Cypher database at {path}: {' '.join(str(error).split())[:300]}") from None
    connection = ladybug.Connection(database)
    try:
        for statement in _ddl():
            connection.execute(statement)
        for label, rows in graph.nodes.items():
            props = ", ".join(f"{p}: r.{p}" for p in NODE_SCHEMA[label])
            for start in range(0, len(rows), BATCH):
                batch = [{p: row.get(p) for p in NODE_SCHEMA[label]} for row in rows[start:start + BATCH]]
                connection.execute(f"UNWIND $rows AS r CREATE (:{label} {{{props}}})", {"rows": batch})
        for rels in graph.relationships:
            names = [k for k in rels.rows[0] if k not in ("from_id", "to_id")] if rels.rows else []
            props = ", ".join(f"{p}: r.{p}" for p in names)
            statement = (f"UNWIND $rows AS r MATCH (a:{rels.start_label} {{id: r.from_id}}) "
                         f"MATCH (b:{rels.end_label} {{id: r.to_id}}) CREATE (a)-[:{rels.type} {{{props}}}]->(b)")
            for start in range(0, len(rels.rows), BATCH):
                connection.execute(statement, {"rows": rels.rows[start:start + BATCH]})
    finally:
        connection.close()
        database.close()


def _address_space_options() -> dict[str, int]:
    """Under ``ulimit -v`` Ladybug's default 8 TB address-space reservation fails; reserve a quarter of the limit
    (a power of two) and a buffer pool of an eighth instead. Without a limit, the engine's defaults."""
    import resource

    soft, _ = resource.getrlimit(resource.RLIMIT_AS)
    if soft == resource.RLIM_INFINITY:
        return {}
    reserve = 1 << max(24, (soft // 4).bit_length() - 1)
    return {"max_db_size": reserve, "buffer_pool_size": max(16 * 1024**2, soft // 8)}


class EmbeddedCypher:
    """Read-only Cypher over a build's Ladybug database.

    >>> # EmbeddedCypher(build.path / "cypher").run("MATCH (m:Model) RETURN count(*) AS n")
    """

    def __init__(self, path: Path | str, timeout_s: float | None = None, buffer_pool_bytes: int | None = None) -> None:
        import ladybug

        from medkg.errors import StoreError

        options = {"buffer_pool_size": buffer_pool_bytes} if buffer_pool_bytes else {}
        options = {**options, **_address_space_options()}  # under `ulimit -v`, not 8 TB of address space
        try:
            self._database = ladybug.Database(str(path), read_only=True, **options)
        except RuntimeError as error:
            raise StoreError(f"cannot open the Cypher database at {path}: {' '.join(str(error).split())[:300]}; "
                             "if it is damaged, rebuild with `medkg build`") from None
        self._connection = ladybug.Connection(self._database)
        if timeout_s:
            self._connection.set_query_timeout(max(1, round(timeout_s * 1000)))  # 0 would turn the timeout off

    def run(self, query: str, params: dict[str, Any] | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        try:
            result = self._connection.execute(query, params or {})
        except RuntimeError as error:
            message = str(error).strip()
            if "interrupt" in message.lower() or "timeout" in message.lower():
                raise QueryError(f"the query did not finish within the time limit (raise it with --timeout): {message}") from None
            raise QueryError(f"Cypher error: {message}") from None
        columns = result.get_column_names()
        rows = []
        while result.has_next() and (limit is None or len(rows) < limit):
            rows.append(dict(zip(columns, result.get_next())))
        result.close()
        return rows

    def close(self) -> None:
        self._connection.close()
        self._database.close()

"""Neo4j sink and reader over Bolt (``bolt://`` or ``neo4j://`` routing URIs).

The password comes from ``NEO4J_PASSWORD`` only, never from a command-line argument. Every medkg node also carries
the label ``MedKG`` so ``--replace`` deletes medkg's nodes and nothing else. Pushing is idempotent: nodes are
``MERGE``d on their registry id and relationships on their endpoints (and id where they have one), in batched
``UNWIND`` transactions that the driver retries on transient errors.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from medkg.base import settings
from medkg.base.errors import QueryError, ServerError, UsageError
from medkg.base.model import Registry
from medkg.base.progress import Reporter, steps

from .property import NODE_SCHEMA, PropertyGraph, property_graph, secondary_labels

MEDKG_LABEL = "MedKG"
BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


def _driver_errors() -> tuple[type[BaseException], ...]:
    from neo4j import exceptions as e

    return (e.ServiceUnavailable, e.SessionExpired, e.AuthError, e.Neo4jError, e.DriverError, OSError)


def describe(error: BaseException, uri: str, user: str) -> str:
    """One line a person can act on, without secrets."""
    from neo4j import exceptions as e

    if isinstance(error, e.AuthError):
        return f"Neo4j at {uri} refused the credentials of user {user!r} (check NEO4J_USER / NEO4J_PASSWORD)"
    if isinstance(error, (e.ServiceUnavailable, e.SessionExpired, OSError)):
        return f"cannot reach Neo4j at {uri}: {str(error).splitlines()[0] if str(error) else type(error).__name__}"
    code = getattr(error, "code", None) or type(error).__name__
    if code and "Forbidden" in code:
        return f"Neo4j at {uri} does not allow user {user!r} to write ({code})"
    message = getattr(error, "message", None) or str(error)
    return f"Neo4j error {code}: {message.splitlines()[0] if message else ''}"


class Neo4jTarget:
    """A Neo4j database to push to and read from. Use as a context manager."""

    def __init__(self, uri: str, user: str, password: str, database: str | None = None, retry_s: float = 30.0) -> None:
        self.uri, self.user, self.database, self.retry_s = uri, user, database, retry_s
        self._password = password
        self._driver: Any = None

    @classmethod
    def from_env(cls, uri: str | None = None, user: str | None = None, database: str | None = None,
                 retry_s: float = 30.0) -> Neo4jTarget:
        """From arguments, else ``NEO4J_URI`` / ``NEO4J_USER`` / ``NEO4J_DATABASE``; the password only from ``NEO4J_PASSWORD``.

        Transient failures are retried with backoff for up to *retry_s* seconds per transaction.
        """
        uri = uri or settings.value("neo4j_uri")
        if not uri:
            raise UsageError("no Neo4j server: pass --uri bolt://HOST:7687 or set NEO4J_URI")
        scheme = uri.split("://", 1)[0] if "://" in uri else ""
        if scheme not in BOLT_SCHEMES:
            raise UsageError(f"--uri: expected a {' | '.join(s + '://' for s in BOLT_SCHEMES)} URI, got {uri!r}")
        password = settings.value("neo4j_password")
        if password is None:
            raise UsageError("set NEO4J_PASSWORD in the environment (passwords are never taken from arguments)")
        return cls(uri, user or settings.value("neo4j_user"), password,
                   database or settings.value("neo4j_database"), retry_s)

    def __enter__(self) -> Neo4jTarget:
        from neo4j import GraphDatabase

        try:
            self._driver = GraphDatabase.driver(self.uri, auth=(self.user, self._password),
                                                connection_timeout=10, max_transaction_retry_time=self.retry_s,
                                                notifications_min_severity="OFF")
            self._driver.verify_connectivity()
        except ValueError as error:  # the driver's word for a malformed URI
            self.close()
            raise UsageError(f"--uri: {error}") from None
        except _driver_errors() as error:
            self.close()
            raise ServerError(describe(error, self.uri, self.user)) from None
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._driver is not None:
            self._driver.close()
            self._driver = None

    # ------------------------------------------------------------------ reading
    def read(self, query: str, params: dict[str, Any] | None = None, limit: int | None = None,
             timeout_s: float | None = None) -> list[dict[str, Any]]:
        """Run *query* in a read transaction (the server refuses writes in it), stopped by the server after *timeout_s*."""
        from neo4j import unit_of_work

        @unit_of_work(timeout=timeout_s)
        def work(tx: Any) -> list[dict[str, Any]]:
            result = tx.run(query, params or {})
            rows = []
            for record in result:
                rows.append(dict(record))
                if limit is not None and len(rows) >= limit:
                    break
            return rows

        from neo4j import exceptions as e

        try:
            with self._driver.session(database=self.database) as session:
                return session.execute_read(work)
        except (e.ClientError, e.CypherSyntaxError) as error:
            raise QueryError(describe(error, self.uri, self.user)) from None
        except _driver_errors() as error:
            raise ServerError(describe(error, self.uri, self.user)) from None

    def counts(self) -> dict[str, int]:
        """medkg's nodes by label and relationships by type in the server."""
        counts: dict[str, int] = {}
        for label in NODE_SCHEMA:
            rows = self.read(f"MATCH (n:{label}:{MEDKG_LABEL}) RETURN count(n) AS n")
            counts[label] = rows[0]["n"]
        for row in self.read(f"MATCH (:{MEDKG_LABEL})-[r]->(:{MEDKG_LABEL}) RETURN type(r) AS t, count(r) AS n"):
            counts[row["t"]] = row["n"]
        return counts

    # ------------------------------------------------------------------ writing
    def _write(self, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run *query* in a managed write transaction (retried on transient errors); its rows."""
        try:
            with self._driver.session(database=self.database) as session:
                return session.execute_write(lambda tx: [dict(r) for r in tx.run(query, params or {})])
        except _driver_errors() as error:
            raise ServerError(describe(error, self.uri, self.user)) from None

    def push(self, graph: PropertyGraph, replace: bool = False, batch_size: int = 1000,
             progress: Reporter | None = None) -> dict[str, int]:
        """Load *graph*: constraints first, then nodes, secondary labels and relationships in batches."""
        say = progress or (lambda _m: None)
        say(f"pushing to {self.uri}")
        for label in NODE_SCHEMA:
            self._write(f"CREATE CONSTRAINT medkg_{label.lower()}_id IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE")
        for label, prop in (("Model", "model_type"), ("Organization", "org_type"), ("Model", "release_year")):
            self._write(f"CREATE INDEX medkg_{label.lower()}_{prop} IF NOT EXISTS FOR (n:{label}) ON (n.{prop})")
        if replace:
            say("deleting medkg's previous nodes")
            self._delete_medkg_nodes(batch_size)
        total = sum(len(rows) for rows in graph.nodes.values()) + sum(len(rels.rows) for rels in graph.relationships)
        with steps(progress, "nodes and relationships", total=total) as advance:
            self._push_nodes(graph, batch_size, advance)
            self._push_relationships(graph, batch_size, advance)
        return self.counts()

    def _push_nodes(self, graph: PropertyGraph, batch_size: int, advance: Callable[[int], None]) -> None:
        for label, rows in graph.nodes.items():
            for batch in _batches(rows, batch_size):
                self._write(f"UNWIND $rows AS r MERGE (n:{label} {{id: r.id}}) SET n += r, n:{MEDKG_LABEL}", {"rows": batch})
                advance(len(batch))
        for label, prop in (("Model", "model_type"), ("Organization", "org_type")):
            for notation, extra in secondary_labels(label).items():
                self._write(f"MATCH (n:{label}:{MEDKG_LABEL}) WHERE n.{prop} <> $t AND n:{extra} REMOVE n:{extra}", {"t": notation})
                self._write(f"MATCH (n:{label}:{MEDKG_LABEL}) WHERE n.{prop} = $t SET n:{extra}", {"t": notation})

    def _push_relationships(self, graph: PropertyGraph, batch_size: int, advance: Callable[[int], None]) -> None:
        for rels in graph.relationships:
            keyed = bool(rels.rows) and "id" in rels.rows[0]
            merge = f"MERGE (a)-[x:{rels.type} {{id: r.id}}]->(b)" if keyed else f"MERGE (a)-[x:{rels.type}]->(b)"
            statement = (f"UNWIND $rows AS r MATCH (a:{rels.start_label} {{id: r.from_id}}) "
                         f"MATCH (b:{rels.end_label} {{id: r.to_id}}) {merge} SET x += r.props")
            for batch in _batches(rels.rows, batch_size):
                rows = [{"from_id": r["from_id"], "to_id": r["to_id"], "id": r.get("id"),
                         "props": {k: v for k, v in r.items() if k not in ("from_id", "to_id")}} for r in batch]
                self._write(statement, {"rows": rows})
                advance(len(batch))

    def _delete_medkg_nodes(self, batch_size: int) -> None:
        query = f"MATCH (n:{MEDKG_LABEL}) WITH n LIMIT $n DETACH DELETE n RETURN count(*) AS deleted"
        while self._write(query, {"n": batch_size})[0]["deleted"]:
            pass


def push_registry(registry: Registry, *, uri: str | None = None, user: str | None = None, database: str | None = None,
                  replace: bool = False, batch_size: int | None = None,
                  progress: Reporter | None = None) -> dict[str, int]:
    """Push sink: the registry's property graph into Neo4j; medkg's node and relationship counts there."""
    with Neo4jTarget.from_env(uri=uri, user=user, database=database) as target:
        return target.push(property_graph(registry), replace=replace,
                           batch_size=batch_size or settings.value("neo4j_batch_size"), progress=progress)


class Neo4jEngine:
    """Cypher on the Neo4j server named by the settings (``NEO4J_URI`` …), in read transactions."""

    language = "cypher"
    thread_safe = True

    def __init__(self, build_dir: Path | None = None, timeout_s: float | None = None) -> None:
        self._target = Neo4jTarget.from_env().__enter__()
        self.timeout_s = timeout_s

    def run(self, text: str, params: dict[str, Any] | None = None, *, limit: int | None = None,
            timeout_s: float | None = None) -> tuple[list[str], list[dict[str, Any]]]:
        rows = self._target.read(text, params, limit, timeout_s if timeout_s is not None else self.timeout_s)
        return (list(rows[0]) if rows else []), rows

    def close(self) -> None:
        self._target.close()


def _batches(rows: list[dict[str, Any]], size: int) -> list[list[dict[str, Any]]]:
    return [rows[i:i + size] for i in range(0, len(rows), size)]

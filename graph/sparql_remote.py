"""Loading the graph into a SPARQL store a team already runs, and running the named queries there.

Loading uses SPARQL 1.1 Update over HTTP: ``DROP SILENT GRAPH <g>`` then ``INSERT DATA { GRAPH <g> { … } }`` in
batches, so only medkg's named graph is replaced and pushing twice gives the same graph. Reading sends the named
query with ``default-graph-uri=<g>``, so the same query text sees medkg's graph as its default graph. A remote
endpoint has no parameter mechanism, so parameters are bound with a ``VALUES`` block of RDF terms serialized by
pyoxigraph (quoted and escaped like N-Triples), never by pasting user text into the query.
"""
from __future__ import annotations

import base64
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

from medkg.base import settings
from medkg.base.errors import QueryError, ServerError, UsageError
from medkg.base.progress import Reporter, say, steps
from medkg.base.terms import python_value

DEFAULT_GRAPH: str = settings.SETTINGS["sparql_graph"].default
BATCH_TRIPLES = 5000
_WHERE = re.compile(r"\bWHERE\s*\{", re.I)


class SparqlTarget:
    """A remote SPARQL 1.1 service: ``endpoint`` answers queries, ``update_endpoint`` takes updates."""

    def __init__(self, endpoint: str, graph: str = DEFAULT_GRAPH, update_endpoint: str | None = None,
                 timeout_s: float = 120.0) -> None:
        for url in (endpoint, update_endpoint or endpoint):
            if not url.startswith(("http://", "https://")):
                raise UsageError(f"--endpoint: expected an http(s) URL, got {url!r}")
        self.endpoint, self.update_endpoint = endpoint, update_endpoint or endpoint
        self.graph, self.timeout_s = graph, timeout_s
        user, password = settings.value("sparql_user"), settings.value("sparql_password")
        self._auth = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode() if user and password else None

    @classmethod
    def from_env(cls) -> SparqlTarget:
        endpoint = settings.value("sparql_endpoint")
        if not endpoint:
            raise UsageError("set MEDKG_SPARQL_ENDPOINT (and MEDKG_SPARQL_GRAPH if not the default) to query a remote store")
        return cls(endpoint, settings.value("sparql_graph"))

    def _post(self, url: str, data: dict[str, str], accept: str | None = None) -> bytes:
        request = urllib.request.Request(url, data=urllib.parse.urlencode(data).encode(), method="POST")
        request.add_header("Content-Type", "application/x-www-form-urlencoded")
        if accept:
            request.add_header("Accept", accept)
        if self._auth:
            request.add_header("Authorization", self._auth)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout_s) as response:
                return response.read()
        except urllib.error.HTTPError as error:
            detail = error.read(300).decode("utf-8", errors="replace").strip().splitlines()
            raise ServerError(f"{url} answered HTTP {error.code}: {detail[0] if detail else error.reason}") from None
        except (urllib.error.URLError, OSError) as error:
            raise ServerError(f"cannot reach {url}: {getattr(error, 'reason', error)}") from None

    def push(self, store: Any, progress: Reporter | None = None) -> int:
        """Replace the named graph with every triple of the default graph of *store*; returns the triple count."""
        import pyoxigraph as ox

        graph = f"<{self.graph}>"
        self._post(self.update_endpoint, {"update": f"DROP SILENT GRAPH {graph}"})
        batch: list[str] = []
        total = 0
        with steps(progress, "triples", total=len(store)) as advance:
            for quad in store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
                batch.append(f"{quad.subject} {quad.predicate} {quad.object} .")
                if len(batch) >= BATCH_TRIPLES:
                    total += self._insert(graph, batch)
                    advance(len(batch))
                    batch = []
            if batch:
                total += self._insert(graph, batch)
                advance(len(batch))
        say(progress, f"{total} triples in {self.graph}")
        return total

    def _insert(self, graph: str, lines: list[str]) -> int:
        self._post(self.update_endpoint, {"update": f"INSERT DATA {{ GRAPH {graph} {{\n" + "\n".join(lines) + "\n} }"})
        return len(lines)

    def count(self) -> int:
        rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", {})
        return int(rows[0]["n"])

    def has_triples(self) -> bool:
        """Whether medkg's graph (the default graph of remote queries) holds anything at all."""
        body = self._post(self.endpoint, {"query": "ASK { ?s ?p ?o }", "default-graph-uri": self.graph},
                          "application/sparql-results+json")
        try:
            return bool(json.loads(body)["boolean"])
        except (ValueError, KeyError):
            raise QueryError(f"{self.endpoint} did not answer an ASK with SPARQL JSON results") from None

    def select(self, query: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        """Run a SELECT with *params* bound, over medkg's graph as the default graph."""
        body = self._post(self.endpoint, {"query": bind_values(query, params), "default-graph-uri": self.graph},
                          "application/sparql-results+json")
        try:
            results = json.loads(body)
        except ValueError:
            raise QueryError(f"{self.endpoint} did not answer with SPARQL JSON results") from None
        variables = results["head"]["vars"]
        return [{v: _value(b.get(v)) for v in variables} for b in results["results"]["bindings"]]


def push_store(store: Any, *, endpoint: str, graph: str | None = None, query_endpoint: str | None = None,
               progress: Reporter | None = None) -> tuple[str, int]:
    """Push sink: every triple of *store* into the named graph of a remote store; (graph IRI, triple count)."""
    target = SparqlTarget(query_endpoint or endpoint, graph or settings.value("sparql_graph"), update_endpoint=endpoint)
    return target.graph, target.push(store, progress=progress)


class RemoteSparqlEngine:
    """The named queries on a remote SPARQL store (``MEDKG_SPARQL_ENDPOINT``), over medkg's named graph."""

    language = "sparql"
    thread_safe = True

    def __init__(self, build_dir: Path | None = None, timeout_s: float | None = None) -> None:
        self._target = SparqlTarget.from_env()

    def run(self, text: str, params: dict[str, Any] | None = None, *, limit: int | None = None,
            timeout_s: float | None = None) -> tuple[list[str], list[dict[str, Any]]]:
        rows = self._target.select(text, params or {})[:limit]
        return (list(rows[0]) if rows else []), rows

    def close(self) -> None:
        """Nothing to release: every request is its own connection."""


def bind_values(query: str, params: dict[str, Any]) -> str:
    """Put ``VALUES (?p …) { (term …) }`` at the start of the outermost WHERE group."""
    if not params:
        return query
    from medkg.graph.sparql import literal

    match = _WHERE.search(query)
    if match is None:
        raise QueryError("cannot bind parameters: the query has no WHERE clause")
    names = " ".join(f"?{name}" for name in params)
    terms = " ".join(str(literal(value)) for value in params.values())
    return f"{query[:match.end()]}\n  VALUES ({names}) {{ ({terms}) }}\n{query[match.end():]}"


def _value(term: dict[str, str] | None) -> Any:
    return None if term is None else python_value(term["value"], term.get("datatype"))

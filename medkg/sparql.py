"""Running SPARQL on pyoxigraph: parameters bound as substitutions, terms converted to Python values,
and user queries checked before the engine sees them (no updates, no SERVICE unless allowed)."""
from __future__ import annotations

import threading
from itertools import islice
from collections.abc import Callable
from typing import Any, TypeVar

from medkg.errors import QueryError
from medkg.ontology import PREFIXES, XSD

T = TypeVar("T")
_INTEGER = {XSD + t for t in ("integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger")}
_FLOAT = {XSD + t for t in ("decimal", "double", "float")}


def python_value(term: Any) -> Any:
    """pyoxigraph term → str / int / float / bool (IRIs as their string)."""
    if term is None:
        return None
    datatype = getattr(term, "datatype", None)
    if datatype is None:
        return term.value
    if datatype.value in _INTEGER:
        return int(term.value)
    if datatype.value in _FLOAT:
        return float(term.value)
    if datatype.value == XSD + "boolean":
        return term.value in ("true", "1")
    return term.value


def literal(value: Any) -> Any:
    import pyoxigraph as ox

    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=ox.NamedNode(XSD + "boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))
    return ox.Literal("" if value is None else str(value))


def run(store: Any, query: str, params: dict[str, Any] | None = None, limit: int | None = None,
        timeout_s: float | None = None) -> tuple[list[str], list[dict[str, Any]]]:
    """Run a SELECT/ASK/CONSTRUCT on *store*; returns (columns, rows), stopping after *limit* rows.

    With *timeout_s* the query runs in a worker thread (pyoxigraph releases the GIL while it evaluates) and a
    :class:`QueryError` is raised when it has not finished in time; the abandoned thread is a daemon, so a CLI
    process still exits at once.
    """
    if timeout_s is None:
        return _run(store, query, params, limit)
    return within(lambda: _run(store, query, params, limit), timeout_s)


def within(work: Callable[[], T], timeout_s: float) -> T:
    """``work()`` in a daemon worker thread; its result, its exception, or a :class:`QueryError` after *timeout_s*.

    pyoxigraph objects must be created, used and freed in one thread, so *work* should return plain Python values.
    """
    outcome: dict[str, Any] = {}

    def run_work() -> None:
        try:
            outcome["result"] = work()
        except BaseException as error:  # re-raised in the caller's thread
            # Without its traceback, so pyoxigraph objects in the worker's frames are freed in the worker's thread.
            outcome["error"] = error.with_traceback(None)

    worker = threading.Thread(target=run_work, daemon=True, name="medkg-query")
    worker.start()
    worker.join(timeout_s)
    if worker.is_alive():
        raise QueryError(f"the query did not finish within {timeout_s:g} s (raise the limit with --timeout)")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]


def _run(store: Any, query: str, params: dict[str, Any] | None, limit: int | None) -> tuple[list[str], list[dict[str, Any]]]:
    """Parameters are SEP-0007 substitutions.

    Oxigraph substitutes only variables that the query projects, so named queries list their parameters in SELECT.
    """
    import pyoxigraph as ox

    substitutions = {ox.Variable(k): literal(v) for k, v in (params or {}).items()}
    try:
        result = store.query(query, prefixes=PREFIXES, substitutions=substitutions)
    except SyntaxError as error:
        raise QueryError(f"SPARQL syntax error: {error}") from None
    except (OSError, RuntimeError) as error:  # RocksDB reports a damaged file as RuntimeError("Corruption: …")
        hint = "; the store is damaged: rebuild with `medkg build`" if "Corruption" in str(error) else ""
        raise QueryError(f"SPARQL error: {' '.join(str(error).split())[:500]}{hint}") from None
    if isinstance(result, (bool, getattr(ox, "QueryBoolean", bool))):
        return ["result"], [{"result": bool(result)}]
    if isinstance(result, ox.QuerySolutions):
        columns = [v.value for v in result.variables]
        rows = [{c: python_value(solution[c]) for c in columns} for solution in islice(result, limit)]
        return columns, rows
    triples = [{"subject": str(t.subject), "predicate": str(t.predicate), "object": str(t.object)}
               for t in islice(result, limit)]  # islice: a limit of 0 is no rows
    return ["subject", "predicate", "object"], triples


def check_read_only(query: str, allow_service: tuple[str, ...] = ()) -> list[str]:
    """Refuse SPARQL Update and any SERVICE clause whose endpoint is not in *allow_service*; returns the (allowed)
    SERVICE endpoints the query calls.

    pyoxigraph sends the HTTP request of a SERVICE clause itself and has no switch to stop it, so the query is
    parsed first (rdflib's parser and algebra) and its whole tree searched. Text that rdflib and Oxigraph would
    read differently (``\\u`` escapes) is refused first (:mod:`medkg.graph.sparql_guard`); the query worker's
    empty network namespace is the second barrier (:mod:`medkg.worker`).
    """
    from rdflib.plugins.sparql import parser
    from rdflib.plugins.sparql.algebra import translateQuery

    from medkg.graph.sparql_guard import check_text

    check_text(query)

    try:
        parsed = parser.parseQuery(query)
    except Exception as error:  # pyparsing.ParseException and friends
        if _looks_like_update(query):
            raise QueryError("SPARQL updates are refused: the store is read-only (use `medkg build` to change the graph)") from None
        raise QueryError(f"SPARQL syntax error: {str(error).splitlines()[0]}") from None
    algebra = translateQuery(parsed, initNs=PREFIXES).algebra
    endpoints = _service_endpoints(algebra)
    for endpoint in endpoints:
        if endpoint not in allow_service:
            raise QueryError(f"SPARQL SERVICE <{endpoint}> is refused: federated queries are off "
                             "(allow an endpoint with --allow-service URL)")
    return endpoints


def _looks_like_update(query: str) -> bool:
    from rdflib.plugins.sparql import parser

    try:
        parser.parseUpdate(query)
        return True
    except Exception:  # not an update either
        return False


def _service_endpoints(node: Any) -> list[str]:
    found: list[str] = []
    stack, seen = [node], set()
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if getattr(current, "name", None) == "ServiceGraphPattern":
            found.append(str(current.get("term")))
        if isinstance(current, dict):
            stack.extend(current.values())
        elif isinstance(current, (list, tuple)):
            stack.extend(current)
    return found

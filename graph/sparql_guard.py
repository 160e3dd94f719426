"""Checks on the text of a user SPARQL query that must hold before any parser sees it.

The SERVICE guard (:func:`medkg.graph.sparql.check_read_only`) parses the query with rdflib, and rdflib expands
``\\uXXXX`` / ``\\UXXXXXXXX`` escapes over the whole query text before parsing (as the SPARQL grammar allows),
while Oxigraph unescapes them only inside IRIs and string literals. A ``\\u0022`` inside a string literal therefore
ends the string for the guard but not for the engine, and the two see different queries. Rather than decide which
reading is right, a query that contains such an escape anywhere is refused: the two parsers then read the same
characters. Write the character itself instead (queries are Unicode text).

>>> check_text('SELECT * WHERE { ?s ?p "華佗" }')
>>> check_text('SELECT * WHERE { ?s ?p "x\\\\u0022" }')
Traceback (most recent call last):
...
medkg.base.errors.QueryError: SPARQL \\u and \\U escapes are refused (they read differently in the guard and the engine): write the character itself
"""
from __future__ import annotations

import re

from medkg.base.errors import QueryError

_UNICODE_ESCAPE = re.compile(r"\\[uU]")
_SERVICE_WORD = re.compile(r"service", re.I)
MAX_QUERY_CHARS = 1_000_000
MAX_NESTING = 1000  # ( { [ levels; deeper queries are refused in one line


def check_text(query: str) -> None:
    """Refuse a query whose meaning would depend on escape handling, or that is absurdly long."""
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError(f"the SPARQL query is {len(query):,} characters long; the limit is {MAX_QUERY_CHARS:,}")
    depth = deepest = 0
    for char in query:
        if char in "({[":
            depth += 1
            deepest = max(deepest, depth)
        elif char in ")}]":
            depth -= 1
    if deepest > MAX_NESTING:
        raise QueryError(f"the SPARQL query is nested {deepest} levels deep; the limit is {MAX_NESTING}")
    if _UNICODE_ESCAPE.search(query):
        raise QueryError("SPARQL \\u and \\U escapes are refused (they read differently in the guard and the engine): "
                         "write the character itself")


def mentions_service(query: str) -> bool:
    """True when the word SERVICE appears anywhere (any case): the conservative test used when the worker cannot be
    cut off from the network. Keywords cannot be escaped in SPARQL, and :func:`check_text` has refused ``\\u``."""
    return bool(_SERVICE_WORD.search(query))

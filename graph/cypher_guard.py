"""Refuse Cypher that writes, before any engine sees it (Neo4j additionally runs user queries in a read transaction).

>>> check_read_only("MATCH (m:Model) WHERE m.name = 'CREATE' RETURN m")
>>> check_read_only("MATCH (m) DETACH DELETE m")
Traceback (most recent call last):
...
medkg.base.errors.QueryError: Cypher DELETE is refused: queries are read-only
"""
from __future__ import annotations

import re

from medkg.base.errors import QueryError

_STRINGS = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`")
_COMMENTS = re.compile(r"//[^\n]*|/\*.*?\*/", re.S)
_WRITES = re.compile(
    r"\b(CREATE|MERGE|DELETE|SET|REMOVE|DROP|ALTER|GRANT|DENY|REVOKE|FOREACH|LOAD\s+CSV|"
    r"CALL\s+(?:dbms|db\.(?:create|drop|index|awaitIndex|clearQueryCaches)|apoc\.(?:create|merge|refactor|periodic|load|export|cypher)|tx))\b",
    re.I)


def check_read_only(query: str) -> None:
    """Raise :class:`QueryError` when *query* has a writing clause (strings and comments are ignored)."""
    code = _COMMENTS.sub(" ", _STRINGS.sub("''", query))
    match = _WRITES.search(code)
    if match:
        clause = " ".join(match.group(1).upper().split())
        raise QueryError(f"Cypher {clause} is refused: queries are read-only")

"""User Cypher is read-only by construction: a real tokenisation, then an allow-list of read clauses.

The query is split into tokens (strings with their escapes, backtick names, ``//`` and ``/* */`` comments, numbers,
parameters, names, punctuation); a character that is none of these is refused. Comments are dropped and strings
are values, so neither can hide or fake a keyword. Then:

* one statement only (a ``;`` may only end the query);
* every statement and every ``{ … }`` subquery starts with a read clause (``MATCH``, ``OPTIONAL MATCH``, ``WITH``,
  ``UNWIND``, ``RETURN``, ``CALL``; ``EXPLAIN``/``PROFILE`` in front), and so does every part after ``UNION``;
* every clause keyword of Neo4j or Ladybug/Kùzu that is not a read keyword (``CREATE``, ``MERGE``, ``SET``,
  ``DELETE``, ``REMOVE``, ``COPY``, ``LOAD``, ``INSTALL``, ``ATTACH``, ``EXPORT``, ``IMPORT``, ``CHECKPOINT``,
  ``USE``, ``FOREACH``, ``DROP``, ``ALTER``, ``BEGIN``, ``COMMIT``, ``SHOW``, ``GRANT``, …) is refused wherever it
  stands as a keyword (a property key ``n.set`` or a label ``:Create`` is not a keyword; a variable must be
  backticked to be called ``set``);
* ``CALL`` is followed by ``{`` (a subquery, itself checked) or by a procedure on :data:`READ_PROCEDURES`;
  ``CALL name=value`` (a Ladybug setting, e.g. ``CALL timeout=0``) is refused;
* a namespaced function (``ns.fn(…)``) must be in a temporal/spatial namespace or on :data:`READ_PROCEDURES`, so
  ``apoc.*`` writers and ``db.create*`` cannot be reached as functions either.

>>> check_read_only("MATCH (m:Model) WHERE m.name = 'CREATE' RETURN m // DELETE")
>>> check_read_only("MATCH (m) DETACH DELETE m")
Traceback (most recent call last):
...
medkg.base.errors.QueryError: Cypher DETACH DELETE is refused: queries are read-only
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from medkg.base.errors import QueryError

READ_STARTS = {"MATCH", "OPTIONAL", "WITH", "UNWIND", "RETURN", "CALL"}
READ_KEYWORDS = READ_STARTS | {
    "WHERE", "ORDER", "BY", "ASC", "ASCENDING", "DESC", "DESCENDING", "SKIP", "LIMIT", "UNION", "ALL", "AS",
    "DISTINCT", "CASE", "WHEN", "THEN", "ELSE", "END", "AND", "OR", "NOT", "XOR", "IN", "IS", "NULL", "STARTS",
    "ENDS", "CONTAINS", "EXISTS", "COUNT", "TRUE", "FALSE", "YIELD", "EXPLAIN", "PROFILE", "SHORTEST", "ANY",
}
# Clause keywords of Neo4j 5 and Ladybug/Kùzu that are not reads: refused wherever they stand as keywords.
OTHER_CLAUSES = {
    "CREATE", "MERGE", "DELETE", "DETACH", "SET", "REMOVE", "DROP", "ALTER", "RENAME", "COPY", "LOAD", "INSTALL",
    "UNINSTALL", "ATTACH", "USE", "EXPORT", "IMPORT", "CHECKPOINT", "FOREACH", "BEGIN", "COMMIT", "ROLLBACK",
    "GRANT", "DENY", "REVOKE", "SHOW", "TERMINATE", "ENABLE", "DISABLE", "FINISH", "INSERT", "UPDATE", "UPSERT",
    "TRUNCATE",
}
_SECOND_WORDS = {"DELETE", "CSV", "EXTENSION", "DATABASE", "FROM", "TABLE", "TRANSACTION", "WITH"}
# Procedures a user query may CALL (lower case): schema and catalogue listings of the two engines.
READ_PROCEDURES = {
    "db.labels", "db.relationshiptypes", "db.propertykeys", "db.schema.visualization", "db.schema.nodetypeproperties",
    "db.schema.reltypeproperties", "show_tables", "table_info", "show_connection", "show_functions",
}
FUNCTION_NAMESPACES = {"date", "datetime", "localdatetime", "time", "localtime", "duration", "point", "vector"}
MAX_QUERY_CHARS = 100_000


@dataclass(frozen=True)
class Token:
    kind: str  # name | quoted | string | number | param | punct
    text: str
    at: int


_TOKEN = re.compile(r"""
    (?P<space>\s+)
  | (?P<comment>//[^\n]*|/\*.*?\*/)
  | (?P<unterminated>/\*)
  | (?P<string>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")
  | (?P<quoted>`(?:[^`]|``)*`)
  | (?P<number>\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|0x[0-9a-fA-F]+)
  | (?P<param>\$\w+)
  | (?P<name>[^\W\d]\w*)
  | (?P<punct><>|<=|>=|=~|->|<-|\.\.|\+=|[-(){}\[\],.:;|*+/%^=<>!?&])
""", re.X | re.S)


def tokenize(query: str) -> list[Token]:
    """The query's tokens without spaces and comments; unterminated strings/comments and stray characters refused."""
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError(f"the Cypher query is {len(query):,} characters long; the limit is {MAX_QUERY_CHARS:,}")
    tokens, at = [], 0
    while at < len(query):
        match = _TOKEN.match(query, at)
        if match is None:
            rest = query[at:at + 2]
            what = ("an unterminated string" if rest[:1] in "'\"`" else
                    "an unterminated comment" if rest == "/*" else f"the character {query[at]!r}")
            raise QueryError(f"Cypher query refused: {what} at offset {at}")
        kind = match.lastgroup or ""
        if kind == "unterminated":
            raise QueryError(f"Cypher query refused: an unterminated comment at offset {at}")
        if kind not in ("space", "comment"):
            tokens.append(Token(kind, match.group(), at))
        at = match.end()
    return tokens


def _adjacent(a: Token, b: Token) -> bool:
    return a.at + len(a.text) == b.at


def _is_keyword(tokens: list[Token], i: int) -> bool:
    """A name in keyword position, i.e. not a property key (``n.set``) or a label or type (``:Create``, ``|Set``).
    Only the tight forms count: ``n . set``, ``1.set`` or a variable or map key named ``set`` are refused (quote such
    a name in backticks)."""
    token = tokens[i]
    if i >= 2 and tokens[i - 1].text in (".", ":", "|") and _adjacent(tokens[i - 1], token) \
            and _adjacent(tokens[i - 2], tokens[i - 1]) and (tokens[i - 2].kind in ("name", "quoted")
                                                               or tokens[i - 2].text in (")", "]")):
        return False
    return True


def check_read_only(query: str) -> None:
    """Raise :class:`QueryError` (one line) unless *query* is a single read-only Cypher statement."""
    tokens = tokenize(query)
    if tokens and tokens[-1].text == ";":
        tokens = tokens[:-1]
    if not tokens:
        raise QueryError("the Cypher query is empty")
    if any(t.text == ";" for t in tokens):
        raise QueryError("Cypher: one statement per query (multiple statements separated by ';' are refused)")
    starts = {0}
    for i, token in enumerate(tokens):
        upper = token.text.upper()
        if token.text == "{" and i and tokens[i - 1].text.upper() == "CALL":
            starts.add(i + 1)
        if token.kind != "name":
            continue
        keyword = _is_keyword(tokens, i)
        if keyword and upper in OTHER_CLAUSES:
            following = tokens[i + 1].text.upper() if i + 1 < len(tokens) and tokens[i + 1].kind == "name" else ""
            clause = f"{upper} {following}" if following in _SECOND_WORDS else upper
            raise QueryError(f"Cypher {clause} is refused: queries are read-only")
        if keyword and upper in ("UNION", "EXPLAIN", "PROFILE"):
            starts.add(i + 1 + (i + 1 < len(tokens) and tokens[i + 1].text.upper() == "ALL"))
        if keyword and upper == "CALL":
            _check_call(tokens, i)
        if i + 1 < len(tokens) and tokens[i + 1].text == "(" and i >= 2 and tokens[i - 1].text == ".":
            _check_namespaced(tokens, i)
    for start in sorted(starts):
        if start >= len(tokens):
            raise QueryError("Cypher query refused: it ends where a clause should start")
        first = tokens[start]
        if first.kind != "name" or first.text.upper() not in READ_STARTS | {"EXPLAIN", "PROFILE"}:
            raise QueryError(f"Cypher query refused at {first.text!r}: a statement must start with MATCH, OPTIONAL "
                             "MATCH, WITH, UNWIND, RETURN or CALL (queries are read-only)")


def _dotted_name(tokens: list[Token], end: int) -> tuple[str, int]:
    """The dotted name ending at token *end* (``a.b.c``) and the index of its first token."""
    start = end
    while start >= 2 and tokens[start - 1].text == "." and tokens[start - 2].kind == "name":
        start -= 2
    return "".join(t.text for t in tokens[start:end + 1]).lower(), start


def _check_call(tokens: list[Token], i: int) -> None:
    if i + 1 >= len(tokens):
        raise QueryError("Cypher CALL without a procedure is refused")
    if tokens[i + 1].text == "{":
        return
    end = i + 1
    while end + 2 < len(tokens) and tokens[end + 1].text == "." and tokens[end + 2].kind == "name":
        end += 2
    name = "".join(t.text for t in tokens[i + 1:end + 1]).lower()
    following = tokens[end + 1].text if end + 1 < len(tokens) else ""
    if following == "=":
        raise QueryError(f"Cypher CALL {name}=… (changing an engine setting) is refused")
    if name not in READ_PROCEDURES:
        raise QueryError(f"Cypher CALL {name} is refused: only these read-only procedures may be called: "
                         f"{', '.join(sorted(READ_PROCEDURES))}")


def _check_namespaced(tokens: list[Token], i: int) -> None:
    name, start = _dotted_name(tokens, i)
    if start and tokens[start - 1].text.upper() == "CALL":
        return  # checked by _check_call
    if name.split(".")[0] not in FUNCTION_NAMESPACES and name not in READ_PROCEDURES:
        raise QueryError(f"Cypher function {name} is refused: only built-in temporal and spatial namespaces "
                         f"({', '.join(sorted(FUNCTION_NAMESPACES))}) may be called")

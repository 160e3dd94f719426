"""Named queries: pairs of files ``NAME.rq`` (SPARQL) and ``NAME.cypher`` with the same header.

Header lines (``#`` in SPARQL, ``//`` in Cypher)::

    name: who-built
    description: Developers and partners of a model ...
    description_zh: ...
    param: model name required -- model id, name or alias in any script
    param: limit int default=20 -- how many rows
    columns: model_id, model, base_models:list, ...
    engine: cypher

``order:`` sorts the rows by the columns named (``models desc`` for descending), after any engine: for queries whose
Cypher is a ``UNION`` (Cypher cannot order across one), so every engine gives the rows in the same order.

``precompute: build`` marks a whole-graph aggregation without required parameters: every build answers it once
with its default parameters and keeps the rows (:mod:`medkg.graph.summaries`), so asking it costs a file read at
any size; other parameters, or a named engine, run the query live.

``engine:`` names the engine that answers the query when the caller names none (default ``sparql``): chosen per
query by measurement, since both engines return the same rows (the parity test) but not at the same speed
(``docs/performance.md`` has the figures).

Parameter types: ``name`` (bound as the name's search key, so any script or alias matches), ``string``, ``int``.
A ``compute:`` line derives a column in Python from other columns, identically for every engine (SPARQL has no
power function for a growth rate), e.g. ``compute: cagr_pct = cagr(start_value, end_value, years)``.
A column marked ``:list`` holds several values; engines return them as a list or a ``; ``-joined string and
:func:`canonical_rows` turns both into one sorted ``; ``-joined string.

>>> q = named_query("who-built")
>>> q.param("name").type
'name'
"""
from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from medkg.base.errors import UsageError

HERE = Path(__file__).parent
_HEADER = re.compile(r"^\s*(?:#|//)\s*([a-z_]+):\s*(.*?)\s*$")
_COMPUTE = re.compile(r"^(\w+)\s*=\s*(\w+)\(([\w\s,]*)\)$")
_PARAM = re.compile(r"^(\w+)\s+(name|string|int)\s+(required|default=(\S*))\s*(?:--\s*(.*))?$")
LIST_SEPARATOR = "; "
DEFAULT_ENGINE = "sparql"
ENGINE_CHOICES = ("sparql", "cypher")  # the local engines; a server is never a default


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    required: bool
    default: str | None
    description: str

    def convert(self, text: str) -> Any:
        """The bound value of *text* (from a CLI or URL), before engine binding."""
        if self.type == "int":
            try:
                return int(text)
            except ValueError:
                raise UsageError(f"parameter {self.name!r}: expected an integer, got {text!r}") from None
        if self.type == "name":
            from medkg.base.names import search_key

            return search_key(text)
        return text


@dataclass(frozen=True)
class NamedQuery:
    name: str
    description: str
    description_zh: str
    params: tuple[Param, ...]
    columns: tuple[str, ...]
    list_columns: frozenset[str]
    sparql: str
    cypher: str
    computed: tuple[tuple[str, str, tuple[str, ...]], ...] = ()
    engine: str = DEFAULT_ENGINE
    order: tuple[str, ...] = ()
    precomputed: bool = False

    def describe(self) -> dict[str, Any]:
        """Name, descriptions, parameters and columns: what ``/queries`` serves and ``medkg queries`` lists."""
        return {"name": self.name, "description": self.description, "description_zh": self.description_zh,
                "params": [{"name": p.name, "type": p.type, "required": p.required, "default": p.default,
                            "description": p.description} for p in self.params],
                "columns": list(self.columns), "engine": self.engine, "precomputed": self.precomputed}

    def param(self, name: str) -> Param:
        return next(p for p in self.params if p.name == name)

    def engine_params(self, given: dict[str, str]) -> dict[str, Any]:
        """:meth:`bind`, with an unset optional parameter as ``""`` (engines bind every declared parameter)."""
        return {k: ("" if v is None else v) for k, v in self.bind(given).items()}

    def bind(self, given: dict[str, str]) -> dict[str, Any]:
        """Check and convert user-given parameters; fill defaults. Never splices anything into the text."""
        unknown = set(given) - {p.name for p in self.params}
        if unknown:
            raise UsageError(f"query {self.name!r} has no parameter {sorted(unknown)[0]!r}; "
                             f"it takes: {', '.join(p.name for p in self.params) or 'none'}")
        bound = {}
        for p in self.params:
            if p.name in given:
                bound[p.name] = p.convert(given[p.name])
                if p.required and bound[p.name] == "":  # '' matched everything on SPARQL and nothing on Cypher
                    raise UsageError(f"parameter {p.name!r} of query {self.name!r}: expected some text, got "
                                     f"{given[p.name]!r}")
            elif p.required:
                raise UsageError(f"query {self.name!r} needs --param {p.name}=… ({p.description})")
            elif p.default not in (None, ""):
                bound[p.name] = p.convert(p.default)
            else:
                bound[p.name] = None
        return bound


def _parse_header(text: str, path: Path) -> dict[str, list[str]]:
    header: dict[str, list[str]] = {}
    for line in text.splitlines():
        match = _HEADER.match(line)
        if not match:
            if line.strip() and not line.strip().startswith(("#", "//")):
                break
            continue
        header.setdefault(match.group(1), []).append(match.group(2))
    for key in ("name", "description", "description_zh", "columns"):
        if key not in header:
            raise ValueError(f"{path}: header lacks '{key}:'")
    return header


def _params(lines: list[str], path: Path) -> tuple[Param, ...]:
    params = []
    for line in lines:
        match = _PARAM.match(line)
        if not match:
            raise ValueError(f"{path}: bad param line {line!r}")
        name, type_, req, default, description = match.groups()
        params.append(Param(name, type_, req == "required", default, description or ""))
    return tuple(params)


def _load(name: str) -> NamedQuery:
    rq, cy = HERE / f"{name}.rq", HERE / f"{name}.cypher"
    sparql, cypher = rq.read_text(encoding="utf-8"), cy.read_text(encoding="utf-8")
    header = _parse_header(sparql, rq)
    if header["name"][0] != name:
        raise ValueError(f"{rq}: header says name: {header['name'][0]}; a query is named after its files")
    if _parse_header(cypher, cy) != header:
        raise ValueError(f"{cy}: header differs from {rq}")
    columns = tuple(c.strip() for c in header["columns"][0].split(","))
    engine = header.get("engine", [DEFAULT_ENGINE])[0]
    order = tuple(c.strip() for c in header["order"][0].split(",")) if "order" in header else ()
    if {c.removesuffix(" desc") for c in order} - {c.split(":")[0] for c in columns}:
        raise ValueError(f"{rq}: order names a column it does not return: {', '.join(order)}")
    params = _params(header.get("param", []), rq)
    precomputed = header.get("precompute", [""])[0] == "build"
    if precomputed and any(p.required for p in params):
        raise ValueError(f"{rq}: precompute: build needs a query without required parameters")
    if engine not in ENGINE_CHOICES:
        raise ValueError(f"{rq}: engine {engine!r}: expected one of {', '.join(ENGINE_CHOICES)}")
    return NamedQuery(
        name=header["name"][0], description=header["description"][0], description_zh=header["description_zh"][0],
        params=params,
        columns=tuple(c.split(":")[0] for c in columns),
        list_columns=frozenset(c.split(":")[0] for c in columns if c.endswith(":list")),
        sparql=sparql, cypher=cypher, computed=tuple(_computed(line, rq) for line in header.get("compute", [])),
        engine=engine, order=order, precomputed=precomputed)


def _computed(line: str, path: Path) -> tuple[str, str, tuple[str, ...]]:
    match = _COMPUTE.match(line)
    if not match or match.group(2) not in COMPUTE_FUNCTIONS:
        raise ValueError(f"{path}: bad compute line {line!r}; functions: {', '.join(COMPUTE_FUNCTIONS)}")
    return match.group(1), match.group(2), tuple(a.strip() for a in match.group(3).split(","))


def _cagr(start: float, end: float, years: float) -> float | None:
    if not start or not years or end is None:
        return None
    return round(100 * ((float(end) / float(start)) ** (1 / float(years)) - 1), 2)


def _percent(part: float, whole: float) -> float | None:
    return round(100 * float(part) / float(whole), 1) if whole else None


def _hospital_role(built: int, from_others: int) -> str:
    """``builds``, ``deploys`` (models built by others) or ``both``."""
    return "both" if built and from_others else "builds" if built else "deploys"


COMPUTE_FUNCTIONS: dict[str, Callable[..., Any]] = {"cagr": _cagr, "percent": _percent, "hospital_role": _hospital_role}


@functools.lru_cache(maxsize=1)
def all_queries() -> dict[str, NamedQuery]:
    """Every named query, by name."""
    return {q.name: q for q in (named_query(p.stem) for p in sorted(HERE.glob("*.rq")))}


@functools.cache
def named_query(name: str) -> NamedQuery:
    """The named query *name*, read from its two files alone (a lookup should not parse all of them)."""
    if not (re.fullmatch(r"[a-z0-9-]+", name) and (HERE / f"{name}.rq").is_file()):
        import difflib

        close = difflib.get_close_matches(name, [p.stem for p in HERE.glob("*.rq")], n=3)
        hint = f" Did you mean: {', '.join(close)}?" if close else ""
        raise UsageError(f"no named query {name!r}; `medkg queries` lists them.{hint}")
    return _load(name)


def canonical_value(value: Any, is_list: bool) -> Any:
    """One representation for values that engines return differently (lists, numbers; a missing value, which an
    engine may give as unbound, NULL or "", is ``None``: JSON ``null``, an empty CSV cell, pandas ``NA``)."""
    if is_list:
        items = value if isinstance(value, (list, tuple)) else (value.split(LIST_SEPARATOR) if value else [])
        return LIST_SEPARATOR.join(sorted({str(v) for v in items if v not in (None, "")})) or None
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        value = float(value)
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else round(value, 4)
    return value


def canonical_rows(query: NamedQuery, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows with exactly the declared columns, computed columns filled, values in one representation."""
    out = []
    for row in rows:
        row = dict(row)
        for column, function, args in query.computed:
            row[column] = COMPUTE_FUNCTIONS[function](*(row.get(a) for a in args))
        out.append({c: canonical_value(row.get(c), c in query.list_columns) for c in query.columns})
    if query.list_columns:
        out = _merge_lists(query, out)
    for item in reversed(query.order):  # stable sorts, last key first
        column = item.removesuffix(" desc")
        out.sort(key=lambda row: _sortable(row[column]), reverse=item.endswith(" desc"))
    return out


def _sortable(value: Any) -> tuple[bool, Any]:
    """A sort key that puts missing values last (``None`` cannot be compared with text; first when descending)."""
    return (value is None, "" if value is None else value)


def _merge_lists(query: NamedQuery, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows equal but for their list columns become one row whose lists are the union, in first-seen order.

    Lets a SPARQL query give one row per list item (a join) where a GROUP BY would be slow, and reads the same as an
    engine that collected the list itself.
    """
    merged: dict[tuple[Any, ...], dict[str, Any]] = {}
    for row in rows:
        key = tuple(row[c] for c in query.columns if c not in query.list_columns)
        if key not in merged:
            merged[key] = row
            continue
        kept = merged[key]
        for column in query.list_columns:
            items = {v for value in (kept[column], row[column]) if value for v in value.split(LIST_SEPARATOR)}
            kept[column] = LIST_SEPARATOR.join(sorted(items)) or None
    return list(merged.values())

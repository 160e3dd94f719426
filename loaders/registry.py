"""Validate raw tables into a :class:`medkg.base.model.Registry`, collecting every problem with its location."""
from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from itertools import combinations
from typing import Any

from medkg.ontology import concept_by_iri, vocabulary

from medkg.base.dates import EXPECTED as DATE_EXPECTED
from medkg.base.dates import parse_date
from medkg.base.errors import Problem, RegistryError
from medkg.base.model import RECORD_TYPES, BaseModelRef, Collaboration, Model, Organization, Registry
from medkg.base.names import search_key

from .readers import RawTable
from .schema import TABLES, Column, Table

MAX_PROBLEMS = 50
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$")
URL_PATTERN = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")
TICKER_PATTERN = re.compile(r"^[0-9A-Z]{1,6}(\.[A-Z]{1,4})?$")
QID_PATTERN = re.compile(r"^Q[1-9][0-9]*$")


class _Problems:
    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(self, file: str, row: int | None, column: str | None, expected: str, got: str | None = None) -> None:
        if len(self.items) < MAX_PROBLEMS:
            self.items.append(Problem(file, row, column, expected, got))

    @property
    def full(self) -> bool:
        return len(self.items) >= MAX_PROBLEMS

    def raise_if_any(self) -> None:
        if self.items:
            raise RegistryError("", problems=self.items)


def build_registry(tables: dict[str, RawTable]) -> Registry:
    """Check every table and cross-reference; return the registry or raise one :class:`RegistryError`."""
    problems = _Problems()
    for name, table in TABLES.items():
        if table.required and name not in tables:
            problems.add(f"{name}.csv", None, None, f"table {name!r} (a file {name}.csv, a sheet or a key named {name})", "none")
    problems.raise_if_any()
    records: dict[str, list[tuple[int, Any]]] = {}
    for name, raw in tables.items():
        records[name] = _parse_table(TABLES[name], raw, problems)
    problems.raise_if_any()
    _check_unique_ids(tables, records, problems)
    problems.raise_if_any()
    _check_references(tables, records, problems)
    problems.raise_if_any()
    explicit = _resolve_kinds(tables.get("collaborations"), records, problems)
    problems.raise_if_any()
    models = tuple(r for _, r in records["models"])
    organizations = tuple(r for _, r in records["organizations"])
    return Registry(models=models, organizations=organizations,
                    collaborations=explicit + derive_collaborations(models, organizations, explicit),
                    **{name: tuple(r for _, r in records.get(name, ()))
                       for name in ("market_sizes", "statistics", "stages", "supplies", "deployments")})


def _parse_table(table: Table, raw: RawTable, problems: _Problems) -> list[tuple[int, Any]]:
    known = set(table.column_names)
    header_row = 1 if raw.row_word == "row" else None
    missing = [c for c in table.required_columns if c not in raw.columns] if raw.row_word == "row" else []
    for column in raw.columns:
        if column and column not in known and not column.startswith(("x_", "_")):
            close = difflib.get_close_matches(column, missing, n=1, cutoff=0.4) or \
                difflib.get_close_matches(column, table.column_names, n=1)
            if close and close[0] in missing:
                missing.remove(close[0])
                problems.add(raw.file, header_row, column, f"required column {close[0]!r} (is this it misspelt?)", column)
                continue
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            problems.add(raw.file, header_row, column,
                         f"a known column of {table.name}: {', '.join(table.column_names)}{hint}; "
                         "prefix your own columns with x_", column)
    for column in missing:
        problems.add(raw.file, header_row, column, f"required column {column!r} in the header", "missing")
    absent = set(table.required_columns) - set(raw.columns)
    if not raw.rows:
        problems.add(raw.file, None, None, f"at least one {raw.row_word} in table {table.name!r}", "an empty table")
    parsed = []
    for row, cells in raw.rows:
        values: dict[str, Any] = {}
        for declared in table.columns:
            text = cells.get(declared.name, "")
            if not text:
                if declared.required and declared.name not in absent:
                    problems.add(raw.file, row, declared.name, f"a value for required column {declared.name!r}", "")
                continue
            value = _parse_cell(declared, text, _reporter(problems, raw.file, row, declared.name, text))
            if value is not None:
                values[declared.name] = value
        if all(c.name in values for c in table.columns if c.required):
            parsed.append((row, _make_record(table.name, values)))
    return parsed


def _reporter(problems: _Problems, file: str, row: int, column: str, text: str) -> Callable[..., None]:
    """The ``fail(expected, got=text)`` callback of one cell."""
    def fail(expected: str, got: str = text) -> None:
        problems.add(file, row, column, expected, got)
    return fail


def _make_record(table: str, values: dict[str, Any]) -> Any:
    if table == "collaborations":
        values.setdefault("kind", "")  # derived from the two organization types in _resolve_kinds
    return RECORD_TYPES[table](**values)


def _split(text: str) -> tuple[str, ...]:
    if ";" not in text:  # most cells hold one value
        return (text.strip(),) if text.strip() else ()
    return tuple(dict.fromkeys(part.strip() for part in text.split(";") if part.strip()))


def _parse_cell(column: Column, text: str, fail: Callable[..., None]) -> Any:
    kind = column.kind
    if kind == "text":
        return text
    if kind == "list":
        return _split(text)
    if kind in ("id", "ref"):
        return text if _valid_id(text, fail) else None
    if kind == "refs":
        ids = _split(text)
        return ids if all(_valid_id(i, fail) for i in ids) else None
    if kind == "base_models":
        return _parse_base_models(text, fail)
    if kind in ("enum", "enums"):
        values = _split(text) if kind == "enums" else (text,)
        allowed = vocabulary(column.vocab or "")
        bad = [v for v in values if v not in allowed]
        if bad:
            close = difflib.get_close_matches(bad[0], list(allowed), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            fail(f"one of {' | '.join(allowed)}{hint}", bad[0])
            return None
        return values if kind == "enums" else text
    if kind == "date":
        date = parse_date(text)
        if date is None:
            fail(DATE_EXPECTED)
        return date
    if kind == "year":
        if not re.fullmatch(r"(19|20|21)\d\d", text):
            fail("a four-digit year")
            return None
        return int(text)
    if kind == "decimal":
        try:
            value = Decimal(text.replace(",", ""))
        except InvalidOperation:
            value = Decimal("NaN")
        if not value.is_finite():
            fail("a number such as 4.18")
            return None
        return value
    if kind == "url":
        if not URL_PATTERN.match(text):
            fail("an http(s) URL without spaces")
            return None
        return text
    if kind == "ticker":
        if not TICKER_PATTERN.match(text):
            fail("a stock ticker such as 09988.HK or 300253.SZ")
            return None
        return text
    if kind == "qid":
        if not QID_PATTERN.match(text):
            fail("a Wikidata QID such as Q42")
            return None
        return text
    raise AssertionError(f"unknown column kind {kind}")


def _valid_id(text: str, fail: Callable[..., None]) -> bool:
    if ID_PATTERN.match(text):
        return True
    fail("an id of letters, digits, '.', '_' or '-' (at most 200, starting with a letter or digit)", text)
    return False


def _parse_base_models(text: str, fail: Callable[..., None]) -> tuple[BaseModelRef, ...] | None:
    kinds = vocabulary("derivation-kind")
    refs = []
    for part in _split(text):
        model_id, _, kind = part.partition(":")
        if not _valid_id(model_id, fail):
            return None
        if kind and kind not in kinds:
            fail(f"a derivation kind after ':', one of {' | '.join(kinds)}", part)
            return None
        refs.append(BaseModelRef(model_id, kind or None))
    return tuple(refs)


def _check_unique_ids(tables: dict[str, RawTable], records: dict[str, list[tuple[int, Any]]], problems: _Problems) -> None:
    for name, rows in records.items():
        if "id" not in TABLES[name].column_names:
            continue
        first_row: dict[str, int] = {}
        for row, record in rows:
            if record.id in first_row:
                problems.add(tables[name].file, row, "id", f"a unique id (already used in row {first_row[record.id]})", record.id)
            first_row.setdefault(record.id, row)
    for name in ("models", "organizations"):
        seen: dict[str, tuple[int, str]] = {}
        for row, record in records.get(name, ()):
            for text in {search_key(n) for n in (record.id, *record.names)}:
                owner = seen.get(text)
                if owner and owner[1] != record.id:
                    problems.add(tables[name].file, row, "name",
                                 f"names that no other row uses (the same name as {owner[1]!r} in row {owner[0]})", text)
                seen.setdefault(text, (row, record.id))


def _check_references(tables: dict[str, RawTable], records: dict[str, list[tuple[int, Any]]], problems: _Problems) -> None:
    ids = {name: {r.id for _, r in records.get(name, ())} for name in ("models", "organizations")}
    for name, table in TABLES.items():
        for row, record in records.get(name, ()):
            for column in table.columns:
                if not column.ref:
                    continue
                value = getattr(record, column.name, None)
                targets = [value] if isinstance(value, str) else list(value or ())
                for target in targets:
                    target_id = target.model_id if isinstance(target, BaseModelRef) else target
                    if target_id not in ids[column.ref]:
                        if problems.full:  # past the reported problems, suggestions would cost O(ids) each
                            continue
                        close = difflib.get_close_matches(target_id, ids[column.ref], n=1)
                        hint = f" (did you mean {close[0]!r}?)" if close else ""
                        problems.add(tables[name].file, row, column.name, f"an id of a row in {column.ref}{hint}", target_id)
                    elif column.ref == name and target_id == record.id:
                        problems.add(tables[name].file, row, column.name, "a different model than the row itself", target_id)
    _check_acyclic(tables, records, problems)


def _check_acyclic(tables: dict[str, RawTable], records: dict[str, list[tuple[int, Any]]], problems: _Problems) -> None:
    """Lineage (base models, successors) and parents must not loop: queries walk them transitively."""
    for name, column, edges_of in (
        ("models", "base_models", lambda r: [b.model_id for b in r.base_models] + [m for m in (r.successor_of, r.family) if m]),
        ("organizations", "parent", lambda r: [r.parent] if r.parent else []),
    ):
        graph = {r.id: edges_of(r) for _, r in records.get(name, ())}
        row_of = {r.id: row for row, r in records.get(name, ())}
        cycles = [min(c, key=row_of.__getitem__) for c in _cycles(graph)]  # linear time (Tarjan)
        for start in sorted(cycles, key=row_of.__getitem__):
            problems.add(tables[name].file, row_of[start], column, "no cycle through this row", start)


def _cycles(graph: dict[str, list[str]]) -> list[list[str]]:
    """The strongly connected components of *graph* that hold a cycle (iterative Tarjan, O(nodes + edges))."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(graph[root]))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, edges = work[-1]
            advanced = False
            for target in edges:
                if target not in graph:
                    continue
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(graph[target])))
                    advanced = True
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1 or node in graph[node]:
                    found.append(component)
    return found


@functools.cache
def kind_of_pair() -> dict[tuple[str, str], str]:
    """``(first org type, second org type) -> collaboration kind``, from the ontology's collaboration-kind scheme."""
    return {(concept_by_iri(c.first_type).notation, concept_by_iri(c.second_type).notation): c.notation
            for c in vocabulary("collaboration-kind").values() if c.first_type and c.second_type}


def ordered_pair(a: str, type_a: str, b: str, type_b: str) -> tuple[str, str, str]:
    """Order two organizations as their collaboration kind names them; return ``(first, second, kind)``.

    >>> ordered_pair("renji", "hospital", "ant", "enterprise")
    ('renji', 'ant', 'hospital-enterprise')
    >>> ordered_pair("zju", "university", "huawei", "enterprise")
    ('zju', 'huawei', 'university-enterprise')
    """
    kinds = kind_of_pair()
    if (type_a, type_b) not in kinds or (type_a == type_b and b < a):
        a, b, type_a, type_b = b, a, type_b, type_a
    return a, b, kinds[(type_a, type_b)]


def derive_collaborations(models: tuple[Model, ...], organizations: tuple[Organization, ...],
                          explicit: tuple[Collaboration, ...]) -> tuple[Collaboration, ...]:
    """One collaboration per pair of organizations that built or partnered in the same model.

    A derived collaboration carries the model's source; an explicit row for the same pair and model wins.
    """
    org_type = {o.id: o.org_type for o in organizations}
    stated = {(frozenset((c.org_a, c.org_b)), c.model) for c in explicit}
    derived = []
    for model in models:
        for a, b in combinations(sorted(set(model.developers) | set(model.partners)), 2):
            if (frozenset((a, b)), model.id) not in stated:
                first, second, kind = ordered_pair(a, org_type[a], b, org_type[b])
                derived.append(Collaboration(first, second, kind, model.source_url, model=model.id, derived=True))
    return tuple(derived)


def _resolve_kinds(raw: RawTable | None, records: dict[str, list[tuple[int, Any]]], problems: _Problems) -> tuple[Collaboration, ...]:
    """Fill each collaboration's kind from its two organizations' types, or check the kind given."""
    if raw is None:
        return ()
    org_type = {o.id: o.org_type for _, o in records["organizations"]}
    resolved, seen = [], set()
    for row, collab in records.get("collaborations", ()):
        a, b, kind = ordered_pair(collab.org_a, org_type[collab.org_a], collab.org_b, org_type[collab.org_b])
        if collab.kind and collab.kind != kind:
            problems.add(raw.file, row, "kind", f"{kind!r} for a {org_type[a]} and a {org_type[b]}", collab.kind)
        if a == b:
            problems.add(raw.file, row, "org_b", "an organization other than org_a", b)
        key = (a, b, collab.model)
        if key in seen:
            problems.add(raw.file, row, "org_b", "one row per pair of organizations and model", f"{a}, {b}")
        seen.add(key)
        resolved.append(Collaboration(a, b, kind, collab.source_url, model=collab.model, since=collab.since,
                                      source_note=collab.source_note))
    return tuple(resolved)

"""DuckDB baseline: the registry's CSV tables in DuckDB and SQL equivalents of medkg's named queries.

What a user who skips the graph would run: the same CSV files loaded once into an in-memory DuckDB database
(:func:`load`, timed apart from the queries), lists split into link tables by ``bench/duckdb/_schema.sql``, and one
SQL file per named query in ``bench/duckdb/NAME.sql`` with the named query's header (``-- name:``, ``-- columns:``).
Parameters are bound as DuckDB ``$name`` parameters after medkg's own conversion (:meth:`NamedQuery.bind`: a name
becomes its search key), and rows go through :func:`medkg.queries.canonical_rows`, so that
``tests/bench/test_duckdb_equivalents.py`` can check they equal medkg's rows before any is timed.

Search keys (NFKC, case folding, Traditional → Simplified with OpenCC) cannot be computed in SQL; they are computed
in Python while loading, as medkg computes them while building, and loaded as a table ``search_key``.
"""
from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent / "duckdb"
_HEADER = re.compile(r"^--\s*([a-z_]+):\s*(.*?)\s*$")


def equivalents() -> list[str]:
    """Names of the named queries that have a DuckDB equivalent."""
    return sorted(p.stem for p in HERE.glob("*.sql") if not p.stem.startswith("_"))


@functools.cache
def sql(name: str) -> str:
    return (HERE / f"{name}.sql").read_text(encoding="utf-8")


def header(name: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in sql(name).splitlines():
        match = _HEADER.match(line)
        if match:
            out.setdefault(match.group(1), match.group(2))
    return out


def load(registry: Path) -> Any:
    """An in-memory DuckDB connection holding the registry folder's CSV tables and the derived tables."""
    import duckdb
    import pandas as pd
    from medkg.loaders.registry import kind_of_pair
    from medkg.loaders.schema import TABLES
    from medkg.ontology import concept_by_iri, vocabulary

    from medkg.base.names import search_keys

    con = duckdb.connect(":memory:")
    for name, table in TABLES.items():
        path = registry / f"{name}.csv"
        columns = ", ".join(f'"{c}" VARCHAR' for c in table.column_names)
        if not path.exists():
            con.execute(f"CREATE TABLE raw_{name} ({columns})")
            continue
        con.execute(f"CREATE TABLE raw_{name} AS SELECT * FROM read_csv(?, header = true, all_varchar = true)", [str(path)])
        present = {row[0] for row in con.execute(f"DESCRIBE raw_{name}").fetchall()}
        for column in table.column_names:
            if column not in present:
                con.execute(f'ALTER TABLE raw_{name} ADD COLUMN "{column}" VARCHAR')
    con.register("kind_pair_df", pd.DataFrame([(a, b, kind) for (a, b), kind in kind_of_pair().items()],
                                              columns=["first_type", "second_type", "kind"]))
    con.execute("CREATE TABLE kind_pair AS SELECT * FROM kind_pair_df")
    vocab = [(scheme, c.notation, c.label_en, c.label_zh, concept_by_iri(c.for_type).notation if c.for_type else None)
             for scheme in ("specialty", "tier", "measure", "model-type", "org-type") for c in vocabulary(scheme).values()]
    con.register("vocab_df", pd.DataFrame(vocab, columns=["scheme", "notation", "label_en", "label_zh", "for_type"]))
    con.execute("CREATE TABLE vocab AS SELECT * FROM vocab_df")
    keys: list[tuple[str, str, str]] = []
    for kind, table in (("model", "raw_models"), ("organization", "raw_organizations")):
        for registry_id, name, name_en, aliases in con.execute(f"SELECT trim(id), trim(name), trim(name_en), aliases FROM {table}").fetchall():
            names = [a.strip() for a in (aliases or "").split(";") if a.strip()]
            keys.extend((kind, registry_id, key) for key in search_keys(registry_id, name, name_en, *names))
    con.register("key_df", pd.DataFrame(keys, columns=["kind", "id", "key"]))
    con.execute("CREATE TABLE search_key AS SELECT * FROM key_df")
    for statement in _statements(sql("_schema")):
        con.execute(statement)
    for view in ("kind_pair_df", "vocab_df", "key_df"):
        con.unregister(view)
    return con


def _statements(text: str) -> list[str]:
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("--"))
    return [s.strip() for s in re.split(r";[ \t]*$", body, flags=re.MULTILINE) if s.strip()]  # a ';' ends a line


def _execute(con: Any, name: str, params: dict[str, str] | None) -> Any:
    """The cursor of the SQL for named query *name*, bound with the parameters its text uses."""
    from medkg.queries import named_query

    bound = named_query(name).engine_params(params or {})
    text = sql(name)
    used = {k: v for k, v in bound.items() if f"${k}" in text}
    return con.execute(text, used) if used else con.execute(text)


def run(con: Any, name: str, params: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """Rows of the DuckDB equivalent of named query *name*, as medkg's canonical rows."""
    from medkg.queries import canonical_rows, named_query

    cursor = _execute(con, name, params)
    columns = [d[0] for d in cursor.description]
    return canonical_rows(named_query(name), [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()])


def raw(con: Any, name: str, params: dict[str, str] | None = None) -> list[tuple[Any, ...]]:
    """The rows as DuckDB returns them (what the timing measures: no canonicalisation)."""
    return list(_execute(con, name, params).fetchall())

"""The DuckDB baselines of the benchmark (bench/duckdb/*.sql) return medkg's rows, so their timings compare like with like.

Checked on the small test registry with every parameter case of the named-query tests, and on a small synthetic
registry (the benchmark's shape) with the benchmark's own parameters and a few more. Rows are compared as multisets
after medkg's canonicalisation (medkg.queries.canonical_rows); a drifting SQL file or named query fails here.
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from medkg.queries import all_queries, named_query

from bench import duck
from tests.queries.cases import CASES as CASES_SMALL

SYNTHETIC_CASES: dict[str, list[dict[str, str]]] = {
    "who-built": [{"name": "SYN医疗模型7"}, {"name": "syn-model-250"}, {"name": "syn-base-3"}, {"name": "syn-m12"}],
    "built-by": [{"name": "syn-org-3"}, {"name": "SYN机构17"}, {"name": "syn organization 40"}],
    "models": [{"type": "tcm"}, {}, {"developer_type": "hospital"}, {"specialty": "oncology"}, {"base": "syn-base-1"},
               {"year": "2024", "type": "general"}, {"with_foundation": "1"}],
    "built-on": [{"name": "syn-base-1"}, {"name": "syn-model-5"}],
    "lineage": [{"name": "syn-model-299"}, {"name": "syn-model-120"}],
    "partners": [{"name": "syn-org-3"}, {"name": "syn-org-3", "depth": "1"}, {"name": "syn-org-60", "depth": "3"}],
    "search": [{"text": "模型12"}, {"text": "organization 9"}, {"text": "no such text"}],
}


def _multiset(rows: list[dict[str, Any]]) -> Counter[str]:
    return Counter(json.dumps(row, sort_keys=True, ensure_ascii=False, default=str) for row in rows)


def _check(kg: Any, con: Any, name: str, params: dict[str, str]) -> None:
    ours = list(kg.run(name, params))
    theirs = duck.run(con, name, params)
    assert _multiset(theirs) == _multiset(ours), f"{name} {params}: DuckDB rows differ from medkg's"


def test_every_equivalent_is_a_named_query_with_its_columns() -> None:
    assert duck.equivalents(), "no SQL files in bench/duckdb"
    for name in duck.equivalents():
        assert name in all_queries(), name
        assert duck.header(name)["name"] == name
        declared = [c.split(":")[0].strip() for c in duck.header(name)["columns"].split(",")]
        assert tuple(declared) == named_query(name).columns, name


@pytest.fixture(scope="module")
def small_duck(small_registry: Path) -> Any:
    con = duck.load(small_registry)
    yield con
    con.close()


@pytest.mark.parametrize("name", duck.equivalents())
def test_same_rows_on_the_small_registry(small_kg: Any, small_duck: Any, name: str) -> None:
    for params in CASES_SMALL.get(name, [{}]):
        _check(small_kg, small_duck, name, params)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from medkg.loaders.synthetic import generate

    from medkg.api import MedKG

    folder = generate(300, tmp_path_factory.mktemp("synthetic") / "registry")
    kg = MedKG(tmp_path_factory.mktemp("synthetic-home"), auto_build=False)
    kg.build(folder)
    con = duck.load(folder)
    yield kg, con
    con.close()
    kg.close()


@pytest.mark.parametrize("name", duck.equivalents())
def test_same_rows_on_a_synthetic_registry(synthetic: Any, name: str) -> None:
    kg, con = synthetic
    for params in SYNTHETIC_CASES.get(name, [{}]):
        _check(kg, con, name, params)
    if name in ("who-built", "built-by", "built-on", "partners", "type-distribution", "collaboration-kinds"):
        assert duck.run(con, name, SYNTHETIC_CASES.get(name, [{}])[0]), f"{name}: a check on no rows proves little"

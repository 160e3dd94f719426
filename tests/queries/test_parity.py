"""Every named query returns the same rows on the embedded SPARQL store, the embedded Cypher engine and a real
Neo4j server (rows compared after canonical sorting), on the small test registry and on the bundled registry."""
from __future__ import annotations

import json

import pytest
from medkg.graph.neo4j import Neo4jTarget
from medkg.graph.property import property_graph
from medkg.queries import all_queries

from tests.queries.cases import CASES


def _canonical(rows: list[dict]) -> list[str]:  # type: ignore[type-arg]
    return sorted(json.dumps(r, sort_keys=True, ensure_ascii=False) for r in rows)


def test_every_named_query_has_cases() -> None:
    assert set(CASES) == set(all_queries())


def test_sparql_and_cypher_headers_agree() -> None:
    for query in all_queries().values():
        assert query.columns and query.description and query.description_zh, query.name


@pytest.fixture(scope="module", params=["small", "bundled"])
def loaded(request, neo4j_env):  # type: ignore[no-untyped-def]
    """A built registry, also pushed (replacing medkg's nodes) into the real Neo4j server."""
    kg = request.getfixturevalue(f"{request.param}_kg")
    with Neo4jTarget.from_env() as target:
        target.push(property_graph(kg.registry()), replace=True)
    return kg


@pytest.fixture(scope="module")
def neo4j_env(neo4j_server):  # type: ignore[no-untyped-def]
    patch = pytest.MonkeyPatch()
    for key, value in neo4j_server.env().items():
        patch.setenv(key, value)
    yield neo4j_server
    patch.undo()


@pytest.mark.neo4j
@pytest.mark.parametrize(("name", "params"), [(n, p) for n, ps in CASES.items() for p in ps],
                         ids=lambda v: v if isinstance(v, str) else ",".join(f"{k}={x}" for k, x in v.items()) or "-")
def test_same_rows_on_every_engine(loaded, name: str, params: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    sparql = loaded.run(name, params, engine="sparql")
    assert _canonical(loaded.run(name, params, engine="cypher")) == _canonical(sparql)
    assert _canonical(loaded.run(name, params, engine="neo4j")) == _canonical(sparql)

"""A Neo4j-only label on the embedded Cypher engine (issue 13, item 12): the error names the embedded label and
property to use, and that suggestion runs."""
from __future__ import annotations

import re

import pytest
from medkg.graph.cypher_hints import embedded_equivalents

from medkg.base.errors import QueryError


def test_cli_hint_for_a_secondary_label(cli, small_kg) -> None:  # type: ignore[no-untyped-def]
    result = cli("cypher", "MATCH (m:TCMModel) RETURN m.name", home=small_kg.home.path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "hint: TCMModel is a Neo4j label" in result.stderr and "(m:Model {model_type: 'tcm'})" in result.stderr


@pytest.mark.parametrize("label", sorted(embedded_equivalents()))
def test_every_neo4j_only_label_gets_a_hint_that_runs(small_kg, label: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(QueryError) as error:
        small_kg.cypher(f"MATCH (m:{label}) RETURN count(*) AS n")
    message = str(error.value)
    assert "hint:" in message and label in message
    table, prop, value = embedded_equivalents()[label]
    if prop is None:
        assert f":{table}" in message
        return
    suggestion = re.search(r"MATCH \(m:\w+\) WHERE m\.\w+ = '[\w-]+'", message)
    assert suggestion, message
    rows = small_kg.cypher(suggestion.group(0) + " RETURN count(*) AS n")
    scheme_rows = small_kg.sparql(
        "PREFIX mk: <https://w3id.org/medkg/ontology#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
        f"SELECT (COUNT(?x) AS ?n) WHERE {{ ?x mk:{'modelType' if table == 'Model' else 'orgType'}/skos:notation '{value}' }}")
    assert rows[0]["n"] == scheme_rows[0]["n"]



@pytest.mark.neo4j
def test_cypher_truncation_is_flagged_on_both_engines(small_kg, neo4j_env, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """`kg.cypher(limit=N)` says when it cut the rows, on Neo4j and on the embedded engine (issue 13, item 3)."""
    from medkg.graph.neo4j import Neo4jTarget
    from medkg.graph.property import property_graph

    with Neo4jTarget.from_env() as target:
        target.push(property_graph(small_kg.registry()), replace=True)
    for engine in ("neo4j", "embedded"):
        if engine == "embedded":
            monkeypatch.delenv("NEO4J_URI")
        assert small_kg.cypher("MATCH (m:Model) RETURN m.id AS id", limit=3).truncated, engine
        assert not small_kg.cypher("MATCH (m:Model) RETURN m.id AS id LIMIT 3", limit=3).truncated, engine

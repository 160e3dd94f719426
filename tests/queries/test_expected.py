"""Exact rows of every named query on the small test registry (tests/fixtures/small).

The expected rows live in expected_small.json; each was checked by hand against the fixture when written.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from medkg.queries import all_queries

EXPECTED = json.loads(Path(__file__).with_name("expected_small.json").read_text(encoding="utf-8"))


def test_every_query_has_expected_rows() -> None:
    assert set(EXPECTED) == set(all_queries())


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_rows_on_small_registry(small_kg, name: str) -> None:  # type: ignore[no-untyped-def]
    for case in EXPECTED[name]:
        assert list(small_kg.run(name, case["params"])) == case["rows"], case["params"]


def test_a_few_facts_spelled_out(small_kg) -> None:  # type: ignore[no-untyped-def]
    roles = {(r["role"], r["org_id"]) for r in small_kg.run("who-built", {"name": "眼科大模型"})}
    assert roles == {("developer", "zoc"), ("partner", "huawei")}
    cagr = small_kg.run("market-cagr")[0]
    assert cagr["segment"] == "medical_llm" and cagr["cagr_pct"] == pytest.approx(26.23, abs=0.01)
    kinds = {r["kind"]: r["collaborations"] for r in small_kg.run("collaboration-kinds")}
    assert kinds["government-enterprise"] == 1 and kinds["hospital-enterprise"] == 2


def test_injection_strings_are_matched_literally(small_kg) -> None:  # type: ignore[no-untyped-def]
    for text in ["' OR 1=1 --", "\"} UNION { ?s ?p ?o } #", "x') RETURN 1 //", "{DROP}", "a\nb", "$name", "?name"]:
        assert list(small_kg.run("search", {"text": text})) == [] or all(
            text.casefold() in r["name"].casefold() for r in small_kg.run("search", {"text": text}))
        assert list(small_kg.run("who-built", {"name": text}, engine="cypher")) == []
    assert small_kg.run("models")  # the graph is unchanged and still answers

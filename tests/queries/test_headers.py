"""The header lines that steer how a named query runs: ``engine:`` (the default engine) and ``order:``."""
from __future__ import annotations

from pathlib import Path

import pytest
from medkg.queries import ENGINE_CHOICES, all_queries, named_query

from medkg import queries


def test_every_query_names_a_local_engine() -> None:
    assert {q.engine for q in all_queries().values()} <= set(ENGINE_CHOICES)


def test_run_uses_the_engine_the_header_names(small_kg) -> None:  # type: ignore[no-untyped-def]
    assert named_query("partners").engine == "cypher" and named_query("who-built").engine == "sparql"
    small_kg.close()
    small_kg.run("partners", {"name": "ruijin"})
    assert set(small_kg._engines) == {"cypher"}
    small_kg.run("who-built", {"name": "华佗GPT"})
    assert set(small_kg._engines) == {"cypher", "sparql"}


def test_a_named_engine_overrides_the_header(small_kg) -> None:  # type: ignore[no-untyped-def]
    small_kg.close()
    small_kg.run("partners", {"name": "ruijin"}, engine="sparql")
    assert set(small_kg._engines) == {"sparql"}


def test_order_sorts_every_engines_rows_the_same_way(small_kg) -> None:  # type: ignore[no-untyped-def]
    for engine in ENGINE_CHOICES:
        rows = list(small_kg.run("search", {"text": "华"}, engine=engine))
        assert rows == sorted(rows, key=lambda r: (r["kind"], r["id"])) and len(rows) > 1, engine


def _write_query(folder: Path, extra: str) -> None:
    for ext, mark in (("rq", "#"), ("cypher", "//")):
        (folder / f"probe.{ext}").write_text(
            f"{mark} name: probe\n{mark} description: d\n{mark} description_zh: d\n{mark} columns: a, b\n{mark} {extra.format(mark=mark)}\n"
            "SELECT 1", encoding="utf-8")


@pytest.mark.parametrize("extra, problem", [("engine: neo4j", "engine .neo4j."), ("order: c", "order names a column"),
                                            ("param: x string required\n{mark} precompute: build", "precompute: build needs")])
def test_a_bad_header_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extra: str, problem: str) -> None:
    _write_query(tmp_path, extra)
    monkeypatch.setattr(queries, "HERE", tmp_path)
    with pytest.raises(ValueError, match=problem):
        queries._load("probe")


def test_a_query_is_named_after_its_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write_query(tmp_path, "engine: sparql")
    for ext in ("rq", "cypher"):
        (tmp_path / f"probe.{ext}").rename(tmp_path / f"other.{ext}")
    monkeypatch.setattr(queries, "HERE", tmp_path)
    with pytest.raises(ValueError, match="named after its files"):
        queries._load("other")

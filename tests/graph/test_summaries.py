"""Precomputed whole-graph answers: what a build keeps is what the engines answer live, and a build without them
(or with a damaged one) behaves as documented."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from medkg.graph.summaries import SUMMARIES_DIR, read_summary
from medkg.queries import all_queries

from medkg.api import MedKG
from medkg.base.errors import StoreError

PRECOMPUTED = sorted(q.name for q in all_queries().values() if q.precomputed)


def test_the_slow_aggregations_are_precomputed() -> None:
    assert {"type-distribution", "developer-types", "collaboration-kinds", "timeline"} <= set(PRECOMPUTED)


@pytest.mark.parametrize("name", PRECOMPUTED)
@pytest.mark.parametrize("kg_name", ["small_kg", "bundled_kg"])
def test_kept_rows_are_the_live_rows_of_both_engines(request, kg_name: str, name: str) -> None:  # type: ignore[no-untyped-def]
    kg = request.getfixturevalue(kg_name)
    kept = kg.current_build().summary(name)
    assert kept is not None and list(kg.run(name)) == kept
    for engine in ("sparql", "cypher"):
        assert sorted(map(repr, kg.run(name, engine=engine))) == sorted(map(repr, kept)), engine


def _copy_home(kg: MedKG, tmp_path: Path) -> MedKG:
    home = tmp_path / "home"
    shutil.copytree(kg.home.path, home, symlinks=True)
    return MedKG(home, auto_build=False)


def test_a_build_without_summaries_answers_live(small_kg, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    kg = _copy_home(small_kg, tmp_path)
    shutil.rmtree(kg.current_build().path / SUMMARIES_DIR)
    assert kg.current_build().summary("type-distribution") is None
    assert list(kg.run("type-distribution")) == list(small_kg.run("type-distribution"))


def test_a_damaged_summary_is_a_store_error(small_kg, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    kg = _copy_home(small_kg, tmp_path)
    (kg.current_build().path / SUMMARIES_DIR / "timeline.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(StoreError, match=r"timeline\.json is damaged"):
        kg.run("timeline")
    assert read_summary(kg.current_build().path, "type-distribution")

"""Paging: the engine stops after the page's last row, the page is the same slice on every engine, and no number is
ever written into a query's text."""
from __future__ import annotations

import pytest

from medkg.base.errors import UsageError


@pytest.mark.parametrize("engine", ["sparql", "cypher"])
def test_a_page_is_a_slice_of_the_whole_answer(small_kg, engine: str) -> None:  # type: ignore[no-untyped-def]
    whole = list(small_kg.models(sort="release_date", descending=True, engine=engine))
    assert len(whole) > 4
    assert list(small_kg.models(sort="release_date", descending=True, limit=3, offset=2, engine=engine)) == whole[2:5]
    assert list(small_kg.organizations(limit=2, offset=1, engine=engine)) == list(small_kg.organizations(engine=engine))[1:3]


def test_precomputed_answers_page_too(small_kg) -> None:  # type: ignore[no-untyped-def]
    whole = list(small_kg.run("model-facets"))
    assert list(small_kg.run("model-facets", limit=4, offset=3)) == whole[3:7]


def test_the_engine_is_asked_for_no_more_rows_than_the_page_needs(small_kg, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    engine = small_kg.engine("cypher")
    asked: list[tuple[str, int | None]] = []
    real = engine.run

    def recording(text: str, params=None, *, limit=None, timeout_s=None):  # type: ignore[no-untyped-def]
        asked.append((text, limit))
        return real(text, params, limit=limit, timeout_s=timeout_s)

    monkeypatch.setattr(engine, "run", recording)
    small_kg.models(limit=3, offset=2, engine="cypher")
    from medkg.queries import named_query

    assert asked == [(named_query("models").cypher, 5)]


@pytest.mark.parametrize("limit, offset", [(-1, 0), (2, -3), (True, 0)])
def test_a_negative_or_odd_page_is_refused(small_kg, limit: int, offset: int) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UsageError, match="expected a number of rows"):
        small_kg.models(limit=limit, offset=offset)


@pytest.mark.parametrize("engine", ["sparql", "cypher"])
@pytest.mark.parametrize("name, params", [("search", {"text": "医"}), ("built-on", {"name": "qwen"}),
                                          ("names", {"kind": "organization"})])
def test_a_page_of_a_query_sorted_after_the_engine_is_a_slice_of_the_sorted_answer(
        bundled_kg, engine: str, name: str, params: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    """``order:`` sorts after the engine, so the engine must not stop early: the first rows it happens to return
    are not the first rows of the answer."""
    whole = list(bundled_kg.run(name, params, engine=engine))
    assert len(whole) > 8
    assert list(bundled_kg.run(name, params, engine=engine, limit=3)) == whole[:3]
    assert list(bundled_kg.run(name, params, engine=engine, limit=4, offset=5)) == whole[5:9]

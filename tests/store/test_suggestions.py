"""Suggestions for a name that matches nothing read a bounded number of names, whatever the size of the graph."""
from __future__ import annotations

from typing import Any

import pytest

from medkg.api import SUGGESTION_CANDIDATES
from medkg.base.errors import NotFound


def test_suggestions_search_with_a_limit_and_never_list_every_name(small_kg, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    calls: list[tuple[str, Any]] = []
    run = small_kg.run

    def recording(name: str, params: Any = None, **options: Any) -> Any:
        calls.append((name, options.get("limit")))
        return run(name, params, **options)

    monkeypatch.setattr(small_kg, "run", recording)
    with pytest.raises(NotFound) as caught:
        small_kg.who_built("huatuogtp")
    assert "华佗GPT-II" in str(caught.value)
    searches = [limit for name, limit in calls if name == "search"]
    assert searches and all(limit == SUGGESTION_CANDIDATES for limit in searches)
    assert "names" not in {name for name, _ in calls}

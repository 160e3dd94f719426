"""`medkg serve` answers a repeated SPARQL query from its per-build cache instead of a new query worker."""
from __future__ import annotations

import json
import urllib.parse
import urllib.request
from typing import Any

import pytest

from medkg.app.server import ResultCache
from tests.conftest import serving

COUNT = "SELECT (COUNT(?m) AS ?n) WHERE { ?m a mk:MedicalModel }"


def _ask(base: str, query: str) -> bytes:
    request = urllib.request.Request(f"{base}/sparql?" + urllib.parse.urlencode({"query": query}),
                                     headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return bytes(response.read())


def test_a_repeated_query_skips_the_worker(small_kg: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from medkg.graph import worker

    calls: list[str] = []
    real = worker.run
    monkeypatch.setattr(worker, "run", lambda request, *a, **k: calls.append(request["query"]) or real(request, *a, **k))
    with serving(small_kg) as base:
        first, second = _ask(base, COUNT), _ask(base, COUNT)
        assert first == second and json.loads(first)["results"]["bindings"][0]["n"]["value"] == "6"
        assert calls == [COUNT]
        _ask(base, COUNT + " # another text")
        _ask(base, "SELECT (RAND() AS ?r) WHERE {}")
        _ask(base, "SELECT (RAND() AS ?r) WHERE {}")  # volatile: evaluated every time
        assert len(calls) == 4


def test_cache_keeps_only_complete_small_solutions_and_is_bounded() -> None:
    cache = ResultCache(max_entries=2, max_rows=3)
    rows = (["n"], [[{"type": "literal", "value": "1"}]])
    cache.put("a", ("solutions", rows, False))
    cache.put("b", ("solutions", rows, True))  # truncated
    cache.put("c", ("solutions", (["n"], [[None]] * 4), False))  # too many rows
    cache.put("d", ("graph", [], False))  # graphs hold pyoxigraph terms
    cache.put("e NOW()", ("solutions", rows, False))
    assert cache.get("a") is not None and all(cache.get(q) is None for q in ("b", "c", "d", "e NOW()"))
    cache.put("f", ("solutions", True, False))
    cache.put("g", ("solutions", rows, False))  # a, f, g: a was used least recently and goes
    assert cache.get("a") is None and cache.get("f") is not None and cache.get("g") is not None
    cache.clear()
    assert cache.get("f") is None


def test_threads_asking_for_the_same_missing_key_compute_it_once() -> None:
    import threading
    import time

    from medkg.app.server import BuildCache

    cache, computed = BuildCache(), []

    def slow() -> str:
        computed.append(1)
        time.sleep(0.3)
        return "index"

    answers: list[str] = []
    threads = [threading.Thread(target=lambda: answers.append(cache.get_or_compute("registry-index", slow)))
               for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert answers == ["index"] * 4
    assert computed == [1]


@pytest.mark.parametrize("warm", [True, False])
def test_the_server_builds_the_explorer_index_while_it_starts(small_kg: Any, warm: bool) -> None:
    import time

    from medkg.app.server import make_server

    server = make_server(small_kg, "127.0.0.1", 0, 30.0, 1000, warm_explorer=warm)
    try:
        cache = server.RequestHandlerClass.endpoint.cache  # type: ignore[attr-defined]
        deadline = time.monotonic() + 20
        while cache.get("registry-index") is None and time.monotonic() < deadline and warm:
            time.sleep(0.05)
        index = cache.get("registry-index")
        assert (index is not None) == warm  # no page has been asked for
        if warm:
            assert "huatuogpt" in index["models"]
    finally:
        server.server_close()

"""The embedded Cypher engine caches at most the configured memory, building and querying (its own default is 80%
of the machine's memory, which a 1M-model build filled)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import ladybug
import pytest
from medkg.graph import cypher_embedded
from medkg.graph.property import PropertyGraph


def test_build_and_queries_use_the_configured_buffer_pool(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[dict[str, Any]] = []
    real = ladybug.Database

    def spy(path: str, **options: Any) -> Any:
        opened.append(options)
        return real(path, **options)

    monkeypatch.setenv("MEDKG_CYPHER_BUFFER_BYTES", str(64 * 1024**2))
    monkeypatch.setattr(ladybug, "Database", spy)
    cypher_embedded.write_ladybug(PropertyGraph(nodes={}, relationships=[]), tmp_path / cypher_embedded.CYPHER_DIR)
    cypher_embedded.EmbeddedCypher(tmp_path).close()
    assert [o["buffer_pool_size"] for o in opened] == [64 * 1024**2] * 2


def test_by_default_the_engine_may_use_a_quarter_of_the_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    monkeypatch.delenv("MEDKG_CYPHER_BUFFER_BYTES", raising=False)
    assert cypher_embedded.default_buffer_pool() == os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 4

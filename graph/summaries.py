"""Build sink: the whole-graph aggregations, answered once per build.

A named query marked ``precompute: build`` (counts by type, timelines, collaboration kinds…) reads every model, so
its cost grows with the graph (hundreds of milliseconds at 100k models, seconds at 1M on either engine) while its
answer changes only when the registry does. The build runs each such query once, with its default parameters, on
the query's own engine and keeps the canonical rows beside the stores; :meth:`medkg.api.MedKG.run` serves them from
there. The rows are the engine's rows: the parity tests hold for them as for a live answer.

>>> from medkg.queries import all_queries
>>> "type-distribution" in [q.name for q in all_queries().values() if q.precomputed]
True
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from medkg.queries import NamedQuery, all_queries, canonical_rows

from medkg.base.errors import StoreError
from medkg.base.model import Registry
from medkg.base.progress import Reporter, steps

__all__ = ["SUMMARIES_DIR", "read_summary", "write_summaries"]

SUMMARIES_DIR = "summaries"  # one NAME.json per query: a lookup reads only the answer it needs


def _open(language: str, build_dir: Path) -> Any:
    if language == "cypher":
        from .cypher_embedded import EmbeddedCypher

        return EmbeddedCypher(build_dir)
    from .sparql import OxigraphEngine

    return OxigraphEngine(build_dir)


def write_summaries(registry: Registry, build_dir: Path, progress: Reporter | None = None) -> dict[str, int]:
    """Run every precomputed query on the stores just written in *build_dir* and keep its rows there."""
    queries: list[NamedQuery] = [q for q in all_queries().values() if q.precomputed]
    engines: dict[str, Any] = {}
    folder = build_dir / SUMMARIES_DIR
    folder.mkdir()
    try:
        with steps(progress, "queries", total=len(queries)) as advance:
            for query in queries:
                engine = engines.get(query.engine) or engines.setdefault(query.engine, _open(query.engine, build_dir))
                _, rows = engine.run(getattr(query, query.engine), query.engine_params({}))
                rows = canonical_rows(query, rows)
                (folder / f"{query.name}.json").write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
                advance(1)
    finally:
        for engine in engines.values():
            engine.close()
    return {"summaries": len(queries)}


def read_summary(build_dir: Path, name: str) -> list[dict[str, Any]] | None:
    """The precomputed rows of query *name* in the build in *build_dir*; ``None`` if the build has none for it
    (a build made before the query was marked, or before summaries existed).

    :raises StoreError: when the file is there but damaged.
    """
    path = build_dir / SUMMARIES_DIR / f"{name}.json"
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as error:
        raise StoreError(f"{path} is damaged ({error}); rebuild with `medkg build`") from None
    if not isinstance(rows, list):
        raise StoreError(f"{path} is damaged (not a JSON array); rebuild with `medkg build`")
    return rows

"""Export sinks: the graph's triples (ontology and registry) as Turtle, N-Triples, N-Quads or JSON-LD."""
from __future__ import annotations

from typing import Any, BinaryIO

from medkg.ontology import PREFIXES

__all__ = ["dump_jsonld", "dump_nquads", "dump_ntriples", "dump_turtle"]


def _dump(store: Any, out: BinaryIO, format_name: str, with_prefixes: bool) -> None:
    import pyoxigraph as ox

    kwargs = {"prefixes": PREFIXES} if with_prefixes else {}
    store.dump(out, format=getattr(ox.RdfFormat, format_name), from_graph=ox.DefaultGraph(), **kwargs)


def dump_turtle(store: Any, out: BinaryIO) -> None:
    _dump(store, out, "TURTLE", True)


def dump_ntriples(store: Any, out: BinaryIO) -> None:
    _dump(store, out, "N_TRIPLES", False)


def dump_nquads(store: Any, out: BinaryIO) -> None:
    _dump(store, out, "N_QUADS", False)


def dump_jsonld(store: Any, out: BinaryIO) -> None:
    _dump(store, out, "JSON_LD", True)

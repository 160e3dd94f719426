"""RDF exports that other tools read as they expect: N-Quads in medkg's named graph (the graph `medkg push sparql`
writes and `--engine remote` reads), and compact JSON-LD with an ``@context``.

The store keeps medkg's triples in its default graph; a quad export names them, so loading the ``.nq`` into a triple
store (``tdbloader``, Fuseki, Oxigraph, GraphDB) gives the same graph name as a push.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any, BinaryIO

GRAPH_FORMATS = ("nq", "trig")


def default_graph_iri() -> str:
    from .sparql_remote import DEFAULT_GRAPH

    return DEFAULT_GRAPH


def named_quads(store: Any, graph: str | None = None) -> Iterator[Any]:
    """Every triple of the store's default graph as a quad in *graph* (default: medkg's named graph)."""
    import pyoxigraph as ox

    name = ox.NamedNode(graph or default_graph_iri())
    for quad in store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
        yield ox.Quad(quad.subject, quad.predicate, quad.object, name)


def write_quads(store: Any, fmt: str, out: BinaryIO, graph: str | None = None, prefixes: dict[str, str] | None = None) -> None:
    """N-Quads (``nq``) or TriG (``trig``) of the store, in medkg's named graph."""
    import pyoxigraph as ox

    formats = {"nq": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG}
    kwargs = {"prefixes": prefixes} if prefixes and fmt == "trig" else {}
    ox.serialize(named_quads(store, graph), out, format=formats[fmt], **kwargs)

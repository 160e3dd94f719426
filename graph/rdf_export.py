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


def jsonld_context() -> dict[str, str]:
    """The ``@context`` of the JSON-LD export: medkg's prefixes (schema.org among them)."""
    from medkg.ontology import PREFIXES

    return dict(PREFIXES)


def write_compact_jsonld(store: Any, out: BinaryIO) -> None:
    """Compact JSON-LD of the store's default graph: one ``@context`` (prefixes), an ``@graph`` of nodes with
    CURIE keys such as ``schema:name`` and ``mk:developedBy``.

    pyoxigraph writes expanded JSON-LD only, so the graph goes through rdflib's JSON-LD serializer here (an export
    command, not a lookup: its import cost does not matter).
    """
    import io

    import pyoxigraph as ox
    import rdflib

    nt = io.BytesIO()
    store.dump(nt, format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    graph = rdflib.Graph()
    graph.parse(data=nt.getvalue().decode("utf-8"), format="nt")
    text = graph.serialize(format="json-ld", context=jsonld_context(), auto_compact=True, ensure_ascii=False, indent=1)
    out.write(text.encode("utf-8"))

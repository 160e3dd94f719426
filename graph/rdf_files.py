"""Export sinks: the graph's triples as files other tools read as they expect.

Turtle and N-Triples hold the default graph. N-Quads and TriG put every triple in medkg's named graph (the graph
``medkg push sparql`` writes and ``--engine remote`` reads), so loading the file into a triple store (``tdbloader``,
Fuseki, Oxigraph, GraphDB) gives the same graph name as a push. JSON-LD is compact, with an ``@context``.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any, BinaryIO

from medkg.ontology import PREFIXES

from medkg.base import settings
from medkg.base.progress import Reporter, counted, steps

__all__ = ["default_triples", "dump_jsonld", "dump_nquads", "dump_ntriples", "dump_trig", "dump_turtle", "jsonld_context",
           "named_quads"]


def _serialize(store: Any, out: BinaryIO, format_name: str, items: Iterator[Any], progress: Reporter | None,
               **options: Any) -> None:
    """Stream *items* (triples or quads of *store*) to *out*, counting them for *progress* (about 6% slower than
    ``Store.dump``, which cannot report)."""
    import pyoxigraph as ox

    with steps(progress, "triples", total=len(store)) as advance:
        ox.serialize(counted(items, advance), out, format=getattr(ox.RdfFormat, format_name), **options)


def default_triples(store: Any) -> Iterator[Any]:
    """Every triple of the store's default graph."""
    import pyoxigraph as ox

    return (quad.triple for quad in store.quads_for_pattern(None, None, None, ox.DefaultGraph()))


def dump_turtle(store: Any, out: BinaryIO, progress: Reporter | None = None) -> None:
    _serialize(store, out, "TURTLE", default_triples(store), progress, prefixes=PREFIXES)


def dump_ntriples(store: Any, out: BinaryIO, progress: Reporter | None = None) -> None:
    _serialize(store, out, "N_TRIPLES", default_triples(store), progress)


def named_quads(store: Any, graph: str | None = None) -> Iterator[Any]:
    """Every triple of the store's default graph as a quad in *graph* (default: medkg's named graph)."""
    import pyoxigraph as ox

    name = ox.NamedNode(graph or settings.value("sparql_graph"))
    for quad in store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
        yield ox.Quad(quad.subject, quad.predicate, quad.object, name)


def dump_nquads(store: Any, out: BinaryIO, graph: str | None = None, progress: Reporter | None = None) -> None:
    _serialize(store, out, "N_QUADS", named_quads(store, graph), progress)


def dump_trig(store: Any, out: BinaryIO, graph: str | None = None, progress: Reporter | None = None) -> None:
    _serialize(store, out, "TRIG", named_quads(store, graph), progress, prefixes=PREFIXES)


def jsonld_context() -> dict[str, str]:
    """The ``@context`` of the JSON-LD export: medkg's prefixes (schema.org among them)."""
    return dict(PREFIXES)


def dump_jsonld(store: Any, out: BinaryIO, progress: Reporter | None = None) -> None:
    """Compact JSON-LD of the store's default graph: one ``@context`` (prefixes), an ``@graph`` of nodes with
    CURIE keys such as ``schema:name`` and ``mk:developedBy``.

    pyoxigraph writes expanded JSON-LD only, so the graph goes through rdflib's JSON-LD serializer here (an export
    command, not a lookup: its import cost does not matter).
    """
    import io

    import rdflib

    nt = io.BytesIO()
    dump_ntriples(store, nt, progress)
    graph = rdflib.Graph()
    graph.parse(data=nt.getvalue().decode("utf-8"), format="nt")
    text = graph.serialize(format="json-ld", context=jsonld_context(), auto_compact=True, ensure_ascii=False, indent=1)
    out.write(text.encode("utf-8"))

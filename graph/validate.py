"""SHACL validation of a build against ``ontology/shapes.ttl`` (pyshacl over rdflib)."""
from __future__ import annotations

from typing import Any

from medkg.ontology import SHAPES_PATH


def shacl_report(store: Any) -> tuple[bool, str]:
    """Validate the RDF in a pyoxigraph *store*; returns (conforms, report text)."""
    import io

    import pyoxigraph as ox
    import pyshacl
    import rdflib

    buffer = io.BytesIO()
    store.dump(buffer, format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    data = rdflib.Graph().parse(data=buffer.getvalue().decode("utf-8"), format="nt")
    shapes = rdflib.Graph().parse(str(SHAPES_PATH), format="turtle")
    conforms, _graph, text = pyshacl.validate(data, shacl_graph=shapes, inference="none", advanced=False)
    return bool(conforms), str(text)

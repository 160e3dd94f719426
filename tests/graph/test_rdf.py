"""The RDF sink writes N-Triples text and bulk-loads it: every text survives, and the store holds the graph."""
from __future__ import annotations

import io
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from medkg.graph import rdf
from medkg.graph.sparql import STORE_DIR

from medkg.base.model import Model, Organization, Registry


@settings(max_examples=300, deadline=None)
@given(st.text(), st.sampled_from(["", "@zh", "@en", "^^<http://www.w3.org/2001/XMLSchema#string>"]))
def test_any_text_is_one_literal_with_that_value(text: str, suffix: str) -> None:
    line = f"<https://example.org/s> <https://example.org/p> {rdf._literal(text, suffix)} .\n"
    (triple,) = ox.parse(input=line.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    assert triple.object.value == text


def test_hostile_names_reach_the_store_unchanged(tmp_path: Path) -> None:
    name = 'He said "华佗"\\n\nthen\r\tleft \x00 🩺'
    registry = Registry(models=(Model("m1", name, "general", ("o1",), "https://example.org/m1"),),
                        organizations=(Organization("o1", "某医院", "hospital"),))
    rdf.write_store(registry, tmp_path)
    store = ox.Store(str(tmp_path / STORE_DIR))
    names = [q.object.value for q in store.quads_for_pattern(ox.NamedNode(rdf.node("model", "m1")[1:-1]),
                                                             ox.NamedNode(rdf._p("name")[1:-1]), None)]
    assert names == [name]


def test_registry_quads_are_the_stored_triples(tmp_path: Path) -> None:
    from medkg.loaders import load_registry

    registry = load_registry(Path(__file__).parents[1] / "fixtures" / "small")
    rdf.write_store(registry, tmp_path)
    store = ox.Store(str(tmp_path / STORE_DIR))
    ontology = {q.triple for q in rdf.ontology_quads()}
    stored = {q.triple for q in store} - ontology
    assert stored == {q.triple for q in rdf.registry_quads(registry)} - ontology and len(stored) > 500


def test_text_stream_serves_small_reads_across_chunks() -> None:
    stream = io.BufferedReader(rdf._TextStream(iter(["ab", "", "cdé"])), 2)
    assert stream.read() == "abcdé".encode()


def test_text_stream_serves_blocks_larger_than_the_reads_in_order() -> None:
    chunks = [f"<https://example.org/s{i}> <https://example.org/p> \"{'医' * (i % 50)}\" .\n" for i in range(60_000)]
    stream = io.BufferedReader(rdf._TextStream(iter(chunks)), 4096)
    assert stream.read().decode("utf-8") == "".join(chunks)


def test_an_error_while_writing_the_text_reaches_the_loader_and_the_writer_stops(tmp_path: Path) -> None:
    import threading

    def chunks():  # type: ignore[no-untyped-def]
        yield "<https://example.org/s> <https://example.org/p> \"x\" .\n" * 100_000
        raise RuntimeError("a record could not be written")

    store = ox.Store(str(tmp_path / "store"))
    with pytest.raises(Exception, match="a record could not be written"), \
            io.BufferedReader(rdf._TextStream(chunks())) as text:
        store.bulk_load(input=text, format=ox.RdfFormat.N_TRIPLES)
    writers = [t for t in threading.enumerate() if t.name == "ntriples-writer"]
    for t in writers:
        t.join(timeout=5)
    assert not any(t.is_alive() for t in writers)

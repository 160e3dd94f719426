"""The ontology is the contract: terms resolve, the built graph passes SHACL, a broken graph fails it."""
from __future__ import annotations

import pyoxigraph as ox
import pytest
from medkg.graph.validate import shacl_report
from medkg.ontology import MK, ONTOLOGY_NS, relationship_type, vocabulary


def test_undeclared_terms_fail_loudly() -> None:
    assert MK.developedBy == ONTOLOGY_NS + "developedBy"
    with pytest.raises(AttributeError):
        MK.developedByy  # noqa: B018


def test_vocabularies_have_bilingual_labels() -> None:
    for scheme in ("model-type", "org-type", "specialty", "scenario", "tier", "segment", "collaboration-kind"):
        for concept in vocabulary(scheme).values():
            assert concept.label_en and concept.label_zh, concept


def test_relationship_types_come_from_the_ontology() -> None:
    assert relationship_type("developedBy") == "DEVELOPED_BY"
    assert relationship_type("participant") == "COLLABORATES_WITH"


def test_built_graph_conforms(small_kg) -> None:  # type: ignore[no-untyped-def]
    conforms, report = shacl_report(small_kg.store())
    assert conforms, report


def test_graph_without_a_developer_fails(small_kg) -> None:  # type: ignore[no-untyped-def]
    broken = ox.Store()
    broken.extend(q for q in small_kg.store() if not (q.predicate.value == MK.developedBy
                                                       and q.subject.value.endswith("/model/huatuogpt")))
    conforms, report = shacl_report(broken)
    assert not conforms
    assert "developedBy" in report and "model/huatuogpt" in report


def test_every_scalar_column_predicate_is_declared_in_the_ontology() -> None:
    from medkg.loaders.schema import TABLES
    from medkg.ontology import declared_terms

    for table in TABLES.values():
        for column in table.scalar_columns:
            assert column.predicate in declared_terms(), f"{table.name}.{column.name}: mk:{column.predicate}"

"""Hints for Cypher written for Neo4j that the embedded engine cannot bind.

Neo4j nodes carry secondary labels (``:TCMModel``, ``:Hospital``, ``:MedKG``); LadybugDB has one table per node, so
on the embedded engine the same nodes are ``:Model`` / ``:Organization`` filtered on ``model_type`` / ``org_type``.

>>> hint("Binder exception: Table TCMModel does not exist.")
"TCMModel is a Neo4j label; on the embedded engine use (m:Model {model_type: 'tcm'}) or MATCH (m:Model) WHERE m.model_type = 'tcm'"
>>> hint("Binder exception: Table Nope does not exist.") is None
True
"""
from __future__ import annotations

import re

_MISSING_TABLE = re.compile(r"Table (\w+) does not exist")


def embedded_equivalents() -> dict[str, tuple[str, str | None, str | None]]:
    """Neo4j-only label → (embedded table, property, value)."""
    from medkg.graph.neo4j import MEDKG_LABEL
    from medkg.graph.property import secondary_labels

    out: dict[str, tuple[str, str | None, str | None]] = {}
    for table, prop in (("Model", "model_type"), ("Organization", "org_type")):
        for notation, label in secondary_labels(table).items():
            out[label] = (table, prop, notation)
    out[MEDKG_LABEL] = ("Model", None, None)
    return out


def hint(message: str) -> str | None:
    """What to write instead, when *message* is the embedded engine's error for a Neo4j-only label."""
    from medkg.graph.neo4j import MEDKG_LABEL

    match = _MISSING_TABLE.search(message)
    if not match:
        return None
    label = match.group(1)
    equivalents = embedded_equivalents()
    if label not in equivalents:
        return None
    if label == MEDKG_LABEL:
        from medkg.graph.property import NODE_SCHEMA

        return (f"{label} is a Neo4j label on every medkg node; on the embedded engine match a node table instead: "
                + ", ".join(f":{t}" for t in NODE_SCHEMA))
    table, prop, value = equivalents[label]
    return (f"{label} is a Neo4j label; on the embedded engine use (m:{table} {{{prop}: '{value}'}}) "
            f"or MATCH (m:{table}) WHERE m.{prop} = '{value}'")

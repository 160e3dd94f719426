"""Files for ``neo4j-admin database import full``: one header-bearing CSV per node label and relationship kind.

Header syntax follows Neo4j's import tool: ``id:ID(Model)`` for node ids in an id space per label,
``:START_ID(Model)``/``:END_ID(Organization)`` for relationship ends, ``name:type`` for typed properties
(``long``, ``double``, ``boolean``, ``string[]``), ``:LABEL`` and ``:TYPE``. Multiple labels and array values are
separated by ``|`` (passed as ``--array-delimiter``), since ``;`` may occur inside names.
"""
from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from medkg.base.errors import UsageError
from medkg.base.model import Registry

from .neo4j import MEDKG_LABEL
from .property import NODE_SCHEMA, REL_SCHEMA, PropertyGraph, property_graph, secondary_labels

ARRAY_DELIMITER = "|"
_TYPES = {"STRING": "", "STRING[]": ":string[]", "INT64": ":long", "DOUBLE": ":double", "BOOLEAN": ":boolean"}


def _cell(value: Any, file: str, column: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        for item in value:
            if ARRAY_DELIMITER in str(item):
                raise UsageError(f"{file}: column {column!r}: value {item!r} contains the array delimiter "
                                 f"{ARRAY_DELIMITER!r}; neo4j-admin import cannot represent it")
        return ARRAY_DELIMITER.join(str(v) for v in value)
    return str(value)


def _rel_props(rel_type: str) -> dict[str, str]:
    from medkg.ontology import relationship_type

    for prop, (_pairs, props) in REL_SCHEMA.items():
        if relationship_type(prop) == rel_type:
            return props
    raise KeyError(rel_type)


def write_import_files(graph: PropertyGraph, folder: Path) -> list[Path]:
    """Write node and relationship files plus IMPORT.txt (the command line) into *folder*."""
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for label, rows in graph.nodes.items():
        schema = NODE_SCHEMA[label]
        extra = secondary_labels(label) if label in ("Model", "Organization") else {}
        type_prop = {"Model": "model_type", "Organization": "org_type"}.get(label)
        path = folder / f"nodes_{label}.csv"
        header = [f"id:ID({label})"] + [f"{name}{_TYPES[kind]}" for name, kind in schema.items() if name != "id"] + [":LABEL"]
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            for row in rows:
                labels = [label, MEDKG_LABEL] + ([extra[row[type_prop]]] if type_prop and row.get(type_prop) in extra else [])
                writer.writerow([row["id"]] + [_cell(row.get(n), path.name, n) for n in schema if n != "id"]
                                + [ARRAY_DELIMITER.join(labels)])
        written.append(path)
    for rels in graph.relationships:
        props = _rel_props(rels.type)
        path = folder / f"rels_{rels.type}_{rels.start_label}_{rels.end_label}.csv"
        header = [f":START_ID({rels.start_label})", f":END_ID({rels.end_label})"] + \
                 [f"{name}{_TYPES[kind]}" for name, kind in props.items()] + [":TYPE"]
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            for row in rels.rows:
                writer.writerow([row["from_id"], row["to_id"]] + [_cell(row.get(n), path.name, n) for n in props] + [rels.type])
        written.append(path)
    (folder / "IMPORT.txt").write_text(import_command(written), encoding="utf-8")
    return written


def import_command(written: list[Path], database: str = "neo4j") -> str:
    """IMPORT.txt: the ``neo4j-admin`` command line for these files, runnable by a shell from their folder.

    Neo4j 5 wants the database name right after ``full``: a trailing name is read as one more ``--relationships``
    file (``File 'neo4j' doesn't exist``).
    """
    command = [f"neo4j-admin database import full {database}", f"--array-delimiter='{ARRAY_DELIMITER}'",
               "--overwrite-destination"]
    command += [f"--nodes={p.name}" for p in written if p.name.startswith("nodes_")]
    command += [f"--relationships={p.name}" for p in written if p.name.startswith("rels_")]
    return ("# Run from this folder with the Neo4j server stopped (Neo4j 5.x; neo4j-admin from its bin/ folder):\n"
            + " \\\n  ".join(command) + "\n")


def write_registry(registry: Registry, folder: Path) -> list[Path]:
    """Export sink: the registry's property graph as neo4j-admin import files in *folder*."""
    return write_import_files(property_graph(registry), folder)

"""The reference tables of ``docs/registry-format.md`` and ``docs/property-graph.md``, generated from the schema.

Run ``python -m medkg.app.docs`` after changing ``loaders/schema.py``, the vocabularies or the property-graph mapping;
``tests/app/test_docs.py`` fails while a generated block is out of date.

>>> "| `hf_repo` |" in registry_format_tables()
True
"""
from __future__ import annotations

import re
from pathlib import Path

from medkg.graph.property import NODE_SCHEMA
from medkg.loaders.schema import TABLES, Column
from medkg.ontology import vocabulary

__all__ = ["registry_format_tables", "node_table", "regenerate", "DOCS"]

DOCS = Path(__file__).resolve().parents[2] / "docs"
_BLOCK = re.compile(r"(<!-- generated: (?P<name>[a-z-]+) -->\n).*?(<!-- end generated -->)", re.S)
_SCHEMES = ("model-type", "org-type", "specialty", "scenario", "modality", "access", "tier", "segment",
            "collaboration-kind", "derivation-kind", "deployment-scope", "supply-relation", "market-segment", "status",
            "measure")


def _kind(column: Column) -> str:
    if column.kind == "enum":
        return f"one of vocabulary `{column.vocab}`"
    if column.kind == "enums":
        return f"`;`-list from vocabulary `{column.vocab}`"
    if column.kind in ("ref", "refs"):
        return f"id{'s' if column.kind == 'refs' else ''} of {column.ref}"
    return {"list": "`;`-list of text", "base_models": "`;`-list of `id[:kind]`"}.get(column.kind, column.kind)


def registry_format_tables() -> str:
    """One section per registry table (columns, kinds, meaning, RDF property), then the vocabularies."""
    parts = []
    for table in TABLES.values():
        parts.append(f"## `{table.name}`{' (required)' if table.required else ''}\n\n{table.doc}\n\n"
                     "| column | required | kind | RDF property | meaning |\n|---|---|---|---|---|")
        for c in table.columns:
            rdf = f"`mk:{c.predicate}`" if c.predicate else ""
            meaning = c.doc.replace("|", "\\|")
            parts.append(f"| `{c.name}` | {'yes' if c.required else ''} | {_kind(c)} | {rdf} | {meaning} |")
        parts.append("")
    parts.append("## Vocabularies\n\nControlled values are SKOS concepts in [`ontology/vocab.ttl`](../ontology/vocab.ttl); "
                 "`skos:notation` is the value you write.\n")
    for scheme in _SCHEMES:
        try:
            concepts = vocabulary(scheme)
        except KeyError:
            continue
        values = ", ".join(f"`{n}` ({c.label_zh})" for n, c in concepts.items())
        parts.append(f"- **{scheme}**: {values}")
    return "\n".join(parts) + "\n"


def node_table() -> str:
    """The property-graph node labels with every property and its type."""
    lines = ["| label | key | properties (type) |", "|---|---|---|"]
    for label, props in NODE_SCHEMA.items():
        listed = ", ".join(f"`{name}` ({kind.lower()})" for name, kind in props.items() if name != "id")
        lines.append(f"| `{label}` | `id` | {listed} |")
    return "\n".join(lines) + "\n"


GENERATORS = {"registry-tables": registry_format_tables, "node-table": node_table}


def regenerate(path: Path, write: bool = True) -> str:
    """The text of *path* with every generated block rebuilt (written back when *write*)."""
    text = path.read_text(encoding="utf-8")
    new = _BLOCK.sub(lambda m: m.group(1) + GENERATORS[m.group("name")]() + m.group(3), text)
    if write and new != text:
        path.write_text(new, encoding="utf-8")
    return new


if __name__ == "__main__":
    for doc in ("registry-format.md", "property-graph.md"):
        regenerate(DOCS / doc)

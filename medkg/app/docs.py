"""Reference text generated from the code: registry format, property-graph nodes, CLI commands, settings.

Run ``python -m medkg.app.docs`` after changing ``loaders/schema.py``, the vocabularies, the property-graph mapping,
a command or a setting; ``tests/app/test_docs.py`` fails while a generated block is out of date.

>>> "| `hf_repo` |" in registry_format_tables()
True
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from medkg.graph.property import NODE_SCHEMA
from medkg.loaders.schema import TABLES, Column
from medkg.ontology import vocabulary

__all__ = ["DOCS", "DOCUMENTS", "ROOT", "cli_reference", "node_table", "regenerate", "registry_format_tables",
           "settings_table"]

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
DOCUMENTS = (DOCS / "registry-format.md", DOCS / "property-graph.md", DOCS / "cli.md", ROOT / "README.md")
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


def cli_reference() -> str:
    """Every command and sub-command with its arguments and options, from the typer application itself."""
    import typer

    from medkg.app.cli import app

    lines: list[str] = []

    def walk(command: Any, path: str) -> None:
        if hasattr(command, "commands"):  # a group (typer vendors click, so no isinstance on click's classes)
            for name in sorted(command.commands):
                walk(command.commands[name], f"{path} {name}")
            return
        lines.append(f"### `{path}`\n\n{(command.help or '').strip()}\n")
        for param in command.params:
            if param.name == "help":
                continue
            is_option = param.param_type_name == "option"
            names = ", ".join(f"`{o}`" for o in param.opts) if is_option else f"`{param.name.upper()}`"
            help_text = (getattr(param, "help", None) or "").replace("|", "\\|")
            lines.append(f"- {names}: {help_text}")
        lines.append("")

    root = typer.main.get_command(app)
    globals_ = [p for p in root.params if p.param_type_name == "option" and p.name != "help"]
    lines.append("Global options (before the command): " +
                 "; ".join(f"`{p.opts[0]}` {getattr(p, 'help', '')}" for p in globals_) + "\n")
    walk(root, "medkg")
    return "\n".join(lines)


def settings_table() -> str:
    """Every default medkg has, from :mod:`medkg.base.settings`."""
    from medkg.base.settings import SETTINGS

    lines = ["| setting | default | environment | meaning |", "|---|---|---|---|"]
    for s in SETTINGS.values():
        default = "" if s.default is None else f"`{s.default}`"
        meaning = s.help.replace("|", "\\|")
        lines.append(f"| `{s.name}` | {default} | {f'`{s.env}`' if s.env else ''} | {meaning} |")
    return "\n".join(lines) + "\n"


GENERATORS = {"registry-tables": registry_format_tables, "node-table": node_table, "cli-reference": cli_reference,
              "settings-table": settings_table}


def regenerate(path: Path, write: bool = True) -> str:
    """The text of *path* with every generated block rebuilt (written back when *write*)."""
    text = path.read_text(encoding="utf-8")
    new = _BLOCK.sub(lambda m: m.group(1) + GENERATORS[m.group("name")]() + m.group(3), text)
    if write and new != text:
        path.write_text(new, encoding="utf-8")
    return new


if __name__ == "__main__":
    for document in DOCUMENTS:
        regenerate(document)

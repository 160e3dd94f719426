"""Every default of medkg, declared once: the CLI, the fast lookup path, the API and the server read them here.

A setting may be overridden by its environment variable; command-line options override both.

>>> SETTINGS["timeout_s"].default
60.0
>>> value("timeout_s", environ={"MEDKG_TIMEOUT": "5"})
5.0
>>> value("row_limit", environ={})
10000
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from medkg.base.errors import UsageError

__all__ = ["SETTINGS", "Setting", "value"]


@dataclass(frozen=True)
class Setting:
    """A named default with its environment variable and a line of help (README's settings table lists them)."""

    name: str
    default: Any
    help: str
    env: str | None = None


SETTINGS: dict[str, Setting] = {s.name: s for s in (
    Setting("home", None, "medkg home holding the builds (default: the user data directory)", "MEDKG_HOME"),
    Setting("timeout_s", 60.0, "seconds before any query is stopped", "MEDKG_TIMEOUT"),
    Setting("max_memory", 2 * 1024**3, "bytes a user query may use before it is stopped (--max-memory 512M, 4G)"),
    Setting("row_limit", 10_000, "most rows a user query or an endpoint answer returns", "MEDKG_ROW_LIMIT"),
    Setting("as_of", "2025-07-31", "date the report's counts refer to (coverage compares models released by it)"),
    Setting("max_cell_chars", 20_000, "longest registry cell accepted"),
    Setting("max_rows", 5_000_000, "most rows accepted per registry table"),
    Setting("max_file_bytes", 2 * 1024**3, "largest registry file accepted"),
    Setting("host", "127.0.0.1", "interface `medkg serve` binds (loopback unless told otherwise)"),
    Setting("port", 7878, "TCP port of `medkg serve`"),
    Setting("ui_language", "zh", "language of the explorer's pages when neither the visitor nor the browser chose: zh | en"),
    Setting("page_size", 50, "rows per page of the explorer's /models and /organizations tables"),
    Setting("cypher_engine", "cypher", "engine of `medkg cypher`: cypher (embedded) | neo4j", "MEDKG_CYPHER_ENGINE"),
    Setting("cypher_buffer_bytes", 0, "memory the embedded Cypher engine may use for pages and query state; 0: a "
            "quarter of the machine's (Ladybug's own default, 80%, let a 1M-model build pass 8 GB)",
            "MEDKG_CYPHER_BUFFER_BYTES"),
    Setting("neo4j_uri", None, "Bolt URI of a Neo4j server (push neo4j, --engine neo4j)", "NEO4J_URI"),
    Setting("neo4j_user", "neo4j", "Neo4j user", "NEO4J_USER"),
    Setting("neo4j_password", None, "Neo4j password (environment only, never an option)", "NEO4J_PASSWORD"),
    Setting("neo4j_database", None, "Neo4j database (default: the server's default)", "NEO4J_DATABASE"),
    Setting("neo4j_batch_size", 1000, "rows per UNWIND transaction when pushing to Neo4j"),
    Setting("sparql_endpoint", None, "remote SPARQL endpoint of --engine remote", "MEDKG_SPARQL_ENDPOINT"),
    Setting("sparql_graph", "https://w3id.org/medkg/id/graph", "named graph medkg uses in a remote store",
            "MEDKG_SPARQL_GRAPH"),
    Setting("sparql_user", None, "user for a remote SPARQL store", "MEDKG_SPARQL_USER"),
    Setting("sparql_password", None, "password for a remote SPARQL store", "MEDKG_SPARQL_PASSWORD"),
)}


def value(name: str, environ: Mapping[str, str] | None = None) -> Any:
    """The setting's value: its environment variable when set (converted to the default's type), else the default.

    :raises UsageError: when the environment variable does not hold a value of the right type.
    """
    setting = SETTINGS[name]
    env = os.environ if environ is None else environ
    text = env.get(setting.env) if setting.env else None
    if not text:
        return setting.default
    if isinstance(setting.default, (int, float)) and not isinstance(setting.default, bool):
        try:
            return type(setting.default)(text)
        except ValueError:
            raise UsageError(f"{setting.env}: expected a number, got {text!r}") from None
    return text

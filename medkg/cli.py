"""The ``medkg`` command: a thin layer over :class:`medkg.api.MedKG`.

Data goes to stdout, diagnostics to stderr. Exit codes: 0 found, 2 bad input or usage, 3 no such model or
organization, 1 store problems, 4 server problems.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Optional

import typer

from medkg import lookups
from medkg.entry import guarded

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_show_locals=False,
                  rich_markup_mode=None, help="The knowledge graph of China's medical large language models.")

FormatOption = typer.Option("table", "--format", "-f", help="table | json | csv | md")


class _State:
    store: Optional[Path] = None
    timeout: float = 60.0
    max_memory: Optional[int] = None


state = _State()


def _progress(message: str) -> None:
    print(f"medkg: {message}", file=sys.stderr, flush=True)


def _kg():  # type: ignore[no-untyped-def]
    from medkg.api import MedKG

    return MedKG(state.store, progress=_progress, timeout_s=state.timeout, max_memory=state.max_memory)


_emit = lookups.emit
_note = lookups.note


@app.callback()
def _global(store: Optional[Path] = typer.Option(None, "--store", help="medkg home holding the store (default: MEDKG_HOME or the user data dir)"),
            timeout: str = typer.Option("60", "--timeout", help="seconds before any query is stopped"),
            max_memory: str = typer.Option("2G", "--max-memory", help="memory a user query may use (e.g. 512M, 4G)")) -> None:
    from medkg import limits

    state.store = store
    state.timeout = limits.timeout(timeout)
    state.max_memory = limits.memory(max_memory)


@app.command()
def build(registry: Optional[Path] = typer.Option(None, "--registry", "-r", help="registry folder, .xlsx, .json or .yaml (default: the bundled registry)"),
          max_cell_chars: int = typer.Option(20_000, "--max-cell-chars", help="longest cell accepted"),
          max_rows: int = typer.Option(5_000_000, "--max-rows", help="most rows accepted per table"),
          max_file_bytes: int = typer.Option(2 * 1024**3, "--max-file-bytes", help="largest file accepted")) -> None:
    """Validate a registry and build the graph; the previous graph stays until the new one is complete."""
    from medkg.loaders import Limits

    kg = _kg()
    result = kg.build(registry, Limits(max_cell_chars, max_rows, max_file_bytes))
    meta = result.meta
    counts = meta["counts"]
    _note(f"built {counts['medical_models']} medical models ({counts['models']} models), {counts['organizations']} "
          f"organizations, {counts['collaborations']} collaborations, {meta['triples']} triples into {kg.home.path}")


@app.command("who-built")
def who_built(name: str = typer.Argument(..., help="model id, name or alias in any script"),
              fmt: str = FormatOption) -> None:
    """Who built a model: developers and partners with their types, base models, source."""
    lookups.who_built(_kg(), name, fmt)


@app.command("built-by")
def built_by(name: str = typer.Argument(..., help="organization id, name or alias in any script"),
             fmt: str = FormatOption) -> None:
    """What an organization built or partnered in (its sub-organizations included)."""
    lookups.built_by(_kg(), name, fmt)


@app.command()
def models(model_type: str = typer.Option("", "--type", help="general | specialty | tcm | other | foundation"),
           developer_type: str = typer.Option("", "--developer-type", help="enterprise | university | research_institute | hospital | government"),
           specialty: str = typer.Option("", "--specialty", help="e.g. ophthalmology, pathology, radiology"),
           base: str = typer.Option("", "--base", help="base model: models built on it, transitively"),
           year: int = typer.Option(0, "--year", help="release year"),
           fmt: str = FormatOption) -> None:
    """List models, filtered."""
    rows = _kg().models(model_type, developer_type, specialty, base, year)
    _emit(rows, fmt)
    _note(f"{len(rows)} models")


@app.command()
def lineage(name: str = typer.Argument(..., help="model id, name or alias"), fmt: str = FormatOption) -> None:
    """What a model is built on, transitively."""
    _emit(_kg().lineage(name), fmt)


@app.command("built-on")
def built_on(name: str = typer.Argument(..., help="base model id, name or alias"), fmt: str = FormatOption) -> None:
    """Every model built on a base model, directly or transitively."""
    _emit(_kg().built_on(name), fmt)


@app.command()
def stats(fmt: str = FormatOption) -> None:
    """Counts by model type and by developer type."""
    for title, rows in _kg().stats().items():
        if fmt == "table":
            _emit(rows, fmt, title=title)
        else:
            _emit(rows, fmt)


@app.command()
def coverage(as_of: str = typer.Option("2025-07-31", "--as-of", help="count models released by this date"),
             fmt: str = FormatOption) -> None:
    """How complete the graph is against the report's 281 / 114 / 106 / 33."""
    _emit(_kg().coverage(as_of), fmt, title=f"coverage against the report, as of {as_of}")


@app.command()
def sparql(query: str = typer.Argument(..., help="SPARQL text, or a path to a .rq file"),
           allow_service: list[str] = typer.Option([], "--allow-service", help="endpoint a SERVICE clause may call"),
           limit: int = typer.Option(10000, "--limit", help="at most this many rows"),
           fmt: str = FormatOption) -> None:
    """Run a read-only SPARQL query on the embedded store."""
    from medkg.limits import row_limit

    row_limit(limit)
    rows = _kg().sparql(_query_text(query, ".rq"), tuple(allow_service), limit)
    _emit(rows, fmt)
    _note_limit(rows, limit)


@app.command()
def cypher(query: str = typer.Argument(..., help="Cypher text, or a path to a .cypher file"),
           limit: int = typer.Option(10000, "--limit", help="at most this many rows"),
           fmt: str = FormatOption) -> None:
    """Run a read-only Cypher query: on Neo4j if NEO4J_URI is set, else on the embedded engine."""
    from medkg.limits import row_limit

    row_limit(limit)
    rows = _kg().cypher(_query_text(query, ".cypher"), None, limit)
    _emit(rows, fmt)
    _note_limit(rows, limit)


def _note_limit(rows: Any, limit: int) -> None:
    if len(rows) >= limit:
        _note(f"stopped at {limit} rows (raise with --limit)")


def _query_text(text: str, suffix: str) -> str:
    path = Path(text)
    if text.endswith(suffix) and path.is_file():
        return path.read_text(encoding="utf-8")
    return text


@app.command("queries")
def list_queries(fmt: str = FormatOption) -> None:
    """List the named queries."""
    from medkg.queries import all_queries
    from medkg.rows import Rows

    rows = Rows(["name", "description", "description_zh", "params"],
                [{"name": q.name, "description": q.description, "description_zh": q.description_zh,
                  "params": ", ".join(f"{p.name}{'' if p.required else '?'}" for p in q.params)}
                 for q in all_queries().values()])
    _emit(rows, fmt)


@app.command()
def query(name: str = typer.Argument(..., help="a named query (see `medkg queries`)"),
          param: list[str] = typer.Option([], "--param", "-p", help="key=value, repeatable"),
          engine: str = typer.Option("sparql", "--engine", "-e", help="sparql | cypher | neo4j | remote (MEDKG_SPARQL_ENDPOINT)"),
          show: Optional[str] = typer.Option(None, "--show", help="print the query text: sparql | cypher"),
          fmt: str = FormatOption) -> None:
    """Run a named query, or print its text with --show."""
    from medkg.errors import UsageError
    from medkg.queries import named_query

    if show:
        if show not in ("sparql", "cypher"):
            raise UsageError(f"--show: expected sparql or cypher, got {show!r}")
        print(getattr(named_query(name), show), end="")
        return
    params = {}
    for item in param:
        key, sep, value = item.partition("=")
        if not sep:
            raise UsageError(f"--param: expected key=value, got {item!r}")
        params[key.strip()] = value
    rows = _kg().run(name, params, engine)
    _emit(rows, fmt, title=rows.title)


@app.command()
def export(fmt: str = typer.Option("ttl", "--format", "-f", help="ttl | nt | jsonld | nq | neo4j-csv"),
           out: Optional[Path] = typer.Argument(None, help="file (or folder for neo4j-csv); default stdout")) -> None:
    """Export the graph."""
    kg = _kg()
    if fmt == "neo4j-csv":
        from medkg.errors import UsageError
        from medkg.graph.neo4j_csv import write_import_files
        from medkg.graph.property import property_graph

        if out is None:
            raise UsageError("export --format neo4j-csv needs a folder argument")
        files = write_import_files(property_graph(kg.registry()), out)
        _note(f"wrote {len(files)} files to {out}; import with: neo4j-admin database import full "
              f"--nodes=... --relationships=... (see {out / 'IMPORT.txt'})")
        return
    if out is None:
        kg.export(fmt, sys.stdout.buffer)
    else:
        with open(out, "wb") as handle:
            kg.export(fmt, handle)
        _note(f"wrote {fmt} to {out} ({out.stat().st_size:,} bytes)")


@app.command()
def network(top: int = typer.Option(10, "--top", help="rows per section"),
            section: Optional[str] = typer.Option(None, "--section", help="hubs | components | communities | bridges (default: all)"),
            export_to: Optional[Path] = typer.Option(None, "--export", help="also write the network to FILE.graphml or FILE.gexf"),
            fmt: str = FormatOption) -> None:
    """Analyse the organization collaboration network: hubs, components, communities, bridges between types."""
    from medkg.errors import UsageError
    from medkg.graph import network as net

    registry = _kg().registry()
    if section is not None and section not in net.SECTIONS:
        raise UsageError(f"--section: expected one of {' | '.join(net.SECTIONS)}, got {section!r}")
    graph = net.collaboration_graph(registry)
    sections = {name: fn(graph, top) for name, fn in net.SECTIONS.items() if section in (None, name)}
    if fmt == "json" and section is None:
        import json

        print(json.dumps({k: list(v) for k, v in sections.items()}, ensure_ascii=False, indent=2))
    elif fmt == "csv" and section is None:
        raise UsageError("--format csv prints one table: choose one with --section")
    else:
        for name, rows in sections.items():
            _emit(rows, fmt, title=f"{name}: {rows.title}" if rows.title else name)
    if export_to is not None:
        net.export(graph, export_to)
        _note(f"wrote {graph.number_of_nodes()} organizations and {graph.number_of_edges()} links to {export_to}")


@app.command()
def plot(kind: str = typer.Argument(..., help="types | developer-types | timeline | market | network"),
         out: Path = typer.Option(..., "--out", "-o", help="FILE.png or FILE.svg")) -> None:
    """Draw a chart of the graph."""
    from medkg.plots import plot as draw

    _note(f"wrote {draw(_kg(), kind, out)}")


@app.command()
def validate() -> None:
    """Check the current build against the SHACL shapes in ontology/shapes.ttl."""
    from medkg.errors import MedkgError
    from medkg.graph.validate import shacl_report

    conforms, report = shacl_report(_kg().store())
    if not conforms:
        print(report)
        raise MedkgError("the graph does not conform to ontology/shapes.ttl")
    _note("the graph conforms to ontology/shapes.ttl")


@app.command()
def serve(host: str = typer.Option("127.0.0.1", "--host", help="interface to bind (loopback unless told otherwise)"),
          port: int = typer.Option(7878, "--port", help="TCP port"),
          max_rows: int = typer.Option(10_000, "--max-rows", help="row cap per SPARQL query"),
          allow_service: list[str] = typer.Option([], "--allow-service", help="endpoint a SERVICE clause may call"),
          base_url: Optional[str] = typer.Option(None, "--base-url", help="public URL named in the service description (default: http://HOST:PORT)")) -> None:
    """Serve the graph: SPARQL 1.1 endpoint at /sparql, named queries at /queries, the explorer at /."""
    from medkg.server import make_server

    kg = _kg()
    server = make_server(kg, host, port, state.timeout, max_rows, tuple(allow_service), base_url)
    where = "loopback only" if host in ("127.0.0.1", "localhost", "::1") else "REACHABLE FROM OTHER MACHINES"
    _note(f"medkg serving http://{host}:{server.server_address[1]}/ ({where}); SPARQL at /sparql; Ctrl-C stops")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        _note("stopped")
    finally:
        server.server_close()


push_app = typer.Typer(help="Load the graph into a server.", no_args_is_help=True)
app.add_typer(push_app, name="push")


@push_app.command("neo4j")
def push_neo4j(uri: Optional[str] = typer.Option(None, "--uri", help="bolt:// or neo4j:// URI (default: NEO4J_URI)"),
               user: Optional[str] = typer.Option(None, "--user", help="user (default: NEO4J_USER or neo4j)"),
               database: Optional[str] = typer.Option(None, "--database", help="database name (default: the server's default)"),
               replace: bool = typer.Option(False, "--replace", help="first delete medkg's own nodes (not others)"),
               batch_size: int = typer.Option(1000, "--batch-size", help="rows per UNWIND transaction")) -> None:
    """Push the graph to Neo4j (password from NEO4J_PASSWORD only)."""
    from medkg.graph.neo4j import Neo4jTarget
    from medkg.graph.property import property_graph

    kg = _kg()
    graph = property_graph(kg.registry())
    with Neo4jTarget.from_env(uri=uri, user=user, database=database) as target:
        counts = target.push(graph, replace=replace, batch_size=batch_size, progress=_progress)
    _note("pushed: " + ", ".join(f"{k} {v}" for k, v in counts.items()))


@push_app.command("sparql")
def push_sparql(endpoint: str = typer.Option(..., "--endpoint", help="SPARQL update endpoint URL"),
                graph: Optional[str] = typer.Option(None, "--graph", help="named graph IRI (default: medkg's)"),
                query_endpoint: Optional[str] = typer.Option(None, "--query-endpoint", help="query endpoint, if not the same URL")) -> None:
    """Load the graph into an existing triple store, replacing only medkg's named graph (credentials: MEDKG_SPARQL_USER/PASSWORD)."""
    from medkg.graph.sparql_remote import DEFAULT_GRAPH, SparqlTarget

    target = SparqlTarget(query_endpoint or endpoint, graph or DEFAULT_GRAPH, update_endpoint=endpoint)
    total = target.push(_kg().store(), progress=_progress)
    _note(f"pushed {total} triples into <{target.graph}> at {endpoint}")


def main() -> None:
    """The typer application, with user errors turned into one line and an exit code (see medkg.entry)."""
    import logging

    # The Neo4j driver logs each retry and dropped connection; the CLI reports the outcome in one line instead.
    logging.getLogger("neo4j").setLevel(logging.CRITICAL)
    guarded(app)


if __name__ == "__main__":
    main()

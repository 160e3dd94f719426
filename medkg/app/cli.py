"""The ``medkg`` command: a thin layer over :class:`medkg.api.MedKG`.

Data goes to stdout, diagnostics to stderr. Exit codes: 0 found, 2 bad input or usage, 3 no such model or
organization, 1 store problems, 4 server problems.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer

from medkg.app import lookups
from medkg.app.guard import guarded
from medkg.base.errors import UsageError
from medkg.base.settings import SETTINGS

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_show_locals=False,
                  rich_markup_mode=None, help="The knowledge graph of China's medical large language models.")

FormatOption = typer.Option("table", "--format", "-f", help="table | json | csv | md")


def _default(name: str) -> Any:
    return SETTINGS[name].default


class _State:
    store: Path | None = None
    timeout: float | None = None
    max_memory: int | None = None


state = _State()


def _kg() -> Any:
    from medkg.api import MedKG
    from medkg.app.progress import for_stderr

    return MedKG(state.store, progress=for_stderr(), timeout_s=state.timeout, max_memory=state.max_memory)


_emit = lookups.emit
_note = lookups.note


@app.callback()
def _global(store: Path | None = typer.Option(None, "--store", help="medkg home holding the store (default: MEDKG_HOME or the user data dir)"),
            timeout: str | None = typer.Option(
                None, "--timeout", help=f"seconds before any query is stopped (default {_default('timeout_s'):g}, or MEDKG_TIMEOUT)"),
            max_memory: str | None = typer.Option(
                None, "--max-memory", help="memory a user query may use, e.g. 512M, 4G (default 2G)")) -> None:
    from medkg.base import limits

    state.store = store
    state.timeout = limits.timeout(timeout) if timeout is not None else None
    state.max_memory = limits.memory(max_memory) if max_memory is not None else None


@app.command()
def build(registry: Path | None = typer.Option(None, "--registry", "-r",
                                              help="registry folder, .xlsx, .json or .yaml (default: the bundled registry)"),
          max_cell_chars: int = typer.Option(_default("max_cell_chars"), "--max-cell-chars", help="longest cell accepted"),
          max_rows: int = typer.Option(_default("max_rows"), "--max-rows", help="most rows accepted per table"),
          max_file_bytes: int = typer.Option(_default("max_file_bytes"), "--max-file-bytes", help="largest file accepted")) -> None:
    """Validate a registry and build the graph; the previous graph stays until the new one is complete."""
    from medkg.loaders import Limits

    kg = _kg()
    result = kg.build(registry, limits=Limits(max_cell_chars, max_rows, max_file_bytes))
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
           modality: str = typer.Option("", "--modality", help="language | vision-language | multimodal | vision | signal | molecular | speech"),
           access: str = typer.Option("", "--access", help="open-weights | api | product | research"),
           province: str = typer.Option("", "--province", help="province of a developer, as in the registry (e.g. 广东)"),
           family: str = typer.Option("", "--family", help="base-model family id (the direct base model's family): qwen, llama, ..."),
           text: str = typer.Option("", "--name", help="part of a name, English name or alias, any script"),
           sort: str = typer.Option("model_id", "--sort", help="model_id | model | release_date | model_type"),
           descending: bool = typer.Option(False, "--desc", help="sort in descending order"),
           limit: int | None = typer.Option(None, "--limit", help="at most this many rows (default: all)"),
           offset: int = typer.Option(0, "--offset", help="skip this many rows first"),
           include_all: bool = typer.Option(False, "--all", help="base (foundation) models too"),
           fmt: str = FormatOption) -> None:
    """List medical models (base models with --type foundation or --all), filtered and sorted; rows carry their
    source. The explorer's /models page runs the same query with the same filters."""
    rows = _kg().models(model_type=model_type, developer_type=developer_type, specialty=specialty, base=base, year=year,
                        modality=modality, access=access, include_foundation=include_all, province=province,
                        family=family, text=text, sort=sort, descending=descending, limit=limit, offset=offset)
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


STATS_TABLES = {"types": "by model type", "developers": "by developer type"}


@app.command()
def stats(which: str | None = typer.Argument(None, help="types | developers (default: both)"),
          fmt: str = FormatOption) -> None:
    """Counts by model type and by developer type.

    `--format json` prints one JSON object with both tables (``by_model_type``, ``by_developer_type``), or one array
    for `stats types` / `stats developers`; `--format csv` prints one table, so it needs `types` or `developers`.
    """

    if which is not None and which not in STATS_TABLES:
        raise UsageError(f"stats: expected one of {' | '.join(STATS_TABLES)}, got {which!r}")
    tables = _kg().stats()
    if which is not None:
        return _emit(tables[STATS_TABLES[which]], fmt, title=STATS_TABLES[which])
    if fmt == "json":
        import json

        print(json.dumps({title.replace(" ", "_"): list(rows) for title, rows in tables.items()},
                         ensure_ascii=False, indent=2))
    elif fmt == "csv":
        raise UsageError("--format csv prints one table: use `medkg stats types` or `medkg stats developers`")
    else:
        for title, rows in tables.items():
            _emit(rows, fmt, title=title)


@app.command()
def coverage(as_of: str = typer.Option(_default("as_of"), "--as-of", help="count models released by this date"),
             fmt: str = FormatOption) -> None:
    """How complete the graph is against the report's 281 / 114 / 106 / 33."""
    _emit(_kg().coverage(as_of=as_of), fmt, title=f"coverage against the report, as of {as_of}")
    _note(f"counting rule (data/SCOPE.md): one row per model line; held = released on or before {as_of} plus undated "
          "rows (held_undated); the report's 'other' (28) is derived as 281 − 114 − 106 − 33")


@app.command()
def sparql(query: str = typer.Argument(..., help="SPARQL text, or a path to a .rq file"),
           allow_service: list[str] = typer.Option([], "--allow-service", help="endpoint a SERVICE clause may call"),
           limit: int = typer.Option(_default("row_limit"), "--limit", help="at most this many rows"),
           fmt: str = FormatOption) -> None:
    """Run a read-only SPARQL query on the embedded store."""
    from medkg.base.limits import row_limit

    rows = _kg().sparql(_query_text(query, ".rq"), allow_service=tuple(allow_service), limit=row_limit(limit))
    _emit(rows, fmt)
    _note_limit(rows, limit)


@app.command()
def cypher(query: str = typer.Argument(..., help="Cypher text, or a path to a .cypher file"),
           engine: str | None = typer.Option(None, "--engine", "-e", help="cypher (embedded) | neo4j (default: MEDKG_CYPHER_ENGINE, else cypher)"),
           limit: int = typer.Option(_default("row_limit"), "--limit", help="at most this many rows"),
           fmt: str = FormatOption) -> None:
    """Run a read-only Cypher query on the embedded engine, or on Neo4j with --engine neo4j."""
    from medkg.base.limits import row_limit

    rows = _kg().cypher(_query_text(query, ".cypher"), engine=engine, limit=row_limit(limit))
    _emit(rows, fmt)
    _note_limit(rows, limit)


def _note_limit(rows: Any, limit: int) -> None:
    if getattr(rows, "truncated", False):
        _note(f"warning: results truncated: stopped at {limit} rows, the query has more (raise with --limit)")


def _query_text(text: str, suffix: str) -> str:
    path = Path(text)
    if text.endswith(suffix) and path.is_file():
        return path.read_text(encoding="utf-8")
    return text


@app.command("queries")
def list_queries(fmt: str = FormatOption) -> None:
    """List the named queries."""
    _emit(_kg().queries(), fmt)


@app.command()
def query(name: str = typer.Argument(..., help="a named query (see `medkg queries`)"),
          param: list[str] = typer.Option([], "--param", "-p", help="key=value, repeatable"),
          engine: str | None = typer.Option(None, "--engine", "-e", help="sparql | cypher | neo4j | remote; default: the query's own"),
          show: str | None = typer.Option(None, "--show", help="print the query text: sparql | cypher"),
          fmt: str = FormatOption) -> None:
    """Run a named query, or print its text with --show."""
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
    rows = _kg().run(name, params, engine=engine)
    _emit(rows, fmt, title=rows.title)


@app.command()
def export(fmt: str = typer.Option("ttl", "--format", "-f",
                                   help="ttl | nt | nq | trig | jsonld | neo4j-csv | csv | xlsx | graphml | gexf"),
           out: Path | None = typer.Argument(None, help="file (folder for neo4j-csv, csv, xlsx); default stdout"),
           graph: str | None = typer.Option(None, "--graph", help="named graph IRI of nq/trig (default: medkg's, as push sparql)"),
           with_models: bool = typer.Option(False, "--with-models", help="graphml/gexf: models as nodes too")) -> None:
    """Export the graph, or the registry tables (csv, xlsx: `medkg build --registry` reads them back)."""
    from medkg.sinks import EXPORTS

    if fmt in EXPORTS and EXPORTS[fmt].to_folder and out is None:
        raise UsageError(f"export --format {fmt} needs a folder argument")
    options: dict[str, Any] = {"graph": graph} if fmt in ("nq", "trig") else {}
    if fmt in ("graphml", "gexf"):
        options["with_models"] = with_models
    result = _kg().export(fmt, sys.stdout.buffer if out is None else out, **options)
    if fmt == "neo4j-csv" and out is not None:
        _note(f"wrote {len(result)} files to {out}; import with: neo4j-admin database import full neo4j "
              f"--nodes=... --relationships=... (the whole command is in {out / 'IMPORT.txt'})")
    elif fmt == "csv" and out is not None:
        _note(f"wrote {len(result)} registry tables to {out} (UTF-8 CSV with BOM; `medkg build --registry {out}` reads them back)")
    elif fmt == "xlsx":
        _note(f"wrote the registry tables to {result}")
    elif out is not None:
        _note(f"wrote {fmt} to {out} ({out.stat().st_size:,} bytes)")


@app.command()
def network(top: int = typer.Option(10, "--top", help="rows per section"),
            section: str | None = typer.Option(None, "--section", help="hubs | components | communities | bridges (default: all)"),
            export_to: Path | None = typer.Option(None, "--export", help="also write the network to FILE.graphml or FILE.gexf"),
            with_models: bool = typer.Option(False, "--with-models",
                                             help="in the --export file, models as nodes too (linked to developers, partners, base models)"),
            fmt: str = FormatOption) -> None:
    """Analyse the organization collaboration network: hubs, components, communities, bridges between types."""
    if export_to is not None and export_to.suffix not in (".graphml", ".gexf"):
        raise UsageError(f"--export: expected a .graphml or .gexf file, got {export_to.name!r}")
    kg = _kg()
    sections = kg.network(top=top, section=section)
    if fmt == "json" and section is None:
        import json

        print(json.dumps({k: list(v) for k, v in sections.items()}, ensure_ascii=False, indent=2))
    elif fmt == "csv" and section is None:
        raise UsageError("--format csv prints one table: choose one with --section")
    else:
        for name, rows in sections.items():
            _emit(rows, fmt, title=f"{name}: {rows.title}" if rows.title else name)
    if export_to is not None:
        kg.export(export_to.suffix.lstrip("."), export_to, with_models=with_models)
        _note(f"wrote the collaboration network ({'organizations and models' if with_models else 'organizations'}) to {export_to}")


@app.command()
def plot(kind: str = typer.Argument(..., help="types | developer-types | timeline | market | network"),
         out: Path = typer.Option(..., "--out", "-o", help="FILE.png or FILE.svg")) -> None:
    """Draw a chart of the graph."""
    from medkg.app.plots import plot as draw

    _note(f"wrote {draw(_kg(), kind, out)}")


@app.command()
def validate() -> None:
    """Check the current build against the SHACL shapes in ontology/shapes.ttl."""
    from medkg.base.errors import MedkgError

    conforms, report = _kg().validate()
    if not conforms:
        print(report)
        raise MedkgError("the graph does not conform to ontology/shapes.ttl")
    _note("the graph conforms to ontology/shapes.ttl")


@app.command()
def serve(host: str = typer.Option(_default("host"), "--host", help="interface to bind (loopback unless told otherwise)"),
          port: int = typer.Option(_default("port"), "--port", help="TCP port"),
          max_rows: int = typer.Option(_default("row_limit"), "--max-rows", help="row cap per SPARQL query"),
          allow_service: list[str] = typer.Option([], "--allow-service", help="endpoint a SERVICE clause may call"),
          base_url: str | None = typer.Option(None, "--base-url",
                                              help="public URL named in the service description (default: http://HOST:PORT)")) -> None:
    """Serve the graph: SPARQL 1.1 endpoint at /sparql, named queries at /queries, the explorer at /."""
    from medkg.app.server import make_server
    from medkg.base.limits import row_limit

    row_limit(max_rows, "--max-rows")
    kg = _kg()
    server = make_server(kg, host, port, kg.timeout_s, max_rows, tuple(allow_service), base_url)
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
def push_neo4j(uri: str | None = typer.Option(None, "--uri", help="bolt:// or neo4j:// URI (default: NEO4J_URI)"),
               user: str | None = typer.Option(None, "--user", help="user (default: NEO4J_USER or neo4j)"),
               database: str | None = typer.Option(None, "--database", help="database name (default: the server's default)"),
               replace: bool = typer.Option(False, "--replace", help="first delete medkg's own nodes (not others)"),
               batch_size: int = typer.Option(_default("neo4j_batch_size"), "--batch-size", help="rows per UNWIND transaction")) -> None:
    """Push the graph to Neo4j (password from NEO4J_PASSWORD only)."""
    counts = _kg().push("neo4j", uri=uri, user=user, database=database, replace=replace, batch_size=batch_size)
    _note("pushed: " + ", ".join(f"{k} {v}" for k, v in counts.items()))


@push_app.command("sparql")
def push_sparql(endpoint: str = typer.Option(..., "--endpoint", help="SPARQL update endpoint URL"),
                graph: str | None = typer.Option(None, "--graph", help="named graph IRI (default: medkg's)"),
                query_endpoint: str | None = typer.Option(None, "--query-endpoint", help="query endpoint, if not the same URL")) -> None:
    """Load the graph into an existing triple store, replacing only medkg's named graph (credentials: MEDKG_SPARQL_USER/PASSWORD)."""
    graph_iri, total = _kg().push("sparql", endpoint=endpoint, graph=graph, query_endpoint=query_endpoint)
    _note(f"pushed {total} triples into <{graph_iri}> at {endpoint}")


def main() -> None:
    """The typer application, with user errors turned into one line and an exit code (see medkg.app.entry)."""
    import logging

    # The Neo4j driver logs each retry and dropped connection; the CLI reports the outcome in one line instead.
    logging.getLogger("neo4j").setLevel(logging.CRITICAL)
    guarded(app)


if __name__ == "__main__":
    main()

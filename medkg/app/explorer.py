"""Pages of the web explorer (`medkg serve`, path `/`): search, model cards, organization pages, the named-query
gallery, the collaboration network, coverage and the value chain.

Pages are Jinja2 templates in ``templates/`` with autoescape on, so every value from the graph is escaped; the
route table :data:`ROUTES` lists them, and :mod:`medkg.app.server` serves it beside the SPARQL endpoint.
"""
from __future__ import annotations

import functools
import tempfile
import urllib.parse
from collections.abc import Callable
from http import HTTPStatus
from pathlib import Path
from typing import Any

from medkg.base.errors import NotFound

__all__ = ["ROUTES", "Page", "query_list", "render"]

HERE = Path(__file__).parent
HTML = "text/html; charset=utf-8"
Page = tuple[int, str, bytes]
ENTITY_LINKS = {"model_id": "/model/", "org_id": "/org/", "base_id": "/model/", "ancestor_id": "/model/",
                "partner_id": "/org/", "hospital_id": "/org/", "deployer_id": "/org/", "org_a_id": "/org/",
                "org_b_id": "/org/", "via_id": "/org/"}


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@functools.cache
def _environment() -> Any:
    import jinja2

    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                                     undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    environment.filters["cell"] = _cell
    environment.filters["quote"] = lambda value: urllib.parse.quote(str(value))
    environment.globals["links"] = ENTITY_LINKS
    return environment


def render(template: str, **context: Any) -> bytes:
    """The page *template* rendered with *context* (values escaped by the template engine)."""
    return str(_environment().get_template(template).render(**context)).encode()


def _page(template: str, **context: Any) -> Page:
    return HTTPStatus.OK, HTML, render(template, **context)


def query_list() -> list[dict[str, Any]]:
    from medkg.queries import all_queries

    return [q.describe() for q in all_queries().values()]


# ---------------------------------------------------------------------- pages: (endpoint, rest of the path, params)
def home(endpoint: Any, rest: str, params: dict[str, str]) -> Page:
    kg = endpoint.kg
    return _page("home.html", title="medkg", counts=kg.current_build().meta["counts"], coverage=kg.coverage())


def search(endpoint: Any, rest: str, params: dict[str, str]) -> Page:
    from medkg.base.names import search_key

    text = params.get("q", "")
    rows = endpoint.kg.run("search", {"text": text}) if search_key(text) else []  # blank or invisible-only: no search
    return _page("search.html", title=f"search {text}", text=text, rows=rows)


def model(endpoint: Any, rest: str, params: dict[str, str]) -> Page:
    kg = endpoint.kg
    rows = kg.who_built(urllib.parse.unquote(rest))
    first = rows[0]
    return _page("model.html", title=first["model"], first=first, rows=rows,
                 details=_one(kg, "model-details", first["model_id"]),
                 lineage=kg.run("lineage", {"name": first["model_id"]}),
                 built_on=kg.run("built-on", {"name": first["model_id"]}),
                 sources=sorted({r["source_url"] for r in rows}))


def organization(endpoint: Any, rest: str, params: dict[str, str]) -> Page:
    kg = endpoint.kg
    org_id = urllib.parse.unquote(rest)
    rows = kg.built_by(org_id)
    me = _one(kg, "organization-details", rows[0]["org_id"] if rows else org_id)
    if not me:
        raise NotFound("organization", org_id)
    paths = [r for r in kg.run("value-chain-paths") if me["org_id"] in (r["upstream_id"], r["downstream_id"])]
    return _page("org.html", title=me["org"], me=me, rows=rows, paths=paths,
                 partners=kg.run("partners", {"name": org_id, "depth": "1"}),
                 position=kg.run("chain-position", {"name": me["org_id"]}))


def gallery(endpoint: Any, rest: str, params: dict[str, str]) -> Page:
    return _page("gallery.html", title="named queries", queries=query_list())


def gallery_query(endpoint: Any, rest: str, params: dict[str, str]) -> Page:
    from medkg.queries import named_query

    query = named_query(rest)
    rows, query_string = None, ""
    if "run" in params or not query.params:
        given = {k: v for k, v in params.items() if k in {p.name for p in query.params} and v != ""}
        rows = endpoint.kg.run(rest, given)
        query_string = urllib.parse.urlencode(given)
    return _page("gallery_query.html", title=rest, query=query, params=params, rows=rows, query_string=query_string)


def coverage(endpoint: Any, rest: str, params: dict[str, str]) -> Page:
    kg = endpoint.kg
    return _page("coverage.html", title="coverage", rows=kg.coverage(), types=kg.run("type-distribution"))


def network(endpoint: Any, rest: str, params: dict[str, str]) -> Page:
    from medkg.app.plots import TYPE_COLOURS
    from medkg.ontology import vocabulary

    if "network_layout" not in endpoint.cache:  # a spring layout costs seconds on a large registry: once per server
        from medkg.graph.network import collaboration_graph, svg_layout

        endpoint.cache["network_layout"] = svg_layout(collaboration_graph(endpoint.kg.registry()))
    return _page("network.html", title="network", layout=endpoint.cache["network_layout"], colours=TYPE_COLOURS,
                 types=tuple(vocabulary("org-type")))


def value_chain(endpoint: Any, rest: str, params: dict[str, str]) -> Page:
    kg = endpoint.kg
    return _page("value_chain.html", title="value chain", origins=kg.run("compute-origins"),
                 deployments=kg.run("deployments"), roles=kg.run("hospital-roles"))


def chart(endpoint: Any, rest: str, params: dict[str, str]) -> Page:
    """A chart of :mod:`medkg.app.plots` as PNG; matplotlib is not thread-safe, so one at a time."""
    from medkg.app.plots import plot

    kind = rest.removesuffix(".png")
    with endpoint.lock, tempfile.TemporaryDirectory() as tmp:
        return HTTPStatus.OK, "image/png", plot(endpoint.kg, kind, Path(tmp) / f"{kind}.png").read_bytes()


def static(endpoint: Any, rest: str, params: dict[str, str]) -> Page:
    if rest == "style.css":
        return HTTPStatus.OK, "text/css; charset=utf-8", (HERE / "static" / "style.css").read_bytes()
    if rest == "cjk-font.otf":
        return HTTPStatus.OK, "font/otf", _cjk_font()
    raise NotFound("file", rest)


def _one(kg: Any, query: str, registry_id: str) -> dict[str, Any]:
    """The row of a details query about one record, bound by its registry id."""
    rows = kg.run(query, {"id": registry_id}, limit=1)
    return rows[0] if rows else {}


@functools.lru_cache(maxsize=1)
def _cjk_font() -> bytes:
    """The Noto Sans CJK SC that mplfonts ships, so Chinese renders even where the browser's system has no CJK font."""
    from medkg.app.plots import bundled_cjk_font_path

    path = bundled_cjk_font_path()
    if path is None:
        raise NotFound("font", "cjk-font.otf")
    return path.read_bytes()


# Exact paths, then prefixes (ending in "/"); the server adds its own (/sparql, /queries) to one table.
ROUTES: tuple[tuple[str, Callable[[Any, str, dict[str, str]], Page]], ...] = (
    ("/", home), ("/index.html", home), ("/search", search), ("/gallery", gallery), ("/coverage", coverage),
    ("/network", network), ("/value-chain", value_chain), ("/network.png", chart), ("/value-chain.png", chart),
    ("/deployments.png", chart), ("/model/", model), ("/org/", organization), ("/gallery/", gallery_query),
    ("/static/", static),
)

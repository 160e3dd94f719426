"""Pages of the web explorer (`medkg serve`, path `/`): home with charts, the models and organizations tables
(facets, sorting, paging, CSV/JSON downloads of the same view), search, model cards, organization pages, the
named-query gallery, the collaboration network, coverage and the value chain. Pages are bilingual (``lang=zh|en``,
remembered in a cookie; strings in :mod:`medkg.app.i18n`).

Pages are Jinja2 templates in ``templates/`` with autoescape on, so every value from the graph is escaped; the
route table :data:`ROUTES` lists them, and :mod:`medkg.app.server` serves it beside the SPARQL endpoint.
"""
from __future__ import annotations

import contextlib
import functools
import tempfile
import urllib.parse
from collections.abc import Callable
from http import HTTPStatus
from pathlib import Path
from typing import Any

from medkg.app import i18n
from medkg.base import settings
from medkg.base.errors import NotFound, UsageError

__all__ = ["ROUTES", "Page", "query_list", "render"]

HERE = Path(__file__).parent
HTML = "text/html; charset=utf-8"
Page = tuple[int, str, bytes] | tuple[int, str, bytes, dict[str, str]]
LANG_COOKIE = "medkg_lang"
# Parameters the server adds for pages (never from the URL): the Cookie's language and the request's path.
COOKIE_PARAM, URL_PARAM, ACCEPT_PARAM = "\x00lang", "\x00url", "\x00accept"
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
    environment.filters["num"] = lambda value: f"{value:.1f}".rstrip("0").rstrip(".")
    environment.globals["links"] = ENTITY_LINKS
    environment.globals["column"] = i18n.column
    environment.globals["schemes"] = i18n.VALUE_SCHEMES
    environment.globals["concept"] = i18n.concept_label
    return environment


def render(template: str, **context: Any) -> bytes:
    """The page *template* rendered with *context* (values escaped by the template engine); the language, its UI
    strings and the language switch default to the ``ui_language`` setting."""
    lang = context.setdefault("lang", _lang({}))
    context.setdefault("t", i18n.ui(lang))
    context.setdefault("url", "/")
    context.setdefault("switch", {code: _with(context["url"], lang=code) for code in i18n.LANGUAGES})
    return str(_environment().get_template(template).render(**context)).encode()


def _lang(params: dict[str, str]) -> str:
    """The page language: ``lang=`` in the URL, else the cookie, else the browser's Accept-Language, else the
    ``ui_language`` setting.

    >>> _lang({ACCEPT_PARAM: "zh-CN,zh;q=0.9,en;q=0.8"}), _lang({ACCEPT_PARAM: "de-DE, en-GB;q=0.7"})
    ('zh', 'en')
    """
    accepted = _accepted(params.get(ACCEPT_PARAM, ""))
    for lang in (params.get("lang"), params.get(COOKIE_PARAM), accepted, settings.value("ui_language")):
        if lang in i18n.LANGUAGES:
            return str(lang)
    return "zh"


def _accepted(header: str) -> str | None:
    """The first of our languages in an Accept-Language header, by q-value."""
    ranked = []
    for position, part in enumerate(header.split(",")):
        tag, _, q = part.strip().partition(";q=")
        try:
            weight = float(q) if q else 1.0
        except ValueError:
            continue
        ranked.append((-weight, position, tag.strip().lower().split("-")[0]))
    return next((tag for _, _, tag in sorted(ranked) if tag in i18n.LANGUAGES), None)


def _with(url: str, **changes: str | None) -> str:
    """*url* with query parameters changed (``None`` or ``""`` removes one); the page number resets unless given."""
    parsed = urllib.parse.urlsplit(url)
    query = dict(urllib.parse.parse_qsl(parsed.query, keep_blank_values=False))
    if "page" not in changes:
        query.pop("page", None)
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = str(value)
    return parsed.path + ("?" + urllib.parse.urlencode(query) if query else "")


def _page(template: str, params: dict[str, str] | None = None, **context: Any) -> Page:
    """The page *template* in the visitor's language; a ``lang=`` in the URL is remembered in a cookie."""
    params = params or {}
    lang = _lang(params)
    url = params.get(URL_PARAM) or "/"
    switch = {code: _with(url, lang=code, page=params.get("page")) for code in i18n.LANGUAGES}
    body = render(template, lang=lang, t=i18n.ui(lang), url=url, switch=switch, **context)
    if params.get("lang") in i18n.LANGUAGES:
        return HTTPStatus.OK, HTML, body, {"Set-Cookie": f"{LANG_COOKIE}={params['lang']}; Path=/; Max-Age=31536000; SameSite=Lax"}
    return HTTPStatus.OK, HTML, body


def query_list() -> list[dict[str, Any]]:
    from medkg.queries import all_queries

    return [q.describe() for q in all_queries().values()]


# ---------------------------------------------------------------------- pages: (endpoint, rest of the path, params)
def home(endpoint: Any, rest: str, params: dict[str, str]) -> Page:
    kg, lang = endpoint.kg, _lang(params)
    return _page("home.html", params, title="medkg", counts=kg.current_build().meta["counts"],
                 coverage=_cached(endpoint, "coverage", kg.coverage),
                 charts=_cached(endpoint, ("home-charts", lang), lambda: _home_charts(kg, lang, i18n.ui(lang))))


def _home_charts(kg: Any, lang: str, t: dict[str, str]) -> list[dict[str, Any]]:
    from medkg.app.pictures import bar_chart, column_chart
    from medkg.ontology import vocabulary

    label = functools.partial(i18n.concept_label, lang=lang)
    coverage = [r for r in kg.coverage() if r["model_type"] != "all medical"]
    types = bar_chart("chart-types", t["chart_types"], [
        (label("model-type", r["model_type"]), [(r["reported"] or 0, "s1", t["reported"]), (r["held"] or 0, "s0", t["held"])])
        for r in coverage])
    quarters: dict[str, list[tuple[float, str, str]]] = {}
    kinds = list(vocabulary("model-type"))
    for r in kg.run("timeline-quarterly"):
        quarters.setdefault(r["quarter"], []).append((r["models"], f"t{kinds.index(r['model_type']) % 6}",
                                                      label("model-type", r["model_type"])))
    timeline = column_chart("chart-timeline", t["chart_timeline"], sorted(quarters.items()))
    developers = bar_chart("chart-developers", t["chart_developers"], [
        (label("org-type", r["developer_type"]), [(r["models"], "s0", t["models"])]) for r in kg.run("developer-types")])
    collaborations = bar_chart("chart-kinds", t["chart_kinds"], [
        (label("collaboration-kind", r["kind"]), [(r["collaborations"], "s0", t["collabs_count"])])
        for r in kg.run("collaboration-kinds")])
    market = column_chart("chart-market", t["chart_market"], [
        (str(r["year"]), [(r["value"], f"m-{r['status']}", t.get(r["status"], r["status"]))])
        for r in kg.run("market-size") if r["segment"] == "medical_llm"], col_w=34)
    return [types, timeline, developers, collaborations, market]


def _cached(endpoint: Any, key: Any, compute: Callable[[], Any]) -> Any:
    """*compute()* once per build (the server clears its cache on a new build): the few things every page of a kind
    shares, such as the registry index and the network layout."""
    return endpoint.cache.get_or_compute(key, compute)


def _view(endpoint: Any, key: Any, compute: Callable[[], Any]) -> Any:
    """*compute()* for one view (filters, sort, page), kept among the most recent views of this build; apart from
    :func:`_cached`, so that many views never push out the registry index or the layout."""
    return endpoint.views.get_or_compute(key, compute)


def search(endpoint: Any, rest: str, params: dict[str, str]) -> Page:
    from medkg.base.names import search_key

    text = params.get("q", "")
    rows = endpoint.kg.run("search", {"text": text}) if search_key(text) else []  # blank or invisible-only: no search
    return _page("search.html", params, title=f"search {text}", text=text, rows=rows)


# ---------------------------------------------------------------------- /models and /organizations
MODEL_FILTERS = {"type": "model_type", "developer_type": "developer_type", "specialty": "specialty",
                 "modality": "modality", "access": "access", "family": "family", "province": "province", "year": "year",
                 "name": "text", "base": "base"}  # URL parameter -> MedKG.models keyword (the CLI's options, too)
MODEL_FACETS = {"model_type": "type", "developer_type": "developer_type", "specialty": "specialty",
                "modality": "modality", "access": "access", "family": "family", "province": "province", "year": "year"}
MODEL_COLUMNS = ("model", "model_type", "developers", "release_date", "modality", "access", "specialties", "model_id")


def _model_filters(params: dict[str, str]) -> dict[str, Any]:
    """MedKG.models keywords from the URL's filter parameters (the same names as the CLI's options)."""
    kwargs: dict[str, Any] = {}
    for key, keyword in MODEL_FILTERS.items():
        value = params.get(key, "").strip()
        if not value:
            continue
        if keyword == "year":
            if not value.isdigit():
                raise UsageError(f"year: expected a year such as 2024, got {value!r}")
            kwargs[keyword] = int(value)
        else:
            kwargs[keyword] = value
    kwargs["include_foundation"] = params.get("all") == "1"
    return kwargs


def _sorting(params: dict[str, str], allowed: tuple[str, ...], default: str) -> tuple[str, bool]:
    sort = params.get("sort") or default
    if sort not in allowed:
        raise UsageError(f"sort: expected one of {' | '.join(allowed)}, got {sort!r}")
    return sort, params.get("desc") == "1"


def _page_number(params: dict[str, str]) -> int:
    text = params.get("page") or "1"
    if not text.isdigit() or int(text) < 1:
        raise UsageError(f"page: expected a page number of at least 1, got {text!r}")
    return int(text)


def _active(params: dict[str, str], names: Any, facets: dict[str, str], url: str,
            lang: str) -> list[tuple[str, str, str, str]]:
    """The filters in use: (parameter, value, link without it, label of the value). A URL parameter's values are
    labelled from the vocabulary of the facet that sets it (*facets*: facet -> URL parameter)."""
    schemes = {param: i18n.FACET_SCHEMES[facet] for facet, param in facets.items() if facet in i18n.FACET_SCHEMES}
    return [(k, v, _with(url, **{k: ""}), i18n.concept_label(schemes[k], v, lang) if k in schemes else v)
            for k, v in params.items() if k in names and v]


def _facet_groups(rows: list[dict[str, Any]], facets: dict[str, str], params: dict[str, str], url: str, lang: str,
                  names: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """Facets as the template shows them: values with counts and a link that adds (or, when active, removes) it."""
    groups = []
    for facet, param in facets.items():
        active = params.get(param, "")
        values = []
        for r in rows:
            if r["facet"] != facet or r["value"] is None:
                continue
            value = str(r["value"])
            scheme = i18n.FACET_SCHEMES.get(facet)
            label = i18n.concept_label(scheme, value, lang) if scheme else (names or {}).get(value, value)
            values.append({"value": value, "label": label, "count": r["models"], "active": value == active,
                           "href": _with(url, **{param: "" if value == active else value})})
        if values:
            groups.append({"facet": facet, "param": param, "label": i18n.column(facet, lang), "options": values[:12],
                           "more": max(0, len(values) - 12)})
    return groups


def models(endpoint: Any, rest: str, params: dict[str, str]) -> Page:
    """``/models``: every medical model as a table with facets, sorting and paging; ``/models.csv`` and
    ``/models.json`` download the same view (every row of it), as ``medkg models`` with the same filters prints."""
    from medkg.api import MODEL_SORTS

    kg, lang = endpoint.kg, _lang(params)
    filters = _model_filters(params)
    sort, descending = _sorting(params, MODEL_SORTS, "model_id")
    if rest in ("models.csv", "models.json"):
        return _download(kg.models(**filters, sort=sort, descending=descending), rest)
    size, number = int(settings.value("page_size")), _page_number(params)
    rows = _view(endpoint, ("models", tuple(sorted(filters.items())), sort, descending, number, size),
                   lambda: kg.models(**filters, sort=sort, descending=descending, limit=size, offset=(number - 1) * size))
    facets = _view(endpoint, ("model-facets", tuple(sorted(filters.items()))), lambda: list(kg.model_facets(**filters)))
    total = next((r["models"] for r in facets if r["facet"] == "total"), 0)
    url = params.get(URL_PARAM) or "/models"
    return _page("models.html", params, title=i18n.ui(lang)["models"], rows=rows, columns=MODEL_COLUMNS,
                 groups=_facet_groups(facets, MODEL_FACETS, params, url, lang),
                 active=_active(params, MODEL_FILTERS, MODEL_FACETS, url, lang),
                 text=params.get("name", ""), include_all=filters["include_foundation"],
                 **_table_view(url, "/models", MODEL_SORTS, sort, descending, number, size, len(rows), total))


ORG_FILTERS = ("type", "province", "tier", "listed", "name")  # URL parameters of /organizations
ORG_FACETS = {"org_type": "type", "province": "province", "tier": "tier", "listed": "listed"}
ORG_COLUMNS = ("org", "org_type", "province", "tiers", "ticker", "models", "org_id")


def organizations(endpoint: Any, rest: str, params: dict[str, str]) -> Page:
    """``/organizations``: every organization as a table with facets, sorting and paging; ``.csv`` / ``.json``
    download the same view."""
    from medkg.api import ORGANIZATION_SORTS

    kg, lang = endpoint.kg, _lang(params)
    listed = params.get("listed", "")
    if listed not in ("", "yes", "no"):
        raise UsageError(f"listed: expected yes or no, got {listed!r}")
    filters: dict[str, Any] = {"org_type": params.get("type", ""), "province": params.get("province", ""),
                               "tier": params.get("tier", ""), "listed": None if not listed else listed == "yes",
                               "text": params.get("name", "")}
    sort, descending = _sorting(params, ORGANIZATION_SORTS, "org_id")
    if rest in ("organizations.csv", "organizations.json"):
        return _download(kg.organizations(**filters, sort=sort, descending=descending), rest)
    size, number = int(settings.value("page_size")), _page_number(params)
    rows = _view(endpoint, ("organizations", tuple(sorted(filters.items())), sort, descending, number, size),
                   lambda: kg.organizations(**filters, sort=sort, descending=descending, limit=size,
                                            offset=(number - 1) * size))
    facets = [{**r, "models": r["organizations"]} for r in _view(
        endpoint, ("organization-facets", tuple(sorted(filters.items()))), lambda: list(kg.organization_facets(**filters)))]
    total = next((r["models"] for r in facets if r["facet"] == "total"), 0)
    url = params.get(URL_PARAM) or "/organizations"
    t = i18n.ui(lang)
    groups = _facet_groups(facets, ORG_FACETS, params, url, lang)
    for g in groups:
        if g["param"] == "listed":
            for option in g["options"]:
                option["label"] = t[option["value"]]
    return _page("organizations.html", params, title=t["organizations"], rows=rows, columns=ORG_COLUMNS,
                 groups=groups, active=_active(params, ORG_FILTERS, ORG_FACETS, url, lang),
                 text=params.get("name", ""),
                 **_table_view(url, "/organizations", ORGANIZATION_SORTS, sort, descending, number, size, len(rows),
                               total))


def _table_view(url: str, path: str, sorts: tuple[str, ...], sort: str, descending: bool, number: int, size: int,
                shown: int, total: int) -> dict[str, Any]:
    """What the faceted table template needs beside its rows and facets: sorting links, the rows' range, the
    downloads of the same view and the neighbouring pages."""
    return {"sortable": sorts, "sort": sort, "descending": descending, "total": total,
            "sort_links": {c: _with(url, sort=c, desc="1" if c == sort and not descending else None) for c in sorts},
            "first": (number - 1) * size + 1, "last": (number - 1) * size + shown,
            "csv": _with(url.replace(path, f"{path}.csv", 1), page=None, lang=None),
            "json": _with(url.replace(path, f"{path}.json", 1), page=None, lang=None),
            "prev": _with(url, page=str(number - 1)) if number > 1 else None,
            "next": _with(url, page=str(number + 1)) if number * size < total else None}


def _download(rows: Any, rest: str) -> Page:
    import io
    import json

    from medkg.app import output

    if rest.endswith(".csv"):
        out = io.StringIO()
        output.write(rows, "csv", out)
        return HTTPStatus.OK, "text/csv; charset=utf-8", out.getvalue().encode()
    return HTTPStatus.OK, "application/json; charset=utf-8", json.dumps(list(rows), ensure_ascii=False, default=str).encode()


# ---------------------------------------------------------------------- model cards and organization pages
def _index(endpoint: Any) -> dict[str, Any]:
    """The registry of the current build with the reverse links a card needs, once per build."""
    def build() -> dict[str, Any]:
        registry = endpoint.kg.registry()
        successors: dict[str, list[Any]] = {}
        derived: dict[str, list[Any]] = {}
        children: dict[str, list[Any]] = {}
        collaborations: dict[str, list[Any]] = {}
        sources: dict[str, list[tuple[str, str | None]]] = {}
        for m in registry.models:
            if m.successor_of:
                successors.setdefault(m.successor_of, []).append(m)
            for ref in m.base_models:
                derived.setdefault(ref.model_id, []).append(m)
        for o in registry.organizations:
            if o.parent:
                children.setdefault(o.parent, []).append(o)
        for c in registry.collaborations:
            collaborations.setdefault(c.org_a, []).append(c)
            collaborations.setdefault(c.org_b, []).append(c)
        for x in (*registry.collaborations, *registry.supplies, *registry.deployments):
            if x.model:
                sources.setdefault(x.model, []).append((x.source_url, x.source_note))
        return {"registry": registry, "models": registry.model_by_id, "orgs": registry.org_by_id,
                "successors": successors, "derived": derived, "children": children, "collaborations": collaborations,
                "sources": sources}

    return _cached(endpoint, "registry-index", build)


def warm_up(endpoint: Any) -> None:
    """Build the registry index of the build *endpoint* serves (the server starts this in a thread). A failure is
    left for the first page that needs the index to report."""
    with contextlib.suppress(Exception):
        _index(endpoint)


def model(endpoint: Any, rest: str, params: dict[str, str]) -> Page:
    from medkg.app.pictures import lineage_tree

    kg = endpoint.kg
    rows = kg.who_built(urllib.parse.unquote(rest))
    first = rows[0]
    index = _index(endpoint)
    me = index["models"][first["model_id"]]
    models_by_id = index["models"]

    def node(m: Any, note: str = "") -> dict[str, Any]:
        return {"id": m.id, "label": m.name, "note": note or (str(m.release_date) if m.release_date else ""),
                "parents": [ref.model_id for ref in m.base_models]}

    ancestors: list[list[dict[str, Any]]] = []
    level, seen = [ref.model_id for ref in me.base_models], {me.id}
    while level and len(ancestors) < 4:
        level = [i for i in dict.fromkeys(level) if i in models_by_id and i not in seen]
        if not level:
            break
        seen.update(level)
        ancestors.append([node(models_by_id[i]) for i in level[:6]])
        level = [ref.model_id for i in level for ref in models_by_id[i].base_models]
    derived = sorted(index["derived"].get(me.id, []), key=lambda m: m.id)
    successors = sorted(index["successors"].get(me.id, []), key=lambda m: (str(m.release_date or ""), m.id))
    predecessor = models_by_id.get(me.successor_of) if me.successor_of else None
    picture = lineage_tree(node(me), ancestors, [node(m) for m in derived[:8]],
                           node(predecessor) if predecessor else None, [node(m) for m in successors[:4]])
    sources = [(me.source_url, me.source_note), *index["sources"].get(me.id, [])]
    return _page("model.html", params, title=me.name, me=me, first=first, rows=rows,
                 family=models_by_id.get(me.family) if me.family else None, models_by_id=models_by_id,
                 lineage=kg.run("lineage", {"name": me.id}), built_on=kg.run("built-on", {"name": me.id}),
                 derived=derived, successors=successors, predecessor=predecessor, picture=picture,
                 sources=list(dict.fromkeys(sources)))


def organization(endpoint: Any, rest: str, params: dict[str, str]) -> Page:
    from medkg.app.pictures import ego_network

    kg, lang = endpoint.kg, _lang(params)
    org_id = urllib.parse.unquote(rest)
    rows = kg.built_by(org_id)
    me = _one(kg, "organization-details", rows[0]["org_id"] if rows else org_id)
    if not me:
        raise NotFound("organization", org_id)
    index = _index(endpoint)
    org = index["orgs"][me["org_id"]]
    partners: dict[str, dict[str, Any]] = {}
    for c in index["collaborations"].get(org.id, []):
        other = c.org_b if c.org_a == org.id else c.org_a
        entry = partners.setdefault(other, {"kinds": set(), "models": set(), "since": set(), "count": 0})
        entry["kinds"].add(c.kind)
        entry["count"] += 1
        if c.model:
            entry["models"].add(c.model)
        if c.since:
            entry["since"].add(str(c.since))
    orgs = index["orgs"]
    partner_rows = sorted(({"id": pid, "org": orgs[pid], **p} for pid, p in partners.items() if pid in orgs),
                          key=lambda p: (-p["count"], p["id"]))
    picture = ego_network({"id": org.id, "label": org.name, "cls": org.org_type},
                          [{"id": p["id"], "label": p["org"].name, "cls": p["org"].org_type, "weight": p["count"],
                            "title": f"{p['org'].name} · " + ", ".join(i18n.concept_label("collaboration-kind", k, lang)
                                                                       for k in sorted(p["kinds"]))}
                           for p in partner_rows[:24]])
    paths = [r for r in _cached(endpoint, "value-chain-paths", lambda: list(kg.run("value-chain-paths")))
             if me["org_id"] in (r["upstream_id"], r["downstream_id"])]
    return _page("org.html", params, title=org.name, me=me, org=org, rows=rows, paths=paths, partners=partner_rows,
                 parent=orgs.get(org.parent) if org.parent else None, children=index["children"].get(org.id, []),
                 models_by_id=index["models"], picture=picture, position=kg.run("chain-position", {"name": me["org_id"]}))


# ---------------------------------------------------------------------- the other pages
def gallery(endpoint: Any, rest: str, params: dict[str, str]) -> Page:
    return _page("gallery.html", params, title="named queries", queries=query_list())


def gallery_query(endpoint: Any, rest: str, params: dict[str, str]) -> Page:
    from medkg.queries import named_query

    query = named_query(rest)
    rows, query_string = None, ""
    if "run" in params or not query.params:
        given = {k: v for k, v in params.items() if k in {p.name for p in query.params} and v != ""}
        rows = endpoint.kg.run(rest, given)
        query_string = urllib.parse.urlencode(given)
    return _page("gallery_query.html", params, title=rest, query=query, given=params, rows=rows,
                 query_string=query_string)


def coverage(endpoint: Any, rest: str, params: dict[str, str]) -> Page:
    kg = endpoint.kg
    return _page("coverage.html", params, title="coverage", rows=kg.coverage(), types=kg.run("type-distribution"))


def network(endpoint: Any, rest: str, params: dict[str, str]) -> Page:
    from medkg.app.plots import TYPE_COLOURS
    from medkg.graph.network import collaboration_graph, svg_layout
    from medkg.ontology import vocabulary

    # a spring layout costs seconds on a large registry: once per build
    layout = _cached(endpoint, "network_layout", lambda: svg_layout(collaboration_graph(_index(endpoint)["registry"])))
    return _page("network.html", params, title="network", layout=layout, colours=TYPE_COLOURS,
                 types=tuple(vocabulary("org-type")))


def value_chain(endpoint: Any, rest: str, params: dict[str, str]) -> Page:
    kg = endpoint.kg
    return _page("value_chain.html", params, title="value chain", origins=kg.run("compute-origins"),
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
    ("/models", models), ("/models.csv", models), ("/models.json", models), ("/organizations", organizations),
    ("/organizations.csv", organizations), ("/organizations.json", organizations),
    ("/network", network), ("/value-chain", value_chain), ("/network.png", chart), ("/value-chain.png", chart),
    ("/deployments.png", chart), ("/model/", model), ("/org/", organization), ("/gallery/", gallery_query),
    ("/static/", static),
)

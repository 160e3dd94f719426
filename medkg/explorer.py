"""Server-rendered pages of the web explorer (`medkg serve`, path `/`): search, model cards, organization pages,
the named-query gallery, the collaboration network and the coverage table. Every value is HTML-escaped."""
from __future__ import annotations

import functools
import html
import urllib.parse
from http import HTTPStatus
from typing import Any

from medkg.errors import NotFound

STYLE = """
@font-face{font-family:"medkg-cjk";src:url(/static/cjk-font.otf) format("opentype");font-display:block}
body{font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei","medkg-cjk",sans-serif;margin:0;color:#222}
header{background:#234;color:#fff;padding:.6em 1.2em;display:flex;gap:1.5em;align-items:center}
header a{color:#fff;text-decoration:none;font-weight:600} main{padding:1em 1.5em;max-width:1200px}
table{border-collapse:collapse;margin:.6em 0}td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left;vertical-align:top}
th{background:#f2f4f7} input[type=text]{font-size:1.1em;padding:.3em;width:22em} .muted{color:#666}
pre{background:#f6f8fa;padding:.8em;overflow:auto} .tag{background:#eef;border-radius:3px;padding:0 .4em;margin-right:.3em}
"""


def _e(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return html.escape(str(value))


def _layout(title: str, body: str) -> bytes:
    return f"""<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{_e(title)} · medkg</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>{STYLE}</style></head><body>
<header><a href="/">medkg</a><a href="/gallery">Named queries 命名查询</a><a href="/network">Network 合作网络</a>
<a href="/coverage">Coverage 覆盖率</a><a href="/sparql">SPARQL endpoint</a></header>
<main>{body}</main></body></html>""".encode()


def _table(rows: Any, columns: list[str], links: dict[str, str] | None = None) -> str:
    links = links or {}
    head = "".join(f"<th>{_e(c)}</th>" for c in columns)
    body = []
    for row in rows:
        cells = []
        for c in columns:
            value = row.get(c)
            if c in links and value:
                cells.append(f'<td><a href="{links[c]}{urllib.parse.quote(str(value))}">{_e(value)}</a></td>')
            elif isinstance(value, str) and value.startswith(("http://", "https://")):
                cells.append(f'<td><a href="{_e(value)}" rel="noopener noreferrer">{_e(value)}</a></td>')
            else:
                cells.append(f"<td>{_e(value)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f'<table><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


ENTITY_LINKS = {"model_id": "/model/", "org_id": "/org/", "base_id": "/model/", "ancestor_id": "/model/",
                "partner_id": "/org/", "hospital_id": "/org/", "org_a_id": "/org/", "org_b_id": "/org/", "via_id": "/org/"}


def query_list() -> list[dict[str, Any]]:
    from medkg.queries import all_queries

    return [{"name": q.name, "description": q.description, "description_zh": q.description_zh,
             "params": [{"name": p.name, "type": p.type, "required": p.required, "default": p.default,
                         "description": p.description} for p in q.params],
             "columns": list(q.columns)} for q in all_queries().values()]


def page(endpoint: Any, path: str, params: dict[str, str]) -> tuple[int, str, bytes]:
    kg = endpoint.kg
    html_type = "text/html; charset=utf-8"
    if path in ("/", "/index.html"):
        return HTTPStatus.OK, html_type, _home(kg)
    if path == "/search":
        return HTTPStatus.OK, html_type, _search(kg, params.get("q", ""))
    if path.startswith("/model/"):
        return HTTPStatus.OK, html_type, _model(kg, urllib.parse.unquote(path.removeprefix("/model/")))
    if path.startswith("/org/"):
        return HTTPStatus.OK, html_type, _org(kg, urllib.parse.unquote(path.removeprefix("/org/")))
    if path == "/gallery":
        return HTTPStatus.OK, html_type, _gallery()
    if path.startswith("/gallery/"):
        return HTTPStatus.OK, html_type, _gallery_query(kg, path.removeprefix("/gallery/"), params)
    if path == "/coverage":
        return HTTPStatus.OK, html_type, _coverage(kg)
    if path == "/network":
        return HTTPStatus.OK, html_type, _network(endpoint)
    if path == "/network.png":
        return HTTPStatus.OK, "image/png", _network_png(endpoint)
    if path == "/static/cjk-font.otf":
        return HTTPStatus.OK, "font/otf", _cjk_font()
    raise NotFound("page", path)


def _search_box(value: str = "") -> str:
    return (f'<form action="/search" method="get"><input type="text" name="q" value="{_e(value)}" '
            'placeholder="模型或机构名称 · model or organization, any script" autofocus> <button type="submit">Search 搜索</button></form>')


def _home(kg: Any) -> bytes:
    counts = kg.current_build().meta["counts"]
    body = (f"<h1>中国医疗大模型知识图谱 · medkg</h1>{_search_box()}"
            f'<p class="muted">{counts["medical_models"]} medical models, {counts["organizations"]} organizations, '
            f'{counts["collaborations"]} collaborations. Try <a href="/search?q=華佗GPT">華佗GPT</a>, '
            f'<a href="/search?q=瑞金">瑞金</a>, <a href="/search?q=qwen">qwen</a>.</p>'
            f"<h2>Coverage against the report 与报告对照</h2>{_table(kg.coverage(), ['model_type', 'reported', 'held', 'coverage_pct'])}")
    return _layout("medkg", body)


def _search(kg: Any, text: str) -> bytes:
    from medkg.names import search_key

    rows = kg.run("search", {"text": text}) if search_key(text) else []  # blank or invisible-only: no search
    links = [f'<li><span class="tag">{_e(r["kind"])}</span><a href="/{"model" if r["kind"] == "model" else "org"}/'
             f'{urllib.parse.quote(r["id"])}">{_e(r["name"])}</a> <span class="muted">{_e(r["id"])} · {_e(r["type"])}</span></li>'
             for r in rows]
    found = f"<ul id=\"results\">{''.join(links)}</ul>" if links else '<p id="results">No match. 未找到。</p>'
    return _layout(f"search {text}", f"<h1>Search 搜索</h1>{_search_box(text)}{found}")


def _model(kg: Any, model_id: str) -> bytes:
    rows = kg.who_built(model_id)
    first = rows[0]
    details = _one(kg, MODEL_DETAILS, first["model_id"])
    lineage = kg.run("lineage", {"name": first["model_id"]})
    built_on = kg.run("built-on", {"name": first["model_id"]})
    sources = "".join(f'<li><a href="{_e(s)}" rel="noopener noreferrer">{_e(s)}</a></li>'
                      for s in sorted({r["source_url"] for r in rows}))
    body = (f'<h1 id="model-name">{_e(first["model"])}</h1>'
            f'<p><span class="tag">{_e(first["model_type"])}</span> id <code>{_e(first["model_id"])}</code>'
            f'{" · English: " + _e(details.get("name_en")) if details.get("name_en") else ""}'
            f'{" · released " + _e(first["release_date"]) if first["release_date"] else ""}</p>'
            f'<p>Specialties 专科: {_e(details.get("specialties")) or "—"}</p>'
            f'<h2>Built by 研发与合作</h2><div id="developers">{_table(rows, ["role", "org_id", "org", "org_type"], ENTITY_LINKS)}</div>'
            f'<h2>Built on 基座谱系</h2>{_table(lineage, ["ancestor_id", "ancestor", "ancestor_type", "direct"], ENTITY_LINKS) if lineage else "<p>—</p>"}'
            f'<h2>Models built on it 基于它的模型</h2>{_table(built_on, ["model_id", "model", "model_type", "direct"], ENTITY_LINKS) if built_on else "<p>—</p>"}'
            f'<h2>Sources 来源</h2><ul id="sources">{sources}</ul>')
    return _layout(first["model"], body)


def _org(kg: Any, org_id: str) -> bytes:
    rows = kg.built_by(org_id)
    partners = kg.run("partners", {"name": org_id, "depth": "1"})
    me = _one(kg, ORG_DETAILS, rows[0]["org_id"] if rows else org_id)
    if not me:
        raise NotFound("organization", org_id)
    tiers = [r for r in kg.run("value-chain-paths", {}) if me["org_id"] in (r["upstream_id"], r["downstream_id"])]
    body = (f'<h1>{_e(me["org"])}</h1><p><span class="tag">{_e(me["org_type"])}</span> id <code>{_e(me["org_id"])}</code> '
            f'{_e(me["province"])} {_e(me["city"])} {("· ticker " + _e(me["ticker"])) if me["ticker"] else ""}</p>'
            f'<h2>Models 模型</h2>{_table(rows, ["role", "model_id", "model", "model_type", "release_date", "via_id"], ENTITY_LINKS) if rows else "<p>—</p>"}'
            f'<h2>Partners 合作伙伴</h2>{_table(partners, ["partner_id", "partner", "partner_type"], ENTITY_LINKS) if partners else "<p>—</p>"}'
            f'<h2>Value chain 产业链</h2>{_table(tiers, ["upstream", "model", "downstream"]) if tiers else "<p>—</p>"}')
    return _layout(me["org"], body)


MODEL_DETAILS = """SELECT ?id ?name_en (GROUP_CONCAT(DISTINCT ?s; separator="; ") AS ?specialties) WHERE {
  ?m mk:registryId ?id ; mk:modelType ?t . OPTIONAL { ?m mk:nameEn ?name_en } OPTIONAL { ?m mk:hasSpecialty/skos:notation ?s }
} GROUP BY ?id ?name_en"""
ORG_DETAILS = """SELECT ?id ?org_id ?org ?org_type ?province ?city ?ticker WHERE {
  ?o mk:registryId ?id ; mk:registryId ?org_id ; mk:name ?org ; mk:orgType/skos:notation ?org_type .
  OPTIONAL { ?o mk:province ?province } OPTIONAL { ?o mk:city ?city } OPTIONAL { ?o mk:ticker ?ticker }
}"""


def _one(kg: Any, query: str, registry_id: str) -> dict[str, Any]:
    """The first row of a detail query about one record, bound by its registry id (a parameter, never spliced)."""
    from medkg import sparql

    _, rows = sparql.run(kg.store(), query, {"id": registry_id}, 1, kg.timeout_s)
    return rows[0] if rows else {}


def _gallery() -> bytes:
    items = "".join(f'<li><a href="/gallery/{_e(q["name"])}">{_e(q["name"])}</a> — {_e(q["description"])} '
                    f'<span class="muted">{_e(q["description_zh"])}</span></li>' for q in query_list())
    return _layout("named queries", f"<h1>Named queries 命名查询</h1><ul>{items}</ul>")


def _gallery_query(kg: Any, name: str, params: dict[str, str]) -> bytes:
    from medkg.queries import named_query

    query = named_query(name)
    fields = "".join(f'<label>{_e(p.name)} <input type="text" name="{_e(p.name)}" value="{_e(params.get(p.name, p.default or ""))}"'
                     f' title="{_e(p.description)}"></label> ' for p in query.params)
    form = f'<form id="params" method="get">{fields}<button type="submit" name="run" value="1">Run 运行</button></form>'
    result = ""
    if "run" in params or not query.params:
        given = {k: v for k, v in params.items() if k in {p.name for p in query.params} and v != ""}
        rows = kg.run(name, given)
        query_string = urllib.parse.urlencode(given)
        result = (f'<p>{len(rows)} rows · download <a href="/queries/{_e(name)}?{_e(query_string)}&format=csv">CSV</a> '
                  f'<a href="/queries/{_e(name)}?{_e(query_string)}">JSON</a></p>'
                  f'<div id="result">{_table(rows, list(query.columns), ENTITY_LINKS)}</div>')
    body = (f"<h1>{_e(name)}</h1><p>{_e(query.description)}<br><span class='muted'>{_e(query.description_zh)}</span></p>"
            f"{form}{result}<h2>SPARQL</h2><pre>{_e(query.sparql)}</pre><h2>Cypher</h2><pre>{_e(query.cypher)}</pre>")
    return _layout(name, body)


def _coverage(kg: Any) -> bytes:
    rows = kg.coverage()
    body = ("<h1>Coverage 覆盖率</h1><p>Medical models held in medkg against the counts the industry report states "
            "(114 general, 106 specialty, 33 TCM).</p>"
            f"{_table(rows, ['model_type', 'reported', 'held_by_date', 'held_undated', 'held', 'coverage_pct'])}"
            f"<h2>By type 类型分布</h2>{_table(kg.run('type-distribution'), list(kg.run('type-distribution').columns))}")
    return _layout("coverage", body)


def _network(endpoint: Any) -> bytes:
    types = ("enterprise", "university", "research_institute", "hospital", "government")
    toggles = "".join(f'<label><input type="checkbox" checked data-type="{t}"> {t}</label> ' for t in types)
    script = ("<script>document.querySelectorAll('input[data-type]').forEach(box => box.addEventListener('change', () => "
              "document.querySelectorAll('g.' + box.dataset.type).forEach(g => g.style.display = box.checked ? '' : 'none')));"
              "</script>")
    return _layout("network", '<h1>Collaboration network 合作网络</h1><p>Organizations that collaborate, coloured by '
                              'developer type and sized by collaborations; hover for details, click to open. '
                              f'Show: {toggles}</p>{_network_svg(endpoint)}{script}'
                              '<p class="muted">Static picture: <a href="/network.png">network.png</a></p>')


def _network_svg(endpoint: Any) -> str:
    """An interactive SVG of the collaboration network (every organization with a partner), computed once per server."""
    if "network_svg" in endpoint.cache:
        return endpoint.cache["network_svg"]
    import networkx as nx

    from medkg.graph.network import SEED, collaboration_graph
    from medkg.plots import TYPE_COLOURS

    graph = collaboration_graph(endpoint.kg.registry())
    graph = graph.subgraph(n for n in graph if graph.degree(n) > 0)
    layout = nx.spring_layout(graph, seed=SEED, weight="weight", k=0.35) if graph.number_of_nodes() else {}
    size = 900

    def xy(node: str) -> tuple[float, float]:
        x, y = layout[node]
        return round((x + 1.05) / 2.1 * size, 1), round((y + 1.05) / 2.1 * size, 1)

    lines = "".join(f'<line x1="{xy(a)[0]}" y1="{xy(a)[1]}" x2="{xy(b)[0]}" y2="{xy(b)[1]}" stroke="#999" '
                    f'stroke-opacity=".4" stroke-width="{min(4, d["weight"]) / 1.5:.1f}"/>' for a, b, d in graph.edges(data=True))
    nodes = []
    for node in sorted(graph, key=lambda n: graph.degree(n, weight="weight")):
        data, (x, y) = graph.nodes[node], xy(node)
        weight = graph.degree(node, weight="weight")
        nodes.append(f'<g class="{_e(data["org_type"])}"><a href="/org/{urllib.parse.quote(node)}">'
                     f'<circle cx="{x}" cy="{y}" r="{3 + min(12, weight ** 0.7):.1f}" fill="{TYPE_COLOURS[data["org_type"]]}" '
                     f'stroke="#fff"><title>{_e(data["name"])} · {_e(data["org_type"])} · {weight} collaborations</title>'
                     "</circle></a></g>")
    endpoint.cache["network_svg"] = (f'<svg id="network" viewBox="0 0 {size} {size}" width="100%" style="max-width:{size}px;'
                                     f'border:1px solid #ddd">{lines}{"".join(nodes)}</svg>')
    return endpoint.cache["network_svg"]


def _network_png(endpoint: Any) -> bytes:
    import tempfile
    from pathlib import Path

    from medkg.plots import plot

    with endpoint.lock, tempfile.TemporaryDirectory() as tmp:
        return plot(endpoint.kg, "network", Path(tmp) / "network.png").read_bytes()


@functools.lru_cache(maxsize=1)
def _cjk_font() -> bytes:
    """The Noto Sans CJK SC that mplfonts ships, so Chinese renders even where the browser's system has no CJK font."""
    from medkg.plots import bundled_cjk_font_path

    path = bundled_cjk_font_path()
    if path is None:
        raise NotFound("font", "cjk-font.otf")
    return path.read_bytes()

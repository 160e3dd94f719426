"""Pictures from the same query results the CLI prints (matplotlib, Chinese labels in a CJK font).

Kinds: ``types``, ``developer-types``, ``timeline``, ``market``, ``network``, ``value-chain``, ``deployments``.
"""
from __future__ import annotations

import functools
import importlib.util
from collections import Counter
from pathlib import Path
from typing import Any

from medkg.base.errors import UsageError

KINDS = ("types", "developer-types", "timeline", "market", "network", "value-chain", "deployments")
TYPE_COLOURS = {"general": "#4C78A8", "specialty": "#F58518", "tcm": "#54A24B", "other": "#B279A2",
                "enterprise": "#4C78A8", "university": "#F58518", "research_institute": "#54A24B",
                "hospital": "#E45756", "government": "#B279A2"}
_CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei",
                 "SimHei", "Microsoft YaHei", "PingFang SC", "Heiti SC")


@functools.lru_cache(maxsize=1)
def bundled_cjk_font_path() -> Path | None:
    """The Noto Sans CJK SC file that the mplfonts package ships, if installed (found without importing it)."""
    spec = importlib.util.find_spec("mplfonts")
    if spec and spec.submodule_search_locations:
        path = Path(next(iter(spec.submodule_search_locations))) / "fonts" / "NotoSansCJKsc-Regular.otf"
        if path.exists():
            return path
    return None


@functools.lru_cache(maxsize=1)
def cjk_font() -> str:
    """Name of a font with Chinese glyphs: an installed system font, else the Noto Sans CJK SC that mplfonts ships."""
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    for family in _CJK_FAMILIES:
        if family in installed:
            return family
    path = bundled_cjk_font_path()
    if path is not None:
        font_manager.fontManager.addfont(str(path))
        return font_manager.FontProperties(fname=str(path)).get_name()
    raise UsageError("no font with Chinese glyphs found; install fonts-noto-cjk or `pip install mplfonts`")


def _figure(width: float = 8, height: float = 5) -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams["font.family"] = [cjk_font(), "DejaVu Sans"]
    plt.rcParams["axes.unicode_minus"] = False
    return plt.subplots(figsize=(width, height), dpi=120)


def _types(kg: Any, ax: Any) -> None:
    from medkg.ontology import vocabulary

    rows = kg.run("type-distribution")
    labels = {k: f"{c.label_zh}\n{k}" for k, c in vocabulary("model-type").items()}
    x = range(len(rows))
    ax.bar([i - 0.2 for i in x], [r["models"] for r in rows], 0.4, label="medkg 图谱收录",
           color=[TYPE_COLOURS[r["model_type"]] for r in rows])
    ax.bar([i + 0.2 for i in x], [r["reported_models"] or 0 for r in rows], 0.4, label="报告 (report)",
           color="#BBBBBB")
    ax.set_xticks(list(x), [labels[r["model_type"]] for r in rows])
    ax.set_ylabel("模型数量 (models)")
    ax.set_title("医疗大模型类型分布 · medical LLMs by type")
    ax.legend()


def _developer_types(kg: Any, ax: Any) -> None:
    from medkg.ontology import vocabulary

    rows = kg.run("developer-types")
    names = {k: f"{c.label_zh}\n{k}" for k, c in vocabulary("org-type").items()}
    x = list(range(len(rows)))
    ax.bar(x, [r["single_org_models"] for r in rows], label="单一机构 single organization", color="#4C78A8")
    ax.bar(x, [r["collaborative_models"] for r in rows], bottom=[r["single_org_models"] for r in rows],
           label="合作研发 collaborative", color="#F58518")
    ax.set_xticks(x, [names[r["developer_type"]] for r in rows])
    ax.set_ylabel("模型数量 (models)")
    ax.set_title("按研发机构类型 · medical LLMs by developer type")
    ax.legend()


def _timeline(kg: Any, ax: Any) -> None:
    rows = kg.run("timeline")
    years = sorted({r["year"] for r in rows})
    bottom = [0] * len(years)
    for model_type in ("general", "specialty", "tcm", "other"):
        counts = [sum(r["models"] for r in rows if r["year"] == y and r["model_type"] == model_type) for y in years]
        ax.bar([str(y) for y in years], counts, bottom=bottom, label=model_type, color=TYPE_COLOURS[model_type])
        bottom = [b + c for b, c in zip(bottom, counts, strict=True)]
    ax.set_ylabel("发布数量 (models released)")
    ax.set_title("医疗大模型发布时间线 · releases per year by type")
    ax.legend()


def _market(kg: Any, ax: Any) -> None:
    rows = kg.run("market-size")
    names = {"medical_llm": "医疗大模型 medical LLMs", "ai_llm": "AI大模型 all AI LLMs"}
    for segment, colour in (("medical_llm", "#E45756"), ("ai_llm", "#4C78A8")):
        series = [r for r in rows if r["segment"] == segment]
        if not series:
            continue
        ax.plot([r["year"] for r in series], [r["value"] for r in series], "--", color=colour, alpha=0.6)
        for status, marker in (("actual", "o"), ("estimate", "s"), ("forecast", "^")):
            points = [r for r in series if r["status"] == status]
            ax.scatter([r["year"] for r in points], [r["value"] for r in points], marker=marker, color=colour,
                       label=f"{names[segment]} · {status}", zorder=3)
        for r in series:
            ax.annotate(f"{r['value']:g}", (r["year"], r["value"]), textcoords="offset points", xytext=(4, 4), fontsize=8)
    unit = rows[0]["unit"] if rows else ""
    ax.set_yscale("log")
    ax.set_ylabel(f"市场规模 market size ({unit}, log scale)")
    ax.set_title("中国大模型市场规模 · market size, actual vs forecast")
    ax.legend(fontsize=8)


def _network(kg: Any, ax: Any) -> None:
    import networkx as nx

    from medkg.graph.network import SEED, collaboration_graph
    from medkg.ontology import vocabulary

    graph = collaboration_graph(kg.registry())
    graph = graph.subgraph(max(nx.connected_components(graph), key=len)).copy() if graph.number_of_edges() else graph
    layout = nx.spring_layout(graph, seed=SEED, weight="weight", k=0.6)
    degree = dict(graph.degree(weight="weight"))
    nx.draw_networkx_edges(graph, layout, ax=ax, alpha=0.3, width=[graph[a][b]["weight"] ** 0.5 for a, b in graph.edges])
    nx.draw_networkx_nodes(graph, layout, ax=ax, node_size=[30 + 25 * degree[n] for n in graph],
                           node_color=[TYPE_COLOURS[graph.nodes[n]["org_type"]] for n in graph])
    hubs = sorted(graph, key=lambda n: -degree[n])[:12]
    nx.draw_networkx_labels(graph, layout, ax=ax, labels={n: graph.nodes[n]["name"] for n in hubs}, font_size=7,
                            font_family=cjk_font())
    from matplotlib.lines import Line2D

    ax.legend(handles=[Line2D([], [], marker="o", linestyle="", color=TYPE_COLOURS[t], label=t)
                       for t in vocabulary("org-type")], fontsize=8)
    ax.set_title("合作网络（最大连通分量）· collaboration network, largest component")
    ax.axis("off")


def chain_flows(registry: Any) -> tuple[Counter[tuple[str, str]], Counter[tuple[str, str]]]:
    """Widths of the value-chain diagram: (upstream group, model type) counts of supply relations, and
    (model type, deployer type) counts of deployments. An upstream group is a segment and where its provider is based."""
    orgs = registry.org_by_id
    models = registry.model_by_id
    upstream_segments = ("chips", "servers", "cloud_compute", "algorithm_frameworks")
    supply: Counter[tuple[str, str]] = Counter()
    for s in registry.supplies:
        provider = orgs[s.provider]
        segment = next((g for g in upstream_segments if g in provider.segments), "other upstream")
        origin = "domestic" if provider.country == "CN" else "foreign" if provider.country else "unknown"
        supply[(f"{segment} · {origin}", models[s.model].model_type)] += 1
    deploy: Counter[tuple[str, str]] = Counter()
    for d in registry.deployments:
        deploy[(models[d.model].model_type, orgs[d.deployer].org_type)] += 1
    return supply, deploy


def _band(ax: Any, x0: float, y0: tuple[float, float], x1: float, y1: tuple[float, float], colour: str) -> None:
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path as MplPath

    mid = (x0 + x1) / 2
    vertices = [(x0, y0[0]), (mid, y0[0]), (mid, y1[0]), (x1, y1[0]), (x1, y1[1]), (mid, y1[1]), (mid, y0[1]), (x0, y0[1]),
                (x0, y0[0])]
    codes = [MplPath.MOVETO, MplPath.CURVE4, MplPath.CURVE4, MplPath.CURVE4, MplPath.LINETO, MplPath.CURVE4,
             MplPath.CURVE4, MplPath.CURVE4, MplPath.CLOSEPOLY]
    ax.add_patch(PathPatch(MplPath(vertices, codes), facecolor=colour, alpha=0.35, edgecolor="none"))


def _stack(totals: dict[str, int], scale: float, gap: float) -> dict[str, list[float]]:
    """Top and running offset of each node in a column, nodes stacked top-down."""
    y, out = 1.0, {}
    for node, total in totals.items():
        out[node] = [y, y]  # [top, next free position for a band]
        y -= total * scale + gap
    return out


def _value_chain(kg: Any, ax: Any) -> None:
    from matplotlib.patches import Rectangle

    supply, deploy = chain_flows(kg.registry())
    left: Counter[str] = Counter()
    right: Counter[str] = Counter()
    middle_in: Counter[str] = Counter()
    middle_out: Counter[str] = Counter()
    for (a, b), n in supply.items():
        left[a] += n
        middle_in[b] += n
    for (b, c), n in deploy.items():
        middle_out[b] += n
        right[c] += n
    middle = Counter({b: max(middle_in[b], middle_out[b]) for b in set(middle_in) | set(middle_out)})
    columns = (left, middle, right)
    scale, gap = 0.8 / (max(sum(c.values()) for c in columns) or 1), 0.02
    stacks = [_stack(dict(c.most_common()), scale, gap) for c in columns]
    incoming = {b: list(top) for b, top in stacks[1].items()}
    for (a, b), n in supply.most_common():
        _band(ax, 0.12, (stacks[0][a][1], stacks[0][a][1] - n * scale), 0.45,
              (incoming[b][1], incoming[b][1] - n * scale), TYPE_COLOURS.get(b, "#999999"))
        stacks[0][a][1] -= n * scale
        incoming[b][1] -= n * scale
    for (b, c), n in deploy.most_common():
        _band(ax, 0.55, (stacks[1][b][1], stacks[1][b][1] - n * scale), 0.88,
              (stacks[2][c][1], stacks[2][c][1] - n * scale), TYPE_COLOURS.get(c, "#999999"))
        stacks[1][b][1] -= n * scale
        stacks[2][c][1] -= n * scale
    lowest = 1.0
    for (x, width, align), column, stack in zip(((0.11, 0.01, "right"), (0.45, 0.10, "center"), (0.88, 0.01, "left")),
                                                columns, stacks, strict=True):
        for node, total in column.items():
            top, height = stack[node][0], total * scale
            lowest = min(lowest, top - height)
            ax.add_patch(Rectangle((x, top - height), width, height, color="#555555"))
            label_x = {"right": x - 0.005, "center": x + width / 2, "left": x + width + 0.005}[align]
            ax.text(label_x, top - height / 2, f"{node} ({total})", ha=align, va="center", fontsize=7,
                    color="white" if align == "center" else "black")
    ax.set_xlim(-0.25, 1.2)
    ax.set_ylim(lowest - 0.02, 1.02)
    ax.set_title("产业链：上游供给 → 模型类型 → 下游部署 · value chain: upstream supply → model type → deployers")
    ax.axis("off")


def _deployments(kg: Any, ax: Any) -> None:
    rows = [r for r in kg.run("deployments") if r["date"]]  # undated deployments have no place on a time axis
    by_month = Counter(r["date"][:7] for r in rows)
    months = sorted(by_month)
    families = Counter(r["family_id"] for r in rows)
    top = [f for f, _ in families.most_common(5)]
    bottom = [0] * len(months)
    for family in [*top, "other"]:
        counts = [sum(1 for r in rows if r["date"][:7] == m and (r["family_id"] == family or
                                                                (family == "other" and r["family_id"] not in top)))
                  for m in months]
        ax.bar(months, counts, bottom=bottom, label=family)
        bottom = [b + c for b, c in zip(bottom, counts, strict=True)]
    ax.set_ylabel("部署数 (deployments)")
    ax.tick_params(axis="x", rotation=60, labelsize=7)
    ax.legend(fontsize=7, title="model family", title_fontsize=7)
    ax.set_title("医疗机构部署大模型（按月）· deployments over time, by model family")


_DRAW = {"types": _types, "developer-types": _developer_types, "timeline": _timeline, "market": _market, "network": _network,
         "value-chain": _value_chain, "deployments": _deployments}


def plot(kg: Any, kind: str, out: Path) -> Path:
    """Draw *kind* from the graph of *kg* (a :class:`medkg.api.MedKG`) into *out* (.png or .svg)."""
    if kind not in _DRAW:
        raise UsageError(f"plot kind: expected one of {' | '.join(KINDS)}, got {kind!r}")
    if out.suffix.lower() not in (".png", ".svg"):
        raise UsageError(f"--out: expected a .png or .svg file, got {out.name!r}")
    large = kind in ("network", "value-chain")
    figure, ax = _figure(10 if large else 8, 8 if large else 5)
    _DRAW[kind](kg, ax)
    figure.tight_layout()
    figure.savefig(out)
    import matplotlib.pyplot as plt

    plt.close(figure)
    return out

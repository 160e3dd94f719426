"""Pictures from the same query results the CLI prints (matplotlib, Chinese labels in a CJK font).

Kinds: ``types``, ``developer-types``, ``timeline``, ``market``, ``network``.
"""
from __future__ import annotations

import functools
import importlib.util
from pathlib import Path
from typing import Any

from medkg.base.errors import UsageError

KINDS = ("types", "developer-types", "timeline", "market", "network")
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
                       for t in ("enterprise", "university", "research_institute", "hospital", "government")], fontsize=8)
    ax.set_title("合作网络（最大连通分量）· collaboration network, largest component")
    ax.axis("off")


_DRAW = {"types": _types, "developer-types": _developer_types, "timeline": _timeline, "market": _market, "network": _network}


def plot(kg: Any, kind: str, out: Path) -> Path:
    """Draw *kind* from the graph of *kg* (a :class:`medkg.api.MedKG`) into *out* (.png or .svg)."""
    if kind not in _DRAW:
        raise UsageError(f"plot kind: expected one of {' | '.join(KINDS)}, got {kind!r}")
    if out.suffix.lower() not in (".png", ".svg"):
        raise UsageError(f"--out: expected a .png or .svg file, got {out.name!r}")
    figure, ax = _figure(10 if kind == "network" else 8, 8 if kind == "network" else 5)
    _DRAW[kind](kg, ax)
    figure.tight_layout()
    figure.savefig(out)
    import matplotlib.pyplot as plt

    plt.close(figure)
    return out

"""Geometry of the explorer's SVG pictures: bar charts, the lineage tree of a model card and an organization's ego
network. Functions return plain dicts of numbers and texts; the templates draw them (``macros.html``), so every text
is escaped by the template engine and no picture is an image file.

>>> c = bar_chart("t", "Title", [("a", [(3, "s0", "held")]), ("b", [(1, "s0", "held")])], label_w=190)
>>> [round(b["w"]) for b in c["bars"]]
[380, 127]
"""
from __future__ import annotations

import itertools
import math
from typing import Any

__all__ = ["bar_chart", "column_chart", "ego_network", "lineage_tree"]

BOX_W, BOX_H, GAP_X, GAP_Y = 150, 34, 20, 46


def _short(text: str, limit: int = 16) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _text_width(text: str) -> float:
    """Rough width of *text* at 11px: CJK characters are square, Latin ones about half as wide."""
    return sum(11.0 if ord(c) > 0x2E80 else 6.2 for c in text)


def _legend(keys: list[tuple[str, str]], x: float, y: float) -> list[dict[str, Any]]:
    out = []
    for cls, text in keys:
        out.append({"x": x, "y": y, "cls": cls, "text": text})
        x += _text_width(text) + 28
    return out


def bar_chart(chart_id: str, title: str, items: list[tuple[str, list[tuple[float, str, str]]]],
              label_w: int = 0, bar_w: int = 380) -> dict[str, Any]:
    """Horizontal bars: one row per item, one bar per (value, css class, legend) in the row (grouped)."""
    top = max((v for _, values in items for v, _, _ in values), default=0) or 1
    label_w = label_w or int(max((_text_width(label) for label, _ in items), default=0)) + 14
    bars, labels, y = [], [], 8.0
    per = 14
    for label, values in items:
        labels.append({"x": label_w - 6, "y": y + per * len(values) / 2 + 4, "text": label, "anchor": "end"})
        for value, cls, legend in values:
            w = bar_w * value / top
            bars.append({"x": label_w, "y": y, "w": w, "h": per - 2, "cls": cls, "title": f"{label} · {legend}: {value:g}"})
            labels.append({"x": label_w + w + 4, "y": y + per - 4, "text": f"{value:g}", "anchor": "start"})
            y += per
        y += 8
    keys = list(dict.fromkeys((cls, name) for _, values in items for _, cls, name in values))
    return {"id": chart_id, "title": title, "width": label_w + bar_w + 60, "height": y + 22, "bars": bars,
            "labels": labels, "legend": _legend(keys, label_w, y + 8) if len(keys) > 1 else []}


def column_chart(chart_id: str, title: str, columns: list[tuple[str, list[tuple[float, str, str]]]],
                 height: int = 180, col_w: int = 22) -> dict[str, Any]:
    """Vertical stacked columns: one column per (label, [(value, css class, legend)])."""
    top = max((sum(v for v, _, _ in parts) for _, parts in columns), default=0) or 1
    left, bars, labels, head = 34, [], [], 16  # head: room above the tallest column for its number
    every = max(1, math.ceil(len(columns) / 7))  # at most ~7 axis labels
    for i, (label, parts) in enumerate(columns):
        x, y = left + i * (col_w + 4), float(height)
        for value, cls, legend in parts:
            h = (height - head) * value / top
            y -= h
            bars.append({"x": x, "y": y, "w": col_w, "h": h, "cls": cls, "title": f"{label} · {legend}: {value:g}"})
        total = sum(v for v, _, _ in parts)
        labels.append({"x": x + col_w / 2, "y": y - 3, "text": f"{total:g}", "anchor": "middle"})
        if i % every == 0:
            labels.append({"x": x + col_w / 2, "y": height + 14, "text": label, "anchor": "middle"})
    keys = list(dict.fromkeys((cls, name) for _, parts in columns for _, cls, name in parts))
    legend_items = _legend(keys, left, height + 26)
    last: dict[str, Any] = legend_items[-1] if legend_items else {"x": 0, "text": ""}
    width = max(left + len(columns) * (col_w + 4) + 10, int(last["x"] + _text_width(last["text"]) + 20), 420)
    return {"id": chart_id, "title": title, "width": width, "height": height + 44, "bars": bars, "labels": labels,
            "legend": legend_items}


def lineage_tree(me: dict[str, str], ancestors: list[list[dict[str, str]]], derived: list[dict[str, str]],
                 predecessor: dict[str, str] | None, successors: list[dict[str, str]]) -> dict[str, Any]:
    """Boxes and edges: *ancestors* rows above (nearest first), the model in the middle with its predecessor left and
    successors right, *derived* models below. Each node is ``{"id", "label", "note"}``."""
    rows: list[list[tuple[dict[str, str], str]]] = [[(n, "ancestor") for n in level] for level in reversed(ancestors)]
    middle = ([(predecessor, "predecessor")] if predecessor else []) + [(me, "me")] + [(s, "successor") for s in successors]
    rows.append(middle)
    if derived:
        rows.append([(n, "derived") for n in derived])
    width = max(len(r) for r in rows) * (BOX_W + GAP_X) + GAP_X
    boxes, where = [], {}
    edges: list[dict[str, Any]] = []
    for r, row in enumerate(rows):
        y = GAP_Y / 2 + r * (BOX_H + GAP_Y)
        start = (width - len(row) * (BOX_W + GAP_X) + GAP_X) / 2
        for c, (node, kind) in enumerate(row):
            x = start + c * (BOX_W + GAP_X)
            boxes.append({"x": x, "y": y, "w": BOX_W, "h": BOX_H, "cls": kind, "id": node["id"],
                          "label": _short(node["label"]), "title": " · ".join(v for v in (node["label"], node.get("note")) if v)})
            where[(kind, node["id"])] = (x, y)
    centre = where[("me", me["id"])]
    for level in ancestors[:1]:  # direct bases: an edge to the model
        edges.extend(_base_edge(where[("ancestor", n["id"])], centre) for n in level)
    for upper, lower in zip(ancestors[1:], ancestors[:-1], strict=False):  # ancestors of ancestors: edges by parent ids
        edges.extend(_base_edge(where[("ancestor", parent["id"])], where[("ancestor", child["id"])])
                     for child in lower for parent in upper if parent["id"] in child.get("parents", ()))
    edges.extend(_base_edge(centre, where[("derived", n["id"])]) for n in derived)
    chain = ([where[("predecessor", predecessor["id"])]] if predecessor else []) + [centre] + \
        [where[("successor", s["id"])] for s in successors]
    edges.extend(_succession_edge(left, right) for left, right in itertools.pairwise(chain))
    return {"width": width, "height": len(rows) * (BOX_H + GAP_Y), "boxes": boxes, "edges": edges}


def _base_edge(base: tuple[float, float], built: tuple[float, float]) -> dict[str, Any]:
    """From the bottom of the base model's box down to the top of the box of the model built on it."""
    return {"x1": base[0] + BOX_W / 2, "y1": base[1] + BOX_H, "x2": built[0] + BOX_W / 2, "y2": built[1], "cls": "base"}


def _succession_edge(earlier: tuple[float, float], later: tuple[float, float]) -> dict[str, Any]:
    """From the right side of a release's box to the left side of the next release's."""
    return {"x1": earlier[0] + BOX_W, "y1": earlier[1] + BOX_H / 2, "x2": later[0], "y2": later[1] + BOX_H / 2,
            "cls": "succession"}


def ego_network(me: dict[str, str], partners: list[dict[str, Any]], size: int = 460) -> dict[str, Any]:
    """*me* in the middle, *partners* (``{"id", "label", "cls", "title", "weight"}``) on a circle around it."""
    centre, radius = size / 2, size / 2 - 60
    nodes = [{"x": centre, "y": centre, "r": 16, "id": me["id"], "label": _short(me["label"], 14), "cls": me["cls"],
              "title": me["label"], "me": True}]
    edges = []
    for i, p in enumerate(partners):
        angle = 2 * math.pi * i / max(len(partners), 1) - math.pi / 2
        x, y = centre + radius * math.cos(angle), centre + radius * math.sin(angle)
        nodes.append({"x": x, "y": y, "r": 8 + min(6, 2 * p.get("weight", 1)), "id": p["id"],
                      "label": _short(p["label"], 12), "cls": p["cls"], "title": p["title"], "me": False})
        edges.append({"x1": centre, "y1": centre, "x2": x, "y2": y, "width": min(6, p.get("weight", 1) * 1.5)})
    return {"size": size, "nodes": nodes, "edges": edges}

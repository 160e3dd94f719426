"""The organization collaboration network (networkx): hubs, components, communities, bridges between developer types.

>>> from medkg.base.model import Collaboration, Organization, Registry
>>> reg = Registry(organizations=(Organization("a", "A", "hospital"), Organization("b", "B", "enterprise")),
...                collaborations=(Collaboration("a", "b", "hospital-enterprise", "https://e.org", model="m"),))
>>> g = collaboration_graph(reg)
>>> g["a"]["b"]["weight"], g["a"]["b"]["kinds"]
(1, 'hospital-enterprise')
"""
from __future__ import annotations

from collections import Counter
from typing import Any

import networkx as nx

from medkg.base.model import Registry
from medkg.base.rows import Rows

SEED = 42
EXACT_BETWEENNESS_UP_TO = 3000  # nodes; above that betweenness is sampled (k pivots, seeded)
SAMPLE_PIVOTS = 100


def collaboration_graph(registry: Registry) -> nx.Graph:
    """Organizations as nodes; an edge per collaborating pair, weighted by how many collaborations they share."""
    graph = nx.Graph()
    for org in registry.organizations:
        graph.add_node(org.id, name=org.name, org_type=org.org_type)
    for collab in registry.collaborations:
        a, b = collab.org_a, collab.org_b
        if graph.has_edge(a, b):
            edge = graph[a][b]
            edge["weight"] += 1
            edge["_kinds"].add(collab.kind)
            if collab.model:
                edge["_models"].add(collab.model)
        else:
            graph.add_edge(a, b, weight=1, _kinds={collab.kind}, _models={collab.model} if collab.model else set())
    for _a, _b, edge in graph.edges(data=True):
        # GraphML and GEXF take scalar attributes only.
        edge["kinds"] = "; ".join(sorted(edge.pop("_kinds")))
        edge["models"] = "; ".join(sorted(edge.pop("_models")))
    return graph


def hubs(graph: nx.Graph, top: int = 10) -> Rows:
    """Top organizations by weighted degree, with degree and betweenness centrality."""
    connected = graph.subgraph(n for n in graph if graph.degree(n) > 0)
    if connected.number_of_nodes() > EXACT_BETWEENNESS_UP_TO:
        betweenness = nx.betweenness_centrality(connected, k=min(SAMPLE_PIVOTS, connected.number_of_nodes()), seed=SEED)
    else:
        betweenness = nx.betweenness_centrality(connected)
    degree = nx.degree_centrality(connected) if connected.number_of_nodes() > 1 else {}
    rows = [{"org_id": n, "org": graph.nodes[n]["name"], "org_type": graph.nodes[n]["org_type"],
             "partners": connected.degree(n), "collaborations": connected.degree(n, weight="weight"),
             "degree_centrality": round(degree.get(n, 0.0), 4), "betweenness": round(betweenness.get(n, 0.0), 4)}
            for n in connected]
    rows.sort(key=lambda r: (-r["collaborations"], -r["betweenness"], r["org_id"]))
    return Rows(["org_id", "org", "org_type", "partners", "collaborations", "degree_centrality", "betweenness"], rows[:top])


def components(graph: nx.Graph, top: int = 10) -> Rows:
    """Connected components of the collaborating organizations, largest first."""
    parts = sorted((c for c in nx.connected_components(graph) if len(c) > 1), key=lambda c: (-len(c), min(c)))
    rows = [{"component": i + 1, "organizations": len(c),
             "types": "; ".join(f"{t} {n}" for t, n in Counter(graph.nodes[x]["org_type"] for x in c).most_common()),
             "largest_members": "; ".join(graph.nodes[x]["name"] for x in sorted(c, key=lambda x: -graph.degree(x, weight="weight"))[:5])}
            for i, c in enumerate(parts[:top])]
    singletons = sum(1 for c in nx.connected_components(graph) if len(c) == 1)
    return Rows(["component", "organizations", "types", "largest_members"], rows,
                title=f"{len(parts)} components of collaborating organizations; {singletons} organizations without partners")


def communities(graph: nx.Graph, top: int = 10) -> Rows:
    """Louvain communities (seeded, so runs agree) of the collaborating organizations."""
    connected = graph.subgraph(n for n in graph if graph.degree(n) > 0)
    found = nx.community.louvain_communities(connected, weight="weight", seed=SEED) if connected.number_of_edges() else []
    found = sorted(found, key=lambda c: (-len(c), min(c)))
    rows = [{"community": i + 1, "organizations": len(c),
             "members": "; ".join(graph.nodes[x]["name"] for x in sorted(c, key=lambda x: -graph.degree(x, weight="weight"))[:6])}
            for i, c in enumerate(found[:top])]
    return Rows(["community", "organizations", "members"], rows)


def bridges(graph: nx.Graph, top: int = 10) -> Rows:
    """Organizations that connect the most developer types other than their own."""
    rows = []
    for node in graph:
        other_types = {graph.nodes[p]["org_type"] for p in graph[node]} - {graph.nodes[node]["org_type"]}
        if other_types:
            rows.append({"org_id": node, "org": graph.nodes[node]["name"], "org_type": graph.nodes[node]["org_type"],
                         "types_reached": len(other_types), "reached": "; ".join(sorted(other_types)),
                         "cross_type_partners": sum(1 for p in graph[node] if graph.nodes[p]["org_type"] != graph.nodes[node]["org_type"])})
    rows.sort(key=lambda r: (-r["types_reached"], -r["cross_type_partners"], r["org_id"]))
    return Rows(["org_id", "org", "org_type", "types_reached", "reached", "cross_type_partners"], rows[:top])


SECTIONS = {"hubs": hubs, "components": components, "communities": communities, "bridges": bridges}


def svg_layout(graph: nx.Graph, size: int = 900) -> dict[str, Any]:
    """Positions for drawing the network as SVG: every organization with a partner, edges widened by weight.

    >>> from medkg.base.model import Collaboration, Organization, Registry
    >>> reg = Registry(organizations=(Organization("a", "A", "hospital"), Organization("b", "B", "enterprise")),
    ...                collaborations=(Collaboration("a", "b", "hospital-enterprise", "https://e.org"),))
    >>> layout = svg_layout(collaboration_graph(reg), size=100)
    >>> sorted(n["id"] for n in layout["nodes"]), len(layout["edges"])
    (['a', 'b'], 1)
    """
    linked = graph.subgraph(n for n in graph if graph.degree(n) > 0)
    positions = nx.spring_layout(linked, seed=SEED, weight="weight", k=0.35) if linked.number_of_nodes() else {}

    def xy(node: str) -> tuple[float, float]:
        x, y = positions[node]
        return round((x + 1.05) / 2.1 * size, 1), round((y + 1.05) / 2.1 * size, 1)

    edges = [{"x1": xy(a)[0], "y1": xy(a)[1], "x2": xy(b)[0], "y2": xy(b)[1], "width": round(min(4, d["weight"]) / 1.5, 1)}
             for a, b, d in linked.edges(data=True)]
    nodes = []
    for node in sorted(linked, key=lambda n: linked.degree(n, weight="weight")):
        weight = linked.degree(node, weight="weight")
        x, y = xy(node)
        nodes.append({"id": node, "name": linked.nodes[node]["name"], "org_type": linked.nodes[node]["org_type"],
                      "x": x, "y": y, "r": round(3 + min(12, weight ** 0.7), 1), "weight": weight})
    return {"size": size, "nodes": nodes, "edges": edges}

"""Network files for Gephi, Cytoscape, yEd, igraph and networkx: GraphML or GEXF with human-readable labels.

Every node has a ``label`` (the name as the registry writes it, e.g. 华为技术有限公司; GEXF's own label attribute,
a GraphML data key Gephi and Cytoscape show), a ``kind`` (organization or model) and its type. With
``with_models`` the models are nodes too (ids ``model:<registry id>``, so they cannot collide with organization
ids), linked to their developers and partners (``relation`` = developer | partner) and to their base models
(``relation`` = based_on); organization pairs carry ``relation`` = collaboration.
"""
from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

import networkx as nx

from medkg.base.model import Registry

MODEL_PREFIX = "model:"


def network_for_export(registry: Registry, with_models: bool = False) -> nx.Graph:
    """The collaboration network with labels (and, with *with_models*, the models and their links)."""
    from .network import collaboration_graph

    graph = collaboration_graph(registry)
    for org in registry.organizations:
        node = graph.nodes[org.id]
        node.update(label=org.name, kind="organization", name_en=org.name_en or "")
    for _a, _b, edge in graph.edges(data=True):
        edge["relation"] = "collaboration"
    if not with_models:
        return graph
    for model in registry.models:
        graph.add_node(MODEL_PREFIX + model.id, label=model.name, name=model.name, kind="model",
                       model_type=model.model_type, org_type="", name_en=model.name_en or "",
                       release_date=str(model.release_date) if model.release_date else "")
    for model in registry.models:
        for role, orgs in (("developer", model.developers), ("partner", model.partners)):
            for org_id in orgs:
                graph.add_edge(MODEL_PREFIX + model.id, org_id, relation=role, weight=1, kinds="", models=model.id)
        for base in model.base_models:
            graph.add_edge(MODEL_PREFIX + model.id, MODEL_PREFIX + base.model_id, relation="based_on", weight=1,
                           kinds=base.kind or "", models="")
    for _n, node in graph.nodes(data=True):
        node.setdefault("model_type", "")
    return graph


def write_graphml(registry: Registry, out: Path | BinaryIO, with_models: bool = False) -> None:
    """Export sink: the network as GraphML (Cytoscape, yEd, igraph, networkx)."""
    nx.write_graphml(network_for_export(registry, with_models), out)


def write_gexf(registry: Registry, out: Path | BinaryIO, with_models: bool = False) -> None:
    """Export sink: the network as GEXF (Gephi)."""
    nx.write_gexf(network_for_export(registry, with_models), out)

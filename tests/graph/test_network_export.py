"""Network files every tool opens with names people read (issue 13, item 11): GEXF and GraphML labels are the
registry names (not slugs), and `--with-models` puts the models in as nodes linked to their organizations."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest


@pytest.mark.parametrize("suffix", ["gexf", "graphml"])
def test_labels_are_names(cli, small_kg, tmp_path: Path, suffix: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / f"n.{suffix}"
    result = cli("network", "--section", "hubs", "--export", str(path), home=small_kg.home.path)
    assert result.returncode == 0, result.stderr
    graph = nx.read_gexf(path) if suffix == "gexf" else nx.read_graphml(path)
    assert graph.nodes["huawei"]["label"] == "华为技术有限公司"
    assert all(data["kind"] == "organization" for _n, data in graph.nodes(data=True))
    if suffix == "gexf":  # the label attribute of the GEXF node element itself, which Gephi shows
        labels = {n.get("id"): n.get("label") for n in ET.parse(path).iter() if n.tag.endswith("}node")}
        assert labels["huawei"] == "华为技术有限公司" and labels["cuhk-sz"] == "香港中文大学（深圳）"


@pytest.mark.parametrize("suffix", ["gexf", "graphml"])
def test_with_models(cli, small_kg, tmp_path: Path, suffix: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / f"n.{suffix}"
    result = cli("network", "--section", "hubs", "--export", str(path), "--with-models", home=small_kg.home.path)
    assert result.returncode == 0, result.stderr
    graph = nx.read_gexf(path) if suffix == "gexf" else nx.read_graphml(path)
    registry = small_kg.registry()
    models = {n for n, d in graph.nodes(data=True) if d["kind"] == "model"}
    assert models == {f"model:{m.id}" for m in registry.models}
    assert graph.nodes["model:huatuogpt"]["label"] == "华佗GPT"
    assert graph.has_edge("model:huatuogpt", "cuhk-sz") and graph["model:huatuogpt"]["cuhk-sz"]["relation"] == "developer"
    assert graph.has_edge("model:huatuogpt", "model:baichuan-7b")
    links = sum(len(m.developers) + len(m.partners) + len(m.base_models) for m in registry.models)
    relations = [d["relation"] for _a, _b, d in graph.edges(data=True)]
    assert sum(r != "collaboration" for r in relations) == links

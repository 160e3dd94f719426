"""The collaboration network and its analytics, on the small test registry."""
from __future__ import annotations

import networkx as nx
from medkg.graph.network import bridges, collaboration_graph, communities, components, hubs


def test_graph_weights_and_kinds(small_kg) -> None:  # type: ignore[no-untyped-def]
    graph = collaboration_graph(small_kg.registry())
    assert graph["huawei"]["ruijin"]["kinds"] == "hospital-enterprise"
    assert graph["cuhk-sz"]["sribd"]["weight"] == 2  # huatuogpt and huatuogpt-ii
    assert graph["alibaba"]["nhc"]["models"] == ""  # stated collaboration without a model


def test_sections(small_kg) -> None:  # type: ignore[no-untyped-def]
    graph = collaboration_graph(small_kg.registry())
    top = hubs(graph, 3)
    assert top[0]["org_id"] in ("huawei", "cuhk-sz", "sribd") and top[0]["collaborations"] == 2
    assert [r["organizations"] for r in components(graph)] == [3, 2, 2]
    assert communities(graph) == communities(graph)  # seeded: reproducible
    assert {r["org_id"] for r in bridges(graph)} >= {"huawei", "ruijin", "zoc"}


def test_export_round_trips(small_kg, tmp_path) -> None:  # type: ignore[no-untyped-def]
    graph = collaboration_graph(small_kg.registry())
    for name in ("n.graphml", "n.gexf"):
        small_kg.export(name.split(".")[1], tmp_path / name)
        back = nx.read_graphml(tmp_path / name) if name.endswith("graphml") else nx.read_gexf(tmp_path / name)
        assert back.number_of_edges() == graph.number_of_edges()


def test_cli_network_json(cli, tmp_path, small_registry) -> None:  # type: ignore[no-untyped-def]
    import json

    home = tmp_path / "home"
    cli("build", "--registry", str(small_registry), home=home)
    result = cli("network", "--format", "json", "--export", str(tmp_path / "n.gexf"), home=home)
    assert result.returncode == 0, result.stderr
    assert set(json.loads(result.stdout)) == {"hubs", "components", "communities", "bridges"}
    assert (tmp_path / "n.gexf").stat().st_size > 500

"""medkg benchmark suite: every figure next to its baseline, measured in the same run.

    python -m bench.run            # quick: 281 and 10k synthetic models (a few minutes)
    python -m bench.run --full     # 281, 10k, 100k and 1M models (hours on 2 cores; see the README)

Prints a table and writes bench/results/latest.json. Each row is the median of several runs with min and max; the
ratio compares with the baseline measured in the same run, because this machine is shared and absolute times drift.
All registries are SYNTHETIC (medkg.loaders.synthetic): ids start with syn-, never real data.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PYTHON = sys.executable

ROWS: list[dict[str, Any]] = []


def timed(fn: Callable[[], Any], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def record(group: str, name: str, times: list[float], baseline: list[float] | None = None, unit: str = "s",
           note: str = "", **extra: Any) -> dict[str, Any]:
    median = statistics.median(times)
    row = {"group": group, "name": name, "median": median, "min": min(times), "max": max(times), "runs": len(times),
           "unit": unit, "baseline_median": statistics.median(baseline) if baseline else None,
           "ratio": (statistics.median(baseline) / median) if baseline and median else None, "note": note, **extra}
    ROWS.append(row)
    ratio = f"{row['ratio']:.1f}× faster" if row["ratio"] and row["ratio"] >= 1 else (
        f"{1 / row['ratio']:.1f}× slower" if row["ratio"] else "")
    print(f"{group:<22} {name:<44} {median * 1000:>10.1f} ms  [{min(times) * 1000:.1f}–{max(times) * 1000:.1f}]  {ratio}  {note}",
          flush=True)
    return row


def run_python(code: str, env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run *code* in a fresh interpreter; it prints one JSON object as its last line."""
    result = subprocess.run([PYTHON, "-c", code], capture_output=True, text=True, env={**os.environ, **(env or {})},
                            cwd=ROOT, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------- 1. cold CLI lookup
def bench_cold_lookup(work: Path, repeat: int) -> None:
    from medkg.loaders.synthetic import generate

    from medkg.api import MedKG

    registry = generate(281, work / "reg-281")
    home = work / "home-281"
    kg = MedKG(home, auto_build=False)
    kg.build(registry)
    export = work / "graph-281.nt"
    with export.open("wb") as handle:
        kg.export("nt", handle)
    kg.close()
    env = {**os.environ, "MEDKG_HOME": str(home)}
    medkg_bin = str(Path(PYTHON).with_name("medkg"))
    floor = timed(lambda: subprocess.run([PYTHON, "-c", "pass"], check=True), repeat)
    lookup = timed(lambda: subprocess.run([medkg_bin, "who-built", "SYN医疗模型7"], env=env, check=True,
                                          capture_output=True), repeat)
    who_built = (ROOT / "queries" / "who-built.rq").read_text(encoding="utf-8")
    naive = ("import rdflib, sys\nfrom rdflib import Literal\ng = rdflib.Graph().parse(sys.argv[1], format='nt')\n"
             "q = open(sys.argv[2]).read()\nfor row in g.query(q, initBindings={'name': Literal('syn医疗模型7')}): print(row)\n")
    script = work / "naive.py"
    script.write_text(naive, encoding="utf-8")
    query_file = work / "who-built.rq"
    query_file.write_text(who_built, encoding="utf-8")
    baseline = timed(lambda: subprocess.run([PYTHON, str(script), str(export), str(query_file)], check=True,
                                            capture_output=True), max(3, repeat // 2))
    record("cold CLI lookup", "python -c pass (floor)", floor)
    record("cold CLI lookup", "medkg who-built (281 models)", lookup, baseline,
           note=f"baseline: rdflib parses N-Triples + same SPARQL; {statistics.median(lookup) / statistics.median(floor):.1f}× the floor")


# ---------------------------------------------------------------- 2. build throughput
BUILD_CODE = """
import json, resource, sys, time
from pathlib import Path
from medkg.api import MedKG
kg = MedKG(Path(sys.argv[2]), auto_build=False)
t = time.perf_counter(); build = kg.build(Path(sys.argv[1])); elapsed = time.perf_counter() - t
print(json.dumps({"seconds": elapsed, "triples": build.meta["triples"], "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""
RDF_CODE = """
import json, resource, sys, time
from pathlib import Path
import pyoxigraph as ox
from medkg.loaders import load_registry
from medkg.graph.rdf import registry_quads
t = time.perf_counter(); registry = load_registry(Path(sys.argv[1]))
store = ox.Store(sys.argv[2]); store.bulk_extend(registry_quads(registry)); store.flush(); elapsed = time.perf_counter() - t
print(json.dumps({"seconds": elapsed, "triples": len(store), "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""
BULK_CODE = """
import json, resource, sys, time
import pyoxigraph as ox
t = time.perf_counter(); store = ox.Store(sys.argv[2]); store.bulk_load(path=sys.argv[1], format=ox.RdfFormat.N_TRIPLES); store.flush()
elapsed = time.perf_counter() - t
print(json.dumps({"seconds": elapsed, "triples": len(store), "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _child(code: str, *args: str) -> dict[str, Any]:
    result = subprocess.run([PYTHON, "-c", code, *args], capture_output=True, text=True, cwd=ROOT, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def bench_build(work: Path, sizes: list[int], repeat: int) -> dict[int, dict[str, float]]:
    import pyoxigraph as ox
    from medkg.graph.rdf import registry_quads
    from medkg.loaders import load_registry
    from medkg.loaders.synthetic import generate

    scaling: dict[int, dict[str, float]] = {}
    for n in sizes:
        registry = generate(n, work / f"reg-{n}")
        nt = work / f"reg-{n}.nt"
        with nt.open("wb") as handle:
            ox.serialize(registry_quads(load_registry(registry)), handle, format=ox.RdfFormat.N_QUADS)
        runs = max(1, repeat if n <= 10_000 else 1)
        rdf = [_child(RDF_CODE, str(registry), str(work / f"rdf-{n}-{i}")) for i in range(runs)]
        bulk = [_child(BULK_CODE, str(nt), str(work / f"bulk-{n}-{i}")) for i in range(runs)]
        full = [_child(BUILD_CODE, str(registry), str(work / f"home-{n}-{i}")) for i in range(runs)]
        triples = rdf[0]["triples"]
        row = record("build throughput", f"registry → RDF store, {n:,} models", [r["seconds"] for r in rdf],
                     [r["seconds"] for r in bulk], triples=triples,
                     note=f"{triples / statistics.median(r['seconds'] for r in rdf):,.0f} triples/s; peak RSS "
                          f"{max(r['rss_mb'] for r in rdf):.0f} MB (bulk_load {max(r['rss_mb'] for r in bulk):.0f} MB); "
                          "baseline: pyoxigraph bulk_load of the same triples as N-Triples")
        full_row = record("build throughput", f"medkg build (RDF + Cypher + snapshot), {n:,}", [r["seconds"] for r in full],
                          note=f"peak RSS {max(r['rss_mb'] for r in full):.0f} MB")
        scaling[n] = {"rdf": row["median"], "full": full_row["median"], "triples": triples,
                      "rss_mb": max(r["rss_mb"] for r in rdf)}
    return scaling


# ---------------------------------------------------------------- 3. SPARQL named queries vs rdflib
QUERY_PARAMS = {"who-built": {"name": "SYN医疗模型7"}, "built-by": {"name": "syn-org-3"}, "models": {"type": "tcm"},
                "type-distribution": {}, "developer-types": {}, "collaboration-kinds": {}, "partners": {"name": "syn-org-3"},
                "built-on": {"name": "syn-base-1"}, "timeline": {}, "specialties": {}, "hospital-models": {},
                "value-chain": {}, "search": {"text": "模型12"}}


RDFLIB_CODE = """
import json, signal, sys, time
import rdflib
from rdflib import Literal
from medkg.queries import named_query
graph = rdflib.Graph().parse(sys.argv[1], format="nt")
cases, repeat, limit = json.loads(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
def stop(*_): raise TimeoutError
signal.signal(signal.SIGALRM, stop)
out = {}
for name, params in cases.items():
    query = named_query(name)
    bound = {k: Literal("" if v is None else v) for k, v in query.bind(params).items()}
    times = []
    try:
        for _ in range(repeat):
            signal.setitimer(signal.ITIMER_REAL, limit)
            t = time.perf_counter(); list(graph.query(query.sparql, initBindings=bound)); times.append(time.perf_counter() - t)
            signal.setitimer(signal.ITIMER_REAL, 0)
    except TimeoutError:
        times = None
    except Exception as error:  # rdflib cannot evaluate some SPARQL 1.1 forms, e.g. EXISTS in a projection
        signal.setitimer(signal.ITIMER_REAL, 0)
        times = "error: " + type(error).__name__
    out[name] = times
print(json.dumps(out))
"""
RDFLIB_LIMIT_S = 30.0


def bench_sparql(work: Path, n: int, repeat: int, rdflib_too: bool) -> None:
    from medkg.loaders.synthetic import generate

    from medkg.api import MedKG

    registry = work / f"reg-{n}" if (work / f"reg-{n}").exists() else generate(n, work / f"reg-{n}")
    kg = MedKG(work / f"q-home-{n}", auto_build=False, timeout_s=None)
    kg.build(registry)
    baselines: dict[str, list[float] | None] = {}
    if rdflib_too:
        nt = work / f"q-{n}.nt"
        with nt.open("wb") as handle:
            kg.export("nt", handle)
        baselines = _child(RDFLIB_CODE, str(nt), json.dumps(QUERY_PARAMS, ensure_ascii=False), str(max(1, min(repeat, 3))),
                           str(RDFLIB_LIMIT_S))
    for name, params in QUERY_PARAMS.items():
        ours = timed(lambda: kg.run(name, params), repeat)
        baseline = baselines.get(name)
        if isinstance(baseline, str):
            record(f"SPARQL {n:,} models", name, ours, note=f"rdflib cannot run this query ({baseline})")
            continue
        note = "baseline: rdflib, same query text and graph" if baseline else (
            f"rdflib did not finish within {RDFLIB_LIMIT_S:g} s" if name in baselines else "")
        if name in baselines and baseline is None:
            baseline = [RDFLIB_LIMIT_S]  # a lower bound: the ratio is at least this
            note += " (ratio is a lower bound)"
        record(f"SPARQL {n:,} models", name, ours, baseline, note=note)
    kg.close()


# ---------------------------------------------------------------- 4/5. Neo4j push and Cypher engines
def bench_neo4j(work: Path, sizes: list[int], repeat: int) -> None:
    import secrets
    import socket

    from medkg.graph.neo4j import Neo4jTarget
    from medkg.graph.property import property_graph
    from medkg.loaders import load_registry
    from medkg.loaders.synthetic import generate

    from medkg.api import MedKG

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    password = "bench-" + secrets.token_hex(6)
    process = subprocess.Popen([str(ROOT / ".ci" / "neo4j" / "start"), str(work / "neo4j"), str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               env={**os.environ, "NEO4J_PASSWORD": password})
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith("BOLT"):
            break
    os.environ.update({"NEO4J_URI": f"bolt://127.0.0.1:{port}", "NEO4J_PASSWORD": password})
    try:
        for n in sizes:
            registry = work / f"reg-{n}" if (work / f"reg-{n}").exists() else generate(n, work / f"reg-{n}")
            graph = property_graph(load_registry(registry))
            with Neo4jTarget.from_env() as target:
                target.push(graph, replace=True)  # warm-up and constraints
                batched = timed(lambda: target.push(graph, replace=True, batch_size=1000), 1)
                models = graph.nodes["Model"][:300]
                per_row = timed(lambda: [target._write("MERGE (n:Model {id: $id}) SET n += $row", {"id": r["id"], "row": r})
                                         for r in models], 1)
            rows_total = sum(len(v) for v in graph.nodes.values()) + sum(len(r.rows) for r in graph.relationships)
            if n == sizes[-1]:
                with Neo4jTarget.from_env() as target:
                    for size in (100, 500, 1000, 5000):
                        took = timed(lambda: target.push(graph, replace=True, batch_size=size), 1)
                        record("Neo4j batch size", f"{size} rows per UNWIND, {n:,} models", took,
                               note=f"{rows_total / took[0]:,.0f} rows/s (with --replace)")
            batched_rate = rows_total / batched[0]
            per_row_rate = len(models) / per_row[0]
            record("Neo4j push", f"batched UNWIND MERGE, {n:,} models ({rows_total:,} rows)", batched,
                   note=f"{batched_rate:,.0f} rows/s vs per-row MERGE {per_row_rate:,.0f} rows/s = "
                        f"{batched_rate / per_row_rate:.1f}×", rate=batched_rate, baseline_rate=per_row_rate)
            kg = MedKG(work / f"q-home-{n}" if (work / f"q-home-{n}").exists() else work / f"c-home-{n}", auto_build=False)
            if kg.home.current() is None:
                kg.build(registry)
            for name in ("who-built", "type-distribution", "collaboration-kinds", "built-on"):
                params = QUERY_PARAMS[name]
                embedded = timed(lambda: kg.run(name, params, engine="cypher"), repeat)
                server = timed(lambda: kg.run(name, params, engine="neo4j"), repeat)
                record(f"Cypher {n:,} models", f"{name}: embedded Ladybug vs Neo4j", embedded, server,
                       note="baseline: the same query on Neo4j over Bolt")
            kg.close()
    finally:
        process.terminate()
        process.wait(60)


# ---------------------------------------------------------------- 6. analytics
ANALYTICS_CODE = """
import json, resource, sys, time
from pathlib import Path
from medkg.loaders import load_registry
from medkg.graph import network as net
registry = load_registry(Path(sys.argv[1]))
t = time.perf_counter(); g = net.collaboration_graph(registry); build = time.perf_counter() - t
t = time.perf_counter(); net.hubs(g, 10); hubs = time.perf_counter() - t
t = time.perf_counter(); net.communities(g, 10); louvain = time.perf_counter() - t
print(json.dumps({"graph": build, "hubs": hubs, "louvain": louvain, "nodes": g.number_of_nodes(), "edges": g.number_of_edges(),
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def bench_analytics(work: Path, n: int) -> None:
    from medkg.loaders.synthetic import generate

    registry = work / f"reg-{n}" if (work / f"reg-{n}").exists() else generate(n, work / f"reg-{n}")
    out = _child(ANALYTICS_CODE, str(registry))
    note = f"{out['nodes']:,} organizations, {out['edges']:,} links, peak RSS {out['rss_mb']:.0f} MB"
    record(f"analytics {n:,} models", "collaboration graph", [out["graph"]], note=note)
    record(f"analytics {n:,} models", "hubs: degree + betweenness (sampled above 3k nodes)", [out["hubs"]])
    record(f"analytics {n:,} models", "Louvain communities (seeded)", [out["louvain"]])


def loglog_plot(scaling: dict[int, dict[str, float]], lookup_ms: dict[int, float], out: Path) -> float | None:
    import math

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = sorted(scaling)
    figure, ax = plt.subplots(figsize=(7, 4.5), dpi=120)
    ax.loglog(sizes, [scaling[n]["rdf"] for n in sizes], "o-", label="registry → RDF store (s)")
    ax.loglog(sizes, [scaling[n]["full"] for n in sizes], "s-", label="medkg build, all sinks (s)")
    if lookup_ms:
        ax.loglog(sorted(lookup_ms), [lookup_ms[n] / 1000 for n in sorted(lookup_ms)], "^-", label="who-built lookup (s)")
    ax.set_xlabel("models (synthetic)")
    ax.set_ylabel("seconds")
    ax.legend()
    ax.grid(True, which="both", alpha=0.3)
    figure.tight_layout()
    figure.savefig(out)
    if len(sizes) < 2:
        return None
    xs, ys = [math.log(n) for n in sizes], [math.log(scaling[n]["rdf"]) for n in sizes]
    mx, my = statistics.mean(xs), statistics.mean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--full", action="store_true", help="also 100k and 1M models")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--skip-neo4j", action="store_true")
    parser.add_argument("--sizes", type=lambda text: [int(n) for n in text.split(",")],
                        help="comma-separated model counts instead of the quick or full set, e.g. 100000")
    args = parser.parse_args()
    sizes = args.sizes or [281, 10_000] + ([100_000, 1_000_000] if args.full else [])
    RESULTS.mkdir(parents=True, exist_ok=True)
    started = time.time()
    with tempfile.TemporaryDirectory(prefix="medkg-bench-") as tmp:
        work = Path(tmp)
        bench_cold_lookup(work, args.repeat)
        scaling = bench_build(work, sizes, 3)
        lookup_ms = {}
        for n in sizes:
            bench_sparql(work, n, args.repeat, rdflib_too=n <= 100_000)
            lookup_ms[n] = next(r["median"] for r in ROWS if r["group"] == f"SPARQL {n:,} models" and r["name"] == "who-built") * 1000
        if not args.skip_neo4j:
            bench_neo4j(work, [n for n in sizes if n <= 100_000], args.repeat)
        bench_analytics(work, sizes[-1] if args.full or args.sizes else 10_000)
        slope = loglog_plot(scaling, lookup_ms, RESULTS / "scaling.png")
    summary = {"date": time.strftime("%Y-%m-%d %H:%M"), "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
               f"Python {platform.python_version()}", "mode": "full" if args.full else "quick",
               "duration_s": round(time.time() - started), "build_loglog_slope": slope, "rows": ROWS}
    result_file = RESULTS / ("latest.json" if not args.sizes else f"sizes-{'-'.join(map(str, sizes))}.json")
    result_file.write_text(json.dumps(summary, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"\nbuild cost log-log slope: {slope:.2f}" if slope else "")
    print(f"wrote {RESULTS / 'latest.json'} and {RESULTS / 'scaling.png'} in {summary['duration_s']} s")


if __name__ == "__main__":
    main()

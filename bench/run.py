"""medkg benchmark suite: every figure next to its baseline, measured in the same run.

    python -m bench.run            # quick: 281 and 10k synthetic models (a few minutes)
    python -m bench.run --full     # 281, 10k, 100k and 1M models (hours on 2 cores; see the README)

    python -m bench.run --sizes 10000 --only sparql,endpoint   # one size, some sections

Prints a table and writes bench/results/latest.json. Each row is the median of several runs with min and max; the
ratio compares with the baseline measured in the same run, because this machine is shared and absolute times drift.
Named queries have two baselines: DuckDB running the SQL in bench/duckdb/ over the same registry's CSV tables (rows
checked equal to medkg's before they are timed; tests/bench checks the same) and rdflib running the same SPARQL where
it finishes. Each row shows the issue's targets (≤50 ms at 10k, ≤250 ms at 100k, ≤3× DuckDB at 100k, lookups flat).
The endpoint section load-tests `medkg serve` against `oxigraph serve-read-only` on the same store (bench/endpoint.py,
bench/loadgen.py). All registries are SYNTHETIC (medkg.loaders.synthetic): ids start with syn-, never real data.
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

from bench.progress import steps

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
           note: str = "", duckdb: list[float] | None = None, targets: dict[str, bool] | None = None,
           **extra: Any) -> dict[str, Any]:
    """One result row: medkg's median [min–max], the ratio to the baseline (rdflib or another, measured in the same
    run), the DuckDB ratio where there is a DuckDB equivalent, and each target with ✓ or ✗."""
    median = statistics.median(times)
    row = {"group": group, "name": name, "median": median, "min": min(times), "max": max(times), "runs": len(times),
           "unit": unit, "baseline_median": statistics.median(baseline) if baseline else None,
           "ratio": (statistics.median(baseline) / median) if baseline and median else None, "note": note,
           "duckdb_median": statistics.median(duckdb) if duckdb else None,
           "vs_duckdb": median / statistics.median(duckdb) if duckdb and statistics.median(duckdb) else None,
           "targets": targets or {}, **extra}
    ROWS.append(row)
    ratio = f"{row['ratio']:.1f}× faster" if row["ratio"] and row["ratio"] >= 1 else (
        f"{1 / row['ratio']:.1f}× slower" if row["ratio"] else "")
    duck_text = f"DuckDB {row['duckdb_median'] * 1000:.1f} ms (medkg {_times(row['vs_duckdb'])} its time)  " if duckdb else ""
    target_text = "  ".join(f"{t} {'✓' if ok else '✗'}" for t, ok in (targets or {}).items())
    print(f"{group:<22} {name:<44} {median * 1000:>10.1f} ms  [{min(times) * 1000:.1f}–{max(times) * 1000:.1f}]  "
          f"{duck_text}{ratio}  {target_text}  {note}".rstrip(), flush=True)
    return row


def _times(x: float) -> str:
    """A ratio as people read it: 0.04×, 2.4×, 68×, 510×."""
    return f"{x:.0f}×" if x >= 10 else f"{x:.1f}×" if x >= 1 else f"{x:.2g}×"


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
    # As installed: bytecode compiled and cached (PYTHONDONTWRITEBYTECODE, set in some shells and CI images, would
    # make every start compile the package from source, which no installed tool does).
    env = {**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}, "MEDKG_HOME": str(home)}
    subprocess.run([PYTHON, "-m", "compileall", "-q", *(str(ROOT / d) for d in ("medkg", "graph", "loaders", "queries",
                                                                              "ontology"))], check=True, env=env)
    floor = timed(lambda: subprocess.run([PYTHON, "-c", "pass"], check=True, env=env), repeat)
    medkg_bin = str(Path(PYTHON).with_name("medkg"))
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
                                            capture_output=True, env=env), max(3, repeat // 2))
    record("cold CLI lookup", "python -c pass (floor)", floor)
    record("cold CLI lookup", "medkg who-built (281 models)", lookup, baseline,
           note=f"baseline: rdflib parses N-Triples + same SPARQL; {statistics.median(lookup) / statistics.median(floor):.1f}× the floor")


# ---------------------------------------------------------------- 2. build throughput
# A build in its own process; the stage messages time its parts: reading and checking the registry, then writing the
# RDF store, are "registry → RDF store" (what bulk_load is compared with).
BUILD_CODE = """
import json, sys, time
from bench.memory import peak_rss_mb
from pathlib import Path
from medkg.api import MedKG
marks = []
kg = MedKG(Path(sys.argv[2]), auto_build=False, progress=lambda message: marks.append((message, time.perf_counter())))
t = time.perf_counter(); build = kg.build(Path(sys.argv[1])); elapsed = time.perf_counter() - t
stages = {message.split(" /")[0]: round(marks[i + 1][1] - at, 3) for i, (message, at) in enumerate(marks[:-1])}
rdf = next(at for message, at in marks if message.startswith("writing registry snapshot")) - t
print(json.dumps({"seconds": elapsed, "rdf_seconds": rdf, "stages": stages, "triples": build.meta["triples"],
                  "rss_mb": peak_rss_mb()}))
"""
# The baseline loads the same triples (registry and ontology) and, like the build sink, flushes and optimizes.
BULK_CODE = """
import json, sys, time
from bench.memory import peak_rss_mb
import pyoxigraph as ox
t = time.perf_counter(); store = ox.Store(sys.argv[2]); store.bulk_load(path=sys.argv[1], format=ox.RdfFormat.N_QUADS)
store.flush(); store.optimize(); elapsed = time.perf_counter() - t
print(json.dumps({"seconds": elapsed, "triples": len(store), "rss_mb": peak_rss_mb()}))
"""


def _child(code: str, *args: str) -> dict[str, Any]:
    result = subprocess.run([PYTHON, "-c", code, *args], capture_output=True, text=True, cwd=ROOT, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def bench_build(work: Path, sizes: list[int], repeat: int) -> dict[int, dict[str, float]]:
    """medkg build against pyoxigraph bulk_load of the same triples. The first build of each size is kept as the
    home the named queries and the endpoint are measured on (a 1M-model build takes many minutes: it is made once)."""
    import shutil

    import pyoxigraph as ox
    from medkg.graph.rdf import ontology_quads, registry_ntriples
    from medkg.loaders import load_registry

    scaling: dict[int, dict[str, float]] = {}
    for n in sizes:
        registry = _registry(work, n)
        nt = work / f"reg-{n}.nt"
        with nt.open("wb") as handle:
            ox.serialize(ontology_quads(), handle, format=ox.RdfFormat.N_QUADS)
            for chunk in registry_ntriples(load_registry(registry)):
                handle.write(chunk.encode("utf-8"))
        runs = max(1, repeat if n <= 10_000 else 1)
        with steps(f"builds, {n:,} models", 2 * runs) as progress:
            def child(what: str, code: str, source: Path, target: str) -> dict[str, Any]:
                progress.doing(f"{what}, {n:,} models")
                out = _child(code, str(source), str(work / target))
                progress.advance()
                return out

            bulk = []
            for i in range(runs):
                bulk.append(child("pyoxigraph bulk_load", BULK_CODE, nt, f"bulk-{n}-{i}"))
                shutil.rmtree(work / f"bulk-{n}-{i}")
            nt.unlink()
            full = [child("medkg build", BUILD_CODE, registry, f"q-home-{n}" if i == 0 else f"home-{n}-{i}")
                    for i in range(runs)]
            for i in range(1, runs):
                shutil.rmtree(work / f"home-{n}-{i}")
        triples = full[0]["triples"]
        rdf_times = [r["rdf_seconds"] for r in full]
        rate, bulk_rate = triples / statistics.median(rdf_times), triples / statistics.median(r["seconds"] for r in bulk)
        row = record("build throughput", f"registry → RDF store, {n:,} models", rdf_times,
                     [r["seconds"] for r in bulk], triples=triples,
                     targets={"≥70% of bulk_load's rate": rate >= 0.7 * bulk_rate} if n >= 100_000 else None,
                     note=f"{rate:,.0f} triples/s = {rate / bulk_rate:.0%} of bulk_load's {bulk_rate:,.0f} (which peaks "
                          f"at {max(r['rss_mb'] for r in bulk):.0f} MB); reading and checking the CSV registry, then "
                          "writing the store, timed inside medkg build; baseline: pyoxigraph bulk_load of the same "
                          "triples as N-Triples")
        stages = "; ".join(f"{stage} {seconds:.1f} s" for stage, seconds in full[0]["stages"].items())
        peak = max(r["rss_mb"] for r in full)
        full_row = record("build throughput", f"medkg build (RDF + Cypher + snapshot), {n:,}", [r["seconds"] for r in full],
                          targets={"peak RSS ≤6 GB": peak <= 6 * 1024} if n >= 1_000_000 else None,
                          note=f"peak RSS {peak:,.0f} MB; {stages}", stages=full[0]["stages"], rss_mb=peak)
        scaling[n] = {"rdf": row["median"], "full": full_row["median"], "triples": triples, "rss_mb": peak}
    return scaling


# ---------------------------------------------------------------- 3. SPARQL named queries vs rdflib
QUERY_PARAMS = {"who-built": {"name": "SYN医疗模型7"}, "built-by": {"name": "syn-org-3"}, "models": {"type": "tcm"},
                "type-distribution": {}, "developer-types": {}, "collaboration-kinds": {}, "partners": {"name": "syn-org-3"},
                "built-on": {"name": "syn-base-1"}, "timeline": {}, "specialties": {}, "hospital-models": {},
                "value-chain": {}, "search": {"text": "模型12"}, "lineage": {"name": "syn-model-150"}}
LOOKUPS = ("who-built", "built-by", "lineage", "built-on", "partners")  # answers for one name: should stay flat as N grows
# Issue #15's targets for a named query: absolute time at 10k and 100k models, and within 3× DuckDB's time at 100k.
TARGET_MS = {10_000: 50, 100_000: 250}
DUCKDB_FACTOR = 3.0


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
            if times[-1] > 2.0:  # a baseline this slow needs no second run (keeps a 10k run to minutes)
                break
    except TimeoutError:
        times = None
    except Exception as error:  # rdflib cannot evaluate some SPARQL 1.1 forms, e.g. EXISTS in a projection
        signal.setitimer(signal.ITIMER_REAL, 0)
        times = "error: " + type(error).__name__
    out[name] = times
print(json.dumps(out))
"""
RDFLIB_LIMIT_S = 30.0


def _targets(n: int, median_s: float, duckdb_s: float | None) -> dict[str, bool]:
    targets = {}
    if n in TARGET_MS:
        targets[f"≤{TARGET_MS[n]} ms"] = median_s * 1000 <= TARGET_MS[n]
    if n >= 100_000 and duckdb_s:
        targets[f"≤{DUCKDB_FACTOR:g}× DuckDB"] = median_s <= DUCKDB_FACTOR * duckdb_s
    return targets


def bench_duckdb(n: int, registry: Path, medkg_rows: dict[str, list[dict[str, Any]] | None],
                 repeat: int) -> dict[str, list[float] | str]:
    """Load the registry's CSV tables into DuckDB once (its own row), check every SQL equivalent returns medkg's rows
    (as tests/bench does), then time those that do. A query whose rows differ gets a note, not a time; where medkg
    did not finish, the DuckDB time is shown unchecked (tests/bench checks the SQL on smaller registries)."""
    from bench import duck

    loads = []
    for _ in range(max(1, min(3, repeat))):
        start = time.perf_counter()
        con = duck.load(registry)
        loads.append(time.perf_counter() - start)
    record(f"named queries {n:,} models", "DuckDB: load CSV tables + derived tables", loads,
           note="the DuckDB baseline's one-off cost (build time for medkg); search keys computed in Python")
    out: dict[str, list[float] | str] = {}
    names = [q for q in QUERY_PARAMS if q in duck.equivalents()]
    with steps(f"DuckDB equivalents, {n:,} models", len(names)) as progress:
        for name in names:
            params = QUERY_PARAMS[name]
            progress.doing(f"DuckDB {name}")
            ours = medkg_rows.get(name)
            if ours is not None and not _same_multiset(duck.run(con, name, params), ours):
                out[name] = "rows differ from medkg's: not timed"
            else:
                duck.raw(con, name, params)  # warm
                out[name] = timed(lambda: duck.raw(con, name, params), repeat)
            progress.advance()
    con.close()
    return out


def _same_multiset(a: list[dict[str, Any]], b: list[dict[str, Any]]) -> bool:
    from collections import Counter

    def key(rows: list[dict[str, Any]]) -> Counter[str]:
        return Counter(json.dumps(r, sort_keys=True, ensure_ascii=False, default=str) for r in rows)

    return key(a) == key(b)


def bench_sparql(work: Path, n: int, repeat: int, rdflib_too: bool) -> None:

    from medkg.api import MedKG

    registry = _registry(work, n)
    kg = MedKG(_home(work, n), auto_build=False, timeout_s=None)
    baselines: dict[str, list[float] | None] = {}
    if rdflib_too:
        nt = work / f"q-{n}.nt"
        with nt.open("wb") as handle:
            kg.export("nt", handle)
        print(f"  (rdflib: parsing {n:,} models' N-Triples and running {len(QUERY_PARAMS)} queries, "
              f"each stopped at {RDFLIB_LIMIT_S:g} s)", flush=True)
        baselines = _child(RDFLIB_CODE, str(nt), json.dumps(QUERY_PARAMS, ensure_ascii=False), str(max(1, min(repeat, 3))),
                           str(RDFLIB_LIMIT_S))
    kg.close()
    measured: dict[str, tuple[list[float], list[dict[str, Any]]] | str] = {}
    with steps(f"medkg named queries, {n:,} models", len(QUERY_PARAMS)) as progress:
        for name, params in QUERY_PARAMS.items():
            progress.doing(f"medkg {name}")
            measured[name] = _time_named_query(work / f"q-home-{n}", name, params, repeat)
            progress.advance()
    duck_times = bench_duckdb(n, registry, {k: None if isinstance(v, str) else v[1] for k, v in measured.items()}, repeat)
    from medkg.queries import named_query

    for name in QUERY_PARAMS:
        outcome = measured[name]
        duck_t = duck_times.get(name)
        query = named_query(name)
        how = "precomputed at build" if query.precomputed and not QUERY_PARAMS[name] else f"{query.engine} engine"
        if not isinstance(outcome, str):
            how += f", {len(outcome[1]):,} rows"
        if isinstance(outcome, str):
            duck_list = duck_t if isinstance(duck_t, list) else None
            record(f"named queries {n:,} models", name, [MEDKG_LIMIT_S], duckdb=duck_list,
                   note=outcome + ("; DuckDB rows unchecked here" if duck_list else ""),
                   targets=_targets(n, MEDKG_LIMIT_S, statistics.median(duck_list) if duck_list else None), stopped=True)
            continue
        ours = outcome[0]
        duck_list = duck_t if isinstance(duck_t, list) else None
        duck_note = f"; DuckDB: {duck_t}" if isinstance(duck_t, str) else "" if duck_t else "; no DuckDB equivalent"
        targets = _targets(n, statistics.median(ours), statistics.median(duck_list) if duck_list else None)
        baseline = baselines.get(name)
        if isinstance(baseline, str):
            record(f"named queries {n:,} models", name, ours, duckdb=duck_list, targets=targets,
                   note=f"{how}; rdflib cannot run this query ({baseline}){duck_note}")
            continue
        note = "rdflib: same query text and graph" if baseline else (
            f"rdflib did not finish within {RDFLIB_LIMIT_S:g} s" if name in baselines else "")
        if name in baselines and baseline is None:
            baseline = [RDFLIB_LIMIT_S]  # a lower bound: the ratio is at least this
            note += " (ratio is a lower bound)"
        record(f"named queries {n:,} models", name, ours, baseline, duckdb=duck_list, targets=targets,
               note=f"{how}; {note}{duck_note}")


MEDKG_LIMIT_S = 60.0
NAMED_QUERY_CODE = """
import json, sys, time
from medkg.api import MedKG
home, name, params, repeat, limit = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
kg = MedKG(home, auto_build=False, timeout_s=limit * 10)  # the parent kills this process at the limit
t = time.perf_counter(); rows = list(kg.run(name, params)); first = time.perf_counter() - t  # warm: parses, fills caches
times = []
for _ in range(repeat if first < 2.0 else 1):  # a query this slow is measured once more, not seven times
    t = time.perf_counter(); kg.run(name, params); times.append(time.perf_counter() - t)
    if times[-1] > 5.0:
        break
print(json.dumps({"times": times, "rows": rows}, ensure_ascii=False, default=str))
"""


def _time_named_query(home: Path, name: str, params: dict[str, str],
                      repeat: int) -> tuple[list[float], list[dict[str, Any]]] | str:
    """medkg's times for one named query, measured in a child process stopped after MEDKG_LIMIT_S per run: pyoxigraph
    cannot be interrupted, and a query abandoned in this process would go on using a core during later rows."""
    budget = MEDKG_LIMIT_S * 2 + 30
    try:
        result = subprocess.run([PYTHON, "-c", NAMED_QUERY_CODE, str(home), name, json.dumps(params, ensure_ascii=False),
                                 str(repeat), str(MEDKG_LIMIT_S)], capture_output=True, text=True, cwd=ROOT,
                                timeout=budget, check=True)
    except subprocess.TimeoutExpired:
        return f"medkg stopped: did not finish two runs within {budget:g} s (time shown is the per-run limit, a lower bound)"
    out = json.loads(result.stdout.strip().splitlines()[-1])
    return list(out["times"]), list(out["rows"])


def lookups_flat(sizes: list[int]) -> None:
    """Whether each lookup's time stays flat from the smallest to the largest registry: at most 2× for ≥10× the
    models (a lookup touches one name's neighbourhood, whatever the size of the graph)."""
    if len(sizes) < 2 or max(sizes) < 10 * min(sizes):
        return
    small, large = min(sizes), max(sizes)
    for name in LOOKUPS:
        rows = {r["group"]: r for r in ROWS if r["name"] == name and r["group"].startswith("named queries ")}
        a, b = rows.get(f"named queries {small:,} models"), rows.get(f"named queries {large:,} models")
        if a and b:
            growth = b["median"] / a["median"]
            record("lookups flat", f"{name}: {small:,} → {large:,} models", [b["median"]], [a["median"]],
                   targets={"flat (≤2× for ≥10× models)": growth <= 2.0},
                   note=f"{a['median'] * 1000:.2f} → {b['median'] * 1000:.2f} ms: {growth:.1f}× for {large / small:.0f}× the models")


# ---------------------------------------------------------------- 4/5. Neo4j push and Cypher engines
def bench_neo4j(work: Path, sizes: list[int], repeat: int) -> None:
    import secrets

    from medkg.graph.neo4j import Neo4jTarget
    from medkg.graph.property import property_graph
    from medkg.loaders import load_registry

    from bench import endpoint
    from medkg.api import MedKG

    port = endpoint.free_port()
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
            registry = _registry(work, n)
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
            kg = MedKG(_home(work, n), auto_build=False)
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


# ---------------------------------------------------------------- 7. the endpoint under load
ENDPOINT_QUERIES = {"who-built": {"name": "SYN医疗模型7"}, "type-distribution": {}}
ENDPOINT_TARGETS = {"rps_share": 0.5, "p99_ms": 50.0}  # ≥50% of Oxigraph's requests/s on who-built at 8 clients; p99 ≤50 ms


def _bindings(url: str, query: str) -> int:
    import urllib.parse
    import urllib.request

    request = urllib.request.Request(f"{url}?{urllib.parse.urlencode({'query': query})}",
                                     headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=120) as response:
        return len(json.loads(response.read())["results"]["bindings"])


def _load_row(group: str, name: str, result: dict[str, Any], targets: dict[str, bool] | None = None,
              note: str = "", **extra: Any) -> dict[str, Any]:
    p50, p99 = (result["p50_ms"] or 0) / 1000, (result["p99_ms"] or 0) / 1000
    row = {"group": group, "name": name, "median": p50, "min": p50, "max": p99, "runs": result["requests"], "unit": "s",
           "baseline_median": None, "ratio": None, "note": note, "targets": targets or {}, **result, **extra}
    ROWS.append(row)
    target_text = "  ".join(f"{t} {'✓' if ok else '✗'}" for t, ok in (targets or {}).items())
    print(f"{group:<22} {name:<44} {result['rps']:>9,.1f} req/s  p50 {result['p50_ms']} ms  p99 {result['p99_ms']} ms  "
          f"errors {result['errors']}{' ' + json.dumps(result['error_kinds']) if result['errors'] else ''}  "
          f"{target_text}  {note}".rstrip(), flush=True)
    return row


def bench_endpoint(label: str, home: Path, seconds: float, clients: tuple[int, ...], methods: tuple[str, ...],
                   names: dict[str, dict[str, str]], pages: tuple[str, ...] = ()) -> None:
    """``medkg serve`` and ``oxigraph serve-read-only`` on the same store and the same SPARQL text."""
    import urllib.parse

    from bench import endpoint

    named = {n: p for n, p in names.items() if n == "who-built"}

    if endpoint.oxigraph_binary() is None:
        print("endpoint: skipped (no oxigraph binary: make bench installs the bench extra)")
        return
    group = f"endpoint {label}"
    runs = (len(names) * len(clients) * len(methods) * 2 + len(names) * ("POST" in methods) * len([c for c in clients if c <= 8])
            + len(clients) * 2 + len(pages))
    with endpoint.medkg_server(home) as medkg_url, endpoint.oxigraph_server(endpoint.store_of(home)) as ox_url, \
            steps(f"endpoint under load, {label}", runs * seconds) as progress:
        for c in clients:  # the load generator's ceiling: Oxigraph answering ASK {}
            progress.doing(f"load generator ceiling, {c} clients")
            result = endpoint.load(f"{ox_url}/query", c, seconds, "GET", "ASK {}")
            _load_row(group, f"load generator ceiling (Oxigraph ASK {{}}), {c} clients", result,
                      note="the most this client sends; figures near it are bounded by the client")
            progress.advance(seconds)
        for name, params in names.items():
            text = endpoint.query_text(name, params)
            ours, theirs = _bindings(f"{medkg_url}/sparql", text), _bindings(f"{ox_url}/query", text)
            same = "" if ours == theirs else f"; ROWS DIFFER: medkg {ours}, Oxigraph {theirs}"
            for method in methods:
                for c in clients:
                    progress.doing(f"{name} {method}, {c} clients")
                    ox_result = endpoint.load(f"{ox_url}/query", c, seconds, method, text)
                    progress.advance(seconds)
                    _load_row(group, f"{name} {method}, {c} clients: Oxigraph", ox_result, note=f"{theirs} rows")
                    # the same text every time (what the targets are about; medkg answers repeats from its cache), then
                    # a different text every time (POST only: every request evaluated by a query worker)
                    for vary in (False, True) if method == "POST" and c <= 8 else (False,):
                        result = endpoint.load(f"{medkg_url}/sparql", c, seconds, method, text, vary=vary)
                        progress.advance(seconds)
                        share = result["rps"] / ox_result["rps"] if ox_result["rps"] else 0.0
                        targets = {"0 errors": result["errors"] == 0}
                        if name == "who-built" and c == 8:
                            targets[f"≥{ENDPOINT_TARGETS['rps_share']:.0%} of Oxigraph req/s"] = share >= ENDPOINT_TARGETS["rps_share"]
                        if label.startswith("bundled"):
                            targets[f"p99 ≤{ENDPOINT_TARGETS['p99_ms']:g} ms"] = (result["p99_ms"] or 1e9) <= ENDPOINT_TARGETS["p99_ms"]
                        _load_row(group, f"{name} {method}, {c} clients: medkg serve{', distinct texts' if vary else ''}",
                                  result, targets, note=f"{share:.1%} of Oxigraph's req/s; {ours} rows{same}",
                                  share_of_oxigraph=share, distinct_texts=vary)
            if name in named:  # the same question through medkg's named-query path (in-process, no query worker)
                for c in clients:
                    progress.doing(f"/queries/{name}, {c} clients")
                    result = endpoint.load(f"{medkg_url}/queries/{name}?{urllib.parse.urlencode(named[name])}", c, seconds)
                    _load_row(group, f"{name} as /queries/{name} GET, {c} clients: medkg serve", result,
                              {"0 errors": result["errors"] == 0})
                    progress.advance(seconds)
        for page in pages:
            progress.doing(f"GET {page}")
            result = endpoint.load(f"{medkg_url}{page}", 1, seconds)
            _load_row(group, f"explorer page GET {page}, 1 client", result)
            progress.advance(seconds)


# ---------------------------------------------------------------- 6. analytics
ANALYTICS_CODE = """
import json, sys, time
from bench.memory import peak_rss_mb
from pathlib import Path
from medkg.loaders import load_registry
from medkg.graph import network as net
registry = load_registry(Path(sys.argv[1]))
t = time.perf_counter(); g = net.collaboration_graph(registry); build = time.perf_counter() - t
t = time.perf_counter(); net.hubs(g, 10); hubs = time.perf_counter() - t
t = time.perf_counter(); net.communities(g, 10); louvain = time.perf_counter() - t
print(json.dumps({"graph": build, "hubs": hubs, "louvain": louvain, "nodes": g.number_of_nodes(), "edges": g.number_of_edges(),
                  "rss_mb": peak_rss_mb()}))
"""


def bench_analytics(work: Path, n: int) -> None:

    registry = _registry(work, n)
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


SECTIONS = ("cold", "build", "sparql", "endpoint", "neo4j", "analytics")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--full", action="store_true", help="also 100k and 1M models")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--skip-neo4j", action="store_true")
    parser.add_argument("--skip-endpoint", action="store_true", help="leave out the endpoint load test")
    parser.add_argument("--load-seconds", type=float, default=5.0, help="how long each endpoint load run lasts")
    parser.add_argument("--skip-bundled-endpoint", action="store_true",
                        help="load-test the endpoint on the synthetic registries only (not on the bundled one)")
    parser.add_argument("--rdflib-max", type=int, default=100_000,
                        help="largest registry the rdflib baseline runs on (it parses the whole graph in Python)")
    parser.add_argument("--only", type=lambda text: text.split(","), default=list(SECTIONS),
                        help=f"comma-separated sections to run, of {', '.join(SECTIONS)} (default: all)")
    parser.add_argument("--sizes", type=lambda text: [int(n) for n in text.split(",")],
                        help="comma-separated model counts instead of the quick or full set, e.g. 100000")
    args = parser.parse_args()
    unknown = set(args.only) - set(SECTIONS)
    if unknown:
        parser.error(f"--only: no section {sorted(unknown)[0]!r}; sections: {', '.join(SECTIONS)}")
    only = set(args.only) - ({"neo4j"} if args.skip_neo4j else set()) - ({"endpoint"} if args.skip_endpoint else set())
    sizes = args.sizes or [281, 10_000] + ([100_000, 1_000_000] if args.full else [])
    RESULTS.mkdir(parents=True, exist_ok=True)
    started = time.time()
    slope = None
    with tempfile.TemporaryDirectory(prefix="medkg-bench-") as tmp:
        work = Path(tmp)
        if "cold" in only:
            bench_cold_lookup(work, args.repeat)
        scaling = bench_build(work, sizes, 3) if "build" in only else {}
        lookup_ms = {}
        if "sparql" in only:
            for n in sizes:
                bench_sparql(work, n, args.repeat, rdflib_too=n <= args.rdflib_max)
                lookup_ms[n] = next(r["median"] for r in ROWS if r["group"] == f"named queries {n:,} models" and r["name"] == "who-built") * 1000
            lookups_flat(sizes)
        if "endpoint" in only:
            from medkg.api import MedKG

            bundled = work / "home-bundled"
            MedKG(bundled, auto_build=False).build()  # the bundled registry
            if not args.skip_bundled_endpoint:
                bench_endpoint("bundled registry", bundled, args.load_seconds, (1, 8, 32), ("GET", "POST"),
                               {"who-built": {"name": "华佗GPT"}, "type-distribution": {}},
                               ("/model/huatuogpt", "/org/ruijin-hospital"))
            for n in sizes:
                if n >= 10_000:
                    bench_endpoint(f"{n:,} models", _home(work, n), args.load_seconds, (1, 8), ("POST",),
                                   ENDPOINT_QUERIES, ("/model/syn-model-7", "/org/syn-org-3"))
        if "neo4j" in only and not (ROOT / ".ci" / "neo4j" / "target" / "classes" / "medkg" / "Launcher.class").exists():
            print("Neo4j: skipped (no launcher: `make bench` builds it with Maven)")
        elif "neo4j" in only:
            bench_neo4j(work, [n for n in sizes if n <= 100_000], args.repeat)
        if "analytics" in only:
            # sampled betweenness takes minutes at 100k and hours at 1M in networkx: the largest size up to 100k
            bench_analytics(work, max((n for n in sizes if n <= 100_000), default=min(sizes)))
        if scaling:
            slope = loglog_plot(scaling, lookup_ms, RESULTS / "scaling.png")
    summary = {"date": time.strftime("%Y-%m-%d %H:%M"), "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
               f"Python {platform.python_version()}", "mode": "full" if args.full else "quick", "sizes": sizes,
               "sections": sorted(only), "duration_s": round(time.time() - started), "build_loglog_slope": slope,
               "rows": ROWS}
    text = json.dumps(summary, indent=2, ensure_ascii=False)
    written = [RESULTS / "latest.json"]
    if args.sizes:  # kept apart too, so a --sizes run does not hide the last quick or full run's file
        written.append(RESULTS / f"sizes-{'-'.join(map(str, sizes))}.json")
    for path in written:
        path.write_text(text, encoding="utf-8")
    print(f"\nbuild cost log-log slope: {slope:.2f}" if slope else "")
    print(f"wrote {', '.join(str(p) for p in written)}{' and ' + str(RESULTS / 'scaling.png') if scaling else ''} "
          f"in {summary['duration_s']} s")


def _registry(work: Path, n: int) -> Path:
    """The synthetic registry of *n* models in *work*, generated the first time it is asked for."""
    from medkg.loaders.synthetic import generate

    folder = work / f"reg-{n}"
    return folder if folder.exists() else generate(n, folder)


def _home(work: Path, n: int) -> Path:
    """The medkg home of *n* models the queries, the endpoint and Neo4j are measured on: the build section's first
    build when it ran, else built here."""
    from medkg.api import MedKG

    home = work / f"q-home-{n}"
    kg = MedKG(home, auto_build=False, timeout_s=None)
    if kg.home.current() is None:
        kg.build(_registry(work, n))
    kg.close()
    return home


if __name__ == "__main__":
    main()

"""`medkg cypher` is read-only by construction: an allow-list on real tokens, then a worker process with no network
and no file system (an already-deleted directory as its root)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from medkg.graph.cypher_guard import check_read_only

from medkg.base.errors import QueryError

REFUSED = [
    "CREATE (n:X)", "MATCH (n) SET n.x = 1", "MATCH (n) DETACH DELETE n", "MERGE (n:X {id: 1})", "MATCH (n) REMOVE n.name",
    "LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l", "CALL dbms.security.listUsers()", "match (n) /* x */ delete n",
    "COPY (MATCH (m:Model) RETURN m.id) TO '/tmp/medkg-copy.csv'", "LOAD FROM '/etc/passwd' (header=false) RETURN *",
    "LOAD EXTENSION '/tmp/x.so'", "CALL timeout=0", "CALL timeout = 0", "CHECKPOINT", "INSTALL json",
    "ATTACH '/tmp/x' AS y", "EXPORT DATABASE '/tmp/x'", "IMPORT DATABASE '/tmp/x'", "RETURN 1; RETURN 2",
    "MATCH (n) // it's\nDELETE n", 'MATCH (n) // "\nDELETE n', "CALL apoc.create.node(['X'], {}) YIELD node RETURN node",
    "RETURN apoc.cypher.runFirstColumnSingle('CREATE (n) RETURN n', {})", "CALL db.createLabel('X')",
    "RETURN 1. CREATE (n)", "MATCH (n) RETURN n . create", "USE other MATCH (n) RETURN n",
    "MATCH (n) FOREACH (x IN [1] | SET n.a = x)", "CALL { CREATE (n) }", "CALL apoc.periodic.iterate('a','b',{})",
    "RETURN 'unterminated", "MATCH (n) /* unterminated", "RETURN 1 \\u0041", "DROP TABLE Model", "BEGIN TRANSACTION",
    "SHOW DATABASES", "MATCH (n) RETURN n UNION CREATE (m)", "CALL show_tables() RETURN *; CHECKPOINT", "",
    "FROBNICATE (n)",
]
ALLOWED = [
    "MATCH (m:Model) WHERE m.name = 'CREATE' RETURN m.id // DELETE", "MATCH (n:Model) RETURN n.id AS `set` LIMIT 1",
    "MATCH (a)-[r:DEVELOPED_BY|BASED_ON]->(b) RETURN count(*) AS n", "MATCH p = (a)-[*1..3]->(b) RETURN length(p) LIMIT 3",
    "RETURN {a: 1, `create`: 2} AS m", "CALL show_tables() RETURN *", "MATCH (m:Model) RETURN m.id ORDER BY m.id DESC SKIP 1 LIMIT 2",
    "UNWIND [1, 2] AS x RETURN x", "MATCH (m:Model) RETURN CASE WHEN m.name IS NULL THEN 1 ELSE 2 END AS c LIMIT 1",
    "MATCH (m:Model) WHERE m.name STARTS WITH 'a' OR m.name ENDS WITH 'b' OR m.name CONTAINS 'c' RETURN m.id",
    "MATCH (m:Model) RETURN m.id UNION ALL MATCH (m:Model) RETURN m.id;",
]


@pytest.mark.parametrize("query", REFUSED)
def test_guard_refuses(query: str) -> None:
    with pytest.raises(QueryError) as refused:
        check_read_only(query)
    assert "\n" not in str(refused.value)


@pytest.mark.parametrize("query", ALLOWED)
def test_read_queries_run(small_kg, query: str) -> None:  # type: ignore[no-untyped-def]
    small_kg.cypher(query)


def test_every_named_query_passes_the_guard() -> None:
    from medkg.queries import all_queries

    for query in all_queries().values():
        check_read_only(query.cypher)


def test_copy_to_and_load_from_cannot_touch_files(small_kg, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target, secret = tmp_path / "out.csv", tmp_path / "secret.csv"
    secret.write_text("id\ntop-secret\n")
    with pytest.raises(QueryError, match="COPY is refused"):
        small_kg.cypher(f"COPY (MATCH (m:Model) RETURN m.id) TO '{target}'")
    with pytest.raises(QueryError, match="LOAD FROM is refused"):
        small_kg.cypher(f"LOAD FROM '{secret}' (file_format='csv') RETURN *")
    assert not target.exists()


_UNGUARDED = """
import sys
from medkg.graph.cypher_embedded import EmbeddedCypher
from medkg.graph.worker import confine_files, isolate_network
isolate_network()
from pathlib import Path
engine = EmbeddedCypher(Path(sys.argv[1]))
engine.run("RETURN 1")
if sys.argv[4] == "confined":
    assert confine_files()
for query in (f"COPY (MATCH (m:Model) RETURN m.id) TO '{sys.argv[2]}'",
              f"LOAD FROM '{sys.argv[3]}' (file_format='csv', header=false) RETURN *"):
    try:
        print(engine.run(query))
    except Exception as error:
        print("refused by the engine:", type(error).__name__)
"""


def test_worker_file_system_barrier_without_the_guard(small_kg, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The second barrier alone: the engine runs COPY TO and LOAD FROM unguarded; confined as the worker confines
    itself, it neither writes the file nor reads the secret; unconfined (the control) it does both."""
    database = small_kg.current_build().path  # EmbeddedCypher opens the build's cypher/ database
    secret = tmp_path / "secret.csv"
    secret.write_text("top-secret\n")
    for mode in ("confined", "control"):
        target = tmp_path / f"{mode}.csv"
        run = subprocess.run([sys.executable, "-c", _UNGUARDED, str(database), str(target), str(secret), mode],
                             capture_output=True, text=True, timeout=120)
        assert run.returncode == 0, run.stderr
        if mode == "confined":
            assert not target.exists() and "top-secret" not in run.stdout, run.stdout
        else:
            assert target.exists() and "top-secret" in run.stdout, run.stdout


def test_checkpoint_is_refused_and_the_store_still_opens(small_kg) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(QueryError, match="CHECKPOINT is refused"):
        small_kg.cypher("CHECKPOINT")
    assert small_kg.cypher("MATCH (m:Model) RETURN count(*) AS n")[0]["n"] == 9


def test_cli_multiple_statements_one_line(cli, small_registry: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "home"
    cli("build", "--registry", str(small_registry), home=home)
    result = cli("cypher", "MATCH (m:Model) RETURN m.id; MATCH (n) DETACH DELETE n", home=home)
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "one statement per query" in result.stderr


def test_runaway_cypher_is_stopped(cli, small_registry: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "home"
    cli("build", "--registry", str(small_registry), home=home)
    result = cli("--timeout", "1", "cypher", "MATCH p=(a)-[*1..30]-(b) RETURN count(*)", home=home)
    assert result.returncode == 2 and ("did not finish" in result.stderr or "time limit" in result.stderr), result.stderr
    tiny = cli("--timeout", "0.0005", "cypher", "RETURN 1", home=home)  # it used to turn the engine's timeout off
    assert tiny.returncode == 2 and "--timeout: expected seconds between 0.001" in tiny.stderr


def test_guard_applies_to_neo4j_before_connecting(monkeypatch, small_kg) -> None:  # type: ignore[no-untyped-def]
    """With NEO4J_URI set to a port nobody listens on, a writer is refused by the guard, not by the network."""
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:9")
    monkeypatch.setenv("NEO4J_PASSWORD", "irrelevant-password")
    for query in ("CALL apoc.create.node(['X'], {}) YIELD node RETURN node", "CALL db.createLabel('X')",
                  "MATCH (n) CALL apoc.refactor.rename.label('A', 'B') RETURN n"):
        with pytest.raises(QueryError, match="refused"):
            small_kg.cypher(query)


# ------------------------------------------------------------------------------------------------ fuzzing
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PIECES = ["MATCH (n:Model)", "RETURN n.id", "RETURN 1", "RETURN *", "CREATE (x:Model {id: 'fuzz'})", "SET n.name = 'x'",
           "DETACH DELETE n", "DELETE n", "MERGE (y:Model {id: 'fuzz2'})", "REMOVE n.name", "// ", "/*", "*/", "'", '"',
           "`", "\\", "\n", ";", "CALL timeout=0", "CALL threads = 1", "COPY (MATCH (m:Model) RETURN m.id) TO 'OUT'",
           "LOAD FROM 'SECRET' (file_format='csv') RETURN *", "CHECKPOINT", "UNION", "UNION ALL", "WITH n", "{", "}",
           "n.create", "(n:Create)", "CALL show_tables() RETURN *", "CALL { MATCH (z) RETURN z }", "x", " ", ",",
           "INSTALL json", "LOAD json", "ATTACH 'OUT' AS db2", "EXPORT DATABASE 'OUTDIR'", "USE db2", "OPTIONAL MATCH",
           "WHERE n.id = 'a'", "1.", "'\\''", '"\\""', "`CREATE`"]


@pytest.fixture(scope="module")
def writable(small_kg, tmp_path_factory):  # type: ignore[no-untyped-def]
    """A writable copy of the small build's Ladybug database, opened in this process: the engine would obey."""
    import shutil

    import ladybug

    folder = tmp_path_factory.mktemp("cypher-fuzz")
    shutil.copy(small_kg.current_build().path / "cypher", folder / "db")
    secret = folder / "secret.csv"
    secret.write_text("top-secret\n")
    database = ladybug.Database(str(folder / "db"))
    connection = ladybug.Connection(database)
    connection.set_query_timeout(2000)
    yield folder, connection
    connection.close()
    database.close()


def _state(connection) -> tuple:  # type: ignore[no-untyped-def]
    def one(query: str):  # type: ignore[no-untyped-def]
        result = connection.execute(query)
        rows = []
        while result.has_next():
            rows.append(tuple(result.get_next()))
        return tuple(rows)

    return (one("MATCH (n) RETURN count(*)"), one("MATCH ()-[r]->() RETURN count(*)"),
            one("MATCH (n:Model) RETURN n.id, n.name ORDER BY n.id"), one("CALL show_tables() RETURN *"),
            one("CALL current_setting('timeout') RETURN *"))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                    HealthCheck.function_scoped_fixture])
@given(start=st.sampled_from(["MATCH (n:Model)", "OPTIONAL MATCH (n:Model)", "RETURN 1", "UNWIND [1] AS n", ""]),
       pieces=st.lists(st.sampled_from(_PIECES), min_size=1, max_size=6), spaces=st.booleans())
def test_fuzz_whatever_the_guard_accepts_changes_nothing(writable, start: str, pieces: list[str], spaces: bool) -> None:  # type: ignore[no-untyped-def]
    """Generated write clauses, comments, strings, settings and file clauses: whatever the guard lets through, run on
    a *writable* database in this process, leaves the graph, the settings and the file system as they were."""
    folder, connection = writable
    query = (" " if spaces else "").join([start, *pieces]).replace("OUTDIR", str(folder / "outdir")) \
        .replace("OUT", str(folder / "out.csv")).replace("SECRET", str(folder / "secret.csv"))
    try:
        check_read_only(query)
    except QueryError:
        return
    before = _state(connection)
    files = sorted(p.name for p in folder.iterdir())
    try:
        result = connection.execute(query)
        results = result if isinstance(result, list) else [result]
        text = repr([r.get_all() for r in results])
    except RuntimeError:
        text = ""
    assert _state(connection) == before, query
    assert sorted(p.name for p in folder.iterdir()) == files, query
    assert "top-secret" not in text, query

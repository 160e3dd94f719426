"""Failures of the machine and of the store are one line with an exit code, never a traceback."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

MEDKG = [sys.executable, "-m", "medkg"]


def _one_line(result: subprocess.CompletedProcess[str], code: int, words: str) -> None:
    errors = [line for line in result.stderr.splitlines() if not line.startswith("medkg: ")]
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr and len(errors) == 1 and words in errors[0], result.stderr


@pytest.fixture()
def built(cli, small_registry: Path, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    home = tmp_path / "home"
    assert cli("build", "--registry", str(small_registry), home=home).returncode == 0
    return home


def test_damaged_meta_json(cli, built: Path) -> None:  # type: ignore[no-untyped-def]
    (built / "current" / "meta.json").write_text("{not json")
    _one_line(cli("who-built", "華佗GPT", home=built), 1, "meta.json is damaged")
    _one_line(cli("stats", home=built), 1, "rebuild with `medkg build`")


def test_damaged_registry_json(cli, built: Path) -> None:  # type: ignore[no-untyped-def]
    (built / "current" / "registry.json").write_text('{"models": 3}')
    _one_line(cli("network", home=built), 1, "registry.json is damaged")


def test_damaged_rdf_store(cli, built: Path) -> None:  # type: ignore[no-untyped-def]
    (built / "current" / "oxigraph" / "CURRENT").write_text("garbage\n")
    _one_line(cli("who-built", "華佗GPT", home=built), 1, "rebuild with `medkg build`")


def test_damaged_cypher_database(cli, built: Path) -> None:  # type: ignore[no-untyped-def]
    (built / "current" / "cypher").write_bytes(b"\x00garbage" * 1000)
    result = cli("query", "who-built", "-p", "name=華佗GPT", "-e", "cypher", home=built)
    _one_line(result, 1, "rebuild with `medkg build`")
    _one_line(cli("cypher", "MATCH (m:Model) RETURN m.id", home=built), 2, "rebuild with `medkg build`")


def test_symlink_loop_at_current(cli, built: Path) -> None:  # type: ignore[no-untyped-def]
    link = built / "current"
    link.unlink()
    link.symlink_to("current")
    _one_line(cli("who-built", "華佗GPT", home=built), 1, "does not lead to a build")


def test_export_to_a_missing_folder(cli, built: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _one_line(cli("export", str(tmp_path / "missing" / "graph.ttl"), home=built), 1, "No such file or directory")


@pytest.mark.parametrize(("options", "words"), [("size=300k", "No space left on device"), ("ro", "Read-only file system")])
def test_full_or_read_only_disk_during_build(small_registry: Path, tmp_path: Path, options: str, words: str) -> None:
    """A small or read-only tmpfs as the home, mounted in a private mount namespace (the tests run as root)."""
    assert shutil.which("unshare"), "util-linux unshare is needed"
    mount = tmp_path / "mnt"
    mount.mkdir()
    script = (f"mount -t tmpfs -o {options} tmpfs {mount} && MEDKG_HOME={mount}/home "
              f"{' '.join(MEDKG)} build --registry {small_registry}")
    result = subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, timeout=300)
    _one_line(result, 1, words)


def test_deep_and_wide_sparql_runs(small_kg) -> None:  # type: ignore[no-untyped-def]
    """25 nested parentheses (once refused as 'maximum recursion depth') and a UNION of 1,000 groups are valid."""
    nested = "SELECT ((" + "(" * 25 + "1" + ")" * 25 + ") AS ?x) WHERE {}"
    assert small_kg.sparql(nested)[0]["x"] == 1
    union = " UNION ".join(f"{{ ?s <urn:p{i}> ?o }}" for i in range(1000))
    assert small_kg.sparql(f"SELECT * WHERE {{ {union} UNION {{ ?s ?p ?o }} }} LIMIT 1")


def test_too_deep_sparql_is_one_line(cli, built: Path) -> None:  # type: ignore[no-untyped-def]
    query = "SELECT ((" + "(" * 1200 + "1" + ")" * 1200 + ") AS ?x) WHERE {}"
    _one_line(cli("sparql", query, home=built), 2, "nested 1202 levels deep; the limit is 1000")


@pytest.mark.parametrize("text", ["", "   ", "\u200b"])
def test_empty_required_parameter_is_refused_on_every_engine(cli, built: Path, text: str) -> None:  # type: ignore[no-untyped-def]
    """`search text=''` gave 541 rows on SPARQL and 0 on Cypher; now neither engine is asked."""
    for engine in ("sparql", "cypher"):
        result = cli("query", "search", "-p", f"text={text}", "-e", engine, home=built)
        _one_line(result, 2, "parameter 'text' of query 'search': expected some text")


def test_works_under_ulimit_v(small_registry: Path, tmp_path: Path) -> None:
    """Under `ulimit -v 3000000` (3 GB) Ladybug's default 8 TB reservation failed (a traceback); now every engine
    answers: the reservation follows the limit."""
    home = tmp_path / "home"
    medkg = " ".join(MEDKG)
    script = (f"ulimit -v 3000000 && {medkg} --store {home} build --registry {small_registry} && "
              f"{medkg} --store {home} query who-built -p name=華佗GPT -e cypher -f csv && "
              f"{medkg} --store {home} cypher 'MATCH (m:Model) RETURN count(*) AS n' -f csv && "
              f"{medkg} --store {home} sparql 'ASK {{ ?s ?p ?o }}' -f csv")
    result = subprocess.run(["sh", "-c", script], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert "huatuogpt" in result.stdout and "\n9\n" in result.stdout


def test_damaged_sst_files(cli, built: Path) -> None:  # type: ignore[no-untyped-def]
    for sst in (built / "current" / "oxigraph").glob("*.sst"):
        data = bytearray(sst.read_bytes())
        for i in range(100, len(data) - 100, 97):
            data[i] ^= 0xFF
        sst.write_bytes(bytes(data))
    _one_line(cli("who-built", "華佗GPT", home=built), 1, "rebuild with `medkg build`")
    _one_line(cli("sparql", "SELECT * WHERE { ?s ?p ?o } LIMIT 2", home=built), 2, "rebuild with `medkg build`")

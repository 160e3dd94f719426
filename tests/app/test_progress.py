"""Long work shows a bar with counts, rate and time left on a terminal, and stays plain on a pipe."""
from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

from medkg.base.progress import Progress, steps
from tests.conftest import run_cli


def _on_terminal(*args: str, home: Path) -> str:
    """Run ``medkg`` with standard error on a pseudo-terminal; what the terminal showed."""
    leader, follower = pty.openpty()
    env = {**os.environ, "MEDKG_HOME": str(home), "COLUMNS": "120"}
    process = subprocess.Popen([sys.executable, "-m", "medkg", *args], stdout=subprocess.DEVNULL, stderr=follower,
                               env=env)
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    assert process.wait(300) == 0, shown.decode(errors="replace")
    os.close(leader)
    return shown.decode("utf-8", errors="replace")


def test_build_on_a_terminal_draws_bars_with_counts(tmp_path: Path, small_registry: Path) -> None:
    shown = _on_terminal("build", "--registry", str(small_registry), home=tmp_path)
    assert "medkg: records" in shown and "medkg: nodes and relationships" in shown
    assert "/s" in shown and "━" in shown  # rate and bar


def test_build_on_a_pipe_prints_stage_lines_only(tmp_path: Path, small_registry: Path) -> None:
    result = run_cli("build", "--registry", str(small_registry), home=tmp_path)
    assert result.returncode == 0
    assert result.stderr.splitlines()[:2] == ["medkg: reading registry " + str(small_registry),
                                              "medkg: writing RDF store"]
    assert "━" not in result.stderr and "records" not in result.stderr


def test_export_counts_every_triple(small_kg) -> None:  # type: ignore[no-untyped-def]
    class Counting(Progress):
        total: int | None = None
        done = 0

        def start(self, description: str, total: int | None) -> None:
            self.total = total

        def advance(self, count: int) -> None:
            self.done += count

    counting = Counting()
    small_kg.progress = counting
    try:
        small_kg.export("nt", Path(os.devnull))
    finally:
        small_kg.progress = None
    assert counting.total == counting.done == len(small_kg.store())


def test_a_failure_inside_counted_work_stops_the_bar() -> None:
    stopped = []

    class Recording(Progress):
        def stop(self) -> None:
            stopped.append(True)

    try:
        with steps(Recording(), "rows", total=2):
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    assert stopped == [True]

"""The benchmark's peak-memory figure of a child process is the child's own, whatever the size of its parent."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHILD = "from bench.memory import peak_rss_mb; import resource; print(peak_rss_mb(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)"


def test_a_child_of_a_large_parent_reports_its_own_peak() -> None:
    ballast = bytearray(600 * 1024 * 1024)  # touched, so resident
    for i in range(0, len(ballast), 4096):
        ballast[i] = 1
    out = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, cwd=ROOT, check=True).stdout
    own, inherited = (float(x) for x in out.split())
    assert own < 300, own
    # the trap this avoids: where the kernel carries the parent's peak across exec, ru_maxrss shows it
    assert inherited >= own
    del ballast

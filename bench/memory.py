"""Peak memory of the running process, for the benchmark's child processes to report.

>>> peak_rss_mb() > 0
True
"""
from __future__ import annotations


def peak_rss_mb() -> float:
    """This process's peak resident set (``VmHWM``) in MB.

    Not ``resource.getrusage(RUSAGE_SELF).ru_maxrss``: Linux keeps that figure across ``exec``, so a child started by
    a large parent (subprocess starts children with vfork) reports the parent's peak as its own. ``VmHWM`` belongs to
    the address space the child runs in.
    """
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("/proc/self/status has no VmHWM line")

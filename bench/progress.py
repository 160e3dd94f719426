"""Progress of the benchmark's long steps: medkg's own terminal bar (:mod:`medkg.app.progress`: done/total, rate,
time left) when the output is a terminal, nothing when it is a file or a pipe (the result rows are printed either
way)."""
from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from medkg.app.progress import TerminalProgress


class Steps:
    """Advance it as steps finish; a no-op when not on a terminal."""

    def __init__(self, bar: TerminalProgress | None = None) -> None:
        self.bar = bar

    def advance(self, steps: float = 1) -> None:
        if self.bar is not None:
            self.bar.advance(steps)

    def doing(self, what: str) -> None:
        if self.bar is not None:
            self.bar.describe(what)


@contextmanager
def steps(description: str, total: float) -> Iterator[Steps]:
    if not sys.stdout.isatty():
        yield Steps()
        return
    bar = TerminalProgress()
    bar.start(description, total)
    try:
        yield Steps(bar)
    finally:
        bar.stop()

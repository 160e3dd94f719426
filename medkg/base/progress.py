"""Progress of long work (build, push, export, bench): stage messages and counted steps.

The work reports; whoever runs it decides how to show it. A plain callable ``progress(message)`` receives stage
messages only; a :class:`Progress` also receives counted steps (the CLI draws them as a bar on a terminal).

>>> seen = []
>>> with steps(seen.append, "triples", total=3) as advance:
...     advance(3)
>>> seen
[]
>>> class Recording(Progress):
...     def start(self, description, total): seen.append((description, total))
...     def advance(self, count): seen.append(count)
>>> with steps(Recording(), "triples", total=3) as advance:
...     for chunk in counted(range(3), advance, every=2): pass
>>> seen
[('triples', 3), 2, 1]
"""
from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

__all__ = ["Progress", "Reporter", "counted", "say", "steps"]

T = TypeVar("T")
Reporter = Callable[[str], None]


class Progress:
    """A reporter that also counts steps. Subclasses override :meth:`start`, :meth:`advance` and :meth:`stop`."""

    def __call__(self, message: str) -> None:
        """A stage message or a warning."""

    def start(self, description: str, total: int | None) -> None:
        """Counted work begins: *total* steps if known."""

    def advance(self, count: int) -> None:
        """*count* more steps are done."""

    def stop(self) -> None:
        """The counted work has ended (or failed)."""


def say(progress: Reporter | None, message: str) -> None:
    """Tell *progress* about a stage, if anyone listens."""
    if progress is not None:
        progress(message)


@contextlib.contextmanager
def steps(progress: Reporter | None, description: str, total: int | None = None) -> Iterator[Callable[[int], None]]:
    """Counted work: yields ``advance(count)``. A plain reporter hears nothing of it (the caller announced the stage)."""
    if not isinstance(progress, Progress):
        yield lambda _count: None
        return
    progress.start(description, total)
    try:
        yield progress.advance
    finally:
        progress.stop()


def counted(items: Iterable[T], advance: Callable[[int], None], every: int = 10_000) -> Iterator[T]:
    """*items*, reporting ``advance`` every *every* items (per-item calls would cost more than the work)."""
    pending = 0
    for item in items:
        yield item
        pending += 1
        if pending == every:
            advance(pending)
            pending = 0
    if pending:
        advance(pending)

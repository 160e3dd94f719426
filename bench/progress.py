"""Progress of the benchmark's long steps: a rich progress bar (done/total, rate, elapsed, time left) on a terminal,
nothing when the output is a file or a pipe (the result rows are printed either way)."""
from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


class Steps:
    """Advance it as steps finish; a no-op when not on a terminal."""

    def __init__(self, progress: Any = None, task: Any = None) -> None:
        self.progress, self.task = progress, task

    def advance(self, steps: float = 1, doing: str | None = None) -> None:
        if self.progress is not None:
            self.progress.update(self.task, advance=steps, **({"description": doing} if doing else {}))

    def doing(self, what: str) -> None:
        if self.progress is not None:
            self.progress.update(self.task, description=what)


@contextmanager
def steps(description: str, total: float, unit: str = "steps") -> Iterator[Steps]:
    if not sys.stdout.isatty():
        yield Steps()
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn, TimeElapsedColumn, TimeRemainingColumn
    from rich.text import Text

    class Rate(ProgressColumn):
        def render(self, task: Any) -> Text:
            return Text(f"{task.speed:.2f} {unit}/s" if task.speed else f"– {unit}/s", style="progress.data.speed")

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), Rate(), TimeElapsedColumn(),
               TextColumn("left"), TimeRemainingColumn())
    with Progress(*columns, transient=True) as progress:
        yield Steps(progress, progress.add_task(description, total=total))

"""How the CLI shows long work: a rich progress bar (count, rate, time left) on a terminal; on a pipe or in a log,
the stage lines only, so captured output stays small and stable."""
from __future__ import annotations

import sys
from typing import Any

from medkg.base.progress import Progress, Reporter


def stage_line(message: str) -> None:
    print(f"medkg: {message}", file=sys.stderr, flush=True)


class TerminalProgress(Progress):
    """Stage lines, and a bar for counted work, on standard error."""

    def __init__(self) -> None:
        from rich.console import Console

        self.console = Console(stderr=True)
        self._bar: Any = None
        self._task: Any = None

    def __call__(self, message: str) -> None:
        self.console.print(f"medkg: {message}", highlight=False, markup=False)

    def start(self, description: str, total: float | None) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
        from rich.progress import Progress as Bar

        self._bar = Bar(TextColumn("medkg: {task.description}"), BarColumn(), MofNCompleteColumn(),
                        TextColumn("{task.fields[rate]}"), TimeRemainingColumn(), console=self.console)
        self._bar.start()
        self._task = self._bar.add_task(description, total=total, rate="")

    def advance(self, count: float) -> None:
        self._bar.advance(self._task, count)
        speed = self._bar.tasks[0].speed
        self._bar.update(self._task, rate=_rate(speed) if speed else "")

    def describe(self, text: str) -> None:
        """What the counted work is doing now (the benchmark names each step)."""
        self._bar.update(self._task, description=text)

    def stop(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None


def _rate(per_second: float) -> str:
    """Steps per second: whole numbers for triples and rows, two decimals for slow steps such as builds.

    >>> _rate(52_300.4), _rate(0.4567)
    ('52,300/s', '0.46/s')
    """
    return f"{per_second:,.0f}/s" if per_second >= 10 else f"{per_second:.2f}/s"


def for_stderr() -> Reporter:
    """A bar on a terminal, stage lines elsewhere."""
    return TerminalProgress() if sys.stderr.isatty() else stage_line

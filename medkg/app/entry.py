"""The ``medkg`` console command.

Plain lookups (``medkg [--store P] [--timeout S] who-built|built-by NAME [--format F]``) are answered without
importing typer (whose import alone costs more than the whole lookup); everything else, ``--help`` included, goes
to the typer application in :mod:`medkg.app.cli`.
"""
from __future__ import annotations

import sys
from pathlib import Path

from medkg.app.guard import guarded
from medkg.base.errors import MedkgError

FAST_COMMANDS = ("who-built", "built-by")


def _parse_fast(argv: list[str]) -> tuple[str, str, str, Path | None, float | None] | None:
    """(command, name, format, store, timeout) for a plain lookup, else ``None``.

    >>> _parse_fast(["who-built", "华佗GPT", "--format", "json"])
    ('who-built', '华佗GPT', 'json', None, None)
    >>> _parse_fast(["models"]) is None
    True
    """
    store: Path | None = None
    timeout: float | None = None
    fmt = "table"
    rest = list(argv)
    while rest and rest[0] in ("--store", "--timeout") and len(rest) > 1:
        option, value = rest.pop(0), rest.pop(0)
        if option == "--store":
            store = Path(value)
        else:
            from medkg.base.limits import timeout as valid_timeout

            try:
                timeout = valid_timeout(value)
            except MedkgError:
                return None  # the full CLI reports it
    if len(rest) < 2 or rest[0] not in FAST_COMMANDS or rest[1].startswith("-"):
        return None
    command, name, options = rest[0], rest[1], rest[2:]
    if options:
        if len(options) != 2 or options[0] not in ("--format", "-f"):
            return None
        fmt = options[1]
    return command, name, fmt, store, timeout


def main() -> None:
    fast = _parse_fast(sys.argv[1:])
    if fast is None:
        from medkg.app.cli import main as full  # typer only off the fast path: its import costs more than a lookup

        return full()
    command, name, fmt, store, timeout = fast

    def run() -> None:
        from medkg.api import MedKG
        from medkg.app import lookups
        from medkg.app.progress import stage_line

        kg = MedKG(store, progress=stage_line, timeout_s=timeout)
        getattr(lookups, command.replace("-", "_"))(kg, name, fmt)

    guarded(run)


if __name__ == "__main__":
    main()

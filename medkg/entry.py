"""The ``medkg`` console command.

Plain lookups (``medkg [--store P] [--timeout S] who-built|built-by NAME [--format F]``) are answered without
importing typer (whose import alone costs more than the whole lookup); everything else, ``--help`` included, goes
to the typer application in :mod:`medkg.cli`.
"""
from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

from medkg.errors import MedkgError

FAST_COMMANDS = ("who-built", "built-by")


def _parse_fast(argv: list[str]) -> tuple[str, str, str, Path | None, float] | None:
    """(command, name, format, store, timeout) for a plain lookup, else ``None``."""
    store, timeout, fmt = None, 60.0, "table"
    rest = list(argv)
    while rest and rest[0] in ("--store", "--timeout") and len(rest) > 1:
        option, value = rest.pop(0), rest.pop(0)
        if option == "--store":
            store = Path(value)
        else:
            from medkg.limits import timeout as valid_timeout

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


def guarded(run: Callable[[], None]) -> None:
    """User errors become one line on stderr and an exit code, never a traceback."""
    try:
        run()
    except MedkgError as error:
        from medkg.safe_text import visible

        print(f"error: {visible(str(error))}", file=sys.stderr)
        sys.exit(error.exit_code)
    except KeyboardInterrupt:
        print("aborted", file=sys.stderr)
        sys.exit(130)
    except BrokenPipeError:
        os._exit(0)
    except OSError as error:  # disk full, read-only home, a missing folder: the system's word, in one line
        from medkg.safe_text import visible

        where = f"{error.filename}: " if error.filename else ""
        print(f"error: {visible(where + (error.strerror or str(error)))}", file=sys.stderr)
        sys.exit(1)
    except MemoryError:
        print("error: out of memory (is `ulimit -v` set? medkg's engines map more address space than they use)",
              file=sys.stderr)
        sys.exit(1)


def main() -> None:
    fast = _parse_fast(sys.argv[1:])
    if fast is None:
        from medkg.cli import main as full

        return full()
    command, name, fmt, store, timeout = fast

    def run() -> None:
        from medkg import lookups
        from medkg.api import MedKG

        kg = MedKG(store, progress=lambda message: print(f"medkg: {message}", file=sys.stderr, flush=True),
                   timeout_s=timeout)
        getattr(lookups, command.replace("-", "_"))(kg, name, fmt)

    guarded(run)


if __name__ == "__main__":
    main()

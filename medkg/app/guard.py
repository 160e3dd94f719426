"""User errors become one line on stderr and an exit code, never a traceback (shared by the CLI and its fast path)."""
from __future__ import annotations

import os
import sys
from collections.abc import Callable

from medkg.base.errors import MedkgError
from medkg.base.safe_text import visible

__all__ = ["guarded"]


def guarded(run: Callable[[], None]) -> None:
    """Run *run*; a :class:`MedkgError` prints ``error: …`` and exits with its code; Ctrl-C exits 130."""
    try:
        run()
    except MedkgError as error:
        print(f"error: {visible(str(error))}", file=sys.stderr)
        sys.exit(error.exit_code)
    except KeyboardInterrupt:
        print("aborted", file=sys.stderr)
        sys.exit(130)
    except BrokenPipeError:
        os._exit(0)
    except OSError as error:  # disk full, read-only home, a missing folder: the system's word, in one line
        where = f"{error.filename}: " if error.filename else ""
        print(f"error: {visible(where + (error.strerror or str(error)))}", file=sys.stderr)
        sys.exit(1)
    except MemoryError:
        print("error: out of memory (is `ulimit -v` set? medkg's engines map more address space than they use)",
              file=sys.stderr)
        sys.exit(1)

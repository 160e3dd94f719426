"""User errors become one line on stderr and an exit code, never a traceback (shared by the CLI and its fast path)."""
from __future__ import annotations

import os
import sys
from collections.abc import Callable

from medkg.base.errors import MedkgError

__all__ = ["guarded"]


def guarded(run: Callable[[], None]) -> None:
    """Run *run*; a :class:`MedkgError` prints ``error: …`` and exits with its code; Ctrl-C exits 130."""
    try:
        run()
    except MedkgError as error:
        print(f"error: {error}", file=sys.stderr)
        sys.exit(error.exit_code)
    except KeyboardInterrupt:
        print("aborted", file=sys.stderr)
        sys.exit(130)
    except BrokenPipeError:
        os._exit(0)

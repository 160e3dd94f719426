"""Validated query limits: ``--timeout``, ``--max-memory``, ``--limit``.

>>> timeout("2.5"), timeout("0.001")
(2.5, 0.001)
>>> memory("512M"), memory("2G"), memory("100000000")
(536870912, 2147483648, 100000000)
>>> timeout("inf")
Traceback (most recent call last):
...
medkg.base.errors.UsageError: --timeout: expected seconds between 0.001 and 86400, got 'inf'
"""
from __future__ import annotations

import math
import re

from medkg.base.errors import UsageError
from medkg.base.settings import SETTINGS

MIN_TIMEOUT_S, MAX_TIMEOUT_S = 0.001, 86_400.0
DEFAULT_MAX_MEMORY: int = SETTINGS["max_memory"].default
MIN_MEMORY, MAX_MEMORY = 64 * 1024**2, 1024**4
_UNITS = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3, "T": 1024**4}


def timeout(value: object) -> float:
    """Seconds, finite, from 1 ms to one day (``inf``, ``nan``, ``1e300``, 0 and negatives are refused)."""
    try:
        seconds = float(str(value))
    except ValueError:
        seconds = math.nan
    if not (math.isfinite(seconds) and MIN_TIMEOUT_S <= seconds <= MAX_TIMEOUT_S):
        raise UsageError(f"--timeout: expected seconds between {MIN_TIMEOUT_S:g} and {MAX_TIMEOUT_S:g}, got {str(value)!r}")
    return seconds


def memory(value: object) -> int:
    """Bytes, with an optional K/M/G/T suffix (powers of 1024), from 64M to 1T."""
    match = re.fullmatch(r"\s*(\d{1,13}(?:\.\d{1,6})?)\s*([KMGT]?)i?B?\s*", str(value), re.I)
    size = int(float(match.group(1)) * _UNITS[match.group(2).upper()]) if match else -1
    if not MIN_MEMORY <= size <= MAX_MEMORY:
        raise UsageError(f"--max-memory: expected a size between 64M and 1T (e.g. 512M, 2G), got {str(value)!r}")
    return size


def row_limit(value: int, option: str = "--limit") -> int:
    """At least one row (``--limit 0`` would otherwise still return a row)."""
    if value < 1:
        raise UsageError(f"{option}: expected a number of rows of at least 1, got {value}")
    return value

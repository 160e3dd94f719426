"""The ``>>>`` examples in every medkg module run and hold (networkx's habit: examples are tests)."""
from __future__ import annotations

import doctest
import importlib

import pytest

from tests.test_layers import _modules

MODULES = sorted(m for m in _modules() if m != "medkg.__main__")


@pytest.mark.parametrize("name", MODULES)
def test_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"


def test_examples_exist() -> None:
    attempted = sum(doctest.testmod(importlib.import_module(m), verbose=False, report=False).attempted for m in MODULES)
    assert attempted >= 40

"""The registry snapshot round-trips every record type, decoded by field type (not by field name)."""
from __future__ import annotations

import io
import json
import typing
from dataclasses import fields
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from medkg.base.dates import PartialDate
from medkg.base.model import RECORD_TYPES, BaseModelRef, Registry, encode_record

_TEXT = st.text(min_size=1, max_size=8)
_DATES = st.builds(PartialDate, st.integers(1900, 2100), st.none() | st.integers(1, 12), st.none()) | \
    st.builds(PartialDate, st.integers(1900, 2100), st.integers(1, 12), st.integers(1, 28))
_BASES = st.builds(BaseModelRef, st.from_regex(r"[a-z][a-z0-9-]{0,6}", fullmatch=True),
                   st.none() | st.sampled_from(["finetune", "adapter"]))
_DECIMALS = st.decimals(allow_nan=False, allow_infinity=False, places=3)


def _strategy(hint: Any) -> st.SearchStrategy[Any]:
    args = typing.get_args(hint)
    if type(None) in args:
        return st.none() | _strategy(next(a for a in args if a is not type(None)))
    if typing.get_origin(hint) is tuple:
        return st.lists(_strategy(args[0]), max_size=3).map(tuple)
    return {str: _TEXT, int: st.integers(-10**6, 10**6), bool: st.booleans(), Decimal: _DECIMALS,
            PartialDate: _DATES, BaseModelRef: _BASES}[hint]


def _records(record_type: type) -> st.SearchStrategy[Any]:
    hints = typing.get_type_hints(record_type)
    return st.builds(record_type, **{f.name: _strategy(hints[f.name]) for f in fields(record_type)})


_REGISTRIES = st.builds(Registry, **{name: st.lists(_records(rt), max_size=3).map(tuple)
                                     for name, rt in RECORD_TYPES.items()})


@settings(max_examples=200, deadline=None)
@given(_REGISTRIES)
def test_snapshot_round_trips_any_registry(registry: Registry) -> None:
    assert Registry.from_json(_text(registry)) == registry


def test_snapshot_round_trips_the_bundled_registry() -> None:
    from medkg.loaders import bundled_registry_path, load_registry

    registry = load_registry(bundled_registry_path())
    assert Registry.from_json(_text(registry)) == registry


def _text(registry: Registry) -> str:
    out = io.StringIO()
    registry.write_json(out)
    return out.getvalue()


@settings(max_examples=50, deadline=None)
@given(_REGISTRIES)
def test_the_snapshot_written_a_record_at_a_time_is_the_same_text_as_one_json_dump(registry: Registry) -> None:
    whole = {f.name: [encode_record(r) for r in getattr(registry, f.name)] for f in fields(registry)}
    assert _text(registry) == json.dumps(whole, ensure_ascii=False)

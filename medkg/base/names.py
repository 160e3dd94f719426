"""Search keys: how a name typed in any script finds the node it means.

A key is derived, never stored in place of a name: Unicode NFKC, trimmed, inner whitespace collapsed,
case-folded, Traditional→Simplified with OpenCC ``t2s`` (not ``tw2sp``, which rewrites 醫學影像 as 医学图像).
A name and what a user types go through the same conversion, so they match even where ``t2s`` is not the
official simplified form.

>>> search_key("華西醫院") == search_key("华西医院")
True
>>> search_key("  HuatuoGPT ")
'huatuogpt'
>>> search_key("ＤｏｃｔｏｒＧＬＭ")
'doctorglm'
"""
from __future__ import annotations

import functools
import unicodedata
from typing import Any


@functools.lru_cache(maxsize=1)
def _converter() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional → Simplified Chinese with OpenCC ``t2s``.

    >>> to_simplified("醫學影像")
    '医学影像'
    """
    if text.isascii():
        return text
    return str(_converter().convert(text))


@functools.lru_cache(maxsize=65536)
def search_key(name: str) -> str:
    """The matching key of *name* (see module docstring)."""
    text = unicodedata.normalize("NFKC", name)
    text = " ".join(text.split())
    return to_simplified(text).casefold()

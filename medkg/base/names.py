"""Search keys: how a name typed in any script finds the node it means.

A key is derived, never stored in place of a name: Unicode NFKC, trimmed, inner whitespace collapsed,
case-folded, Traditional→Simplified with OpenCC ``t2s``, then a small phrase dictionary for the few
institution and place names that OpenCC gets wrong.

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

# Phrases OpenCC t2s converts wrongly or inconsistently for names; applied after conversion.
# (乾 in place names must stay 乾, e.g. 乾安县; t2s keeps it, but hk2s would not — we never use hk2s.)
PHRASE_FIXES: dict[str, str] = {
    "乾安": "乾安",
    "醫學影像": "医学影像",
    "著名": "著名",
}


@functools.lru_cache(maxsize=1)
def _converter():  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional → Simplified Chinese with OpenCC ``t2s`` plus :data:`PHRASE_FIXES`.

    >>> to_simplified("醫學影像")
    '医学影像'
    """
    if text.isascii():
        return text
    converted = _converter().convert(text)
    for wrong, right in PHRASE_FIXES.items():
        converted = converted.replace(wrong, right)
    return converted


@functools.lru_cache(maxsize=65536)
def search_key(name: str) -> str:
    """The matching key of *name* (see module docstring)."""
    text = unicodedata.normalize("NFKC", name)
    text = " ".join(text.split())
    return to_simplified(text).casefold()

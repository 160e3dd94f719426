"""Search keys: how a name typed in any script finds the node it means.

A key is derived, never stored in place of a name: Unicode NFKC, trimmed, inner whitespace collapsed,
invisible format characters (zero-width space and joiners, bidi controls, BOM) dropped, case-folded,
Traditional→Simplified with OpenCC ``t2s``, then a small phrase dictionary for the few
institution and place names that OpenCC gets wrong.

>>> search_key("華西醫院") == search_key("华西医院")
True
>>> search_key("  HuatuoGPT ")
'huatuogpt'
>>> search_key("ＤｏｃｔｏｒＧＬＭ")
'doctorglm'
>>> search_key("華佗\u200bGPT") == search_key("华佗GPT") == search_key("\u202e华佗GPT")
True
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


_FILLERS = "\u115f\u1160\u3164\uffa0"  # Hangul fillers: shown as nothing


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
    if not text.isascii():  # invisible characters (zero-width, bidi controls, …) do not tell two names apart
        text = "".join(c for c in text if unicodedata.category(c) != "Cf" and c not in _FILLERS)
    text = " ".join(text.split())
    return to_simplified(text).casefold()

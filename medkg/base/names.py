"""Search keys: how a name typed in any script finds the node it means.

A key is derived, never stored in place of a name: Unicode NFKC, trimmed, inner whitespace collapsed,
invisible format characters (zero-width space and joiners, bidi controls, BOM) dropped, case-folded,
Traditional→Simplified with OpenCC ``t2s`` (not ``tw2sp``, which rewrites 醫學影像 as 医学图像).
A name and what a user types go through the same conversion, so they match even where ``t2s`` is not the
official simplified form.

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
import re
import unicodedata
from typing import Any

_FILLERS = "\u115f\u1160\u3164\uffa0"  # Hangul fillers: shown as nothing


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
    if not text.isascii():  # invisible characters (zero-width, bidi controls, …) do not tell two names apart
        text = "".join(c for c in text if unicodedata.category(c) != "Cf" and c not in _FILLERS)
    text = " ".join(text.split())
    return to_simplified(text).casefold()


def search_keys(registry_id: str, *names: str | None) -> list[str]:
    """The sorted, distinct search keys of a record: its id and every name it is known by.

    >>> search_keys("huatuogpt", "华佗GPT", "HuatuoGPT", "華佗GPT")
    ['huatuogpt', '华佗gpt']
    """
    return sorted({search_key(n) for n in (registry_id, *names) if n})


_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def is_chinese(text: str) -> bool:
    """Whether *text* has a CJK ideograph (so a name is labelled ``@zh``, else ``@en``).

    >>> is_chinese("华佗GPT"), is_chinese("HuatuoGPT")
    (True, False)
    """
    return bool(_CJK.search(text))

"""medkg: the knowledge graph of China's medical large language models.

>>> import medkg
>>> kg = medkg.MedKG()                       # doctest: +SKIP
>>> kg.who_built("华佗GPT")[0]["org"]         # doctest: +SKIP
'香港中文大学（深圳）'
"""
from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
__all__ = ["MedKG", "MedkgError", "NotFound", "RegistryError", "Rows", "__version__", "load_registry"]


def __getattr__(name: str) -> Any:
    # Lazy, so `import medkg` stays cheap on the CLI's lookup path.
    if name == "MedKG":
        from medkg.api import MedKG

        return MedKG
    if name == "load_registry":
        from medkg.loaders import load_registry

        return load_registry
    if name == "Rows":
        from medkg.base.rows import Rows

        return Rows
    if name in ("MedkgError", "RegistryError", "NotFound"):
        from medkg.base import errors

        return getattr(errors, name)
    raise AttributeError(f"module 'medkg' has no attribute {name!r}")

"""Registry loaders: files in the interchange format → a validated :class:`medkg.base.model.Registry`.

>>> from medkg.loaders import load_registry, bundled_registry_path
>>> registry = load_registry(bundled_registry_path())
>>> len(registry.medical_models) > 0
True
"""
from __future__ import annotations

from pathlib import Path

from medkg.base.model import Registry

from .readers import read_registry_files
from .registry import build_registry
from .schema import TABLES, Limits


def bundled_registry_path() -> Path:
    """The registry shipped with medkg (``data/``)."""
    import medkg.data

    return medkg.data.path()


def load_registry(path: str | Path, limits: Limits | None = None) -> Registry:
    """Read and validate the registry at *path*; raises :class:`medkg.base.errors.RegistryError` with every problem."""
    return build_registry(read_registry_files(Path(path), limits or Limits()))


__all__ = ["TABLES", "Limits", "bundled_registry_path", "load_registry"]

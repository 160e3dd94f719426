"""Build sink: the validated registry model kept beside the stores, so other sinks never re-read the user's files.

>>> import tempfile, pathlib
>>> from medkg.base.model import Registry
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> write_snapshot(Registry(), folder)
{}
>>> read_snapshot(folder) == Registry()
True
"""
from __future__ import annotations

from pathlib import Path

from medkg.base.errors import StoreError
from medkg.base.model import Registry
from medkg.base.progress import Reporter

__all__ = ["REGISTRY_FILE", "read_snapshot", "write_snapshot"]

REGISTRY_FILE = "registry.json"


def write_snapshot(registry: Registry, build_dir: Path, progress: Reporter | None = None) -> dict[str, int]:
    with (build_dir / REGISTRY_FILE).open("w", encoding="utf-8") as out:
        registry.write_json(out)
    return {}


def read_snapshot(build_dir: Path) -> Registry:
    """The registry of a build.

    :raises StoreError: when the snapshot is missing or damaged.
    """
    path = build_dir / REGISTRY_FILE
    try:
        return Registry.from_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, TypeError, KeyError, AttributeError) as error:
        reason = getattr(error, "strerror", None) or " ".join(str(error).split())[:200] or type(error).__name__
        raise StoreError(f"{path} is damaged ({reason}); rebuild with `medkg build`") from None

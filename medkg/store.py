"""The embedded default store: an on-disk pyoxigraph database per build, swapped in atomically.

Layout of a medkg home (``MEDKG_HOME``, ``--store`` or the user data directory)::

    current -> builds/20261125T071234-1a2b     symlink, replaced atomically by os.replace
    builds/<id>/oxigraph/                      the RDF store (never written after the swap)
    builds/<id>/registry.json                  the validated registry model, for the other sinks
    builds/<id>/cypher                         the embedded Cypher database
    builds/<id>/meta.json                      what was built, from where, counts

What goes into a build is the list of build sinks in :mod:`medkg.sinks`.
    build.lock                                 one build at a time

A build writes a new directory and swaps the symlink only when everything succeeded, so a failed or
killed build leaves the previous graph answering.
"""
from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from medkg.base import settings
from medkg.base.errors import StoreError
from medkg.base.model import Registry
from medkg.base.progress import Reporter
from medkg.sinks import BUILD_SINKS, Sink, load

META_FILE = "meta.json"
FORMAT_VERSION = 1
REGISTRY_SUFFIXES = (".csv", ".xlsx", ".json", ".yaml", ".yml")


def default_home() -> Path:
    """``MEDKG_HOME`` if set, else the user data directory (``~/.local/share/medkg`` on Linux)."""
    home = settings.value("home")
    if home:
        return Path(home).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("medkg", appauthor=False))


def registry_fingerprint(path: Path) -> str:
    """Cheap fingerprint of a registry's files (names, sizes, mtimes), to notice a changed bundled registry."""
    files = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in REGISTRY_SUFFIXES) \
        if path.is_dir() else [path]
    digest = hashlib.sha256()
    for file in files:
        stat = file.stat()
        digest.update(f"{file.name}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    return digest.hexdigest()[:16]


class BuildRunning(StoreError):
    """Another process holds this home's build lock."""


def _damaged(path: Path, error: BaseException) -> StoreError:
    reason = getattr(error, "strerror", None) or " ".join(str(error).split())[:200] or type(error).__name__
    return StoreError(f"{path} is damaged ({reason}); rebuild with `medkg build`")


@dataclass(frozen=True)
class Build:
    """A finished build directory."""

    path: Path

    @cached_property
    def meta(self) -> dict[str, Any]:
        path = self.path / META_FILE
        try:
            meta = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise _damaged(path, error) from None
        if not isinstance(meta, dict):
            raise _damaged(path, ValueError("not a JSON object"))
        return meta

    def registry(self) -> Registry:
        from medkg.graph.snapshot import read_snapshot

        return read_snapshot(self.path)

    def summary(self, name: str) -> list[dict[str, Any]] | None:
        """The rows this build precomputed for named query *name*, if it did (:mod:`medkg.graph.summaries`)."""
        from medkg.graph.summaries import read_summary

        return read_summary(self.path, name)


class Home:
    """A medkg home folder holding builds and the ``current`` pointer."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path).expanduser() if path else default_home()

    @property
    def current_link(self) -> Path:
        return self.path / "current"

    def current(self) -> Build | None:
        """The build that answers queries, or ``None`` before the first build."""
        target = self.current_link
        if not target.is_symlink() and not target.exists():
            return None
        try:
            resolved = target.resolve(strict=True)
        except (OSError, RuntimeError) as error:  # a dangling link, a symlink loop
            raise StoreError(f"{target} does not lead to a build ({getattr(error, 'strerror', None) or error}); "
                             "rebuild with `medkg build`") from None
        if not (resolved / META_FILE).exists():
            raise StoreError(f"{target} points to {resolved}, which is not a finished medkg build; run `medkg build`")
        return Build(resolved)

    @contextlib.contextmanager
    def _lock(self) -> Iterator[None]:
        self.path.mkdir(parents=True, exist_ok=True)
        with open(self.path / "build.lock", "w") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise BuildRunning(f"another medkg build is running in {self.path}") from None
            yield

    def wait_for_build(self) -> None:
        """Return when no build is running in this home (a first lookup waits for the build another one started)."""
        self.path.mkdir(parents=True, exist_ok=True)
        with open(self.path / "build.lock", "w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)

    def build(self, registry: Registry, meta: dict[str, Any], progress: Reporter | None = None,
              sinks: Iterable[Sink] = tuple(BUILD_SINKS.values())) -> Build:
        """Write *registry* through every build sink into a new build folder and make it current.

        The sinks succeed or fail together: on any error the partial folder is removed and the previous build stays.
        """
        say = progress or (lambda _msg: None)
        with self._lock():
            builds = self.path / "builds"
            builds.mkdir(exist_ok=True)
            build_id = time.strftime("%Y%m%dT%H%M%S") + f"-{time.time_ns() % 10**9:09d}"  # sorts by time
            partial = builds / f"{build_id}.partial"
            try:
                partial.mkdir()
                written: dict[str, int] = {}
                for sink in sinks:
                    say(sink.description)
                    written.update(load(sink)(registry, partial, progress=progress))
                meta = {**meta, "format_version": FORMAT_VERSION, "build_id": build_id, **written,
                        "counts": registry.counts(), "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
                (partial / META_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")
                final = builds / build_id
                partial.rename(final)
            except BaseException:
                shutil.rmtree(partial, ignore_errors=True)
                raise
            self._swap(final)
            self._prune(keep={final.name})
            say("done")
            return Build(final)

    def _swap(self, build: Path) -> None:
        tmp = self.path / f".current.{os.getpid()}"
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        tmp.symlink_to(build.relative_to(self.path))
        os.replace(tmp, self.current_link)

    def _prune(self, keep: set[str]) -> None:
        """Remove older builds, keeping the newest previous one for readers that opened it a moment ago."""
        builds = sorted((p for p in (self.path / "builds").iterdir() if p.name not in keep), key=lambda p: p.name)
        finished = [p for p in builds if not p.name.endswith(".partial")]
        stale = finished[:-1] + [p for p in builds if p.name.endswith(".partial")]
        for path in stale:
            shutil.rmtree(path, ignore_errors=True)

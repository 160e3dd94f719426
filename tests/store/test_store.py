"""Builds are atomic: a failed build leaves the previous graph answering."""
from __future__ import annotations

from pathlib import Path

import pytest

from medkg.api import MedKG
from medkg.base.errors import RegistryError


def test_failed_build_keeps_previous_graph(tmp_path: Path, registry_copy: Path, small_registry: Path) -> None:
    kg = MedKG(tmp_path / "home", auto_build=False)
    first = kg.build(small_registry)
    (registry_copy / "models.csv").write_text("id,name\nx,y\n", encoding="utf-8")
    with pytest.raises(RegistryError):
        kg.build(registry_copy)
    again = MedKG(tmp_path / "home", auto_build=False)
    assert again.current_build().path == first.path
    assert again.who_built("華佗GPT")[0]["model_id"] == "huatuogpt"


def test_rebuild_swaps_and_prunes(tmp_path: Path, small_registry: Path) -> None:
    kg = MedKG(tmp_path / "home", auto_build=False)
    builds = [kg.build(small_registry).path for _ in range(3)]
    remaining = sorted(p.name for p in (tmp_path / "home" / "builds").iterdir())
    assert remaining == sorted([builds[1].name, builds[2].name])  # current and the one before it
    assert MedKG(tmp_path / "home").current_build().path == builds[2]


def test_lookup_without_store_builds_first(tmp_path: Path) -> None:
    kg = MedKG(tmp_path / "fresh")
    assert kg.run("type-distribution")
    assert (tmp_path / "fresh" / "current").is_symlink()


def test_no_store_and_no_auto_build_is_a_clear_error(tmp_path: Path) -> None:
    from medkg.base.errors import UsageError

    with pytest.raises(UsageError, match="medkg build"):
        MedKG(tmp_path / "empty", auto_build=False).current_build()


def test_concurrent_first_lookups_on_an_empty_home_all_answer(tmp_path: Path) -> None:
    """Three first lookups at once: one builds the bundled registry, the others wait for it (two of three failed)."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "MEDKG_HOME": str(tmp_path / "empty-home")}
    processes = [subprocess.Popen([sys.executable, "-m", "medkg", "who-built", "華佗GPT", "-f", "json"], env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(3)]
    results = [(p.wait(300), p.stdout.read(), p.stderr.read()) for p in processes]  # type: ignore[union-attr]
    for code, out, err in results:
        assert code == 0 and "huatuogpt" in out, err

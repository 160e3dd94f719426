"""The README stays true: every `$ medkg …` line and the Python example run as shown."""
from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest

from tests.conftest import serving

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = [line[2:] for block in re.findall(r"```console\n(.*?)```", README, re.S)
            for line in block.splitlines() if line.startswith("$ medkg ")]
PYTHON_BLOCKS = re.findall(r"```python\n(.*?)```", README, re.S)


def test_readme_has_examples() -> None:
    assert len(COMMANDS) >= 15 and PYTHON_BLOCKS


@pytest.mark.parametrize("command", COMMANDS)
def test_console_command_works(command: str, cli, bundled_kg, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    args = [a.replace("/tmp/medkg-small", str(tmp_path / "small")) for a in shlex.split(command)[1:]]
    args = [str(ROOT / a) if a.startswith("tests/") else a for a in args]
    monkeypatch.chdir(tmp_path)
    result = cli(*args, home=bundled_kg.home.path)
    assert result.returncode == 0, f"{command}\n{result.stderr}"
    assert result.stdout.strip() or result.stderr.strip()


def test_python_example_runs(bundled_kg, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("MEDKG_HOME", str(bundled_kg.home.path))
    monkeypatch.chdir(ROOT)
    for block in PYTHON_BLOCKS:
        exec(compile(block, "README.md", "exec"), {})
    assert "香港中文大学（深圳）" in capsys.readouterr().out


CURLS = [line for block in re.findall(r"```sh\n(.*?)```", README, re.S) for line in block.splitlines()
         if line.startswith("curl ") and "127.0.0.1:7878" in line]


def test_curl_examples_work(bundled_kg) -> None:  # type: ignore[no-untyped-def]
    import subprocess

    assert len(CURLS) >= 2 and shutil.which("curl")
    with serving(bundled_kg) as base:
        port = base.rsplit(":", 1)[1]
        for line in CURLS:
            args = shlex.split(line.replace("127.0.0.1:7878", f"127.0.0.1:{port}"))
            result = subprocess.run([*args, "--fail"], capture_output=True, text=True, timeout=60)
            assert result.returncode == 0 and result.stdout.strip(), (line, result.stderr)

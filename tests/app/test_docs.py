"""The docs' reference tables are generated from the schema and kept up to date."""
from __future__ import annotations

import pytest
from medkg.loaders.schema import TABLES

from medkg.app.docs import DOCS, DOCUMENTS, ROOT, regenerate

REGISTRY_FORMAT = (DOCS / "registry-format.md").read_text(encoding="utf-8")


def test_every_table_and_column_is_documented() -> None:
    for table in TABLES.values():
        assert f"## `{table.name}`" in REGISTRY_FORMAT
        for column in table.columns:
            assert f"| `{column.name}` |" in REGISTRY_FORMAT, (table.name, column.name)


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_generated_blocks_are_up_to_date(path) -> None:  # type: ignore[no-untyped-def]
    assert "<!-- generated:" in path.read_text(encoding="utf-8")
    assert regenerate(path, write=False) == path.read_text(encoding="utf-8"), \
        f"run `python -m medkg.app.docs` to refresh {path.name}"


def test_every_command_option_and_setting_is_documented() -> None:
    import typer

    from medkg.app.cli import app
    from medkg.base.settings import SETTINGS

    reference = (DOCS / "cli.md").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    root = typer.main.get_command(app)
    assert len(root.commands) >= 15  # type: ignore[attr-defined]
    for name, command in root.commands.items():  # type: ignore[attr-defined]
        assert f"medkg {name}" in readme, f"README shows no `medkg {name}`"
        subcommands = command.commands.values() if hasattr(command, "commands") else [command]
        for sub in subcommands:
            for param in sub.params:
                for opt in getattr(param, "opts", []):
                    if opt.startswith("--") and opt != "--help":
                        assert f"`{opt}`" in reference, (name, opt)
    for setting in SETTINGS.values():
        assert f"| `{setting.name}` |" in readme
        if setting.env:
            assert f"`{setting.env}`" in readme

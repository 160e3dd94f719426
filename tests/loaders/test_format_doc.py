"""docs/registry-format.md documents every table and column the loader accepts."""
from pathlib import Path

from medkg.loaders.schema import TABLES

DOC = (Path(__file__).resolve().parents[2] / "docs" / "registry-format.md").read_text(encoding="utf-8")


def test_every_table_and_column_is_documented() -> None:
    for table in TABLES.values():
        assert f"## `{table.name}`" in DOC
        for column in table.columns:
            assert f"| `{column.name}` |" in DOC, (table.name, column.name)

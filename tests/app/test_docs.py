"""The docs' reference tables are generated from the schema and kept up to date."""
from __future__ import annotations

import pytest

from medkg.app.docs import DOCS, regenerate
from medkg.loaders.schema import TABLES

REGISTRY_FORMAT = (DOCS / "registry-format.md").read_text(encoding="utf-8")


def test_every_table_and_column_is_documented() -> None:
    for table in TABLES.values():
        assert f"## `{table.name}`" in REGISTRY_FORMAT
        for column in table.columns:
            assert f"| `{column.name}` |" in REGISTRY_FORMAT, (table.name, column.name)


@pytest.mark.parametrize("doc", ["registry-format.md", "property-graph.md"])
def test_generated_blocks_are_up_to_date(doc: str) -> None:
    path = DOCS / doc
    assert "<!-- generated:" in path.read_text(encoding="utf-8")
    assert regenerate(path, write=False) == path.read_text(encoding="utf-8"), \
        f"run `python -m medkg.app.docs` to refresh {doc}"

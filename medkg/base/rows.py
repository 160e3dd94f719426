"""Query results as rows: a list of dicts that knows its columns and turns into a DataFrame on request.

>>> rows = Rows(["model_id", "n"], [{"model_id": "a", "n": 1}])
>>> rows[0]["n"], rows.columns
(1, ['model_id', 'n'])
"""
from __future__ import annotations

from typing import Any


class Rows(list):
    """Rows of one query, in order; ``columns`` keeps the column order even when there are no rows."""

    def __init__(self, columns: list[str], rows: list[dict[str, Any]] | None = None, title: str | None = None) -> None:
        super().__init__(rows or [])
        self.columns = list(columns)
        self.title = title
        self.truncated = False  # True when a row limit cut the results short

    def to_dataframe(self) -> Any:
        """A pandas DataFrame of the rows (pandas is imported only here), with nullable dtypes: missing values are
        ``pd.NA``, whole numbers ``Int64``, other numbers ``Float64``, truth values ``boolean``, text ``string``."""
        import pandas as pd

        return pd.DataFrame(list(self), columns=self.columns).convert_dtypes()

    def column(self, name: str) -> list[Any]:
        return [row.get(name) for row in self]

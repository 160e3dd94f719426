"""RDF literal values as Python values, the same for every SPARQL engine (local pyoxigraph or a remote endpoint).

>>> python_value("42", XSD + "integer"), python_value("4.18", XSD + "decimal"), python_value("true", XSD + "boolean")
(42, 4.18, True)
>>> python_value("2023-05", XSD + "gYearMonth")
'2023-05'
"""
from __future__ import annotations

from typing import Any

__all__ = ["XSD", "python_value"]

XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGER = {XSD + t for t in ("integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger")}
_FLOAT = {XSD + t for t in ("decimal", "double", "float")}


def python_value(lexical: str, datatype: str | None) -> Any:
    """The Python value of a literal with this lexical form and datatype IRI (IRIs and plain text stay ``str``)."""
    if datatype in _INTEGER:
        return int(lexical)
    if datatype in _FLOAT:
        return float(lexical)
    if datatype == XSD + "boolean":
        return lexical in ("true", "1")
    return lexical

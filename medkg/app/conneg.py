"""Content negotiation for the SPARQL endpoint: which serialization a request asked for, or none (→ 406).

A request names its format with a ``format=`` (or ``output=`` / ``results=``, as SPARQLWrapper sends) parameter,
which wins, or with an ``Accept`` header whose q-values are honoured (RFC 9110 §12.5.1: the highest q wins; among
equal q the more specific range, then the server's order). No ``Accept`` or ``*/*`` gets the default. A format
that is neither offered nor an alias of an offered one gets ``None``, which the endpoint answers with 406 and the
list of what it offers — never a dropped connection.

>>> negotiate(SOLUTIONS, accept="application/sparql-results+xml;q=0.1, application/sparql-results+json")
'json'
>>> negotiate(GRAPH, fmt="xml"), negotiate(GRAPH, accept="application/rdf+xml")
('rdfxml', 'rdfxml')
>>> negotiate(SOLUTIONS, fmt="ttl") is None, negotiate(GRAPH, accept="image/png") is None
(True, True)
"""
from __future__ import annotations

from dataclasses import dataclass, field

FORMAT_PARAMETERS = ("format", "output", "results")


@dataclass(frozen=True)
class Offer:
    """What one kind of result (solutions or a graph) can be served as: key → media type, aliases → key."""

    media: dict[str, str]
    default: str
    aliases: dict[str, str] = field(default_factory=dict)

    def key(self, name: str) -> str | None:
        """The key for a ``format=`` value: a key, an alias or a media type (parameters ignored)."""
        name = name.split(";")[0].strip().lower()
        if name in self.media:
            return name
        if name in self.aliases:
            return self.aliases[name]
        for key, media in self.media.items():
            if name == media:
                return key
        return None

    def describe(self) -> str:
        return ", ".join(f"{media} (format={key})" for key, media in self.media.items())


# SELECT and ASK results (SPARQL 1.1 Query Results JSON, XML, CSV and TSV).
SOLUTIONS = Offer(
    media={"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
           "csv": "text/csv", "tsv": "text/tab-separated-values"},
    default="json",
    aliases={"srj": "json", "srx": "xml", "application/json": "json", "application/xml": "xml", "text/xml": "xml",
             "sparql-results+json": "json", "sparql-results+xml": "xml"})

# CONSTRUCT and DESCRIBE results, and the service description.
GRAPH = Offer(
    media={"ttl": "text/turtle", "nt": "application/n-triples", "jsonld": "application/ld+json",
           "rdfxml": "application/rdf+xml"},
    default="ttl",
    aliases={"turtle": "ttl", "n3": "ttl", "text/n3": "ttl", "text/rdf+n3": "ttl", "application/n3": "ttl",
             "application/turtle": "ttl", "application/x-turtle": "ttl",
             "ntriples": "nt", "n-triples": "nt", "text/plain": "nt",
             "json-ld": "jsonld", "json": "jsonld", "application/json": "jsonld",
             "xml": "rdfxml", "rdf": "rdfxml", "rdf+xml": "rdfxml", "rdf/xml": "rdfxml",
             "application/xml": "rdfxml", "text/xml": "rdfxml"})


# Rows of a named query (/queries/NAME): the CLI's JSON array or CSV table.
ROWS = Offer(media={"json": "application/json", "csv": "text/csv"}, default="json",
             aliases={"text/json": "json", "application/csv": "csv"})


def parse_accept(header: str) -> list[tuple[str, float, int]]:
    """``(media range, q, position)`` for each range of an Accept header; malformed q counts as 0."""
    ranges = []
    for position, part in enumerate(header.split(",")):
        pieces = [p.strip() for p in part.split(";")]
        media = pieces[0].lower()
        if not media:
            continue
        q = 1.0
        for parameter in pieces[1:]:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        ranges.append((media, q, position))
    return ranges


def _specificity(media_range: str) -> int:
    if media_range == "*/*":
        return 0
    return 1 if media_range.endswith("/*") else 2


def _matches(media_range: str, offer: Offer) -> list[str]:
    """Keys of *offer* that a media range selects, in the server's order of preference."""
    if media_range == "*/*":
        return [offer.default] + [k for k in offer.media if k != offer.default]
    if media_range.endswith("/*"):
        prefix = media_range[:-1]
        keys = [k for k, m in offer.media.items() if m.startswith(prefix)]
        return sorted(keys, key=lambda k: k != offer.default)
    key = offer.key(media_range)
    return [key] if key else []


def negotiate(offer: Offer, accept: str | None = None, fmt: str | None = None) -> str | None:
    """The key to serve, or ``None`` when nothing asked for is offered (answer 406)."""
    if fmt:
        # A name or a media type; SPARQLWrapper also sends a comma-separated list of media types, read as Accept.
        return offer.key(fmt) or (negotiate(offer, fmt) if "/" in fmt and "*" not in fmt else None)
    if not accept or not accept.strip():
        return offer.default
    ranges = parse_accept(accept)
    refused = {offer.key(m) for m, q, _ in ranges if q <= 0 and "*" not in m} - {None}
    best: tuple[float, int, int, int, str] | None = None
    for media_range, q, position in ranges:
        if q <= 0:
            continue
        for rank, key in enumerate(_matches(media_range, offer)):
            if key in refused:
                continue
            candidate = (q, _specificity(media_range), -position, -rank, key)
            if best is None or candidate[:4] > best[:4]:
                best = candidate
    return best[4] if best else None


def format_parameter(params: dict[str, str]) -> str | None:
    """The requested format from ``format=``, ``output=`` or ``results=`` (first non-empty one)."""
    for name in FORMAT_PARAMETERS:
        if params.get(name):
            return params[name]
    return None


def not_acceptable(offer: Offer, asked: str) -> bytes:
    return (f"406 Not Acceptable: cannot serve {asked!r} for this result; offered: {offer.describe()}\n").encode()

"""Media types of the SPARQL 1.1 Protocol and RDF, and choosing one (Accept, q-values)."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from flask import Request
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

# SELECT / ASK results (SPARQL 1.1 Query Results JSON, XML, CSV/TSV)
RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
RESULT_MEDIA = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
}
# CONSTRUCT / DESCRIBE and linked-data descriptions
GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/n-triples": "ntriples",
    "text/plain": "ntriples",
    "application/ld+json": "jsonld",
    "application/json": "jsonld",
    "application/rdf+xml": "rdfxml",
    "application/xml": "rdfxml",
    "application/trig": "trig",
    "application/n-quads": "nquads",
}
GRAPH_MEDIA = {
    "turtle": "text/turtle; charset=utf-8",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
    "trig": "application/trig",
    "nquads": "application/n-quads",
}
# the short names of the `format` (or `output`) parameter, per kind of answer, as Fuseki
# reads them: "xml" and "json" name the results formats for SELECT and ASK, and RDF/XML
# and JSON-LD for a graph (SPARQLWrapper sends `format=xml` with a CONSTRUCT by default)
RESULT_ALIASES = {
    "json": "json", "srj": "json", "xml": "xml", "srx": "xml", "csv": "csv", "tsv": "tsv",
}  # fmt: skip
GRAPH_ALIASES = {
    "xml": "rdfxml", "rdf": "rdfxml", "rdfxml": "rdfxml", "rdf/xml": "rdfxml",
    "json": "jsonld", "jsonld": "jsonld", "json-ld": "jsonld",
    "ttl": "turtle", "turtle": "turtle", "nt": "ntriples", "ntriples": "ntriples",
    "n-triples": "ntriples", "trig": "trig", "nq": "nquads", "nquads": "nquads",
    "n-quads": "nquads",
}  # fmt: skip
FORMAT_PARAMETERS = ("format", "output")


class NotAcceptable(Exception):
    pass


def format_parameter(args: Mapping[str, str]) -> str:
    """The `format` parameter, or `output` as Fuseki and Virtuoso clients send it."""
    return next((args[name] for name in FORMAT_PARAMETERS if args.get(name)), "")


def choose(request: Request, table: dict[str, str], default: str, override: str = "") -> str:
    """The format to answer in: a `format` override, else the best Accept match."""
    return _choose(request.headers.get("Accept", ""), tuple(table.items()), default, override)


@lru_cache(maxsize=256)  # clients send a handful of Accept headers; matching one: 80 us
def _choose(header: str, items: tuple[tuple[str, str], ...], default: str, override: str) -> str:
    table = dict(items)
    if override:
        key = override.strip().lower()
        if key in table:
            return table[key]
        aliases = GRAPH_ALIASES if set(table.values()) <= set(GRAPH_MEDIA) else RESULT_ALIASES
        if key in aliases and aliases[key] in table.values():
            return aliases[key]
        raise NotAcceptable(
            f"format {override!r} is not available for this answer; "
            f"try one of {sorted(set(table.values()))}"
        )
    accept = parse_accept_header(header, MIMEAccept)
    if not accept or str(accept) in ("", "*/*"):
        return default
    best = accept.best_match([*table.keys()])
    if best is None:
        # "application/*" or "*/*" accepts our default even when nothing listed matched
        if any(value.endswith("/*") for value, q in accept if q > 0):
            return default
        raise NotAcceptable(
            "none of the media types in Accept can be produced; available: "
            + ", ".join(sorted(table))
        )
    return table[best]


def wants_html(request: Request) -> bool:
    """A browser asking for a page: text/html preferred over every RDF type, or
    `format=html` (the alternate links of a description name each format so)."""
    override = format_parameter(request.args)
    if override:
        return override.strip().lower() == "html"
    return _wants_html(request.headers.get("Accept", ""))


@lru_cache(maxsize=256)
def _wants_html(header: str) -> bool:
    accept = parse_accept_header(header, MIMEAccept)
    html = accept.quality("text/html")
    if html <= 0:
        return False
    return all(accept.quality(t) < html or t == "text/html" for t in
               ("text/turtle", "application/ld+json", "application/rdf+xml",
                "application/n-triples"))  # fmt: skip

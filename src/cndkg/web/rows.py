"""Rows from the store for the pages, and the page of an IRI on this server."""

from __future__ import annotations

import json

from flask import g

from cndkg.web.pool import QueryJob
from cndkg.web.sparql import published

PREFIXES = """PREFIX cnd: <https://w3id.org/cndkg/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX schema: <https://schema.org/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX org: <http://www.w3.org/ns/org#>
"""


def select(query: str, max_rows: int = 5000) -> list[dict[str, str]]:
    """Rows of plain values for a SELECT run on the current build."""
    job = QueryJob(query=PREFIXES + query, result_format="json", max_rows=max_rows)
    answer = published().current().pool.run(job)
    data = json.loads(answer.body)
    return [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]


def local(iri: str) -> str:
    """The page of an entity IRI on this server ('/id/...'), the IRI itself if it is an
    http(s) IRI, or "" (no link): data may hold any IRI, javascript: and data: included."""
    base = getattr(g, "entity_base", None)
    if base is None:  # once per request: a page links dozens of IRIs
        base = g.entity_base = published().current().base
    if iri.startswith(base):
        return "/id/" + iri[len(base) :]
    return iri if iri.lower().startswith(("http://", "https://")) else ""

"""Identity in one place: the namespaces, the IRI scheme of every entity, and the slug
that turns a name into an IRI's last segment. What a thing is decides its IRI, never a
counter or the order of files."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS

from cndkg.model import Evidence

CND = Namespace("https://w3id.org/cndkg/ontology#")
SCHEMA = Namespace("https://schema.org/")
WD = Namespace("http://www.wikidata.org/entity/")
GZ = Namespace("https://w3id.org/cndkg/gazetteer/")
ONTOLOGY_IRI = URIRef("https://w3id.org/cndkg/ontology")
DEFAULT_BASE = "https://w3id.org/cndkg/id/"

__all__ = [
    "CND", "DCTERMS", "DEFAULT_BASE", "GZ", "ONTOLOGY_IRI", "SCHEMA", "WD", "Names",
    "paragraph_slug", "slug",
]  # fmt: skip


def slug(text: str, limit: int = 60) -> str:
    """A name as an IRI segment: accents folded, lower case, words joined by '-'."""
    s = unicodedata.normalize("NFKD", text)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s[:limit].rstrip("-") or "x"


def paragraph_slug(label: str) -> str:
    """A paragraph's label as printed ("V.15", "¶3", "fn8") as an IRI segment."""
    return re.sub(r"[^A-Za-z0-9.\-]", "_", label.replace("¶", "u").replace("~", "-"))


@dataclass(frozen=True)
class Names:
    """The IRI scheme under a configurable base."""

    base: str = DEFAULT_BASE

    def __call__(self, path: str) -> URIRef:
        return URIRef(self.base + path)

    def graph(self, name: str) -> URIRef:
        return URIRef(self.base + "graph/" + name)

    def paragraph(self, doc_id: str, label: str) -> URIRef:
        return URIRef(f"{self.base}source/{doc_id}/p/{paragraph_slug(label)}")

    def evidence(self, ev: Evidence) -> URIRef:
        return URIRef(f"{self.base}evidence/{ev.doc_id}/{ev.start}-{ev.end}")

    def initiative(self, key: str) -> URIRef:
        """A programme, tool or initiative, by its gazetteer code or its name."""
        return URIRef(f"{self.base}initiative/{slug(key)}")

    def cited_document(self, identifier: str) -> URIRef:
        """A cited document, by its identifier (UN symbol, 'CND resolution 66/3', title)."""
        return URIRef(f"{self.base}document/{slug(identifier, 80)}")

    def role(self, doc_id: str, paragraph: str, role: str, who: str) -> URIRef:
        """A role assignment as a document states it: in which paragraph, which role, held
        by whom (a person, an office, a State or a body)."""
        return URIRef(
            f"{self.base}role/{doc_id}/{paragraph_slug(paragraph)}/{role}/{slug(who or 'unnamed')}"
        )


# Web Annotation: evidence is an oa:SpecificResource with two selectors
OA = Namespace("http://www.w3.org/ns/oa#")


def selector(evidence: URIRef, kind: str) -> URIRef:
    """A selector of an evidence node, "quote" or "position": the evidence's own IRI with
    that fragment, so a selector follows its evidence whatever the evidence IRI scheme,
    and SPARQL users and diffs see IRIs, not blank nodes."""
    return URIRef(f"{evidence}#{kind}")

"""The JSON-LD context of the dataset, generated from the ontology (never hand-written),
and compaction of expanded JSON-LD with it (PyLD, the JSON-LD 1.1 API).

Each class and property the ontology declares becomes a term named by its local name
(JSON-LD 1.1, section 4.1 "Terms"): an object property is typed `@id`, a datatype
property typed with its rdfs:range (a plain string needs no type), and a property that
is not an owl:FunctionalProperty is a `@set` (section 4.3.3): its value is always an
array, so a client reads one shape whether a node has one value or several. Two terms
with one local name: the ontology's own (cnd:) keeps the bare name, any other keeps its
compact IRI (`prov:agent`), so no key silently means another vocabulary's term.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pyld import jsonld
from rdflib import OWL, RDF, RDFS, XSD, Graph, URIRef

from cndkg.iris import CND

CONTEXT_PATH = "context.jsonld"  # the file in each release, served at /context.jsonld
# values that need no @type: JSON strings are xsd:string; a language-tagged string or
# any literal is left to the value's own @type / @language
_UNTYPED = {str(XSD.string), str(RDFS.Literal), str(RDF.langString), str(RDF.PlainLiteral)}
_PROPERTY_KINDS = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property)
# the built-in terms an OWL ontology uses without declaring them (OWL 2 Structural
# Specification, section 5.5 and table 3). rdf:type is a term whose values compact to
# class terms (`"type": ["Meeting"]`): the same triples as "@type", and Oxigraph's
# expanded JSON-LD, which writes rdf:type as a property, compacts without a rewrite
_BUILT_IN: dict[str, dict[str, Any]] = {
    "type": {"@id": str(RDF.type), "@type": "@vocab", "@container": "@set"},
    "label": {"@id": str(RDFS.label), "@container": "@set"},
    "comment": {"@id": str(RDFS.comment), "@container": "@set"},
    "seeAlso": {"@id": str(RDFS.seeAlso), "@type": "@id", "@container": "@set"},
    "sameAs": {"@id": str(OWL.sameAs), "@type": "@id", "@container": "@set"},
}


def context_from_ontology(ontology: Graph) -> dict[str, Any]:
    """The @context object: the prefixes the ontology uses and a term per declared
    class and property."""
    prefixes = _prefixes(ontology)
    definitions: dict[str, tuple[str, Any]] = {}  # local name -> (IRI, definition)
    clashes: dict[str, list[tuple[str, Any]]] = {}
    built_in = [(d["@id"], {**d, "@id": _compact(d["@id"], prefixes)}) for d in _BUILT_IN.values()]
    for iri, definition in [*built_in, *_terms(ontology, prefixes)]:
        name = _local_name(iri)
        clashes.setdefault(name, []).append((iri, definition))
    for name, candidates in sorted(clashes.items()):
        own = [c for c in candidates if c[0].startswith(str(CND))]
        if len(candidates) == 1 or len(own) == 1:
            winner = own[0] if own else candidates[0]
            definitions[name] = winner
        for iri, definition in candidates:
            if definitions.get(name, ("",))[0] != iri:
                definitions[_compact(iri, prefixes)] = (iri, definition)
    context: dict[str, Any] = dict(sorted(prefixes.items()))
    for key, (_iri, definition) in sorted(definitions.items()):
        if key not in context:
            context[key] = definition
    return context


def _prefixes(ontology: Graph) -> dict[str, str]:
    """The prefixes bound in the ontology file whose namespace some term of it is in."""
    used = {str(t) for t in ontology.all_nodes() if isinstance(t, URIRef)}
    found = {}
    used |= {d["@id"] for d in _BUILT_IN.values()}
    for prefix, namespace in ontology.namespaces():
        ns = str(namespace)
        if prefix and ns[-1:] in "#/" and any(u.startswith(ns) and u != ns for u in used):
            found[prefix] = ns
    for prefix, vocabulary in (("xsd", XSD), ("rdf", RDF), ("rdfs", RDFS), ("owl", OWL)):
        found.setdefault(prefix, str(vocabulary))
    return found


def _terms(ontology: Graph, prefixes: dict[str, str]) -> Iterable[tuple[str, Any]]:
    functional = set(ontology.subjects(RDF.type, OWL.FunctionalProperty))
    seen: set[str] = set()
    for kind in _PROPERTY_KINDS:
        for prop in sorted(ontology.subjects(RDF.type, kind), key=str):
            iri = str(prop)
            if not isinstance(prop, URIRef) or iri in seen or not _local_name(iri):
                continue
            seen.add(iri)
            definition: dict[str, Any] = {"@id": _compact(iri, prefixes)}
            if kind == OWL.ObjectProperty:
                definition["@type"] = "@id"
            elif kind == OWL.DatatypeProperty:
                ranges = {str(r) for r in ontology.objects(prop, RDFS.range)}
                if len(ranges) == 1 and not ranges & _UNTYPED:
                    definition["@type"] = _compact(ranges.pop(), prefixes)
            if kind != OWL.AnnotationProperty and prop not in functional:
                definition["@container"] = "@set"
            yield iri, definition
    for cls in sorted(ontology.subjects(RDF.type, OWL.Class), key=str):
        iri = str(cls)
        if isinstance(cls, URIRef) and iri not in seen and _local_name(iri):
            seen.add(iri)
            yield iri, _compact(iri, prefixes)


def _local_name(iri: str) -> str:
    for name, definition in _BUILT_IN.items():
        if definition["@id"] == iri:
            return name
    name = iri.rsplit("#", 1)[-1] if "#" in iri else iri.rsplit("/", 1)[-1]
    # a term must not look like a keyword or an IRI (JSON-LD 1.1, section 4.1.2)
    return name if name and not name.startswith("@") and ":" not in name else ""


def _compact(iri: str, prefixes: dict[str, str]) -> str:
    for prefix, ns in sorted(prefixes.items(), key=lambda p: -len(p[1])):
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


def compact(expanded: list[dict[str, Any]], context: dict[str, Any]) -> dict[str, Any]:
    """Expanded JSON-LD (as Oxigraph writes it) compacted under `context` by PyLD (JSON-LD
    1.1 API, section 6), with no document loader: the context is given, nothing is
    fetched. The input is expanded already, so PyLD's own expansion is skipped (a fifth
    of its time). The result has the context inline and its nodes under "@graph"."""
    options = {"documentLoader": _no_loader, "graph": True, "skipExpansion": True}
    compacted: dict[str, Any] = jsonld.compact(expanded, {"@context": context}, options)
    return compacted


def _no_loader(url: str, options: dict[str, Any] | None = None) -> Any:
    raise jsonld.JsonLdError(
        f"remote documents are not loaded: {url}", "jsonld.LoadDocumentError",
        code="loading document failed",
    )  # fmt: skip

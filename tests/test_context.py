"""The JSON-LD context is generated from the ontology: a term per declared class and
property, typed by what the ontology says of it."""

from __future__ import annotations

import json

from rdflib import OWL, RDF, RDFS, XSD, Graph, URIRef

from cndkg.context import compact, context_from_ontology
from cndkg.pipeline import ONTOLOGY_FILE

CND = "https://w3id.org/cndkg/ontology#"
# the shape of the ontology's own declarations, with the Web Annotation terms it aligns to
EXCERPT = """
@prefix cnd: <https://w3id.org/cndkg/ontology#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
oa:SpecificResource a owl:Class .
oa:hasSelector a owl:ObjectProperty .
oa:exact a owl:DatatypeProperty .
oa:start a owl:DatatypeProperty ; rdfs:range xsd:nonNegativeInteger .
dcterms:source a owl:ObjectProperty .
cnd:Evidence a owl:Class ; rdfs:subClassOf oa:SpecificResource .
cnd:source a owl:ObjectProperty, owl:FunctionalProperty ; rdfs:subPropertyOf dcterms:source .
cnd:date a owl:DatatypeProperty ; rdfs:range xsd:date .
cnd:quote a owl:DatatypeProperty ; rdfs:range xsd:string .
"""


def excerpt_context() -> dict[str, object]:
    return context_from_ontology(Graph().parse(data=EXCERPT, format="turtle"))


def test_terms_are_local_names_typed_by_the_ontology() -> None:
    context = excerpt_context()
    assert context["date"] == {"@id": "cnd:date", "@type": "xsd:date", "@container": "@set"}
    assert context["quote"] == {"@id": "cnd:quote", "@container": "@set"}  # a plain string
    assert context["Evidence"] == "cnd:Evidence"
    assert context["cnd"] == CND and context["oa"] == "http://www.w3.org/ns/oa#"


def test_a_functional_property_holds_one_value_the_others_a_set() -> None:
    context = excerpt_context()
    assert context["source"] == {"@id": "cnd:source", "@type": "@id"}
    assert context["hasSelector"]["@container"] == "@set"  # type: ignore[index]


def test_the_web_annotation_terms_the_ontology_uses_are_terms() -> None:
    context = excerpt_context()
    assert context["hasSelector"] == {"@id": "oa:hasSelector", "@type": "@id", "@container": "@set"}
    assert context["start"]["@type"] == "xsd:nonNegativeInteger"  # type: ignore[index]
    assert context["exact"]["@id"] == "oa:exact"  # type: ignore[index]
    assert context["SpecificResource"] == "oa:SpecificResource"


def test_a_local_name_two_vocabularies_share_is_ours_bare_and_theirs_prefixed() -> None:
    context = excerpt_context()
    assert context["source"]["@id"] == "cnd:source"  # type: ignore[index]
    assert context["dcterms:source"] == {
        "@id": "dcterms:source", "@type": "@id", "@container": "@set",
    }  # fmt: skip


def test_the_ontology_gives_a_term_to_each_of_its_properties() -> None:
    ontology = Graph().parse(ONTOLOGY_FILE, format="turtle")
    context = context_from_ontology(ontology)
    by_iri = {}
    for definition in context.values():
        if isinstance(definition, dict):
            iri = definition["@id"]
            prefix, _, local = iri.partition(":")
            by_iri[context[prefix] + local if prefix in context else iri] = definition
    for kind, typed in ((OWL.ObjectProperty, "@id"), (OWL.DatatypeProperty, None)):
        for prop in ontology.subjects(RDF.type, kind):
            if str(prop).startswith(CND):
                assert str(prop) in by_iri, prop
                if typed:
                    assert by_iri[str(prop)]["@type"] == typed
    dates = [p for p in ontology.subjects(RDFS.range, XSD.date) if isinstance(p, URIRef)]
    for prop in dates:
        assert by_iri[str(prop)].get("@type") == "xsd:date"


def test_compaction_keeps_every_triple() -> None:
    context = excerpt_context()
    expanded = [{
        "@id": "https://w3id.org/cndkg/id/evidence/x",
        f"{RDF.type}": [{"@id": f"{CND}Evidence"}],
        f"{CND}date": [{"@value": "2023-10-24", "@type": str(XSD.date)}],
        f"{CND}source": [{"@id": "https://w3id.org/cndkg/id/source/y"}],
    }]  # fmt: skip
    compacted = compact(expanded, context)
    (node,) = compacted["@graph"]
    assert node["type"] == ["Evidence"] and node["date"] == ["2023-10-24"]
    assert node["source"] == "https://w3id.org/cndkg/id/source/y"
    back = Graph().parse(data=json.dumps(compacted), format="json-ld")
    assert len(back) == 3

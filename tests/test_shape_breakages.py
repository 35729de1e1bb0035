"""Issue 17: each realistic breakage of a built graph is caught, by the shape named, with
its message, and none makes validation crash.

Every test takes the seeds' build (the release's dataset), breaks it in one way with a
SPARQL update that finds its victim by what it is (a statement, a person with a country),
not by IRI, and validates it as `cndkg build` does (pipeline.validate_store: pyshacl chunk
by chunk, then the graph-wide shapes once over the store).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from cndkg.pipeline import load_ontology, run_build, validate_store
from cndkg.report import PUBLISHED
from cndkg.validate import ValidationResult, Violation, load_shapes, validate
from cndkg.web import create_app
from tests.conftest import CASES, SOURCES

CND = "https://w3id.org/cndkg/ontology#"
PREFIXES = f"""
PREFIX cnd: <{CND}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX schema: <https://schema.org/>
PREFIX oa: <http://www.w3.org/ns/oa#>
"""


@pytest.fixture(scope="module")
def dataset(seed_release: Path) -> bytes:
    return (seed_release / "dataset.trig").read_bytes()


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology()


@pytest.fixture(scope="module")
def inferred(seed_release: Path) -> str:
    manifest = json.loads((seed_release / "manifest.json").read_text(encoding="utf-8"))
    return next(g for g in manifest["graphs"] if g.endswith("/inferred"))


def broken(dataset: bytes, ontology: Graph, inferred: str, update: str) -> ValidationResult:
    """The seeds' build with `update` applied, validated as the pipeline validates."""
    store = ox.Store()
    store.load(dataset, format=ox.RdfFormat.TRIG)
    before = set(store)
    store.update(PREFIXES + update)
    assert set(store) != before, "the update changed nothing"
    return validate_store(store, ontology, inferred)


def replaced(prop: str, value: str, having: str = "") -> str:
    """An update that gives the first node with `prop` (and the pattern `having` on ?x)
    `value` instead of what it had."""
    first = f"SELECT ?x WHERE {{ GRAPH ?h {{ ?x cnd:{prop} ?any {having} }} }} ORDER BY ?x LIMIT 1"
    return f"""
        DELETE {{ GRAPH ?g {{ ?x cnd:{prop} ?old }} }}
        INSERT {{ GRAPH ?g {{ ?x cnd:{prop} {value} }} }}
        WHERE {{ {{ {first} }} GRAPH ?g {{ ?x cnd:{prop} ?old }} }}"""


def found(result: ValidationResult, shape: str, component: str, message: str) -> list[Violation]:
    hits = [
        v
        for v in result.violations
        if v.component == component and message in v.message and (not shape or v.shape == shape)
    ]
    assert hits, result.summary()
    return hits


def test_the_seeds_build_conforms_with_no_warning(
    dataset: bytes, ontology: Graph, inferred: str
) -> None:
    """The starting point of every test below: the build as it is."""
    result = broken(dataset, ontology, inferred, "INSERT DATA { <urn:x> <urn:y> <urn:z> }")
    assert result.conforms and not result.violations, result.summary()


def test_a_dangling_mention_is_a_violation(dataset: bytes, ontology: Graph, inferred: str) -> None:
    """A mention whose entity no part of the graph describes."""
    result = broken(dataset, ontology, inferred, """
        DELETE { GRAPH ?g { ?m cnd:mentions ?e } } INSERT { GRAPH ?g { ?m cnd:mentions ?gone } }
        WHERE { { SELECT ?m ?e WHERE { GRAPH ?h { ?m cnd:mentions ?e } } ORDER BY ?m LIMIT 1 }
                GRAPH ?g { ?m cnd:mentions ?e } BIND(IRI(CONCAT(STR(?e), "-gone")) AS ?gone) }
    """)  # fmt: skip
    assert not result.conforms
    (hit,) = found(result, "LinkedObject", "SPARQLConstraintComponent", "dangling link")
    assert hit.path == f"{CND}mentions" and hit.severity == "Violation"
    assert "-gone> is the object of cnd:mentions" in hit.message


@pytest.mark.parametrize("prop", ["inMeeting", "speaker", "partOf", "hasMember", "location"])
def test_no_object_of_our_properties_may_dangle(
    prop: str, dataset: bytes, ontology: Graph, inferred: str
) -> None:
    result = broken(dataset, ontology, inferred, f"""
        INSERT {{ GRAPH ?g {{ ?s cnd:{prop} ?gone }} }}
        WHERE {{ {{ SELECT ?s ?o WHERE {{ GRAPH ?h {{ ?s cnd:{prop} ?o }} }} ORDER BY ?s LIMIT 1 }}
                 GRAPH ?g {{ ?s cnd:{prop} ?o }} BIND(IRI(CONCAT(STR(?o), "-gone")) AS ?gone) }}
    """)  # fmt: skip
    hits = found(result, "LinkedObject", "SPARQLConstraintComponent", "dangling link")
    assert {v.path for v in hits} == {f"{CND}{prop}"}


def test_a_person_with_two_countries_is_a_warning(
    dataset: bytes, ontology: Graph, inferred: str
) -> None:
    result = broken(dataset, ontology, inferred, """
        INSERT { GRAPH ?g { ?p cnd:representsCountry ?other } }
        WHERE { { SELECT ?p WHERE { GRAPH ?h { ?p cnd:representsCountry ?c } } ORDER BY ?p LIMIT 1 }
                GRAPH ?g { ?p cnd:representsCountry ?c }
                { SELECT ?other WHERE { GRAPH ?k { ?other a cnd:State } } ORDER BY ?other LIMIT 2 }
                FILTER(?other != ?c) }
    """)  # fmt: skip
    (hit,) = found(result, "", "MaxCountConstraintComponent", "at most one country")
    assert hit.path == f"{CND}representsCountry" and "/person/" in hit.focus
    assert hit.severity == "Warning"  # reported with its documents, which are published


def test_a_misspelt_property_breaks_the_closed_shape(
    dataset: bytes, ontology: Graph, inferred: str
) -> None:
    """cnd:speakr for cnd:speaker: no query would ever find that statement's speaker."""
    result = broken(dataset, ontology, inferred, """
        DELETE { GRAPH ?g { ?st cnd:speaker ?a } } INSERT { GRAPH ?g { ?st cnd:speakr ?a } }
        WHERE { { SELECT ?st WHERE { GRAPH ?h { ?st a cnd:Statement } } ORDER BY ?st LIMIT 1 }
                GRAPH ?g { ?st cnd:speaker ?a } }
    """)  # fmt: skip
    (hit,) = found(result, "Statement", "ClosedConstraintComponent", "the property's spelling")
    assert hit.path == f"{CND}speakr"
    found(result, "", "MinCountConstraintComponent", "exactly one speaker")


@pytest.mark.parametrize(
    ("cls", "shape"),
    [
        ("CommissionSession", "Event"),
        ("ThematicSession", "Event"),
        ("Person", "Person"),
        ("State", "State"),
        ("CivilSociety", "CivilSociety"),
        ("UNEntity", "Organization"),
        ("OrganizationalUnit", "Organization"),
        ("GroupOfStates", "GroupOfStates"),
        ("RoleAssignment", "RoleAssignmentTerms"),
        ("Participation", "Participation"),
        ("ChallengeDesignation", "ChallengeDesignation"),
        ("Place", "Place"),
    ],
)
def test_every_core_class_is_closed(
    cls: str, shape: str, dataset: bytes, ontology: Graph, inferred: str
) -> None:
    result = broken(dataset, ontology, inferred, f"""
        INSERT {{ GRAPH ?g {{ ?x cnd:lable "typo" }} }}
        WHERE {{ {{ SELECT ?x WHERE {{ GRAPH ?h {{ ?x a cnd:{cls} }} }} ORDER BY ?x LIMIT 1 }}
                 GRAPH ?g {{ ?x a cnd:{cls} }} }}
    """)  # fmt: skip
    (hit,) = found(result, shape, "ClosedConstraintComponent", "closed shape")
    assert hit.path == f"{CND}lable" and hit.severity == "Violation"


def test_evidence_and_provenance_stay_allowed_on_core_classes(
    dataset: bytes, ontology: Graph, inferred: str
) -> None:
    """Closed shapes must not refuse how a fact is traced to its source, whatever form
    the evidence takes (Web Annotation, PROV-O)."""
    result = broken(dataset, ontology, inferred, """
        INSERT { GRAPH ?g { ?st <http://www.w3.org/ns/prov#wasDerivedFrom> ?d } }
        WHERE { GRAPH ?g { ?st a cnd:Statement ; cnd:evidence ?e . ?e oa:hasSource ?d } }
    """)  # fmt: skip
    assert result.conforms and not result.violations, result.summary()


def test_a_second_state_with_the_same_wikidata_iri_is_a_violation(
    dataset: bytes, ontology: Graph, inferred: str
) -> None:
    """Q30 is the United States; a second State carrying it splits every query by it."""
    result = broken(dataset, ontology, inferred, """
        INSERT { GRAPH ?g { ?twin ?p ?o } }
        WHERE { GRAPH ?g { ?usa schema:sameAs <http://www.wikidata.org/entity/Q30> ; ?p ?o }
                BIND(IRI(CONCAT(STR(?usa), "-twin")) AS ?twin) }
    """)  # fmt: skip
    (hit,) = found(result, "", "MaxCountConstraintComponent", "One Wikidata entity")
    assert hit.focus == "http://www.wikidata.org/entity/Q30" and not result.conforms


def test_an_event_dated_1890_is_a_violation(dataset: bytes, ontology: Graph, inferred: str) -> None:
    update = replaced("startDate", '"1890-03-10"^^xsd:date', ". ?x a cnd:CommissionSession")
    result = broken(dataset, ontology, inferred, update)
    (hit,) = found(result, "", "MinInclusiveConstraintComponent", "cannot start before 1946")
    assert hit.path == f"{CND}startDate" and not result.conforms


def test_an_event_dated_far_ahead_is_a_warning_only(
    dataset: bytes, ontology: Graph, inferred: str
) -> None:
    """A misread year most likely, but the Commission does plan ahead: reported, not held."""
    update = replaced("endDate", '"2925-03-14"^^xsd:date', ". ?x a cnd:CommissionSession")
    result = broken(dataset, ontology, inferred, update)
    assert result.conforms, result.summary()
    (hit,) = found(result, "EventDateAhead", "SPARQLConstraintComponent", "more than ten years")
    assert hit.severity == "Warning" and result.warnings == [hit]


def test_an_ill_typed_date_is_reported_not_a_crash(
    dataset: bytes, ontology: Graph, inferred: str
) -> None:
    """pyshacl raised a TypeError comparing "6 December 2023"^^xsd:date with an end date."""
    update = replaced("startDate", '"6 December 2023"^^xsd:date', "; cnd:endDate ?end")
    result = broken(dataset, ontology, inferred, update)
    (hit,) = found(result, "WellFormedLiteral", "DatatypeConstraintComponent", "not a well-formed")
    assert hit.path == f"{CND}startDate" and hit.message.startswith('"6 December 2023"')
    assert "xsd:date" in hit.message and not result.conforms


@pytest.mark.parametrize(
    ("prop", "literal"),
    [("sessionNumber", '"sixty-eighth"^^xsd:integer'), ("rightOfReply", '"maybe"^^xsd:boolean')],
)
def test_any_malformed_literal_is_reported_not_a_crash(
    prop: str, literal: str, dataset: bytes, ontology: Graph, inferred: str
) -> None:
    result = broken(dataset, ontology, inferred, replaced(prop, literal))
    (hit,) = found(result, "WellFormedLiteral", "DatatypeConstraintComponent", "not a well-formed")
    assert hit.path == f"{CND}{prop}" and not result.conforms


def test_validating_a_graph_in_memory_reports_an_ill_typed_date_too(ontology: Graph) -> None:
    """validate() on an rdflib graph (tests, `cndkg validate`) takes the same path."""
    g = Graph().parse(CASES / "shapes" / "valid.ttl", format="turtle")
    g.update(PREFIXES + """
        DELETE { ?s cnd:startDate ?d } INSERT { ?s cnd:startDate "6 December 2023"^^xsd:date }
        WHERE { ?s a cnd:ThematicDiscussion ; cnd:startDate ?d }
    """)  # fmt: skip
    result = validate(g + ontology, load_shapes())
    found(result, "WellFormedLiteral", "DatatypeConstraintComponent", "not a well-formed xsd:date")


def test_a_warning_publishes_its_document_and_says_so(tmp_path: Path) -> None:
    """A Chair's report whose session is dated 2095 (a misread year, say): the document
    is published, and the warning is in its report, the build's output, the manifest
    and the /documents page."""
    sources = tmp_path / "sources"
    sources.mkdir()
    seed = next(SOURCES.glob("003_*.txt"))
    text = seed.read_text(encoding="utf-8").replace("March 2025", "March 2095")
    (sources / seed.name).write_text(text, encoding="utf-8")
    shutil.copy(seed.with_name(seed.name + ".meta.json"), sources)
    report = run_build(sources, tmp_path / "out")
    assert report.release is not None
    (doc,) = report.documents
    assert doc.status == PUBLISHED and doc.warnings, doc.line()
    assert all("more than ten years from today" in w for w in doc.warnings)
    assert "warning: " in doc.line()
    manifest = json.loads((report.release / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["documents"][0]["warnings"] == doc.warnings
    app = create_app({"BUILD_DIR": str(tmp_path / "out"), "QUERY_WORKERS": 1, "TESTING": True})
    try:
        page = app.test_client().get("/documents").get_data(as_text=True)
    finally:
        app.extensions["cndkg"].close()
    assert "all published" in page and "warning: " in page and "ten years" in page

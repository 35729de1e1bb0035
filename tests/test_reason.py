"""OWL RL inference lets a client that knows only the standard vocabularies query."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF

from cndkg.pipeline import load_ontology
from cndkg.query import select_rows
from cndkg.reason import infer
from cndkg.store import open_store

CND = Namespace("https://w3id.org/cndkg/ontology#")
SCHEMA = Namespace("https://schema.org/")


def test_schema_org_only_query_finds_meetings_and_their_sessions(seed_release: Path) -> None:
    store = open_store(seed_release)
    _, rows = select_rows(
        store,
        """
        PREFIX schema: <https://schema.org/>
        SELECT ?event ?start ?sub WHERE {
          ?event a schema:Event ; schema:startDate ?start ; schema:subEvent ?sub .
          ?sub schema:about ?topic .
        }""",
    )
    events = {r[0] for r in rows}
    assert any(e.endswith("meeting/cnd-td-2019-10") for e in events)
    _, native = select_rows(
        store,
        """
        PREFIX cnd: <https://w3id.org/cndkg/ontology#>
        SELECT DISTINCT ?sub WHERE {
          ?sub cnd:partOf ?event ; cnd:addressesChallenge ?c . ?event cnd:startDate ?start }""",
    )
    assert {r[2] for r in rows} == {r[0] for r in native}
    assert len(native) >= 20


def test_org_and_foaf_clients_see_the_actors(seed_release: Path) -> None:
    store = open_store(seed_release)
    _, rows = select_rows(
        store,
        """
        PREFIX org: <http://www.w3.org/ns/org#>
        PREFIX foaf: <http://xmlns.com/foaf/0.1/>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT (COUNT(DISTINCT ?o) AS ?orgs) (COUNT(DISTINCT ?a) AS ?agents) WHERE {
          { ?o a org:Organization } UNION { ?a a foaf:Agent ; a prov:Agent }
        }""",
    )
    orgs, agents = (int(v) for v in rows[0])
    assert orgs > 50 and agents > 50


def test_inverse_and_subproperty_entailments() -> None:
    ontology = load_ontology()
    session, meeting = URIRef("urn:x:session"), URIRef("urn:x:meeting")
    data = Graph()
    data.add((session, RDF.type, CND.ThematicSession))
    data.add((session, CND.partOf, meeting))
    data.add((session, CND.startDate, Literal("2027-10-27")))
    inferred = infer(data, ontology)
    assert (meeting, CND.hasPart, session) in inferred
    assert (meeting, SCHEMA.subEvent, session) in inferred
    assert (session, SCHEMA.startDate, Literal("2027-10-27")) in inferred
    assert (session, RDF.type, SCHEMA.Event) in inferred


def test_inferred_triples_live_in_their_own_graph(seed_release: Path) -> None:
    store = open_store(seed_release)
    _, rows = select_rows(
        store,
        """
        PREFIX schema: <https://schema.org/>
        SELECT ?g WHERE { GRAPH ?g { ?s schema:subEvent ?o } } GROUP BY ?g""",
    )
    assert [r[0] for r in rows] == ["https://w3id.org/cndkg/id/graph/inferred"]


def test_hybrid_closure_equals_owlrl_closure_on_the_seeds() -> None:
    """The fast engine (reasonable + owlrl on literals) entails exactly what owlrl does:
    subclass and subproperty types, inverses, the schema.org alignment."""
    from cndkg.pipeline import build_dataset
    from tests.conftest import SOURCES

    _, union, ontology = build_dataset(SOURCES)
    reference = set(infer(union, ontology, engine="owlrl"))
    fast = set(infer(union, ontology, engine="hybrid"))
    assert fast == reference
    assert len(reference) > 10000


def test_reasoning_graph_by_graph_adds_up_to_the_whole_closure() -> None:
    """run_build reasons over one document's graph at a time: every rule our ontology
    triggers reads a single data triple, so the per-graph closures, less what some
    graph asserts, are the closure of the whole."""
    from cndkg.pipeline import build_dataset
    from tests.conftest import SOURCES

    ds, union, ontology = build_dataset(SOURCES)
    whole = set(infer(union, ontology))
    pieces: set[tuple[object, object, object]] = set()
    for graph in ds.graphs():
        pieces |= set(infer(graph, ontology))
    assert pieces - set(union) == whole


def test_whatever_has_a_speaker_is_a_statement(seed_release: Path) -> None:
    """statements.rq and group-members.rq leave the type out and rely on this."""
    store = open_store(seed_release)
    _, rows = select_rows(
        store,
        """
        PREFIX cnd: <https://w3id.org/cndkg/ontology#>
        SELECT (COUNT(DISTINCT ?s) AS ?all) (COUNT(DISTINCT ?typed) AS ?statements) WHERE {
          ?s cnd:speaker ?speaker .
          OPTIONAL { ?s a cnd:Statement . BIND (?s AS ?typed) }
        }""",
    )
    [(everything, statements)] = rows
    assert int(everything) > 100
    assert statements == everything

"""Each shape rejects a graph broken on purpose, with a message a person can act on."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from cndkg.iris import ONTOLOGY_IRI
from cndkg.pipeline import SHAPES_DIR, load_ontology
from cndkg.store import Neighbourhoods, add_graph
from cndkg.validate import (
    ValidationResult,
    load_shapes,
    validate,
    validate_chunks,
    with_graph_wide,
)
from tests.conftest import CASES

PREFIXES = """
PREFIX cnd: <https://w3id.org/cndkg/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX schema: <https://schema.org/>
PREFIX dcterms: <http://purl.org/dc/terms/>
BASE <https://example.org/id/>
"""

BREAKAGES = {
    "statement_without_speaker": (
        "DELETE WHERE { <statement/st1> cnd:speaker ?s }",
        "exactly one speaker",
    ),
    "statement_with_two_speakers": (
        "INSERT DATA { <statement/st1> cnd:speaker <state/NZL> }",
        "exactly one speaker",
    ),
    "statement_without_session": (
        "DELETE WHERE { <statement/st1> cnd:inSession ?s }",
        "exactly one session",
    ),
    "statement_without_reply_flag": (
        "DELETE WHERE { <statement/st1> cnd:rightOfReply ?r }",
        "right of reply",
    ),
    "group_list_without_members": (
        "DELETE WHERE { <statement/st1/group> cnd:hasMember ?m }",
        "footnote that lists",
    ),
    "fact_without_evidence": (
        "DELETE WHERE { <citation/doc/5/res> cnd:evidence ?e }",
        "has no evidence",
    ),
    "evidence_without_quote": (
        "DELETE WHERE { <evidence/doc/0-20#quote> oa:exact ?q }",
        "verbatim quote",
    ),
    "evidence_without_paragraph": (
        "DELETE WHERE { <evidence/doc/0-20> cnd:evidenceParagraph ?p }",
        "one paragraph",
    ),
    "end_before_start": (
        """DELETE { <meeting/cnd-td-2027-10> cnd:endDate ?e }
           INSERT { <meeting/cnd-td-2027-10> cnd:endDate "2027-10-01"^^xsd:date }
           WHERE { <meeting/cnd-td-2027-10> cnd:endDate ?e }""",
        "before the start date",
    ),
    "date_not_a_date": (
        """DELETE { <session/s1> cnd:startDate ?d } INSERT { <session/s1> cnd:startDate "27 Oct" }
           WHERE { <session/s1> cnd:startDate ?d }""",
        "xsd:date",
    ),
    "two_start_dates": (
        'INSERT DATA { <session/s1> cnd:startDate "2027-10-28"^^xsd:date }',
        "at most one start",
    ),
    "session_outside_any_meeting": (
        "DELETE WHERE { <session/s1> cnd:partOf ?m }",
        "must belong to a meeting",
    ),
    "commission_session_without_number": (
        "DELETE WHERE { <meeting/cnd-70> cnd:sessionNumber ?n }",
        "session number",
    ),
    "state_with_bad_iso_code": (
        """DELETE { <state/CHE> cnd:iso3166Alpha3 ?c }
           INSERT { <state/CHE> cnd:iso3166Alpha3 "Swiss" }
           WHERE { <state/CHE> cnd:iso3166Alpha3 ?c }""",
        "ISO 3166-1 alpha-3",
    ),
    "same_as_not_wikidata": (
        "INSERT DATA { <state/CHE> schema:sameAs <http://example.org/che> }",
        "Wikidata",
    ),
    "civil_society_without_state": (
        "DELETE WHERE { <civil-society/NZL> cnd:civilSocietyOf ?s }",
        "exactly one State",
    ),
    "role_not_in_the_list": (
        "DELETE { <role/doc/1> cnd:role cnd:Chair } INSERT { <role/doc/1> cnd:role cnd:Janitor } "
        "WHERE { }",
        "exactly one role among",
    ),
    "role_without_holder_or_office": (
        "DELETE WHERE { <role/doc/2> cnd:position ?p }",
        "name its holder or",
    ),
    "unit_of_nothing": (
        "DELETE WHERE { <org/UNODC/unit/rab> cnd:unitOf ?o }",
        "unit of an organization",
    ),
    "participation_kind_unknown": (
        "DELETE { <participation/p1> cnd:participationKind ?k } "
        'INSERT { <participation/p1> cnd:participationKind "applause" } '
        "WHERE { <participation/p1> cnd:participationKind ?k }",
        "Participation kind",
    ),
    "challenge_code_malformed": (
        'DELETE { <challenge/C06> cnd:code ?c } INSERT { <challenge/C06> cnd:code "C6" } '
        "WHERE { <challenge/C06> cnd:code ?c }",
        "challenge code",
    ),
    "cited_document_without_identifier": (
        "DELETE WHERE { <document/res-65-3> dcterms:identifier ?i }",
        "identifier",
    ),
    "document_genre_unknown": (
        'DELETE { <source/doc> cnd:genre ?g } INSERT { <source/doc> cnd:genre "poem" } '
        "WHERE { <source/doc> cnd:genre ?g }",
        "Genre must be",
    ),
    "symbol_malformed": (
        'INSERT DATA { <source/doc> cnd:documentSymbol "see annex" }',
        "UN document symbol",
    ),
    "response_to_nothing": (
        "DELETE WHERE { <response/doc/5/1> cnd:respondsTo ?c }",
        "responds to a challenge",
    ),
    "initiative_without_name": (
        "DELETE WHERE { <initiative/smart> rdfs:label ?l }",
        "one name label",
    ),
    "event_without_evidence": ("DELETE WHERE { <meeting/cnd-70> cnd:evidence ?e }", "evidence"),
}


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes(SHAPES_DIR)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology()


def valid_graph(ontology: Graph) -> Graph:
    g = Graph().parse(CASES / "shapes" / "valid.ttl", format="turtle")
    for t in ontology:
        g.add(t)
    return g


def test_the_valid_example_conforms(shapes: Graph, ontology: Graph) -> None:
    result = validate(valid_graph(ontology), shapes)
    assert result.conforms, result.summary()


@pytest.mark.parametrize("name", sorted(BREAKAGES))
def test_shape_rejects_broken_graph(name: str, shapes: Graph, ontology: Graph) -> None:
    update, message = BREAKAGES[name]
    g = valid_graph(ontology)
    g.update(PREFIXES + update)
    result = validate(g, shapes)
    assert not result.conforms
    assert any(message in v.message for v in result.violations), result.summary()


def seen(result: ValidationResult) -> set[tuple[str, str, str]]:
    return {(v.focus, v.path, v.message) for v in result.violations}


def chunked(
    name: str, shapes: Graph, ontology: Graph, folder: Path | None = None
) -> tuple[Graph, Neighbourhoods]:
    """A broken graph in a store (in memory, or on disk in `folder`), and its chunks of
    five subjects."""
    update, _ = BREAKAGES[name]
    g = Graph().parse(CASES / "shapes" / "valid.ttl", format="turtle")
    g.update(PREFIXES + update)
    store = ox.Store(str(folder)) if folder else ox.Store()
    add_graph(store, g, "urn:data")
    add_graph(store, ontology, str(ONTOLOGY_IRI))
    return g, Neighbourhoods.of_shapes(store, [str(ONTOLOGY_IRI)], shapes, size=5)


def whole_graph(
    pieces: ValidationResult, chunks: Neighbourhoods, shapes: Graph
) -> ValidationResult:
    """A chunked validation completed, as the pipeline does, by the graph-wide shapes."""
    return with_graph_wide(pieces, chunks.store, shapes, ["urn:data", str(ONTOLOGY_IRI)])


@pytest.mark.parametrize("name", sorted(BREAKAGES)[::3])
def test_validating_in_chunks_finds_what_validating_the_whole_finds(
    name: str, shapes: Graph, ontology: Graph
) -> None:
    """Builds are checked a few thousand subjects at a time (here five) from the store."""
    g, chunks = chunked(name, shapes, ontology)
    assert len(chunks) > 3
    whole = validate(g + ontology, shapes)
    pieces = whole_graph(validate_chunks(chunks, ontology, shapes), chunks, shapes)
    assert not pieces.conforms and seen(pieces) == seen(whole)


def test_chunks_checked_by_two_processes_give_the_same_report(
    shapes: Graph, ontology: Graph
) -> None:
    name = sorted(BREAKAGES)[1]
    g, chunks = chunked(name, shapes, ontology)
    pieces = whole_graph(validate_chunks(chunks, ontology, shapes, workers=2), chunks, shapes)
    assert not pieces.conforms and seen(pieces) == seen(validate(g + ontology, shapes))


@pytest.mark.parametrize("name", [sorted(BREAKAGES)[1], "end_before_start"])
def test_chunks_read_by_the_processes_that_check_them_give_the_same_report(
    name: str, shapes: Graph, ontology: Graph, tmp_path: Path
) -> None:
    """A build's validation processes read their chunks from the store's folder."""
    g, chunks = chunked(name, shapes, ontology, tmp_path / "store")
    chunks.store.flush()
    stored = chunks.stored(tmp_path / "store")
    pieces = whole_graph(validate_chunks(stored, ontology, shapes, workers=2), chunks, shapes)
    assert not pieces.conforms and seen(pieces) == seen(validate(g + ontology, shapes))

"""Real clients against the server on a socket: SPARQLWrapper, rdflib's SPARQLStore, curl;
and every competency query answers over HTTP exactly as `cndkg query` does."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, TURTLE, XML, SPARQLWrapper

from cndkg.query import run_query_file
from tests.conftest import QUERIES

MEETINGS = (QUERIES / "meetings.rq").read_text(encoding="utf-8")


def wrapper(url: str, query: str, fmt: str) -> SPARQLWrapper:
    sw = SPARQLWrapper(url + "/sparql")
    sw.setQuery(query)
    sw.setReturnFormat(fmt)
    return sw


def test_sparqlwrapper_json(live_server: str) -> None:
    result = wrapper(live_server, MEETINGS, JSON).queryAndConvert()
    assert isinstance(result, dict)
    assert len(result["results"]["bindings"]) >= 20


def test_sparqlwrapper_xml(live_server: str) -> None:
    doc = wrapper(live_server, MEETINGS, XML).queryAndConvert()
    assert len(doc.getElementsByTagName("result")) >= 20  # type: ignore[union-attr]


def test_sparqlwrapper_csv(live_server: str) -> None:
    data = wrapper(live_server, MEETINGS, CSV).queryAndConvert()
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))  # type: ignore[union-attr]
    assert rows[0][:3] == ["meeting", "name", "kind"]


def test_sparqlwrapper_construct_into_an_rdflib_graph(live_server: str) -> None:
    q = (
        "CONSTRUCT { ?m ?p ?o } WHERE { ?m a <https://w3id.org/cndkg/ontology#ThematicSession> ;"
        " ?p ?o }"
    )
    sw = wrapper(live_server, q, TURTLE)
    graph = sw.queryAndConvert()
    if isinstance(graph, bytes):
        graph = Graph().parse(data=graph, format="turtle")
    assert isinstance(graph, Graph) and len(graph) > 100


def test_rdflib_sparqlstore(live_server: str) -> None:
    store = SPARQLStore(live_server + "/sparql")
    graph = Graph(store=store)
    rows = list(
        graph.query(
            "SELECT ?code WHERE { ?c a <https://w3id.org/cndkg/ontology#MinisterialDeclarationChallenge>"
            " ; <https://w3id.org/cndkg/ontology#code> ?code } ORDER BY ?code"
        )
    )
    assert [str(r[0]) for r in rows] == [f"C{i:02d}" for i in range(1, 12)]  # type: ignore[index]


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is installed by .ci/run")
@pytest.mark.parametrize(
    ("accept", "expect"),
    [
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
    ],
)
def test_curl_with_each_accept_type(live_server: str, accept: str, expect: str) -> None:
    code, media = curl(accept, "--data-urlencode", f"query={MEETINGS}", live_server + "/sparql")
    assert code == "200" and media.startswith(expect)


def curl(accept: str, *args: str) -> tuple[str, str]:
    """Status and Content-Type of what curl gets with this Accept header."""
    out = subprocess.run(
        ["curl", "-s", "-o", "/dev/null", "-w", "%{http_code} %{content_type}", "-H",
         f"Accept: {accept}", *args],
        capture_output=True, text=True, check=True, timeout=30,
    ).stdout  # fmt: skip
    code, media = out.split(" ", 1)
    return code, media


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is installed by .ci/run")
@pytest.mark.parametrize(
    ("accept", "expect"),
    [
        ("text/turtle", "text/turtle"),
        ("application/ld+json", "application/ld+json"),
        ("application/n-triples", "application/n-triples"),
        ("application/rdf+xml", "application/rdf+xml"),
        ("text/html", "text/html"),
    ],
)
def test_curl_dereferences_an_entity_iri(live_server: str, accept: str, expect: str) -> None:
    code, media = curl(accept, live_server + "/id/meeting/cnd-td-2023-10")
    assert code == "200" and media.startswith(expect)


@pytest.mark.parametrize("name", sorted(p.stem for p in QUERIES.glob("*.rq")))
def test_competency_query_same_over_http_as_on_the_command_line(
    live_server: str, build_dir: Path, name: str
) -> None:
    query = (QUERIES / f"{name}.rq").read_text(encoding="utf-8")
    http = wrapper(live_server, query, CSV).queryAndConvert()
    local = run_query_file(QUERIES / f"{name}.rq", build_dir, "csv")
    assert http.decode("utf-8") == local  # type: ignore[union-attr]


STATES = "CONSTRUCT { ?s ?p ?o } WHERE { ?s a <https://w3id.org/cndkg/ontology#State> ; ?p ?o }"
SWITZERLAND = "https://w3id.org/cndkg/id/state/CHE"


# SPARQLWrapper reads RDF/XML into rdflib's ConjunctiveGraph, which rdflib 7 deprecates
LIBRARY_WARNING = "ignore:ConjunctiveGraph is deprecated:DeprecationWarning"


@pytest.mark.filterwarnings(LIBRARY_WARNING)
def test_sparqlwrapper_construct_with_its_defaults(live_server: str) -> None:
    """Issue 17: SPARQLWrapper's default return format sends `format=xml` with a
    CONSTRUCT, which meant SPARQL XML results (406); for a graph it is RDF/XML."""
    sw = SPARQLWrapper(live_server + "/sparql")
    sw.setQuery(STATES)
    graph = sw.queryAndConvert()
    assert isinstance(graph, Graph) and len(graph) > 100


@pytest.mark.filterwarnings(LIBRARY_WARNING)
def test_sparqlwrapper_describe_with_its_defaults(live_server: str) -> None:
    sw = SPARQLWrapper(live_server + "/sparql")
    sw.setQuery(f"DESCRIBE <{SWITZERLAND}>")
    graph = sw.queryAndConvert()
    assert isinstance(graph, Graph)
    assert (URIRef(SWITZERLAND), None, None) in graph


def test_rdflib_sparqlstore_construct_and_ask(live_server: str) -> None:
    graph = Graph(store=SPARQLStore(live_server + "/sparql"))
    constructed = graph.query(STATES).graph
    assert constructed is not None and len(constructed) > 100
    assert graph.query(f"ASK {{ <{SWITZERLAND}> ?p ?o }}").askAnswer is True


def test_a_relative_iri_is_resolved_against_the_dataset_base(live_server: str) -> None:
    """Issue 17: without BASE, <state/CHE> was a parse error ("expected OPTIONAL")."""
    result = wrapper(live_server, "ASK { <state/CHE> ?p ?o }", JSON).queryAndConvert()
    assert isinstance(result, dict) and result["boolean"] is True

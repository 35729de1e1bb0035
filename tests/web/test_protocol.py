"""SPARQL 1.1 Protocol behaviour of /sparql (operations, formats, status codes)."""

from __future__ import annotations

import json

import pytest
from flask.testing import FlaskClient
from rdflib import Graph

from tests.conftest import seed_identity

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/cndkg/ontology#Statement> }"


def test_get_query_answers_sparql_json_by_default(client: FlaskClient) -> None:
    r = client.get("/sparql", query_string={"query": COUNT})
    assert r.status_code == 200
    assert r.mimetype == "application/sparql-results+json"
    assert int(r.json["results"]["bindings"][0]["n"]["value"]) > 300  # type: ignore[index]


def test_post_form_and_post_direct_give_the_same_answer(client: FlaskClient) -> None:
    a = client.post("/sparql", data={"query": COUNT})
    b = client.post("/sparql", data=COUNT, content_type="application/sparql-query")
    assert a.status_code == b.status_code == 200 and a.data == b.data


def test_each_form_body_is_answered_for_its_own_query_and_parameters(
    client: FlaskClient,
) -> None:
    """Form bodies are decoded once per distinct body: a repeat must not answer another."""
    form = "application/x-www-form-urlencoded"
    ask_yes = "query=ASK+%7B+%3Fs+%3Fp+%3Fo+%7D"
    ask_no = "query=ASK+%7B+%3Chttps%3A%2F%2Fexample.org%2Fnone%3E+%3Fp+%3Fo+%7D"
    for _ in range(2):
        yes = client.post("/sparql", data=ask_yes, content_type=form)
        no = client.post("/sparql", data=ask_no, content_type=form)
        assert yes.json is not None and yes.json["boolean"] is True
        assert no.json is not None and no.json["boolean"] is False
    as_csv = client.post("/sparql", data=f"query={COUNT}&format=csv", content_type=form)
    assert as_csv.status_code == 200 and as_csv.mimetype == "text/csv"
    twice = client.post("/sparql", data=f"{ask_yes}&{ask_yes}", content_type=form)
    assert twice.status_code == 400
    update = client.post("/sparql", data=f"{ask_yes}&update=x", content_type=form)
    assert update.status_code == 403


def test_a_form_body_that_is_not_utf8_is_400(client: FlaskClient) -> None:
    r = client.post(
        "/sparql",
        data=b"query=ASK+%7B%7D\xff\xfe",
        content_type="application/x-www-form-urlencoded",
    )
    assert r.status_code == 400
    assert b"exactly one 'query' parameter" in r.data


@pytest.mark.parametrize(
    ("accept", "mimetype"),
    [
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
    ],
)
def test_select_results_follow_accept_with_q_values(
    client: FlaskClient, accept: str, mimetype: str
) -> None:
    r = client.get("/sparql", query_string={"query": COUNT}, headers={"Accept": accept})
    assert r.status_code == 200 and r.mimetype == mimetype
    assert r.headers["Vary"] == "Accept"


@pytest.mark.parametrize(
    ("accept", "parser"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
    ],
)
def test_construct_follows_accept(client: FlaskClient, accept: str, parser: str) -> None:
    q = "CONSTRUCT { ?s ?p ?o } WHERE { ?s a <https://w3id.org/cndkg/ontology#State> ; ?p ?o }"
    r = client.get("/sparql", query_string={"query": q}, headers={"Accept": accept})
    assert r.status_code == 200
    g = Graph().parse(data=r.data, format=parser)
    assert len(g) > 100


def test_format_parameter_overrides_accept(client: FlaskClient) -> None:
    r = client.get(
        "/sparql",
        query_string={"query": COUNT, "format": "csv"},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert r.mimetype == "text/csv"


def test_ask(client: FlaskClient) -> None:
    r = client.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }"})
    assert r.status_code == 200 and r.json == {"head": {}, "boolean": True}


def test_malformed_query_is_400_with_the_parsers_position(client: FlaskClient) -> None:
    r = client.get("/sparql", query_string={"query": "SELECT ?x WHERE { ?x ?y }"})
    assert r.status_code == 400
    assert "malformed query" in r.text and "1:" in r.text
    assert "Traceback" not in r.text


def test_unavailable_format_is_406(client: FlaskClient) -> None:
    r = client.get("/sparql", query_string={"query": COUNT}, headers={"Accept": "image/png"})
    assert r.status_code == 406


def test_unsupported_content_type_is_415(client: FlaskClient) -> None:
    r = client.post("/sparql", data=COUNT, content_type="text/plain")
    assert r.status_code == 415


def test_default_graph_uri_restricts_the_dataset(client: FlaskClient) -> None:
    graph = f"https://w3id.org/cndkg/id/graph/source/{seed_identity('003')}"
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/cndkg/ontology#Statement> }"
    r = client.get("/sparql", query_string={"query": q, "default-graph-uri": graph})
    one = int(r.json["results"]["bindings"][0]["n"]["value"])  # type: ignore[index]
    r = client.get("/sparql", query_string={"query": q})
    everything = int(r.json["results"]["bindings"][0]["n"]["value"])  # type: ignore[index]
    assert 0 < one < everything


def test_named_graph_uri_limits_graph_patterns(client: FlaskClient) -> None:
    graph = f"https://w3id.org/cndkg/id/graph/source/{seed_identity('003')}"
    q = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    r = client.get("/sparql", query_string={"query": q, "named-graph-uri": graph})
    assert [b["g"]["value"] for b in r.json["results"]["bindings"]] == [graph]  # type: ignore[index]


def test_from_our_own_graph_is_allowed(client: FlaskClient) -> None:
    q = "SELECT (COUNT(*) AS ?n) FROM <https://w3id.org/cndkg/id/graph/entities> WHERE { ?s ?p ?o }"
    r = client.get("/sparql", query_string={"query": q})
    assert r.status_code == 200
    assert int(r.json["results"]["bindings"][0]["n"]["value"]) > 1000  # type: ignore[index]


def test_service_description_without_query(client: FlaskClient) -> None:
    r = client.get("/sparql")
    assert r.status_code == 200 and r.mimetype == "text/turtle"
    g = Graph().parse(data=r.data, format="turtle")
    assert any("sparql-service-description#Service" in str(o) for o in g.objects())
    html = client.get("/sparql", headers={"Accept": "text/html,*/*;q=0.8"})
    assert html.mimetype == "text/html" and b"<form" in html.data


def test_cors_allows_browser_clients(client: FlaskClient) -> None:
    r = client.options(
        "/sparql",
        headers={"Origin": "https://yasgui.example", "Access-Control-Request-Method": "POST"},
    )
    assert r.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in r.headers["Access-Control-Allow-Methods"]


def test_row_cap_is_signalled(app, client: FlaskClient) -> None:  # type: ignore[no-untyped-def]
    old = app.config["MAX_ROWS"]
    app.config["MAX_ROWS"] = 5
    try:
        r = client.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p ?o }"})
    finally:
        app.config["MAX_ROWS"] = old
    assert r.status_code == 200 and "X-Cndkg-Truncated" in r.headers
    assert len(json.loads(r.data)["results"]["bindings"]) == 5


STATES = "CONSTRUCT { ?s ?p ?o } WHERE { ?s a <https://w3id.org/cndkg/ontology#State> ; ?p ?o }"


@pytest.mark.parametrize(
    ("query", "short", "mimetype"),
    [
        (STATES, "xml", "application/rdf+xml"),
        (STATES, "json", "application/ld+json"),
        (STATES, "ttl", "text/turtle"),
        (STATES, "nt", "application/n-triples"),
        (COUNT, "xml", "application/sparql-results+xml"),
        (COUNT, "json", "application/sparql-results+json"),
        (COUNT, "tsv", "text/tab-separated-values"),
    ],
)
@pytest.mark.parametrize("parameter", ["format", "output"])
def test_short_format_names_mean_what_fuseki_means_by_them(
    client: FlaskClient, query: str, short: str, mimetype: str, parameter: str
) -> None:
    """Issue 17: `xml` and `json` name RDF/XML and JSON-LD for a graph, results formats
    for SELECT and ASK (SPARQLWrapper sends format=xml with its CONSTRUCT)."""
    r = client.get("/sparql", query_string={"query": query, parameter: short})
    assert r.status_code == 200 and r.mimetype == mimetype


def test_a_406_varies_on_accept(client: FlaskClient) -> None:
    r = client.get("/sparql", query_string={"query": COUNT}, headers={"Accept": "image/png"})
    assert r.status_code == 406 and r.headers["Vary"] == "Accept"
    r = client.get("/id/state/CHE", headers={"Accept": "image/png"})
    assert r.status_code == 406 and r.headers["Vary"] == "Accept"


def test_a_relative_iri_without_base_resolves_against_the_dataset_base(
    client: FlaskClient,
) -> None:
    r = client.get("/sparql", query_string={"query": "SELECT ?p WHERE { <state/CHE> ?p ?o }"})
    assert r.status_code == 200 and r.json["results"]["bindings"]  # type: ignore[index]
    graph = "FROM <graph/entities>"  # the guard resolves it as the engine does
    r = client.get("/sparql", query_string={"query": f"ASK {graph} {{ <state/CHE> ?p ?o }}"})
    assert r.status_code == 200 and r.json["boolean"] is True  # type: ignore[index]


def test_the_truncation_signal_is_exposed_to_browser_scripts(client: FlaskClient) -> None:
    exposed = client.get("/sparql", query_string={"query": COUNT}).headers[
        "Access-Control-Expose-Headers"
    ]
    assert "X-Cndkg-Truncated" in exposed and "Warning" in exposed


def test_a_query_posted_in_utf16_is_refused(client: FlaskClient) -> None:
    r = client.post(
        "/sparql", data="ASK {}".encode("utf-16"),
        content_type="application/sparql-query; charset=UTF-16",
    )  # fmt: skip
    assert r.status_code == 415

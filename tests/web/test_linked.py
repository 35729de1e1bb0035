"""Entity IRIs dereference; the ontology, VoID and downloads are served."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from rdflib import Graph, URIRef

from cndkg.release import DUMP_FILES
from cndkg.web import FILE_BLOCK

CHE = URIRef("https://w3id.org/cndkg/id/state/CHE")


def test_entity_as_turtle_has_outgoing_incoming_and_provenance(client: FlaskClient) -> None:
    r = client.get("/id/state/CHE", headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and r.headers["Vary"] == "Accept"
    g = Graph().parse(data=r.data, format="turtle")
    assert (CHE, URIRef("https://w3id.org/cndkg/ontology#code"), None) in g
    assert any(o == CHE for o in g.objects())  # incoming: statements by Switzerland
    quotes = list(g.objects(None, URIRef("http://www.w3.org/ns/oa#exact")))
    assert quotes == [] or all(len(str(q)) > 5 for q in quotes)


def test_statement_description_includes_its_evidence_quote(client: FlaskClient) -> None:
    r = client.get(
        "/sparql",
        query_string={
            "query": "SELECT ?s WHERE { ?s a <https://w3id.org/cndkg/ontology#Statement> } LIMIT 1"
        },
    )
    iri = r.json["results"]["bindings"][0]["s"]["value"]  # type: ignore[index]
    path = iri.split("/id/", 1)[1]
    g = Graph().parse(
        data=client.get(f"/id/{path}", headers={"Accept": "text/turtle"}).data, format="turtle"
    )
    assert list(g.objects(None, URIRef("http://www.w3.org/ns/oa#exact")))


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
        ("application/n-triples", "nt"),
    ],
)
def test_entity_in_each_rdf_format(client: FlaskClient, accept: str, fmt: str) -> None:
    r = client.get("/id/meeting/cnd-67", headers={"Accept": accept})
    assert r.status_code == 200
    assert len(Graph().parse(data=r.data, format=fmt)) > 5


def test_entity_page_for_people(client: FlaskClient) -> None:
    r = client.get("/id/meeting/cnd-td-2023-10", headers={"Accept": "text/html"})
    assert r.status_code == 200 and r.mimetype == "text/html"
    assert b"Thematic Discussion" in r.data and b"<table>" in r.data


def test_unknown_entity_is_404(client: FlaskClient) -> None:
    assert client.get("/id/state/XXX", headers={"Accept": "text/turtle"}).status_code == 404


def test_ontology_in_turtle_jsonld_and_html(client: FlaskClient) -> None:
    ttl = client.get("/ontology", headers={"Accept": "text/turtle"})
    g = Graph().parse(data=ttl.data, format="turtle")
    assert (URIRef("https://w3id.org/cndkg/ontology"), None, None) in g
    js = client.get("/ontology", headers={"Accept": "application/ld+json"})
    assert len(Graph().parse(data=js.data, format="json-ld")) == len(g)
    html = client.get("/ontology", headers={"Accept": "text/html"})
    assert b"cnd:ThematicSession" in html.data


def test_void_describes_the_dataset(client: FlaskClient) -> None:
    r = client.get("/.well-known/void")
    g = Graph().parse(data=r.data, format="turtle")
    text = r.data.decode()
    for needed in (
        "void:sparqlEndpoint",
        "dcterms:license",
        "void:triples",
        "void:exampleResource",
        "dcterms:hasVersion",
        "void:dataDump",
    ):
        assert needed in text
    assert len(g) > 20


@pytest.mark.parametrize(
    ("name", "fmt"), [("cndkg.ttl", "turtle"), ("cndkg.nt", "nt"), ("cndkg.jsonld", "json-ld")]
)
def test_downloads_parse(client: FlaskClient, name: str, fmt: str) -> None:
    with client.get(f"/download/{name}") as r:
        assert r.status_code == 200
        assert len(Graph().parse(data=r.data, format=fmt)) > 10000


def test_jsonld_download_uses_our_context(client: FlaskClient) -> None:
    with client.get("/context.jsonld") as r:
        context = r.json
    assert context["@context"]["cnd"] == "https://w3id.org/cndkg/ontology#"  # type: ignore[index]
    with client.get("/download/cndkg.jsonld") as r:
        data = json.loads(r.data)
    assert data["@context"]["cnd"] == "https://w3id.org/cndkg/ontology#"


def test_double_slash_in_an_entity_path_is_not_redirected(client: FlaskClient) -> None:
    """Found by fuzzing: /id//0 was redirected (308) to /id/0, another entity."""
    r = client.get("/id//0", headers={"Accept": "text/turtle"})
    assert r.status_code == 404


def test_the_search_index_is_prepared_before_the_first_search(app: Flask) -> None:
    """`cndkg serve` builds it in the background (3-5 s at 100x the seeds)."""
    from cndkg.web import pages

    pages._indexes.clear()
    pages.warm_search(app).join(timeout=60)
    assert len(pages._indexes) == 1
    (index,) = pages._indexes.values()
    assert index.labels and index.paragraphs


def test_a_download_over_http_is_the_release_file_byte_for_byte(
    live_server: str, seed_release: Path
) -> None:
    """Sent in blocks of FILE_BLOCK; the file spans several, and a range crosses one."""
    expected = (seed_release / DUMP_FILES["nt"]).read_bytes()
    assert len(expected) > 2 * FILE_BLOCK
    with urllib.request.urlopen(live_server + "/download/cndkg.nt", timeout=30) as r:
        assert r.read() == expected
    start = FILE_BLOCK - 10
    req = urllib.request.Request(
        live_server + "/download/cndkg.nt", headers={"Range": f"bytes={start}-{start + 19}"}
    )
    with urllib.request.urlopen(req, timeout=30) as r:
        assert r.status == 206
        assert r.read() == expected[start : start + 20]

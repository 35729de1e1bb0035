"""Entity IRIs dereference; the ontology, VoID and downloads are served."""

from __future__ import annotations

import gzip
import json
import urllib.request
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from rdflib import RDF, Dataset, Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS

from cndkg.release import DUMP_FILES
from cndkg.web import FILE_BLOCK, create_app

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


CND = "https://w3id.org/cndkg/ontology#"
VOID_NS = Namespace("http://rdfs.org/ns/void#")
DCAT_NS = Namespace("http://www.w3.org/ns/dcat#")
IANA = "https://www.iana.org/assignments/media-types/"


def void_graph(client: FlaskClient, **headers: str) -> Graph:
    r = client.get("/.well-known/void", headers={"Accept": "text/turtle", **headers})
    assert r.status_code == 200
    return Graph().parse(data=r.data, format="turtle")


def test_entity_jsonld_is_compacted_with_readable_terms(client: FlaskClient) -> None:
    """Issue 17: the JSON-LD had full-IRI keys and no @context."""
    r = client.get("/id/state/CHE", headers={"Accept": "application/ld+json"})
    document = json.loads(r.data)
    assert document["@context"]["code"]["@id"] == "cnd:code"  # inline: nothing to fetch
    (che,) = [n for n in document["@graph"] if n["@id"] == str(CHE)]
    assert che["code"] == ["CHE"] and "State" in che["type"]
    assert not any(key.startswith("http") for node in document["@graph"] for key in node)
    turtle = client.get("/id/state/CHE", headers={"Accept": "text/turtle"}).data
    assert (
        Graph()
        .parse(data=r.data, format="json-ld")
        .isomorphic(Graph().parse(data=turtle, format="turtle"))
    )


def test_every_dump_holds_what_void_counts(client: FlaskClient, seed_release: Path) -> None:
    """Issue 17: the N-Triples and Turtle dumps lacked the ontology graph VoID counted."""
    void = void_graph(client)
    dataset = next(void.subjects(RDF.type, DCAT_NS.Dataset))
    counted = int(void.value(dataset, VOID_NS.triples))  # type: ignore[call-overload]
    for name, fmt in (("cndkg.nt", "nt"), ("cndkg.ttl", "turtle"), ("cndkg.jsonld", "json-ld")):
        with client.get(f"/download/{name}") as r:
            assert len(Graph().parse(data=r.data, format=fmt)) == counted, name
    with client.get("/download/cndkg.trig") as r:
        assert len(Dataset().parse(data=r.data, format="trig")) == sum(
            json.loads((seed_release / "manifest.json").read_text())["graphs"].values()
        )


def test_jsonld_dump_is_compacted(client: FlaskClient) -> None:
    with client.get("/download/cndkg.jsonld") as r:
        document = json.loads(r.data)
    assert document["@context"]["Statement"] == "cnd:Statement"
    keys = {key for node in document["@graph"] for key in node}
    assert {"type", "label", "evidence"} <= keys
    assert not any(key.startswith("http") for key in keys)


def test_void_lists_every_dump_as_a_dcat_distribution(
    client: FlaskClient, seed_release: Path
) -> None:
    void = void_graph(client)
    dataset = next(void.subjects(RDF.type, DCAT_NS.Dataset))
    dumps = {str(d).rsplit("/", 1)[-1] for d in void.objects(dataset, VOID_NS.dataDump)}
    assert dumps == {f"cndkg.{fmt}" for fmt in DUMP_FILES}
    distributions = list(void.objects(dataset, DCAT_NS.distribution))
    assert len(distributions) == 2 * len(DUMP_FILES)  # each dump, and gzipped
    for dist in distributions:
        url = str(void.value(dist, DCAT_NS.downloadURL))
        name = url.rsplit("/", 1)[-1]
        fmt = name.removeprefix("cndkg.").removesuffix(".gz")
        path = seed_release / (DUMP_FILES[fmt] + (".gz" if name.endswith(".gz") else ""))
        assert int(void.value(dist, DCAT_NS.byteSize)) == path.stat().st_size  # type: ignore[call-overload]
        assert str(void.value(dist, DCAT_NS.mediaType)).startswith(IANA)
        for p in (DCTERMS.issued, DCTERMS.license, DCTERMS.publisher):
            assert void.value(dist, p) is not None, (name, p)


def test_void_has_a_linkset_to_wikidata_with_its_count(client: FlaskClient) -> None:
    void = void_graph(client)
    (linkset,) = void.subjects(RDF.type, VOID_NS.Linkset)
    predicate = void.value(linkset, VOID_NS.linkPredicate)
    r = client.get("/sparql", query_string={"query": (
        f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s <{predicate}> ?o "
        'FILTER(STRSTARTS(STR(?o), "http://www.wikidata.org/entity/")) }')})  # fmt: skip
    links = int(r.json["results"]["bindings"][0]["n"]["value"])  # type: ignore[index]
    assert links > 100
    assert int(void.value(linkset, VOID_NS.triples)) == links  # type: ignore[call-overload]


def test_self_descriptions_never_take_the_host_header(client: FlaskClient, app: Flask) -> None:
    """Issue 17: behind nginx's default proxy_pass, VoID advertised 127.0.0.1:8080."""
    hostile = {"Host": "evil.example", "X-Forwarded-Host": "evil.example"}
    assert "evil.example" not in void_graph(client, **hostile).serialize(format="nt")
    app.config["PUBLIC_URL"] = "https://cndkg.example.org"
    try:
        void = void_graph(client, **hostile).serialize(format="nt")
        sd = client.get("/sparql", headers={"Accept": "text/turtle", **hostile}).data.decode()
    finally:
        app.config["PUBLIC_URL"] = ""
    assert "<https://cndkg.example.org/sparql>" in void and "evil.example" not in void
    assert "<https://cndkg.example.org/sparql>" in sd and "evil.example" not in sd


def test_behind_a_trusted_proxy_the_forwarded_host_is_the_base(build_dir: Path) -> None:
    app = create_app({"BUILD_DIR": str(build_dir), "QUERY_WORKERS": 1, "TRUST_PROXY": True})
    try:
        r = app.test_client().get("/sparql", headers={
            "Accept": "text/turtle", "Host": "127.0.0.1:8080",
            "X-Forwarded-Host": "cndkg.example.org", "X-Forwarded-Proto": "https",
        })  # fmt: skip
    finally:
        app.extensions["cndkg"].close()
    assert b"<https://cndkg.example.org/sparql> a sd:Service" in r.data


def test_a_named_graph_is_read_whole_past_the_row_cap(
    client: FlaskClient, seed_release: Path
) -> None:
    """Issue 17: a graph's IRI gave 404 and CONSTRUCT stops at 10,000 triples; the Graph
    Store Protocol (GET ?graph=) and the graph's own IRI give all of it."""
    sizes = json.loads((seed_release / "manifest.json").read_text())["graphs"]
    graph, size = max(sizes.items(), key=lambda item: item[1])
    assert size > 10_000
    r = client.get("/graph-store", query_string={"graph": graph},
                   headers={"Accept": "application/n-triples"})  # fmt: skip
    assert r.status_code == 200 and len(Graph().parse(data=r.data, format="nt")) == size
    path = graph.removeprefix("https://w3id.org/cndkg/id/")
    r = client.get(f"/id/{path}", headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and len(Graph().parse(data=r.data, format="turtle")) == size
    with client.get("/graph-store?default", headers={"Accept": "application/n-triples"}) as whole:
        default = len(Graph().parse(data=whole.data, format="nt"))
    assert default == json.loads((seed_release / "manifest.json").read_text())["merged_triples"]
    assert (
        client.get("/graph-store", query_string={"graph": "https://x.example/g"}).status_code == 404
    )
    assert client.get("/graph-store").status_code == 400


def test_entity_answers_link_their_other_formats(client: FlaskClient) -> None:
    r = client.get("/id/state/CHE", headers={"Accept": "text/turtle"})
    links = r.headers["Link"]
    for media in ("text/html", "application/ld+json", "application/rdf+xml"):
        assert f'rel="alternate"; type="{media}"' in links
    html = client.get("/id/state/CHE", headers={"Accept": "text/html"}).data.decode()
    assert '<link rel="alternate" type="text/turtle" href="' in html
    alternate = html.split('<link rel="alternate" type="application/ld+json" href="')[1]
    url = alternate.split('"', 1)[0]
    r = client.get(url.split("localhost", 1)[1])
    assert r.mimetype == "application/ld+json"


@pytest.mark.parametrize(
    ("path", "accept", "other"),
    [
        ("/id/state/CHE", "text/turtle", "application/n-triples"),
        ("/.well-known/void", "text/turtle", "application/ld+json"),
        (
            "/sparql?query=ASK%20%7B%7D",
            "application/sparql-results+json",
            "application/sparql-results+xml",
        ),
    ],
)
def test_answers_carry_an_etag_and_revalidate_to_304(
    client: FlaskClient, path: str, accept: str, other: str
) -> None:
    first = client.get(path, headers={"Accept": accept})
    assert first.headers["ETag"] and "max-age" in first.headers["Cache-Control"]
    again = client.get(path, headers={"Accept": accept, "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    assert client.get(path, headers={"Accept": other}).headers["ETag"] != first.headers["ETag"]


def test_dumps_are_served_gzipped(client: FlaskClient, seed_release: Path) -> None:
    expected = (seed_release / DUMP_FILES["nt"]).read_bytes()
    with client.get("/download/cndkg.nt.gz") as r:
        assert r.mimetype == "application/gzip" and gzip.decompress(r.data) == expected
    with client.get("/download/cndkg.nt", headers={"Accept-Encoding": "gzip"}) as r:
        assert r.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in r.headers["Vary"]
        assert gzip.decompress(r.data) == expected


def test_the_turtle_download_has_one_charset(client: FlaskClient) -> None:
    """Issue 17: it said `charset=utf-8; charset=utf-8`."""
    with client.get("/download/cndkg.ttl") as r:
        assert r.headers["Content-Type"] == "text/turtle; charset=utf-8"

"""The W3C SPARQL 1.1 Protocol tests (tests/w3c/protocol/manifest.ttl), sent to a live
`cndkg serve` as the manifest writes them.

Each test's rdfs:comment is an HTTP request and the response expected, in prose; it is
read here as written (method, target, headers, body; status class, media types, the
boolean), and the request goes out byte for byte, with only three changes:
- the endpoint path (/sparql/ in the manifest) is ours, /sparql;
- the test data (kasei.us data1.rdf, data2.rdf, data3.rdf: graphs that each describe the
  document of the same IRI) are three of the build's source graphs: a graph IRI stays
  a graph IRI (default-graph-uri, named-graph-uri, FROM, GRAPH), and the same IRI as a
  node is the source document that graph describes;
- Content-Length is counted ("XXX" in the manifest).
The update_* tests need a writable store and are not run; bad_update_* are, since a
read-only endpoint must refuse them just the same.
"""

from __future__ import annotations

import http.client
import json
import re
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest
from rdflib import RDFS, Graph, Namespace

MANIFEST = Path(__file__).resolve().parents[1] / "w3c" / "protocol" / "manifest.ttl"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
DATA = re.compile(r"http://kasei\.us/2009/09/sparql/data/data([123])\.rdf")
GRAPH_POSITION = re.compile(r"((?:FROM\s+(?:NAMED\s+)?|GRAPH\s+))<" + DATA.pattern + ">", re.I)
MEDIA_TYPE = re.compile(r"[a-z]+/[a-z0-9.+-]+")
SOURCE_DOCUMENT = "https://w3id.org/cndkg/ontology#SourceDocument"


@dataclass
class Exchange:
    """One test: the request as the manifest writes it, and what must come back."""

    method: str
    target: str
    headers: list[tuple[str, str]]
    body: str
    utf16: bool
    status: str  # "2xx" (2xx or 3xx) or "4xx"
    media_types: list[str] = field(default_factory=list)
    boolean: bool | None = None


def read_manifest() -> dict[str, Exchange]:
    graph = Graph().parse(MANIFEST, format="turtle")
    tests = {}
    for test in graph.subjects(MF.name, None):
        name = str(test).rsplit("#", 1)[-1]
        if name.startswith(("query_", "bad_")):
            tests[name] = parse_exchange(str(graph.value(test, RDFS.comment)))
    return dict(sorted(tests.items()))


def parse_exchange(prose: str) -> Exchange:
    """The first request and response of a test's description."""
    request = prose.split("#### Request", 1)[1].split("#### Response", 1)[0]
    response = prose.split("#### Response", 1)[1].split("#### Request", 1)[0]
    lines = [line.removeprefix("    ") for line in request.strip("\n").split("\n")]
    method, target = lines[0].split()[:2]
    headers: list[tuple[str, str]] = []
    rest = lines[1:]
    while rest and rest[0].strip():
        name, value = rest.pop(0).split(":", 1)
        headers.append((name.strip(), value.strip()))
    body = "\n".join(rest).strip()
    expected = [line.strip() for line in response.strip().split("\n") if line.strip()]
    status = "4xx" if expected[0].startswith("4xx") else "2xx"
    media: list[str] = []
    boolean = None
    for line in expected[1:]:
        if line.lower().startswith("content-type:"):
            media = MEDIA_TYPE.findall(line.lower())
        elif line in ("true", "false"):
            boolean = line == "true"
    return Exchange(
        method, target, headers, body, "utf-16" in prose.lower(), status, media, boolean
    )


TESTS = read_manifest()


@cache
def source_graphs(server: str) -> dict[str, tuple[str, str]]:
    """dataN.rdf -> (a source graph, the document it describes), smallest graphs first."""
    query = (
        "SELECT ?g ?d (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?d a <" + SOURCE_DOCUMENT + "> . "
        "?s ?p ?o } } GROUP BY ?g ?d ORDER BY ?n ?g"
    )
    url = server + "/sparql?" + urllib.parse.urlencode({"query": query})
    with urllib.request.urlopen(url, timeout=30) as r:
        rows = json.loads(r.read())["results"]["bindings"]
    assert len(rows) >= 3, "the protocol tests need three source graphs"
    return {str(i + 1): (row["g"]["value"], row["d"]["value"]) for i, row in enumerate(rows[:3])}


def mapped_query(text: str, data: dict[str, tuple[str, str]]) -> str:
    """Query text with the test IRIs replaced: a graph where it names a graph, else the
    document the graph describes."""
    text = GRAPH_POSITION.sub(lambda m: f"{m.group(1)}<{data[m.group(2)][0]}>", text)
    return DATA.sub(lambda m: data[m.group(1)][1], text)


def mapped_parameters(encoded: str, data: dict[str, tuple[str, str]]) -> str:
    """URL-encoded parameters (a query string or a form body) with the test IRIs
    replaced: a *graph-uri value is a graph, a query or update is query text."""
    pairs = []
    for key, value in urllib.parse.parse_qsl(encoded, keep_blank_values=True):
        if key.endswith("graph-uri"):
            value = DATA.sub(lambda m: data[m.group(1)][0], value)
        else:
            value = mapped_query(value, data)
        pairs.append((key, value))
    return urllib.parse.urlencode(pairs, quote_via=urllib.parse.quote)


def send(server: str, exchange: Exchange) -> tuple[int, str, bytes]:
    """Status, Content-Type and body of the answer to the test's request."""
    data = source_graphs(server)
    path, _, parameters = re.sub(r"^/sparql/?", "/sparql", exchange.target).partition("?")
    target = f"{path}?{mapped_parameters(parameters, data)}" if parameters else path
    form = any(v.startswith("application/x-www-form-urlencoded") for _, v in exchange.headers)
    text = mapped_parameters(exchange.body, data) if form else mapped_query(exchange.body, data)
    body = text.encode("utf-16" if exchange.utf16 else "utf-8")
    host, port = urllib.parse.urlsplit(server).netloc.split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        connection.putrequest(exchange.method, target, skip_accept_encoding=True)
        for name, value in exchange.headers:
            if name.lower() not in ("host", "content-length"):
                connection.putheader(name, value)
        if body:
            connection.putheader("Content-Length", str(len(body)))
        connection.endheaders(body or None)
        response = connection.getresponse()
        return response.status, response.getheader("Content-Type") or "", response.read()
    finally:
        connection.close()


@pytest.mark.parametrize("name", sorted(TESTS))
def test_w3c_protocol(live_server: str, name: str) -> None:
    exchange = TESTS[name]
    status, content_type, payload = send(live_server, exchange)
    if exchange.status == "4xx":
        assert 400 <= status < 500, (status, payload[:300])
        return
    assert 200 <= status < 400, (status, payload[:300])
    media = content_type.split(";")[0].strip()
    if exchange.media_types:
        assert media in exchange.media_types
    if exchange.boolean is not None:
        if name == "query_dataset_full":  # a SELECT: "true" says it has solutions
            assert json.loads(payload)["results"]["bindings"]
        else:
            assert json.loads(payload)["boolean"] is exchange.boolean


def test_the_manifest_gives_every_query_test() -> None:
    """All thirteen query tests and the fourteen bad_* tests of the manifest are run."""
    assert len([n for n in TESTS if n.startswith("query_")]) == 13
    assert len([n for n in TESTS if n.startswith("bad_")]) == 14
    assert TESTS["query_multiple_dataset"].boolean is False
    assert TESTS["bad_query_non_utf8"].utf16

"""Safe to expose: no outbound request, no write, no hang, no trace, bounded input."""

from __future__ import annotations

import http.client
import io
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest

from cndkg.web import DISCARD_LIMIT, discard_body
from cndkg.web.sparql import FORM
from tests.web.conftest import LIVE_TIMEOUT


def post(url: str, data: bytes, content_type: str, timeout: float = 30) -> tuple[int, str]:
    req = urllib.request.Request(url, data=data, headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")


def get(url: str, timeout: float = 30) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")


def query_url(base: str, query: str) -> str:
    return base + "/sparql?" + urllib.parse.urlencode({"query": query})


class Listener:
    """A socket the test controls: records any connection made to it."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.running = True
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while self.running:
            try:
                conn, _ = self.sock.accept()
                self.connections += 1
                conn.close()
            except OSError:
                continue

    def close(self) -> None:
        self.running = False
        self.thread.join(timeout=2)
        self.sock.close()


@pytest.mark.parametrize(
    "template",
    [
        "SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ SERVICE SILENT <http://127.0.0.1:{port}/x> {{ ?s ?p ?o }} }}",
        "SELECT * FROM <http://127.0.0.1:{port}/data.ttl> WHERE {{ ?s ?p ?o }}",
        "SELECT * FROM NAMED <http://127.0.0.1:{port}/g> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        "SELECT * FROM <file:///etc/passwd> WHERE {{ ?s ?p ?o }}",
        "PREFIX x: <http://127.0.0.1:{port}/> SELECT * WHERE {{ service x:q {{ ?s ?p ?o }} }}",
    ],
)
def test_outbound_requests_are_refused_and_nothing_is_sent(live_server: str, template: str) -> None:
    listener = Listener()
    try:
        status, body = get(query_url(live_server, template.format(port=listener.port)))
        time.sleep(0.5)
    finally:
        listener.close()
    assert status == 400, body
    assert listener.connections == 0


@pytest.mark.parametrize(
    "update",
    [
        "LOAD <http://127.0.0.1:9/data.ttl>",
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        "DROP ALL",
        "CLEAR DEFAULT",
        "DELETE WHERE { ?s ?p ?o }",
    ],
)
def test_updates_are_refused_at_every_url(live_server: str, update: str) -> None:
    attempts = [
        get(query_url(live_server, update)),
        post(
            live_server + "/sparql",
            urllib.parse.urlencode({"query": update}).encode(),
            FORM,
        ),
        post(
            live_server + "/sparql",
            urllib.parse.urlencode({"update": update}).encode(),
            FORM,
        ),
        post(live_server + "/sparql", update.encode(), "application/sparql-update"),
        post(live_server + "/id/state/CHE", update.encode(), "application/sparql-update"),
        post(live_server + "/update", update.encode(), "application/sparql-update"),
    ]
    for status, body in attempts:
        assert status in (400, 403, 404, 405), (status, body)
        assert "Traceback" not in body
    status, body = get(query_url(live_server, "ASK { <urn:a> <urn:b> <urn:c> }"))
    assert status == 200 and '"boolean":false' in body.replace(" ", "")
    status, body = get(query_url(live_server, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"))
    assert status == 200 and '"n"' in body


def test_explosive_query_times_out_while_others_keep_answering(live_server: str) -> None:
    explosive = (
        "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l } ORDER BY ?n"
    )
    outcome: dict[str, object] = {}

    def run_explosive() -> None:
        start = time.monotonic()
        outcome["status"], outcome["body"] = get(query_url(live_server, explosive), timeout=60)
        outcome["seconds"] = time.monotonic() - start

    thread = threading.Thread(target=run_explosive)
    thread.start()
    time.sleep(0.3)
    small = 'SELECT ?c WHERE { ?c <https://w3id.org/cndkg/ontology#code> "C06" }'
    answered = []
    while thread.is_alive():
        t0 = time.monotonic()
        status, _ = get(query_url(live_server, small), timeout=10)
        answered.append((status, time.monotonic() - t0))
        time.sleep(0.2)
    thread.join()
    assert outcome["status"] == 503 and "time limit" in str(outcome["body"])
    assert float(outcome["seconds"]) <= LIVE_TIMEOUT + 2  # type: ignore[arg-type]
    assert answered and all(s == 200 and t < 2 for s, t in answered), answered


def test_oversize_body_is_413(live_server: str) -> None:
    big = b"query=" + b"x" * (2 * 1024 * 1024)
    status, body = post(live_server + "/sparql", big, FORM)
    assert status == 413, body


def test_overlong_query_is_413(live_server: str) -> None:
    q = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 30_000
    status, _ = post(live_server + "/sparql", q.encode(), "application/sparql-query")
    assert status == 413


def test_errors_carry_no_stack_trace(live_server: str) -> None:
    for url in (
        query_url(live_server, "SELECT ?x WHERE {"),
        live_server + "/id/%00",
        live_server + "/nothing-here",
        query_url(live_server, "SELECT ?x WHERE { BIND(xsd:unknown(1) AS ?x) }"),
    ):
        status, body = get(url)
        assert status in (400, 404), (url, status)
        assert "Traceback" not in body and 'File "' not in body


def test_oversize_bodies_get_their_413_not_a_broken_pipe(live_server: str) -> None:
    """The server reads and drops the rest of the body, so the sender can finish and
    read the answer; left unread, 11 to 15% of these ended in a broken pipe."""
    port = urllib.parse.urlsplit(live_server).port
    big = b"query=" + b"x" * (1 << 20)

    def upload(_: int) -> str:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            conn.request("POST", "/sparql", body=big, headers={"Content-Type": FORM})
            response = conn.getresponse()
            response.read()
            return str(response.status)
        except OSError as exc:
            return type(exc).__name__
        finally:
            conn.close()

    with ThreadPoolExecutor(8) as pool:
        outcomes = Counter(pool.map(upload, range(400)))
    assert outcomes == {"413": 400}


def test_an_oversized_request_head_is_refused_before_the_app(live_server: str) -> None:
    port = urllib.parse.urlsplit(live_server).port
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.putrequest("GET", "/sparql")
        conn.putheader("X-Padding", "a" * 300_000)
        conn.endheaders()
        assert conn.getresponse().status == 431
    finally:
        conn.close()


@pytest.mark.parametrize(
    ("length", "read"), [(str(1 << 20), 1 << 20), (str(64 << 20), DISCARD_LIMIT), ("12x", 0)]
)
def test_an_oversized_body_is_dropped_up_to_a_limit(length: str, read: int) -> None:
    stream = io.BytesIO(b"x" * (DISCARD_LIMIT + (1 << 20)))
    discard_body({"wsgi.input": stream, "CONTENT_LENGTH": length})
    assert stream.tell() == read

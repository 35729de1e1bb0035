"""Publishing into real triple stores and answering from them: Oxigraph server and
Virtuoso Open Source, started on 127.0.0.1 by the tests."""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from cndkg.publish import PublishError, StoreClient, StoreEndpoints, live_release, publish
from cndkg.query import run_query_file
from cndkg.web import create_app
from tests.conftest import QUERIES
from tests.external.servers import oxigraph_binary, oxigraph_server, virtuoso_server

KINDS = ["oxigraph", "virtuoso"]


def available(kind: str) -> bool:
    return bool(oxigraph_binary()) if kind == "oxigraph" else bool(shutil.which("virtuoso-t"))


@pytest.fixture(scope="module", params=KINDS)
def store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, seed_release: Path
) -> Iterator[tuple[str, str]]:
    kind = request.param
    if not available(kind):
        pytest.skip(f"{kind} is installed by .ci/run")
    folder = tmp_path_factory.mktemp(kind)
    server = oxigraph_server if kind == "oxigraph" else virtuoso_server
    with server(folder) as url:
        yield kind, url


def client_for(kind: str, url: str) -> StoreClient:
    return StoreClient(StoreEndpoints.for_kind(url, kind))


# Virtuoso keeps xsd:boolean as an integer and answers "0"/"1" for "false"/"true"
BOOLEAN_FORMS = {"0": "false", "1": "true"}


def rows(csv_text: str, boolean_columns: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """CSV rows as a sorted multiset: stores may order ties differently."""
    table = list(csv.reader(io.StringIO(csv_text)))
    header = table[0]
    flags = [i for i, h in enumerate(header) if h in boolean_columns]
    body = []
    for r in table[1:]:
        body.append(tuple(BOOLEAN_FORMS.get(v, v) if i in flags else v for i, v in enumerate(r)))
    return [tuple(header), *sorted(body)]


@pytest.fixture(scope="module")
def published_store(store: tuple[str, str], seed_release: Path) -> tuple[str, str]:
    kind, url = store
    publish(seed_release.parent.parent, client_for(kind, url), log=False)
    return store


@pytest.fixture(scope="module")
def remote_client(published_store: tuple[str, str]) -> FlaskClient:
    kind, url = published_store
    query_url = StoreEndpoints.for_kind(url, kind).query
    app = create_app({"STORE_URL": query_url, "QUERY_TIMEOUT": 20.0, "TESTING": True})
    return app.test_client()


def test_publish_puts_every_graph_with_its_count(
    published_store: tuple[str, str], seed_release: Path
) -> None:
    import json

    kind, url = published_store
    manifest = json.loads((seed_release / "manifest.json").read_text())
    client = client_for(kind, url)
    live = live_release(client, manifest["base"])
    assert live.release == seed_release.name and live.counts == manifest["graphs"]
    assert live.stored is not None
    for graph, n in manifest["graphs"].items():
        assert client.count(live.stored[graph]) == n, graph


def test_publishing_the_same_build_twice_changes_nothing(
    published_store: tuple[str, str], seed_release: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kind, url = published_store
    again = publish(seed_release.parent.parent, client_for(kind, url))
    assert "already live: nothing to do" in capsys.readouterr().out
    assert sum(again.values()) > 20000


@pytest.mark.parametrize("name", sorted(p.stem for p in QUERIES.glob("*.rq")))
def test_competency_query_same_on_external_store_as_embedded(
    remote_client: FlaskClient, seed_release: Path, name: str
) -> None:
    query = (QUERIES / f"{name}.rq").read_text(encoding="utf-8")
    r = remote_client.post("/sparql", data={"query": query}, headers={"Accept": "text/csv"})
    assert r.status_code == 200, r.text[:300]
    local = run_query_file(QUERIES / f"{name}.rq", seed_release.parent.parent, "csv")
    flags = ("rightOfReply",)
    assert rows(r.get_data(as_text=True), flags) == rows(local, flags)


def test_safety_rules_apply_before_the_query_leaves(remote_client: FlaskClient) -> None:
    for q in (
        "SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }",
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        "LOAD <http://127.0.0.1:1/x>",
    ):
        assert remote_client.get("/sparql", query_string={"query": q}).status_code in (400, 403)


def test_service_hidden_behind_a_less_than_does_not_reach_the_store_endpoint(
    remote_client: FlaskClient, published_store: tuple[str, str]
) -> None:
    """Issue 15: this reached the store's own unrestricted endpoint (all graphs, no cap)."""
    from tests.web.test_safety import Listener

    listener = Listener()
    try:
        q = (
            "SELECT * WHERE { FILTER(1<2) SERVICE "
            f"<http://127.0.0.1:{listener.port}/query> {{ ?s ?p ?o }} }}"
        )
        r = remote_client.get("/sparql", query_string={"query": q})
    finally:
        listener.close()
    assert r.status_code == 400 and "SERVICE" in r.get_data(as_text=True)
    assert listener.connections == 0


def test_store_down_gives_503_and_recovers_without_restart(
    tmp_path: Path, seed_release: Path
) -> None:
    import subprocess

    from tests.external.servers import free_port, wait_for

    binary = oxigraph_binary()
    if not binary:
        pytest.skip("oxigraph is installed by the test extra")
    port = free_port()
    url = f"http://127.0.0.1:{port}"

    def start() -> subprocess.Popen[bytes]:
        proc = subprocess.Popen(
            [binary, "serve", "--location", str(tmp_path / "db"), "--bind", f"127.0.0.1:{port}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(url + "/query")
        return proc

    proc = start()
    publish(seed_release.parent.parent, client_for("oxigraph", url), log=False)
    app = create_app({"STORE_URL": url + "/query", "QUERY_TIMEOUT": 10.0, "TESTING": True})
    app.extensions["cndkg"].refresh = 0.0  # re-read what is published on every request
    client = app.test_client()
    ask = {"query": "ASK { ?s ?p ?o }"}
    assert client.get("/sparql", query_string=ask).status_code == 200
    proc.terminate()
    proc.wait(timeout=20)
    down = client.get("/sparql", query_string=ask)
    assert down.status_code == 503 and "not answering" in down.text
    proc = start()
    try:
        assert client.get("/sparql", query_string=ask).status_code == 200
    finally:
        proc.terminate()
        proc.wait(timeout=20)


class RefusesTheSwitch(StoreClient):
    """A store that takes graphs but refuses the update that switches them live."""

    def update(self, sparql: str) -> None:
        if "INSERT" in sparql:
            raise PublishError("500: Transaction timed out")
        super().update(sparql)


def test_a_refused_switch_leaves_the_store_as_it_was(tmp_path: Path, seed_release: Path) -> None:
    if not available("oxigraph"):
        pytest.skip("oxigraph is installed by .ci/run")
    with oxigraph_server(tmp_path) as url:
        endpoints = StoreEndpoints.for_kind(url, "oxigraph")
        with pytest.raises(PublishError, match="nothing was switched, and its graphs were removed"):
            publish(seed_release.parent.parent, RefusesTheSwitch(endpoints), log=False)
        graphs = StoreClient(endpoints).select("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }")
    assert graphs == []

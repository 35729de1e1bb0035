"""Issue 17: `cndkg publish` of a build with hundreds of graphs into Virtuoso.

Virtuoso 7.2 refused the old one-request switch (a MOVE per graph) at about 500 graphs,
"generated SQL text has exceeded 10000 lines"; moving the data of a 100x build in one
transaction fails too (its after-image and time limits). Publishing now stores each
release's graphs under names of their own and switches one pointer triple. These
releases are made up (600 small graphs), so the test stays near a minute; a real 100x
build (`bench/scale.py` makes one) publishes with `cndkg publish --kind virtuoso`.
"""

from __future__ import annotations

import json
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from cndkg.publish import CND, StoreClient, StoreEndpoints, live_release, publication_graph
from cndkg.publish import publish as publish_build
from tests.external.servers import virtuoso_server

BASE = "https://example.org/cnd/"
GRAPHS = 600  # the old switch was refused from about 500


def release(folder: Path, name: str, graphs: int, per_graph: int) -> Path:
    """A made-up release: `graphs` source graphs of `per_graph` triples each."""
    path = folder / name
    path.mkdir(parents=True)
    lines, counts = [], {}
    for i in range(graphs):
        g = f"{BASE}graph/source/{i:04d}"
        counts[g] = per_graph
        triples = " ".join(
            f'<{BASE}statement/{i}/{j}> <{CND}rightOfReply> "{name}-{j}" .'
            for j in range(per_graph)
        )
        lines.append(f"<{g}> {{ {triples} }}")
    (path / "dataset.trig").write_text("\n".join(lines) + "\n", encoding="utf-8")
    manifest = {"base": BASE, "graphs": counts, "triples": sum(counts.values())}
    (path / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StoreClient]:
    if not shutil.which("virtuoso-t"):
        pytest.skip("virtuoso-opensource is installed by .ci/run")
    with virtuoso_server(tmp_path_factory.mktemp("virtuoso")) as url:
        yield StoreClient(StoreEndpoints.for_kind(url, "virtuoso"))


def stored_graphs(client: StoreClient) -> set[str]:
    rows = client.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    return {r["g"] for r in rows if r["g"].startswith("urn:cndkg:")}


def seen_by_a_reader(client: StoreClient) -> tuple[str, int]:
    """What a reader following the pointer sees, in one query: release and triples."""
    rows = client.select(f"""SELECT ?release (COUNT(*) AS ?n) WHERE {{
        GRAPH <{publication_graph(BASE)}> {{ ?p <{CND}current> ?record }}
        GRAPH ?record {{ ?r <{CND}release> ?release ; <{CND}publishedGraph> ?x .
            ?x <{CND}storedIn> ?stored }}
        GRAPH ?stored {{ ?s ?o ?v }} }} GROUP BY ?release""")
    return (rows[0]["release"], int(rows[0]["n"])) if rows else ("", 0)


def test_hundreds_of_graphs_are_published_and_replaced_whole(
    virtuoso: StoreClient, tmp_path: Path
) -> None:
    first = release(tmp_path, "R1", GRAPHS, 2)
    live = publish_build(first, virtuoso, log=False)
    assert len(live) == GRAPHS and sum(live.values()) == 2 * GRAPHS
    assert seen_by_a_reader(virtuoso) == ("R1", 2 * GRAPHS)

    # the next release, one graph fewer and three triples per graph, read while it is
    # published: a reader sees R1 whole or R2 whole, never a mixture
    second = release(tmp_path, "R2", GRAPHS - 1, 3)
    seen: set[tuple[str, int]] = set()
    done = threading.Event()

    def read() -> None:
        while not done.is_set():
            seen.add(seen_by_a_reader(virtuoso))

    reader = threading.Thread(target=read)
    reader.start()
    try:
        live = publish_build(second, virtuoso, log=False, grace=1.0)
    finally:
        done.set()
        reader.join()
    assert sum(live.values()) == 3 * (GRAPHS - 1)
    assert seen <= {("R1", 2 * GRAPHS), ("R2", 3 * (GRAPHS - 1))}, seen
    assert ("R2", 3 * (GRAPHS - 1)) in seen or seen_by_a_reader(virtuoso)[0] == "R2"
    now = live_release(virtuoso, BASE)
    assert now.release == "R2" and now.stored is not None
    # the old release's graphs are gone: the store's union is the live build only
    assert stored_graphs(virtuoso) == set(now.stored.values())

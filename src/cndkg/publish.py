"""Publish a build into an existing SPARQL 1.1 store, so readers never see half of it.

Each named graph is PUT (Graph Store HTTP Protocol, section 5.3) into a staging graph,
its triple count checked, then one SPARQL Update request MOVEs every staging graph onto
its live name and drops the live graphs the new build no longer has (Update section
3.2.5). A publication graph records which release is live; publishing the same release
again changes nothing.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from cndkg.model import CndkgError
from cndkg.release import resolve

CND = "https://w3id.org/cndkg/ontology#"
STAGING = "urn:cndkg:staging:"  # graphs are put under this prefix before the switch
DROP_BATCH = 50  # staging graphs dropped per update request


class PublishError(CndkgError):
    pass


@dataclass(frozen=True)
class StoreEndpoints:
    """Where a store takes queries, updates and graphs, and how it names the graph."""

    query: str
    update: str
    graph_store: str
    graph_param: str = "graph"
    user: str = ""
    password: str = ""

    @classmethod
    def for_kind(cls, url: str, kind: str, user: str = "", password: str = "") -> StoreEndpoints:
        root = url.rstrip("/")
        if kind == "oxigraph":
            return cls(f"{root}/query", f"{root}/update", f"{root}/store", "graph", user, password)
        if kind == "virtuoso":  # digest-authenticated endpoints for writing
            return cls(
                f"{root}/sparql",
                f"{root}/sparql-auth",
                f"{root}/sparql-graph-crud-auth",
                "graph-uri",
                user or "dba",
                password or "dba",
            )
        raise PublishError(f"unknown store kind {kind!r} (oxigraph, virtuoso)")


class StoreClient:
    def __init__(self, endpoints: StoreEndpoints, timeout: float = 120) -> None:
        self.e = endpoints
        self.timeout = timeout
        self.digest: urllib.request.HTTPDigestAuthHandler | None = None
        handlers: list[urllib.request.BaseHandler] = []
        if endpoints.user:
            passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            for url in (endpoints.update, endpoints.graph_store):
                passwords.add_password(None, url, endpoints.user, endpoints.password)
            self.digest = urllib.request.HTTPDigestAuthHandler(passwords)
            handlers += [self.digest, urllib.request.HTTPBasicAuthHandler(passwords)]
        self.opener = urllib.request.build_opener(*handlers)

    def _authorize(self, request: urllib.request.Request) -> None:
        """Answer the digest challenge before sending a body.

        A store that refuses an unauthenticated upload may close the connection while a
        large body is still being sent, so the challenge-and-retry of urllib's handler
        never happens; asking for the challenge first avoids that.
        """
        if self.digest is None or request.data is None:
            return
        probe = urllib.request.Request(request.full_url, method="GET")
        try:
            with urllib.request.urlopen(probe, timeout=self.timeout):
                return  # no authentication asked for
        except urllib.error.HTTPError as exc:
            header = exc.headers.get("WWW-Authenticate", "")
            exc.close()
            if exc.code != 401 or not header.lower().startswith("digest "):
                return
        challenge = urllib.request.parse_keqv_list(
            urllib.request.parse_http_list(header[len("Digest ") :])
        )
        authorization = self.digest.get_authorization(request, challenge)
        if authorization:
            request.add_unredirected_header("Authorization", f"Digest {authorization}")

    def _send(self, request: urllib.request.Request) -> bytes:
        self._authorize(request)
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                return bytes(response.read())
        except urllib.error.HTTPError as exc:
            detail = exc.read()[:300].decode("utf-8", "replace")
            raise PublishError(f"{exc.code} from {request.full_url}: {detail}") from exc
        except OSError as exc:
            raise PublishError(f"cannot reach {request.full_url}: {exc}") from exc

    def put_graph(self, graph: str, ntriples: bytes) -> None:
        url = f"{self.e.graph_store}?{urllib.parse.urlencode({self.e.graph_param: graph})}"
        self._send(
            urllib.request.Request(
                url, data=ntriples, method="PUT", headers={"Content-Type": "application/n-triples"}
            )
        )

    def update(self, sparql: str) -> None:
        body = urllib.parse.urlencode({"update": sparql}).encode()
        self._send(
            urllib.request.Request(
                self.e.update,
                data=body,
                method="POST",
                headers={"Content-Type": "application/x-www-form-urlencoded"},
            )
        )

    def select(self, sparql: str) -> list[dict[str, str]]:
        body = urllib.parse.urlencode({"query": sparql}).encode()
        data = self._send(
            urllib.request.Request(
                self.e.query,
                data=body,
                method="POST",
                headers={
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Accept": "application/sparql-results+json",
                },
            )
        )
        bindings = json.loads(data)["results"]["bindings"]
        return [{k: v["value"] for k, v in b.items()} for b in bindings]

    def count(self, graph: str) -> int:
        rows = self.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
        return int(rows[0]["n"]) if rows else 0


def publication_graph(base: str) -> str:
    return f"{base}graph/publication"


def live_release(client: StoreClient, base: str) -> tuple[str, dict[str, int]]:
    """The release a store holds now, with the graphs and counts it was published with."""
    rows = client.select(f"""SELECT ?release ?g ?n WHERE {{ GRAPH <{publication_graph(base)}> {{
        ?p <{CND}release> ?release ; <{CND}publishedGraph> ?x .
        ?x <{CND}graph> ?g ; <{CND}triples> ?n }} }}""")
    if not rows:
        return "", {}
    return rows[0]["release"], {r["g"]: int(r["n"]) for r in rows}


def publish(build: Path, client: StoreClient, log: bool = True) -> dict[str, int]:
    """Push a build's graphs into the store; the counts of the graphs now live."""
    release = resolve(build)
    manifest = json.loads((release / "manifest.json").read_text(encoding="utf-8"))
    base = str(manifest["base"])
    graphs: dict[str, list[ox.Triple]] = defaultdict(list)
    for quad in ox.parse(path=str(release / "dataset.trig"), format=ox.RdfFormat.TRIG):
        if isinstance(quad.graph_name, ox.NamedNode):
            graphs[quad.graph_name.value].append(
                ox.Triple(quad.subject, quad.predicate, quad.object)
            )
    expected = {g: len(set(ts)) for g, ts in graphs.items()}
    current, counts = live_release(client, base)
    if (
        current == release.name
        and counts == expected
        and all(client.count(g) == n for g, n in expected.items())
    ):
        if log:
            print(f"{release.name} is already live: nothing to do")
        return expected
    staging = {g: f"{STAGING}{release.name}:{g}" for g in graphs}
    try:
        for g, triples in sorted(graphs.items()):
            data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
            client.put_graph(staging[g], data)
            got = client.count(staging[g])
            if got != expected[g]:
                raise PublishError(
                    f"staging graph for <{g}> holds {got} triples, expected {expected[g]}"
                )
    except PublishError as exc:
        raise PublishError(f"{exc}; nothing was switched{_drop(client, staging)}") from exc
    stale = [g for g in counts if g not in graphs]
    marker = _publication_triples(base, release.name, expected)
    operations = [f"MOVE SILENT GRAPH <{staging[g]}> TO GRAPH <{g}>" for g in sorted(graphs)]
    operations += [f"DROP SILENT GRAPH <{g}>" for g in stale]
    operations += [
        f"DROP SILENT GRAPH <{publication_graph(base)}>",
        f"INSERT DATA {{ GRAPH <{publication_graph(base)}> {{ {marker} }} }}",
    ]
    try:
        client.update(" ;\n".join(operations))
    except PublishError as exc:
        # one request, so the switch is all or nothing; Virtuoso 7.2 refuses it at about
        # 500 graphs (100x the seeds): "generated SQL text has exceeded 10000 lines"
        raise PublishError(
            f"the store refused the switch of {len(graphs)} graphs in one update ({exc}); "
            f"nothing was switched{_drop(client, staging)}"
        ) from exc
    live = {g: client.count(g) for g in graphs}
    if live != expected:
        raise PublishError(f"after the switch the store holds {live}, expected {expected}")
    if log:
        for g, n in sorted(live.items()):
            print(f"  {n:8d}  {g}")
        print(f"published {release.name}: {sum(live.values())} triples in {len(live)} graphs")
    return live


def _drop(client: StoreClient, staging: dict[str, str]) -> str:
    """Remove the staging graphs of a publication that failed, so the store is left as it
    was (a reader of the store's union would see them twice); says what happened."""
    names = sorted(staging.values())
    try:
        for i in range(0, len(names), DROP_BATCH):
            batch = names[i : i + DROP_BATCH]
            client.update(" ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in batch))
    except PublishError as exc:
        return f", and the staging graphs <{STAGING}...> could not be removed: {exc}"
    return ", and the staging graphs were removed"


def _publication_triples(base: str, release: str, counts: dict[str, int]) -> str:
    p = f"<{base}publication>"
    lines = [f'{p} <{CND}release> "{release}" .']
    for i, (g, n) in enumerate(sorted(counts.items())):
        node = f"<{base}publication/graph/{i}>"
        lines.append(f"{p} <{CND}publishedGraph> {node} .")
        lines.append(f"{node} <{CND}graph> <{g}> . {node} <{CND}triples> {n} .")
    return "\n".join(lines)


def password_from_env(variable: str) -> str:
    if not variable:
        return ""
    value = os.environ.get(variable)
    if value is None:
        raise PublishError(f"environment variable {variable} is not set")
    return value

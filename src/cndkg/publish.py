"""Publish a build into an existing SPARQL 1.1 store, so readers never see half of it.

Each named graph is PUT (Graph Store HTTP Protocol, section 5.3) under a name of its
own release (urn:cndkg:release:<release>:<graph>) and its triple count checked; a graph
of its own, the release record, lists each public graph name with where it is stored.
Then one small SPARQL Update switches the one triple that names the current record
(Update section 3.1.3): readers (`cndkg serve --store`) follow it, so they see the old
build or the new one whole. A pointer, because moving the data is not possible at
scale: Virtuoso 7.2 refuses 500 MOVEs in one request ("generated SQL text has exceeded
10000 lines"), and even 100 MOVEs or COPYs of a 100x build in one transaction ("log
after image size went above the limit", "Transaction timed out"). After a grace period
longer than a reader keeps a pointer (REMOTE refresh, 30 s), the graphs of the release
that was live before are dropped. Publishing the same release again changes nothing.
"""

from __future__ import annotations

import json
import os
import time
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
STORED = "urn:cndkg:release:"  # a release's graphs are stored under this prefix
DROP_BATCH = 50  # graphs dropped per update request
GRACE_S = 40.0  # readers re-read the pointer every 30 s: the old release outlives that


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
    """The graph that holds the one triple naming the current release record."""
    return f"{base}graph/publication"


def record_graph(base: str, release: str) -> str:
    """The graph that records one release: its graphs, where they are stored, counts."""
    return f"{base}graph/publication/{urllib.parse.quote(release, safe='')}"


def stored_name(release: str, graph: str) -> str:
    return f"{STORED}{release}:{graph}"


@dataclass(frozen=True)
class Live:
    """What a store has live: the release, its record graph, and per public graph name
    where it is stored and its triple count."""

    release: str = ""
    record: str = ""
    stored: dict[str, str] | None = None
    counts: dict[str, int] | None = None


def live_release(client: StoreClient, base: str) -> Live:
    """The release a store holds now (none: an empty Live)."""
    rows = client.select(f"""SELECT ?record ?release ?g ?stored ?n WHERE {{
        GRAPH <{publication_graph(base)}> {{ ?p <{CND}current> ?record }}
        GRAPH ?record {{ ?r <{CND}release> ?release ; <{CND}publishedGraph> ?x .
            ?x <{CND}graph> ?g ; <{CND}storedIn> ?stored ; <{CND}triples> ?n }} }}""")
    if not rows:
        return Live()
    return Live(
        rows[0]["release"],
        rows[0]["record"],
        {r["g"]: r["stored"] for r in rows},
        {r["g"]: int(r["n"]) for r in rows},
    )


def publish(
    build: Path, client: StoreClient, log: bool = True, grace: float = GRACE_S
) -> dict[str, int]:
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
    before = live_release(client, base)
    if (
        before.release == release.name
        and before.counts == expected
        and before.stored is not None
        and all(client.count(before.stored[g]) == n for g, n in expected.items())
    ):
        if log:
            print(f"{release.name} is already live: nothing to do")
        return expected
    stored = {g: stored_name(release.name, g) for g in graphs}
    record = record_graph(base, release.name)
    try:
        for g, triples in sorted(graphs.items()):
            data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
            client.put_graph(stored[g], data)
            got = client.count(stored[g])
            if got != expected[g]:
                raise PublishError(
                    f"graph <{g}> of the release holds {got} triples, expected {expected[g]}"
                )
        client.put_graph(record, _record_triples(base, release.name, stored, expected))
    except PublishError as exc:
        mine = [*stored.values(), record]
        raise PublishError(f"{exc}; nothing was switched{_drop(client, mine)}") from exc
    try:
        client.update(_switch(base, record))
    except PublishError as exc:
        mine = [*stored.values(), record]
        raise PublishError(
            f"the store refused the switch to {release.name} ({exc}); "
            f"nothing was switched{_drop(client, mine)}"
        ) from exc
    now = live_release(client, base)
    if now.release != release.name or now.counts != expected:
        raise PublishError(f"after the switch the store names {now.release!r} as live")
    live = {g: client.count(stored[g]) for g in graphs}
    if live != expected:
        raise PublishError(f"after the switch the store holds {live}, expected {expected}")
    if before.stored is not None and before.release != release.name:
        time.sleep(grace)  # a reader may still follow the old pointer for a while
        old = [s for s in before.stored.values() if s not in stored.values()]
        _drop(client, [*old, before.record])
    if log:
        for g, n in sorted(live.items()):
            print(f"  {n:8d}  {g}")
        print(f"published {release.name}: {sum(live.values())} triples in {len(live)} graphs")
    return live


def _switch(base: str, record: str) -> str:
    """One request that replaces the one triple naming the current record: a request is
    one transaction (in Virtuoso too: a refused request leaves nothing of it done). Not
    one DELETE/INSERT with an OPTIONAL, which Virtuoso 7.2 runs as no-op on an empty
    graph."""
    pub, current = publication_graph(base), f"<{CND}current>"
    return (
        f"DELETE WHERE {{ GRAPH <{pub}> {{ ?p {current} ?old }} }} ;\n"
        f"INSERT DATA {{ GRAPH <{pub}> {{ <{base}publication> {current} <{record}> }} }}"
    )


def _drop(client: StoreClient, names: list[str]) -> str:
    """Remove graphs of a release that failed or is no longer live (a reader of the
    store's union would see them twice); says what happened."""
    names = sorted(names)
    try:
        for i in range(0, len(names), DROP_BATCH):
            batch = names[i : i + DROP_BATCH]
            client.update(" ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in batch))
    except PublishError as exc:
        return f", and the graphs <{STORED}...> could not be removed: {exc}"
    return ", and its graphs were removed"


def _record_triples(
    base: str, release: str, stored: dict[str, str], counts: dict[str, int]
) -> bytes:
    r = f"<{base}publication/{urllib.parse.quote(release, safe='')}>"
    lines = [f'{r} <{CND}release> "{release}" .']
    for i, (g, n) in enumerate(sorted(counts.items())):
        node = f"<{base}publication/{urllib.parse.quote(release, safe='')}/graph/{i}>"
        lines.append(f"{r} <{CND}publishedGraph> {node} .")
        lines.append(f"{node} <{CND}graph> <{g}> .")
        lines.append(f"{node} <{CND}storedIn> <{stored[g]}> .")
        lines.append(f'{node} <{CND}triples> "{n}"^^<http://www.w3.org/2001/XMLSchema#integer> .')
    return ("\n".join(lines) + "\n").encode("utf-8")


def password_from_env(variable: str) -> str:
    if not variable:
        return ""
    value = os.environ.get(variable)
    if value is None:
        raise PublishError(f"environment variable {variable} is not set")
    return value

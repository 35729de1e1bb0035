"""Answering from an external SPARQL endpoint (`cndkg serve --store URL`).

Every rule of the embedded mode is applied before a query leaves: the query is parsed
and inspected in a killable, network-less query process (guard.inspect: no SERVICE, no
update, no foreign FROM), the dataset is restricted to our published graphs, the row
cap applies; the time limit is the HTTP timeout. A store that is down gives 503 and is
tried again on the next request.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from cndkg.web.pool import (
    RDF_FORMATS,
    NotAcceptableForm,
    QueryAnswer,
    QueryFailed,
    QueryJob,
    QueryPool,
    QueryTimeout,
    write_solutions,
)
from cndkg.web.published import Release

CND = "https://w3id.org/cndkg/ontology#"


class StoreUnavailable(Exception):
    pass


def _post(url: str, params: list[tuple[str, str]], accept: str, timeout: float) -> bytes:
    body = urllib.parse.urlencode(params).encode()
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": accept},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return bytes(response.read())
    except urllib.error.HTTPError as exc:
        detail = exc.read()[:500].decode("utf-8", "replace")
        raise QueryFailed(f"the store answered {exc.code}: {detail}") from exc
    except TimeoutError as exc:
        raise QueryTimeout(f"the query ran past the time limit of {timeout:g} s") from exc
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise QueryTimeout(f"the query ran past the time limit of {timeout:g} s") from exc
        raise StoreUnavailable(
            f"the triple store at {url} is not answering ({exc.reason})"
        ) from exc
    except OSError as exc:
        raise StoreUnavailable(f"the triple store at {url} is not answering ({exc})") from exc


@dataclass
class RemotePool:
    """The same interface as the process pool, over HTTP."""

    query_url: str
    graphs: list[str]
    timeout: float
    inspector: QueryPool  # query processes without a store: they parse and inspect
    stored: dict[str, str] | None = None  # public graph name -> where `cndkg publish` put it

    def _in_store(self, graphs: list[str]) -> list[str]:
        stored = self.stored or {}
        return [stored.get(g, g) for g in graphs]

    def cached(self, job: QueryJob, graph_format: str | None = "turtle") -> QueryAnswer | None:
        """Nothing is cached: the store is someone else's and may change."""
        return None

    def run(self, job: QueryJob, graph_format: str | None = "turtle") -> QueryAnswer:
        shape = self.inspector.inspect(job.query, frozenset(self.graphs), job.base_iri)
        graph_form = shape.form in ("CONSTRUCT", "DESCRIBE")
        if (graph_format if graph_form else job.result_format) is None:
            raise NotAcceptableForm(shape.form)
        union = job.union_default and not (shape.from_graphs or shape.from_named)
        # the store resolves relative IRIs against its own base unless told ours: a BASE
        # before the query's prologue is the base its own BASE is relative to (RFC 3986)
        query = f"BASE <{job.base_iri}>\n{job.query}" if job.base_iri else job.query
        params = [("query", query)]
        default = job.default_graphs or (self.graphs if union else list(shape.from_graphs))
        named = job.named_graphs
        if named is None:
            named = self.graphs if union else list(shape.from_named)
        # the protocol's dataset replaces the query's FROM (SPARQL 1.1 Protocol 2.1.4):
        # public graph names become where the store keeps them
        params += [("default-graph-uri", g) for g in self._in_store(default)]
        params += [("named-graph-uri", g) for g in self._in_store(named)]
        accept = "application/sparql-results+json, text/turtle;q=0.9"
        data = _post(self.query_url, params, accept, self.timeout)
        if data.lstrip().startswith(b"{"):
            result = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
            if isinstance(result, ox.QueryBoolean):
                fmt = {
                    "json": ox.QueryResultsFormat.JSON,
                    "xml": ox.QueryResultsFormat.XML,
                    "csv": ox.QueryResultsFormat.CSV,
                    "tsv": ox.QueryResultsFormat.TSV,
                }
                result_format = job.result_format or "json"
                body = result.serialize(format=fmt[result_format]) or b""
                return QueryAnswer(body, "boolean", 1, False, result_format)
            assert isinstance(result, ox.QuerySolutions)
            return write_solutions(result, job)
        graph_format = graph_format or "turtle"
        triples = list(ox.parse(data, format=ox.RdfFormat.TURTLE))
        truncated = len(triples) > job.max_rows
        triples = triples[: job.max_rows]
        body = ox.serialize(triples, format=RDF_FORMATS[graph_format]) or b""
        return QueryAnswer(body, "graph", len(triples), truncated, graph_format)

    def close(self) -> None:
        """Nothing to stop: the store is someone else's."""


class RemotePublished:
    """What the external store has live, read from the publication graph (cached briefly)."""

    def __init__(
        self, query_url: str, timeout: float, refresh: float = 30.0, inspectors: int = 2,
        memory_limit: int = 2 << 30,
    ) -> None:  # fmt: skip
        self.inspector = QueryPool(None, inspectors, timeout, memory_limit, cache_bytes=0)
        self.query_url = query_url
        self.timeout = timeout
        self.refresh = refresh
        self._lock = threading.Lock()
        self._current: Release | None = None
        self._read_at = 0.0

    def current(self) -> Release:
        if self._current is not None and time.monotonic() - self._read_at < self.refresh:
            return self._current
        with self._lock:
            # the one triple naming the current release record (cndkg.publish), then it
            query = f"""SELECT ?pg ?release ?g ?stored ?n WHERE {{
                GRAPH ?pg {{ ?p <{CND}current> ?record }}
                GRAPH ?record {{ ?r <{CND}release> ?release ; <{CND}publishedGraph> ?x .
                    ?x <{CND}graph> ?g ; <{CND}storedIn> ?stored ; <{CND}triples> ?n }} }}"""
            data = _post(
                self.query_url, [("query", query)], "application/sparql-results+json", self.timeout
            )
            rows = json.loads(data)["results"]["bindings"]
            if not rows:
                raise StoreUnavailable(
                    f"the store at {self.query_url} holds no published cndkg "
                    "build (run `cndkg publish`)"
                )
            graphs = {r["g"]["value"]: int(r["n"]["value"]) for r in rows}
            publication = rows[0]["pg"]["value"]
            base = publication.removesuffix("graph/publication")
            release = rows[0]["release"]["value"]
            manifest = {
                "base": base,
                "graphs": graphs,
                "triples": sum(graphs.values()),
                "built": "",
                "version": "",
                "store": self.query_url,
            }
            stored = {r["g"]["value"]: r["stored"]["value"] for r in rows}
            pool = RemotePool(self.query_url, sorted(graphs), self.timeout, self.inspector, stored)
            self._current = Release(Path(release), pool, manifest)
            self._read_at = time.monotonic()
            return self._current

    def close(self) -> None:
        self.inspector.close()

"""Queries run in worker processes that can be killed, so a time limit really stops work.

Measured on Oxigraph 0.5: its own timeout did not stop an ORDER BY or a COUNT over a
cross product, and a cancelled stream came back as HTTP 200 with broken JSON. Here
each query runs in a child process holding the store read-only; past the limit the
child is killed and replaced, and the answer is an error, never a truncated body.

Nothing of a client's query runs in the app process: the query process parses it
(guard.inspect), refuses what must not run, then evaluates it. A query that crashes its
process (a parser's stack, the memory limit) costs that process only: the request gets
400 with the reason, and a fresh process is started and checked before it is used.
The query processes can open no network connection (sandbox.py).
"""

from __future__ import annotations

import contextlib
import io
import os
import queue
import resource
import signal
import sys
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from cndkg.processes import forkserver_context
from cndkg.store import has_merged_default
from cndkg.web import sandbox
from cndkg.web.guard import Inspection, QueryRefused, QuerySyntaxError, inspect

RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
RDF_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
}


CACHE_BYTES = 64 << 20  # answers kept per app process by default
CACHE_ITEM_BYTES = 4 << 20
REFUSALS_KEPT = 1024  # malformed or refused queries remembered (20 MB at most)
# a query that ran into the time limit is answered so at once for this long: a retried
# explosive query costs nothing. Not for ever: under load a heavy query may time out
# that an idle server would answer
TIMEOUTS_KEPT = 60.0
SLOW_AFTER = 0.1  # seconds of CPU before a running query gives way to newer ones (the
# competency queries take 10 to 60 ms at the seeds, parsing included)
SLOW_CHECK = 0.025  # seconds between looks at a running query's CPU time
SLOW_NICENESS = 19  # where SCHED_IDLE is refused


class QueryTimeout(Exception):
    pass


class QueryFailed(Exception):
    """The engine rejected or could not run the query; the message is the engine's."""


class PoolUnavailable(Exception):
    pass


class QueryRefusedError(Exception):
    """The query process refused the query (guard.inspect); the message says why."""


class NotAcceptableForm(Exception):
    """The query's form has no answer format the client accepts; the message is the form."""


@dataclass
class QueryJob:
    query: str
    # a key of RESULT_FORMATS for SELECT/ASK; None: the client accepts none of them
    result_format: str | None
    max_rows: int
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] | None = None
    union_default: bool = True
    # what a relative IRI in the query is resolved against when it declares no BASE
    # (SPARQL 1.1 Query, section 4.1.1.3: the base of the encapsulating context)
    base_iri: str = ""


@dataclass
class QueryAnswer:
    body: bytes
    kind: str  # "solutions" | "boolean" | "graph"
    rows: int
    truncated: bool
    result_format: str


def _run(
    store: ox.Store, job: QueryJob, graph_format: str | None, merged: bool,
    allowed_graphs: frozenset[str],
) -> QueryAnswer:  # fmt: skip
    shape = _inspect(job.query, allowed_graphs, job.base_iri)
    graph_form = shape.form in ("CONSTRUCT", "DESCRIBE")
    if (graph_format if graph_form else job.result_format) is None:
        raise NotAcceptableForm(shape.form)
    kwargs: dict[str, Any] = {}
    if job.default_graphs:
        kwargs["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs]
    else:  # the stored merge of all graphs (see store.merge_default_graph), or the union
        union = job.union_default and not (shape.from_graphs or shape.from_named)
        kwargs["use_default_graph_as_union"] = union and not merged
    if job.named_graphs is not None:
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs]
    result = store.query(job.query, base_iri=job.base_iri or None, **kwargs)
    if isinstance(result, ox.QueryBoolean):
        fmt = RESULT_FORMATS[job.result_format or "json"]
        body = result.serialize(format=fmt) or b""
        return QueryAnswer(body, "boolean", 1, False, job.result_format or "json")
    if isinstance(result, ox.QuerySolutions):
        return write_solutions(result, job)
    graph_format = graph_format or "turtle"
    triples = []
    for i, triple in enumerate(result):
        if i >= job.max_rows:
            break
        triples.append(triple)
    truncated = len(triples) >= job.max_rows and next(iter(result), None) is not None
    body = ox.serialize(triples, format=RDF_FORMATS[graph_format]) or b""
    return QueryAnswer(body, "graph", len(triples), truncated, graph_format)


@lru_cache(maxsize=256)  # per query process: a repeated query is not parsed again
def _inspect(query: str, allowed_graphs: frozenset[str], base: str = "") -> Inspection:
    return inspect(query, allowed_graphs, base)


class _Enough(Exception):
    """Raised into Oxigraph's writer to stop evaluation once the answer is over the cap."""


class _CappedTsv(io.BytesIO):
    """Collects Oxigraph's TSV output and stops the engine one row past the cap.

    Oxigraph evaluates lazily while it writes, so an unordered answer that the endpoint
    would cut anyway is never computed in full: the first 10,000 of 144,560 evidence rows
    at 100x the seeds take 0.6 s, against 8 s for all of them. TSV has one solution per
    line (newlines in literals are escaped), so lines count rows."""

    def __init__(self, max_rows: int) -> None:
        super().__init__()
        self.lines = 0
        self.enough = max_rows + 2  # the header, the rows kept, and one that says "more"

    def write(self, data: Any, /) -> int:
        written = super().write(data)
        self.lines += bytes(data).count(b"\n")
        if self.lines >= self.enough:
            raise _Enough
        return written


def write_solutions(result: ox.QuerySolutions, job: QueryJob) -> QueryAnswer:
    """Write TSV up to the cap, then the asked format from it with Oxigraph's own reader
    and writer (byte for byte what direct serialization gives; about 60 us more on a
    small answer). CSV is lossy (no datatypes), so it could not be the first step."""
    sink = _CappedTsv(job.max_rows)
    with contextlib.suppress(_Enough):
        result.serialize(sink, format=ox.QueryResultsFormat.TSV)
    lines = sink.getvalue().split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    rows = max(0, len(lines) - 1)
    truncated = rows > job.max_rows
    if truncated:
        lines = lines[: job.max_rows + 1]
        rows = job.max_rows
    tsv = b"\n".join(lines) + b"\n"
    result_format = job.result_format or "json"
    if result_format == "tsv":
        return QueryAnswer(tsv, "solutions", rows, truncated, "tsv")
    reread = ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV)
    assert isinstance(reread, ox.QuerySolutions)
    body = reread.serialize(format=RESULT_FORMATS[result_format]) or b""
    return QueryAnswer(body, "solutions", rows, truncated, result_format)


PARSER_RECURSION = 20_000  # Python frames for rdflib's parser at MAX_NESTING (it needs ~10
# per bracket level; measured: 256 levels parse in 0.26 s under this limit)
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
CPU_MARGIN = 5  # seconds of CPU past the time limit before the kernel stops a query itself
START_TIMEOUT = 10.0  # seconds a new query process has to say it is ready


def _worker(
    conn: Connection, store_path: str, memory_limit: int, allowed_graphs: frozenset[str],
    timeout: float,
) -> None:  # fmt: skip
    """A query process: open the store, put up the walls, say so, then answer jobs."""
    try:
        sandbox.die_with_parent()
        if memory_limit:
            with contextlib.suppress(ValueError, OSError):
                resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
        sys.setrecursionlimit(PARSER_RECURSION)
        store = ox.Store.read_only(store_path) if store_path else None
        merged = has_merged_default(store) if store is not None else False
        sandbox.deny_network()
    except Exception as exc:  # said to the pool, which answers 503 and starts another
        with contextlib.suppress(OSError):
            conn.send(("failed", f"{type(exc).__name__}: {exc}"))
        return
    conn.send(("ready", os.getpid()))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):  # the app closed the pipe, or is gone
            return
        _limit_cpu(timeout)
        try:
            if message[0] == "inspect":
                conn.send(("ok", _inspect(*message[1:])))
                continue
            _, job, graph_format = message
            assert store is not None
            conn.send(("ok", _run(store, job, graph_format, merged, allowed_graphs)))
        except QueryRefused as exc:
            conn.send(("refused", str(exc)))
        except SyntaxError as exc:
            conn.send(("syntax", str(exc)))
        except NotAcceptableForm as exc:
            conn.send(("not-acceptable", str(exc)))
        except (MemoryError, RecursionError):
            conn.send(("error", "the query needed more memory than this endpoint allows"))
        except Exception as exc:  # the engine's own message, never a trace
            conn.send(("error", f"{type(exc).__name__}: {exc}"))


def _limit_cpu(timeout: float) -> None:
    """Let the kernel stop this process a little past the time limit of the job it starts
    (SIGXCPU), in case the app that would kill it is gone: the soft limit is counted from
    the CPU time used so far."""
    used = resource.getrusage(resource.RUSAGE_SELF)
    seconds = int(used.ru_utime + used.ru_stime + timeout) + CPU_MARGIN
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_CPU, (seconds, resource.RLIM_INFINITY))


def _stopped(process: Any) -> str:
    """Why a query process ended, in words."""
    process.join(timeout=1)
    code = process.exitcode
    if code is None:
        return "it stopped answering"
    if code < 0:
        with contextlib.suppress(ValueError):
            return f"it was ended by {signal.Signals(-code).name}"
        return f"it was ended by signal {-code}"
    return f"it exited with status {code}"


class _Worker:
    def __init__(
        self, ctx: Any, store_path: str, memory_limit: int, allowed_graphs: frozenset[str],
        timeout: float,
    ) -> None:  # fmt: skip
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(
            target=_worker,
            args=(child, store_path, memory_limit, allowed_graphs, timeout),
            daemon=True,
        )
        self.process.start()
        child.close()
        self.ready = False

    def check_ready(self) -> None:
        """Wait for the process to say it opened the store and put up its walls; raise
        PoolUnavailable if it cannot, so a broken process is never handed a query."""
        if self.ready:
            return
        try:
            if not self.conn.poll(START_TIMEOUT):
                raise PoolUnavailable("a query process did not start in time; try again shortly")
            status, detail = self.conn.recv()
        except (EOFError, OSError) as exc:
            raise PoolUnavailable(
                f"a query process could not start ({_stopped(self.process)}); try again shortly"
            ) from exc
        if status != "ready":
            raise PoolUnavailable(f"a query process could not start: {detail}")
        self.ready = True

    demoted = False

    def cpu_seconds(self) -> float:
        """CPU time the process has used (Linux /proc; 0 where it cannot be read)."""
        try:
            with open(f"/proc/{self.process.pid}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
        except (OSError, IndexError):
            return 0.0
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS

    def demote(self) -> None:
        """Run only when no other process wants the CPU (SCHED_IDLE, weight 3 against a
        normal process's 1024; nice 19 has 15). With issue 15's hostile mix at 64
        clients, about 35 such queries run at once on 2 cores until their time limit:
        at nice 19 they took a third of the CPU from the well-formed queries."""
        pid = self.process.pid or 0
        try:
            os.sched_setscheduler(pid, os.SCHED_IDLE, os.sched_param(0))
        except (OSError, AttributeError):
            with contextlib.suppress(OSError):
                os.setpriority(os.PRIO_PROCESS, pid, SLOW_NICENESS)
        self.demoted = True

    def promote(self) -> bool:
        pid = self.process.pid or 0
        try:
            os.sched_setscheduler(pid, os.SCHED_OTHER, os.sched_param(0))
            os.setpriority(os.PRIO_PROCESS, pid, 0)
        except (OSError, AttributeError):
            return False
        self.demoted = False
        return True

    def kill(self) -> None:
        if self.demoted:  # a process under SCHED_IDLE would wait for an idle CPU to exit
            self.promote()
        with contextlib.suppress(Exception):
            self.process.kill()
            self.process.join(timeout=2)
        with contextlib.suppress(Exception):
            self.conn.close()


class QueryPool:
    """A fixed number of query processes over one build's store (or, without a store,
    processes that only inspect queries for an external one)."""

    def __init__(
        self, store_path: Path | None, size: int = 2, timeout: float = 10.0,
        memory_limit: int = 2 << 30, cache_bytes: int = CACHE_BYTES,
        allowed_graphs: frozenset[str] = frozenset(),
    ) -> None:  # fmt: skip
        self.store_path = str(store_path) if store_path is not None else ""
        self.cache_bytes = cache_bytes  # least recently used answers are dropped first
        self.timeout = timeout
        self.memory_limit = memory_limit
        self.allowed_graphs = allowed_graphs
        self._ctx = forkserver_context(__name__)
        # last in, first out: the process that answered last is the one with warm caches
        # (its RocksDB blocks, its memory); taking them in turn, a query on an idle
        # server took 0.88 ms in the pool with 16 processes, against 0.30 ms with one
        self._idle: queue.LifoQueue[_Worker] = queue.LifoQueue()
        self._lock = threading.Lock()
        self._closed = False
        self._cache: OrderedDict[tuple[Any, ...], QueryAnswer] = OrderedDict()
        self._cached_bytes = 0
        self._refused: OrderedDict[str, tuple[type[Exception], str]] = OrderedDict()
        self._timed_out: OrderedDict[tuple[Any, ...], float] = OrderedDict()  # key -> when
        self._running: dict[tuple[Any, ...], threading.Event] = {}
        for _ in range(size):
            self._idle.put(self._new_worker())

    def _new_worker(self) -> _Worker:
        return _Worker(
            self._ctx, self.store_path, self.memory_limit, self.allowed_graphs, self.timeout
        )

    def _key(self, job: QueryJob, graph_format: str | None) -> tuple[Any, ...]:
        return (
            job.query,
            job.result_format,
            graph_format,
            job.max_rows,
            tuple(job.default_graphs),
            tuple(job.named_graphs or ()),
            job.union_default,
            job.base_iri,
        )

    def cached(self, job: QueryJob, graph_format: str | None = "turtle") -> QueryAnswer | None:
        """The remembered answer to this job, if any (costs no query time)."""
        with self._lock:
            answer = self._cache.get(self._key(job, graph_format))
            if answer is not None:
                self._cache.move_to_end(self._key(job, graph_format))
            return answer

    def run(self, job: QueryJob, graph_format: str | None = "turtle") -> QueryAnswer:
        """Answer a query; a build never changes, so repeated queries come from a cache,
        and the same query asked again while it runs waits for that run (at 64 clients,
        each retried bomb took a query process of its own until the first timed out)."""
        key = self._key(job, graph_format)
        with self._lock:
            cached = self._cache.get(key)
            if cached is not None:
                self._cache.move_to_end(key)
                return cached
        while True:
            with self._lock:
                running = self._running.get(key)
                if running is None:
                    self._running[key] = threading.Event()
                    break
            running.wait(self.timeout + 1)
        try:
            return self._run_once(job, graph_format, key)
        finally:
            with self._lock:
                self._running.pop(key).set()

    def _run_once(
        self, job: QueryJob, graph_format: str | None, key: tuple[Any, ...]
    ) -> QueryAnswer:
        with self._lock:
            cached = self._cache.get(key)
            if cached is not None:
                self._cache.move_to_end(key)
                return cached
            refused = self._refused.get(job.query)
            timed_out = self._timed_out.get(key)
        if refused is not None:
            raise refused[0](refused[1])
        if timed_out is not None and time.monotonic() - timed_out < TIMEOUTS_KEPT:
            raise QueryTimeout(
                f"the query ran past the time limit of {self.timeout:g} s on this build less "
                f"than {TIMEOUTS_KEPT:g} s ago"
            )
        try:
            answer = self._ask(("run", job, graph_format))
        except (QuerySyntaxError, QueryRefusedError) as exc:
            self._remember_refusal(job.query, exc)
            raise
        except QueryTimeout:
            with self._lock:
                self._timed_out[key] = time.monotonic()
                self._timed_out.move_to_end(key)
                while len(self._timed_out) > REFUSALS_KEPT:
                    self._timed_out.popitem(last=False)
            raise
        assert isinstance(answer, QueryAnswer)
        if len(answer.body) <= min(CACHE_ITEM_BYTES, self.cache_bytes):
            with self._lock:
                self._cache[key] = answer
                self._cached_bytes += len(answer.body)
                while self._cached_bytes > self.cache_bytes and self._cache:
                    _, dropped = self._cache.popitem(last=False)
                    self._cached_bytes -= len(dropped.body)
        return answer

    def _remember_refusal(self, query: str, exc: QuerySyntaxError | QueryRefusedError) -> None:
        """A malformed or refused query stays so on this build: parsing it again cost
        5 to 30 ms of a query process (rdflib), the answer from here microseconds."""
        with self._lock:
            self._refused[query] = (type(exc), str(exc))
            while len(self._refused) > REFUSALS_KEPT:
                self._refused.popitem(last=False)

    def inspect(self, query: str, allowed_graphs: frozenset[str], base: str = "") -> Inspection:
        """guard.inspect run in a query process (parsing under the time limit)."""
        shape = self._ask(("inspect", query, allowed_graphs, base))
        assert isinstance(shape, Inspection)
        return shape

    def _take(self) -> _Worker:
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty as exc:
            raise PoolUnavailable("all query workers are busy; try again shortly") from exc
        try:
            worker.check_ready()
        except PoolUnavailable:
            worker.kill()
            self._give_back(self._new_worker())  # checked in turn by the next request
            raise
        return worker

    def _give_back(self, worker: _Worker) -> None:
        if self._closed:
            worker.kill()
        else:
            self._idle.put(worker)

    def _ask(self, message: tuple[Any, ...]) -> QueryAnswer | Inspection:
        worker = self._take()
        try:
            worker.conn.send(message)
            # a query that has used SLOW_AFTER of CPU yields it to newer ones, so an
            # explosive query cannot slow everyone else down while it waits to be killed.
            # CPU, not time since it started: under load a small query waits for the CPU
            # longer than that, and demoted among the explosive ones it would starve
            # (16 competency queries ran into the time limit so in the hostile load run)
            started = worker.cpu_seconds()
            deadline = time.monotonic() + self.timeout
            while True:
                left = max(0.0, deadline - time.monotonic())
                if worker.conn.poll(left if worker.demoted else min(SLOW_CHECK, left)):
                    break
                if time.monotonic() >= deadline:
                    worker.kill()
                    worker = self._new_worker()
                    raise QueryTimeout(f"the query ran past the time limit of {self.timeout:g} s")
                if worker.cpu_seconds() - started > SLOW_AFTER:
                    worker.demote()
            status, payload = worker.conn.recv()
            if worker.demoted and not worker.promote():
                worker.kill()  # cannot raise its priority again: start a fresh one
                worker = self._new_worker()
        except (EOFError, OSError) as exc:
            why = _stopped(worker.process)
            worker.kill()
            worker = self._new_worker()
            raise QueryFailed(
                f"the query process stopped while running this query ({why}); the query was "
                "not answered"
            ) from exc
        finally:
            self._give_back(worker)
        if status == "ok":
            assert isinstance(payload, QueryAnswer | Inspection)
            return payload
        if status == "syntax":
            raise QuerySyntaxError(payload)
        if status == "refused":
            raise QueryRefusedError(payload)
        if status == "not-acceptable":
            raise NotAcceptableForm(payload)
        raise QueryFailed(payload)

    def close(self) -> None:
        self._closed = True
        while True:
            try:
                self._idle.get_nowait().kill()
            except queue.Empty:
                return

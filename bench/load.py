"""Load with hostile traffic: 32 clients for 60 s against `cndkg serve` started here.

Mixes the competency queries, entity pages, downloads and hostile requests (explosive
queries, malformed queries, huge bodies, SERVICE attempts). Prints throughput, p50/p99
of the well-formed requests, and errors by kind. Bounded in time and in count; loopback
only. Each client speaks from its own loopback address (127.0.0.x), so the server's
per-client limits see 32 (or 64) clients, not one.

`--hostile` adds issue 15's attacks, 1% each: a query nested 2,600 braces deep (it
crashed the app process's parser), a 2 KB VALUES query that kept a core busy for
minutes, and SERVICE hidden behind `1<2` aimed at a listener run here (it must hear
nothing). The last lines count dropped connections, app processes that died (granian
restarts them) and what the listener heard.

    .venv/bin/python bench/load.py [--build build] [--clients 32] [--seconds 60] [--hostile]
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing as mp
import random
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter, defaultdict
from pathlib import Path

from cndkg.processes import children

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
QUERIES = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "queries").glob("*.rq"))]
EXPLOSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?n"
PARSER_CRASH = "SELECT * WHERE " + "{" * 2600 + " ?s ?p ?o " + "}" * 2600
CPU_BOMB = (
    "ASK { "
    + " ".join(f"VALUES ?{v} {{ {' '.join(map(str, range(150)))} }}" for v in "abcd")
    + " FILTER(?a + ?b + ?c + ?d < 0) }"
)
LISTENER_PORT = 0  # set in each client process: where hidden SERVICE calls would go

# kind: (weight, method, path or body maker, expected statuses)
SAMPLES: list[str] = []  # bodies of the first unexpected answers, to say what went wrong
WELL_FORMED = {"query", "entity-html", "entity-turtle", "download", "void"}


def request_for(
    kind: str, rng: random.Random
) -> tuple[str, str, bytes | None, dict[str, str], set[int]]:
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    if kind == "query":
        body = urllib.parse.urlencode({"query": rng.choice(QUERIES)}).encode()
        return "POST", "/sparql", body, {**form, "Accept": "application/sparql-results+json"}, {200}
    if kind == "entity-html":
        path = rng.choice(["/id/state/CHE", "/id/meeting/cnd-td-2023-10", "/id/challenge/C06"])
        return "GET", path, None, {"Accept": "text/html"}, {200}
    if kind == "entity-turtle":
        path = rng.choice(["/id/state/MEX", "/id/meeting/cnd-67", "/id/org/unodc"])
        return "GET", path, None, {"Accept": "text/turtle"}, {200}
    if kind == "download":
        return "GET", "/download/cndkg.nt", None, {}, {200}
    if kind == "void":
        return "GET", "/.well-known/void", None, {}, {200}
    if kind == "explosive":
        body = urllib.parse.urlencode({"query": EXPLOSIVE}).encode()
        return "POST", "/sparql", body, form, {503, 429}  # 429: the client's budget is spent
    if kind == "parser-crash":
        body = urllib.parse.urlencode({"query": PARSER_CRASH}).encode()
        return "POST", "/sparql", body, form, {400}
    if kind == "cpu-bomb":
        body = urllib.parse.urlencode({"query": CPU_BOMB}).encode()
        return "POST", "/sparql", body, form, {503, 429}
    if kind == "hidden-service":
        query = (
            "SELECT * WHERE { FILTER(1<2) SERVICE "
            f"<http://127.0.0.1:{LISTENER_PORT}/sparql> {{ ?s ?p ?o }} }}"
        )
        return "POST", "/sparql", urllib.parse.urlencode({"query": query}).encode(), form, {400}
    if kind == "malformed":
        body = urllib.parse.urlencode({"query": "SELECT ?x WHERE { ?x " + "(" * 50}).encode()
        return "POST", "/sparql", body, form, {400}
    if kind == "huge":
        return "POST", "/sparql", b"query=" + b"x" * (1 << 20), form, {413}
    if kind == "service":
        body = urllib.parse.urlencode(
            {"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"}
        ).encode()
        return "POST", "/sparql", body, form, {400}
    raise ValueError(kind)


MIX = [("query", 50), ("entity-html", 12), ("entity-turtle", 12), ("download", 3), ("void", 3),
       ("explosive", 1), ("malformed", 7), ("huge", 4), ("service", 8)]  # fmt: skip
HOSTILE = [("parser-crash", 1), ("cpu-bomb", 1), ("hidden-service", 1)]


def client(
    port: int, until: float, seed: int, results: list[tuple[str, float, str]], hostile: bool
) -> None:
    rng = random.Random(seed)
    kinds, weights = zip(*(MIX + HOSTILE if hostile else MIX), strict=True)
    source = (f"127.0.0.{10 + seed % 240}", 0)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60, source_address=source)
    while time.monotonic() < until:
        kind = rng.choices(kinds, weights)[0]
        method, path, body, headers, expected = request_for(kind, rng)
        t0 = time.perf_counter()
        for attempt in (1, 2):
            reused = conn.sock is not None
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                data = response.read()
                outcome = "ok" if response.status in expected else f"status {response.status}"
                if outcome != "ok" and len(SAMPLES) < 5:
                    SAMPLES.append(f"{kind} {path}: {data[:160]!r}")
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
                break
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                # a kept-alive connection the server had already closed: like any HTTP
                # client, try once more on a new one (counted, and an error if it fails)
                stale = (BrokenPipeError, ConnectionResetError, http.client.RemoteDisconnected)
                if attempt == 1 and reused and isinstance(exc, stale):
                    results.append(("(reconnect)", 0.0, "ok"))
                    continue
                outcome = f"{type(exc).__name__}"
                break
        results.append((kind, time.perf_counter() - t0, outcome))


def client_process(
    port: int, seconds: float, seeds: list[int], hostile: bool, listener_port: int
) -> tuple[list[tuple[str, float, str]], list[str]]:
    """One client process: a thread per client seed, for `seconds`."""
    global LISTENER_PORT
    LISTENER_PORT = listener_port
    results: list[tuple[str, float, str]] = []
    until = time.monotonic() + seconds
    threads = [
        threading.Thread(target=client, args=(port, until, i, results, hostile)) for i in seeds
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, SAMPLES


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", type=Path, default=ROOT / "build")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=32)
    parser.add_argument("--client-processes", type=int, default=4)
    parser.add_argument("--hostile", action="store_true", help="add issue 15's attacks")
    args = parser.parse_args()
    import socket

    listener = Listener()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [str(BIN / "cndkg"), "serve", "--build", str(args.build), "--port", str(port),
         "--workers", str(args.workers), "--threads", str(args.threads)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        wait_until_up(port)
        # clients spread over processes: in one Python process, 32 threads queue for its
        # lock and the wait is counted as the server's latency
        procs = max(1, min(args.client_processes, args.clients))
        shares = [list(range(i, args.clients, procs)) for i in range(procs)]
        apps_before = app_processes(server.pid)
        t0 = time.monotonic()
        with mp.get_context("spawn").Pool(procs) as pool:
            parts = pool.starmap(
                client_process,
                [(port, args.seconds, share, args.hostile, listener.port) for share in shares],
            )
        wall = time.monotonic() - t0
        apps_after = app_processes(server.pid)
        results = [r for part, _ in parts for r in part]
        SAMPLES.extend(sample for _, samples in parts for sample in samples[:5])
    finally:
        server.terminate()
        server.wait(timeout=30)
        listener.close()
    good = sorted(t for k, t, o in results if k in WELL_FORMED and o == "ok")
    by_kind: dict[str, Counter[str]] = defaultdict(Counter)
    for kind, _, outcome in results:
        by_kind[kind][outcome] += 1
    unexpected = sum(n for c in by_kind.values() for o, n in c.items() if o != "ok")
    print(
        f"{args.clients} clients in {args.client_processes} processes, {wall:.0f} s, server: "
        f"{args.workers} processes x {args.threads} threads"
    )
    print(
        f"requests: {len(results)} ({len(results) / wall:.1f}/s); well-formed answered: "
        f"{len(good)} ({len(good) / wall:.1f}/s)"
    )
    if good:
        p99 = good[min(len(good) - 1, int(len(good) * 0.99))]
        print(
            f"well-formed latency: p50 {statistics.median(good) * 1000:.0f} ms, "
            f"p99 {p99 * 1000:.0f} ms"
        )
    for kind in sorted(WELL_FORMED):
        times = sorted(t for k, t, o in results if k == kind and o == "ok")
        if times:
            p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
            print(
                f"  {kind:14} p50 {statistics.median(times) * 1000:5.0f} ms, "
                f"p99 {p99 * 1000:5.0f} ms"
            )
    print(f"unexpected outcomes: {unexpected}")
    for kind, counts in sorted(by_kind.items()):
        print(f"  {kind:14} " + ", ".join(f"{o}: {n}" for o, n in counts.most_common()))
    for sample in SAMPLES:
        print(f"  e.g. {sample}")
    dropped = sum(
        n for c in by_kind.values() for o, n in c.items() if o not in ("ok",) and "status" not in o
    )
    print(
        f"dropped connections: {dropped}; app processes that died: "
        f"{len(apps_before - apps_after)} of {len(apps_before)}; "
        f"connections the SERVICE listener received: {listener.connections}"
    )


def wait_until_up(port: int, seconds: float = 60) -> None:
    """Until `cndkg serve` on this port answers (its VoID), or OSError after `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            c.request("GET", "/.well-known/void")
            c.getresponse().read()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def app_processes(server_pid: int) -> set[int]:
    """granian's worker processes: a crashed one is replaced by a new pid."""
    return set(children(server_pid))


class Listener:
    """Counts connections: a SERVICE call that got out would land here."""

    def __init__(self) -> None:
        import socket

        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
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
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self.running = False
        self.thread.join(timeout=2)
        self.sock.close()


if __name__ == "__main__":
    main()

"""Server CPU per request, by kind: one connection, requests one after another, against
`cndkg serve` started here (1 process x 8 threads). CPU time of the server and all its
processes, read from /proc, so the figure holds on a machine busy with other work,
where latencies do not. Compare code versions by running it with PYTHONPATH set to
another checkout's src.

    .venv/bin/python bench/request_cost.py [--build build] [--requests 300]
"""

from __future__ import annotations

import argparse
import http.client
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

from load import wait_until_up  # bench/load.py, beside this script

from cndkg.processes import cpu_seconds, descendants

ROOT = Path(__file__).resolve().parents[1]
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def tree(pid: int) -> list[int]:
    return [pid, *descendants(pid)]


def ask(
    conn: http.client.HTTPConnection, method: str, path: str, body: bytes | None,
    headers: dict[str, str],
) -> None:  # fmt: skip
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    response.read()
    if response.getheader("Connection", "").lower() == "close":
        conn.close()  # http.client opens a new one on the next request


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", type=Path, default=ROOT / "build")
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    citations = (ROOT / "queries" / "citations.rq").read_text(encoding="utf-8")
    kinds = {
        "cached query (POST)": (
            "POST", "/sparql", urllib.parse.urlencode({"query": citations}).encode(),
            {**FORM, "Accept": "application/sparql-results+json"},
        ),
        "VoID (GET)": ("GET", "/.well-known/void", None, {}),
        "entity page": ("GET", "/id/state/CHE", None, {"Accept": "text/html"}),
        "malformed": (
            "POST", "/sparql", urllib.parse.urlencode({"query": "SELECT ?x {" + "(" * 50}).encode(),
            FORM,
        ),
        "1 MiB body (413)": ("POST", "/sparql", b"query=" + b"x" * (1 << 20), FORM),
    }  # fmt: skip
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "cndkg"), "serve", "--build", str(args.build),
         "--port", str(port), "--workers", "1", "--threads", "8"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait_until_up(port)
        pids = tree(server.pid)
        for name, request in kinds.items():
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            for _ in range(5):  # warm: caches filled, refusals remembered
                ask(conn, *request)
            before, t0 = cpu_seconds(pids), time.perf_counter()
            for _ in range(args.requests):
                ask(conn, *request)
            spent = (cpu_seconds(pids) - before) / args.requests
            took = (time.perf_counter() - t0) / args.requests
            print(f"{name:22} server CPU {spent * 1e6:6.0f} us, round trip {took * 1e3:5.2f} ms")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()

"""A rebuild while the server runs goes live atomically: no failed request, no answer
that mixes two builds, and a build that fails validation never goes live."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

from cndkg.pipeline import run_build
from tests.conftest import SOURCES
from tests.web.conftest import free_port

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def ask(url: str) -> tuple[int, str, int]:
    q = urllib.parse.urlencode({"query": COUNT})
    req = urllib.request.Request(
        f"{url}/sparql?{q}", headers={"Accept": "application/sparql-results+json"}
    )
    with urllib.request.urlopen(req, timeout=30) as r:
        body = json.loads(r.read())
        n = int(body["results"]["bindings"][0]["n"]["value"])
        return r.status, r.headers["X-Cndkg-Release"], n


def test_rebuild_under_load_fails_no_request_and_mixes_no_builds(
    seed_release: Path, tmp_path: Path
) -> None:
    out = tmp_path / "build"
    shutil.copytree(seed_release.parent.parent, out, symlinks=True)
    smaller = tmp_path / "sources"
    smaller.mkdir()
    for path in sorted(SOURCES.iterdir())[2:]:  # a different, smaller corpus
        shutil.copy(path, smaller)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "cndkg.cli", "serve", "--build", str(out), "--port", str(port),
         "--workers", "2", "--threads", "4"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ},
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                ask(url)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)
        results: list[tuple[int, str, int]] = []
        errors: list[str] = []
        stop = threading.Event()

        def hammer() -> None:  # until the rebuild is live and 500 answers are in
            give_up = time.monotonic() + 300
            while (not stop.is_set() or len(results) < 500) and time.monotonic() < give_up:
                try:
                    results.append(ask(url))
                except Exception as exc:  # any failure counts
                    errors.append(repr(exc))

        threads = [threading.Thread(target=hammer) for _ in range(4)]
        for t in threads:
            t.start()
        report = run_build(smaller, out)
        assert report.ok
        time.sleep(2)  # keep querying after the switch
        stop.set()
        for t in threads:
            t.join(timeout=120)
    finally:
        server.terminate()
        server.wait(timeout=20)
    assert errors == []
    assert len(results) >= 500
    releases = {r for _, r, _ in results}
    assert len(releases) == 2, releases  # the old build, then the new one
    expected = {}
    for name in releases:
        manifest = json.loads((out / "releases" / name / "manifest.json").read_text())
        expected[name] = manifest["merged_triples"]  # the default graph
    for status, release, n in results:
        assert status == 200 and n == expected[release], (release, n, expected)

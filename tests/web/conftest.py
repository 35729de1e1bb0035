"""The app over the seed build: a Flask test client, and a real server on a socket."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from cndkg.web import create_app
from tests.external.servers import free_port, stop, wait_for

LIVE_TIMEOUT = 3.0  # seconds: short, so the timeout tests stay quick


@pytest.fixture(scope="session")
def build_dir(seed_release: Path) -> Path:
    return seed_release.parent.parent


@pytest.fixture(scope="session")
def app(build_dir: Path) -> Iterator[Flask]:
    app = create_app(
        {
            "BUILD_DIR": str(build_dir),
            "QUERY_TIMEOUT": LIVE_TIMEOUT,
            "QUERY_WORKERS": 2,
            "TESTING": True,
            # the suite is one client sending thousands of queries: budgets are tested
            # on servers of their own (test_attacks.py)
            "CLIENT_QUERY_SECONDS": 0.0,
            "CLIENT_CONCURRENCY": 0,
        }
    )
    yield app
    app.extensions["cndkg"].close()


@pytest.fixture()
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@contextlib.contextmanager
def serving(
    build_dir: Path, port: int, threads: int, timeout: float, env: dict[str, str]
) -> Iterator[subprocess.Popen[bytes]]:
    """`cndkg serve` on 127.0.0.1:port, as a user starts it, until its endpoint answers
    200 (30 s at most); stopped after."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "cndkg.cli", "serve", "--build", str(build_dir), "--port",
         str(port), "--workers", "1", "--threads", str(threads), "--timeout", str(timeout)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
    )  # fmt: skip
    try:
        wait_for(f"http://127.0.0.1:{port}/sparql", seconds=30)
        yield proc
    finally:
        stop(proc, grace=15)


@pytest.fixture(scope="session")
def live_server(build_dir: Path) -> Iterator[str]:
    """`cndkg serve` (granian) on 127.0.0.1, as a user would start it."""
    port = free_port()
    env = {**os.environ, "CNDKG_CLIENT_QUERY_SECONDS": "0", "CNDKG_CLIENT_CONCURRENCY": "0"}
    with serving(build_dir, port, 4, LIVE_TIMEOUT, env):
        yield f"http://127.0.0.1:{port}"

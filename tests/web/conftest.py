"""The app over the seed build: a Flask test client, and a real server on a socket."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from cndkg.web import create_app

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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def live_server(build_dir: Path) -> Iterator[str]:
    """`cndkg serve` (gunicorn) on 127.0.0.1, as a user would start it."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "cndkg.cli", "serve", "--build", str(build_dir), "--port",
         str(port), "--workers", "1", "--threads", "4", "--timeout", str(LIVE_TIMEOUT)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "CNDKG_CLIENT_QUERY_SECONDS": "0", "CNDKG_CLIENT_CONCURRENCY": "0"},
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/sparql", timeout=2):
                break
        except OSError:
            time.sleep(0.3)
    else:
        proc.kill()
        raise RuntimeError("server did not start")
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()

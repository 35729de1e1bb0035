"""Faults: a missing or corrupt store, a disk that fills up during a build, a server killed
in the middle of a request. Each is reported clearly and loses nothing already built."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

import cndkg.pipeline as pipeline
from cndkg.cli import main
from cndkg.release import resolve
from tests.conftest import SOURCES
from tests.web.conftest import free_port


def copy_build(seed_release: Path, tmp_path: Path) -> Path:
    out = tmp_path / "build"
    shutil.copytree(seed_release.parent.parent, out, symlinks=True)
    return out


def digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.name != "LOCK":
            h.update(path.name.encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def test_serving_a_folder_without_a_build_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve", "--build", str(tmp_path / "nothing")]) == 2
    assert "holds no build" in capsys.readouterr().err


def test_serving_a_corrupt_store_is_a_clear_error(
    seed_release: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = copy_build(seed_release, tmp_path)
    store = resolve(out) / "store"
    for path in store.iterdir():
        if path.is_file():
            path.write_bytes(b"\x00garbage" * 64)
    assert main(["serve", "--build", str(out)]) == 2
    assert "store of this build cannot be opened" in capsys.readouterr().err


def test_disk_full_during_a_build_keeps_the_previous_build(
    seed_release: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    out = copy_build(seed_release, tmp_path)
    before, releases = resolve(out), sorted((out / "releases").iterdir())

    def full_disk(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(out / "union.ttl"))

    monkeypatch.setattr(pipeline, "write_release", full_disk)
    assert main(["build", "--sources", str(SOURCES), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "No space left on device" in err and "nothing already built was changed" in err
    assert resolve(out) == before
    assert sorted((out / "releases").iterdir()) == releases  # the partial one is gone


def test_build_into_a_folder_that_cannot_be_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    assert main(["build", "--sources", str(SOURCES), "--out", str(blocker / "build")]) == 2
    assert "nothing already built was changed" in capsys.readouterr().err


def test_killing_the_server_mid_request_loses_nothing(seed_release: Path, tmp_path: Path) -> None:
    out = copy_build(seed_release, tmp_path)
    store = resolve(out) / "store"
    before = digest(store)
    port = free_port()

    def start() -> subprocess.Popen[bytes]:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "cndkg.cli",
                "serve",
                "--build",
                str(out),
                "--port",
                str(port),
                "--workers",
                "1",
                "--threads",
                "2",
                "--timeout",
                "5",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/sparql", timeout=2).close()
                return proc
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("server did not start")

    proc = start()
    slow = urllib.parse.urlencode(
        {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"}
    )
    threading.Thread(
        target=lambda: _ignore(f"http://127.0.0.1:{port}/sparql?{slow}"), daemon=True
    ).start()
    time.sleep(1.0)
    os.killpg(proc.pid, signal.SIGKILL)  # the server and its query workers, mid-request
    proc.wait(timeout=10)
    assert digest(store) == before
    proc = start()
    try:
        q = urllib.parse.urlencode({"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"})
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/sparql?{q}", timeout=30) as r:
            assert r.status == 200 and b'"n"' in r.read()
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)


def _ignore(url: str) -> None:
    with contextlib.suppress(OSError):
        urllib.request.urlopen(url, timeout=30).read()

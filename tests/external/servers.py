"""Start real triple stores on 127.0.0.1 for the tests: Oxigraph server (PyPI `oxigraph`)
and Virtuoso Open Source (Debian `virtuoso-opensource`, installed by .ci/run)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

VIRTUOSO_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    q = urllib.parse.urlencode({"query": "ASK { }"})
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}?{q}", timeout=3) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer in {seconds} s")


def stop(proc: subprocess.Popen[bytes], grace: float) -> None:
    """Ask a server to stop; kill it if it has not within `grace` seconds."""
    proc.terminate()
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def oxigraph_binary() -> str | None:
    local = Path(sys.executable).parent / "oxigraph"
    return str(local) if local.exists() else shutil.which("oxigraph")


@contextmanager
def oxigraph_server(folder: Path) -> Iterator[str]:
    binary = oxigraph_binary()
    assert binary, "pip install oxigraph (test extra)"
    port = free_port()
    proc = subprocess.Popen(
        [binary, "serve", "--location", str(folder / "oxigraph"), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(url + "/query")
        yield url
    finally:
        stop(proc, grace=20)


@contextmanager
def virtuoso_server(folder: Path) -> Iterator[str]:
    """A private Virtuoso on free loopback ports, its files in `folder`."""
    db = folder / "virtuoso"
    db.mkdir(parents=True, exist_ok=True)
    http_port, sql_port = free_port(), free_port()
    ini = VIRTUOSO_INI.read_text(encoding="utf-8")
    files = {"DatabaseFile": "virtuoso.db", "ErrorLogFile": "virtuoso.log",
             "LockFile": "virtuoso.lck", "TransactionFile": "virtuoso.trx",
             "xa_persistent_file": "virtuoso.pxa"}  # fmt: skip
    out, section = [], ""
    for line in ini.splitlines():
        header = re.match(r"^\[(.+)\]", line)
        if header:
            section = header.group(1)
        key = line.split("=", 1)[0].strip()
        if section in ("Database", "TempDatabase") and key in files:
            name = files[key] if section == "Database" else "temp-" + files[key]
            line = f"{key} = {db / name}"
        elif section == "Parameters" and key == "ServerPort":
            line = f"ServerPort = 127.0.0.1:{sql_port}"
        elif section == "HTTPServer" and key == "ServerPort":
            line = f"ServerPort = 127.0.0.1:{http_port}"
        elif section == "Parameters" and key == "DirsAllowed":
            line = f"DirsAllowed = ., {db}, /usr/share/virtuoso-opensource-7/vad"
        out.append(line)
    config = db / "virtuoso.ini"
    config.write_text("\n".join(out) + "\n", encoding="utf-8")
    proc = subprocess.Popen(
        ["virtuoso-t", "+configfile", str(config), "+foreground"],
        cwd=db,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{http_port}"
    try:
        wait_for(url + "/sparql", seconds=90)
        yield url
    finally:
        stop(proc, grace=30)

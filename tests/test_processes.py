"""Pool processes come from a fork server that runs with jemalloc where the system has it."""

from __future__ import annotations

import os
import subprocess
import sys
from multiprocessing.connection import Connection
from pathlib import Path

import pytest

from cndkg.processes import forkserver_context, jemalloc

ROOT = Path(__file__).resolve().parents[1]


def report_malloc(conn: Connection) -> None:
    maps = Path("/proc/self/maps").read_text(encoding="utf-8")
    conn.send("jemalloc" if "libjemalloc" in maps else "system")
    conn.close()


def malloc_of_a_pool_process() -> str:
    ctx = forkserver_context(__name__)
    mine, theirs = ctx.Pipe()
    child = ctx.Process(target=report_malloc, args=(theirs,))
    child.start()
    answer = str(mine.recv())
    child.join(10)
    return answer


@pytest.mark.skipif(
    jemalloc() is None, reason="libjemalloc2 is not installed (.ci/run installs it)"
)
def test_pool_processes_run_with_jemalloc_and_the_caller_does_not() -> None:
    assert malloc_of_a_pool_process() == "jemalloc"
    assert "LD_PRELOAD" not in os.environ
    assert "libjemalloc" not in Path("/proc/self/maps").read_text(encoding="utf-8")


def test_cndkg_malloc_system_keeps_glibcs() -> None:
    code = "from tests.test_processes import malloc_of_a_pool_process as m; print(m())"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60,
        env={**os.environ, "CNDKG_MALLOC": "system"}, check=True,
    )  # fmt: skip
    assert out.stdout.strip() == "system"

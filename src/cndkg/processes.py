"""Where cndkg's process pools (query workers, SHACL chunks) start their processes."""

from __future__ import annotations

import ctypes.util
import multiprocessing as mp
import os
import threading
from functools import lru_cache
from multiprocessing import forkserver
from multiprocessing.context import ForkServerContext
from pathlib import Path

_STARTING = threading.Lock()


def forkserver_context(preload: str) -> ForkServerContext:
    """Processes come from multiprocessing's fork server with `preload` imported already,
    so a new one starts in milliseconds instead of re-importing everything; forking the
    caller itself is unsafe, as it runs threads.

    There is one fork server per Python process, and its preload list is read when it
    starts: the first pool to start it decides. A pool started later in the same process
    (tests run both kinds) gets children that import its module on their first task:
    correct, only slower to start."""
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload([preload])
    start_forkserver()
    return ctx


def start_forkserver() -> None:
    """Start the fork server, with jemalloc as its malloc where the system has it: every
    process it forks inherits it. Measured at 100x the seeds, in one process: the EU's
    statements, narrowed, took 84 to 112 ms under glibc's malloc after a large query and
    55 to 75 ms under jemalloc (faster in each of 5 paired runs); the whole statements
    answer 3.5 to 4.0 s and 2.1 to 3.2 s. `CNDKG_MALLOC=system` keeps glibc's."""
    library = jemalloc()
    with _STARTING:
        if not library or "LD_PRELOAD" in os.environ:
            forkserver.ensure_running()
            return
        os.environ["LD_PRELOAD"] = library  # read once, when the fork server is exec'd
        try:
            forkserver.ensure_running()
        finally:
            del os.environ["LD_PRELOAD"]


@lru_cache(maxsize=1)
def jemalloc() -> str | None:
    """The shared library's name (Debian: libjemalloc2), or None."""
    if os.environ.get("CNDKG_MALLOC", "jemalloc") != "jemalloc":
        return None
    return ctypes.util.find_library("jemalloc")


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (Linux /proc; none where it cannot be read):
    how the tests and benchmarks find an app's query processes and fork server."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def descendants(pid: int) -> list[int]:
    """Every process below `pid`."""
    out, todo = [], [pid]
    while todo:
        for child in children(todo.pop()):
            out.append(child)
            todo.append(child)
    return out


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU the processes have used so far (Linux /proc)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")

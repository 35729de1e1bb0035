"""Where cndkg's process pools (query workers, SHACL chunks) start their processes."""

from __future__ import annotations

import multiprocessing as mp
from multiprocessing.context import ForkServerContext


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
    return ctx

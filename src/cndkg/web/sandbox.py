"""The query process's own walls: no network, and no life beyond its parent.

The engines fetch what a query names (SERVICE) and cannot be told not to, so besides
refusing such queries (guard.py), each query process installs a seccomp filter (Linux,
through libseccomp, which Debian's apt itself depends on) that makes socket() fail for
every address family but AF_UNIX: the process keeps the pipe it was handed and can open
no connection, whatever code runs in it. io_uring, which can make sockets without the
socket() call, is refused too.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import os
import signal
import socket
from functools import lru_cache
from multiprocessing import forkserver
from typing import Any

# libseccomp's seccomp.h
SCMP_ACT_ALLOW = 0x7FFF0000
SCMP_CMP_NE = 1
PR_SET_PDEATHSIG = 1


def _errno_action(code: int) -> int:
    return 0x00050000 | (code & 0x0000FFFF)  # SCMP_ACT_ERRNO(code)


class _ArgCompare(ctypes.Structure):
    """struct scmp_arg_cmp."""

    _fields_ = (
        ("arg", ctypes.c_uint),
        ("op", ctypes.c_int),
        ("datum_a", ctypes.c_uint64),
        ("datum_b", ctypes.c_uint64),
    )


class SandboxError(RuntimeError):
    """The walls could not be put up: the process must not run queries."""


@lru_cache(maxsize=1)
def _libseccomp() -> ctypes.CDLL:
    name = ctypes.util.find_library("seccomp")
    if not name:
        raise SandboxError("libseccomp is not installed (Debian: libseccomp2)")
    lib = ctypes.CDLL(name, use_errno=True)
    lib.seccomp_init.restype = ctypes.c_void_p
    lib.seccomp_init.argtypes = (ctypes.c_uint32,)
    lib.seccomp_syscall_resolve_name.argtypes = (ctypes.c_char_p,)
    lib.seccomp_rule_add_array.argtypes = (
        ctypes.c_void_p, ctypes.c_uint32, ctypes.c_int, ctypes.c_uint,
        ctypes.POINTER(_ArgCompare),
    )  # fmt: skip
    lib.seccomp_load.argtypes = (ctypes.c_void_p,)
    lib.seccomp_release.argtypes = (ctypes.c_void_p,)
    return lib


def deny_network() -> None:
    """From now on, this process (and any it starts) can open no network socket."""
    lib = _libseccomp()
    deny = _errno_action(errno.EACCES)
    ctx = lib.seccomp_init(SCMP_ACT_ALLOW)
    if not ctx:
        raise SandboxError("seccomp_init failed")
    try:
        only_unix = (_ArgCompare * 1)(_ArgCompare(0, SCMP_CMP_NE, socket.AF_UNIX, 0))
        rules = [("socket", 1, only_unix), ("io_uring_setup", 0, None)]
        for name, count, args in rules:
            number = lib.seccomp_syscall_resolve_name(name.encode())
            if number < 0:
                continue  # not a system call on this architecture
            if lib.seccomp_rule_add_array(ctx, deny, number, count, args) < 0:
                raise SandboxError(f"seccomp rule for {name} refused")
        if lib.seccomp_load(ctx) < 0:
            raise SandboxError("seccomp_load failed")
    finally:
        lib.seccomp_release(ctx)
    try:
        socket.socket(socket.AF_INET, socket.SOCK_STREAM).close()
    except PermissionError:
        return
    raise SandboxError("a network socket could still be opened after the filter")


def die_with_parent() -> None:
    """Be killed when the fork server that started this process ends, and let it end
    with the app that started it: a query process left by an app process that crashed
    stops at once, not at its query's end (tested).

    multiprocessing's fork server runs until every holder of its "alive" pipe is gone,
    and hands that pipe to each process it forks: left open here, a query process
    would keep the fork server alive, and so itself. Closed, the fork server sees the
    app's end, exits, and the kernel kills this process (Linux prctl PDEATHSIG)."""
    server: Any = forkserver._forkserver  # type: ignore[attr-defined]
    alive = getattr(server, "_forkserver_alive_fd", None)
    if alive is not None:
        with contextlib.suppress(OSError):
            os.close(alive)
        server._forkserver_alive_fd = None
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() == 1:  # the fork server ended before the line above
        os._exit(1)

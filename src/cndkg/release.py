"""Builds as releases: each build in its own folder, `current` switched atomically.

A failed build never replaces the last good one; readers follow `current`.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

CURRENT = "current"
RELEASES = "releases"
KEEP = 3
# the dumps every release holds, by format: written by the build, downloaded from the
# web app, copied by `cndkg export`
DUMP_FILES = {
    "ttl": "union.ttl", "nt": "union.nt", "jsonld": "union.jsonld", "trig": "dataset.trig",
}  # fmt: skip


def new_release(out: Path) -> Path:
    """A fresh, empty folder for a build in progress; what builds that were killed left
    behind (`.partial` folders of processes no longer running) is removed first."""
    (out / RELEASES).mkdir(parents=True, exist_ok=True)
    for stale in (out / RELEASES).glob("*.partial"):
        pid = stale.name.removesuffix(".partial").rsplit("-", 1)[-1]
        if pid.isdigit() and not _running(int(pid)):
            shutil.rmtree(stale, ignore_errors=True)
    stamp = time.strftime("%Y%m%dT%H%M%S")
    folder = out / RELEASES / f"{stamp}-{os.getpid()}.partial"
    folder.mkdir()
    return folder


def publish(out: Path, partial: Path) -> Path:
    """Make a finished build current in one atomic rename of a symlink."""
    final = partial.with_name(partial.name.removesuffix(".partial"))
    partial.rename(final)
    link = out / f".{CURRENT}.{os.getpid()}"
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(Path(RELEASES) / final.name)
    os.replace(link, out / CURRENT)
    _prune(out, keep=final)
    return final


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def discard(partial: Path) -> None:
    shutil.rmtree(partial, ignore_errors=True)


def resolve(build: Path) -> Path:
    """The release a --build argument names: an out folder (its current) or a release."""
    if (build / CURRENT).exists():
        return (build / CURRENT).resolve()
    if (build / "dataset.trig").exists():
        return build
    raise FileNotFoundError(f"{build} holds no build (run `cndkg build --out {build}`)")


def _prune(out: Path, keep: Path) -> None:
    releases = sorted(p for p in (out / RELEASES).iterdir() if p.is_dir())
    finished = [p for p in releases if not p.name.endswith(".partial") and p != keep]
    for old in finished[: max(0, len(finished) - (KEEP - 1))]:
        shutil.rmtree(old, ignore_errors=True)

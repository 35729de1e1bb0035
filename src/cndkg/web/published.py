"""The build the web app answers from: followed through `current`, swapped atomically.

When `cndkg build` publishes a new release, the next request opens a query pool on it
and retires the old pool once its running queries finish: no request fails, and no
answer mixes two builds (each query runs entirely in one pool, on one release).
"""

from __future__ import annotations

import json
import os
import threading
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, Protocol

from cndkg.iris import DEFAULT_BASE
from cndkg.release import CURRENT, resolve
from cndkg.web.pool import CACHE_BYTES, QueryAnswer, QueryJob, QueryPool


class AnswersQueries(Protocol):
    """A query pool: the embedded store's processes or an external store over HTTP."""

    def run(self, job: QueryJob, graph_format: str | None = "turtle") -> QueryAnswer: ...

    def cached(self, job: QueryJob, graph_format: str | None = "turtle") -> QueryAnswer | None: ...

    def close(self) -> None: ...


@dataclass
class Release:
    """One build as the app sees it: its name, where queries go, its manifest."""

    path: Path
    pool: AnswersQueries
    manifest: dict[str, Any]

    @property
    def base(self) -> str:
        return str(self.manifest.get("base", DEFAULT_BASE))

    @cached_property
    def graphs(self) -> frozenset[str]:
        """Read per request (graph parameters): made once (a 100x build names 500 graphs)."""
        return frozenset(self.manifest.get("graphs", {}))


class Published:
    def __init__(
        self, build: Path, pool_size: int, timeout: float, memory_limit: int,
        cache_bytes: int = CACHE_BYTES,
    ) -> None:  # fmt: skip
        self.build = build
        self.cache_bytes = cache_bytes
        self.pool_size = pool_size
        self.timeout = timeout
        self.memory_limit = memory_limit
        self._lock = threading.Lock()
        self._current: Release | None = None
        self._link: str | None = None  # the text of `current` when it was last followed

    def _open(self, path: Path) -> Release:
        manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
        if not (path / "store").is_dir():
            raise FileNotFoundError(f"build {path} has no store")
        pool = QueryPool(
            path / "store", self.pool_size, self.timeout, self.memory_limit, self.cache_bytes,
            allowed_graphs=frozenset(manifest.get("graphs", {})),
        )  # fmt: skip
        return Release(path, pool, manifest)

    def current(self) -> Release:
        """The release to answer from, switching when `current` points elsewhere.

        Reading the link is one system call; resolving the whole path took 130 us, a
        third of a cached answer. `publish` renames a fresh link over `current`, so its
        text names the release (release folders are never renamed once published)."""
        try:
            link: str | None = os.readlink(self.build / CURRENT)
        except OSError:  # a release folder given directly, or no build yet
            link = None
        release = self._current
        if release is not None and link is not None and link == self._link:
            return release
        path = resolve(self.build)
        with self._lock:
            release = self._current
            if release is None or release.path != path:
                fresh = self._open(path)
                old, self._current = self._current, fresh
                if old is not None:
                    old.pool.close()
                release = fresh
            # read before resolving: if `current` moved in between, the next request
            # sees a different text and resolves again
            self._link = link
        return release

    def close(self) -> None:
        if self._current is not None:
            self._current.pool.close()

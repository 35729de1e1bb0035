"""Per-client limits, so one client cannot take the endpoint from the others.

Two rules, as public endpoints have them (Wikidata Query Service: 60 s of query time
per 60 s per client; DBpedia's Virtuoso: connections per address): at most
CLIENT_CONCURRENCY requests in flight per client, and query time spent by the query
processes for a client's uncached queries, at most CLIENT_QUERY_SECONDS per
CLIENT_WINDOW, refilled continuously. Past either, the answer is 429 with Retry-After.
A client is its address (IPv6: its /64), or, behind a trusted reverse proxy
(TRUST_FORWARDED_FOR), the address the proxy appended to X-Forwarded-For. The counts
are kept per app process.
"""

from __future__ import annotations

import ipaddress
import math
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from flask import Response, current_app

MAX_CLIENTS = 10_000  # remembered clients before the ones with nothing owed are forgotten


def client_key(environ: dict[str, Any]) -> str:
    """Who is asking: an address, with an IPv6 address cut to its /64."""
    address = str(environ.get("REMOTE_ADDR") or "")
    if environ.get("cndkg.trust_forwarded_for"):
        forwarded = str(environ.get("HTTP_X_FORWARDED_FOR") or "")
        address = forwarded.rsplit(",", 1)[-1].strip() or address
    if ":" in address:
        try:
            return str(ipaddress.IPv6Network(f"{address}/64", strict=False))
        except ValueError:
            return address
    return address


def too_many(wait: float, why: str = "this client has used its query time") -> Response:
    seconds = max(1, math.ceil(wait))
    response = Response(
        f"429 Too Many Requests: {why}; try again in {seconds} s\n",
        status=429,
        mimetype="text/plain",
    )
    response.headers["Retry-After"] = str(seconds)
    return response


class QueryTimeBudget:
    """Query seconds per client, as a bucket that drains at `seconds / window` per second."""

    def __init__(self, seconds: float, window: float) -> None:
        self.seconds = seconds
        self.rate = seconds / window if window > 0 else math.inf
        self._owed: dict[str, tuple[float, float]] = {}  # client -> (seconds owed, when)
        self._lock = threading.Lock()

    def _drained(self, key: str, now: float) -> float:
        owed, when = self._owed.get(key, (0.0, now))
        return max(0.0, owed - (now - when) * self.rate)

    def refusal(self, key: str) -> float:
        """Seconds this client must wait before its next uncached query (0: go ahead)."""
        if self.seconds <= 0:
            return 0.0
        with self._lock:
            owed = self._drained(key, time.monotonic())
        return (owed - self.seconds) / self.rate if owed >= self.seconds else 0.0

    def charge(self, key: str, seconds: float) -> None:
        if self.seconds <= 0:
            return
        now = time.monotonic()
        with self._lock:
            self._owed[key] = (self._drained(key, now) + seconds, now)
            if len(self._owed) > MAX_CLIENTS:
                self._owed = {k: v for k, v in self._owed.items() if self._drained(k, now) > 0}


def client_budget() -> QueryTimeBudget:
    budget = current_app.extensions["cndkg-budget"]
    assert isinstance(budget, QueryTimeBudget)
    return budget


def with_client_limits(
    wsgi_app: Callable[..., Iterable[bytes]], concurrency: int, trust_forwarded_for: bool
) -> Callable[..., Iterable[bytes]]:
    """At most `concurrency` requests in flight per client (the whole request: reading
    its body, answering, sending the answer); the next gets 429 at once."""
    in_flight: dict[str, int] = {}
    lock = threading.Lock()

    def release(key: str) -> None:
        with lock:
            left = in_flight[key] - 1
            if left:
                in_flight[key] = left
            else:
                del in_flight[key]

    def limited(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        environ["cndkg.trust_forwarded_for"] = trust_forwarded_for
        key = client_key(environ)
        with lock:
            busy = in_flight.get(key, 0)
            if concurrency and busy >= concurrency:
                refused = True
            else:
                refused = False
                in_flight[key] = busy + 1
        if refused:
            body = (
                f"429 Too Many Requests: at most {concurrency} requests at a time per "
                "client; try again in 1 s\n"
            ).encode()
            start_response(
                "429 Too Many Requests",
                [("Content-Type", "text/plain; charset=utf-8"), ("Retry-After", "1"),
                 ("Content-Length", str(len(body)))],
            )  # fmt: skip
            return [body]
        try:
            answer = wsgi_app(environ, start_response)
        except BaseException:
            release(key)
            raise
        return _Releasing(answer, lambda: release(key))

    return limited


class _Releasing:
    """The app's answer, passed through; the slot is freed once it is sent (PEP 3333:
    the server calls close())."""

    def __init__(self, answer: Iterable[bytes], done: Callable[[], None]) -> None:
        self.answer = answer
        self.done: Callable[[], None] | None = done

    def __iter__(self) -> Iterator[bytes]:
        return iter(self.answer)

    def close(self) -> None:
        try:
            close = getattr(self.answer, "close", None)
            if close is not None:
                close()
        finally:
            if self.done is not None:
                self.done()
                self.done = None

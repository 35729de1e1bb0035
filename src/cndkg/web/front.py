"""What `cndkg serve` puts in front of the WSGI app: the body is read before a thread
is given to the request, and within a deadline.

granian's WSGI body reader blocks the request thread until the whole body (or the
end of the connection) has arrived, and a response cannot be sent while that read
waits (measured: 12 connections sending a byte a second held every thread; a thread
that gave up on its read still could not answer). So the server speaks ASGI: the body
is read here by the event loop, which a slow client cannot block, within
BODY_TIMEOUT seconds (408 past it), by at most CLIENT_CONCURRENCY readers per client
(429 past it); then a2wsgi hands the request, body in memory, to the Flask app on one
of the request threads.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from a2wsgi import WSGIMiddleware

from cndkg.web import DISCARD_LIMIT
from cndkg.web.budget import client_key

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


class BodyFirst:
    """An ASGI app that reads each request's body, then runs the WSGI app on it."""

    def __init__(
        self, wsgi_app: Any, threads: int, body_timeout: float, max_body: int,
        concurrency: int, trust_forwarded_for: bool,
    ) -> None:  # fmt: skip
        # a2wsgi types its arguments with its own TypedDicts; ours are plain mappings
        self.app: Any = WSGIMiddleware(wsgi_app, workers=threads)
        self.body_timeout = body_timeout
        self.max_body = max_body
        self.concurrency = concurrency
        self.trust_forwarded_for = trust_forwarded_for
        self._reading: dict[str, int] = {}
        self._lock = threading.Lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)  # lifespan: a2wsgi answers it
            return
        key = client_key(self._environ(scope))
        with self._lock:
            readers = self._reading.get(key, 0)
            if self.concurrency and readers >= self.concurrency:
                await _plain(send, 429, "too many requests at a time from this client", "1")
                return
            self._reading[key] = readers + 1
        try:
            body = await self._read(receive)
        finally:
            with self._lock:
                left = self._reading[key] - 1
                if left:
                    self._reading[key] = left
                else:
                    del self._reading[key]
        if body is None:
            await _plain(
                send, 408, f"the request body did not arrive within {self.body_timeout:g} s"
            )
            return
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return {"type": "http.disconnect"}

        await self.app(scope, replay, send)

    async def _read(self, receive: Receive) -> bytes | None:
        """The body (only its first max_body + 1 bytes if longer: the app answers 413),
        or None past the deadline. Up to DISCARD_LIMIT bytes are read and dropped, so
        the sender can finish and read the 413."""
        chunks: list[bytes] = []
        kept = total = 0
        try:
            async with asyncio.timeout(self.body_timeout):
                while True:
                    message = await receive()
                    if message["type"] != "http.request":
                        break  # the client went away: the app sees what came
                    chunk = bytes(message.get("body", b""))
                    total += len(chunk)
                    if kept <= self.max_body:
                        chunks.append(chunk[: self.max_body + 1 - kept])
                        kept += len(chunks[-1])
                    if not message.get("more_body", False) or total > DISCARD_LIMIT:
                        break
        except TimeoutError:
            return None
        return b"".join(chunks)

    def _environ(self, scope: Scope) -> dict[str, Any]:
        """As much of a WSGI environ as client_key reads."""
        client = scope.get("client") or ("", 0)
        environ: dict[str, Any] = {
            "REMOTE_ADDR": client[0],
            "cndkg.trust_forwarded_for": self.trust_forwarded_for,
        }
        if self.trust_forwarded_for:
            for name, value in scope.get("headers", ()):
                if name.lower() == b"x-forwarded-for":
                    environ["HTTP_X_FORWARDED_FOR"] = value.decode("latin-1")
        return environ


async def _plain(send: Send, status: int, message: str, retry_after: str = "") -> None:
    body = f"{status} {message}\n".encode()
    headers = [
        (b"content-type", b"text/plain; charset=utf-8"),
        (b"content-length", str(len(body)).encode()),
        (b"connection", b"close"),
    ]
    if retry_after:
        headers.append((b"retry-after", retry_after.encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body, "more_body": False})

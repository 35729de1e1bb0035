"""What `cndkg serve` puts in front of the WSGI app: the body is read before a thread
is given to the request, and within a deadline.

granian's WSGI body reader blocks the request thread until the whole body (or the
end of the connection) has arrived, and a response cannot be sent while that read
waits (measured: 12 connections sending a byte a second held every thread; a thread
that gave up on its read still could not answer). So the server speaks ASGI: the body
is read here by the event loop, which a slow client cannot block, within
BODY_TIMEOUT seconds (408 past it), by at most CLIENT_CONCURRENCY readers per client
(429 past it); then a2wsgi hands the request, body in memory, to the Flask app on one
of the request threads. The answer comes back to the event loop whole when it is small
(one hop between threads; a2wsgi's own responder made three per answer and halved the
cached answers per second, measured), block by block when it is large (downloads).
"""

from __future__ import annotations

import asyncio
import io
import threading
from collections.abc import Awaitable, Callable, Iterable, Iterator, MutableMapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from a2wsgi.wsgi import build_environ

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
        self.app = wsgi_app
        self.threads = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="request")
        self.body_timeout = body_timeout
        self.max_body = max_body
        self.concurrency = concurrency
        self.trust_forwarded_for = trust_forwarded_for
        self._reading: dict[str, int] = {}
        self._lock = threading.Lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        if not _has_body(scope):
            await self._answer(scope, b"", send)
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
        await self._answer(scope, body, send)

    async def _answer(self, scope: Scope, body: bytes, send: Send) -> None:
        loop = asyncio.get_running_loop()
        answer = await loop.run_in_executor(self.threads, _respond, self.app, scope, body)
        start = {"type": "http.response.start", "status": answer.status, "headers": answer.headers}
        await send(start)
        if answer.rest is None:
            await send({"type": "http.response.body", "body": answer.body, "more_body": False})
            return
        try:
            await send({"type": "http.response.body", "body": answer.body, "more_body": True})
            while True:
                block = await loop.run_in_executor(self.threads, next, answer.rest, None)
                if block is None:
                    break
                await send({"type": "http.response.body", "body": block, "more_body": True})
            await send({"type": "http.response.body", "body": b"", "more_body": False})
        finally:
            await loop.run_in_executor(self.threads, answer.close)

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


def _has_body(scope: Scope) -> bool:
    """A request announces a body by Content-Length (not 0) or Transfer-Encoding."""
    for name, value in scope.get("headers", ()):
        if name == b"transfer-encoding" or (name == b"content-length" and value.strip() != b"0"):
            return True
    return False


WHOLE = 1 << 20  # answers up to this size go back to the event loop in one piece


class _Answer:
    """What the WSGI app answered: status, headers, the body or its first blocks, and
    the rest of its blocks (None when the body is whole)."""

    def __init__(self) -> None:
        self.status = 500
        self.headers: list[tuple[bytes, bytes]] = []
        self.body = b""
        self.rest: Iterator[bytes] | None = None
        self.iterable: Iterable[bytes] = ()

    def start_response(
        self, status: str, headers: list[tuple[str, str]], exc_info: Any = None
    ) -> Callable[[bytes], None]:
        self.status = int(status.split(" ", 1)[0])
        self.headers = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers]
        return self._write

    def _write(self, data: bytes) -> None:  # PEP 3333's write(); Flask does not use it
        self.body += data

    def close(self) -> None:
        close = getattr(self.iterable, "close", None)
        if close is not None:
            close()


def _respond(app: Any, scope: Scope, body: bytes) -> _Answer:
    """Run the WSGI app on a request thread and read its answer, whole if it is small.
    All of it here, so that the event loop's thread needs the GIL as little as it can."""
    # a2wsgi's reading of an ASGI scope into a WSGI environ (PEP 3333)
    environ = build_environ(scope, io.BytesIO(body))  # type: ignore[arg-type]
    answer = _Answer()
    answer.iterable = app(environ, answer.start_response)
    blocks = iter(answer.iterable)
    size = 0
    parts = [answer.body] if answer.body else []
    for block in blocks:
        parts.append(block)
        size += len(block)
        if size > WHOLE:
            answer.rest = blocks
            break
    answer.body = b"".join(parts)
    if answer.rest is None:
        answer.close()
    return answer


async def _lifespan(receive: Receive, send: Send) -> None:
    """ASGI lifespan: nothing to start or stop here (the app opens its pools itself)."""
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return


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

"""The Flask app: SPARQL endpoint, linked data, downloads. It only reads the store."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.wsgi import FileWrapper

from cndkg.web import (
    linked,
    pages,
    redirects,
    search,
    sparql,
    views_document,
    views_entity,
    views_lists,
    workbench,
)
from cndkg.web.budget import QueryTimeBudget, with_client_limits
from cndkg.web.pool import CACHE_BYTES, PoolUnavailable, QueryFailed, QueryTimeout
from cndkg.web.published import Published
from cndkg.web.remote import RemotePublished, StoreUnavailable

DEFAULTS: dict[str, Any] = {
    "BUILD_DIR": "build",
    "QUERY_TIMEOUT": 10.0,  # seconds; the worker is killed past it
    "MAX_ROWS": 10_000,  # result rows (or triples) per answer
    "MAX_QUERY_LENGTH": 20_000,  # characters
    "MAX_CONTENT_LENGTH": 256 * 1024,  # request body bytes (Flask answers 413 past it)
    "MAX_FORM_MEMORY_SIZE": 256 * 1024,
    "QUERY_WORKERS": 4,  # killable query processes per app process
    "QUERY_MEMORY": 2 << 30,  # bytes of address space per query process
    "ANSWER_CACHE": CACHE_BYTES,  # bytes of answers kept per app process (0: no cache)
    "STORE_URL": "",  # an external SPARQL query endpoint instead of the embedded store
    "CLIENT_CONCURRENCY": 16,  # requests in flight per client (0: no limit); budget.py
    "CLIENT_QUERY_SECONDS": 60.0,  # query-process seconds per client per window (0: none)
    "CLIENT_WINDOW": 60.0,  # seconds
    "TRUST_FORWARDED_FOR": False,  # behind a reverse proxy: the client is X-Forwarded-For's
    "BODY_TIMEOUT": 10.0,  # seconds to receive a request body under `cndkg serve` (408)
    # the root URL the service describes itself by (VoID, service description, links),
    # e.g. https://cndkg.example.org; empty: the proxy's X-Forwarded-Host/-Proto when
    # TRUST_PROXY, else the address the server listens on (address.py), never Host
    "PUBLIC_URL": "",
    "TRUST_PROXY": False,  # behind a reverse proxy: read X-Forwarded-Host, -Proto, -Prefix
    "PUBLISHER": "cndkg",  # dct:publisher of the dataset and its dumps (a foaf:Agent's name)
    "CACHE_MAX_AGE": 60,  # seconds a client or cache may keep an answer without asking
}
# Every answer: scripts, styles, images and requests from this server only (the pages
# have no inline script or style, and Chart.js and CodeMirror are served from here),
# never framed; the rest keeps browsers from guessing types or leaking the page.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none'; "
        "frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
}
EVERY_ANSWER = [
    # browser clients (YASGUI, notebooks) query us from other origins; nothing here
    # depends on cookies, so any origin may read
    ("Access-Control-Allow-Origin", "*"),
    ("Access-Control-Allow-Methods", "GET, POST, OPTIONS"),
    ("Access-Control-Allow-Headers", "Content-Type, Accept, If-None-Match"),
    # what a script on another origin may read of an answer: the truncation signal of a
    # capped answer (sparql.py), the build it came from, and the links to other formats
    ("Access-Control-Expose-Headers", "X-Cndkg-Truncated, Warning, X-Cndkg-Release, ETag, Link"),
    *SECURITY_HEADERS.items(),
]


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app; settings come from DEFAULTS, CNDKG_* environment variables, config."""
    app = Flask(__name__)
    # an entity IRI with "//" is another IRI: answer for it, do not redirect to a neighbour
    app.url_map.merge_slashes = False
    app.config.update(DEFAULTS)
    for key, default in DEFAULTS.items():
        env = os.environ.get(f"CNDKG_{key}")
        if env is not None:
            app.config[key] = (
                env.lower() in ("1", "true", "yes")
                if isinstance(default, bool)
                else type(default)(env)
            )
    if config:
        app.config.update(config)
    if app.config.get("STORE_URL"):
        app.extensions["cndkg"] = RemotePublished(
            str(app.config["STORE_URL"]), float(app.config["QUERY_TIMEOUT"]),
            inspectors=int(app.config["QUERY_WORKERS"]),
            memory_limit=int(app.config["QUERY_MEMORY"]),
        )  # fmt: skip
    else:
        app.extensions["cndkg"] = Published(
            Path(app.config["BUILD_DIR"]), int(app.config["QUERY_WORKERS"]),
            float(app.config["QUERY_TIMEOUT"]), int(app.config["QUERY_MEMORY"]),
            int(app.config["ANSWER_CACHE"]),
        )  # fmt: skip
    app.extensions["cndkg-budget"] = QueryTimeBudget(
        float(app.config["CLIENT_QUERY_SECONDS"]), float(app.config["CLIENT_WINDOW"])
    )
    inner = app.wsgi_app
    if app.config["TRUST_PROXY"]:
        # the proxy's X-Forwarded-Proto, -Host, -Port and -Prefix, one hop (werkzeug)
        inner = ProxyFix(inner, x_for=0, x_proto=1, x_host=1, x_port=1, x_prefix=1)
    app.wsgi_app = with_client_limits(  # type: ignore[method-assign]
        with_file_wrapper(with_headers(inner, EVERY_ANSWER)),
        int(app.config["CLIENT_CONCURRENCY"]),
        bool(app.config["TRUST_FORWARDED_FOR"]),
    )
    app.register_blueprint(sparql.bp)
    app.register_blueprint(redirects.bp)  # old IRIs: 301 to the new ones
    app.register_blueprint(linked.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(search.bp)
    app.register_blueprint(workbench.bp)
    app.register_blueprint(views_entity.bp)
    app.register_blueprint(views_document.bp)
    app.register_blueprint(views_lists.bp)

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> Response:
        message = exc.description or exc.name
        response = Response(
            f"{exc.code} {exc.name}: {message}\n", status=exc.code or 500, mimetype="text/plain"
        )
        if exc.code == 413:
            # the rest of the oversized body was not read: this connection cannot go on
            response.headers["Connection"] = "close"
            discard_body(request.environ)
        return response

    @app.errorhandler(QueryTimeout)
    @app.errorhandler(PoolUnavailable)
    @app.errorhandler(StoreUnavailable)
    def busy(exc: Exception) -> Response:
        return Response(f"503 Service Unavailable: {exc}\n", status=503, mimetype="text/plain")

    @app.errorhandler(QueryFailed)
    def failed(exc: QueryFailed) -> Response:
        return Response(f"400 Bad Request: {exc}\n", status=400, mimetype="text/plain")

    @app.errorhandler(FileNotFoundError)
    def no_build(exc: FileNotFoundError) -> Response:
        return Response(f"503 no build to answer from: {exc}\n", status=503, mimetype="text/plain")

    @app.errorhandler(Exception)
    def unexpected(exc: Exception) -> Response:
        app.logger.exception("unexpected error")
        return Response(
            "500 Internal Server Error: the error was logged\n", status=500, mimetype="text/plain"
        )

    return app


def with_headers(wsgi_app: Any, headers: list[tuple[str, str]]) -> Any:
    """Add the same headers to every answer, errors included. Appended to the list the
    app hands the server: setting them one by one on each Flask response cost 50 us."""

    def wrapped(environ: dict[str, Any], start_response: Any) -> Any:
        def start(status: str, own: list[tuple[str, str]], exc_info: Any = None) -> Any:
            return start_response(status, own + headers, exc_info)

        return wsgi_app(environ, start)

    return wrapped


FILE_BLOCK = 1 << 20


def with_file_wrapper(wsgi_app: Any) -> Any:
    """A server without wsgi.file_wrapper (granian has none) would have werkzeug send a
    download 8 KiB at a time, each block a call into the server: 0.44 to 0.6 s for the
    456 MB N-Triples of 100x the seeds, 0.15 to 0.24 s in blocks of FILE_BLOCK."""

    def wrapped(environ: dict[str, Any], start_response: Any) -> Any:
        environ.setdefault("wsgi.file_wrapper", _file_wrapper)
        return wsgi_app(environ, start_response)

    return wrapped


def _file_wrapper(file: Any, block_size: int = 8192) -> FileWrapper:
    return FileWrapper(file, max(block_size, FILE_BLOCK))


DISCARD_LIMIT = 8 << 20  # bytes of an oversized body read and dropped before the 413


def discard_body(environ: dict[str, Any]) -> None:
    """Read the rest of an oversized body, up to DISCARD_LIMIT, so the client can finish
    sending it and read our 413. Measured: with the body left unread, granian closed the
    connection under the sender and 11 to 15% of 1 MiB uploads at concurrency 8 ended in a
    broken pipe instead of a 413; a body past the limit still does."""
    stream = environ["wsgi.input"]
    length = str(environ.get("CONTENT_LENGTH") or "0")
    left = min(int(length), DISCARD_LIMIT) if length.isdigit() else 0
    while left > 0:
        chunk = stream.read(min(left, 1 << 16))
        if not chunk:
            break
        left -= len(chunk)

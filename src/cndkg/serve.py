"""Run the web app under granian (several processes, threads each), loopback by default.

granian (an HTTP server in Rust) rather than gunicorn: on the same app, build and
client, the median of a cached answer at concurrency 8 went from 2.4-3.7 ms to
1.4-3.4 ms, and the server's CPU per request from 550-640 to 340-380 us
(bench/endpoint.py; bench/README.md).

granian runs the app through ASGI (web/front.py): its event loop reads each body within
a deadline before a request thread is taken, which its WSGI interface cannot do.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from cndkg.web import create_app
from cndkg.web.front import BodyFirst
from cndkg.web.search import warm_search


def serve(
    build: Path, host: str, port: int, workers: int, threads: int, timeout: float,
    store: str = "",
) -> None:  # fmt: skip
    try:
        from granian import Granian
        from granian.constants import HTTPModes, Interfaces
        from granian.http import HTTP1Settings
    except ImportError as exc:  # the [serve] extra
        raise SystemExit("granian is not installed: pip install 'cndkg[serve]'") from exc

    # more query processes than request threads: a few long queries waiting for the time
    # limit must not leave the others queueing
    config = {
        "BUILD_DIR": str(build),
        "QUERY_TIMEOUT": timeout,
        "QUERY_WORKERS": threads + 8,
        "STORE_URL": store,
        "THREADS": threads,
    }
    server = Granian(
        "cndkg.web:create_app",  # what its logs name; the app comes from load_app
        address=host,
        port=port,
        interface=Interfaces.ASGI,
        http=HTTPModes.http1,
        websockets=False,
        workers=workers,
        # refused before the app (measured): a URI over 64 KiB (414), a head over 100 to
        # 130 KiB with this buffer (431; 400 KiB by default), a head slower than 10 s
        http1_settings=HTTP1Settings(header_read_timeout=10_000, max_buffer_size=64 << 10),
        log_access=True,
        respawn_failed_workers=True,
        workers_kill_timeout=int(timeout) + 5,  # let running answers finish on shutdown
    )
    server.serve(target_loader=partial(load_app, config), wrap_loader=False)


def load_app(config: dict[str, Any]) -> Any:
    """Called in each worker process, once it exists: the Flask app behind front.py."""
    app = create_app(config)
    warm_search(app)
    return BodyFirst(
        app, threads=int(config["THREADS"]), body_timeout=float(app.config["BODY_TIMEOUT"]),
        max_body=int(app.config["MAX_CONTENT_LENGTH"]),
        concurrency=int(app.config["CLIENT_CONCURRENCY"]),
        trust_forwarded_for=bool(app.config["TRUST_FORWARDED_FOR"]),
    )  # fmt: skip

"""Run the web app under gunicorn (several processes, threads each), loopback by default."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cndkg.web import create_app
from cndkg.web.pages import warm_search


def serve(
    build: Path, host: str, port: int, workers: int, threads: int, timeout: float,
    store: str = "",
) -> None:  # fmt: skip
    try:
        from gunicorn.app.base import BaseApplication
    except ImportError as exc:  # the [serve] extra
        raise SystemExit("gunicorn is not installed: pip install 'cndkg[serve]'") from exc

    # more query processes than request threads: a few long queries waiting for the time
    # limit must not leave the others queueing
    config = {
        "BUILD_DIR": str(build),
        "QUERY_TIMEOUT": timeout,
        "QUERY_WORKERS": threads + 8,
        "STORE_URL": store,
    }

    class App(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            options: dict[str, Any] = {
                "bind": f"{host}:{port}", "workers": workers, "threads": threads,
                "worker_class": "gthread", "timeout": int(timeout) + 30,
                "accesslog": "-", "limit_request_line": 8190,
            }  # fmt: skip
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            app = create_app(config)
            warm_search(app)  # in each worker process, once it exists
            return app

    App().run()

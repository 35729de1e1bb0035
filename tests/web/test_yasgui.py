"""YASGUI, the SPARQL editor people bring to an endpoint, in headless Chromium against a
live `cndkg serve`, from a page of another origin (as a user's own YASGUI would be):
its query runs and its results table fills, and a capped answer's signal is readable
by the page (CORS: Access-Control-Expose-Headers)."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.web.conftest import free_port
from tests.web.test_browser import CHROMEDRIVER, CHROMIUM, SCREENSHOTS, browser, wait

__all__ = ["browser"]  # the fixture, shared with test_browser.py

YASGUI = Path(__file__).parent / "yasgui"
pytestmark = pytest.mark.skipif(
    not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()),
    reason="Debian chromium and chromium-driver are installed by .ci/run",
)
PAGE = """<!doctype html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="yasgui.min.css"><script src="yasgui.min.js"></script></head>
<body><div id="yasgui"></div></body></html>"""
MEETINGS = (
    "SELECT ?meeting ?name WHERE { ?meeting a <https://w3id.org/cndkg/ontology#Meeting> ; "
    "<http://www.w3.org/2000/01/rdf-schema#label> ?name } ORDER BY ?meeting"
)


@pytest.fixture(scope="module")
def yasgui_origin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The vendored YASGUI and a page that holds it, served on another port."""
    folder = tmp_path_factory.mktemp("yasgui")
    for name in ("yasgui.min.js", "yasgui.min.css"):
        (folder / name).write_bytes((YASGUI / name).read_bytes())
    (folder / "index.html").write_text(PAGE, encoding="utf-8")
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """The test's output is the assertions, not an access log."""


def open_yasgui(driver: Any, origin: str, endpoint: str) -> None:
    driver.get(origin + "/index.html")
    wait(driver, "return typeof Yasgui !== 'undefined'")
    driver.execute_script(
        """localStorage.clear();
        const Y = Yasgui.default || Yasgui;
        window.yasgui = new Y(document.getElementById('yasgui'), {
          requestConfig: {endpoint: arguments[0], method: 'POST'},
          copyEndpointOnNewTab: false, persistenceId: null});""",
        endpoint,
    )
    wait(driver, "return window.yasgui && window.yasgui.getTab() !== undefined")


def test_yasgui_runs_a_query_and_shows_the_table(
    browser: Any, live_server: str, yasgui_origin: str
) -> None:
    open_yasgui(browser, yasgui_origin, live_server + "/sparql")
    browser.execute_script(
        "const tab = window.yasgui.getTab(); tab.getYasqe().setValue(arguments[0]); tab.query();",
        MEETINGS,
    )
    rows = wait(
        browser,
        """const r = window.yasgui.getTab().getYasr().results;
        return r && r.getBindings() && r.getBindings().length;""",
    )
    assert rows >= 20
    cells = wait(browser, "return document.querySelectorAll('.yasr table tbody tr').length")
    assert cells >= 10
    browser.save_screenshot(str(SCREENSHOTS / "yasgui.png"))


def test_a_page_of_another_origin_reads_the_truncation_signal(
    browser: Any, live_server: str, yasgui_origin: str
) -> None:
    """A capped answer says so in X-Cndkg-Truncated; without Access-Control-Expose-Headers
    a script on another origin reads null there (issue 17)."""
    browser.get(yasgui_origin + "/index.html")
    headers = browser.execute_async_script(
        """const done = arguments[arguments.length - 1];
        fetch(arguments[0] + '/sparql', {method: 'POST',
          headers: {'Content-Type': 'application/x-www-form-urlencoded'},
          body: 'query=' + encodeURIComponent('SELECT * WHERE { ?s ?p ?o }')})
          .then(r => done([r.status, r.headers.get('X-Cndkg-Truncated'),
                           r.headers.get('X-Cndkg-Release')]))
          .catch(e => done(['error', String(e)]));""",
        live_server,
    )
    status, truncated, release = headers
    assert status == 200
    assert truncated and "capped" in truncated
    assert release

"""End to end in headless Chromium (Debian's chromium + chromedriver, installed by
.ci/run): the pages people use, with screenshots, and no request leaving 127.0.0.1."""

from __future__ import annotations

import json
import shutil
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, seed_identity

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
SCREENSHOTS = ROOT / "build" / "screenshots"

pytestmark = pytest.mark.skipif(
    not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()),
    reason="Debian chromium and chromium-driver are installed by .ci/run",
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1400,1000",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
        "--disable-features=OptimizationHints,MediaRouter",
    ):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    yield driver
    driver.quit()


def wait(driver: Any, script: str, seconds: float = 20) -> Any:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, seconds).until(lambda d: d.execute_script(script))


def requested_hosts(driver: Any) -> set[str]:
    """Hosts of every request the browser made since the last call (DevTools log)."""
    hosts = set()
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            url = message["params"]["request"]["url"]
            scheme = urllib.parse.urlsplit(url).scheme
            if scheme in ("http", "https", "ws", "wss"):
                hosts.add(urllib.parse.urlsplit(url).hostname or "")
    return hosts


def test_overview_draws_its_charts_from_live_queries(browser: Any, live_server: str) -> None:
    browser.get(live_server + "/")
    for chart in ("chart-challenges", "chart-speakers", "chart-owners"):
        total = wait(
            browser,
            f"""const c = Chart.getChart(document.getElementById('{chart}'));
            return c && c.data.labels.length > 0 &&
              c.data.datasets.reduce((s, d) => s + d.data.reduce((a, b) => a + b, 0), 0);""",
        )
        assert total > 0, chart
    assert "meetings" in browser.find_element("css selector", ".counts").text
    browser.save_screenshot(str(SCREENSHOTS / "overview.png"))
    assert requested_hosts(browser) == {"127.0.0.1"}


def test_example_query_shows_rows_and_links_to_entities(browser: Any, live_server: str) -> None:
    browser.get(live_server + "/workbench")
    wait(browser, "return typeof editor !== 'undefined' && editor !== undefined")
    browser.find_element("css selector", "button.example[data-name='meetings']").click()
    rows = wait(
        browser,
        "const t = document.getElementById('result-table');return t && t.tBodies[0].rows.length",
    )
    assert rows >= 20
    browser.find_element("css selector", "#result-table th").click()  # sortable
    assert (
        browser.find_element("css selector", "#result-table th").get_attribute("aria-sort")
        == "ascending"
    )
    browser.save_screenshot(str(SCREENSHOTS / "workbench.png"))
    link = browser.find_element("css selector", "#result-table tbody a[href^='/id/meeting/']")
    link.click()
    wait(browser, "return document.querySelector('h1') && location.pathname.startsWith('/id/')")
    assert browser.find_element("css selector", "h1").text
    assert requested_hosts(browser) == {"127.0.0.1"}


def test_query_error_is_shown_where_the_person_typed(browser: Any, live_server: str) -> None:
    browser.get(live_server + "/workbench")
    wait(browser, "return typeof editor !== 'undefined' && editor !== undefined")
    browser.execute_script("editor.setValue('SELECT ?x WHERE { ?x ');")
    browser.find_element("id", "run").click()
    message = wait(
        browser, "const e = document.getElementById('error');return !e.hidden && e.textContent"
    )
    assert "malformed query" in message.lower()
    assert browser.execute_script("return editor.getCursor().line") == 0


def test_only_http_iris_in_results_become_links(browser: Any, live_server: str) -> None:
    """Issue 15: BIND(<javascript:alert(1)> AS ?x) became a clickable javascript: link."""
    browser.get(live_server + "/workbench")
    wait(browser, "return typeof editor !== 'undefined' && editor !== undefined")
    browser.execute_script(
        "editor.setValue('SELECT ?x ?y ?z WHERE { BIND(<javascript:alert(1)> AS ?x) "
        "BIND(<data:text/html,x> AS ?y) BIND(<https://example.org/a> AS ?z) }');"
    )
    browser.find_element("id", "run").click()
    cells = wait(
        browser,
        """const t = document.getElementById('result-table');
        return t && [...t.tBodies[0].rows[0].cells].map(c => c.querySelector('a') ?
          c.querySelector('a').getAttribute('href') : 'text:' + c.textContent);""",
    )
    assert cells == ["text:javascript:alert(1)", "text:data:text/html,x", "https://example.org/a"]


def test_quote_leads_to_its_paragraph_in_the_document(browser: Any, live_server: str) -> None:
    browser.get(live_server + "/id/state/CHE")
    browser.save_screenshot(str(SCREENSHOTS / "entity.png"))
    quote = browser.find_element("css selector", "a.quote")
    href = quote.get_attribute("href")
    quote.click()
    wait(browser, "return location.hash.startsWith('#p-')")
    target = browser.find_element("css selector", "li:target")
    assert "Switzerland" in target.text and href.endswith(
        browser.execute_script("return location.hash")
    )
    assert target.find_elements("css selector", "a.entity")  # extracted entities linked
    browser.save_screenshot(str(SCREENSHOTS / "document.png"))


def test_search_is_blind_to_accents_and_case(browser: Any, live_server: str) -> None:
    browser.get(live_server + "/")
    box = browser.find_element("id", "q")
    box.send_keys("turkiye")
    box.submit()
    wait(browser, "return location.pathname === '/search'")
    names = [a.text for a in browser.find_elements("css selector", ".hits a")]
    assert any(n in ("Türkiye", "Turkiye") for n in names), names
    browser.save_screenshot(str(SCREENSHOTS / "search.png"))
    assert requested_hosts(browser) == {"127.0.0.1"}


def test_entity_and_document_pages_work_without_javascript(live_server: str) -> None:
    import urllib.request

    document = f"/id/source/{seed_identity('003')}"
    for path in ("/id/state/CHE", document, "/search?q=Pledge4Action"):
        req = urllib.request.Request(live_server + path, headers={"Accept": "text/html"})
        with urllib.request.urlopen(req, timeout=30) as r:
            html = r.read().decode("utf-8")
        assert "<script" not in html or path.startswith("/search")
        assert "<main" in html and "<h1>" in html

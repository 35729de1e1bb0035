"""Every page kind at 1400 and 400 px wide: no sideways scrolling on the reading pages,
no serious or critical axe-core violation, usable with the keyboard; a screenshot of
each in build/screenshots/ to look at."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.web.test_browser import SCREENSHOTS, browser, wait  # noqa: F401  (the fixture)

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
NARROW, WIDE = 400, 1400
# page kind -> how a person gets there: a path for the stable pages (States and
# challenges keep their IRIs), else a link (its whole text, or else a part of it)
# clicked on a page that lists it
PAGES: dict[str, tuple[str, str]] = {
    "overview": ("/", ""),
    "entity": ("/id/state/CHE", ""),
    "delegation": ("/list/actors", "European Union"),
    "group": ("/list/actors", "European Union and its member States"),
    "challenge": ("/id/challenge/C07", ""),
    "meeting": ("/", "CND Thematic Discussions, 19–21 October 2020"),
    "session": ("/list/sessions", "Agenda item 6"),
    "statement": ("/list/statements", "European Union"),
    "document": ("/documents", "Compilation of the Chairs' summaries"),
    "documents": ("/documents", ""),
    "list": ("/list/meetings", ""),
    "dataset": ("/dataset", ""),
    "search": ("/search?q=Switzerland", ""),
    "workbench": ("/workbench", ""),
}
# axe-core must find nothing serious on these (issue 16)
AXE_CHECKED = {"overview", "entity", "challenge", "document", "search", "workbench",
               "delegation", "meeting"}  # fmt: skip
# the reading pages must fit a 400 px screen (the workbench's editor scrolls itself)
FITS_NARROW = set(PAGES) - {"workbench"}


def open_page(driver: Any, server: str, kind: str) -> None:
    path, link = PAGES[kind]
    driver.get(server + path)
    if link:
        found = driver.find_elements("link text", link) or driver.find_elements(
            "partial link text", link
        )
        found[0].click()
    wait(driver, "return document.readyState === 'complete' && !!document.querySelector('h1')")


def set_width(driver: Any, width: int, height: int = 1000) -> None:
    """The viewport exactly `width` CSS pixels wide (a window cannot be narrower than
    500 px in headless Chromium)."""
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
    )


def screenshot(driver: Any, name: str, width: int) -> None:
    """The whole page (up to 8000 px tall) as build/screenshots/<name>-<width>.png."""
    height = min(int(driver.execute_script("return document.documentElement.scrollHeight")), 8000)
    set_width(driver, width, height)
    driver.save_screenshot(str(SCREENSHOTS / f"{name}-{width}.png"))
    set_width(driver, width)


def axe_violations(driver: Any) -> list[dict[str, Any]]:
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    driver.set_script_timeout(60)
    return list(
        driver.execute_async_script(
            """const done = arguments[arguments.length - 1];
            axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations.map(
              v => ({id: v.id, impact: v.impact, help: v.help,
                     nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))));"""
        )
    )


@pytest.mark.parametrize("kind", list(PAGES))
def test_page_reads_at_both_widths(browser: Any, live_server: str, kind: str) -> None:  # noqa: F811
    try:
        set_width(browser, WIDE)
        open_page(browser, live_server, kind)
        if kind == "overview":  # the charts are drawn from live queries
            wait(browser, "return !!Chart.getChart(document.getElementById('chart-owners'))")
        screenshot(browser, kind, WIDE)
        set_width(browser, NARROW)
        browser.refresh()
        wait(browser, "return document.readyState === 'complete'")
        if kind in FITS_NARROW:
            overflow = browser.execute_script(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{kind} scrolls sideways by {overflow} px at {NARROW} px"
        screenshot(browser, kind, NARROW)
        if kind in AXE_CHECKED:
            found = [v for v in axe_violations(browser) if v["impact"] in ("serious", "critical")]
            assert not found, found
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_keyboard_reaches_the_content_and_the_lists(browser: Any, live_server: str) -> None:  # noqa: F811
    from selenium.webdriver.common.keys import Keys

    browser.get(live_server + "/")
    body = browser.find_element("css selector", "body")
    body.send_keys(Keys.TAB)
    active = browser.switch_to.active_element
    assert active.text == "Skip to content"
    assert (
        browser.execute_script("return getComputedStyle(arguments[0]).outlineStyle", active)
        != "none"
    )
    active.send_keys(Keys.ENTER)
    wait(browser, "return location.hash === '#main'")
    for _ in range(40):  # on to the first count, a link to its list
        browser.switch_to.active_element.send_keys(Keys.TAB)
        if browser.switch_to.active_element.get_attribute("href") or "".endswith("/list/meetings"):
            break
    browser.switch_to.active_element.send_keys(Keys.ENTER)
    wait(browser, "return location.pathname === '/list/meetings'")
    # a group's members open from the keyboard too
    browser.get(live_server + "/list/actors")
    browser.find_element("link text", "European Union").click()
    summary = browser.find_element("css selector", "details.members summary")
    browser.execute_script("arguments[0].focus()", summary)
    summary.send_keys(Keys.ENTER)
    assert browser.execute_script("return arguments[0].parentElement.open", summary)

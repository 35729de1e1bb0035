"""Search forgives what a person types (issue 16, item 5), on the seeds' graph.

What each query must find first was read in the seeds (data/sources): Colombia speaks in
001 ("... Ecuador, Colombia and Algeria"); challenge C03 of the 2019 Ministerial
Declaration begins "Synthetic opioids and the non-medical use of prescription drugs";
001 says "chaired by H.E. Ambassador Ghislain D’Hoop (Belgium)" with a curly apostrophe;
003 puts "(E/CN.7/2025/2-E/CN.15/2025/2)" before the Commission under agenda item 6.
"""

from __future__ import annotations

import re
import shutil
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from cndkg.pipeline import run_build
from cndkg.web import create_app
from cndkg.web import search as search_module
from tests.conftest import SOURCES, seed_identity
from tests.web.test_browser import SCREENSHOTS, browser, wait
from tests.web.test_browser import pytestmark as needs_browser

__all__ = ["browser"]  # the fixture, shared with test_browser.py

HIT = re.compile(r'<li class="hit (entity|passage)">\s*<a href="([^"]+)">([^<]*)</a>')


def hits(html: str) -> list[tuple[str, str, str]]:
    """(entity|passage, link, text) of each hit, in the order shown."""
    return HIT.findall(html)


def search(client: FlaskClient, q: str, **facets: str | list[str]) -> str:
    r = client.get("/search", query_string={"q": q, **facets})
    assert r.status_code == 200
    return r.get_data(as_text=True)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("Columbia", "/id/state/COL"),  # a typo
        ("synthetic opiods", "/id/challenge/C03"),  # a typo in a phrase
        ("D'Hoop", "/id/person/ghislain-d-hoop"),  # straight for curly apostrophe
        ("d’hoop", "/id/person/ghislain-d-hoop"),
        ("C07", "/id/challenge/C07"),  # a challenge's code
        ("c07", "/id/challenge/C07"),
        ("CHE", "/id/state/CHE"),  # a State's ISO code
        ("E/CN.7/2025/2", "/id/document/E/CN.7/2025/2-E/CN.15/2025/2"),  # one of two symbols
        ("turkiye", "/id/state/TUR"),  # accents
        ("EU", "/id/org/eu"),
        ("opioi", "/id/initiative/unodc-opioid-strategy"),  # part of a word
    ],
)
def test_what_a_person_types_finds_what_they_mean_first(
    client: FlaskClient, typed: str, meant: str
) -> None:
    found = hits(search(client, typed))
    assert found, typed
    assert found[0][1] == meant, (typed, found[:3])


def test_short_words_match_whole_words_only(client: FlaskClient) -> None:
    """ "EU" is the European Union, not the "eu" inside "Amadeus"."""
    person = "/id/person/wolfgang-amadeus-bruelhart"
    assert person in [link for _, link, _ in hits(search(client, "amadeus"))]
    found = hits(search(client, "EU"))
    assert person not in [link for _, link, _ in found]
    assert not any("/id/person/" in link for _, link, _ in found)
    assert "Person" not in re.findall(r'name="kind" value="([^"]+)"', search(client, "EU"))


def test_a_passage_hit_says_where_it_comes_from(client: FlaskClient) -> None:
    """Document title, date in words, the meeting it reports on, the matched word marked
    in the passage's own spelling, and the link to the paragraph."""
    html = search(client, "D'Hoop", kind="Passage")
    (kind, link, text), *_ = hits(html)
    assert kind == "passage"
    assert link.startswith(f"/id/source/{seed_identity('001')}#p-")
    assert text.startswith("Compilation of the Chairs")
    assert "4 March 2024" in html  # the compilation's date
    assert "<mark>D’Hoop</mark>" in html
    meeting = re.search(r'class="where">.*?<a href="(/id/meeting/[^"]+)">', html, re.S)
    assert meeting, "the meeting the passage reports on"


def test_facets_narrow_and_count(client: FlaskClient) -> None:
    html = search(client, "Colombia")
    kinds = dict(re.findall(r'value="(State|Passage)">\s*<label[^>]*>[^<]*<span class="count">'
                            r"(\d+)</span>", html))  # fmt: skip
    assert kinds.keys() == {"State", "Passage"}
    only_passages = search(client, "Colombia", kind="Passage")
    found = hits(only_passages)
    assert found and {k for k, _, _ in found} == {"passage"}
    total = int(re.search(r"(\d+) results?", only_passages).group(1))  # type: ignore[union-attr]
    assert total == int(kinds["Passage"])
    # combined with a year: fewer, all of that year's meetings or documents
    years = re.findall(r'name="year" value="(\d{4})"', only_passages)
    assert len(years) > 1
    narrowed = search(client, "Colombia", kind="Passage", year=years[-1])
    n = int(re.search(r"(\d+) results?", narrowed).group(1))  # type: ignore[union-attr]
    assert 0 < n < total
    # an actor and a document are facets too
    assert 'name="actor" value="https://w3id.org/cndkg/id/state/COL"' in only_passages
    assert 'name="document" value="https://w3id.org/cndkg/id/source/' in only_passages


def test_long_answers_come_in_pages(client: FlaskClient) -> None:
    first = search(client, "drug")
    assert "page 1 of" in first
    second = client.get("/search?q=drug&page=2").get_data(as_text=True)
    assert set(hits(first)).isdisjoint(hits(second))


def test_the_index_is_made_once_per_build_never_per_request(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    search_module._indexes.clear()
    search_module.warm_search(app).join(timeout=60)
    assert len(search_module._indexes) == 1

    def no_store(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a search read the store")

    monkeypatch.setattr(search_module, "select", no_store)
    client = app.test_client()
    for q in ("Colombia", "C07", "precursors"):
        assert hits(search(client, q))


def test_the_index_follows_a_new_build(seed_release: Path, tmp_path: Path) -> None:
    """A rebuild goes live under a running app: search answers from the new build."""
    out = tmp_path / "build"
    shutil.copytree(seed_release.parent.parent, out, symlinks=True)
    app = create_app({"BUILD_DIR": str(out), "QUERY_WORKERS": 1, "TESTING": True})
    try:
        client = app.test_client()
        assert f"/id/source/{seed_identity('001')}#p-" in search(client, "D'Hoop")
        smaller = tmp_path / "sources"
        smaller.mkdir()
        for path in SOURCES.glob("00[24]_*"):  # two documents that never name him
            shutil.copy(path, smaller)
        assert run_build(smaller, out).ok
        assert hits(search(client, "D'Hoop")) == []
    finally:
        app.extensions["cndkg"].close()


def test_search_over_http_on_a_live_server(live_server: str) -> None:
    url = live_server + "/search?" + urllib.parse.urlencode({"q": "synthetic opiods"})
    with urllib.request.urlopen(url, timeout=30) as r:
        found = hits(r.read().decode("utf-8"))
    assert found[0][1] == "/id/challenge/C03"


# --- in the browser ---------------------------------------------------------------------


@needs_browser
def test_search_in_the_browser_by_keyboard_at_400_px(browser: Any, live_server: str) -> None:
    """From the header's box with the keyboard: a typo finds the challenge first; a
    facet ticked with the space bar narrows the answer; nothing runs sideways."""
    from selenium.webdriver.common.keys import Keys

    browser.set_window_size(400, 900)
    try:
        browser.get(live_server + "/")
        box = browser.find_element("id", "q")
        box.send_keys("synthetic opiods", Keys.ENTER)
        wait(browser, "return location.pathname === '/search'")
        first = browser.find_element("css selector", ".hits li a")
        assert first.get_attribute("pathname") == "/id/challenge/C03"
        assert first.text.startswith("C03 Synthetic opioids")
        sideways = browser.execute_script(
            "const m = document.querySelector('main'); return m.scrollWidth - m.clientWidth"
        )
        assert sideways <= 0
        browser.save_screenshot(str(SCREENSHOTS / "search-400.png"))
        passages = browser.find_element("css selector", "input[name=kind][value=Passage]")
        passages.send_keys(Keys.SPACE)
        assert passages.is_selected()
        passages.send_keys(Keys.ENTER)  # submits the form, as Enter in a form does
        wait(browser, "return location.search.includes('kind=Passage')")
        kinds = {li.get_attribute("class") for li in browser.find_elements("css selector", ".hit")}
        assert kinds == {"hit passage"}
        where = browser.find_element("css selector", ".hit .where").text
        assert re.search(r"\d{1,2} \w+ \d{4}", where)  # the document's date, in words
    finally:
        browser.set_window_size(1400, 1000)
    browser.get(live_server + "/search?q=D%27Hoop")
    assert browser.find_element("css selector", ".hits li a").text == "Ghislain D’Hoop"
    browser.save_screenshot(str(SCREENSHOTS / "search-1400.png"))

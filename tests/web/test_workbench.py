"""The query workbench answers in names a person reads (issue 16, items 1 and 6): labels
for the IRIs the graph names, 50 rows a page, a filter, columns that wrap, examples
described by the question they answer, and a query error shown as line, column and a
short message under the editor."""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterator
from typing import Any

import pytest
from flask.testing import FlaskClient

from cndkg.web.workbench import EXAMPLES_FILE, QUERIES_DIR, examples
from tests.web.test_browser import SCREENSHOTS, browser, wait
from tests.web.test_browser import pytestmark as needs_browser

__all__ = ["browser"]  # the fixture, shared with test_browser.py

BENCHMARK_WORDS = re.compile(r"\b\d+x\b|\bms\b|\d s\b|sorted|ORDER BY|the seeds", re.I)


def test_every_competency_query_is_described_in_the_words_of_its_question() -> None:
    described = tomllib.loads(EXAMPLES_FILE.read_text(encoding="utf-8"))
    assert set(described) == {p.stem for p in QUERIES_DIR.glob("*.rq")}
    for name, d in described.items():
        assert d["question"].endswith("?"), name
        for text in (d["title"], d["question"], d["answer"]):
            assert not BENCHMARK_WORDS.search(text), (name, text)


def test_the_workbench_lists_each_example_with_its_question(client: FlaskClient) -> None:
    html = client.get("/workbench").get_data(as_text=True)
    for e in examples():
        assert f'data-name="{e.name}"' in html
        assert e.question in html
    # the benchmark notes of the .rq files stay with the developers
    assert "2.0 s sorted" not in html.split("<template")[0]


def test_a_malformed_query_is_answered_with_its_line_and_column(client: FlaskClient) -> None:
    """RFC 9457 problem details for a client that asks for them; text for the others."""
    query = "SELECT ?x WHERE {\n  ?x a <http://x> .\n  FILTER (?x = ) }"
    r = client.post(
        "/sparql", data=query, content_type="application/sparql-query",
        headers={"Accept": "application/sparql-results+json, application/problem+json;q=0.1"},
    )  # fmt: skip
    assert r.status_code == 400 and r.mimetype == "application/problem+json"
    problem = json.loads(r.data)
    assert problem["title"] == "malformed query" and problem["status"] == 400
    assert (problem["line"], problem["column"]) >= (1, 1) and problem["detail"]
    assert problem["line"] <= 3
    plain = client.post("/sparql", data=query, content_type="application/sparql-query")
    assert plain.mimetype == "text/plain" and plain.text.startswith("malformed query: error at")


# --- in the browser ---------------------------------------------------------------------


@pytest.fixture()
def workbench(browser: Any, live_server: str) -> Iterator[Any]:
    browser.set_window_size(1400, 1000)
    browser.get(live_server + "/workbench")
    wait(browser, "return typeof editor !== 'undefined' && editor !== undefined")
    yield browser
    browser.set_window_size(1400, 1000)


def run_example(driver: Any, name: str) -> int:
    driver.find_element("css selector", f"button.example[data-name='{name}']").click()
    return run_rows(driver)


@needs_browser
def test_long_answers_come_in_pages_of_50_with_names_for_iris(workbench: Any) -> None:
    rows = run_example(workbench, "statements")
    assert rows == 50
    info = workbench.find_element("id", "page-info").text
    total = int(re.search(r"of (\d+)", info).group(1))  # type: ignore[union-attr]
    assert info.startswith("Rows 1–50 of") and total > 300
    # names replace the IRIs the graph labels; the IRI is on hover
    name = wait(
        workbench,
        """const a = [...document.querySelectorAll('#result-table a[data-iri]')]
             .find(a => a.dataset.iri === 'https://w3id.org/cndkg/id/state/CHE');
           return a && a.textContent !== 'state/CHE' && [a.textContent, a.title];""",
    )
    assert name == ["Switzerland", "https://w3id.org/cndkg/id/state/CHE"]
    workbench.find_element("id", "next-page").click()
    assert workbench.find_element("id", "page-info").text.startswith("Rows 51–100 of")
    # the filter reads names too, and folds case and accents
    box = workbench.find_element("id", "row-filter")
    box.send_keys("switzerland")
    left = wait(
        workbench,
        """const t = document.getElementById('result-table');
           return t && t.caption.textContent.includes('match') && t.tBodies[0].rows.length;""",
    )
    assert 0 < left < 50
    texts = workbench.execute_script(
        "return [...document.querySelectorAll('#result-table tbody tr')].map(r => r.textContent)"
    )
    assert all("Switzerland" in t for t in texts)
    workbench.find_element("id", "show-iris").click()
    assert workbench.find_elements(
        "xpath", "//table[@id='result-table']//a[text()='https://w3id.org/cndkg/id/state/CHE']"
    )


@needs_browser
def test_a_missing_prefix_is_said_in_short_where_it_is_used(workbench: Any) -> None:
    workbench.execute_script("editor.setValue('SELECT ?m WHERE {\\n  ?m a cnd:Meeting }');")
    workbench.find_element("id", "run").click()
    message = wait(
        workbench, "const e = document.getElementById('error'); return !e.hidden && e.innerText"
    )
    first = message.splitlines()[0]
    assert first == "Malformed query. Line 2, column 8: The prefix “cnd:” is not declared.", first
    assert workbench.execute_script("return [editor.getCursor().line, editor.getCursor().ch]") == [
        1,
        7,
    ]
    workbench.find_element("css selector", "#error button").click()  # Add PREFIX cnd: ...
    assert run_rows(workbench) > 0
    assert workbench.find_element("id", "error").get_attribute("hidden") is not None


def run_rows(driver: Any) -> int:
    return int(
        wait(
            driver,
            "const t = document.getElementById('result-table');"
            "return t && t.tBodies[0].rows.length",
        )
    )


@needs_browser
def test_a_parser_dump_is_cut_to_a_short_message(workbench: Any) -> None:
    workbench.execute_script("editor.setValue('SELECT ?x WHERE { ?x a ?y } GROUP BY ?z');")
    workbench.find_element("id", "run").click()
    first = wait(
        workbench,
        "const e = document.getElementById('error');"
        "return !e.hidden && e.querySelector('p').textContent",
    )
    assert re.match(r"Malformed query\. Line 1, column \d+: ", first), first
    assert len(first) < 200 and "\\u{" not in first
    # of Oxigraph's list of what it expected, the sentence that says what is wrong
    assert first.endswith("The SELECT contains a variable that is unbound."), first
    assert not workbench.find_element("id", "result-tools").is_displayed()


@needs_browser
def test_the_answer_wraps_at_400_px_and_works_with_the_keyboard(workbench: Any) -> None:
    from selenium.webdriver.common.keys import Keys

    workbench.set_window_size(400, 900)
    run_example(workbench, "evidence")
    # the page's own content (the header is the layout's) does not run past the screen
    sideways = workbench.execute_script(
        "const m = document.querySelector('main'); return m.scrollWidth - m.clientWidth"
    )
    assert sideways <= 0
    table = workbench.execute_script(
        "const t = document.getElementById('result-table');"
        "return [t.scrollWidth, document.getElementById('results').clientWidth]"
    )
    assert table[0] <= table[1]
    workbench.execute_script("document.getElementById('result-tools').scrollIntoView()")
    workbench.save_screenshot(str(SCREENSHOTS / "workbench-400.png"))
    # Tab leaves the editor; a header is a button that sorts with Enter
    workbench.execute_script("editor.focus()")
    workbench.switch_to.active_element.send_keys(Keys.TAB)
    assert workbench.switch_to.active_element.get_attribute("id") == "run"
    header = workbench.find_element("css selector", "#result-table th button")
    header.send_keys(Keys.ENTER)
    assert (
        workbench.find_element("css selector", "#result-table th").get_attribute("aria-sort")
        == "ascending"
    )
    workbench.set_window_size(1400, 1000)
    run_example(workbench, "statements")
    workbench.save_screenshot(str(SCREENSHOTS / "workbench-1400.png"))

"""Issue 16: five questions an analyst asks, answered through the pages alone, clicking
from the overview as a person would (at most three clicks each). The answers asserted
are read from the seed documents in data/sources, not from the pipeline's output."""

from __future__ import annotations

import re
import unicodedata
import urllib.request
from typing import Any

import pytest

from tests.web.test_browser import browser, wait  # noqa: F401  (the fixture)

# footnote 8 of the 2023 Chair's summary (001, chapter V, paragraph 15)
SWITZERLAND_GROUP = [
    "Albania", "Argentina", "Australia", "Plurinational State of Bolivia", "Canada",
    "Colombia", "Costa Rica", "Dominican Republic", "European Union and its 27 member States",
    "Honduras", "Iceland", "Mexico", "Moldova", "Norway", "New Zealand", "San Marino",
    "Switzerland", "Ukraine", "the United Kingdom", "the United States of America", "Uruguay",
]  # fmt: skip
# footnote 10 (paragraph 69)
SINGAPORE_GROUP = [
    "Algeria", "Angola", "Azerbaijan", "Bahrain", "Bangladesh", "Belarus",
    "Brunei Darussalam", "Burkina Faso", "China", "Cuba", "Central African Republic",
    "Democratic People’s Republic of Korea", "Egypt", "Fiji", "India", "Indonesia",
    "Islamic Republic of Iran", "Iraq", "Jordan", "Kazakhstan", "Kenya", "Kuwait",
    "Kyrgyzstan", "Lao People’s Democratic Republic", "Myanmar", "Namibia", "Nicaragua",
    "Nigeria", "Oman", "Pakistan", "State of Palestine", "Russian Federation",
    "Saudi Arabia", "Singapore", "Sri Lanka", "Sudan", "Syrian Arab Republic", "Tajikistan",
    "Türkiye", "United Arab Emirates", "United Republic of Tanzania", "Uzbekistan",
    "Viet Nam", "Zimbabwe",
]  # fmt: skip


def name_words(name: str) -> set[str]:
    """A country's name as a set of words: 'Iran (Islamic Republic of)' and 'Islamic
    Republic of Iran' are the same State; 'the United Kingdom' is short for the long name."""
    s = unicodedata.normalize("NFKD", name.replace("’", "'")).casefold()
    return set(re.findall(r"[a-z']+", s)) - {"the", "of", "and", "its", "member", "states"}


def same_members(shown: list[str], source: list[str]) -> bool:
    """One shown member for each name in the source, matched by words either way."""
    left = [name_words(n) for n in shown]
    for name in source:
        words = name_words(name)
        match = next((i for i, w in enumerate(left) if w <= words or words <= w), None)
        if match is None:
            return False
        left.pop(match)
    return not left


def from_overview(driver: Any, server: str) -> None:
    driver.get(server + "/")
    wait(driver, "return document.readyState === 'complete'")


def click_timeline(driver: Any, server: str, text: str, year: str) -> None:
    """Click, on the overview's timeline, the meeting whose name has `text` in `year`."""
    from_overview(driver, server)
    for item in driver.find_elements("css selector", ".timeline li"):
        when = item.find_element("css selector", "time").get_attribute("datetime")
        link = item.find_element("css selector", "a")
        if when.startswith(year) and text in link.text:
            link.click()
            wait(
                driver,
                "return document.readyState === 'complete' && !!document.querySelector('h1')",
            )
            return
    raise AssertionError(f"no {text} in {year} on the overview's timeline")


def summary(driver: Any) -> dict[str, str]:
    """The meeting page's summary (<dl>): 'Chair' -> its text."""
    terms = driver.find_elements("css selector", "dl.summary dt")
    values = driver.find_elements("css selector", "dl.summary dd")
    return {t.text: v.text for t, v in zip(terms, values, strict=True)}


def test_which_states_spoke_for_a_group_in_the_2023_thematic_discussions(
    browser: Any,  # noqa: F811
    live_server: str,
) -> None:
    spoke: dict[str, tuple[str, list[str], str]] = {}
    for name in ("Thematic Discussion I,", "Thematic Discussion II,"):
        click_timeline(browser, live_server, name, "2023")  # one click
        for item in browser.find_elements("css selector", "#behalf-h ~ ol > li"):
            who = item.find_element("css selector", "p a")
            if "/id/state/" not in who.get_attribute("href"):
                continue  # the European Union is not a State
            group = item.find_elements("css selector", "p strong")[1].text
            item.find_element("css selector", "details.members summary").click()  # open
            members = [a.text for a in item.find_elements("css selector", "details.members li")]
            spoke[who.text] = (group, members, item.find_element("css selector", "blockquote").text)
    assert set(spoke) == {"Switzerland", "Singapore"}
    group, members, sentence = spoke["Switzerland"]
    assert group == "47 Member States" and same_members(members, SWITZERLAND_GROUP), members
    assert "statements were made by Switzerland on behalf of 47 Member States" in sentence
    group, members, sentence = spoke["Singapore"]
    assert group == "43 countries" and same_members(members, SINGAPORE_GROUP), members
    assert "the Singapore on behalf of 43 countries" in sentence


def test_who_chaired_the_thematic_discussions_in_2020_and_2022(
    browser: Any,  # noqa: F811
    live_server: str,
) -> None:
    click_timeline(browser, live_server, "Thematic Discussions", "2020")
    chair = summary(browser)["Chair"]
    assert "Wolfgang Amadeus Bruelhart (Switzerland)" in chair
    # the sentence says on whose behalf he chaired
    assert "Second Vice-Chair, on behalf of H.E. Ambassador Mansoor Ahmad Khan" in chair
    click_timeline(browser, live_server, "Thematic Discussions", "2022")
    chair = summary(browser)["Chair"]
    assert "Ghislain D’Hoop (Belgium)" in chair
    assert "Chair of the Commission on Narcotic Drugs at its sixty-fifth session" in chair


def test_which_challenges_were_discussed_in_2022_and_when(
    browser: Any,  # noqa: F811
    live_server: str,
) -> None:
    click_timeline(browser, live_server, "Thematic Discussions", "2022")
    discussed = set()
    for row in browser.find_elements("css selector", "table.parts tbody tr"):
        date, _, challenge, _ = row.find_elements("css selector", "td")
        if challenge.text:
            full = challenge.find_element("css selector", "a").get_attribute("title")
            discussed.add((date.text.split("\n")[0], challenge.text, full[:60]))
    wording = "Responses not in conformity with the three international dru"
    assert {(d, w) for d, _, w in discussed} == {
        ("21 September 2022", wording),
        ("22 September 2022", wording),
    }
    assert all(c.endswith("C11") for _, c, _ in discussed)


def test_which_documents_were_before_the_commission_under_item_6_at_its_68th_session(
    browser: Any,  # noqa: F811
    live_server: str,
) -> None:
    click_timeline(browser, live_server, "68th session", "2025")
    browser.find_element("partial link text", "Agenda item 6").click()  # second click
    wait(browser, "return !!document.getElementById('before-h')")
    symbols = [
        li.find_element("css selector", "strong").text
        for li in browser.find_elements("css selector", "#before-h ~ ol > li")
    ]
    assert symbols == [
        "E/CN.7/2025/2-E/CN.15/2025/2", "E/CN.7/2025/5", "E/CN.7/2025/CRP.1",
        "E/CN.7/2025/CRP.3",
    ]  # fmt: skip
    assert "Report of the Executive Director on the activities of the United Nations " in (
        browser.find_element("css selector", "#before-h ~ ol > li blockquote").text
    )


def test_every_statement_by_or_for_the_european_union_with_its_sentence(
    browser: Any,  # noqa: F811
    live_server: str,
) -> None:
    from_overview(browser, live_server)
    browser.find_element("css selector", "a[href='/list/actors']").click()
    wait(browser, "return location.pathname === '/list/actors'")
    browser.find_element("link text", "European Union").click()
    wait(browser, "return !!document.getElementById('ledger-h')")
    statements = browser.find_elements("css selector", "#ledger-h ~ ol > li.statement")
    sources = [s.find_element("css selector", "a.quote").text for s in statements]
    # the 2023 Chair's summary: ten sessions and one right of reply (V.40); the 68th
    # session's report: one statement for the EU and its member States, one reply
    assert sorted(sources) == sorted(
        f"source ¶ {p}"
        for p in ("V.15", "V.29", "V.40", "V.40", "V.50", "V.60", "V.69", "V.82", "V.93",
                  "V.103", "V.113", "V.121", "5", "9")
    )  # fmt: skip
    by_source = {s.find_element("css selector", "a.quote").text: s.text for s in statements}
    reply = by_source["source ¶ 9"]
    assert "Right of reply" in reply
    assert (
        "“The representative of the European Union, in its capacity as observer, made a "
        "statement in exercise of the right of reply.”"
    ) in reply
    behalf = by_source["source ¶ 5"]
    assert "On behalf of European Union and its member States" in behalf
    assert "(on behalf of the European Union and its member States) and by the observers" in (
        behalf
    )
    assert "Malaysia, Kuwait and Namibia.”" in behalf  # the sentence in full, to its end
    assert all("European Union" in s.find_element("css selector", "blockquote").text
               for s in statements)  # fmt: skip
    # and the statement Switzerland made for a group the EU was counted in
    groups = browser.find_element("css selector", "#groups-h + ol").text
    assert "47 Member States, for whom Switzerland spoke" in groups
    # the same ledger downloads as CSV
    href = browser.find_element("link text", "CSV").get_attribute("href")
    with urllib.request.urlopen(href, timeout=30) as r:
        rows = r.read().decode("utf-8").strip().splitlines()
    assert rows[0].startswith("date,meeting,session,challenge,speaker,on_behalf_of")
    assert len(rows) == 1 + len(statements)


@pytest.fixture(autouse=True)
def _no_leftover_state(browser: Any) -> None:  # noqa: F811
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})

"""The pages for people, read without a browser: ledgers, challenges, meetings, lists and
the dataset page (issue 16). Answers come from the seed documents in data/sources."""

from __future__ import annotations

import csv
import io
import json
import re

from flask.testing import FlaskClient

HTML = {"Accept": "text/html"}


def items(page: str, heading_id: str) -> list[str]:
    """The text of each <li> of the list after the heading, tags dropped."""
    section = page.split(f'id="{heading_id}"', 1)[1].split("</section>", 1)[0]
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", li)).strip()
        for li in re.findall(r"<li[^>]*>(.*?)</li>\s*(?=<li|</ol>|</ul>)", section, re.S)
    ]


def test_a_paragraph_is_filed_under_the_meeting_it_was_said_in(client: FlaskClient) -> None:
    """Issue 16: the schedule line for 6 December 2023 (001, ¶224) was filed under the
    October 2023 meeting, and a 2019 'Way forward' paragraph (¶57) under a session on
    another challenge."""
    page = client.get("/id/challenge/C07", headers=HTML).get_data(as_text=True)
    mentions = items(page, "mentions-h")
    december = next(m for m in mentions if "source ¶ 224" in m)
    assert "Thematic Discussion II, 4–6 December 2023" in december
    way_forward = next(m for m in mentions if "source ¶ 57" in m)
    assert "CND Thematic Discussions, 16–18 October 2019" in way_forward
    assert "Synthetic opioids" not in way_forward


def test_a_challenge_page_lists_its_sessions_by_year_with_the_same_numbers_as_its_chart(
    client: FlaskClient,
) -> None:
    page = client.get("/id/challenge/C07", headers=HTML).get_data(as_text=True)
    assert "<h1>Availability of controlled medicines (C07)</h1>" in page
    # 001: chapter II (d) on 21 October 2020, chapter V Thematic Session 11 on 6 December 2023
    sessions = items(page, "sessions-h")
    assert [s.split(" · ")[0] for s in sessions] == ["21 October 2020", "6 December 2023"]
    table = page.split('id="timeline-table"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r'<th scope="row">(\d{4})</th><td>(\d+)</td>', table)
    bars = re.findall(r'class="b-sessions"[^>]*height="([\d.]+)"', page)
    assert [int(n) for _, n in rows] == [int(float(h) > 0) for h in bars]
    assert ("2020", "1") in rows and ("2023", "1") in rows


def test_a_delegation_ledger_downloads_as_csv_and_json(client: FlaskClient) -> None:
    page = client.get("/id/state/CHE", headers=HTML).get_data(as_text=True)
    assert 'href="/ledger/state/CHE.csv"' in page
    rows = list(
        csv.DictReader(io.StringIO(client.get("/ledger/state/CHE.csv").get_data(as_text=True)))
    )
    data = json.loads(client.get("/ledger/state/CHE.json").get_data(as_text=True))
    assert len(rows) == len(data["statements"]) >= 3
    # 001, chapter V ¶15 and its footnote 8
    behalf = next(r for r in rows if r["on_behalf_of"])
    assert behalf["on_behalf_of"] == "47 Member States" and behalf["date"] == "2023-10-23"
    assert "Uruguay" in behalf["group_members"] and "Costa Rica" in behalf["group_members"]
    assert behalf["sentence"].startswith("During the discussion, statements were made by Switz")
    assert behalf["source"].endswith("#p-V.15")


def test_a_ledger_of_nothing_is_not_found(client: FlaskClient) -> None:
    assert client.get("/ledger/state/XXX.csv").status_code == 404
    assert client.get("/ledger/state/CHE>.csv").status_code == 404
    assert client.get("/ledger/state/CHE.xml").status_code == 404


def test_a_session_names_the_documents_before_it(client: FlaskClient) -> None:
    meeting = client.get("/list/sessions", headers=HTML).get_data(as_text=True)
    link = re.search(r'href="(/id/[^"]+)">Agenda item 6:', meeting)
    assert link
    page = client.get(link.group(1), headers=HTML).get_data(as_text=True)
    before = items(page, "before-h")
    assert [b.split(" ", 1)[0] for b in before] == [
        "E/CN.7/2025/2-E/CN.15/2025/2", "E/CN.7/2025/5", "E/CN.7/2025/CRP.1",
        "E/CN.7/2025/CRP.3",
    ]  # fmt: skip
    assert "12 March 2025" in page  # the date in words


def test_the_overview_counts_lead_to_their_lists(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    for what in ("meetings", "sessions", "statements", "actors", "initiatives", "documents"):
        assert f'href="/list/{what}"' in page
        assert client.get(f"/list/{what}").status_code == 200
    meetings = client.get("/list/meetings").get_data(as_text=True)
    assert (
        'CND Thematic Discussions, 19–21 October 2020</a> <span class="muted">19–21 October 2020'
        in meetings
    )
    assert client.get("/list/nothing").status_code == 404


def test_the_dataset_menu_opens_a_page_of_its_description(client: FlaskClient) -> None:
    page = client.get("/", headers=HTML).get_data(as_text=True)
    assert '<a href="/dataset">Dataset</a>' in page
    dataset = client.get("/dataset", headers=HTML).get_data(as_text=True)
    assert "void:sparqlEndpoint" in dataset and "dcterms:license" in dataset
    for name in ("cndkg.ttl", "cndkg.nt", "cndkg.trig", "cndkg.jsonld"):
        assert f'href="/download/{name}"' in dataset
    assert "https://w3id.org/cndkg/id/graph/entities" in dataset


def test_properties_are_named_by_their_ontology_labels(client: FlaskClient) -> None:
    page = client.get("/id/state/CHE", headers=HTML).get_data(as_text=True)
    assert (
        '<span title="https://w3id.org/cndkg/ontology#iso3166Alpha3">ISO 3166-1 alpha-3 code</span>'
        in page
    )
    assert ">http://www.w3.org/1999/02/22-rdf-syntax-ns#type<" not in page
    assert '<span title="http://www.w3.org/1999/02/22-rdf-syntax-ns#type">rdf:type</span>' in page


def test_a_long_document_has_a_table_of_contents(client: FlaskClient) -> None:
    docs = client.get("/documents").get_data(as_text=True)
    link = re.search(r'<a href="(/id/[^"]+)">Compilation of the Chairs', docs)
    assert link
    page = client.get(link.group(1), headers=HTML).get_data(as_text=True)
    toc = page.split('<nav class="toc"', 1)[1].split("</nav>", 1)[0]
    # the five chapters of the compilation, each with its dates
    for dates in ("(16–18 October 2019)", "(19–21 October 2020)", "(19–21 October 2021)",
                  "(21–22 September 2022)", "(21–23 October and 4–6 December 2023)"):  # fmt: skip
        assert dates in toc
    for target in re.findall(r'href="#(s-\d+)"', toc):
        assert f'id="{target}"' in page

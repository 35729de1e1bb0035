"""A UN PDF as published becomes the text extraction reads, with its pages kept.

On the real report E/2025/26-E/CN.5/2025/6 (tests/cases/E_2025_26): what the UN prints
around the body (running heads, job-number footers, the contents) is gone, a sentence
broken by a page is one paragraph, a footnote is tied to its marker, and each paragraph
knows the page of the PDF it starts on.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from cndkg.model import Document, SourceError
from cndkg.parse import parse_document
from cndkg.readers import HTML, PDF, sniff
from cndkg.readers.pdf import derive
from cndkg.sources import read_source
from tests.conftest import CASES

REPORT = CASES / "E_2025_26" / "E_2025_26.pdf"


@pytest.fixture(scope="module")
def report() -> Document:
    return parse_document(read_source(REPORT))


def para(doc: Document, label: str) -> str:
    return next(p.text for p in doc.paragraphs if p.label == label)


def test_first_page_gives_symbols_body_title_and_date(report: Document) -> None:
    meta = report.source.meta
    assert meta.symbol == "E/2025/26-E/CN.5/2025/6"
    assert meta.issuer == "Commission for Social Development"
    assert meta.title == "Commission for Social Development: Report on the sixty-third session"
    assert str(meta.date) == "2025-02-28"  # "[28 February 2025]" over the contents
    assert meta.genre == "official-records-report"
    assert report.source.media_type == PDF


def test_running_heads_footers_and_contents_are_dropped(report: Document) -> None:
    text = report.source.text
    assert not re.search(r"^\s*E/CN\.5/2025/6\s*$", text, re.M)  # the running head
    assert "25-03320" not in text  # the job number of every footer
    assert "4/15" not in text
    assert "......" not in text  # the contents' leaders


def test_a_sentence_broken_by_a_page_is_one_paragraph(report: Document) -> None:
    # paragraph 12 runs from page 9 to page 10 of the PDF: "in view of the World | Social Summit"
    text = para(report, "12")
    assert "in view of the World Social Summit under the title" in text
    assert text.endswith("Baha’í International Community and UNANIMA International.")


def test_a_paragraph_whose_page_ends_on_a_full_stop_still_continues(report: Document) -> None:
    # paragraph 15's last sentence opens page 11: "Representatives of the following ..."
    assert para(report, "15").endswith("and International Society for Human Rights.")


def test_footnotes_are_tied_to_their_markers(report: Document) -> None:
    twelve = next(p for p in report.paragraphs if p.label == "12")
    assert twelve.footnote_refs == ["3"]
    assert "gave presentations. During" in twelve.text  # the marker is gone from the text
    assert report.footnotes["3"].text.startswith("Full details are available at")
    bureau = next(p for p in report.paragraphs if p.label == "42")
    assert bureau.footnote_refs == ["4"] and "Oliver Gruenbacher (Austria) Joselyne" in bureau.text


def test_each_paragraph_knows_its_page(report: Document) -> None:
    pages = {p.label: p.page for p in report.paragraphs}
    assert (pages["1"], pages["12"], pages["15"], pages["42"]) == (6, 9, 10, 16)
    assert pages["fn3"] == 10  # the foot of the page it stands on


def test_quotes_come_verbatim_from_the_derived_text(report: Document) -> None:
    for p in report.paragraphs:
        for seg in p.segments:
            assert report.source.text[seg.start : seg.end].strip()


def test_derive_joins_pages_and_drops_what_the_un_prints_around_them() -> None:
    pages = [
        "E/2025/99\nE/CN.7/2025/9\n \n2/9 25-01234\n \n5. At its 2nd meeting, the Commission "
        "heard statements by the\nrepresentatives of Chile and Peru.1 Statements were also\n"
        "__________________\n 1  See E/CN.7/2025/2.\n",
        "E/2025/99\nE/CN.7/2025/9\n \n25-01234 3/9\n \nmade by Ecuador.\n6. At the same meeting, "
        "...\n",
    ]
    text = derive(pages).text
    assert "Chile and Peru.<sup>1</sup> Statements were also\nmade by Ecuador." in text
    assert "<sup>1</sup> See E/CN.7/2025/2." in text
    assert "25-01234" not in text and "E/CN.7/2025/9\n" not in text


def test_format_is_chosen_by_content_not_by_name(tmp_path: Path) -> None:
    disguised = tmp_path / "report.txt"
    shutil.copy(REPORT, disguised)
    assert read_source(disguised).media_type == PDF
    assert sniff(b"<!DOCTYPE html><html><body><p>x</p></body></html>") == HTML


def test_a_pdf_without_text_or_broken_is_refused_naming_it(tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(REPORT.read_bytes()[:4000])
    with pytest.raises(SourceError, match=r"broken\.pdf"):
        read_source(broken)

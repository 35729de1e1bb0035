"""How values read on the pages (issue 16: dates in words, nothing cut mid-word)."""

from __future__ import annotations

import pytest

from cndkg.web import words

# paragraph 1 of the 68th session's report on item 6 (003)
ITEM_6 = (
    "At its 5th and 6th meetings, on 12 March 2025, and 7th meeting, on 13 March 2025, the "
    "Commission considered agenda item 6, entitled “Follow-up to the implementation at the "
    "national, regional and international levels of all commitments”"
)


@pytest.mark.parametrize(
    ("start", "end", "said"),
    [
        ("2020-10-19", "2020-10-21", "19–21 October 2020"),
        ("2023-12-04", None, "4 December 2023"),
        ("2023-10-23", "2023-10-23", "23 October 2023"),
        ("2020-11-30", "2020-12-02", "30 November – 2 December 2020"),
        ("2019-12-30", "2020-01-02", "30 December 2019 – 2 January 2020"),
    ],
)
def test_dates_read_as_the_documents_write_them(start: str, end: str | None, said: str) -> None:
    assert words.date_range_words(start, end) == said


def test_a_value_that_is_not_a_date_is_left_alone() -> None:
    assert words.date_words("March 2025") == "March 2025"


@pytest.mark.parametrize("limit", range(20, len(ITEM_6), 7))
def test_shortened_text_ends_at_a_whole_word(limit: int) -> None:
    short = words.shorten(ITEM_6, limit)
    assert short.endswith("…") and len(short) <= limit + 1
    kept = short[:-1].split()
    source = ITEM_6.split()[: len(kept)]
    assert kept[:-1] == source[:-1]
    assert kept[-1] == source[-1].rstrip(",;:")  # the last word whole, its comma dropped


def test_short_text_is_not_shortened_and_long_text_is_one_click_away() -> None:
    assert words.shorten("Pledge4Action") == "Pledge4Action"
    html = str(words.expandable(ITEM_6, 60))
    assert html.startswith('<details class="more"><summary>At its 5th and 6th meetings,')
    assert "13 March 2025" in html.split("</summary>", 1)[1]


def test_a_chapter_heading_keeps_its_dates() -> None:
    heading = (
        "II. Chair's summary on the thematic discussions on the implementation of all "
        "international drug policy commitments, following-up to the 2019 Ministerial "
        "Declaration (19–21 October 2020)"
    )
    short = words.shorten_heading(heading, 100)
    assert short.endswith("… (19–21 October 2020)") and len(short) <= 101


def test_challenges_have_short_titles_and_properties_compact_names() -> None:
    assert words.short_title("C07", "The availability of ...") == (
        "Availability of controlled medicines"
    )
    assert words.compact("https://schema.org/name") == "schema:name"


def test_a_quote_reads_without_its_conversion_markup() -> None:
    # item 2 (a) of the 68th session's report on item 6, as converted to Markdown
    quote = (
        "- (a) Report of the Executive Director on the activities of the United Nations "
        "Office on Drugs and Crime ([E/CN.7/2025/2-E/CN.15/2025/2](#));"
    )
    assert words.readable(quote) == (
        "(a) Report of the Executive Director on the activities of the United Nations "
        "Office on Drugs and Crime (E/CN.7/2025/2-E/CN.15/2025/2);"
    )
    assert words.readable("Member States<sup>8</sup>, **statements**") == (
        "Member States, statements"
    )


def test_class_names_read_as_words() -> None:
    assert words.kind_words("ThematicDiscussion") == "thematic discussion"
    assert words.kind_words("UNEntity") == "UN entity"

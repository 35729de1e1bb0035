"""The parser copes with each seed's conversion quirks."""

from __future__ import annotations

from pathlib import Path

from cndkg.model import SourceDocument, SourceMetadata
from cndkg.parse import parse_document
from tests.conftest import seed


def doc_of(text: str) -> SourceDocument:
    return SourceDocument(Path("x.txt"), text, SourceMetadata(doc_id="x"))


def test_paragraph_numbers_restart_per_chairs_summary_and_get_the_part_numeral() -> None:
    labels = {p.label for p in seed("001").paragraphs}
    for label in ("I.1", "II.1", "III.1", "IV.1", "V.1", "V.15", "V.121"):
        assert label in labels


def test_page_break_mid_sentence_continues_the_paragraph() -> None:
    doc = seed("001")
    para = next(p for p in doc.paragraphs if p.label == "II.10")
    assert "importance of mobilizing partners at all levels to provide a comprehensive" in para.text


def test_paragraph_continues_after_footnotes_that_interrupt_it() -> None:
    doc = seed("001")
    para = next(p for p in doc.paragraphs if p.label == "V.70")
    assert "expressed their commitment to promoting human rights-based drug policies" in para.text
    assert "Algeria, Angola" not in para.text


def test_sup_footnote_marker_is_removed_but_remembered_with_its_position() -> None:
    doc = seed("001")
    para = next(p for p in doc.paragraphs if p.label == "V.15")
    assert "47 Member States," in para.text and "<sup>" not in para.text
    mark, pos = para.footnote_positions[0]
    assert mark == "8" and para.text[pos - 16 : pos] == "47 Member States"


def test_footnote_blocks_become_footnotes_with_their_number() -> None:
    doc = seed("001")
    note = doc.footnotes["8"]
    assert note.kind == "footnote" and note.text.startswith("Albania, Argentina")


def test_bold_glued_headings_are_headings_without_markup() -> None:
    doc = seed("001")
    heading = next(p for p in doc.paragraphs if "Thematic Discussion I," in p.text)
    assert heading.kind == "heading" and "**" not in heading.text


def test_markdown_link_keeps_its_text_only() -> None:
    doc = seed("003")
    para = next(p for p in doc.paragraphs if "E/CN.7/2025/5" in p.text)
    assert "(#)" not in para.text and "[" not in para.text


def test_web_chrome_does_not_break_a_delegation_report() -> None:
    doc = seed("000")
    texts = [p.text for p in doc.paragraphs]
    assert "top of page" in texts[0]
    assert any(t.startswith("1. Capacity and Efficiency Gaps") for t in texts)


def test_slide_transcript_slides_are_numbered_paragraphs() -> None:
    doc = seed("002")
    slide = next(p for p in doc.paragraphs if p.label == "3")
    assert "CHALLENGE: Increasing links between drug trafficking" in slide.text


def test_round_table_bullets_are_paragraphs_of_their_own() -> None:
    doc = seed("004")
    bullets = [p for p in doc.paragraphs if p.kind == "bullet"]
    assert len(bullets) >= 20


def test_every_clean_character_maps_to_the_same_character_of_the_source() -> None:
    for name in ("000", "001", "002", "003", "004"):
        doc = seed(name)
        text = doc.source.text
        for para in doc.paragraphs:
            assert len(para.offsets) == len(para.text)
            for ch, at in zip(para.text, para.offsets, strict=True):
                assert ch == text[at] or (ch == " " and text[at].isspace()) or ch == " ", (
                    name,
                    para.label,
                    ch,
                    text[at],
                )


def test_hard_wrapped_lines_join_into_one_paragraph() -> None:
    doc = parse_document(
        doc_of("1. The Commission on Narcotic Drugs met\nin Vienna.\n\n2. Next.\n")
    )
    assert [p.text for p in doc.paragraphs] == [
        "1. The Commission on Narcotic Drugs met in Vienna.",
        "2. Next.",
    ]

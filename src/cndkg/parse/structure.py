"""Find the paragraphs, headings, bullets and footnotes of a converted document.

Quirks handled (each has a test): paragraph numbers that restart in each Chair's
summary of a compilation (labels become "V.15"); page breaks in the middle of a
sentence (the next block continues the open paragraph, even across footnotes);
footnotes as `<sup>8</sup> text` blocks; bold runs glued to headings; web chrome.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cndkg.model import Document, Paragraph, Section, SourceDocument, Span
from cndkg.parse.text import CleanText, clean

NUMBERED = re.compile(r"^\s*(?:\*\*)?(\d{1,3})\.(?:\*\*)?\s+\S")
BULLET = re.compile(r"^\s*(?:[-•·▪●]|\d{1,2}\))\s*\S")
FOOTNOTE = re.compile(r"^\s*(?:<sup>\s*(\d+|\\?\*+)\s*</sup>|(\\\*{1,3}|\*{1,3})\s)")
MD_HEADING = re.compile(r"^\s*#{1,6}\s")
LETTER_HEADING = re.compile(r"^\s*(?:-\s*)?\(?([a-zA-Z]{1,4})\)\s+\*\*")
BOLD_LINE = re.compile(r"^\s*\*\*.+\*\*\s*$")
ROMAN_HEADING = re.compile(r"^(?:([IVX]{1,5})\.\s+\S|Chapter\s+([IVXL]{1,6})\b)")
SEPARATOR = re.compile(r"^\s*(?:-{3,}|_{3,}|\*{3,})\s*$")
TERMINAL = re.compile(r"[.:;!?\"”’)\]]\s*$")


@dataclass
class _Line:
    start: int
    end: int
    raw: str


def _lines(text: str) -> list[_Line]:
    out: list[_Line] = []
    pos = 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        out.append(_Line(pos, pos + len(body), body))
        pos += len(raw)
    return out


def _kind(raw: str) -> str:
    if SEPARATOR.match(raw):
        return "separator"
    if FOOTNOTE.match(raw):
        return "footnote"
    if MD_HEADING.match(raw) or LETTER_HEADING.match(raw) or BOLD_LINE.match(raw):
        return "heading"
    if NUMBERED.match(raw):
        return "numbered"
    if BULLET.match(raw):
        return "bullet"
    return "plain"


def parse_document(source: SourceDocument) -> Document:
    """Split a source into labelled paragraphs whose offsets point into its text."""
    text = source.text
    units: list[tuple[str, list[_Line]]] = []
    previous_blank = True
    for line in _lines(text):
        if not line.raw.strip():
            previous_blank = True
            continue
        kind = _kind(line.raw)
        if kind == "separator":
            previous_blank = True
            continue
        # a hard-wrapped plain line continues the unit above it
        if kind == "plain" and not previous_blank and units and units[-1][0] != "heading":
            units[-1][1].append(line)
        else:
            units.append((kind, [line]))
        previous_blank = False
    return _assemble(source, units)


def _assemble(source: SourceDocument, units: list[tuple[str, list[_Line]]]) -> Document:
    text = source.text
    paragraphs: list[Paragraph] = []
    footnotes: dict[str, Paragraph] = {}
    sections: list[Section] = []
    part_index = 0
    part_name = ""
    last_number = 0
    ordinal = 0
    section_title = ""
    open_para: Paragraph | None = None
    parts_used: set[int] = set()
    pending_part = ""
    list_next = 0
    for kind, lines in units:
        spans = [Span(ln.start, ln.end) for ln in lines]
        cleaned = _clean_spans(text, spans)
        if not cleaned.text:
            continue
        if kind == "plain" and open_para is not None:
            _extend(open_para, cleaned, spans)
            if TERMINAL.search(open_para.text):
                open_para = None
            continue
        ordinal += 1
        if kind == "heading":
            title = cleaned.text
            roman = ROMAN_HEADING.match(title)
            if roman:
                pending_part = roman.group(1) or roman.group(2)
            section_title = title
            sections.append(Section(f"¶{ordinal}", title, _level(lines[0].raw), part_name))
            para = Paragraph(
                f"¶{ordinal}",
                None,
                part_name,
                section_title,
                spans,
                title,
                "heading",
                [r for r, _ in cleaned.footnote_refs],
                cleaned.footnote_refs,
                cleaned.offsets,
            )
            paragraphs.append(para)
            open_para = None
            list_next = 1 if title.rstrip().endswith(":") else 0
            continue
        if kind == "footnote":
            m = FOOTNOTE.match(lines[0].raw)
            assert m is not None
            mark = (m.group(1) or m.group(2) or "*").replace("\\", "")
            label = f"fn{mark}" if mark.isdigit() else f"fn{'*' * len(mark)}"
            body = _strip_marker(cleaned)
            para = Paragraph(
                label,
                None,
                part_name,
                section_title,
                spans,
                body.text,
                "footnote",
                [],
                [],
                body.offsets,
            )
            footnotes.setdefault(mark, para)
            paragraphs.append(para)
            continue
        number: int | None = None
        if kind == "numbered":
            m = NUMBERED.match(lines[0].raw)
            assert m is not None
            listed = int(m.group(1))
            # "The agenda was as follows: 1. ... 2. ...": items of a list, not paragraphs
            if list_next and listed == list_next and len(cleaned.text) < 240:
                kind = "bullet"
                list_next += 1
            else:
                list_next = 0
                number = listed
        else:
            list_next = 0
        if number is not None:
            if number <= last_number:
                part_index += 1
                part_name = pending_part or f"P{part_index + 1}"
            elif not parts_used and pending_part:
                part_name = pending_part  # the first part of a compilation has a name too
            pending_part = ""
            last_number = number
            parts_used.add(part_index)
            label = f"{part_name}.{number}" if part_name else str(number)
        else:
            label = f"¶{ordinal}"
        para = Paragraph(
            label,
            number,
            part_name,
            section_title,
            spans,
            cleaned.text,
            "paragraph" if kind != "bullet" else "bullet",
            [r for r, _ in cleaned.footnote_refs],
            cleaned.footnote_refs,
            cleaned.offsets,
        )
        paragraphs.append(para)
        open_para = None if TERMINAL.search(cleaned.text) else para
        if cleaned.text.rstrip().endswith(":") and not list_next:
            list_next = 1
    if len(parts_used) <= 1:
        _drop_single_part_prefix(paragraphs)
    if source.meta.genre == "official-records-report":
        _label_by_chapter(paragraphs)
    _dedupe_labels(paragraphs)
    if source.page_starts:
        for p in paragraphs:
            p.page = source.page_at(p.segments[0].start)
    return Document(source, paragraphs, footnotes, sections)


def _clean_spans(text: str, spans: list[Span]) -> CleanText:
    out = CleanText("", [], [])
    for span in spans:
        part = clean(text, span.start, span.end)
        if not part.text:
            continue
        if out.text:
            out.text += " "
            out.offsets.append(out.offsets[-1])
        shift = len(out.text)
        out.footnote_refs.extend((r, i + shift) for r, i in part.footnote_refs)
        out.text += part.text
        out.offsets.extend(part.offsets)
    return out


def _extend(para: Paragraph, cleaned: CleanText, spans: list[Span]) -> None:
    para.offsets.append(para.offsets[-1] if para.offsets else spans[0].start)
    para.text += " " + cleaned.text
    para.offsets.extend(cleaned.offsets)
    para.segments.extend(spans)
    shift = len(para.text) - len(cleaned.text)
    para.footnote_refs.extend(r for r, _ in cleaned.footnote_refs)
    para.footnote_positions.extend((r, i + shift) for r, i in cleaned.footnote_refs)


def _strip_marker(cleaned: CleanText) -> CleanText:
    m = re.match(r"^\s*\**\s*", cleaned.text)
    cut = m.end() if m else 0
    return CleanText(cleaned.text[cut:], cleaned.offsets[cut:], [])


def _level(raw: str) -> int:
    m = re.match(r"^\s*(#+)", raw)
    return len(m.group(1)) if m else 4


def _drop_single_part_prefix(paragraphs: list[Paragraph]) -> None:
    for p in paragraphs:
        if p.number is not None:
            p.label = str(p.number)


CHAPTER = re.compile(r"^Chapter\s+([IVXL]+)$")
DRAFT_TEXT = re.compile(
    r"^(?:Draft (?:resolution|decision)\b|Resolution \d|Decision \d|\d{2,4}/\d{1,3}\b|"
    r"The Economic and Social Council)"
)


def _label_by_chapter(paragraphs: list[Paragraph]) -> None:
    """Label an Official Records report's paragraphs as it prints them: plain numbers,
    or "III.2" where the report numbers each chapter anew. Only a chapter restarts the
    count; the numbered paragraphs of a draft resolution quoted in chapter I do not."""
    chapter = ""
    quoted = False  # inside a draft resolution or decision that chapter I quotes
    numbered: list[tuple[str, Paragraph]] = []
    for i, p in enumerate(paragraphs):
        m = CHAPTER.match(p.text.strip()) if p.kind == "heading" else None
        if m:
            chapter, quoted = m.group(1), False
        elif p.kind == "heading" and re.match(r"^[A-Z]\.\s", p.text):
            quoted = False  # "B. Draft decisions for adoption by the Council": the report's
        elif p.kind == "heading" and DRAFT_TEXT.match(p.text) and chapter in ("", "I"):
            quoted = True
        elif p.number is not None and quoted:
            p.number, p.label = None, f"¶{i + 1}"  # the draft's own operative paragraph
        elif p.number is not None:
            numbered.append((chapter, p))
    firsts: dict[str, int] = {}
    for ch, p in numbered:
        firsts.setdefault(ch, p.number or 0)
    restarts = sum(1 for n in firsts.values() if n == 1) >= 2
    for ch, p in numbered:
        p.part = ch if restarts else ""
        p.label = f"{ch}.{p.number}" if restarts and ch else str(p.number)


def _dedupe_labels(paragraphs: list[Paragraph]) -> None:
    seen: dict[str, int] = {}
    for p in paragraphs:
        n = seen.get(p.label, 0)
        seen[p.label] = n + 1
        if n:
            p.label = f"{p.label}~{n + 1}"

"""Shared readers of the genre's language: ordinals, dates, sentences, evidence."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from cndkg.model import Document, Evidence, Paragraph

T = TypeVar("T")
MONTH_NAMES = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
MONTH = r"(?:" + "|".join(MONTH_NAMES) + r")"
MONTH_NUM = {m.lower(): i for i, m in enumerate(MONTH_NAMES, start=1)}

UNITS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
    "thirteenth": 13, "fourteenth": 14, "fifteenth": 15, "sixteenth": 16,
    "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
}  # fmt: skip
TENS = {
    "twent": 20, "thirt": 30, "fort": 40, "fift": 50, "sixt": 60, "sevent": 70,
    "eight": 80, "ninet": 90,
}  # fmt: skip
CARDINAL_UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9,
}  # fmt: skip


def ordinal_value(word: str) -> int | None:
    """'sixty-seventh' -> 67, '67th' -> 67, 'third' -> 3."""
    w = word.lower().strip()
    m = re.match(r"^(\d+)(?:st|nd|rd|th)$", w)
    if m:
        return int(m.group(1))
    if w in UNITS:
        return UNITS[w]
    for stem, tens in TENS.items():
        if w.startswith(stem + "ieth"):
            return tens
        if w.startswith(stem + "y-"):
            unit = UNITS.get(w.split("-", 1)[1])
            return tens + unit if unit else None
    return None


def nth(n: int) -> str:
    """67 -> '67th', 1 -> '1st', 12 -> '12th': how names of sessions and meetings count."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def roman_value(numeral: str) -> int:
    values = {"I": 1, "V": 5, "X": 10, "L": 50}
    total = 0
    for i, ch in enumerate(numeral):
        v = values[ch]
        total += -v if i + 1 < len(numeral) and values[numeral[i + 1]] > v else v
    return total


@dataclass(frozen=True)
class DateRange:
    start: date
    end: date
    at: int
    stop: int


_RANGE = re.compile(
    rf"\b(\d{{1,2}})(?:\s+({MONTH}))?(?:\s+(\d{{4}}))?\s*(?:–|-|to|and)\s*(\d{{1,2}})\s+({MONTH})"
    rf"(?:,?\s+(\d{{4}}))?"
)
_SINGLE = re.compile(rf"\b(\d{{1,2}})\s+({MONTH})(?:,?\s+(\d{{4}}))?")


def find_dates(text: str, default_year: int | None = None) -> list[DateRange]:
    """Every date or day range in a text, in order; a missing year is default_year."""
    found: list[DateRange] = []
    taken: list[tuple[int, int]] = []
    for m in _RANGE.finditer(text):
        d1, mon1, y1, d2, mon2, y2 = m.groups()
        year = int(y2 or y1 or 0) or default_year
        if not year:
            continue
        try:
            end = date(year, MONTH_NUM[mon2.lower()], int(d2))
            start = date(int(y1 or year), MONTH_NUM[(mon1 or mon2).lower()], int(d1))
        except ValueError:
            continue
        if start <= end:
            found.append(DateRange(start, end, m.start(), m.end()))
            taken.append((m.start(), m.end()))
    for m in _SINGLE.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        d, mon, y = m.groups()
        year = int(y) if y else default_year
        if not year:
            continue
        try:
            day = date(year, MONTH_NUM[mon.lower()], int(d))
        except ValueError:
            continue
        found.append(DateRange(day, day, m.start(), m.end()))
    return sorted(found, key=lambda r: r.at)


_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[A-Z“\"(])")


def sentences(text: str) -> Iterator[tuple[int, int]]:
    """Sentence spans of a paragraph's clean text (abbreviations kept whole)."""
    start = 0
    for m in _SENTENCE_END.finditer(text):
        before = text[max(0, m.start() - 6) : m.start()]
        # abbreviations, and a person's initial ("Abdulaziz M. Alwasil", "M.O. Kah")
        if re.search(r"\b(?:H\.E|No|para|e\.g|i\.e|Mr|Ms|Dr|Prof|St|vol|[A-Z])\.$", before):
            continue
        yield start, m.start()
        start = m.end()
    if start < len(text):
        yield start, len(text)


def evidence(doc: Document, para: Paragraph, start: int = 0, end: int | None = None) -> Evidence:
    """Evidence for text[start:end] of a paragraph, quoted verbatim from the source."""
    stop = len(para.text) if end is None else end
    while start < stop and para.text[start] == " ":
        start += 1
    span = para.span_of(start, stop)
    return Evidence(doc.doc_id, para.label, span.start, span.end, doc.quote(span))


def sentence_evidence(doc: Document, para: Paragraph, pos: int) -> Evidence:
    """Evidence for the sentence of a paragraph that contains position pos."""
    for a, b in sentences(para.text):
        if a <= pos < b or (pos >= b and b == len(para.text)):
            return evidence(doc, para, a, b)
    return evidence(doc, para)


def first_per_paragraph(items: list[T], key: Callable[[T], str]) -> list[T]:
    """Keep the first item for each (key, evidence paragraph): one fact per paragraph."""
    seen: set[tuple[str, str]] = set()
    out: list[T] = []
    for item in items:
        mark = (key(item), item.evidence.paragraph)  # type: ignore[attr-defined]
        if mark not in seen:
            seen.add(mark)
            out.append(item)
    return out

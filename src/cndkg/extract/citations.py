"""Cited documents: UN symbols, resolutions by number, declarations, conventions, reports."""

from __future__ import annotations

import re

from cndkg.extract.meetings import main_commission
from cndkg.extract.text import first_per_paragraph, sentence_evidence
from cndkg.gazetteers import Gazetteer
from cndkg.model import CitationMention, Document

SYMBOL = re.compile(
    r"(?<![\w/])(?:A|E|S)/(?:[A-Z]{1,4}(?:\.\d+)?/)*\d{2,4}/[A-Z0-9.]+(?:/[A-Z0-9.]+)*"
    r"(?:-E/CN\.\d+/\d{4}/[A-Z0-9.]+)?"
)
RESOLUTION = re.compile(
    r"\b(?P<body>CND |CCPCJ |Commission |General Assembly |Economic and Social Council )?"
    r"[Rr]esolutions? (?P<num>\d{2,3}/\d{1,3}(?: [A-C]\b)?)(?!/)"
)
WORLD_DRUG_REPORT = re.compile(
    r"\b(?:(?P<y1>(?:19|20)\d\d) World Drug Report|World Drug Report"
    r"(?: (?P<y2>(?:19|20)\d\d))?)\b"
)


CCPCJ_FIRST_YEAR = 1992  # its first session; one regular session a year since
CCPCJ_SESSIONS_BELOW = 45  # its session numbers stay below this for years yet (34 in 2025)


def _resolution_identifier(
    body: str, number: str, own_commission: str, year: int | None
) -> tuple[str, str]:
    """Name a resolution cited by number; an explicit body decides, "Commission" is the
    document's own, and a bare number is told apart by its session."""
    body = body.strip()
    if body == "General Assembly":
        return f"A/RES/{number}", "Resolution"
    if body == "Economic and Social Council":
        return f"ECOSOC resolution {number}", "Resolution"
    if body in ("CND", "CCPCJ"):
        return f"{body} resolution {number}", "Resolution"
    if body == "Commission":
        return f"{own_commission.upper()} resolution {number}", "Resolution"
    session = int(number.split("/")[0])
    # CND sessions are numbered in the fifties and beyond since 2006, CCPCJ's below forty;
    # but a CCPCJ session not yet held when the document was written is a CND one
    # (archive documents go back to 1946: "resolution 33/1" in 1990 is the CND's)
    held = year is None or CCPCJ_FIRST_YEAR + session - 1 <= year
    ccpcj = session < CCPCJ_SESSIONS_BELOW and held
    return f"{'CCPCJ' if ccpcj else 'CND'} resolution {number}", "Resolution"


def citations(doc: Document, gaz: Gazetteer) -> list[CitationMention]:
    out: list[CitationMention] = []
    own_commission = main_commission(doc)
    written = doc.source.meta.date.year if doc.source.meta.date else None
    for para in doc.paragraphs:
        text = para.text
        taken: list[tuple[int, int]] = []
        for m in SYMBOL.finditer(text):
            symbol = m.group(0).rstrip(".")
            kind = (
                "Resolution"
                if "/RES/" in symbol
                else ("ConferenceRoomPaper" if "CRP" in symbol else "Document")
            )
            if symbol == doc.source.meta.symbol:
                continue
            out.append(
                CitationMention(
                    symbol,
                    kind,
                    sentence_evidence(doc, para, m.start()),
                    symbol=symbol,
                    title=_title_after(text, m.end()),
                )
            )
            taken.append((m.start(), m.end()))
        for m in RESOLUTION.finditer(text):
            ident, kind = _resolution_identifier(
                m.group("body") or "", m.group("num"), own_commission, written
            )
            out.append(
                CitationMention(
                    ident,
                    kind,
                    sentence_evidence(doc, para, m.start()),
                    number=m.group("num"),
                    symbol=ident if ident.startswith("A/") else "",
                )
            )
            taken.append((m.start(), m.end()))
        for m in WORLD_DRUG_REPORT.finditer(text):
            year = m.group("y1") or m.group("y2")
            if not year:  # "the World Drug Report and other publications": no one edition
                continue
            ident = f"World Drug Report {year}"
            out.append(
                CitationMention(
                    ident, "WorldDrugReport", sentence_evidence(doc, para, m.start()), title=ident
                )
            )
            taken.append((m.start(), m.end()))
        for m in gaz.document_pattern.finditer(text):
            entry = gaz.lookup("document", m.group(0))
            if entry is None or any(a < m.end() and m.start() < b for a, b in taken):
                continue
            ev = sentence_evidence(doc, para, m.start())
            # a phrase naming several instruments at once cites each of them
            # an annual report cited with its edition: "Global Organized Crime Index 2023"
            edition = re.match(r"\s+((?:19|20)\d\d)\b", text[m.end() :])
            for code in entry.parts or [entry.code]:
                part = gaz.get("document", code) or entry
                ident = (
                    f"{part.code} {edition.group(1)}"
                    if edition and part.subkind == "Report"
                    else part.code
                )
                out.append(CitationMention(ident, part.subkind or "Document", ev, title=part.label))
    return first_per_paragraph(out, lambda c: c.identifier)


def _title_after(text: str, end: int) -> str:
    m = re.match(r"\s*\(([^)]{5,200})\)", text[end:])
    return m.group(1) if m else ""

"""Cited documents: UN symbols, resolutions by number, declarations, conventions, reports."""

from __future__ import annotations

import re

from cndkg.extract.meetings import main_commission
from cndkg.extract.text import first_per_paragraph, sentence_evidence
from cndkg.gazetteers import Gazetteer
from cndkg.model import CitationMention, Document
from cndkg.rules.documents import CITATIONS
from cndkg.rules.documents import NUMBER as RESOLUTION_NUMBER

# the phrases are rules with their excerpts (cndkg.rules.documents)
SYMBOL = CITATIONS["un-symbol"]
RESOLUTION = CITATIONS["resolution-by-number"]
NUMBER = re.compile(RESOLUTION_NUMBER)
CROSS_REFERENCE = CITATIONS["cross-reference"]
WORLD_DRUG_REPORT = CITATIONS["world-drug-report"]


CCPCJ_FIRST_YEAR = 1992  # its first session; one regular session a year since
CCPCJ_SESSIONS_BELOW = 45  # its session numbers stay below this for years yet (34 in 2025)


def _resolution_identifier(
    body: str, number: str, own_commission: str, year: int | None, kind: str = "resolution"
) -> tuple[str, str]:
    """Name a resolution or decision cited by number: an explicit body decides (the
    General Assembly's and the Council's by their UN symbols), "Commission" is the
    document's own, a year-numbered one ("2024/5") is the Council's, and a bare session
    number is told apart by its session."""
    body = " ".join(body.split())
    series = "RES" if kind == "resolution" else "DEC"
    serial = re.match(r"\d{1,3}/(\d+)", number)
    if body in ("", "its") and serial and int(serial.group(1)) >= 100:
        body = "General Assembly"  # commissions number theirs 1 to a few dozen a session
    if body == "General Assembly":
        return f"A/{series}/{number}", "Resolution"
    year_numbered = bool(re.match(r"\d{4}/", number))
    if body in ("Economic and Social Council", "Council") or (
        body in ("", "its") and year_numbered
    ):
        return f"E/{series}/{number}", "Resolution"
    if body in ("CND", "CCPCJ"):
        return f"{body} {kind} {number}", "Resolution"
    if body in ("Commission", "its"):
        return f"{own_commission.upper()} {kind} {number}", "Resolution"
    session = int(number.split("/")[0])
    # CND sessions are numbered in the fifties and beyond since 2006, CCPCJ's below forty;
    # but a CCPCJ session not yet held when the document was written is a CND one
    # (archive documents go back to 1946: "resolution 33/1" in 1990 is the CND's)
    held = year is None or CCPCJ_FIRST_YEAR + session - 1 <= year
    ccpcj = session < CCPCJ_SESSIONS_BELOW and held
    return f"{'CCPCJ' if ccpcj else 'CND'} resolution {number}", "Resolution"


def citations(
    doc: Document, gaz: Gazetteer, own: tuple[str, int] | None = None
) -> list[CitationMention]:
    """Every document a document cites. `own` is the commission and session a session
    report is of: the resolutions it adopted there are its outcomes, not citations, and
    neither are its cross-references to its own chapters ("see chap. I, sect. B")."""
    out: list[CitationMention] = []
    own_commission = own[0] if own else main_commission(doc)
    written = doc.source.meta.date.year if doc.source.meta.date else None
    own_symbols = set(re.split(r"-(?=[A-Z]+/)", doc.source.meta.symbol)) | {doc.source.meta.symbol}
    for para in doc.paragraphs:
        text = para.text
        taken: list[tuple[int, int]] = []
        if own:
            taken += [(m.start(), m.end()) for m in CROSS_REFERENCE.finditer(text)]
        for m in SYMBOL.finditer(text):
            symbol = m.group(0).rstrip(".")
            if symbol in own_symbols or any(a <= m.start() < b for a, b in taken):
                continue
            kind = (
                "Resolution"
                if "/RES/" in symbol
                else ("ConferenceRoomPaper" if "CRP" in symbol else "Document")
            )
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
            if any(a <= m.start() < b for a, b in taken):
                continue
            kind_word = "resolution" if m.group("kind").lower().startswith("res") else "decision"
            body = m.group("body") or ""
            if body.strip() == "its":  # "the Council ... in its resolution": whose it is
                before = re.findall(
                    r"General Assembly|Assembly|Council|Commission",
                    text[max(0, m.start() - 80) : m.start()],
                )
                body = (
                    {"Assembly": "General Assembly"}.get(before[-1], before[-1]) if before else body
                )
            if own and not body.strip():
                body = "Commission"  # a session report's bare numbers are its commission's
            for num in NUMBER.finditer(m.group("nums")):
                number = num.group(0)
                ident, kind = _resolution_identifier(
                    body, number, own_commission, written, kind_word
                )
                session = re.match(r"(\d{1,3})/", number)
                ours = own and ident.startswith(own_commission.upper() + " ")
                if ours and session and own and int(session.group(1)) == own[1]:
                    continue  # adopted at the session the report is of
                if kind_word == "decision" and not ident.startswith(("A/", "E/")):
                    continue  # a commission's decisions by number: not a cited document
                out.append(
                    CitationMention(
                        ident,
                        kind,
                        sentence_evidence(doc, para, m.start()),
                        number=number,
                        symbol=ident if ident.startswith(("A/", "E/")) else "",
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

"""Challenges framed by a document itself, and paragraphs that discuss a challenge.

Framed: "CHALLENGE: ... RESPONSE: ..." slide pairs; numbered items under a heading of
"observations" or "challenges". Mentions: a paragraph outside any session designated
to a challenge (deliberations, round-table points) that names a challenge's key phrase.
"""

from __future__ import annotations

import re

from cndkg.extract.challenges import ChallengeMatcher
from cndkg.extract.text import evidence, sentences
from cndkg.iris import document_code
from cndkg.model import ChallengeMentionRecord, Document, FramedChallenge, Outline
from cndkg.rules.documents import FRAMING

PAIR = FRAMING["challenge-response"]  # the phrases: cndkg.rules.documents
FRAMING_HEADING = FRAMING["framing-heading"]


def framed_challenges(doc: Document, matcher: ChallengeMatcher) -> list[FramedChallenge]:
    out: list[FramedChallenge] = []
    n = 0
    for para in doc.paragraphs:
        m = PAIR.search(para.text)
        if m:
            n += 1
            label = m.group("c").strip().rstrip(".")
            same = matcher.best(label)
            fc = FramedChallenge(
                code=same or f"{document_code(doc.identity)}-{n}", label=label,
                evidence=evidence(doc, para, m.start("c"), m.end("c")), same_as=same,
            )  # fmt: skip
            fc.responses.append(evidence(doc, para, m.start("r"), m.end("r")))
            out.append(fc)
    under = False
    for para in doc.paragraphs:
        if para.kind == "heading" or (para.number is None and len(para.text.split()) <= 12):
            under = bool(FRAMING_HEADING.search(para.text)) and "Ministerial" not in para.text
            continue
        if under and para.number is not None and len(para.text.split()) <= 14:
            n += 1
            label = re.sub(r"^\d+\.\s*", "", para.text).strip()
            out.append(
                FramedChallenge(f"{document_code(doc.identity)}-{n}", label, evidence(doc, para))
            )
        elif under and para.number is None and para.kind == "paragraph":
            continue
    return out


def challenge_mentions(
    doc: Document, outline: Outline, matcher: ChallengeMatcher
) -> list[ChallengeMentionRecord]:
    designated = {s.key for s in outline.sessions if s.challenges}
    out: list[ChallengeMentionRecord] = []
    for i, para in enumerate(doc.paragraphs):
        if para.kind not in ("paragraph", "bullet") or PAIR.search(para.text):
            continue
        meeting, session = outline.context.get(i, ("", ""))
        if session in designated:
            continue
        seen: set[str] = set()
        for code, start, _ in matcher.mentioned(para.text):
            if code in seen:
                continue
            seen.add(code)
            for a, b in sentences(para.text):
                if a <= start < b:
                    out.append(
                        ChallengeMentionRecord(code, evidence(doc, para, a, b), session or meeting)
                    )
                    break
    return out

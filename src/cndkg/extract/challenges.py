"""Recognise the 2019 Ministerial Declaration challenges, however a text words them.

Session headings quote a challenge with small wording differences between years
("drugs markets", "drug -related"); other texts paraphrase it. A quotation is matched
by content-word overlap with the gazetteer's labels; a paraphrase by the key phrases
(skos:hiddenLabel) of the challenge gazetteer.
"""

from __future__ import annotations

import re

from cndkg.gazetteers import Gazetteer, normalize

STOP = set(
    [
        "the",
        "a",
        "an",
        "of",
        "and",
        "or",
        "in",
        "to",
        "for",
        "with",
        "as",
        "well",
        "those",
        "that",
        "are",
        "is",
        "have",
        "has",
        "been",
        "be",
        "by",
        "on",
        "at",
        "including",
        "which",
        "from",
        "other",
        "some",
        "its",
        "their",
        "this",
        "these",
        "such",
    ]
)
MATCH_THRESHOLD = 0.55


def content_words(text: str) -> set[str]:
    words = re.findall(r"[a-z0-9]+", normalize(text).replace("-", " "))
    return {w.rstrip("s") for w in words if w not in STOP and len(w) > 2}


class ChallengeMatcher:
    def __init__(self, gazetteer: Gazetteer) -> None:
        self.labels: list[tuple[str, set[str]]] = []
        self.keywords: list[tuple[str, re.Pattern[str]]] = []
        for code, entry in sorted(gazetteer.entries["challenge"].items()):
            for label in entry.names:
                self.labels.append((code, content_words(label)))
            if entry.hidden_labels:
                alternation = "|".join(re.escape(k) for k in entry.hidden_labels)
                self.keywords.append(
                    (code, re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])", re.IGNORECASE))
                )

    def score(self, text: str) -> list[tuple[float, str]]:
        words = content_words(text)
        if not words:
            return []
        best: dict[str, float] = {}
        for code, label in self.labels:
            overlap = len(words & label) / max(len(label), 1)
            coverage = len(words & label) / len(words)
            s = min(overlap, coverage) if len(words) < len(label) else overlap
            s = max(s, (overlap + coverage) / 2)
            best[code] = max(best.get(code, 0.0), s)
        return sorted(((s, c) for c, s in best.items()), reverse=True)

    def best(self, text: str) -> str:
        """The code of the challenge a quotation restates, or '' if none is close."""
        ranked = self.score(text)
        if ranked and ranked[0][0] >= MATCH_THRESHOLD:
            return ranked[0][1]
        return ""

    def mentioned(self, text: str) -> list[tuple[str, int, int]]:
        """Challenges a paragraph discusses, by key phrase: (code, start, end) each."""
        found: list[tuple[str, int, int]] = []
        for code, rx in self.keywords:
            m = rx.search(text)
            if m:
                found.append((code, m.start(), m.end()))
        return found

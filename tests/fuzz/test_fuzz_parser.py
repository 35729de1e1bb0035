"""Mutated documents through read -> parse -> extract: a clear SourceError or a result,
never a crash or a hang."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cndkg.extract import extract
from cndkg.gazetteers import Gazetteer
from cndkg.model import SourceError
from cndkg.parse import parse_document
from cndkg.sources import read_source
from tests.conftest import SOURCES

SEED_TEXTS = [p.read_text(encoding="utf-8") for p in sorted(SOURCES.glob("*.txt"))]
NOISE = ["**", "<sup>3</sup>", "\n\n", "---", "- ", "1. ", "(a) ", "### ", "\\*", "on behalf of ",
         "statements were made by ", "Chair: ", "“", "”", "\u00a0", "\t", "\r\n", "\ufeff",
         "<sup>", "[x](#)", "99. ", "Vienna, 31–30 February 2030"]  # fmt: skip
GAZETTEER = Gazetteer()


@st.composite
def mutated(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(SEED_TEXTS))
    start = draw(st.integers(0, max(0, len(text) - 1)))
    text = text[start : start + draw(st.integers(0, 6000))]
    for _ in range(draw(st.integers(0, 12))):
        at = draw(st.integers(0, len(text)))
        if draw(st.booleans()):
            text = (
                text[:at]
                + draw(st.one_of(st.sampled_from(NOISE), st.text(max_size=20)))
                + text[at:]
            )
        else:
            text = text[:at] + text[at + draw(st.integers(0, 200)) :]
    return text


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=mutated())
def test_mutated_document_is_read_or_refused_clearly(text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "mutant.txt"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        try:
            doc = parse_document(read_source(path))
        except SourceError as exc:
            assert "mutant.txt" in str(exc)
            return
        mentions = extract(doc, GAZETTEER)
        for st_ in mentions.statements:
            assert st_.evidence.quote == doc.source.text[st_.evidence.start : st_.evidence.end]

"""Resolutions cited by number are named after the body that adopted them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from cndkg.extract.citations import citations
from cndkg.gazetteers import Gazetteer
from cndkg.model import SourceDocument, SourceMetadata
from cndkg.parse import parse_document

CND_HEAD = (
    "Commission on Narcotic Drugs\n\nReport on the session of the Commission on Narcotic Drugs\n\n"
)
CCPCJ_HEAD = (
    "Commission on Crime Prevention and Criminal Justice\n\n"
    "Report of the Commission on Crime Prevention and Criminal Justice\n\n"
)

HEADS = {"cnd": CND_HEAD, "ccpcj": CCPCJ_HEAD}


def cited(gazetteer: Gazetteer, head: str, sentence: str, written: date | None) -> set[str]:
    source = SourceDocument(
        Path("x.txt"), head + "1. " + sentence + "\n", SourceMetadata(doc_id="x", date=written)
    )
    return {c.identifier for c in citations(parse_document(source), gazetteer)}


@pytest.mark.parametrize(
    ("head", "sentence", "written", "expected"),
    [
        # today's documents: CCPCJ sessions are below forty, the CND's above fifty
        ("cnd", "Recalling resolution 32/1 on trafficking.", date(2025, 3, 1),
         "CCPCJ resolution 32/1"),
        ("cnd", "Recalling resolution 66/3.", date(2025, 3, 1), "CND resolution 66/3"),
        # an archive document: the CCPCJ's 33rd session had not been held in 1990
        ("cnd", "Recalling resolution 33/1.", date(1990, 2, 1), "CND resolution 33/1"),
        # no date known: the session number alone decides, as before
        ("cnd", "Recalling resolution 33/1.", None, "CCPCJ resolution 33/1"),
        # "Commission resolution" is the document's own commission's
        ("cnd", "Recalling Commission resolution 30/2.", date(2025, 3, 1),
         "CND resolution 30/2"),
        ("ccpcj", "Recalling Commission resolution 30/2.", date(2025, 3, 1),
         "CCPCJ resolution 30/2"),
        # an explicit body always decides
        ("cnd", "Recalling CCPCJ resolution 61/4.", date(2025, 3, 1),
         "CCPCJ resolution 61/4"),
        ("cnd", "Recalling General Assembly resolution 78/224.", date(2025, 3, 1),
         "A/RES/78/224"),
    ],
)  # fmt: skip
def test_a_resolution_is_named_after_the_body_that_adopted_it(
    gazetteer: Gazetteer, head: str, sentence: str, written: date | None, expected: str
) -> None:
    assert expected in cited(gazetteer, HEADS[head], sentence, written)

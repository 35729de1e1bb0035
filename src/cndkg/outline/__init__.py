"""Parsed document -> its outline: the meetings and sessions it is about, and where each
paragraph belongs (cndkg.model.Outline). Extraction reads every fact against it.

An Official Records report has an outline of its own (outline/records.py); the seed
genres (Chair's summaries, round tables, delegation reports) are outlined by the phrases
of cndkg.extract.meetings, which has yet to move here.
"""

from __future__ import annotations

from cndkg.extract.challenges import ChallengeMatcher
from cndkg.extract.meetings import outline as outline_by_phrases
from cndkg.gazetteers import Gazetteer
from cndkg.model import Document, Outline
from cndkg.outline.records import is_records_report, outline_report


def outline_of(doc: Document, gaz: Gazetteer) -> Outline:
    """The document's outline, by the rules of its genre."""
    if is_records_report(doc):
        plan = outline_report(doc, gaz)
        if plan is not None:
            return plan
    return outline_by_phrases(doc, ChallengeMatcher(gaz))


__all__ = ["outline_of"]

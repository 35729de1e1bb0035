"""Structure -> mentions: meetings, sessions, statements, roles, initiatives, citations."""

from __future__ import annotations

from cndkg.extract.actors import participations, statements
from cndkg.extract.challenges import ChallengeMatcher
from cndkg.extract.citations import citations
from cndkg.extract.framing import challenge_mentions, framed_challenges
from cndkg.extract.initiatives import initiatives
from cndkg.extract.meetings import Outline, outline
from cndkg.extract.records import is_records_report, read_report
from cndkg.extract.reported import supplement
from cndkg.extract.roles import role_participations, roles
from cndkg.extract.sanity import tidy
from cndkg.gazetteers import Gazetteer
from cndkg.model import Document, Mentions


def extract(doc: Document, gaz: Gazetteer) -> Mentions:
    """Read every fact the document states, each with its evidence, through the rules of
    its genre; then the checks every genre passes (cndkg.extract.sanity)."""
    return tidy(_extract(doc, gaz), gaz)


def _extract(doc: Document, gaz: Gazetteer) -> Mentions:
    """Read every fact the document states, each with its evidence. The rules that
    apply are the document's genre's: an Official Records report is read by its own."""
    matcher = ChallengeMatcher(gaz)
    if is_records_report(doc):
        reading = read_report(doc, gaz)
        if reading is not None:
            plan = Outline(meetings=reading.meetings, main_meeting=reading.main.key)
            plan.commission = reading.body.key
            return Mentions(
                doc_id=doc.doc_id,
                meetings=list(reading.meetings.values()),
                sessions=list(reading.sessions.values()),
                statements=reading.statements,
                roles=reading.roles,
                participations=reading.participations,
                initiatives=initiatives(doc, plan, gaz),
                citations=citations(doc, gaz, (reading.body.key, reading.main.number or 0)),
                challenge_mentions=challenge_mentions(doc, plan, matcher),
                about_meeting=reading.main.key,
            )
    plan = outline(doc, matcher)
    spoken = statements(doc, plan, gaz)
    held = roles(doc, plan, gaz)
    found = Mentions(
        doc_id=doc.doc_id,
        meetings=list(plan.meetings.values()),
        sessions=plan.sessions,
        statements=spoken,
        roles=held,
        participations=participations(doc, plan, gaz, spoken) + role_participations(held),
        initiatives=initiatives(doc, plan, gaz),
        citations=citations(doc, gaz),
        framed_challenges=framed_challenges(doc, matcher),
        challenge_mentions=challenge_mentions(doc, plan, matcher),
        about_meeting=plan.main_meeting,
    )
    supplement(doc, gaz, found)  # what news, posts, transcripts and statements report
    return found


__all__ = ["extract"]

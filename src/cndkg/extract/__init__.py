"""Structure -> mentions: meetings, sessions, statements, roles, initiatives, citations."""

from __future__ import annotations

from cndkg.extract.actors import participations, statements
from cndkg.extract.challenges import ChallengeMatcher
from cndkg.extract.citations import citations
from cndkg.extract.framing import challenge_mentions, framed_challenges
from cndkg.extract.initiatives import initiatives
from cndkg.extract.meetings import outline
from cndkg.extract.roles import role_participations, roles
from cndkg.gazetteers import Gazetteer
from cndkg.model import Document, Mentions


def extract(doc: Document, gaz: Gazetteer) -> Mentions:
    """Read every fact the document states, each with its evidence."""
    matcher = ChallengeMatcher(gaz)
    plan = outline(doc, matcher)
    spoken = statements(doc, plan, gaz)
    held = roles(doc, plan, gaz)
    return Mentions(
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


__all__ = ["extract"]

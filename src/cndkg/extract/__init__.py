"""Document and its outline -> mentions: statements, roles, participation, initiatives,
citations, challenges, each with its evidence."""

from __future__ import annotations

from cndkg.extract.actors import participations, statements
from cndkg.extract.challenges import ChallengeMatcher
from cndkg.extract.citations import citations
from cndkg.extract.framing import challenge_mentions, framed_challenges
from cndkg.extract.initiatives import initiatives
from cndkg.extract.records import read_report
from cndkg.extract.reported import supplement
from cndkg.extract.roles import role_participations, roles
from cndkg.extract.sanity import tidy
from cndkg.gazetteers import Gazetteer
from cndkg.model import Document, Mentions, Outline


def extract(doc: Document, gaz: Gazetteer, plan: Outline | None = None) -> Mentions:
    """Read every fact the document states, each with its evidence, through the rules of
    its genre, against its outline (made here when not given); then the checks every
    genre passes (cndkg.extract.sanity)."""
    if plan is None:
        from cndkg.outline import outline_of  # the stage before; pipeline.py runs it itself

        plan = outline_of(doc, gaz)
    return tidy(_extract(doc, gaz, plan), gaz)


def _extract(doc: Document, gaz: Gazetteer, plan: Outline) -> Mentions:
    matcher = ChallengeMatcher(gaz)
    if plan.body_code:  # an Official Records report, outlined as one
        reading = read_report(doc, gaz, plan)
        return Mentions(
            doc_id=doc.doc_id,
            meetings=list(plan.meetings.values()),
            sessions=plan.sessions,
            statements=reading.statements,
            roles=reading.roles,
            participations=reading.participations,
            initiatives=initiatives(doc, plan, gaz),
            citations=citations(doc, gaz, (plan.commission, reading.main.number or 0)),
            challenge_mentions=challenge_mentions(doc, plan, matcher),
            about_meeting=plan.main_meeting,
            diagnostics=reading.diagnostics,
        )
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

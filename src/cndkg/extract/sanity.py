"""One entity per real thing, and nothing half-made: the checks every genre's mentions
pass before they are linked.

- an office held by a State ("Chair: Malta (WEOG)", "Vice-Chair - Colombia") is the
  State's, not a person's named "Malta WEOG";
- a person named with a country ("Miguel Camilo Ruiz Blanco of Colombia") is the person,
  of that country;
- a programme is never a speaker ("the Container Control Programme" is what was
  discussed, not who spoke);
- a fact the outline could not place (a role with no meeting, a statement with no
  session) is not published: it is a diagnostic, listed by `cndkg evaluate
  --show-misses` and in the build's manifest, never dropped in silence.
"""

from __future__ import annotations

import re

from cndkg.gazetteers import Gazetteer
from cndkg.model import ActorRef, Mentions

# the regional groups, as election transcripts write them after a State: "Malta (WEOG)"
GROUP_ACRONYMS = (
    r"(?:WEOG|GRULAC|EEG|APG|AG|AfG|Asia-Pacific States|African States|"
    r"Eastern European States|Latin American and Caribbean States|"
    r"Western European and other States)"
)
STATE_WITH_GROUP = re.compile(
    rf"^(?:the\s+)?(?P<state>.+?)\s*(?:\(\s*{GROUP_ACRONYMS}\s*\)|\s{GROUP_ACRONYMS})?\s*$"
)
PERSON_OF_STATE = re.compile(
    r"^(?P<name>.+?)\s+(?:of|from)\s+(?:the\s+)?(?P<state>[A-Z][\w’' ()-]+)$"
)


def tidy(m: Mentions, gaz: Gazetteer) -> Mentions:
    """The mentions with States as office holders, persons without their country in the
    name, no programme as a speaker, and what could not be placed set aside."""
    for role in m.roles:
        person = role.person.strip()
        if not person:
            continue
        as_state = STATE_WITH_GROUP.match(person)
        state = gaz.lookup("state", as_state.group("state")) if as_state else None
        if state is not None:
            role.person, role.country = "", state.code
            role.position = role.position or f"{role.role} ({state.label})"
            continue
        of = PERSON_OF_STATE.match(person)
        country = gaz.lookup("state", of.group("state")) if of else None
        if of and country is not None and len(of.group("name").split()) >= 2:
            role.person = of.group("name")
            role.country = role.country or country.code
    kept = []
    for st in m.statements:
        if _is_programme(st.speaker, gaz):
            m.diagnostics.append(
                f"{st.evidence.paragraph}: a programme as speaker, not kept: {st.speaker.name}"
            )
        elif not st.session_key:
            m.diagnostics.append(
                f"{st.evidence.paragraph}: a statement by {st.speaker.name} in no session"
            )
        else:
            kept.append(st)
    m.statements = kept
    m.participations = [
        p for p in m.participations if p.meeting_key and not _is_programme(p.actor, gaz)
    ]
    placed = []
    for role in m.roles:
        if role.meeting_key:
            placed.append(role)
        else:
            who = role.person or role.country or role.organization or role.position
            m.diagnostics.append(f"{role.evidence.paragraph}: {role.role} {who} at no meeting")
    m.roles = placed
    return m


def _is_programme(actor: ActorRef, gaz: Gazetteer) -> bool:
    if actor.kind != "org" or gaz.get("org", actor.code):
        return False
    # named as a programme; a network or forum of people ("the UNODC Young Doctors
    # Network") does speak
    return bool(re.search(r"\b(?:Programme|Program|Toolkit|Initiative|Platform)\b", actor.name))

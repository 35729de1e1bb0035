"""Named initiatives: programmes, tools, platforms, networks, coalitions, strategies.

Recognised by the gazetteer of known initiatives and, for new ones, by a capitalised
name ending in a kind word ("... Programme", "... Toolkit", "... Network") or a quoted
name followed by "initiative". The owner comes from an acronym prefix ("UNODC ..."),
the text ("led by the United States") or the gazetteer.
"""

from __future__ import annotations

import re

from cndkg.extract.text import first_per_paragraph, sentence_evidence
from cndkg.gazetteers import Gazetteer
from cndkg.iris import slug
from cndkg.model import Document, InitiativeMention, Outline
from cndkg.rules.documents import INITIATIVES, OWNER_PREFIX

KIND_WORDS = {
    "programme": "Programme", "program": "Programme", "initiative": "Initiative",
    "network": "Network", "platform": "Platform", "toolkit": "Tool", "tool": "Tool",
    "database": "Database", "coalition": "Coalition", "strategy": "Strategy",
    "project": "Project", "advisory": "Tool", "system": "Tool",
}  # fmt: skip
# the phrases are rules with their excerpts (cndkg.rules.documents)
NAMED = INITIATIVES["named-programme"]
OWNED = INITIATIVES["owned-tool"]
QUOTED = INITIATIVES["quoted-initiative"]
GENERIC_START = re.compile(
    r"^(?:The|A|An|This|These|Our|Its|Their|Each|New|Global|National)\s",
)
LED_BY = INITIATIVES["led-by"]


def initiatives(doc: Document, outline: Outline, gaz: Gazetteer) -> list[InitiativeMention]:
    out: list[InitiativeMention] = []
    challenge_of = {s.key: [c.code for c in s.challenges] for s in outline.sessions}
    for i, para in enumerate(doc.paragraphs):
        if para.kind == "footnote":
            continue
        _, session = outline.context.get(i, ("", ""))
        codes = challenge_of.get(session, [])
        # names of organizations ("Joint United Nations Programme on HIV/AIDS") are not
        # initiatives
        taken: list[tuple[int, int]] = [
            (m.start(), m.end())
            for m in gaz.actor_pattern.finditer(para.text)
            if len(m.group(0).split()) > 1
        ]
        for m in gaz.initiative_pattern.finditer(para.text):
            entry = gaz.lookup("initiative", m.group(0))
            if entry is None:
                continue
            start, end = m.start(), m.end()
            taken.append((start, end))
            out.append(InitiativeMention(
                name=entry.label, key=entry.code, evidence=sentence_evidence(doc, para, start),
                kind=entry.subkind or "Initiative", owner=entry.owner or entry.led_by,
                session_key=session, challenge_codes=codes,
            ))  # fmt: skip
        for rx in (QUOTED, OWNED, NAMED):
            for m in rx.finditer(para.text):
                if any(a <= m.start("name") < b or a < m.end("name") <= b for a, b in taken):
                    continue
                name = m.group("name").strip()
                if rx is NAMED and m.group("tail"):
                    name = m.group(0).strip()
                name = re.sub(r"^(?:the|The)\s+", "", name)
                if GENERIC_START.match(name) and not re.match(OWNER_PREFIX, name):
                    continue
                if len(name.split()) < 2 and rx is not QUOTED:
                    continue
                entry = gaz.lookup("initiative", name)
                kind = (rx is QUOTED and m.group("kind").lower()) or name.split()[-1].lower()
                owner = _owner(name, para.text[m.end() : m.end() + 80], gaz)
                taken.append((m.start("name"), m.end()))
                out.append(InitiativeMention(
                    name=entry.label if entry else name, key=entry.code if entry else slug(name),
                    evidence=sentence_evidence(doc, para, m.start()),
                    kind=(entry.subkind if entry else KIND_WORDS.get(kind, "Initiative")),
                    owner=(entry.owner if entry and entry.owner else owner),
                    session_key=session, challenge_codes=codes,
                ))  # fmt: skip
    return first_per_paragraph(_same_initiative_without_prefix(out), lambda im: im.key)


def _same_initiative_without_prefix(items: list[InitiativeMention]) -> list[InitiativeMention]:
    """'The PeerShield Initiative' after 'the GYDPN PeerShield Initiative' is the same one."""
    full = {
        im.name.split(" ", 1)[1].lower(): im
        for im in items
        if im.owner and " " in im.name and im.name.split(" ", 1)[0] == im.owner
    }
    for im in items:
        twin = full.get(im.name.lower())
        if twin is not None and not im.owner:
            im.name, im.key, im.owner, im.kind = twin.name, twin.key, twin.owner, twin.kind
    return items


def _owner(name: str, after: str, gaz: Gazetteer) -> str:
    m = re.match(OWNER_PREFIX, name)
    if m:
        code = m.group(0)
        return "UNODC" if code == "UNODC-WHO" else code
    # an acronym heading the name ("GYDPN PeerShield Initiative") is its runner's
    acronym = re.match(r"([A-Z][A-Z0-9]{1,9})\s", name)
    if acronym and not gaz.lookup("state", acronym.group(1)):
        entry = gaz.lookup("org", acronym.group(1))
        return entry.code if entry else acronym.group(1)
    led = LED_BY.search(after)
    if led:
        entry = gaz.resolve_actor(led.group("who"))
        if entry and entry.kind == "org":
            return entry.code
    return ""

"""Who said what in the genres that report it: news releases, NGO posts, blog
transcripts of the plenary, national statements.

These documents rarely list speakers; they quote them ("X of Colombia said", "UNODC
Executive Director Ghada Waly told the delegates"), put a speaker before a colon (a
blog transcript), or are themselves one State's statement. They date the meeting by
their own date ("began today"). This pass adds what the seed-genre extractors did not
read, paragraph by paragraph, so nothing is counted twice.
"""

from __future__ import annotations

import re
from datetime import date

from cndkg.extract.actors import find_actors
from cndkg.extract.meetings import commission_code, session_key, session_mention
from cndkg.extract.text import evidence, find_dates, ordinal_value, sentences
from cndkg.gazetteers import Gazetteer
from cndkg.iris import slug
from cndkg.model import (
    ActorRef,
    Document,
    MeetingMention,
    Mentions,
    Paragraph,
    ParticipationMention,
    RoleMention,
    StatementMention,
)
from cndkg.rules.reported import MEETINGS, OFFICES, REPORTED, SAID, SIDE_EVENTS, SPEECH

NOT_SPEAKERS = re.compile(
    r"^(?:Chair|Moderator|Q|A|Question|Answer|Note|Source|Photo|Date|Time|Venue|Theme|Title|"
    r"Topic|Location|Speakers?|Panellists?|Panelists?|Agenda|Item|Draft|L\.\d+|OP\d*|PP\d*)\b",
    re.I,
)
SAID_VERB = re.compile(rf"\b{SAID}\b")
ROLE_NAMES = {"chair": "Chair", "vice chair": "ViceChair", "vice-chair": "ViceChair",
              "rapporteur": "Rapporteur"}  # fmt: skip


def supplement(doc: Document, gaz: Gazetteer, m: Mentions) -> None:
    """Add the reported statements and offices, and the meeting's date, to m."""
    genre = doc.source.meta.genre
    if genre not in REPORTED:
        return
    main = _main_meeting(doc, m)
    if main is None:
        return
    spoken = {st.evidence.paragraph for st in m.statements}
    for para in doc.paragraphs:
        if para.kind in ("heading", "footnote") and not (
            genre == "national-statement" and para.kind == "heading"
        ):
            continue
        if para.label in spoken:
            continue
        for a, b in sentences(para.text):
            sentence = para.text[a:b]
            found = _speakers(sentence, genre, gaz, a == 0)
            if not found:
                continue
            ev = evidence(doc, para, a, b)
            for n, ref in enumerate(found):
                m.statements.append(StatementMention(
                    key=f"{doc.doc_id}-{para.label}-r{a}-{n}", session_key=main.key,
                    speaker=ref, evidence=ev,
                ))  # fmt: skip
                m.participations.append(ParticipationMention(main.key, ref, "statement", ev))
        _offices(doc, para, gaz, m, main)
        _side_events(doc, para, gaz, m, main)


def _main_meeting(doc: Document, m: Mentions) -> MeetingMention | None:
    """The session the document is about, dated by the document where it says "today"."""
    meetings = {x.key: x for x in m.meetings}
    main = meetings.get(m.about_meeting)
    when = doc.source.meta.date
    for para in doc.paragraphs:
        text = para.text
        for s in MEETINGS["session-named"].finditer(text):
            comm = " ".join((s.group("comm") or s.group("comm2") or s.group("comm3")).split())
            code = commission_code(comm)
            word = s.group("ord") or s.group("ord3")
            number = ordinal_value(word) if word else int(s.group("num"))
            if not number:
                continue
            key = session_key(code, number)
            if key not in meetings:
                meetings[key] = session_mention(doc, para, code, number, s.start(), s.end())
                m.meetings.append(meetings[key])
            main = main if main is not None and main.kind == "CommissionSession" else meetings[key]
        line = MEETINGS["dateline"].search(text)
        if line and main is not None:
            when = when or _date(line.group("when"), None)
            main.place = main.place or " ".join(line.group("city").split())
        if main is None:
            continue
        between = MEETINGS["held-between"].search(text)
        year = when.year if when else None
        if between and not main.start:
            days = find_dates(between.group("when"), year)
            if days:
                main.start, main.end = days[0].start, days[-1].end
        if MEETINGS["opened-today"].search(text) and when and not main.start:
            main.start = when  # the release is dated the day the session opened
    if main is None:
        sessions = [x for x in meetings.values() if x.kind == "CommissionSession"]
        main = sessions[0] if len(sessions) == 1 else None
    if main is not None:
        m.about_meeting = m.about_meeting or main.key
    return main


def _date(text: str, year: int | None) -> date | None:
    days = find_dates(text, year)
    return days[0].start if days else None


def _speakers(sentence: str, genre: str, gaz: Gazetteer, first: bool) -> list[ActorRef]:
    out: list[ActorRef] = []
    colon = SPEECH["speaker-colon"].match(sentence) if first else None
    if colon and SPEECH["speaker-colon"].applies_to(genre):
        who = colon.group("who").strip()
        if not NOT_SPEAKERS.match(who):
            ref = _actor(who, gaz, whole=True)
            return [ref] if ref else []
    if genre == "national-statement":
        title = SPEECH["statement-by"].match(sentence)
        if title:
            ref = _actor(title.group("who"), gaz)
            return [ref] if ref else []
    verbs = SAID_VERB.search(sentence) is not None  # the rule scans slowly where none is
    for m in SPEECH["said"].finditer(sentence) if verbs else ():
        who = m.group("who")
        who = re.split(r"[,;]\s+(?:and\s+|but\s+|while\s+|as\s+)|\b(?:that|which|where)\s", who)[-1]
        ref = _actor(who, gaz)
        if ref is None:  # "Ghada Waly addressed the Commission ... as Executive Director of UNODC"
            office = re.match(
                r"[^.;]{0,80}?\bas\s+(?:the\s+)?([^,.;:]{3,120})", sentence[m.end() :]
            )
            ref = _actor(office.group(1), gaz) if office else None
        if ref and ref not in out:
            out.append(ref)
    for m in SPEECH["addressed-by"].finditer(sentence):
        for part in re.split(r",?\s+and\s+(?=[A-Z])", m.group("who") or m.group("video") or ""):
            ref = _actor(part, gaz)
            if ref and ref not in out:
                out.append(ref)
    return out


def _actor(phrase: str, gaz: Gazetteer, whole: bool = False) -> ActorRef | None:
    """The State or body a phrase naming a speaker stands for: "Ana Gómez of Colombia",
    "UNODC Executive Director Ghada Waly", "the representative of the European Union".
    With `whole`, the phrase must be that name and nothing else (a transcript's label)."""
    phrase = phrase.strip(" ,")
    if whole:
        entry = gaz.resolve_actor(re.sub(r"\s*\([^)]*\)\s*$", "", phrase))
        return ActorRef(entry.kind, entry.code, phrase) if entry else None
    if len(phrase) > 160 or re.search(r"\b(?:I|we|We|it|It|they|They|he|she)$", phrase):
        return None
    found = [f for f in find_actors(phrase, gaz) if gaz.get(f.ref.kind, f.ref.code)]
    if not found:
        return None
    # "X of Colombia": the State at the end; an office of a body: the body
    return found[-1].ref if found[-1].ref.kind == "state" else found[0].ref


def _offices(
    doc: Document, para: Paragraph, gaz: Gazetteer, m: Mentions, main: MeetingMention
) -> None:
    """The Chair a release names, and the States a transcript elects to offices."""
    for s in OFFICES["is-chairing"].finditer(para.text):
        state = gaz.lookup("state", s.group("state"))
        if state:
            name = re.sub(r"^Ambassador\s+", "", s.group("who"))
            m.roles.append(RoleMention(
                "Chair", main.key, evidence(doc, para, s.start(), s.end()), person=name,
                title="Ambassador" if s.group("who").startswith("Ambassador") else "",
                country=state.code,
            ))  # fmt: skip
    for s in OFFICES["state-elected"].finditer(para.text):
        state_name = s.group("s1") or s.group("s2") or s.group("s3") or ""
        office = (s.group("o1") or s.group("o2") or s.group("o3") or "").lower()
        state = gaz.lookup("state", state_name)
        role = ROLE_NAMES.get(re.sub(r"^(?:first|second|third|1st|2nd|3rd)\s+", "", office))
        if state and role:
            m.roles.append(RoleMention(
                role, main.key, evidence(doc, para, s.start(), s.end()),
                position=f"{role} ({state.label})", country=state.code,
            ))  # fmt: skip


def _side_events(
    doc: Document, para: Paragraph, gaz: Gazetteer, m: Mentions, main: MeetingMention
) -> None:
    """A side event held during the session, a meeting of its own, and its sponsors."""
    for s in SIDE_EVENTS["side-event"].finditer(para.text):
        title = s.group("title") or ""
        key = f"{main.key}/side-event/{slug(title or f'{doc.identity} {para.label}')}"
        years = re.findall(r"\b(?:19|20)\d\d\b", para.text)
        year = main.start.year if main.start else int(years[0]) if years else None
        days = find_dates(para.text[max(0, s.start() - 120) : s.end()], year)
        day = days[-1].start if days else None
        ev = evidence(doc, para, s.start(), s.end())
        if all(x.key != key for x in m.meetings):
            m.meetings.append(MeetingMention(
                key=key, kind="SideEvent", name=f"Side event: {title}" if title else "Side event",
                evidence=ev, start=day, end=day, parent_key=main.key, commission=main.commission,
            ))  # fmt: skip
        sponsors = s.group("sponsors")
        for f in find_actors(sponsors, gaz):
            if gaz.get(f.ref.kind, f.ref.code) or f.ref.kind == "org":
                m.participations.append(ParticipationMention(key, f.ref, "sponsor", ev))

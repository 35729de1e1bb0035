"""Meetings and their sessions, and which session each paragraph belongs to.

Driven by the genre's stock phrases: "<ordinal> session of the Commission", "<ordinal>
intersessional meeting of the Commission ... at its <ordinal> session", "thematic
discussions held ... from 16-18 October", "Thematic Discussion I, 23-25 October 2023",
session headings quoting a "Ministerial Declaration Challenge", "At its 5th and 6th
meetings, on 12 March 2025, the Commission considered agenda item 6", "Round-table
discussions were held on 14 and 15 March 2019 on the following themes", "roundtable
discussion convened by the Chair of the CND".
"""

from __future__ import annotations

import re
from datetime import date

from cndkg.extract.challenges import ChallengeMatcher
from cndkg.extract.text import (
    DateRange,
    evidence,
    find_dates,
    nth,
    ordinal_value,
    roman_value,
)
from cndkg.gazetteers import place_pattern
from cndkg.iris import slug
from cndkg.model import (
    ChallengeRef,
    Document,
    MeetingMention,
    Outline,
    Paragraph,
    SessionMention,
)
from cndkg.rules.seed_meetings import SEED_MEETINGS
from cndkg.rules.words import COMM, ORDINAL

COMMISSIONS = {
    "commission on narcotic drugs": "cnd",
    "cnd": "cnd",
    "commission on crime prevention and criminal justice": "ccpcj",
    "ccpcj": "ccpcj",
    "commission": "",
}
COMMISSION_NAMES = {
    "cnd": "Commission on Narcotic Drugs",
    "ccpcj": "Commission on Crime Prevention and Criminal Justice",
}
PLACES = place_pattern()  # data/gazetteers/places.csv

# the phrases are rules with the seeds' excerpts (cndkg.rules.seed_meetings)
SESSION_A = SEED_MEETINGS["commission-ordinal-session"]
SESSION_B = SEED_MEETINGS["ordinal-session-of-the-commission"]
SESSION_IMPLICIT = SEED_MEETINGS["at-its-session"]
INTERSESSIONAL = SEED_MEETINGS["intersessional-meeting"]
TD_HEADING = SEED_MEETINGS["thematic-discussion-heading"]
CHALLENGE_HEADING = SEED_MEETINGS["challenge-heading"]
THEMATIC_SESSION_HEADING = SEED_MEETINGS["thematic-session-heading"]
OPENING_HEADING = SEED_MEETINGS["opening-heading"]
AGENDA_ITEM = SEED_MEETINGS["agenda-item-considered"]
ROUND_TABLES = SEED_MEETINGS["round-tables-held"]
ROUNDTABLE_CONVENED = SEED_MEETINGS["roundtable-convened"]
MARGINS = SEED_MEETINGS["at-the-margins"]
SEGMENT = SEED_MEETINGS["segment"]
MONTH_YEAR = re.compile(r"\b(?P<month>[A-Z][a-z]+) (?P<year>(?:19|20)\d\d)\b")


def commission_code(name: str, default: str = "cnd") -> str:
    """'Commission on Narcotic Drugs' -> cnd; a bare 'Commission' is the document's own."""
    return COMMISSIONS.get(name.lower().strip(), default) or default if name else default


def session_key(comm: str, number: int) -> str:
    return f"{comm}-{number}"


def session_mention(
    doc: Document, para: Paragraph, comm: str, number: int, start: int = 0, end: int | None = None
) -> MeetingMention:
    """A numbered session of the CND or CCPCJ, its evidence para.text[start:end]."""
    name = f"{COMMISSION_NAMES[comm]}, {nth(number)} session"
    return MeetingMention(
        key=session_key(comm, number), kind="CommissionSession", name=name,
        evidence=evidence(doc, para, start, end), number=number, commission=comm,
    )  # fmt: skip


def outline(doc: Document, matcher: ChallengeMatcher) -> Outline:
    out = Outline()
    out.commission = main_commission(doc)
    _commission_sessions(doc, out)
    _intersessional_meetings(doc, out)
    _thematic_discussions(doc, out, matcher)
    _agenda_items(doc, out)
    _round_tables(doc, out)
    _convened_roundtable(doc, out)
    _fill_context(doc, out)
    _dated_topics(doc, out, matcher)
    return out


TOPICS_INTRO = SEED_MEETINGS["topics-introduced"]


def _dated_topics(doc: Document, out: Outline, matcher: ChallengeMatcher) -> None:
    """'The following topics were discussed: - 10 November: <challenge>': one thematic
    session per dated topic of the document's meeting (undated topic lists are not
    sessions: they may list agenda themes rather than sittings)."""
    meeting = out.meetings.get(out.main_meeting)
    if (
        meeting is None
        or meeting.kind != "IntersessionalMeeting"
        or any(s.meeting_key == meeting.key for s in out.sessions)
    ):
        return
    year = meeting.start.year if meeting.start else None
    for i, para in enumerate(doc.paragraphs):
        if not TOPICS_INTRO.search(para.text):
            continue
        for j in range(i + 1, len(doc.paragraphs)):
            item = doc.paragraphs[j]
            if item.kind != "bullet":
                break
            dates = find_dates(item.text, year)
            if not dates or dates[0].at > 4:
                continue
            topic = re.sub(r"^[\s\-•]*[^:]{3,30}:\s*", "", item.text)
            code = matcher.best(topic)
            out.sessions.append(SessionMention(
                key=f"{meeting.key}-{dates[0].start:%m%d}", meeting_key=meeting.key,
                kind="ThematicSession", name=topic[:200], evidence=evidence(doc, item),
                date=dates[0].start,
                challenges=[ChallengeRef(code, topic, evidence(doc, item))] if code else [],
            ))  # fmt: skip


def main_commission(doc: Document) -> str:
    """The commission whose document this is, by which is named most in its opening."""
    head = " ".join(p.text for p in doc.paragraphs[:12])
    cnd = len(re.findall(r"Commission on Narcotic Drugs|\bCND\b", head))
    ccpcj = len(re.findall(r"Commission on Crime Prevention|\bCCPCJ\b", head))
    return "ccpcj" if ccpcj > cnd else "cnd"


def _commission_sessions(doc: Document, out: Outline) -> None:
    # The document's own session: a header such as "Commission on Narcotic Drugs /
    # Sixty-eighth session / Vienna, 10-14 March 2025", often split over blocks.
    header = doc.paragraphs[:10]
    joined = ""
    owners: list[tuple[int, Paragraph]] = []
    for p in header:
        owners.append((len(joined), p))
        joined += p.text + " \n "
    m = SESSION_A.search(joined)
    if m and m.start() < 400:
        comm = commission_code(m.group("comm"))
        number = ordinal_value(m.group("ord"))
        para = _owner(owners, m.end() - 1)
        if number:
            mention = session_mention(doc, para, comm, number)
            place = re.search(
                rf"(?P<place>{PLACES}),\s*(?P<when>[^\n]{{4,40}})", joined[m.end() : m.end() + 200]
            )
            if place:
                dates = find_dates(place.group("when"))
                if dates:
                    mention.start, mention.end = dates[0].start, dates[0].end
                    mention.place = place.group("place")
                    at = m.end() + place.start()
                    mention.evidence = evidence(doc, _owner(owners, at))
            out.main_meeting = out.add(mention).key
            for p in header:
                seg = SEGMENT.fullmatch(p.text.strip(" *"))
                if seg:
                    kind = seg.group("kind").lower()
                    out.add(MeetingMention(
                        key=f"{mention.key}-{kind}-segment", kind="Segment",
                        name=f"{seg.group('kind').capitalize()} segment of the {mention.name}",
                        evidence=evidence(doc, p), parent_key=mention.key, commission=comm,
                    ))  # fmt: skip
    for para in doc.paragraphs:
        for rx in (SESSION_A, SESSION_B):
            for m in rx.finditer(para.text):
                number = ordinal_value(m.group("ord"))
                if number:
                    comm = commission_code(m.group("comm"), out.commission)
                    mention = session_mention(doc, para, comm, number)
                    _month_after(para.text, m.end(), mention)
                    out.add(mention)
        for m in SESSION_IMPLICIT.finditer(para.text):
            number = ordinal_value(m.group("ord"))
            if number and "intersessional" not in para.text[max(0, m.start() - 60) : m.start()]:
                mention = session_mention(doc, para, out.commission, number)
                _month_after(para.text, m.end() - len(m.group(0)), mention)
                out.add(mention)


def _month_after(text: str, at: int, mention: MeetingMention) -> None:
    m = re.match(r"\s*(?:\w+\s+)?in (?P<month>[A-Z][a-z]+) (?P<year>\d{4})", text[at:])
    m = m or re.search(r"session in (?P<month>[A-Z][a-z]+) (?P<year>\d{4})", text[at : at + 60])
    if m:
        from cndkg.extract.text import MONTH_NUM

        mon = MONTH_NUM.get(m.group("month").lower())
        if mon:
            mention.month = f"{m.group('year')}-{mon:02d}"


def _owner(owners: list[tuple[int, Paragraph]], at: int) -> Paragraph:
    chosen = owners[0][1]
    for offset, p in owners:
        if offset <= at:
            chosen = p
    return chosen


def _intersessional_meetings(doc: Document, out: Outline) -> None:
    for para in doc.paragraphs:
        for m in INTERSESSIONAL.finditer(para.text):
            sord = m.group("sord") or m.group("sord2")
            number = ordinal_value(sord) if sord else None
            comm = commission_code(m.group("comm"), out.commission)
            if number is None:
                continue
            parent = out.add(session_mention(doc, para, comm, number))
            ordinals = [ordinal_value(o) for o in (m.group("o1"), m.group("o2")) if o]
            sentence_end = para.text.find(". ", m.end())
            tail = para.text[m.end() : sentence_end if sentence_end > 0 else len(para.text)]
            dates = find_dates(tail)
            place = re.search(rf"\bin ({PLACES})\b", tail)
            for i, ordinal in enumerate(ordinals):
                if not ordinal:
                    continue
                rng = dates[i] if i < len(dates) else None
                out.add(MeetingMention(
                    key=f"{parent.key}-ism-{ordinal}", kind="IntersessionalMeeting",
                    name=f"{nth(ordinal)} intersessional meeting of the "
                         f"{COMMISSION_NAMES[comm]} at its {nth(number)} session",
                    evidence=evidence(doc, para), start=rng.start if rng else None,
                    end=rng.end if rng else None, place=place.group(1) if place else "",
                    parent_key=parent.key, ordinal=ordinal, commission=comm,
                ))  # fmt: skip


def _parts(doc: Document) -> dict[str, list[int]]:
    parts: dict[str, list[int]] = {}
    for i, p in enumerate(doc.paragraphs):
        parts.setdefault(p.part, []).append(i)
    return parts


def _thematic_discussions(doc: Document, out: Outline, matcher: ChallengeMatcher) -> None:
    for indexes in _parts(doc).values():
        paras = [doc.paragraphs[i] for i in indexes]
        numbered = [p for p in paras if p.number is not None][:4]
        intro = next(
            (p for p in numbered if re.search(r"thematic (?:discussion|session)", p.text, re.I)),
            None,
        )
        if intro is None:
            continue
        tds: list[MeetingMention] = []
        for p in paras:
            h = TD_HEADING.search(p.text) if p.kind == "heading" else None
            if h:
                dates = find_dates(h.group("rest"))
                if not dates:
                    continue
                ordinal = (
                    roman_value(h.group("num")) if h.group("num").isalpha() else int(h.group("num"))
                )
                tds.append(_td(doc, p, out, dates[0], ordinal))
        if not tds:
            dates = [d for d in find_dates(intro.text) if d.end > d.start] or find_dates(intro.text)
            if not dates:
                continue
            tds.append(_td(doc, intro, out, dates[0], None))
        _parent_of_thematic_discussions(doc, intro, out, tds)
        out.rounds[tds[0].key] = [td.key for td in tds]
        _thematic_sessions(doc, out, matcher, indexes, tds)


def _td(
    doc: Document, para: Paragraph, out: Outline, rng: DateRange, ordinal: int | None
) -> MeetingMention:
    comm = out.commission
    label = "Thematic Discussion" + (f" {_roman(ordinal)}" if ordinal else "s")
    name = f"{comm.upper()} {label}, {_span_words(rng.start, rng.end)}"
    return out.add(MeetingMention(
        key=f"{comm}-td-{rng.start:%Y-%m}", kind="ThematicDiscussion", name=name,
        evidence=evidence(doc, para), start=rng.start, end=rng.end, place="",
        ordinal=ordinal, commission=comm,
    ))  # fmt: skip


def _roman(n: int) -> str:
    return {1: "I", 2: "II", 3: "III", 4: "IV", 5: "V", 6: "VI"}.get(n, str(n))


def _span_words(a: date, b: date) -> str:
    if a == b:
        return f"{a.day} {a:%B %Y}"
    if a.month == b.month:
        return f"{a.day}–{b.day} {b:%B %Y}"
    return f"{a.day} {a:%B}–{b.day} {b:%B %Y}"


def _parent_of_thematic_discussions(
    doc: Document, intro: Paragraph, out: Outline, tds: list[MeetingMention]
) -> None:
    isms = [
        m
        for m in out.meetings.values()
        if m.kind == "IntersessionalMeeting" and m.evidence.paragraph == intro.label
    ]
    place = re.search(rf"\b(?:in|at the United Nations in) ({PLACES})\b", intro.text)
    for td in tds:
        if place and not td.place:
            td.place = place.group(1)
        for ism in isms:
            if ism.start and td.start and ism.start <= td.start <= (ism.end or ism.start):
                td.parent_key = ism.key
        if not td.parent_key and len(isms) == 1:
            td.parent_key = isms[0].key
        if not td.parent_key:
            chair = re.search(rf"Chair of the {COMM} at its ({ORDINAL}) session", intro.text, re.I)
            number = ordinal_value(chair.group(1)) if chair else None
            if number:
                td.parent_key = session_key(out.commission, number)
    # a later paragraph may give the place ("was held ... at the United Nations in Vienna")
    for p in doc.paragraphs:
        if p.part != intro.part or p.number is None or p.number > 6:
            continue
        where = re.search(rf"(?:was|were) held .*?\bat the United Nations in ({PLACES})", p.text)
        if where:
            for td in tds:
                td.place = td.place or where.group(1)
    # an intersessional meeting held on the same days as its discussions shares their place
    for td in tds:
        parent = out.meetings.get(td.parent_key)
        if (
            parent
            and parent.kind == "IntersessionalMeeting"
            and not parent.place
            and (parent.start == td.start)
        ):
            parent.place = td.place


def _thematic_sessions(
    doc: Document,
    out: Outline,
    matcher: ChallengeMatcher,
    indexes: list[int],
    tds: list[MeetingMention],
) -> None:
    counter = 0
    current: SessionMention | None = None
    for i in indexes:
        p = doc.paragraphs[i]
        if p.kind == "heading":
            challenge = CHALLENGE_HEADING.search(p.text)
            is_opening = bool(OPENING_HEADING.search(p.text))
            if not (challenge or is_opening or THEMATIC_SESSION_HEADING.search(p.text)):
                # a section heading right after a session heading ("C. Way forward" after
                # the last session) does not end a session that has no paragraph yet
                if current is None or current.first_paragraph:
                    current = None
                continue
            counter += 1
            kind = "OpeningSession" if is_opening and not challenge else "ThematicSession"
            td = tds[0]
            session_date, part_of_day = _session_date(doc, indexes, i, td)
            if session_date is None and is_opening:
                session_date = td.start
            for cand in tds:
                if (
                    session_date
                    and cand.start
                    and cand.end
                    and (cand.start <= session_date <= cand.end)
                ):
                    td = cand
            refs: list[ChallengeRef] = []
            if challenge:
                code = matcher.best(challenge.group("q"))
                if code:
                    refs.append(ChallengeRef(code, challenge.group("q"), evidence(doc, p)))
            current = SessionMention(
                key=f"{td.key}-s{counter}", meeting_key=td.key, kind=kind,
                name=_session_name(p.text), evidence=evidence(doc, p), date=session_date,
                part_of_day=part_of_day, challenges=refs,
            )  # fmt: skip
            out.sessions.append(current)
            continue
        if current is not None:
            out.context[i] = (current.meeting_key, current.key)
            if not current.first_paragraph:
                current.first_paragraph = p.label
        else:
            out.context[i] = (tds[0].key, "")


def _session_name(heading: str) -> str:
    text = re.sub(r"^\s*-?\s*\(\w{1,4}\)\s*", "", heading).strip()
    return text[:200]


def _session_date(
    doc: Document, indexes: list[int], at: int, td: MeetingMention
) -> tuple[date | None, str]:
    """The first date in the paragraphs after a session heading, within its discussion."""
    year = td.start.year if td.start else None
    seen = 0
    for i in indexes[indexes.index(at) + 1 :]:
        p = doc.paragraphs[i]
        if p.kind == "heading":
            if CHALLENGE_HEADING.search(p.text) or OPENING_HEADING.search(p.text):
                break
            continue
        seen += 1
        if seen > 2:
            break
        for rng in find_dates(p.text, year):
            part = re.search(r"in the (morning|afternoon)", p.text[rng.stop : rng.stop + 20])
            return rng.start, part.group(1) if part else ""
    return None, ""


def _agenda_items(doc: Document, out: Outline) -> None:
    for i, para in enumerate(doc.paragraphs):
        m = AGENDA_ITEM.search(para.text)
        if not m:
            continue
        parent = out.main_meeting
        dates = find_dates(m.group("when"))
        item = m.group("item")
        title = m.group("title") or (m.group("what") or "").removeprefix("its ").capitalize()
        key = f"{parent or out.commission}-item-{item}"
        out.sessions.append(SessionMention(
            key=key, meeting_key=parent, kind="AgendaItemDeliberation",
            name=f"Agenda item {item}" + (f": {title}" if title else ""),
            evidence=evidence(doc, para, m.start(), m.end()),
            date=dates[0].start if dates else None, first_paragraph=para.label,
        ))  # fmt: skip
        for j in range(i, len(doc.paragraphs)):
            out.context[j] = (parent, key)


def _round_tables(doc: Document, out: Outline) -> None:
    for i, para in enumerate(doc.paragraphs):
        m = ROUND_TABLES.search(para.text)
        if not m:
            continue
        dates = find_dates(m.group("when"))
        if not dates:
            continue
        days = (
            [dates[0].start, dates[0].end]
            if dates[0].end != dates[0].start
            else [d.start for d in dates]
        )
        seg = _segment_before(doc, i, out, dates[0])
        themes: list[tuple[str, str, Paragraph]] = []
        for p in doc.paragraphs[i + 1 :]:
            t = re.match(r"^\s*-?\s*\((?P<letter>[a-z])\)\s*(?P<theme>.+)", p.text)
            if not t:
                break
            themes.append((t.group("letter"), t.group("theme").rstrip(";. "), p))
        keys: list[tuple[str, str]] = []
        for n, (letter, theme, p) in enumerate(themes):
            day = days[n] if len(days) == len(themes) else None
            name = "Round table: " + theme.split(";")[0][:160]
            key = f"{seg.key}-rt-{letter}"
            out.add(MeetingMention(
                key=key, kind="RoundTable", name=name, evidence=evidence(doc, p),
                start=day, end=day, parent_key=seg.key,
                commission=out.commission,
            ))  # fmt: skip
            out.sessions.append(SessionMention(
                key=key, meeting_key=seg.key, kind="RoundTable", name=name,
                evidence=evidence(doc, p), date=day,
            ))  # fmt: skip
            keys.append((key, theme.lower()))
        _round_table_context(doc, out, i, seg.key, keys)


def _segment_before(doc: Document, upto: int, out: Outline, rng: DateRange) -> MeetingMention:
    comm = out.commission
    for p in doc.paragraphs[: upto + 1]:
        m = SEGMENT.search(p.text)
        if m:
            kind = m.group("kind").lower()
            year = m.group("year") or str(rng.start.year)
            place = re.search(rf"\bin ({PLACES})\b", p.text)
            return out.add(MeetingMention(
                key=f"{comm}-{year}-{kind}-segment", kind="Segment",
                name=f"{comm.upper()} {year} {m.group('kind').capitalize()} Segment",
                evidence=evidence(doc, p), start=rng.start, end=rng.end,
                place=place.group(1) if place else "", month=f"{rng.start:%Y-%m}",
                commission=comm,
            ))  # fmt: skip
    return out.add(MeetingMention(
        key=f"{comm}-{rng.start:%Y-%m}-round-tables", kind="Segment",
        name=f"{comm.upper()} round tables, {_span_words(rng.start, rng.end)}",
        evidence=evidence(doc, doc.paragraphs[upto]), start=rng.start, end=rng.end,
        month=f"{rng.start:%Y-%m}", commission=comm,
    ))  # fmt: skip


def _round_table_context(
    doc: Document, out: Outline, start: int, seg_key: str, keys: list[tuple[str, str]]
) -> None:
    current = ""
    numbered = re.compile(r"^round[- ]table\s+(\d+)\b", re.I)
    for j in range(start, len(doc.paragraphs)):
        p = doc.paragraphs[j]
        low = p.text.lower()
        n = numbered.match(p.text.strip())
        if p.kind == "heading" and n and 0 < int(n.group(1)) <= len(keys):
            current = keys[int(n.group(1)) - 1][0]
        if "round table on" in low or "round-table on" in low:
            after = low.split(" on ", 1)[1] if " on " in low else low
            for key, theme in keys:
                if theme[:40] in after or after[:40] in theme:
                    current = key
        out.context[j] = (current or seg_key, current)


def _convened_roundtable(doc: Document, out: Outline) -> None:
    for para in doc.paragraphs[:20]:
        m = ROUNDTABLE_CONVENED.search(para.text)
        if not m:
            continue
        comm = commission_code(m.group("comm"), out.commission)
        title = doc.source.meta.title or para.text[:120]
        key = f"{comm}-roundtable-{slug(title, 50)}"
        margins = MARGINS.search(para.text)
        parent = ""
        if margins:
            body = margins.group("body")
            parent = f"{slug(body)}-{slug(margins.group('segment'))}"
            out.add(MeetingMention(
                key=parent, kind="Segment", name=f"{body} {margins.group('segment')}",
                evidence=evidence(doc, para, margins.start(), margins.end()),
            ))  # fmt: skip
        meeting = out.add(MeetingMention(
            key=key, kind="RoundTable", name=title,
            evidence=evidence(doc, para, m.start(), m.end()), commission=comm, parent_key=parent,
        ))  # fmt: skip
        out.main_meeting = out.main_meeting or meeting.key
        if not out.sessions:
            for j in range(len(doc.paragraphs)):
                out.context.setdefault(j, (key, ""))
        return


def _fill_context(doc: Document, out: Outline) -> None:
    default = out.main_meeting
    if not default:
        isms = [m for m in out.meetings.values() if m.kind == "IntersessionalMeeting"]
        if len(isms) == 1:
            default = isms[0].key
            out.main_meeting = default
    for i in range(len(doc.paragraphs)):
        out.context.setdefault(i, (default, ""))

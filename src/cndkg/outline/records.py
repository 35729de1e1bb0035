"""The outline of an Official Records report: the session it is of, the other sessions
it names, the dates of its plenary meetings, and the agenda items it considered.

The report of an ECOSOC functional commission (the CND's among them) has one layout: a
cover ("Report on the sixty-third session (14 February 2024 and 10-14 February 2025)"),
chapters that follow the agenda ("The Commission considered agenda item 3 at its 2nd to
10th meetings"), numbered plenary meetings that the text dates here and there ("At its
1st meeting, on 4 March"). The phrases are rules in cndkg.rules.records.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from cndkg.extract.text import evidence, find_dates, nth, ordinal_value, sentences
from cndkg.gazetteers import Gazetteer, normalize, places
from cndkg.model import Document, MeetingMention, Outline, Paragraph, SessionMention
from cndkg.parse.structure import CHAPTER  # the parser gives "Chapter III" a heading of its own
from cndkg.rules.records import MEETINGS, SESSIONS

CITIES = {normalize(name): city for name, city in places().items()}


@dataclass
class Body:
    """The commission the report is of."""

    code: str  # gazetteer code: CND, CSOCD, ...
    key: str  # meeting-key prefix: cnd, csocd, ...
    name: str


@dataclass
class State:
    """Where in the report a reading is: its chapter and section, the plenary meeting
    the text is at ("At the same meeting"), and the agenda item under consideration."""

    chapter: str = ""
    section: str = ""
    meeting: str = ""  # "10", "closing"
    item: str = ""

    def heading(self, para: Paragraph, chapter_next: bool) -> bool:
        """Follow a heading; True when it is a "Chapter III" line (its title follows)."""
        title = re.sub(r"^[A-Z]\.\s+", "", para.text.strip())
        if CHAPTER.match(title):
            return True
        if chapter_next:
            self.chapter, self.section = title, ""
        else:
            self.section = title
        return False


@dataclass
class _Draft:
    body: Body
    main: MeetingMention
    meetings: dict[str, MeetingMention] = field(default_factory=dict)
    sessions: dict[str, SessionMention] = field(default_factory=dict)
    meeting_dates: dict[str, date] = field(default_factory=dict)


def is_records_report(doc: Document) -> bool:
    return doc.source.meta.genre == "official-records-report"


def outline_report(doc: Document, gaz: Gazetteer) -> Outline | None:
    """The report's outline, or None when it names no session of its own."""
    body = _body(doc, gaz)
    main = _main_session(doc, body)
    if main is None:
        return None
    r = _Draft(body, main, {main.key: main})
    _other_sessions(doc, r)
    _meeting_dates(doc, r)
    _agenda_items(doc, r)
    return Outline(
        meetings=r.meetings, sessions=list(r.sessions.values()), main_meeting=main.key,
        commission=body.key, meeting_dates=r.meeting_dates, body_code=body.code,
        body_name=body.name,
    )  # fmt: skip


# -- the commission and its sessions ----------------------------------------------------
def _body(doc: Document, gaz: Gazetteer) -> Body:
    candidates = [doc.source.meta.issuer, doc.source.meta.title]
    candidates += [p.text for p in doc.paragraphs[:12] if p.kind == "heading"]
    for text in candidates:
        for m in gaz.actor_pattern.finditer(text or ""):
            e = gaz.lookup("org", m.group(0))
            if e and re.search(r"Commission|Committee|Council|Board", e.label):
                if e.code in ("ECOSOC", "UNGA"):
                    continue
                return Body(e.code, e.code.lower(), e.label)
    return Body("CND", "cnd", "Commission on Narcotic Drugs")


def _session(
    body: Body, number: int, doc: Document, para: Paragraph, a: int, b: int
) -> MeetingMention:
    return MeetingMention(
        key=f"{body.key}-{number}", kind="CommissionSession",
        name=f"{body.name}, {nth(number)} session", evidence=evidence(doc, para, a, b),
        number=number, commission=body.key,
    )  # fmt: skip


def _main_session(doc: Document, body: Body) -> MeetingMention | None:
    found: MeetingMention | None = None
    for para in doc.paragraphs:
        for rule in (
            MEETINGS["held-its-session"],
            MEETINGS["at-its-session"],
            MEETINGS["report-on-session"],
        ):
            m = rule.search(para.text)
            if not m:
                continue
            number = ordinal_value(m.group("ord"))
            if not number:
                continue
            if found is not None and found.number != number:
                continue
            mention = _session(body, number, doc, para, m.start(), m.end())
            rest = m.groupdict().get("rest") or m.groupdict().get("dates") or ""
            days = find_dates(rest)
            if days:
                mention.start = min(d.start for d in days)
                mention.end = max(d.end for d in days)
            place = MEETINGS["place"].search(rest)
            if place:
                where = place.group("hq") or place.group("city")
                mention.place = CITIES.get(normalize(" ".join(where.split())), "")
            if found is None:
                found = mention
            else:
                found.start = found.start or mention.start
                found.end = found.end or mention.end
                found.place = found.place or mention.place
    return found


OTHER_BODY = re.compile(
    r"\b(?:General\s+Assembly|Assembly|Economic\s+and\s+Social\s+Council|Council|Conference|"
    r"Board|Human\s+Rights\s+Council)\b(?:(?!Commission)[^.])*$"
)


def _other_sessions(doc: Document, r: _Draft) -> None:
    """Other numbered sessions of the same commission: the next one, an earlier one. A
    session another body holds ("the General Assembly at its eightieth session") is not."""
    for para in doc.paragraphs:
        for m in MEETINGS["numbered-session"].finditer(para.text):
            if OTHER_BODY.search(para.text[max(0, m.start() - 90) : m.start()]):
                continue
            for word in (m.group("ord"), m.group("ord2")):
                number = ordinal_value(word) if word else None
                if not number or number == r.main.number or abs(number - (r.main.number or 0)) > 10:
                    continue
                key = f"{r.body.key}-{number}"
                if key not in r.meetings:
                    r.meetings[key] = _session(r.body, number, doc, para, m.start(), m.end())


def meeting_numbers(nums: str) -> list[str]:
    if nums in ("closing", "opening", "final"):
        return [nums]
    values = [int(x) for x in re.findall(r"(\d{1,2})(?:st|nd|rd|th)", nums)]
    if re.search(r"\bto\b", nums) and len(values) == 2:
        return [str(n) for n in range(values[0], values[1] + 1)]
    return [str(n) for n in values]


def _meeting_dates(doc: Document, r: _Draft) -> None:
    """Date each plenary meeting from wherever the report dates it."""
    year = r.main.end.year if r.main.end else None
    for para in doc.paragraphs:
        for m in MEETINGS["meetings-on"].finditer(para.text):
            nums = meeting_numbers(m.group("nums"))
            days = find_dates(m.group("when"), year)
            if not nums or not days:
                continue
            first = days[0]
            if len(days) == 1 and first.start == first.end:
                pairs = [(n, first.start) for n in nums]
            elif len(days) == 1:
                pairs = [(nums[0], first.start), (nums[-1], first.end)]
            else:
                pairs = list(zip(nums, [d.start for d in days], strict=False))
            for n, day in pairs:
                r.meeting_dates.setdefault(n, day)


# -- the agenda items, in document order ---------------------------------------------
def _agenda_items(doc: Document, r: _Draft) -> None:
    state = State()
    chapter_next = False
    adoption: list[tuple[Paragraph, str]] = []  # adoption-of-report headings without an item
    items_in_heading: dict[str, bool] = {}
    for para in doc.paragraphs:
        if para.kind == "heading":
            chapter_next = state.heading(para, chapter_next)
            title = state.section or state.chapter
            if not chapter_next and SESSIONS["adoption-of-report"].search(title):
                adoption.append((para, title))
                items_in_heading[title] = False
            continue
        if para.kind == "footnote":
            continue
        for a, b in sentences(para.text):
            follow_meeting(para.text[a:b], state)
            _agenda_item(doc, para, a, b, state, r, items_in_heading)
    for para, title in adoption:
        if not items_in_heading.get(title):
            _adoption_session(doc, para, title, r)


def item_considered(sentence: str) -> re.Match[str] | None:
    """ "The Commission considered agenda item 3", "held its general debate under item 3"."""
    return SESSIONS["considered-item"].search(sentence) or SESSIONS["held-debate-on-item"].search(
        sentence
    )


def follow_meeting(sentence: str, state: State) -> None:
    for m in MEETINGS["meeting-at"].finditer(sentence):
        if m.group("nums") != "same":
            state.meeting = meeting_numbers(m.group("nums"))[0]
    considered = MEETINGS["meetings-on"].search(sentence)
    if considered and not MEETINGS["meeting-at"].search(sentence):
        state.meeting = meeting_numbers(considered.group("nums"))[0]
    elif re.search(r"\bat its (?:\d{1,2}(?:st|nd|rd|th)|closing|opening)", sentence):
        at = re.search(
            r"\bat its (\d{1,2}(?:st|nd|rd|th)[^.;]{0,40}?|closing|opening) (?:plenary )?meetings?",
            sentence,
        )
        if at:
            state.meeting = (meeting_numbers(at.group(1)) or [state.meeting])[0]


def _agenda_item(
    doc: Document, para: Paragraph, a: int, b: int, state: State, r: _Draft,
    items_in_heading: dict[str, bool],
) -> None:  # fmt: skip
    sentence = para.text[a:b]
    m = item_considered(sentence)
    if not m:
        return
    item = m.group("item")
    state.item = item
    for title in (state.section, state.chapter):
        if title in items_in_heading:
            items_in_heading[title] = True
    if any(SESSIONS["organizational-item"].search(t) for t in (state.section, state.chapter) if t):
        return
    key = f"{r.main.key}/item-{item}"
    if key in r.sessions:
        return
    year = r.main.end.year if r.main.end else None
    days = find_dates(sentence[m.end() :], year)
    day = days[0].start if days else r.meeting_dates.get(state.meeting)
    title = state.chapter or state.section
    r.sessions[key] = SessionMention(
        key=key, meeting_key=r.main.key, kind="AgendaItemDeliberation",
        name=f"Agenda item {item}: {title}"[:300] if title else f"Agenda item {item}",
        evidence=evidence(doc, para, a, b), date=day, first_paragraph=para.label,
    )  # fmt: skip


def _adoption_session(doc: Document, heading: Paragraph, title: str, r: _Draft) -> None:
    index = doc.paragraphs.index(heading)
    day: date | None = None
    for para in doc.paragraphs[index + 1 : index + 6]:
        if para.kind == "heading":
            break
        year = r.main.end.year if r.main.end else None
        for m in MEETINGS["meetings-on"].finditer(para.text):
            days = find_dates(m.group("when"), year)
            day = day or (days[0].start if days else None)
        at = MEETINGS["meeting-at"].search(para.text)
        if day is None and at and at.group("nums") != "same":
            day = r.meeting_dates.get(meeting_numbers(at.group("nums"))[0])
    key = f"{r.main.key}/adoption-of-report"
    r.sessions.setdefault(key, SessionMention(
        key=key, meeting_key=r.main.key, kind="AgendaItemDeliberation", name=title[:300],
        evidence=evidence(doc, heading), date=day, first_paragraph=heading.label,
    ))  # fmt: skip

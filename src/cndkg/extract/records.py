"""The Official Records report of a commission session, read whole.

The report of an ECOSOC functional commission (the CND's among them) has one layout:
a cover ("Report on the sixty-third session (14 February 2024 and 10-14 February
2025)"), chapters that follow the agenda ("The Commission considered agenda item 3 at
its 2nd to 10th meetings"), numbered plenary meetings that the text dates here and there
("At its 1st meeting, on 4 March"), speaker lists run into sentences ("the
representatives of India and Qatar and the observers for Türkiye, Chile and Cuba made
statements") and an organization chapter (opening, attendance, election of officers).
The phrases are rules in cndkg.rules.records; this module applies them in document
order, keeping the one piece of state the genre needs: which plenary meeting the text
is at ("At the same meeting").
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

from cndkg.extract.actors import ORG_WORDS, find_actors, footnote_after
from cndkg.extract.text import evidence, find_dates, nth, ordinal_value, sentences
from cndkg.gazetteers import DEFAULT_DIR, Gazetteer, normalize, places
from cndkg.model import (
    ActorRef,
    Document,
    Evidence,
    MeetingMention,
    Paragraph,
    ParticipationMention,
    RoleMention,
    SessionMention,
    StatementMention,
)
from cndkg.rules.records import (
    ATTENDANCE,
    MEETINGS,
    OFFICE_WORD,
    ROLES,
    SESSIONS,
    STATEMENTS,
)

CITIES = {normalize(name): city for name, city in places().items()}
ROLE_OF = {
    "chair": ["Chair"],
    "vice-chair": ["ViceChair"],
    "vice-chairs": ["ViceChair"],
    "rapporteur": ["Rapporteur"],
    "vice-chair-cum-rapporteur": ["ViceChair", "Rapporteur"],
}
PERSON = re.compile(
    r"^[A-ZÀ-Ý][\w’'.-]+(?:\s+(?:[A-ZÀ-Ý][\w’'.-]*|de|da|das|do|dos|del|van|von|al))+$"
)
CLAUSE_OPENER = re.compile(
    r"(?:^|,\s*|[.;]\S{0,3}\s+)(?:[A-Z][^,]{0,80}?(?:meetings?|discussion|adoption|withdrawal|introduction|vote|"
    r"dialogue|presentations?)|Subsequently|Thereafter|Also|In addition|Then)\s*,\s*"
)
# "Chief Executive Officer of the African Women's Development Fund": the body, not the office
OFFICE_BEFORE = re.compile(rf"^(?:[\w-]+\s+){{0,3}}?{OFFICE_WORD}\s+(?:of|for|at)\s+(?:the\s+)?")
COUNTED = re.compile(
    r"\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten)\s+(?:States|observer|international|member|other)"
)


@dataclass
class Body:
    """The commission the report is of."""

    code: str  # gazetteer code: CND, CSOCD, ...
    key: str  # meeting-key prefix: cnd, csocd, ...
    name: str


@dataclass
class _State:
    """Where in the report the reading is."""

    chapter: str = ""
    section: str = ""
    meeting: str = ""  # the plenary meeting the text is at: "10", "closing"
    item: str = ""  # the agenda item under consideration


@dataclass
class Reading:
    body: Body
    main: MeetingMention
    meetings: dict[str, MeetingMention] = field(default_factory=dict)
    sessions: dict[str, SessionMention] = field(default_factory=dict)
    meeting_dates: dict[str, date] = field(default_factory=dict)
    statements: list[StatementMention] = field(default_factory=list)
    roles: list[RoleMention] = field(default_factory=list)
    participations: list[ParticipationMention] = field(default_factory=list)
    officers: dict[tuple[str, str], str] = field(default_factory=dict)  # (role, country) -> name


def is_records_report(doc: Document) -> bool:
    return doc.source.meta.genre == "official-records-report"


def read_report(doc: Document, gaz: Gazetteer) -> Reading | None:
    """Everything the report says about its session, or None when it names none."""
    body = _body(doc, gaz)
    main = _main_session(doc, body)
    if main is None:
        return None
    r = Reading(body, main, {main.key: main})
    _other_sessions(doc, r)
    _meeting_dates(doc, r)
    _officers(doc, gaz, r)
    _walk(doc, gaz, r)
    return r


# -- the commission and its session -------------------------------------------------
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


def _other_sessions(doc: Document, r: Reading) -> None:
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


def _meeting_numbers(nums: str) -> list[str]:
    if nums in ("closing", "opening", "final"):
        return [nums]
    values = [int(x) for x in re.findall(r"(\d{1,2})(?:st|nd|rd|th)", nums)]
    if re.search(r"\bto\b", nums) and len(values) == 2:
        return [str(n) for n in range(values[0], values[1] + 1)]
    return [str(n) for n in values]


def _meeting_dates(doc: Document, r: Reading) -> None:
    """Date each plenary meeting from wherever the report dates it."""
    year = r.main.end.year if r.main.end else None
    for para in doc.paragraphs:
        for m in MEETINGS["meetings-on"].finditer(para.text):
            nums = _meeting_numbers(m.group("nums"))
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


# -- one pass in document order -------------------------------------------------------
def _walk(doc: Document, gaz: Gazetteer, r: Reading) -> None:
    state = _State()
    chapter_next = False
    adoption: list[tuple[Paragraph, str]] = []  # adoption-of-report headings without an item
    items_in_heading: dict[str, bool] = {}
    for para in doc.paragraphs:
        if para.kind == "heading":
            title = re.sub(r"^[A-Z]\.\s+", "", para.text.strip())
            if re.match(r"^Chapter\s+[IVXL]+$", title):
                chapter_next = True
                continue
            if chapter_next:
                state.chapter, state.section = title, ""
                chapter_next = False
            else:
                state.section = title
            if SESSIONS["adoption-of-report"].search(title):
                adoption.append((para, title))
                items_in_heading[title] = False
            continue
        if para.kind == "footnote":
            continue
        if re.match(r"^Attendance\b", state.section):
            _attendance(doc, para, gaz, r)
        for a, b in sentences(para.text):
            sentence = para.text[a:b]
            _follow_meeting(sentence, state)
            _agenda_item(doc, para, a, b, state, r, items_in_heading)
            _statements(doc, para, a, b, state, gaz, r)
            _roles(doc, para, a, b, state, gaz, r)
    for para, title in adoption:
        if items_in_heading.get(title):
            continue
        _adoption_session(doc, para, title, r)


def _follow_meeting(sentence: str, state: _State) -> None:
    for m in MEETINGS["meeting-at"].finditer(sentence):
        if m.group("nums") != "same":
            state.meeting = _meeting_numbers(m.group("nums"))[0]
    considered = MEETINGS["meetings-on"].search(sentence)
    if considered and not MEETINGS["meeting-at"].search(sentence):
        state.meeting = _meeting_numbers(considered.group("nums"))[0]
    elif re.search(r"\bat its (?:\d{1,2}(?:st|nd|rd|th)|closing|opening)", sentence):
        at = re.search(
            r"\bat its (\d{1,2}(?:st|nd|rd|th)[^.;]{0,40}?|closing|opening) (?:plenary )?meetings?",
            sentence,
        )
        if at:
            state.meeting = (_meeting_numbers(at.group(1)) or [state.meeting])[0]


def _agenda_item(
    doc: Document, para: Paragraph, a: int, b: int, state: _State, r: Reading,
    items_in_heading: dict[str, bool],
) -> None:  # fmt: skip
    sentence = para.text[a:b]
    m = SESSIONS["considered-item"].search(sentence) or SESSIONS["held-debate-on-item"].search(
        sentence
    )
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


def _adoption_session(doc: Document, heading: Paragraph, title: str, r: Reading) -> None:
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
            day = r.meeting_dates.get(_meeting_numbers(at.group("nums"))[0])
    key = f"{r.main.key}/adoption-of-report"
    r.sessions.setdefault(key, SessionMention(
        key=key, meeting_key=r.main.key, kind="AgendaItemDeliberation", name=title[:300],
        evidence=evidence(doc, heading), date=day, first_paragraph=heading.label,
    ))  # fmt: skip


def _attendance(doc: Document, para: Paragraph, gaz: Gazetteer, r: Reading) -> None:
    """Who attended: members of the Commission, and observers (States, UN entities,
    intergovernmental and non-governmental organizations), as the lists name them."""
    m = ATTENDANCE["represented"].search(para.text)
    if m is None:
        return
    kind = "member" if m.group("who").startswith("States members") else "observer"
    ev = evidence(doc, para)
    seen = {(p.actor.code, p.kind) for p in r.participations}
    for f in find_actors(para.text, gaz, m.start("list"), m.end("list")):
        if gaz.get(f.ref.kind, f.ref.code) and (f.ref.code, kind) not in seen:
            seen.add((f.ref.code, kind))
            r.participations.append(ParticipationMention(r.main.key, f.ref, kind, ev))


# -- statements ---------------------------------------------------------------------
@dataclass
class _Speaker:
    ref: ActorRef
    start: int
    end: int
    behalf: ActorRef | None = None
    members: list[ActorRef] = field(default_factory=list)
    members_from: Evidence | None = None  # the footnote that lists them, if one does


def _statements(
    doc: Document, para: Paragraph, a: int, b: int, state: _State, gaz: Gazetteer, r: Reading
) -> None:
    text = para.text
    sentence = text[a:b]
    regions: list[tuple[int, int]] = []
    taken: list[tuple[int, int]] = []
    speakers: list[_Speaker] = []
    for m in STATEMENTS["who-made"].finditer(sentence):
        lo = a + max(sentence.rfind(" by ", 0, m.start()) + 4, 0)
        hi = a + m.start()
        # "moderated by A, X, and B, Y, who made statements": each of them
        cuts = [lo]
        if re.search(r"statements|remarks", m.group(0)):
            cuts += [
                lo + c.end() for c in re.finditer(r",?\s+and\s+(?=the\s|a\s|an\s)", text[lo:hi])
            ]
        for x, y in zip(cuts, [*cuts[1:], hi], strict=True):
            who = _antecedent(text, x, y, gaz, r)
            if who is not None:
                speakers.append(who)
        taken.append((a + m.start(), a + m.end()))
    colon = STATEMENTS["listed-after-colon"].search(sentence)
    if colon:
        speakers += _named_list(
            colon.group("list"), a + colon.start("list"), colon.group("what"), gaz
        )
        taken.append((a + colon.start(), a + colon.end()))
    for m in STATEMENTS["statements-were-made-by"].finditer(sentence):
        if any(x <= a + m.start() < y for x, y in taken):
            continue
        regions.append((a + m.end(), b))
        taken.append((a + m.start(), b))
    for m in STATEMENTS["made-statements"].finditer(sentence):
        if any(x <= a + m.start() < y for x, y in taken):
            continue
        start = a
        for opener in CLAUSE_OPENER.finditer(sentence, 0, m.start()):
            start = a + opener.end()
        regions.append((start, a + m.start()))
    for lo, hi in regions:
        speakers += _speakers_in(text, lo, hi, gaz, r)
    for sp in speakers:
        _members_from_footnote(doc, para, sp, gaz)
    if not speakers:
        return
    reply = bool(STATEMENTS["right-of-reply"].search(sentence))
    where = _where(state, r, doc, para, a, b)
    ev = evidence(doc, para, a, b)
    for n, sp in enumerate(speakers):
        st = StatementMention(
            key=f"{doc.doc_id}-{para.label}-{a}-{n}", session_key=where, speaker=sp.ref,
            evidence=ev, on_behalf_of=sp.behalf, members=sp.members,
            members_evidence=(sp.members_from or ev) if sp.members else None,
            right_of_reply=reply,
        )  # fmt: skip
        r.statements.append(st)
        r.participations.append(ParticipationMention(r.main.key, sp.ref, "statement", ev))


def _members_from_footnote(doc: Document, para: Paragraph, sp: _Speaker, gaz: Gazetteer) -> None:
    """ "(on behalf of a group of countries)<sup>3</sup>": footnote 3 lists the members."""
    if sp.behalf is None:
        return
    near = [mark for mark, at in para.footnote_positions if sp.end <= at <= sp.end + 200]
    if not near:
        return
    note = footnote_after(doc, para, near[0])
    if note is None:
        return
    members: list[ActorRef] = []
    for f in find_actors(note.text, gaz):
        if gaz.get(f.ref.kind, f.ref.code) and f.ref not in members:
            members.append(ActorRef(f.ref.kind, f.ref.code, f.ref.name))
    if len(members) >= 2:
        sp.members, sp.members_from = members, evidence(doc, note)


def _where(state: _State, r: Reading, doc: Document, para: Paragraph, a: int, b: int) -> str:
    """The plenary meeting the statement was made at (dated where the report dates it)."""
    if not state.meeting:
        key = f"{r.main.key}/item-{state.item}"
        return key if key in r.sessions else r.main.key
    key = f"{r.main.key}/meeting-{state.meeting}"
    if key not in r.meetings:
        day = r.meeting_dates.get(state.meeting)
        n = state.meeting
        name = f"{r.body.name}, {nth(r.main.number or 0)} session, " + (
            f"{nth(int(n))} meeting" if n.isdigit() else f"{n} meeting"
        )
        r.meetings[key] = MeetingMention(
            key=key, kind="PlenaryMeeting", name=name, evidence=evidence(doc, para, a, b),
            start=day, end=day, parent_key=r.main.key,
            ordinal=int(n) if n.isdigit() else None, commission=r.body.key,
        )  # fmt: skip
    return key


def _antecedent(text: str, lo: int, hi: int, gaz: Gazetteer, r: Reading) -> _Speaker | None:
    """The speaker of ", who made a statement": the office named before it."""
    phrase = text[lo:hi]
    officer = STATEMENTS["commission-officer"].search(phrase)
    if officer and officer.start() < 12:
        return _Speaker(_commission(r), lo, hi)
    office = _office(phrase)
    if office:
        return _Speaker(ActorRef("org", office, phrase), lo, hi)
    found = [f for f in find_actors(text, gaz, lo, hi) if not _to_the_un(text, f.start)]
    known = [f for f in found if gaz.get(f.ref.kind, f.ref.code)]  # the gazetteer's first
    best = (known or found)[:1]
    return _Speaker(best[0].ref, lo, hi) if best else None


def _commission(r: Reading) -> ActorRef:
    return ActorRef("org", r.body.code, r.body.name)


@cache
def _offices() -> list[tuple[re.Pattern[str], str]]:
    path = DEFAULT_DIR / "offices.csv"
    rows = list(csv.DictReader(Path(path).read_text(encoding="utf-8").splitlines()))
    rows.sort(key=lambda row: len(row["office"]), reverse=True)
    # a bare title ("Secretary-General") is this office only when nothing qualifies it
    # ("Secretary-General of the Family Affairs Council" is another's)
    return [
        (
            re.compile(
                rf"(?<![\w-]){re.escape(row['office'])}\b"
                + ("" if re.search(r" (?:of|for) ", row["office"]) else r"(?!\s+(?:of|for)\s)")
            ),
            row["code"],
        )
        for row in rows
    ]


def _office(phrase: str) -> str:
    for pattern, code in _offices():
        if pattern.search(phrase):
            return code
    return ""


def _to_the_un(text: str, start: int) -> bool:
    return bool(re.search(r"\bto\s+(?:the\s+)?$", text[max(0, start - 8) : start]))


def _speakers_in(text: str, lo: int, hi: int, gaz: Gazetteer, r: Reading) -> list[_Speaker]:
    """The speakers a list names, in order: officers, offices, States, organizations."""
    out: list[_Speaker] = []
    chunk = text[lo:hi]
    if COUNTED.search(chunk) and not re.search(
        r"\b(?:of|for)\s+(?:the\s+)?[A-Z]", COUNTED.sub("", chunk)
    ):
        return out
    masked = list(text)
    for m in STATEMENTS["commission-officer"].finditer(chunk):
        if m.group("office") == "secretariat" and not re.search(
            r"secretariat\s*$", chunk[: m.end()]
        ):
            continue
        out.append(_Speaker(_commission(r), lo + m.start(), lo + m.end()))
        for i in range(lo + m.start(), lo + m.end()):
            masked[i] = " "
    for pattern, code in _offices():
        for m in pattern.finditer(chunk):
            if masked[lo + m.start()] == " ":
                continue
            out.append(_Speaker(ActorRef("org", code, m.group(0)), lo + m.start(), lo + m.end()))
            for i in range(lo + m.start(), lo + m.end()):
                masked[i] = " "
    blanked = "".join(masked)
    found = [f for f in find_actors(blanked, gaz, lo, hi) if not _to_the_un(blanked, f.start)]
    starts = sorted([f.start for f in found] + [sp.start for sp in out])
    for f in found:
        if _holder_country(text, f.start, [x for x in starts if x < f.start]):
            continue
        if f.ref.kind == "org" and f.ref.code == f.ref.name:  # a body the gazetteer lacks
            name = OFFICE_BEFORE.sub("", f.ref.name)
            f.ref = ActorRef("org", name, name) if len(name.split()) > 1 else f.ref
        sp = _Speaker(f.ref, f.start, f.end, f.on_behalf_of)
        nxt = min((x for x in starts if x > f.start), default=hi)
        behalf = STATEMENTS["on-behalf-of"].search(text, f.end, min(hi, f.end + 160))
        if behalf and behalf.start() < nxt and behalf.start() - f.end < 120:
            sp.behalf, sp.members = _group(behalf.group("group"), gaz, f.on_behalf_of)
        elif f.on_behalf_of is not None:
            sp.behalf, sp.members = _group(f.on_behalf_of.name, gaz, f.on_behalf_of)
        out.append(sp)
    out.sort(key=lambda s: s.start)
    return _without_nested(out)


def _holder_country(text: str, start: int, before: list[int]) -> bool:
    """ "the President of the Economic and Social Council (Canada)": the parenthesis
    names the office holder's country, not another speaker."""
    if not before or not re.search(r"\(\s*$", text[max(0, start - 3) : start]):
        return False
    return not re.search(r"on\s+behalf", text[max(0, start - 40) : start])


def _without_nested(found: list[_Speaker]) -> list[_Speaker]:
    """Drop names inside another speaker's "(on behalf of ...)" parenthesis."""
    out: list[_Speaker] = []
    for sp in found:
        if out and out[-1].behalf is not None and sp.start < out[-1].end + 200:
            prev = out[-1]
            if prev.behalf and sp.ref.name in prev.behalf.name:
                continue
        out.append(sp)
    return out


def _group(text: str, gaz: Gazetteer, hit: ActorRef | None) -> tuple[ActorRef, list[ActorRef]]:
    """The group a speaker spoke for, and its members where the text lists them."""
    name = " ".join(text.split()).strip(" .")
    states = [
        ActorRef("state", e.code, m.group(0))
        for m in gaz.actor_pattern.finditer(name)
        if (e := gaz.lookup("state", m.group(0)))
    ]
    if re.search(r"\bEuropean Union\b", name) and not re.search(r"member States", name):
        eu = gaz.resolve_actor("European Union")
        ref = ActorRef(eu.kind, eu.code, "European Union") if eu else ActorRef("group", "EU", name)
        return ref, [ref]
    if states and not re.search(
        r"\b(?:[Gg]roup|[Cc]ouncil|[Ff]orum|[Uu]nion|[Ll]eague|[Cc]ommunity)\b", name
    ):
        return ActorRef("group", "", name), states
    return hit if hit is not None and hit.kind == "group" else ActorRef("group", "", name), []


def _named_list(items: str, offset: int, what: str, gaz: Gazetteer) -> list[_Speaker]:
    """ "...also made statements: A; B; and C." : each name, known to the gazetteer or not."""
    body = items.strip().rstrip(".")
    if ";" in body:
        parts = body.split(";")
    elif re.search(r"\borganizations\b|\bentities\b|\bbodies\b", what):
        parts = re.split(r",\s+|\s+and\s+(?=[A-ZÀ-Ý])", body)
    else:
        parts = [body]
    out: list[_Speaker] = []
    pos = 0
    for part in parts:
        name = re.sub(r"^\s*(?:and|the)\s+", "", part.strip()).strip(" .,")
        if len(name) < 3:
            continue
        start = offset + items.find(name, pos)
        pos = max(pos, items.find(name, pos) + len(name))
        entry = gaz.resolve_actor(name)
        ref = ActorRef(entry.kind, entry.code, name) if entry else ActorRef("org", name, name)
        out.append(_Speaker(ref, start, start + len(name)))
    return out


# -- roles ----------------------------------------------------------------------------
def _roles(
    doc: Document, para: Paragraph, a: int, b: int, state: _State, gaz: Gazetteer, r: Reading
) -> None:
    sentence = para.text[a:b]
    ev = evidence(doc, para, a, b)
    for m in ROLES["moderated-by"].finditer(sentence):
        for part in re.split(r",?\s+and\s+(?=the\s|a\s)", m.group("who")):
            _moderator(part, r, ev, gaz)
    for m in ROLES["served-as-moderator"].finditer(sentence):
        for part in re.split(r",?\s+and\s+(?=the\s|a\s)", m.group("who")):
            _moderator(part, r, ev, gaz)


def _officers(doc: Document, gaz: Gazetteer, r: Reading) -> None:
    """The Bureau, read first: moderators and speakers are often named by office alone
    ("moderated by the Chair of the Commission") before the chapter that lists it."""
    section = ""
    for para in doc.paragraphs:
        if para.kind == "heading":
            section = para.text
            continue
        text = para.text
        ev = evidence(doc, para)
        labels = list(ROLES["bureau-label"].finditer(text))
        if labels and re.search(r"officers|Bureau", text[: labels[0].start()] + " " + section):
            where = r.main.key
            elsewhere = MEETINGS["numbered-session"].search(text[: labels[0].start()])
            number = ordinal_value(elsewhere.group("ord")) if elsewhere else None
            if number and number != r.main.number:
                where = f"{r.body.key}-{number}"
            for i, label in enumerate(labels):
                end = labels[i + 1].start() if i + 1 < len(labels) else len(text)
                for m in ROLES["name-country"].finditer(text, label.end(), end):
                    country = _state_code(m.group("country"), gaz)
                    for role in ROLE_OF.get(label.group("role").lower(), []):
                        _role(r, role, where, ev, m.group("name"), country)
            continue
        for m in ROLES["officer-named"].finditer(text):
            country = _state_code(m.group("country"), gaz)
            role = ROLE_OF[m.group("role").lower()][0]
            _role(r, role, r.main.key, ev, m.group("name"), country)
            if ROLES["serve-as-rapporteur"].search(text, m.end(), m.end() + 80):
                _role(r, "Rapporteur", r.main.key, ev, m.group("name"), country)


def _moderator(part: str, r: Reading, ev: object, gaz: Gazetteer) -> None:
    assert isinstance(ev, type(r.main.evidence))
    officer = re.match(
        r"\s*the\s+(Vice-Chair|Chair)(?:\s+of\s+the\s+Commission)?(?:\s*\(([^)]+)\))?", part
    )
    if officer:
        role = ROLE_OF[officer.group(1).lower()][0]
        country = _state_code(officer.group(2) or "", gaz)
        name = next(
            (
                n
                for (ro, c), n in r.officers.items()
                if ro == role and (not country or c == country)
            ),
            "",
        )
        if not country:
            country = next((c for (ro, c), n in r.officers.items() if ro == role and n == name), "")
        if role == "ViceChair" and country and (role, country) not in r.officers:
            _role(r, "ViceChair", r.main.key, ev, "", country)
        _role(r, "Moderator", r.main.key, ev, name, country)
        return
    pieces = [p.strip() for p in part.split(",")]
    name = pieces[-1] if len(pieces) > 1 and PERSON.match(pieces[-1]) else ""
    office = ",".join(pieces[:-1]) if name else part
    country, org = "", _office(office)
    if not org:
        found = [f for f in find_actors(office, gaz) if not _to_the_un(office, f.start)]
        if found:
            ref = found[-1].ref if found[-1].ref.kind == "state" else found[0].ref
            country = ref.code if ref.kind == "state" else ""
            org = ref.code if ref.kind != "state" else ""
        else:  # a body the gazetteer does not know: the capitalized name after "of"
            names = re.findall(
                r"\b(?:of|at)\s+(?:the\s+)?([A-Z][\w’'-]*(?:\s+(?:(?:at|of|for|and|on|the|de)\s+)?"
                r"[A-Z][\w’'-]*)+)",
                office,
            )
            named = [n for n in names if ORG_WORDS.search(n)] or names[-1:]
            org = named[0].strip() if named else ""
    _role(r, "Moderator", r.main.key, ev, name, country, org)


def _role(
    r: Reading, role: str, where: str, ev: object, name: str, country: str, org: str = ""
) -> None:
    assert isinstance(ev, type(r.main.evidence))
    name = " ".join(name.split())
    for old in r.roles:
        same = (old.role, old.meeting_key, old.country, old.organization) == (
            role,
            where,
            country,
            org,
        )
        if same and (not old.person or old.person == name or not name):
            old.person = old.person or name
            return
    position = "" if name else f"{role} ({country or org or 'unnamed'})"
    r.roles.append(
        RoleMention(
            role, where, ev, person=name, position=position, country=country, organization=org
        )
    )
    if role in ("Chair", "ViceChair", "Rapporteur") and where == r.main.key and name:
        r.officers.setdefault((role, country), name)


def _state_code(name: str, gaz: Gazetteer) -> str:
    """A State's code from its name as printed, "Netherlands (Kingdom of the)" too."""
    for form in (name.strip(), re.sub(r"\s*\([^)]*\)\s*", " ", name).strip()):
        e = gaz.lookup("state", form)
        if e:
            return e.code
    return ""

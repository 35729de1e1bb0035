"""Who spoke in an Official Records report, and who attended.

Speaker lists run into sentences ("the representatives of India and Qatar and the
observers for Türkiye, Chile and Cuba made statements"), stand one per line by office
(the general debate), follow a colon ("also made statements: A; B; and C") or come
before ", who made a statement". The phrases are rules in cndkg.rules.records; this
module applies them in document order against the report's outline (cndkg.outline),
keeping the one piece of state the genre needs: which plenary meeting the text is at
("At the same meeting").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cndkg.extract.actors import find_actors, footnote_after
from cndkg.extract.bureau import Bureau, moderators, officers
from cndkg.extract.offices import office_of, office_patterns, to_the_un
from cndkg.extract.text import evidence, nth, sentences
from cndkg.gazetteers import Gazetteer
from cndkg.model import (
    ActorRef,
    Document,
    Evidence,
    MeetingMention,
    Outline,
    Paragraph,
    ParticipationMention,
    RoleMention,
    StatementMention,
)
from cndkg.outline.records import State, follow_meeting, item_considered
from cndkg.rules.records import ATTENDANCE, OFFICE_WORD, STATEMENTS

CLAUSE_OPENER = re.compile(
    r"(?:^|,\s*|[.;]\S{0,3}\s+)(?:[A-Z][^,]{0,80}?(?:meetings?|discussion|adoption|withdrawal|"
    r"introduction|vote|dialogue|presentations?)|Subsequently|Thereafter|Also|In addition|Then)"
    r"\s*,\s*"
)
# "Chief Executive Officer of the African Women's Development Fund": the body, not the office
OFFICE_BEFORE = re.compile(rf"^(?:[\w-]+\s+){{0,3}}?{OFFICE_WORD}\s+(?:of|for|at)\s+(?:the\s+)?")
COUNTED = re.compile(
    r"\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten)\s+"
    r"(?:States|observer|international|member|other)"
)


@dataclass
class Reading:
    """What the report says against its outline: statements, participation, roles."""

    plan: Outline
    statements: list[StatementMention] = field(default_factory=list)
    participations: list[ParticipationMention] = field(default_factory=list)
    # a statement phrase that named no speaker the gazetteers know, with its paragraph
    diagnostics: list[str] = field(default_factory=list)
    bureau: Bureau = field(init=False)

    def __post_init__(self) -> None:
        main = self.main
        self.bureau = Bureau(main.key, self.plan.commission, main.number)

    @property
    def main(self) -> MeetingMention:
        return self.plan.meetings[self.plan.main_meeting]

    @property
    def roles(self) -> list[RoleMention]:
        return self.bureau.roles


def read_report(doc: Document, gaz: Gazetteer, plan: Outline) -> Reading:
    """Everything the report says about who spoke and who attended, in its outline."""
    r = Reading(plan)
    officers(doc, gaz, r.bureau)
    state = State()
    chapter_next = False
    for para in doc.paragraphs:
        if para.kind == "heading":
            chapter_next = state.heading(para, chapter_next)
            continue
        if para.kind == "footnote":
            continue
        if re.match(r"^Attendance\b", state.section):
            _attendance(doc, para, gaz, r)
        for a, b in sentences(para.text):
            sentence = para.text[a:b]
            follow_meeting(sentence, state)
            item = item_considered(sentence)
            state.item = item.group("item") if item else state.item
            _statements(doc, para, a, b, state, gaz, r)
            moderators(doc, para, a, b, gaz, r.bureau)
    return r


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
    doc: Document, para: Paragraph, a: int, b: int, state: State, gaz: Gazetteer, r: Reading
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
        listed = text[regions[0][0] : regions[0][1]].strip() if regions else ""
        if listed and not COUNTED.search(listed) and re.search(r"[A-Z]", listed):
            r.diagnostics.append(
                f"{para.label}: a statement phrase, no speaker resolved in: {listed[:120]}"
            )
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


def _where(state: State, r: Reading, doc: Document, para: Paragraph, a: int, b: int) -> str:
    """The plenary meeting the statement was made at (dated where the report dates it)."""
    plan = r.plan
    if not state.meeting:
        key = f"{r.main.key}/item-{state.item}"
        return key if any(s.key == key for s in plan.sessions) else r.main.key
    key = f"{r.main.key}/meeting-{state.meeting}"
    if key not in plan.meetings:
        day = plan.meeting_dates.get(state.meeting)
        n = state.meeting
        name = f"{plan.body_name}, {nth(r.main.number or 0)} session, " + (
            f"{nth(int(n))} meeting" if n.isdigit() else f"{n} meeting"
        )
        plan.meetings[key] = MeetingMention(
            key=key, kind="PlenaryMeeting", name=name, evidence=evidence(doc, para, a, b),
            start=day, end=day, parent_key=r.main.key,
            ordinal=int(n) if n.isdigit() else None, commission=plan.commission,
        )  # fmt: skip
    return key


def _antecedent(text: str, lo: int, hi: int, gaz: Gazetteer, r: Reading) -> _Speaker | None:
    """The speaker of ", who made a statement": the office named before it."""
    phrase = text[lo:hi]
    officer = STATEMENTS["commission-officer"].search(phrase)
    if officer and officer.start() < 12:
        return _Speaker(_commission(r), lo, hi)
    office = office_of(phrase)
    if office:
        return _Speaker(ActorRef("org", office, phrase), lo, hi)
    found = [f for f in find_actors(text, gaz, lo, hi) if not to_the_un(text, f.start)]
    known = [f for f in found if gaz.get(f.ref.kind, f.ref.code)]  # the gazetteer's first
    best = (known or found)[:1]
    return _Speaker(best[0].ref, lo, hi) if best else None


def _commission(r: Reading) -> ActorRef:
    return ActorRef("org", r.plan.body_code, r.plan.body_name)


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
    for pattern, code in office_patterns():
        for m in pattern.finditer(chunk):
            if masked[lo + m.start()] == " ":
                continue
            out.append(_Speaker(ActorRef("org", code, m.group(0)), lo + m.start(), lo + m.end()))
            for i in range(lo + m.start(), lo + m.end()):
                masked[i] = " "
    blanked = "".join(masked)
    found = [f for f in find_actors(blanked, gaz, lo, hi) if not to_the_un(blanked, f.start)]
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

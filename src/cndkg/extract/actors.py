"""Statements and participation: who spoke, for whom, and who took part how.

Stock phrases: "statements were made by <list>", "Statements were also made by
observers from intergovernmental organizations (<list>)", "organizations based in
<states>", "<state> on behalf of <group><sup>n</sup>" (members from footnote n),
"exercised their right of reply", "an intervention by the Ambassador of <state>,
speaking on behalf of <group>", "Observers from non-governmental organizations,
including from <states>, also made statements", "Expert panellists participated
from <list>", "The expert panel included experts from <list>", "made presentations".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cndkg.extract.text import evidence, find_dates, sentences
from cndkg.gazetteers import Entry, Gazetteer
from cndkg.model import (
    ActorRef,
    Document,
    Evidence,
    Outline,
    Paragraph,
    ParticipationMention,
    StatementMention,
)
from cndkg.rules.speakers import SPEAKERS

# the phrases are rules with the seeds' excerpts (cndkg.rules.speakers)
STATEMENT_TRIGGER = SPEAKERS["statement-trigger"]
PANEL_TRIGGER = SPEAKERS["panel-trigger"]
PRESENT_TRIGGER = SPEAKERS["present-trigger"]
OBSERVER_TRIGGER = SPEAKERS["observer-trigger"]
CIVIL_SOCIETY = SPEAKERS["civil-society-from"]
NOMINATED = SPEAKERS["nominated-by"]
LIST_SEPARATOR = re.compile(r";|\band (?:by |the )|\.(?:\s|$)")
BEHALF_ANYWHERE = SPEAKERS["on-behalf-of-anywhere"]
ORG_WORDS = re.compile(
    r"\b(?:Association|Institute|Instituto|Foundation|Fundaci[oó]n|Network|Society|Organi[sz]ation"
    r"|Alliance|Coalition|Federation|Council|Cent(?:re|er)|Committee|Asociaci[oó]n|Corporaci[oó]n"
    r"|Union|Agency|Office|Programme|Initiative|Forum|Trust|Fund|AIDS)\b"
)


@dataclass
class FoundActor:
    ref: ActorRef
    start: int
    end: int
    on_behalf_of: ActorRef | None = None
    behalf_start: int = -1
    behalf_end: int = -1


def ref_of(entry: Entry, surface: str) -> ActorRef:
    return ActorRef(entry.kind, entry.code, surface)


def find_actors(text: str, gaz: Gazetteer, lo: int = 0, hi: int | None = None) -> list[FoundActor]:
    """The actors named in text[lo:hi], in order, with 'on behalf of' attached."""
    hi = len(text) if hi is None else hi
    masked = _mask(text, lo, hi)
    found: list[FoundActor] = []
    for m in CIVIL_SOCIETY.finditer(masked):
        for state in _gazetteer_hits(m.group("list"), gaz, m.start("list"), kinds=("state",)):
            found.append(FoundActor(
                ActorRef("cso", f"CSO-{state.ref.code}", f"civil society of {state.ref.name}"),
                state.start, state.end,
            ))  # fmt: skip
        masked = masked[: m.start()] + " " * (m.end() - m.start()) + masked[m.end() :]
    found.extend(_gazetteer_hits(masked, gaz, 0))
    found.extend(_unknown_organizations(masked, found))
    found.sort(key=lambda f: f.start)
    return _attach_behalf(text, found)


def _mask(text: str, lo: int, hi: int) -> str:
    """Blank what is outside [lo, hi) and the clauses that name non-speakers."""
    masked = " " * lo + text[lo:hi] + " " * (len(text) - hi)
    for m in NOMINATED.finditer(masked):
        masked = masked[: m.start()] + " " * (m.end() - m.start()) + masked[m.end() :]
    return masked


def _gazetteer_hits(
    text: str, gaz: Gazetteer, shift: int, kinds: tuple[str, ...] = ("state", "group", "org")
) -> list[FoundActor]:
    out: list[FoundActor] = []
    for m in gaz.actor_pattern.finditer(text):
        entry = None
        for kind in kinds:
            entry = gaz.lookup(kind, m.group(0))
            if entry:
                break
        if entry:
            out.append(FoundActor(ref_of(entry, m.group(0)), m.start() + shift, m.end() + shift))
    return out


def _unknown_organizations(masked: str, known: list[FoundActor]) -> list[FoundActor]:
    """Organization names the gazetteer lacks, in a list of names ("..., Instituto RIA, ...")."""
    blanked = masked
    for f in known:
        blanked = blanked[: f.start] + " " * (f.end - f.start) + blanked[f.end :]
    out: list[FoundActor] = []
    for m in re.finditer(r"[^,;()]+", blanked):
        item = m.group(0)
        name = re.sub(
            r"^\s*(?:and|as well as|by|the|observers? for|representatives? of)\s+", "", item.strip()
        )
        name = re.sub(r"^(?:[Tt]he|and)\s+", "", name).strip(" .")
        words = name.split()
        if not (2 <= len(words) <= 10 and ORG_WORDS.search(name)):
            continue
        capitals = sum(1 for w in words if w[0].isupper())
        if capitals < max(2, (len(words) + 1) // 2) or not words[0][0].isupper():
            continue
        start = m.start() + item.find(name)
        # "The Global Youth Drug Prevention Network (GYDPN)": the acronym is its code
        acronym = re.match(r"\s*\(([A-Z][A-Z0-9-]{1,11})\)", masked[start + len(name) :])
        code = acronym.group(1) if acronym else name
        out.append(FoundActor(ActorRef("org", code, name), start, start + len(name)))
    return out


def _attach_behalf(text: str, found: list[FoundActor]) -> list[FoundActor]:
    """Fold '<actor> ... on behalf of <group>' into one speaker with its group.

    The phrase may come right after the name ("Switzerland on behalf of 47 Member
    States"), after a clause ("the European Union, in its capacity as observer (on behalf
    of ...)") or after an office ("Viet Nam to the United Nations (Vienna) (on behalf of
    the Group of Asia-Pacific States)"), but never past the next list separator.
    """
    out: list[FoundActor] = []
    i = 0
    while i < len(found):
        f = found[i]
        window_end = min(len(text), f.end + 160)
        stop = LIST_SEPARATOR.search(text, f.end, window_end)
        window_end = stop.start() if stop else window_end
        m = BEHALF_ANYWHERE.search(text, f.end, window_end)
        if m and not any(f.end <= g.start < m.start() for g in found[i + 1 :]):
            g_start, g_end = m.start("group"), m.end("group")
            group_hit = found[i + 1] if i + 1 < len(found) else None
            if group_hit is not None and g_start <= group_hit.start <= g_start + 4:
                f.on_behalf_of = group_hit.ref
                g_end = max(g_end, group_hit.end)
                i += 1
                while i + 1 < len(found) and found[i + 1].start < g_end:
                    i += 1
            else:
                f.on_behalf_of = ActorRef("group", "", text[g_start:g_end].strip())
            f.behalf_start, f.behalf_end = g_start, g_end
        out.append(f)
        i += 1
    return out


def statements(doc: Document, outline: Outline, gaz: Gazetteer) -> list[StatementMention]:
    found: list[StatementMention] = []
    for i, para in enumerate(doc.paragraphs):
        if para.kind in ("heading", "footnote"):
            continue
        meeting_key, session_key = outline.context.get(i, (outline.main_meeting, ""))
        if not (session_key or meeting_key):
            continue
        for a, b in sentences(para.text):
            sentence = para.text[a:b]
            if not STATEMENT_TRIGGER.search(sentence):
                continue
            where = session_key or _session_by_date(outline, meeting_key, sentence) or meeting_key
            reply = "right of reply" in sentence.lower()
            capacity = (
                "observer"
                if re.search(r"\bobservers?\b", sentence)
                else ("representative" if "representative" in sentence else "")
            )
            lo = _list_start(sentence) + a
            hi = _list_end(sentence, lo - a) + a
            last_end: dict[str, int] = {}
            for n, actor in enumerate(find_actors(para.text, gaz, lo, hi)):
                # "the International Criminal Police Organization (INTERPOL)" is one speaker
                previous = last_end.get(actor.ref.code)
                last_end[actor.ref.code] = actor.end
                if previous is not None and actor.start - previous <= 3:
                    continue
                ev = evidence(doc, para, a, b)
                st = StatementMention(
                    key=f"{doc.doc_id}-{para.label}-{a}-{n}", session_key=where, speaker=actor.ref,
                    evidence=ev, on_behalf_of=actor.on_behalf_of, right_of_reply=reply,
                    capacity=capacity,
                )  # fmt: skip
                if actor.on_behalf_of is not None:
                    _group_members(doc, para, actor, st, gaz)
                    _speaker_in_its_group(st)
                found.append(st)
    return found


def _session_by_date(outline: Outline, meeting_key: str, sentence: str) -> str:
    """A report that is not split by sessions dates its statements: 'On 12 November, ...'."""
    meeting = outline.meetings.get(meeting_key)
    year = meeting.start.year if meeting and meeting.start else None
    days = {d.start for d in find_dates(sentence, year)}
    for s in outline.sessions:
        if s.meeting_key == meeting_key and s.date in days:
            return s.key
    return ""


def _list_end(sentence: str, start: int) -> int:
    """Where the list of speakers ends: 'followed by ... presentations' names presenters."""
    m = re.compile(r",? followed by\b").search(sentence, start)
    return m.start() if m else len(sentence)


def _list_start(sentence: str) -> int:
    """Where the list of speakers begins: after 'made by' or the colon, else the start."""
    m = re.search(r"\b(?:made|delivered) by\b|\bintervention by\b|\bstatements? by\b", sentence)
    if m:
        return m.end()
    m = re.search(r"right of reply[^:]*:", sentence)
    return m.end() if m else 0


def _group_members(
    doc: Document, para: Paragraph, actor: FoundActor, st: StatementMention, gaz: Gazetteer
) -> None:
    """Members of a group come from the footnote marked right after the group's name."""
    mark = ""
    for ref, pos in para.footnote_positions:
        if actor.behalf_start <= pos <= actor.behalf_end + 3:
            mark = ref
            break
    if not mark:
        return
    note = footnote_after(doc, para, mark)
    if note is None:
        return
    members = find_actors(note.text, gaz)
    st.members = []
    st.members_evidence = evidence(doc, note)
    for member in members:
        found = member.ref
        if found.kind == "group":
            # "European Union and its 27 member States" in a list: the text gives the EU
            entry = gaz.get("group", found.code)
            if entry and "EU" in entry.member_codes:
                found = ActorRef("org", "EU", found.name)
            else:
                continue
        if found.code not in {m.code for m in st.members}:
            st.members.append(found)


def _speaker_in_its_group(st: StatementMention) -> None:
    """'The European Union on behalf of the European Union and its member States'."""
    group = st.on_behalf_of
    if group is None or st.speaker.name.lower() not in group.name.lower():
        return
    if st.speaker.code not in {m.code for m in st.members}:
        st.members.insert(0, st.speaker)
        st.members_evidence = st.members_evidence or st.evidence


def footnote_after(doc: Document, para: Paragraph, mark: str) -> Paragraph | None:
    """The footnote with this mark nearest after the paragraph that cites it."""
    seen = False
    fallback = None
    for p in doc.paragraphs:
        if p is para:
            seen = True
        if p.kind == "footnote" and p.label == f"fn{mark}":
            if seen:
                return p
            fallback = p
    return fallback


def participations(
    doc: Document, outline: Outline, gaz: Gazetteer, spoken: list[StatementMention]
) -> list[ParticipationMention]:
    """Who took part in each meeting, and how."""
    out: list[ParticipationMention] = []
    meeting_of_session = {s.key: s.meeting_key for s in outline.sessions}
    for st in spoken:
        meeting = meeting_of_session.get(st.session_key, st.session_key)
        out.append(ParticipationMention(meeting, st.speaker, "statement", st.evidence))
    for i, para in enumerate(doc.paragraphs):
        if para.kind in ("heading", "footnote"):
            continue
        meeting_key, _ = outline.context.get(i, (outline.main_meeting, ""))
        if not meeting_key:
            continue
        for a, b in sentences(para.text):
            sentence = para.text[a:b]
            kind = ""
            if PANEL_TRIGGER.search(sentence):
                kind = "panellist"
            elif PRESENT_TRIGGER.search(sentence):
                kind = "presenter"
            elif OBSERVER_TRIGGER.search(sentence):
                kind = "observer"
            if not kind or STATEMENT_TRIGGER.search(sentence):
                continue
            ev: Evidence = evidence(doc, para, a, b)
            for actor in find_actors(para.text, gaz, a, b):
                # "attended ... with a delegation of people from Kenya, India": the states
                # are where the delegates come from, not observers
                if actor.ref.kind == "cso" or (kind == "observer" and actor.ref.kind == "state"):
                    continue
                out.append(ParticipationMention(meeting_key, actor.ref, kind, ev))
    return out

"""Mentions -> canonical entities: one per real-world meeting, actor, person, document.

States and organizations resolve through the gazetteers (codes, Wikidata IRIs); a
meeting is one entity across documents by its key (commission, kind, number or date);
persons are matched conservatively, by the same normalized name only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cndkg.gazetteers import Gazetteer, normalize
from cndkg.iris import slug
from cndkg.model import (
    ActorRef,
    Evidence,
    FramedChallenge,
    MeetingMention,
    Mentions,
    SessionMention,
)

ATTRS = ("start", "end", "place", "parent_key", "number", "ordinal", "month", "commission")


@dataclass
class Actor:
    """A canonical actor: its IRI path under the base, type, code and labels."""

    path: str
    kind: str  # State | Organization subclass | CivilSociety | GroupOfStates | Person
    code: str
    name: str
    wikidata: str = ""
    alt_labels: list[str] = field(default_factory=list)
    country: str = ""  # for CivilSociety: the state's code
    members: list[str] = field(default_factory=list)


@dataclass
class Linked:
    meetings: dict[str, MeetingMention] = field(default_factory=dict)
    meeting_evidence: dict[str, list[Evidence]] = field(default_factory=dict)
    sessions: dict[str, SessionMention] = field(default_factory=dict)
    actors: dict[str, Actor] = field(default_factory=dict)
    framed: dict[str, FramedChallenge] = field(default_factory=dict)
    documents: list[Mentions] = field(default_factory=list)
    gazetteer: Gazetteer | None = None

    def actor(self, ref: ActorRef) -> Actor:
        """The canonical actor of a reference, registering it on first sight."""
        a = self._resolve(ref)
        return self.actors.setdefault(a.path, a)

    def _resolve(self, ref: ActorRef) -> Actor:
        gaz = self.gazetteer
        assert gaz is not None
        if ref.kind == "state":
            e = gaz.get("state", ref.code)
            if e:
                return Actor(f"state/{e.code}", "State", e.code, e.label, e.wikidata, e.alt_labels)
        if ref.kind == "cso":
            iso = ref.code.removeprefix("CSO-")
            e = gaz.get("state", iso)
            name = f"Civil society organizations based in {e.label if e else iso}"
            return Actor(f"civil-society/{iso}", "CivilSociety", ref.code, name, country=iso)
        if ref.kind == "group":
            e = gaz.get("group", ref.code) if ref.code else None
            if e:
                return Actor(
                    f"group/{slug(e.code)}",
                    "GroupOfStates",
                    e.code,
                    e.label,
                    alt_labels=e.alt_labels,
                )
            return Actor(f"group/{slug(ref.name)}", "GroupOfStates", "", ref.name)
        if ref.kind == "org":
            e = gaz.get("org", ref.code) or gaz.lookup("org", ref.name)
            if e:
                kind = e.subkind or "Organization"
                return Actor(f"org/{slug(e.code)}", kind, e.code, e.label, e.wikidata, e.alt_labels)
            return Actor(
                f"org/{slug(ref.code or ref.name)}", "Organization", ref.code or ref.name, ref.name
            )
        if ref.kind == "person":
            return Actor(f"person/{slug(normalize(ref.name))}", "Person", "", ref.name)
        return Actor(f"org/{slug(ref.name)}", "Organization", ref.code or ref.name, ref.name)


def person_key(name: str, known: dict[str, str]) -> str:
    """One key per person under the spellings the documents give: the same words, case
    and accents aside ("KROIS" and "Krois"), or the same given names and a surname one
    typing slip apart in a long one ("Mirghani Abbaker Altayeb Bakhjet" and "... BAKHET").
    `known` maps each key seen so far to itself; a new key is added to it."""
    tokens = normalize(name).replace("-", " ").split()
    key = slug(" ".join(tokens))
    if key in known:
        return key
    for other in known:
        theirs = other.split("-")
        if len(theirs) != len(tokens) or theirs[:-1] != [slug(t) for t in tokens[:-1]]:
            continue
        a, b = theirs[-1], slug(tokens[-1]) if tokens else ""
        if min(len(a), len(b)) >= 5 and _one_slip(a, b):
            return other
    known[key] = key
    return key


def _one_slip(a: str, b: str) -> bool:
    """At most one letter added, dropped or changed."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) <= 1
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def link(documents: list[Mentions], gaz: Gazetteer) -> Linked:
    out = Linked(documents=documents, gazetteer=gaz)
    for doc in documents:
        for m in doc.meetings:
            _merge_meeting(out, m)
        for s in doc.sessions:
            old = out.sessions.get(s.key)
            if old is None:
                out.sessions[s.key] = s
            else:
                old.challenges.extend(
                    c for c in s.challenges if c.code not in {x.code for x in old.challenges}
                )
        for fc in doc.framed_challenges:
            if not fc.same_as:
                out.framed.setdefault(fc.code, fc)
    _resolve_parents(out)
    for doc in documents:
        for st in doc.statements:
            out.actor(st.speaker)
            for member in st.members:
                out.actor(member)
        for p in doc.participations:
            out.actor(p.actor)
    return out


def _merge_meeting(out: Linked, m: MeetingMention) -> None:
    old = out.meetings.get(m.key)
    out.meeting_evidence.setdefault(m.key, []).append(m.evidence)
    if old is None:
        out.meetings[m.key] = MeetingMention(**{**m.__dict__})
        return
    for attr in ATTRS:
        if not getattr(old, attr) and getattr(m, attr):
            setattr(old, attr, getattr(m, attr))
    # a fuller name (with dates) beats a bare one
    if len(m.name) > len(old.name) and old.kind == m.kind and m.kind != "CommissionSession":
        old.name = m.name


def _resolve_parents(out: Linked) -> None:
    """A segment held in a month without a stated parent belongs to that month's session."""
    sessions = [m for m in out.meetings.values() if m.kind == "CommissionSession"]
    for m in out.meetings.values():
        if m.parent_key or m.kind == "CommissionSession":
            continue
        month = m.month or (f"{m.start:%Y-%m}" if m.start else "")
        if not month or m.kind not in ("Segment",):
            continue
        for s in sessions:
            s_month = s.month or (f"{s.start:%Y-%m}" if s.start else "")
            if s.commission == m.commission and s_month == month:
                m.parent_key = s.key
        if m.parent_key and m.parent_key in out.meetings:
            parent = out.meetings[m.parent_key]
            if not parent.place and m.place:
                parent.place = m.place

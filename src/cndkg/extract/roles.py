"""Roles: chairs, vice-chairs, rapporteurs, moderators, panellists and presenters.

Stock phrases: "chaired by H.E. Ambassador <name> (<state>), Chair of the Commission
on Narcotic Drugs at its <ordinal> session", "<name>, first Vice-Chair", "moderated
by", "Rapporteur: <name> (<state>)", "co-chaired by", "introduced by / introductory
presentations were delivered by the Chief of the <unit> of UNODC", "presented by".
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from cndkg.extract.text import evidence, ordinal_value, sentences
from cndkg.gazetteers import Gazetteer, alternation, listed
from cndkg.model import ActorRef, Document, Outline, Paragraph, ParticipationMention, RoleMention
from cndkg.rules.seed_roles import SEED_ROLES
from cndkg.rules.words import NAME, TITLE

CHAIRED_BY = SEED_ROLES["chaired-by"]
NAME_THEN_OFFICE = SEED_ROLES["name-then-office"]
# the office first, then the name just before it: anchoring the name at the comma keeps
# the (backtracking) name pattern to a short window instead of the whole sentence
OFFICE_AFTER_COMMA = re.compile(
    r",\s*(?P<office>(?:first |second |third )?(?:Vice-Chair|Chair|Rapporteur)[^,.;]*)"
)
NAME_BEFORE = re.compile(rf"(?<![\w.])(?P<title>{TITLE}){NAME}(?:\s*\((?P<country>[^)]+)\))?$")


def _names_then_offices(sentence: str) -> list[re.Match[str]]:
    """'<title> <name> (<country>), <office>' matches, found from each office backwards."""
    found = []
    for office in OFFICE_AFTER_COMMA.finditer(sentence):
        start = max(0, office.start() - 160)
        head = NAME_BEFORE.search(sentence, start, office.start())
        if head:
            found.append(NAME_THEN_OFFICE.match(sentence, head.start()) or head)
    return [m for m in found if "office" in m.re.groupindex]


OFFICE_COLON = SEED_ROLES["office-colon"]
MODERATED_ACTIVE = SEED_ROLES["moderated-active"]
OFFICE_START = re.compile(
    r"\b(?:[Tt]he|[Aa]n?) (?P<office>(?:UNODC |INCB |WHO )?(?:Chief|Director|Head|Research Officer|"
    r"Statistician|Epidemiologist|Executive Director|President|Secretary|Drug Control Officer|"
    r"Crime Prevention Officer|Programme Officer|Coordinator|expert|representative)\b)"
)
OFFICE_END = re.compile(
    r" and (?:by )?(?:the|a|an) | (?:introduced|provided|explained|highlighted|described|"
    r"focused|presented|noted|stressed|confirmed|delivered)\b|[;:]|\.(?:\s|$)|, (?:who|which|"
    r"followed|including|as well)\b|\($"
)
# bodies whose staff present in CND meetings ("the Chief of the ... Branch of UNODC"):
# data/gazetteers/presenting-bodies.csv
ORG_IN_OFFICE = re.compile(rf"\b({alternation(listed('presenting-bodies', 'name'))})\b")
PRESENT_VERBS = re.compile(
    r"\bintroduc(?:ed|tory)\b|\bpresentations?\b|\bpresented\b|\bbriefed\b", re.IGNORECASE
)
INCOMING = SEED_ROLES["incoming-chair"]
COMMISSION_OFFICERS = SEED_ROLES["commission-officers"]
AMBASSADOR_OF = SEED_ROLES["ambassador-of"]
TITLED_OFFICE = SEED_ROLES["titled-office"]
# a cheap test before the name patterns, which are slow on long sentences
ROLE_WORDS_PRESENT = re.compile(r"[Cc]hair|[Mm]oderat|[Rr]apporteur|presided|[Pp]anel")
CHAIR_OF = SEED_ROLES["chair-of-session"]

ROLE_WORDS = {
    "chaired": "Chair",
    "co-chaired": "Chair",  # each co-chair is a chair of the meeting
    "presided over": "Chair",
    "moderated": "Moderator",
    "rapporteur": "Rapporteur",
    "vice-chair": "ViceChair",
    "vice-chairs": "ViceChair",
    "chair": "Chair",
    "moderator": "Moderator",
}


def _country(gaz: Gazetteer, text: str | None) -> str:
    if not text:
        return ""
    entry = gaz.lookup("state", text)
    return entry.code if entry else ""


def roles(doc: Document, outline: Outline, gaz: Gazetteer) -> list[RoleMention]:
    out: list[RoleMention] = []
    for i, para in enumerate(doc.paragraphs):
        if para.kind == "footnote":
            continue
        meeting_key, _ = outline.context.get(i, (outline.main_meeting, ""))
        for a, b in sentences(para.text):
            sentence = para.text[a:b]
            out.extend(_named_roles(doc, para, a, b, sentence, meeting_key, gaz, outline))
            if PRESENT_VERBS.search(sentence):
                out.extend(_presenters(doc, para, a, b, sentence, meeting_key, gaz))
    _countries_of_the_same_person(out)
    _chair_presenting(out)
    return _dedupe(out)


def _chair_presenting(found: list[RoleMention]) -> None:
    """'Presented by the Chair (of the Commission)': the person who chairs that meeting."""
    chairs = {r.meeting_key: r for r in found if r.role == "Chair" and r.person}
    for r in found:
        # "The CND Chair, H.E. ..., moderated": the text says it is the meeting's Chair
        if r.role == "Moderator" and r.position in ("Chair", "CND Chair") and not r.country:
            chair = chairs.get(r.meeting_key)
            r.country = chair.country if chair is not None else ""
        if r.role == "Presenter" and r.position == "Chair of the Commission" and not r.person:
            chair = chairs.get(r.meeting_key)
            if chair is not None:
                r.person, r.country, r.title = chair.person, chair.country, chair.title


def _countries_of_the_same_person(found: list[RoleMention]) -> None:
    """A person the document names twice keeps the country it gave once ("Ms. X (Senegal),
    Chair ..." then "the Chair, Ms. X, moderated"): matched by the same name only."""
    country: dict[str, str] = {}
    for r in found:
        if r.person and r.country:
            country.setdefault(r.person.lower(), r.country)
    for r in found:
        if r.person and not r.country and not r.organization:
            r.country = country.get(r.person.lower(), "")


def _named_roles(
    doc: Document,
    para: Paragraph,
    a: int,
    b: int,
    sentence: str,
    meeting: str,
    gaz: Gazetteer,
    outline: Outline,
) -> list[RoleMention]:
    found: list[RoleMention] = []
    ev = evidence(doc, para, a, b)
    if not ROLE_WORDS_PRESENT.search(sentence):
        return found
    for verb, segment_start, segment_end in _role_segments(sentence):
        role = ROLE_WORDS.get(verb, "Panellist")
        segment = sentence[segment_start:segment_end]
        behalf_at = segment.find(", on behalf of ")
        main = segment[:behalf_at] if behalf_at >= 0 else segment
        for person in _persons(main, gaz):
            if role == "Panellist" and not (person.country or person.organization):
                continue
            held_at = outline.siblings(meeting) if role == "Chair" else [meeting]
            for held in held_at:
                found.append(
                    RoleMention(
                        role,
                        held,
                        ev,
                        person=person.name,
                        title=person.title,
                        position=person.office,
                        country=person.country,
                        organization=person.organization,
                    )
                )
            office = person.office
            if office and re.search(r"\bVice-Chair\b", office):
                found.append(
                    RoleMention(
                        "ViceChair",
                        _office_meeting(office, meeting, outline),
                        ev,
                        person=person.name,
                        country=person.country,
                        position=office,
                    )
                )
            elif office and re.search(r"\bChair of the\b", office):
                found.append(
                    RoleMention(
                        "Chair",
                        _office_meeting(office, meeting, outline),
                        ev,
                        person=person.name,
                        country=person.country,
                        position=office,
                    )
                )
        if behalf_at >= 0:
            behalf = re.search(
                rf"on behalf of (?P<title>{TITLE}){NAME},\s*(?P<office>Chair[^,.;]*)",
                segment[behalf_at:],
            )
            if behalf:
                found.append(RoleMention(
                    "Chair", _office_meeting(behalf.group("office"), meeting, outline), ev,
                    person=_clean_name(behalf.group("name")), title=behalf.group("title").strip(),
                    position=behalf.group("office").strip(),
                ))  # fmt: skip
    for m in _names_then_offices(sentence):
        office = m.group("office")
        role = (
            "ViceChair"
            if "Vice-Chair" in office
            else ("Rapporteur" if "Rapporteur" in office else "Chair")
        )
        name = _clean_name(m.group("name"))
        if any(r.person == name for r in found):
            continue
        found.append(
            RoleMention(
                role,
                _office_meeting(office, meeting, outline),
                ev,
                person=name,
                title=m.group("title").strip(),
                position=office.strip(),
                country=_country(gaz, m.group("country")),
            )
        )
    for m in TITLED_OFFICE.finditer(sentence):
        name = _clean_name(m.group("name"))
        if any(r.person == name for r in found):
            continue
        office = m.group("office")
        found.append(
            RoleMention(
                "ViceChair" if "Vice-Chair" in office else "Chair",
                _office_meeting(office, meeting, outline),
                ev,
                person=name,
                title=m.group("title").strip(),
                position=office.strip(),
            )
        )
    for m in OFFICE_COLON.finditer(sentence):
        role = ROLE_WORDS[m.group("office").lower()]
        found.append(
            RoleMention(
                role,
                meeting,
                ev,
                person=_clean_name(m.group("name")),
                title=m.group("title").strip(),
                country=_country(gaz, m.group("country")),
            )
        )
    for m in INCOMING.finditer(sentence):
        number = ordinal_value(m.group("ord"))
        found.append(
            RoleMention("ViceChair", session_of(outline, meeting), ev, position=m.group("vice"))
        )
        if number:
            found.append(
                RoleMention(
                    "Chair",
                    f"{outline.commission}-{number}",
                    ev,
                    position=f"Chair of the {m.group('ord')} session",
                )
            )
    for m in MODERATED_ACTIVE.finditer(sentence):
        found.append(
            RoleMention(
                "Moderator",
                meeting,
                ev,
                person=_clean_name(m.group("name")),
                title=m.group("title").strip(),
                position=m.group("who"),
            )
        )
    passive = re.search(r"the session was moderated by (?P<title>" + TITLE + ")" + NAME, sentence)
    if passive and not any(
        r.role == "Moderator" and r.person == _clean_name(passive.group("name")) for r in found
    ):
        found.append(
            RoleMention(
                "Moderator",
                meeting,
                ev,
                person=_clean_name(passive.group("name")),
                title=passive.group("title").strip(),
            )
        )
    return found


ROLE_VERB = re.compile(
    r"\b(?P<verb>co-chaired|chaired|moderated|presided over|facilitated) by\s+"
    r"|\b(?:[Pp]anel(?:lists?)? (?:included|were|comprised)|[Tt]he panel(?:lists)? (?:were|was))\s+"
)
PERSON_START = re.compile(
    r"(?:,\s*(?:and\s+)?|\s+and\s+)(?=(?:H\.\s?E\.\s+)?(?:Mr|Ms|Mrs|Dr|Prof)\.?\s|H\.\s?E\.\s)"
)
PERSON_HEAD = re.compile(rf"^\s*(?P<title>{TITLE}){NAME}")


@dataclass
class Person:
    name: str
    title: str = ""
    office: str = ""
    country: str = ""
    organization: str = ""


def _role_segments(sentence: str) -> list[tuple[str, int, int]]:
    """(verb, start, end) of each 'chaired by ...', 'moderated by ...', 'panellists were ...'."""
    hits = list(ROLE_VERB.finditer(sentence))
    out: list[tuple[str, int, int]] = []
    for i, m in enumerate(hits):
        end = hits[i + 1].start() if i + 1 < len(hits) else len(sentence)
        verb = m.group("verb") or "panel"
        out.append((verb, m.end(), end))
    return out


def _persons(segment: str, gaz: Gazetteer) -> list[Person]:
    """People listed in a role segment, each with office and country or organization."""
    cuts = [0] + [m.start() for m in PERSON_START.finditer(segment)] + [len(segment)]
    people: list[Person] = []
    for a, b in itertools.pairwise(cuts):
        chunk = segment[a:b]
        chunk = re.sub(r"^\s*(?:,\s*)?(?:and\s+)?", "", chunk)
        head = PERSON_HEAD.match(chunk)
        if not head:
            continue
        rest = chunk[head.end() :]
        person = Person(_clean_name(head.group("name")), head.group("title").strip())
        for paren in re.finditer(r"\(([^()]+)\)", rest):
            entry = gaz.lookup("state", paren.group(1))
            if entry and not person.country:
                person.country = entry.code
            org = gaz.lookup("org", paren.group(1))
            if org and not person.organization:
                person.organization = org.code
        representing = re.search(r"\brepresenting (?:the )?(?P<org>[^,;()]+)", rest)
        if representing and not person.organization:
            org = gaz.lookup("org", representing.group("org"))
            person.organization = org.code if org else ""
        office = re.match(r"^\s*(?:\([^()]*\))?\s*,\s*(?P<office>[^,;()]+?)\s*(?:[,;(]|$)", rest)
        if office:
            person.office = office.group("office").strip().rstrip(",. and")
        people.append(person)
    return people


def _office_meeting(office: str, meeting: str, outline: Outline | None = None) -> str:
    """The session an office belongs to: 'Chair of the Commission ... at its sixty-second
    session' -> cnd-62; a bare 'Vice-Chair' -> the session the meeting is part of."""
    m = CHAIR_OF.search(office)
    if m:
        number = ordinal_value(m.group("ord"))
        comm = "ccpcj" if "Crime" in m.group("comm") or "CCPCJ" in m.group("comm") else "cnd"
        if number:
            return f"{comm}-{number}"
    return session_of(outline, meeting) if outline is not None else meeting


def session_of(outline: Outline, key: str) -> str:
    """Walk up the part-of chain to the Commission session."""
    seen: set[str] = set()
    while key in outline.meetings and key not in seen:
        seen.add(key)
        m = outline.meetings[key]
        if m.kind == "CommissionSession":
            return key
        key = m.parent_key
    return key if key in outline.meetings else ""


def _clean_name(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip(" ,")


def _presenters(
    doc: Document,
    para: Paragraph,
    a: int,
    b: int,
    sentence: str,
    meeting: str,
    gaz: Gazetteer,
) -> list[RoleMention]:
    found: list[RoleMention] = []
    ev = evidence(doc, para, a, b)
    # "a joint presentation was delivered by the Chair, the first Vice-Chair and the
    # Secretary of the Commission": the officers of the Commission, unnamed here
    officers = COMMISSION_OFFICERS.search(sentence)
    if officers:
        for office in re.findall(
            r"(?:first |second |third )?Vice-Chair|Chair|Secretary", officers.group("list")
        ):
            found.append(
                RoleMention(
                    "Presenter",
                    meeting,
                    ev,
                    position=f"{office} of the Commission",
                    organization="CND" if office == "Secretary" else "",
                )
            )
    for m in AMBASSADOR_OF.finditer(sentence):
        country = _country(gaz, m.group("country"))
        if country:
            found.append(
                RoleMention(
                    "Presenter",
                    meeting,
                    ev,
                    position=f"Ambassador of {m.group('country')}",
                    country=country,
                )
            )
    default_org = ""
    hit = ORG_IN_OFFICE.search(sentence) or ORG_IN_OFFICE.search(para.text)
    if hit:
        default_org = hit.group(1)
    for m in OFFICE_START.finditer(sentence):
        stop = OFFICE_END.search(sentence, m.end())
        office = sentence[m.start("office") : stop.start() if stop else len(sentence)].strip(" ,")
        own = ORG_IN_OFFICE.search(office)
        org = own.group(1) if own else ""
        if not org:
            # "an expert of the Financial Action Task Force (FATF)": any body the office names
            for hit in gaz.actor_pattern.finditer(office):
                entry = gaz.lookup("org", hit.group(0))
                if entry:
                    org = entry.code
                    break
        if not org and re.match(r"(?:expert|representative)\b", office):
            continue  # "an expert presentation", "a representative of the secretariat"
        org = org or default_org
        if org == "International Narcotics Control Board":
            org = "INCB"
        if not org:
            continue
        unit = ""
        u = re.search(
            r"(?:the )?(?:UNODC )?(?P<unit>[A-Z][\w,\- ]*?(?:Branch|Section|Unit|Division))", office
        )
        if u:
            unit = u.group("unit").replace("UNODC ", "").strip()
        position = re.sub(r"\s+(?:of|at) (?:UNODC|INCB|WHO)$", "", office)
        found.append(
            RoleMention("Presenter", meeting, ev, position=position, organization=org, unit=unit)
        )
    return found


def office_key(position: str) -> tuple[str, str]:
    """An office as (title, unit), however a text words it: 'the Chief of the UNODC Research
    and Trends Analysis Branch' and 'the Chief of the Research and Trend Analysis Branch of
    UNODC' are one office."""
    text = re.sub(
        r"\b(?:UNODC|INCB|WHO)\b|\bof the United Nations Office on Drugs and Crime\b", " ", position
    )
    text = re.sub(r"\bDrugs\b", "Drug", text)
    text = re.sub(r"\bTrends\b", "Trend", text)
    title = re.match(r"\s*(?:the\s+)?([A-Z][\w-]*(?: Officer| Director)?)", text)
    unit = re.search(r"([A-Z][\w,\- ]*?(?:Branch|Section|Unit|Division))", text)
    return (
        (title.group(1).lower() if title else text.strip().lower()),
        re.sub(r"\W+", " ", unit.group(1)).strip().lower() if unit else "",
    )


def _dedupe(items: list[RoleMention]) -> list[RoleMention]:
    """One role per holder or office per meeting."""
    seen: set[tuple[str, str, str, str]] = set()
    out: list[RoleMention] = []
    for r in items:
        if r.person:
            who = r.person.lower()
        else:
            title, unit = office_key(r.position)
            who = f"{title}|{unit}"
        key = (r.role, r.meeting_key, who, r.organization)
        if key in seen:
            continue
        seen.add(key)
        out.append(r)
    return out


def role_participations(found: list[RoleMention]) -> list[ParticipationMention]:
    """A panellist's or presenter's country or organization took part in the meeting."""
    out: list[ParticipationMention] = []
    for r in found:
        if r.role not in ("Panellist", "Presenter") or not r.meeting_key:
            continue
        kind = r.role.lower()
        if r.organization:
            out.append(
                ParticipationMention(
                    r.meeting_key, ActorRef("org", r.organization, r.organization), kind, r.evidence
                )
            )
        elif r.country:
            out.append(
                ParticipationMention(
                    r.meeting_key, ActorRef("state", r.country, r.country), kind, r.evidence
                )
            )
    return out

"""Who held which office in a session report: the Bureau the commission elected ("Chair:
Krzysztof Maria Szczerski (Poland)"), officers named in passing ("the Chair, Muhammadou
M.O. Kah (Gambia), opened the session") and the moderators of its panels and dialogues
("moderated by the President of the Club de Madrid, Danilo Türk")."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cndkg.extract.actors import ORG_WORDS, find_actors
from cndkg.extract.offices import office_of, to_the_un
from cndkg.extract.text import evidence, ordinal_value
from cndkg.gazetteers import Gazetteer
from cndkg.model import Document, Evidence, Paragraph, RoleMention
from cndkg.rules.records import MEETINGS, ROLES

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


@dataclass
class Bureau:
    """The roles read so far, and the officers by office and country, so that "the Chair
    of the Commission" moderating a panel is the person the Bureau names."""

    main: str  # the key of the session the report is of
    body_key: str
    number: int | None
    roles: list[RoleMention] = field(default_factory=list)
    officers: dict[tuple[str, str], str] = field(default_factory=dict)  # (role, country)


def moderators(doc: Document, para: Paragraph, a: int, b: int, gaz: Gazetteer, r: Bureau) -> None:
    """The moderators a sentence names."""
    sentence = para.text[a:b]
    ev = evidence(doc, para, a, b)
    for m in ROLES["moderated-by"].finditer(sentence):
        for part in re.split(r",?\s+and\s+(?=the\s|a\s)", m.group("who")):
            _moderator(part, r, ev, gaz)
    for m in ROLES["served-as-moderator"].finditer(sentence):
        for part in re.split(r",?\s+and\s+(?=the\s|a\s)", m.group("who")):
            _moderator(part, r, ev, gaz)


def officers(doc: Document, gaz: Gazetteer, r: Bureau) -> None:
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
            where = r.main
            elsewhere = MEETINGS["numbered-session"].search(text[: labels[0].start()])
            number = ordinal_value(elsewhere.group("ord")) if elsewhere else None
            if number and number != r.number:
                where = f"{r.body_key}-{number}"
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
            _role(r, role, r.main, ev, m.group("name"), country)
            if ROLES["serve-as-rapporteur"].search(text, m.end(), m.end() + 80):
                _role(r, "Rapporteur", r.main, ev, m.group("name"), country)


def _moderator(part: str, r: Bureau, ev: Evidence, gaz: Gazetteer) -> None:
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
            _role(r, "ViceChair", r.main, ev, "", country)
        _role(r, "Moderator", r.main, ev, name, country)
        return
    pieces = [p.strip() for p in part.split(",")]
    name = pieces[-1] if len(pieces) > 1 and PERSON.match(pieces[-1]) else ""
    office = ",".join(pieces[:-1]) if name else part
    country, org = "", office_of(office)
    if not org:
        found = [f for f in find_actors(office, gaz) if not to_the_un(office, f.start)]
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
    _role(r, "Moderator", r.main, ev, name, country, org)


def _role(
    r: Bureau, role: str, where: str, ev: Evidence, name: str, country: str, org: str = ""
) -> None:
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
    if role in ("Chair", "ViceChair", "Rapporteur") and where == r.main and name:
        r.officers.setdefault((role, country), name)


def _state_code(name: str, gaz: Gazetteer) -> str:
    """A State's code from its name as printed, "Netherlands (Kingdom of the)" too."""
    for form in (name.strip(), re.sub(r"\s*\([^)]*\)\s*", " ", name).strip()):
        e = gaz.lookup("state", form)
        if e:
            return e.code
    return ""

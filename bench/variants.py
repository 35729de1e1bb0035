"""Realistic variant documents for a scale benchmark: N new documents per seed.

Copies of the five seeds would only repeat their facts, so a 10x or 100x build would not
test how the pipeline grows. Each variant keeps its seed's genre and layout (the parser
relies on them) but shifts years and session numbers, moves days, renames persons,
permutes States and renumbers cited symbols and resolutions: consistently within a
document, and copy i of every seed lives in one world (same offsets, same permutation).

    .venv/bin/python bench/variants.py --seeds data/sources --out /tmp/variants --copies 10
"""

from __future__ import annotations

import argparse
import bisect
import calendar
import hashlib
import json
import random
import re
import sys
import time
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import SKOS

ROOT = Path(__file__).resolve().parents[1]
GAZETTEERS = ROOT / "data" / "gazetteers"
GZ = Namespace("https://w3id.org/cndkg/gazetteer/")
CND = Namespace("https://w3id.org/cndkg/ontology#")
SOURCE_SUFFIXES = (".txt", ".md")
SIDECAR_SUFFIX = ".meta.json"

# dated years stay in this range, years standing alone (data years such as "between 1998
# and 2009") in the wider one; session numbers in 1..MAX_ORDINAL
YEAR_RANGE = (1990, 2040)
LOOSE_YEAR_RANGE = (1960, 2060)
MAX_ORDINAL = 120
DAY_SHIFTS = range(-6, 7)
# years of the drug control conventions (and the 1972 Protocol): never shifted
CONVENTION_YEARS = {1961, 1971, 1972, 1988}


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


FEMALE = _words(
    "Amina Sofia Mei Ingrid Priya Fatima Olga Lucia Aiko Nadia Elena Zainab Camila Leila Hana "
    "Marta Chiara Yasmin Astrid Ngozi Thandiwe Isabel Katarzyna Mariam Ana Beatriz Svetlana "
    "Noor Keiko Gabriela"
)
MALE = _words(
    "Ahmed Luis Kenji Tomasz Ravi Omar Pedro Sergei Kwame Hassan Mateo Jonas Arjun Dmitri "
    "Felipe Youssef Henrik Wei Babajide Nikolai Tariq Andrei Rafael Emeka Hiroshi Karim Stefan "
    "Diego Mehmet Juma"
)
SURNAMES = _words(
    "Okafor Nakamura Kowalski Haddad Fernandes Petrova Mensah Lindqvist Rahman Castillo Novak "
    "Al-Sayed Mwangi Ivanova Tanaka Moreau Schneider Osei Gupta Quispe Jansen Demir Nguyen "
    "Kamau Rossi Papadopoulos Hoffmann Suzuki Abdullah Ortiz Ferreira Kaya Banda Sato Eriksson "
    "Mahmoud Herrera Kozlov Adeyemi Varga Bianchi Chowdhury Dlamini Lim Morales Nielsen Popescu "
    "Qureshi Rojas Sandoval Tembo Umarov Valdez Wojcik Yilmaz Zhang Akhtar Bergstrom Cisse "
    "Dimitrov Escobar Fofana Gruber Horvat Ibrahim Jovanovic Karimov Lopes Mbeki Nazarov Obi "
    "Pereira Rasmussen Salazar Takahashi Uddin Vasquez Wanjiru Yusuf Zapata Bakker Delgado"
)

# --- ordinals ------------------------------------------------------------------------------

_UNIT_ORDINALS = (
    "", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
    "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
    "seventeenth", "eighteenth", "nineteenth",
)  # fmt: skip
_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")


def ordinal_words(n: int) -> str:
    """1 -> 'first', 67 -> 'sixty-seventh', 120 -> 'one hundred and twentieth'."""
    if not 1 <= n <= MAX_ORDINAL:
        raise ValueError(f"ordinal out of range: {n}")
    if n < 20:
        return _UNIT_ORDINALS[n]
    if n < 100:
        tens, unit = divmod(n, 10)
        if unit == 0:
            return _TENS[tens][:-1] + "ieth"
        return f"{_TENS[tens]}-{_UNIT_ORDINALS[unit]}"
    if n == 100:
        return "one hundredth"
    return "one hundred and " + ordinal_words(n - 100)


def ordinal_suffix(n: int) -> str:
    """The suffix of a numeric ordinal: 1 -> 'st', 12 -> 'th', 33 -> 'rd'."""
    if 10 <= n % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


ORDINAL_VALUES = {ordinal_words(n): n for n in range(1, MAX_ORDINAL + 1)}
_ORDINAL_WORDS = "|".join(sorted(ORDINAL_VALUES, key=len, reverse=True))

# --- patterns ------------------------------------------------------------------------------

YEAR = r"(?:19|20)\d\d"
MONTHS = list(calendar.month_name)[1:]
MONTH = "(?:" + "|".join(MONTHS) + ")"
MONTH_NUM = {m: i for i, m in enumerate(MONTHS, start=1)}

# years that belong to a named instrument or milestone, not to the document's events
KEEP = [
    re.compile(
        rf"\b{YEAR}\s+(?:Ministerial Declaration|Political Declaration|Plan of Action|"
        r"Joint Ministerial Statement|UNGASS|Agenda|target date|(?:midterm|mid-term|final) "
        r"review)\b"
    ),
    re.compile(
        r"\b(?:Ministerial Declaration|Political Declaration|Joint Ministerial Statement|"
        rf"Plan of Action|UNGASS)(?:,| of)?\s+{YEAR}\b"
    ),
    re.compile(rf"\b(?:since|established in|beyond)\s+{YEAR}\b"),
    re.compile(r"\bby 2030\b"),
    re.compile(rf"\b{YEAR}(?:\s*,\s*(?:and\s+)?{YEAR}|\s+and\s+{YEAR})+\s+documents\b"),
    re.compile(rf"\bdocuments\s*\(\s*{YEAR}(?:\s*,\s*{YEAR})+\s*\)"),
    re.compile(rf"special session of the General Assembly,? held in {YEAR}\b"),
    re.compile(r"\bA/RES/S-\d+/\d+"),  # the UNGASS outcome document
]
# kept whole: addresses, and places named after a State ("the Gulf of Guinea")
KEEP_WHOLE = re.compile(
    r"\bhttps?://\S+|\bwww\.\S+|@\w+|\b(?:Gulf|Bay|Sea|Strait|Horn) of (?:the )?[A-Z][\w’'-]+"
)
SYMBOL_ECN = re.compile(
    rf"(?<![\w/])E/CN\.(?P<c>\d+)/(?P<y>{YEAR})/(?P<kind>CRP\.|L\.|INF/|NGO/)?(?P<n>\d{{1,3}})\b"
)
SYMBOL_ARES = re.compile(r"(?<![\w/])A/RES/(?P<s>\d{2})/(?P<n>\d{1,3})\b")
SYMBOL_A = re.compile(r"(?<![\w/])A/(?P<s>\d{2})/(?P<n>\d{1,3})\b")
SYMBOL_E = re.compile(rf"(?<![\w/])E/(?P<res>RES/)?(?P<y>{YEAR})/(?P<n>\d{{1,3}})\b")
RESOLUTIONS = re.compile(
    r"\b[Rr]esolutions?\s+\d{2,3}/\d{1,3}(?:(?:\s*,\s*|\s+and\s+)\d{2,3}/\d{1,3})*(?!/)"
)
RESOLUTION_NUMBER = re.compile(r"(?P<s>\d{2,3})/(?P<n>\d{1,3})")
DAY = r"(?P<{0}>\d{{1,2}})(?P<{0}s>st|nd|rd|th)?"
DATE_DMY = re.compile(
    r"(?<![\w/.])"
    + DAY.format("d1")
    + r"(?:(?P<sep>\s*[–-]\s*|\s+to\s+|\s+and\s+)"
    + DAY.format("d2")
    + rf")?\s+(?P<mon>{MONTH})(?:(?P<ysep>,?\s+)(?P<y>{YEAR})\b)?"
)
DATE_MDY = re.compile(rf"\b(?P<mon>{MONTH})\s+(?P<d>\d{{1,2}}),\s+(?P<y>{YEAR})\b")
DATE_MY = re.compile(rf"\b(?P<mon>{MONTH}),?\s+(?P<y>{YEAR})\b")
# the year of a day range given further on: "23–25 October and 4–6 December 2023"
YEAR_AHEAD = re.compile(
    rf"(?:\s*(?:,|and|to|–|-)\s*(?:from\s+)?)\d{{1,2}}(?:st|nd|rd|th)?"
    rf"(?:\s*(?:–|-|to|and)\s*\d{{1,2}}(?:st|nd|rd|th)?)?\s+{MONTH},?\s+(?P<y>{YEAR})\b"
)
BARE_YEAR = re.compile(rf"\b{YEAR}\b")
SESSION = re.compile(
    rf"\b(?P<ord>\d{{1,3}}(?:st|nd|rd|th)|{_ORDINAL_WORDS})(?=\s+(?:session\b|(?:CND|CCPCJ)\b))",
    re.IGNORECASE,
)
MIN_SESSION = 10  # smaller ordinals before "session" are sittings, not Commission sessions

HONORIFIC = (
    r"(?:H\.\s?E\.\s+(?:(?:Mr|Ms|Mrs|Dr|Prof)\.?\s+)?(?:Ambassador\s+)?"
    r"|(?:Mr|Ms|Mrs|Dr)\.?\s+(?:Ambassador\s+)?|Prof\.\s+|Ambassador\s+)"
)
PERSON_TITLED = re.compile(rf"(?<![\w.])(?P<hon>{HONORIFIC})(?=[A-Z])")
PERSON_OFFICE = re.compile(
    rf"\b(?:Rapporteur|Moderator|Vice-Chairs?|Chair)\s*:\s*\**\s*(?P<hon>{HONORIFIC})?(?=[A-Z])"
)
PERSON_COUNTRY = re.compile(
    r"(?<![\w.’'-])(?P<name>[A-Z][\w’'-]+(?: (?:[A-Z][\w’'-]+|de|da|del|van|von|bin|al)){1,4})"
    r" \((?P<c>[^()]{2,60})\)"
)
WORD = re.compile(r"[^\s,;:()\[\]*<>“”\"]+")
NAME_WORD = re.compile(r"[A-Z][\w’'-]*")
PARTICLES = {"de", "da", "del", "dos", "das", "van", "von", "der", "bin", "al", "el", "la", "di"}
# capitalised words that end a name: offices, titles, function words
NOT_NAME = set(
    _words(
        "Chair Vice-Chair Chairperson Co-Chair Rapporteur Moderator Executive President CEO "
        "Director Chief Head Secretary Secretary-General Minister Deputy Permanent Representative "
        "Ambassador Delegation Commission Honorary Founder Vice First Second Third Under-Secretary "
        "Special Envoy Adviser Advisor Officer Coordinator Member States State United Nations The "
        "And Of On In For At By Group Office Committee Council Association Institute Organization "
        "Network Foundation Forum Society Union Agency Programme Centre Center Branch Section Unit "
        "Division Board Ministry Government Republic Kingdom Federation Report Summary"
    )
)
THE_NAMES = {
    "Niger", "Sudan", "Gambia", "Congo", "Bahamas", "Philippines", "Netherlands", "Comoros",
    "Maldives", "Marshall Islands", "Solomon Islands", "Holy See", "Czech Republic",
    "Dominican Republic", "Central African Republic", "Syrian Arab Republic", "USA", "UK", "US",
}  # fmt: skip
THE_PREFIXES = (
    "Republic ", "Kingdom ", "United ", "Russian ", "Democratic ", "Islamic ", "Bolivarian ",
    "Plurinational ", "State of ", "Federated ", "Lao ", "Union of ", "Principality ",
)  # fmt: skip
FOOTNOTE_LINE = re.compile(r"\s*(?:<sup>|\\?\*)")


def needs_article(name: str) -> bool:
    """Whether UN style writes 'the' before a State's name ('the Niger', not 'the Kenya')."""
    if "(" in name:
        return False
    return name in THE_NAMES or name.startswith(THE_PREFIXES)


# --- gazetteer -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Country:
    code: str
    label: str
    names: tuple[str, ...]
    member: bool

    @property
    def running_name(self) -> str:
        """The name for running text: 'Iran (Islamic Republic of)' -> 'Islamic Republic of
        Iran', the formal order UN documents use outside lists."""
        if "(" not in self.label:
            return self.label
        base = self.label.split(" (")[0]
        forms = [
            n for n in self.names if "(" not in n and " The " not in n and base in n and n != base
        ]
        return max(forms, key=len) if forms else base


@dataclass
class Gazetteer:
    countries: dict[str, Country]
    by_name: dict[str, str]
    country_pattern: re.Pattern[str]
    protected_pattern: re.Pattern[str]

    @property
    def members(self) -> list[str]:
        return sorted(c.code for c in self.countries.values() if c.member)


def _forms(name: str) -> set[str]:
    """A name and the apostrophe and accent variants a text may use."""
    folded = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return {name, name.replace("'", "’"), name.replace("’", "'"), folded}


def _alternation(forms: Iterable[str]) -> re.Pattern[str]:
    ordered = sorted({f for f in forms if len(f) >= 2}, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(f) for f in ordered) + r")(?![\w-])")


def load_gazetteer(folder: Path = GAZETTEERS) -> Gazetteer:
    """State names to vary, and the names of bodies, groups, programmes and instruments to
    leave alone (so 'Harm Reduction Australia' or the '2019 Ministerial Declaration' stay)."""
    g = Graph()
    for path in sorted(folder.glob("*.ttl")):
        g.parse(path, format="turtle")

    def labels(concept: URIRef) -> list[str]:
        pref = [str(x) for x in g.objects(concept, SKOS.prefLabel)]
        return pref + sorted(str(x) for x in g.objects(concept, SKOS.altLabel))

    countries: dict[str, Country] = {}
    by_name: dict[str, str] = {}
    for concept in g.subjects(SKOS.inScheme, GZ["countries"]):
        if not isinstance(concept, URIRef):
            continue
        names = labels(concept)
        code = str(g.value(concept, SKOS.notation) or concept.split("/")[-1])
        member = (concept, CND.unMemberState, Literal(True)) in g
        countries[code] = Country(code, names[0], tuple(names), member)
        for name in names:
            for form in _forms(name):
                by_name.setdefault(form, code)
    protected: set[str] = {"United Nations"}
    for scheme in ("organizations", "groups", "initiatives", "documents"):
        for concept in g.subjects(SKOS.inScheme, GZ[scheme]):
            if not isinstance(concept, URIRef):
                continue
            names = labels(concept) + [str(x) for x in g.objects(concept, SKOS.notation)]
            for name in names:
                protected |= _forms(name)
                if scheme in ("initiatives", "documents") and len(name.split()) >= 3:
                    protected |= {name[0] + name[1:].lower(), name.lower()}
    return Gazetteer(countries, by_name, _alternation(by_name), _alternation(protected))


# --- one world per copy, one context per variant document ----------------------------------


@dataclass(frozen=True)
class World:
    """What copy i changes in every document: year (and session) offset, day offset,
    and a permutation of the Member States without fixed points."""

    years: int
    days: int
    states: dict[str, str]


@dataclass
class Context:
    """Per variant document: the world, and the names and numbers drawn so far."""

    world: World
    gaz: Gazetteer
    rng: random.Random
    persons: dict[str, tuple[list[str], list[str]]] = field(default_factory=dict)
    numbers: dict[tuple[object, ...], int] = field(default_factory=dict)
    used: dict[tuple[object, ...], set[int]] = field(default_factory=dict)
    full_names: set[str] = field(default_factory=set)

    def year(self, y: int) -> int:
        return y + self.world.years

    def number(self, key: tuple[object, ...], pool: tuple[object, ...], lo: int, hi: int) -> int:
        """A new number for an original one: the same each time, distinct within a pool."""
        if key not in self.numbers:
            used = self.used.setdefault(pool, set())
            free = [n for n in range(lo, hi + 1) if n not in used]
            while not free:
                lo, hi = hi + 1, hi * 2
                free = [n for n in range(lo, hi + 1) if n not in used]
            self.numbers[key] = self.rng.choice(free)
            used.add(self.numbers[key])
        return self.numbers[key]

    def person(
        self, key: str, given: int, surnames: int, gender: str
    ) -> tuple[list[str], list[str]]:
        if key not in self.persons:
            while True:
                sex = gender or self.rng.choice("fm")
                first = self.rng.sample(FEMALE if sex == "f" else MALE, 2)
                last = self.rng.sample(SURNAMES, 2)
                full = " ".join(first[:given] + last[:surnames])
                if full not in self.full_names:
                    break
            self.full_names.add(full)
            self.persons[key] = (first, last)
        first, last = self.persons[key]
        return first[:given], last[:surnames]


Render = Callable[[Context], str]


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    render: Render | None  # None: protected, keep as it is


# --- analysis of one text ------------------------------------------------------------------


class Analysis:
    """Where a text says what a variant changes, found once per seed; rendered per copy."""

    def __init__(self, text: str, gaz: Gazetteer, default_year: int | None) -> None:
        self.text = text
        self.gaz = gaz
        self.default_year = default_year
        self.hits: list[Hit] = []
        self._starts: list[int] = []
        self._ends: list[int] = []
        self.day_dates: list[tuple[int, int, int]] = []  # (year, month, day) before shifting
        self.years: list[int] = []  # years of dates and symbols, shifted by the world's offset
        self.loose_years: list[int] = []  # years standing alone, shifted by the same
        self.sessions: list[int] = []  # session numbers shifted by the same offset
        self._year_at: list[tuple[int, int]] = []  # years that shift, for dates without one
        self._find()

    # claims never overlap: the first finder to claim a span wins
    def claim(self, start: int, end: int, render: Render | None) -> bool:
        i = bisect.bisect_right(self._starts, start)
        if i > 0 and self._ends[i - 1] > start:
            return False
        if i < len(self._starts) and self._starts[i] < end:
            return False
        self._starts.insert(i, start)
        self._ends.insert(i, end)
        self.hits.append(Hit(start, end, render))
        return True

    def free(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self._starts, start)
        if i > 0 and self._ends[i - 1] > start:
            return False
        return not (i < len(self._starts) and self._starts[i] < end)

    def render(self, ctx: Context) -> str:
        out: list[str] = []
        at = 0
        for hit in sorted(self.hits, key=lambda h: h.start):
            out.append(self.text[at : hit.start])
            original = self.text[hit.start : hit.end]
            out.append(hit.render(ctx) if hit.render is not None else original)
            at = hit.end
        out.append(self.text[at:])
        return "".join(out)

    def _find(self) -> None:
        text = self.text
        for m in self.gaz.protected_pattern.finditer(text):
            self.claim(m.start(), m.end(), None)
        for m in KEEP_WHOLE.finditer(text):
            self.claim(m.start(), m.end(), None)
        for rx in KEEP:
            for m in rx.finditer(text):
                for kept in BARE_YEAR.finditer(text, m.start(), m.end()):
                    self.claim(kept.start(), kept.end(), None)
        self._symbols()
        self._resolutions()
        self._persons()
        self._dates()
        self._sessions()
        self._countries()
        for m in BARE_YEAR.finditer(text):
            y = int(m.group(0))
            if y in CONVENTION_YEARS:
                continue
            if self.claim(m.start(), m.end(), _year(y)):
                self.loose_years.append(y)

    def _symbols(self) -> None:
        for m in SYMBOL_ECN.finditer(self.text):
            y = int(m.group("y"))
            if self.claim(m.start(), m.end(), _symbol_ecn(m.group("c"), y, m.group("kind") or "",
                                                          int(m.group("n")))):  # fmt: skip
                self.years.append(y)
        for rx, prefix in ((SYMBOL_ARES, "A/RES"), (SYMBOL_A, "A")):
            for m in rx.finditer(self.text):
                s, n = int(m.group("s")), int(m.group("n"))
                if self.claim(m.start(), m.end(), _symbol_session(prefix, s, n)):
                    self.sessions.append(s)
        for m in SYMBOL_E.finditer(self.text):
            y, n = int(m.group("y")), int(m.group("n"))
            prefix = "E/RES" if m.group("res") else "E"
            if self.claim(m.start(), m.end(), _symbol_year(prefix, y, n)):
                self.years.append(y)

    def _resolutions(self) -> None:
        for m in RESOLUTIONS.finditer(self.text):
            for r in RESOLUTION_NUMBER.finditer(m.group(0)):
                s, n = int(r.group("s")), int(r.group("n"))
                if self.claim(m.start() + r.start(), m.start() + r.end(), _resolution(s, n)):
                    self.sessions.append(s)

    def _persons(self) -> None:
        text = self.text
        for rx in (PERSON_TITLED, PERSON_OFFICE):
            for m in rx.finditer(text):
                hon = m.group("hon") or ""
                if rx is PERSON_TITLED and not hon.strip():
                    continue
                self._person_at(m.end(), hon)
        for m in PERSON_COUNTRY.finditer(text):
            inside = m.group("c")
            if inside not in self.gaz.by_name:
                continue
            words = m.group("name").split()
            if any(w in NOT_NAME or w in self.gaz.by_name for w in words):
                continue
            if self.gaz.protected_pattern.search(m.group("name")):
                continue
            self._person_at(m.start("name"), "")

    def _person_at(self, pos: int, hon: str) -> None:
        tokens = _name_tokens(self.text, pos)
        names = [t for t in tokens if t[2] == "name"]
        if not names:
            return
        start, end = tokens[0][0], tokens[-1][1]
        if not self.free(start, end):
            return
        words = [self.text[a:b] for a, b, kind in tokens if kind == "name"]
        caps = [w for w in words if len(w) > 1 and w.isupper()]
        if tokens[-1][2] == "fragment":  # 'Ivo r mek': the surname lost its letters
            given_words, surname_words = words, ["?"]
        elif caps and words[-1].isupper():
            run = 0
            while run < len(words) and words[-1 - run].isupper() and len(words[-1 - run]) > 1:
                run += 1
            given_words, surname_words = words[:-run], words[-run:]
        else:
            given_words, surname_words = words[:-1], words[-1:]
        key = " ".join(given_words or surname_words).lower()
        title = re.search(r"\b(Mr|Ms|Mrs|Dr|Prof)\b", hon)
        gender = {"Mr": "m", "Ms": "f", "Mrs": "f"}.get(title.group(1) if title else "", "")
        given = min(2, len(given_words))
        surnames = min(2, len(surname_words)) if caps else 1
        self.claim(start, end, _person(key, given, surnames, bool(caps), gender))

    def _dates(self) -> None:
        text = self.text
        self._year_at = [
            (m.start(), int(m.group(0)))
            for m in BARE_YEAR.finditer(text)
            if self.free(m.start(), m.end()) and int(m.group(0)) not in CONVENTION_YEARS
        ]
        for m in DATE_DMY.finditer(text):
            month = MONTH_NUM[m.group("mon")]
            year = int(m.group("y")) if m.group("y") else self._context_year(m.start(), m.end())
            days = [int(m.group("d1"))] + ([int(m.group("d2"))] if m.group("d2") else [])
            if not all(1 <= d <= calendar.monthrange(year, month)[1] for d in days):
                continue
            if self.claim(m.start(), m.end(), _date_dmy(m)):
                self.day_dates.extend((year, month, d) for d in days)
                if m.group("y"):
                    self.years.append(year)
        for m in DATE_MDY.finditer(text):
            year, month, day = int(m.group("y")), MONTH_NUM[m.group("mon")], int(m.group("d"))
            if day > calendar.monthrange(year, month)[1]:
                continue
            render = _date_mdy(m.group("mon"), day, year)
            if self.claim(m.start(), m.end(), render):
                self.day_dates.append((year, month, day))
                self.years.append(year)
        for m in DATE_MY.finditer(text):
            y = int(m.group("y"))
            if self.claim(m.start("y"), m.end("y"), _year(y)):
                self.years.append(y)

    def _context_year(self, start: int, end: int) -> int:
        ahead = YEAR_AHEAD.match(self.text, end)
        if ahead:
            return int(ahead.group("y"))
        i = bisect.bisect_left(self._year_at, (start, 0))
        if i > 0:
            return self._year_at[i - 1][1]
        return self.default_year or 2000

    def _sessions(self) -> None:
        for m in SESSION.finditer(self.text):
            word = m.group("ord")
            digits = re.fullmatch(r"(\d+)(?:st|nd|rd|th)", word, re.IGNORECASE)
            n = int(digits.group(1)) if digits else ORDINAL_VALUES.get(word.lower(), 0)
            if n < MIN_SESSION:
                continue
            if self.claim(m.start(), m.end(), _session(word, n, digits is not None)):
                self.sessions.append(n)

    def _countries(self) -> None:
        """States, with the article UN style gives some ('the Niger'). A line that writes
        the article before such names is running text and gets it before a new name that
        takes one; a line without (a footnote's list of members) is a list and does not.
        A line with no such name is running text unless it is a footnote."""
        text = self.text
        found: list[tuple[int, int, str, str, str]] = []
        style: dict[int, bool] = {}  # line start -> writes articles
        for m in self.gaz.country_pattern.finditer(text):
            surface = m.group(0)
            start = m.start()
            before = text[max(0, start - 4) : start]
            bounded = start == 4 or (start > 4 and not text[start - 5].isalnum())
            article = ""
            line = text.rfind("\n", 0, start) + 1
            if needs_article(surface):
                if before in ("the ", "The ") and bounded:
                    article, start = before[:3], start - 4
                style.setdefault(line, bool(article))
            if self.free(start, m.end()):
                found.append((start, m.end(), self.gaz.by_name[surface], surface, article))
        for start, end, code, surface, article in found:
            line = text.rfind("\n", 0, start) + 1
            running = style.get(line)
            if running is None:  # no evidence on this line: footnotes are lists
                running = not FOOTNOTE_LINE.match(text, line)
            listed = not running or "(" in surface
            add = running and not article
            self.claim(start, end, _country(code, surface, article, add, listed))


def _name_tokens(text: str, pos: int) -> list[tuple[int, int, str]]:
    """The words of a person's name from pos: (start, end, kind) with kind 'name', 'initial',
    'particle' or 'fragment' (letters left of a name whose accented letters were lost in
    conversion, as in 'Ivo r mek')."""
    tokens: list[tuple[int, int, str]] = []
    limit = min(len(text), pos + 120)
    i = pos
    while i < limit:
        m = WORD.match(text, i)
        if not m:
            break
        a, b = m.start(), m.end()
        word = m.group(0)
        stop_after = False
        for tail in ("’s", "'s"):
            if word.endswith(tail) and len(word) > 3:
                word, b, stop_after = word[: -len(tail)], b - len(tail), True
        if word.endswith(".") and not re.fullmatch(r"[A-Z]\.", word):
            word, b, stop_after = word[:-1], b - 1, True
        nxt = WORD.match(text, b + 1) if text.startswith(" ", b) else None
        next_word = nxt.group(0) if nxt else ""
        previous = tokens[-1][2] if tokens else ""
        if word in NOT_NAME:
            break
        if NAME_WORD.fullmatch(word) and not re.fullmatch(r"[A-Z]\.?", word):
            kind = "name"
        elif re.fullmatch(r"[A-Z]\.", word):
            kind = "initial"
        elif word in PARTICLES and tokens and NAME_WORD.match(next_word):
            kind = "particle"
        elif _fragment(word, next_word, previous, bool(tokens)):
            kind = "fragment"
        else:
            break
        tokens.append((a, b, kind))
        if stop_after or b != m.end() or not text.startswith(" ", b) or text[b + 1 : b + 2] == " ":
            break
        i = b + 1
    while tokens and tokens[-1][2] == "particle":
        tokens.pop()
    return tokens


def _fragment(word: str, next_word: str, previous: str, inside: bool) -> bool:
    """'r' then 'mek' in 'Ivo r mek': a lone letter inside a name, and the short rest."""
    if inside and re.fullmatch(r"[b-z]", word) and re.fullmatch(r"[a-z]{1,4}", next_word):
        return True
    return previous == "fragment" and bool(re.fullmatch(r"[a-z]{1,4}", word))


# --- renderers (closures over what the seed says, called with the variant's context) ------


def _year(y: int) -> Render:
    return lambda ctx: str(ctx.year(y))


def _shift_day(ctx: Context, day: int) -> int:
    return day + ctx.world.days


def _day(ctx: Context, day: int, suffix: str | None) -> str:
    new = _shift_day(ctx, day)
    return f"{new}{ordinal_suffix(new)}" if suffix else str(new)


def _date_dmy(m: re.Match[str]) -> Render:
    d1, s1, sep = int(m.group("d1")), m.group("d1s"), m.group("sep") or ""
    d2 = int(m.group("d2")) if m.group("d2") else None
    s2, mon, ysep, y = m.group("d2s"), m.group("mon"), m.group("ysep") or "", m.group("y")
    last = next(g for g in ("d2s", "d2", "d1s", "d1") if m.group(g))
    gap = m.string[m.end(last) : m.start("mon")]

    def render(ctx: Context) -> str:
        out = _day(ctx, d1, s1)
        if d2 is not None:
            out += sep + _day(ctx, d2, s2)
        out += gap + mon
        if y:
            out += ysep + str(ctx.year(int(y)))
        return out

    return render


def _date_mdy(mon: str, day: int, year: int) -> Render:
    return lambda ctx: f"{mon} {_shift_day(ctx, day)}, {ctx.year(year)}"


def _session(word: str, n: int, digits: bool) -> Render:
    def render(ctx: Context) -> str:
        new = min(MAX_ORDINAL, max(1, n + ctx.world.years))
        if digits:
            return f"{new}{ordinal_suffix(new)}"
        out = ordinal_words(new)
        if word.isupper():
            return out.upper()
        return out[0].upper() + out[1:] if word[0].isupper() else out

    return render


def _symbol_ecn(commission: str, y: int, kind: str, n: int) -> Render:
    hi = {"CRP.": 12, "L.": 30}.get(kind, 20)
    return lambda ctx: (
        f"E/CN.{commission}/{ctx.year(y)}/{kind}"
        f"{ctx.number(('ecn', y, kind, n), ('ecn', y, kind), 1, hi)}"
    )


def _symbol_session(prefix: str, s: int, n: int) -> Render:
    lo, hi = (100, 330) if n >= 100 else (1, 99)
    return lambda ctx: (
        f"{prefix}/{s + ctx.world.years}/{ctx.number((prefix, s, n), (prefix, s), lo, hi)}"
    )


def _symbol_year(prefix: str, y: int, n: int) -> Render:
    return lambda ctx: f"{prefix}/{ctx.year(y)}/{ctx.number((prefix, y, n), (prefix, y), 1, 40)}"


def _resolution(s: int, n: int) -> Render:
    return lambda ctx: f"{s + ctx.world.years}/{ctx.number(('res', s, n), ('res', s), 1, 12)}"


def _person(key: str, given: int, surnames: int, caps: bool, gender: str) -> Render:
    def render(ctx: Context) -> str:
        first, last = ctx.person(key, given, surnames, gender)
        return " ".join(first + [s.upper() if caps else s for s in last])

    return render


def _country(code: str, surface: str, article: str, want_article: bool, listed: bool) -> Render:
    """A State's new name: the UN short name in lists ('Iran (Islamic Republic of)'), the
    formal order in running text ('the Islamic Republic of Iran')."""

    def render(ctx: Context) -> str:
        new_code = ctx.world.states.get(code, code)
        if new_code == code:
            return f"{article} {surface}" if article else surface
        target = ctx.gaz.countries[new_code]
        name = target.label if listed else target.running_name
        if needs_article(name) and (article or want_article):
            return f"{article or 'the'} {name}"
        return name

    return render


# --- seeds, worlds, variants ---------------------------------------------------------------


@dataclass
class Seed:
    path: Path
    text: Analysis
    meta: dict[str, object]
    fields: dict[str, Analysis]  # sidecar fields rewritten like the text
    date: date | None

    @property
    def day_dates(self) -> list[tuple[int, int, int]]:
        out = list(self.text.day_dates)
        for a in self.fields.values():
            out.extend(a.day_dates)
        if self.date:
            out.append((self.date.year, self.date.month, self.date.day))
        return out

    def offsets(self) -> tuple[int, int]:
        """The year offsets that keep this seed's years and session numbers in range."""
        parts = [self.text, *self.fields.values()]
        years = [y for a in parts for y in a.years] + [y for y, _, _ in self.day_dates]
        loose = [y for a in parts for y in a.loose_years]
        sessions = [s for a in parts for s in a.sessions]
        lo = max(
            [YEAR_RANGE[0] - y for y in years]
            + [LOOSE_YEAR_RANGE[0] - y for y in loose]
            + [1 - s for s in sessions]
            + [-1000]
        )
        hi = min(
            [YEAR_RANGE[1] - y for y in years]
            + [LOOSE_YEAR_RANGE[1] - y for y in loose]
            + [MAX_ORDINAL - s for s in sessions]
            + [1000]
        )
        return lo, hi


def read_seed(path: Path, gaz: Gazetteer) -> Seed:
    text = path.read_bytes().decode("utf-8")
    sidecar = path.with_name(path.name + SIDECAR_SUFFIX)
    meta: dict[str, object] = {}
    if sidecar.exists():
        meta = json.loads(sidecar.read_text(encoding="utf-8"))
    issued = str(meta.get("date") or "")
    doc_date = date.fromisoformat(issued) if issued else None
    year = doc_date.year if doc_date else None
    fields = {
        k: Analysis(str(meta[k]), gaz, year)
        for k in ("title", "symbol", "note")
        if isinstance(meta.get(k), str) and meta[k]
    }
    return Seed(path, Analysis(text, gaz, year), meta, fields, doc_date)


def choose_worlds(seeds: list[Seed], gaz: Gazetteer, copies: int, seed: int) -> list[World]:
    """One world per copy, from random.Random(seed + i). Year offsets keep every seed's
    dates in YEAR_RANGE and, while the range allows, keep copies' years apart (so their
    sessions and meetings are new ones rather than the same ones again), then differ;
    past about 45 copies they repeat."""
    lo = max(s.offsets()[0] for s in seeds)
    hi = min(s.offsets()[1] for s in seeds)
    allowed = [k for k in range(lo, hi + 1) if k != 0] or [0]
    event_years = [y for s in seeds for y, _, _ in s.day_dates]
    window = max(event_years) - min(event_years) + 1 if event_years else 1
    day_dates = [d for s in seeds for d in s.day_dates]
    members = gaz.members
    worlds: list[World] = []
    for i in range(copies):
        rng = random.Random(seed + i)
        apart = [k for k in allowed if all(abs(k - w.years) >= window for w in worlds)]
        unused = [k for k in allowed if all(k != w.years for w in worlds)]
        k = rng.choice(apart or unused or allowed)
        days = [
            d
            for d in DAY_SHIFTS
            if all(1 <= day + d <= calendar.monthrange(y + k, m)[1] for y, m, day in day_dates)
        ]
        shift = rng.choice([d for d in days if d] or [0])
        order = list(members)
        rng.shuffle(order)
        states = {order[j]: order[(j + 1) % len(order)] for j in range(len(order))}
        worlds.append(World(k, shift, states))
    return worlds


def _variant_meta(seed: Seed, ctx: Context, name: str, i: int) -> dict[str, object]:
    meta: dict[str, object] = dict(seed.meta)
    for key, analysis in seed.fields.items():
        meta[key] = analysis.render(ctx)
    if seed.date:
        d = seed.date
        meta["date"] = date(ctx.year(d.year), d.month, _shift_day(ctx, d.day)).isoformat()
    meta["original_file_name"] = name
    meta["source"] = f"bench/variants.py variant {i} of {seed.path.name}"
    return meta


def write_variants(seeds: Path, out: Path, copies: int, seed: int = 0) -> list[Path]:
    """Write `copies` variants of every seed document (with sidecars) into out; return the paths.

    The paths are every file written, each document followed by its sidecar. Copy i of the
    n seeds is numbered i*n .. i*n+n-1 in its file names, so the files sort by copy.
    """
    gaz = load_gazetteer()
    files = sorted(
        p for p in seeds.iterdir() if p.is_file() and p.suffix.lower() in SOURCE_SUFFIXES
    )
    if not files:
        raise SystemExit(f"no seed documents ({', '.join(SOURCE_SUFFIXES)}) in {seeds}")
    parsed = [read_seed(p, gaz) for p in files]
    worlds = choose_worlds(parsed, gaz, copies, seed)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for i, world in enumerate(worlds):
        for j, s in enumerate(parsed):
            ctx = Context(world, gaz, random.Random(f"{seed + i}:{s.path.name}"))
            text = s.text.render(ctx)
            digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
            path = out / f"{i * len(parsed) + j:05d}_{digest}{s.path.suffix}"
            path.write_bytes(text.encode("utf-8"))
            meta = _variant_meta(s, ctx, path.name, i)
            sidecar = path.with_name(path.name + SIDECAR_SUFFIX)
            sidecar.write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", "utf-8")
            written += [path, sidecar]
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seeds", type=Path, default=ROOT / "data" / "sources")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--copies", type=int, default=1, help="variants of each seed")
    parser.add_argument("--seed", type=int, default=0, help="copy i draws from Random(seed + i)")
    args = parser.parse_args(argv)
    if args.copies < 1:
        parser.error("--copies must be at least 1")
    began = time.perf_counter()
    paths = write_variants(args.seeds, args.out, args.copies, args.seed)
    took = time.perf_counter() - began
    documents = [p for p in paths if not p.name.endswith(SIDECAR_SUFFIX)]
    size = sum(p.stat().st_size for p in paths)
    print(
        f"wrote {len(documents)} documents + {len(paths) - len(documents)} sidecars "
        f"({len(paths)} files, {size:,} bytes) to {args.out} in {took:.2f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""How values read on the pages: dates in words, long text shortened at a word, names
for IRIs (ontology labels, compact prefixed names), short titles of the challenges."""

from __future__ import annotations

import datetime as dt
import re

from markupsafe import Markup, escape

PREFIXES = {
    "https://w3id.org/cndkg/ontology#": "cnd:",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#": "rdf:",
    "http://www.w3.org/2000/01/rdf-schema#": "rdfs:",
    "http://www.w3.org/2004/02/skos/core#": "skos:",
    "http://www.w3.org/2002/07/owl#": "owl:",
    "http://purl.org/dc/terms/": "dcterms:",
    "https://schema.org/": "schema:",
    "http://www.w3.org/ns/prov#": "prov:",
    "http://www.w3.org/ns/org#": "org:",
    "http://www.w3.org/ns/oa#": "oa:",
    "http://xmlns.com/foaf/0.1/": "foaf:",
    "http://www.w3.org/2001/XMLSchema#": "xsd:",
    "http://rdfs.org/ns/void#": "void:",
    "http://www.w3.org/ns/dcat#": "dcat:",
}

# The Declaration's wording of each challenge is a sentence of 15 to 45 words; lists and
# charts need a name a reader recognises at a glance. Written from the prefLabels in
# data/gazetteers/challenges.ttl; the full wording stays on every page beside it.
CHALLENGE_SHORT_TITLES = {
    "C01": "Expanding and diversifying drug markets",
    "C02": "Record levels of drug use, production and trafficking",
    "C03": "Synthetic opioids and prescription drugs",
    "C04": "Treatment falling short, rising drug deaths",
    "C05": "HIV, hepatitis C and blood-borne diseases",
    "C06": "New psychoactive substances",
    "C07": "Availability of controlled medicines",
    "C08": "Links with corruption and organized crime",
    "C09": "Low confiscation of proceeds of crime",
    "C10": "Criminal misuse of information technologies",
    "C11": "Responses not in conformity with conventions and human rights",
}


def date_words(value: str | None) -> str:
    """'2023-10-23' as '23 October 2023', the way UN documents write dates; anything
    that is not an ISO date comes back as it is."""
    if not value:
        return ""
    try:
        day = dt.date.fromisoformat(value[:10])
    except ValueError:
        return value
    return f"{day.day} {day:%B} {day.year}"


def date_range_words(start: str | None, end: str | None) -> str:
    """'19–21 October 2020', '30 November – 2 December 2020', or one day."""
    if not start:
        return ""
    if not end or end[:10] == start[:10]:
        return date_words(start)
    try:
        a, b = dt.date.fromisoformat(start[:10]), dt.date.fromisoformat(end[:10])
    except ValueError:
        return f"{start} – {end}"
    if (a.year, a.month) == (b.year, b.month):
        return f"{a.day}–{b.day} {b:%B} {b.year}"
    if a.year == b.year:
        return f"{a.day} {a:%B} – {b.day} {b:%B} {b.year}"
    return f"{date_words(start)} – {date_words(end)}"


def shorten(text: str, limit: int = 160) -> str:
    """At most `limit` characters, cut at the last whole word, with an ellipsis: never
    'Commissio' or 'trafficking i'."""
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) <= limit:
        return text
    cut = text[: limit + 1]
    space = cut.rfind(" ")
    cut = cut[:space] if space > limit // 2 else text[:limit]
    return cut.rstrip(" ,;:–-") + "…"


def shorten_heading(text: str, limit: int = 140) -> str:
    """A heading shortened at a word, keeping a closing parenthesis whole: chapter titles
    end with their dates ('... Ministerial Declaration (16–18 October 2019)')."""
    text = re.sub(r"\s+", " ", text).strip()
    tail = re.search(r"\s(\([^()]{1,40}\))$", text)
    if len(text) <= limit or not tail:
        return shorten(text, limit)
    return shorten(text[: tail.start()], limit - len(tail.group(1)) - 1) + " " + tail.group(1)


def expandable(text: str, limit: int = 160) -> Markup:
    """The text in full when short; otherwise its beginning, shortened at a word, with
    the whole text one click away (a <details> element: no script needed)."""
    short = shorten(text, limit)
    if short == re.sub(r"\s+", " ", text).strip():
        return Markup(escape(short))
    return Markup('<details class="more"><summary>{}</summary><div>{}</div></details>').format(
        short, text
    )


def compact(iri: str) -> str:
    """A prefixed name ('schema:name') for an IRI of a known vocabulary."""
    for namespace, prefix in PREFIXES.items():
        if iri.startswith(namespace):
            return prefix + iri[len(namespace) :]
    return iri


def short_title(code: str, label: str) -> str:
    """The challenge's short title, or its wording shortened at a word."""
    return CHALLENGE_SHORT_TITLES.get(code) or shorten(label, 60)


def kind_words(name: str) -> str:
    """A class's local name in words: 'ThematicDiscussion' -> 'thematic discussion'."""
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", " ", name)
    return " ".join(w if w.isupper() and len(w) > 1 else w.lower() for w in spaced.split())


def year(value: str | None) -> str:
    return (value or "")[:4]


def readable(quote: str) -> str:
    """A verbatim quote without its conversion markup, for reading (links keep the source)."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", quote)  # Markdown links: their text
    text = re.sub(r"<sup>[^<]*</sup>|\*\*|(?<!\w)\*|\*(?!\w)|\\(?=\S)", "", text)
    text = re.sub(r"^\s*[-•]\s+", "", text)  # a list item's dash
    return re.sub(r"\s+", " ", text).strip()

"""Reference data (SKOS gazetteers in data/gazetteers/) as name lookups.

Extraction uses these to recognise names in text; linking uses them to give each
name one canonical entity with its code and Wikidata IRI.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from cndkg.iris import CND, DCTERMS, GZ, SCHEMA

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "data" / "gazetteers"

SCHEMES = {
    "state": "countries",
    "org": "organizations",
    "group": "groups",
    "initiative": "initiatives",
    "document": "documents",
    "challenge": "challenges",
}


def normalize(name: str) -> str:
    """Fold case, accents, apostrophes, a leading 'the' and spacing: 'the Türkiye' -> 'turkiye'."""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.replace("’", "'").replace("‘", "'").replace("–", "-").replace("—", "-")
    s = re.sub(r"\s+", " ", s).strip(" .,;:").lower()
    s = re.sub(r"^the ", "", s)
    return s


@dataclass
class Entry:
    """One gazetteer concept."""

    kind: str
    code: str
    label: str
    iri: URIRef
    alt_labels: list[str] = field(default_factory=list)
    hidden_labels: list[str] = field(default_factory=list)
    wikidata: str = ""
    subkind: str = ""
    owner: str = ""
    led_by: str = ""
    member_codes: list[str] = field(default_factory=list)
    year: str = ""
    parts: list[str] = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        return [self.label, *self.alt_labels]


class Gazetteer:
    """All reference data, indexed by kind and by normalized name."""

    def __init__(self, folder: Path = DEFAULT_DIR) -> None:
        self.folder = folder
        self.entries: dict[str, dict[str, Entry]] = {k: {} for k in SCHEMES}
        self._by_name: dict[str, dict[str, Entry]] = {k: {} for k in SCHEMES}
        graph = Graph()
        for path in sorted(folder.glob("*.ttl")):
            graph.parse(path, format="turtle")
        self.graph = graph
        for kind, scheme in SCHEMES.items():
            for concept in graph.subjects(SKOS.inScheme, GZ[scheme]):
                if isinstance(concept, URIRef):
                    self._add(kind, graph, concept)

    def _add(self, kind: str, g: Graph, concept: URIRef) -> None:
        code = str(g.value(concept, SKOS.notation) or concept.split("/")[-1])
        label = str(g.value(concept, SKOS.prefLabel) or code)
        same = g.value(concept, SCHEMA.sameAs)
        sub = g.value(concept, CND.organizationKind) or g.value(concept, CND.initiativeKind)
        sub = sub or g.value(concept, CND.documentKind)
        entry = Entry(
            kind=kind,
            code=code,
            label=label,
            iri=concept,
            alt_labels=sorted(str(x) for x in g.objects(concept, SKOS.altLabel)),
            hidden_labels=sorted(str(x) for x in g.objects(concept, SKOS.hiddenLabel)),
            wikidata=str(same) if same else "",
            subkind=str(sub).split("#")[-1] if sub else "",
            owner=str(g.value(concept, CND.ownerCode) or ""),
            led_by=str(g.value(concept, CND.ledByCode) or ""),
            member_codes=sorted(str(x) for x in g.objects(concept, CND.hasMemberCode)),
            year=str(g.value(concept, DCTERMS.issued) or ""),
            parts=sorted(
                str(g.value(part, SKOS.notation)) for part in g.objects(concept, DCTERMS.hasPart)
            ),
        )
        self.entries[kind][code] = entry
        names = self._by_name[kind]
        # hidden labels are codes other gazetteers use (POMPIDOU for COE-PG): found by
        # lookup, never matched in running text
        lookups = entry.hidden_labels if kind != "challenge" else []
        for name in (*entry.names, code, *lookups):
            names.setdefault(normalize(name), entry)

    def lookup(self, kind: str, name: str) -> Entry | None:
        return self._by_name[kind].get(normalize(name))

    def get(self, kind: str, code: str) -> Entry | None:
        return self.entries[kind].get(code)

    @cached_property
    def actor_pattern(self) -> re.Pattern[str]:
        """One regex finding any state, organization or group name, longest first."""
        return self._pattern(("state", "org", "group"))

    @cached_property
    def initiative_pattern(self) -> re.Pattern[str]:
        return self._pattern(("initiative",))

    @cached_property
    def document_pattern(self) -> re.Pattern[str]:
        return self._pattern(("document",))

    def _pattern(self, kinds: tuple[str, ...]) -> re.Pattern[str]:
        forms: set[str] = set()
        for kind in kinds:
            for entry in self.entries[kind].values():
                # state codes (AND, CAN) are ordinary words in capitals: names only
                codes = () if kind == "state" else (entry.code,)
                for name in (*entry.names, *codes):
                    if len(name) >= 2:
                        forms.add(name)
                        forms.update(_variants(name))
                        # titles and programme names are often written in lower case
                        if kind in ("initiative", "document") and len(name.split()) >= 3:
                            forms.add(name[0] + name[1:].lower())
                            forms.add(name.lower())
        alternation = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
        return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])")

    def resolve_actor(self, name: str) -> Entry | None:
        """The state, organization or group a surface name denotes, states first."""
        for kind in ("state", "group", "org"):
            hit = self.lookup(kind, name)
            if hit:
                return hit
        return None


def places(folder: Path = DEFAULT_DIR) -> dict[str, str]:
    """Where UN meetings are held, by the name a document gives ("Headquarters" is New
    York): data/gazetteers/places.csv."""
    import csv

    rows = csv.DictReader((folder / "places.csv").read_text(encoding="utf-8").splitlines())
    return {row["name"]: row["city"] for row in rows}


def listed(name: str, column: str, folder: Path = DEFAULT_DIR) -> list[str]:
    """One column of a small list in data/gazetteers/ (programme owners, presenting
    bodies), in file order."""
    import csv

    rows = csv.DictReader((folder / f"{name}.csv").read_text(encoding="utf-8").splitlines())
    return [row[column] for row in rows]


def alternation(names: list[str]) -> str:
    """Names as one regex alternation, longest first."""
    return "(?:" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + ")"


def place_pattern(folder: Path = DEFAULT_DIR) -> str:
    """The places as one regex alternation, longest first."""
    names = sorted(places(folder), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in names) + ")"


def _variants(name: str) -> set[str]:
    """Surface forms a text may use for a name: apostrophe and accent variants."""
    out = {name.replace("'", "’"), name.replace("’", "'")}
    folded = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    out.add(folded)
    return {v for v in out if v != name}

"""Identity in one place: the namespaces, the IRI scheme of every entity, and the slug
that turns a name into an IRI's last segment. What a thing is decides its IRI, never a
file name, a counter over the archive or the order in which files are read.

- A source document is its UN symbol where it has one (`source/E/CN.7/2025/2`, the
  symbol as the UN writes it, as AKN4UN and the UN's own linked data do), else the
  SHA-256 of its bytes as published (`source/sha256-0cabe746a4a48a80`). A cited
  document with a symbol is `document/<symbol>` under the same rule.
- Paragraphs, evidence, roles, mentions, citations and responses hang under that
  document identity (evidence by the offsets of the quote in the document's text).
- A statement is its meeting (or session) and its speaker:
  `statement/cnd-68/state/CHE`; only a speaker's second word in the same meeting gets
  an ordinal (`.../2`), by document identity and then by place in the text.
- Meetings, sessions, actors and challenges keep the keys the linker gives them
  (commission, session number, date; ISO codes, acronyms; C01-C11).

The scheme before these rules is kept at the end of this module (`Legacy`), only to
write the table of old IRIs that now redirect (301) to the new ones."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS

from cndkg.model import Evidence

CND = Namespace("https://w3id.org/cndkg/ontology#")
SCHEMA = Namespace("https://schema.org/")
WD = Namespace("http://www.wikidata.org/entity/")
# Web Annotation: evidence is an oa:SpecificResource with two selectors
OA = Namespace("http://www.w3.org/ns/oa#")
GZ = Namespace("https://w3id.org/cndkg/gazetteer/")
ONTOLOGY_IRI = URIRef("https://w3id.org/cndkg/ontology")
DEFAULT_BASE = "https://w3id.org/cndkg/id/"
# the one concept scheme of the eleven challenges: declared in the ontology
CHALLENGE_SCHEME = CND.MinisterialDeclarationChallenges
REDIRECTS_FILE = "redirects.tsv"  # in each release: old path under the base, new IRI

__all__ = [
    "CHALLENGE_SCHEME", "CND", "DCTERMS", "DEFAULT_BASE", "GZ", "ONTOLOGY_IRI",
    "REDIRECTS_FILE", "SCHEMA", "WD", "Legacy", "Names", "document_code", "document_key",
    "paragraph_slug", "read_redirects", "slug", "symbol_path",
]  # fmt: skip

HASH_DIGITS = 16  # of SHA-256: 64 bits, no collision expected below billions of files
# a UN document symbol: a series letter and at least two more parts ("A/RES/75/282",
# "E/CN.7/2025/CRP.1"); resolutions cited by name ("CND resolution 66/3") are not symbols
UN_SYMBOL = re.compile(r"[A-Z]{1,10}(?:/[A-Za-z0-9.()*\-]+){2,}")


def slug(text: str, limit: int = 60) -> str:
    """A name as an IRI segment: accents folded, lower case, words joined by '-'."""
    s = unicodedata.normalize("NFKD", text)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s[:limit].rstrip("-") or "x"


def paragraph_slug(label: str) -> str:
    """A paragraph's label as printed ("V.15", "¶3", "fn8") as an IRI segment."""
    return re.sub(r"[^A-Za-z0-9.\-]", "_", label.replace("¶", "u").replace("~", "-"))


def symbol_path(symbol: str) -> str:
    """A UN symbol as IRI path segments, as the UN writes it ("E/CN.7/2025/2"); what a
    path cannot hold (a stray space, as in "L. 2") becomes '_'."""
    s = re.sub(r"[^A-Za-z0-9./()*\-]+", "_", symbol.strip())
    return re.sub(r"/{2,}", "/", s).strip("/_") or "x"


def document_key(symbol: str, language: str, content: bytes) -> str:
    """A source document's identity: its symbol (with the language where it is not
    English: a translation is another document), else the hash of its bytes."""
    if symbol.strip():
        key = symbol_path(symbol)
        return key if language in ("", "en") else f"{key}@{slug(language, 10)}"
    return "sha256-" + hashlib.sha256(content).hexdigest()[:HASH_DIGITS]


def document_code(identity: str) -> str:
    """A short code from a document's identity, for what it alone names (a challenge it
    frames itself: X-<code>-<n>)."""
    return "X-" + slug(identity.removeprefix("sha256-"), 12).upper()


def _ordinal(path: str, n: int) -> str:
    return path if n == 1 else f"{path}/{n}"


@dataclass(frozen=True, eq=False)
class Names:
    """The IRI scheme under a configurable base.

    `documents` maps the build's handle of each document (Evidence.doc_id, its file's
    stem) to its identity (document_key); `moved` collects, as IRIs are made, the old
    IRI path (Legacy) of each one whose IRI changed: the build writes it out."""

    base: str = DEFAULT_BASE
    documents: Mapping[str, str] = field(default_factory=dict)
    moved: dict[str, str] = field(default_factory=dict)
    _statements: dict[str, URIRef] = field(default_factory=dict)

    def __call__(self, path: str) -> URIRef:
        return URIRef(self.base + path)

    def _was(self, old_path: str, new: URIRef) -> URIRef:
        if self.base + old_path != str(new):  # a URIRef never equals a str
            self.moved[old_path] = str(new)
        return new

    def identity(self, doc_id: str) -> str:
        return self.documents.get(doc_id, doc_id)

    def _under(self, kind: str, doc_id: str, tail: str) -> URIRef:
        return self(f"{kind}/{self.identity(doc_id)}/{tail}")

    # -- documents and what hangs under them ------------------------------------------
    def graph(self, name: str) -> URIRef:
        return URIRef(self.base + "graph/" + name)

    def source(self, doc_id: str) -> URIRef:
        return self._was(Legacy.source(doc_id), self(f"source/{self.identity(doc_id)}"))

    def source_graph(self, doc_id: str) -> URIRef:
        new = self.graph(f"source/{self.identity(doc_id)}")
        return self._was(Legacy.source_graph(doc_id), new)

    def paragraph(self, doc_id: str, label: str) -> URIRef:
        new = self(f"source/{self.identity(doc_id)}/p/{paragraph_slug(label)}")
        return self._was(Legacy.paragraph(doc_id, label), new)

    def evidence(self, ev: Evidence) -> URIRef:
        new = self(f"evidence/{self.identity(ev.doc_id)}/{ev.start}-{ev.end}")
        return self._was(Legacy.evidence(ev), new)

    def role(self, doc_id: str, paragraph: str, role: str, who: str, n: int = 1) -> URIRef:
        """A role assignment as a document states it: in which paragraph, which role, held
        by whom (a person, an office, a State or a body); the n-th such words in that
        paragraph (by place in the text) when the same words come twice."""
        who = f"{who} {n}" if n > 1 else who
        tail = f"{paragraph_slug(paragraph)}/{role}/{slug(who or 'unnamed')}"
        return self._was(
            Legacy.role(doc_id, paragraph, role, who),
            self(f"role/{self.identity(doc_id)}/{tail}"),
        )

    def mention(self, doc_id: str, paragraph: str, what: str) -> URIRef:
        """A mention of an initiative (by its key) or a challenge (by its code)."""
        tail = f"{paragraph_slug(paragraph)}/{what}"
        return self._was(
            Legacy.under("mention", doc_id, tail), self._under("mention", doc_id, tail)
        )

    def citation(self, doc_id: str, paragraph: str, identifier: str) -> URIRef:
        tail = f"{paragraph_slug(paragraph)}/{slug(identifier, 80)}"
        return self._was(
            Legacy.under("citation", doc_id, tail), self._under("citation", doc_id, tail)
        )

    def response(self, doc_id: str, paragraph: str, n: int) -> URIRef:
        """The n-th response of a challenge-response pair, by place in the paragraph."""
        tail = f"{paragraph_slug(paragraph)}/{n}"
        return self._was(
            Legacy.under("response", doc_id, tail), self._under("response", doc_id, tail)
        )

    def cited_document(self, identifier: str, symbol: str = "") -> URIRef:
        """A cited document: by its UN symbol where it has one, else by its identifier
        ('CND resolution 66/3', a title)."""
        if symbol or UN_SYMBOL.fullmatch(identifier):
            new = self(f"document/{symbol_path(symbol or identifier)}")
        else:
            new = self(f"document/{slug(identifier, 80)}")
        return self._was(Legacy.cited_document(identifier), new)

    # -- statements -------------------------------------------------------------------
    def number_statements(self, statements: Iterable[tuple[str, str, str, Evidence]]) -> None:
        """Decide the IRI of every statement of the build at once, from (statement key,
        event key, speaker's IRI path, evidence): one speaker's statements in one
        meeting are numbered by document identity, then by place in the text."""
        groups: dict[str, list[tuple[tuple[str, int, int], str]]] = {}
        for key, event, speaker, ev in statements:
            path = f"statement/{event or 'unplaced'}/{speaker}"
            order = (self.identity(ev.doc_id), ev.start, ev.end)
            groups.setdefault(path, []).append((order, key))
        for path, members in groups.items():
            for n, (_, key) in enumerate(sorted(members), start=1):
                self._statements[key] = self._was(Legacy.statement(key), self(_ordinal(path, n)))

    def statement(self, key: str) -> URIRef:
        return self._statements[key]

    def statement_members(self, key: str) -> URIRef:
        """The members of the group a statement was made for, as its footnote lists them."""
        return self._was(Legacy.statement(key) + "/group", URIRef(f"{self.statement(key)}/group"))

    def unnamed_group(self, key: str) -> URIRef:
        """A group the text names but no gazetteer knows: the one this statement was
        made for."""
        return self._was(Legacy.unnamed_group(key), URIRef(f"{self.statement(key)}/on-behalf-of"))

    # -- shared entities --------------------------------------------------------------
    def meeting(self, key: str) -> URIRef:
        return self(f"meeting/{key}")

    def session(self, key: str) -> URIRef:
        return self(f"session/{key}")

    def challenge(self, code: str) -> URIRef:
        return self(f"challenge/{code}")

    def challenge_scheme(self) -> URIRef:
        return self._was(Legacy.CHALLENGE_SCHEME, CHALLENGE_SCHEME)

    def designation(self, session_key: str, code: str) -> URIRef:
        return self(f"designation/{session_key}/{code}")

    def participation(self, meeting_key: str, actor_path: str, kind: str) -> URIRef:
        return self(f"participation/{slug(meeting_key)}/{actor_path}/{kind}")

    def person(self, key: str) -> URIRef:
        return self(f"person/{key}")

    def place(self, name: str) -> URIRef:
        return self(f"place/{slug(name)}")

    def unit(self, organization: str, unit: str) -> URIRef:
        return self(f"org/{slug(organization)}/unit/{slug(unit)}")

    def initiative(self, key: str) -> URIRef:
        """A programme, tool or initiative, by its gazetteer code or its name."""
        return URIRef(f"{self.base}initiative/{slug(key)}")

    def redirects(self) -> list[tuple[str, str]]:
        """The old IRI paths (under the base) that changed, with their new IRIs."""
        return sorted(self.moved.items())


def read_redirects(text: str) -> dict[str, str]:
    """The table the build writes (REDIRECTS_FILE): old path under the base -> new IRI."""
    out: dict[str, str] = {}
    for line in text.splitlines():
        old, sep, new = line.partition("\t")
        if sep and old and new:
            out[old] = new
    return out


class Legacy:
    """LEGACY: the IRI scheme of builds before issue 17, where a source document was
    its file's stem, a statement a counter over its paragraph and offsets, and the
    challenges a concept scheme of their own. Used for nothing but the redirect table
    (old -> new); never make a published IRI with it."""

    CHALLENGE_SCHEME = "challenge/scheme/ministerial-declaration-2019"

    @staticmethod
    def source(doc_id: str) -> str:
        return f"source/{doc_id}"

    @staticmethod
    def source_graph(doc_id: str) -> str:
        return f"graph/source/{doc_id}"

    @staticmethod
    def paragraph(doc_id: str, label: str) -> str:
        return f"source/{doc_id}/p/{paragraph_slug(label)}"

    @staticmethod
    def evidence(ev: Evidence) -> str:
        return f"evidence/{ev.doc_id}/{ev.start}-{ev.end}"

    @staticmethod
    def role(doc_id: str, paragraph: str, role: str, who: str) -> str:
        return f"role/{doc_id}/{paragraph_slug(paragraph)}/{role}/{slug(who or 'unnamed')}"

    @staticmethod
    def under(kind: str, doc_id: str, tail: str) -> str:
        """A mention, citation or response: under its document's file stem."""
        return f"{kind}/{doc_id}/{tail}"

    @staticmethod
    def statement(key: str) -> str:
        return f"statement/{key}"

    @staticmethod
    def unnamed_group(key: str) -> str:
        return f"group/{slug(key)}"

    @staticmethod
    def cited_document(identifier: str) -> str:
        return f"document/{slug(identifier, 80)}"


def selector(evidence: URIRef, kind: str) -> URIRef:
    """A selector of an evidence node, "quote" or "position": the evidence's own IRI with
    that fragment, so a selector follows its evidence whatever the evidence IRI scheme,
    and SPARQL users and diffs see IRIs, not blank nodes."""
    return URIRef(f"{evidence}#{kind}")

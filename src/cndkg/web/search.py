"""Search that forgives: names, codes and passages of one build, found despite case,
accents, apostrophes, typos and partial words, with facets to narrow the answer.

The index is made once per build, from the store, when the app first sees that build
(`warm_search` starts it with the server; a hot-swapped build gets its own), and kept in
memory: a search reads it and never the store.

How words meet: text is folded (case, accents, apostrophes: "D'Hoop" and "D’Hoop"
meet) and cut into words; a word of the query matches a word of the index that is the
same, that it starts or is part of ("opioi" finds "opioids"), or that is one or two
edits away ("Columbia" finds "Colombia", "opiods" finds "opioids": rapidfuzz's
Levenshtein distance over the index's vocabulary). Words of three letters or fewer match
whole words only: "EU" finds the European Union, not "Amadeus". A query that is a code
(C07, CHE, E/CN.7/2025/2) finds what carries that code first.

Measured against the candidates (bench/search.py, 2026-12-02, seeds' graph, 879
records): this index puts all seven must-show queries' answers first (build 38 ms,
median query 0.8 ms); SQLite FTS5 with the trigram tokenizer (build 55 ms, 0.1 ms) put
"synthetic opiods" 7th, CHE 2nd, and a person among the hits for "EU" (a trigram index
cannot match two letters, so LIKE finds "Amadeus"); rapidfuzz's WRatio over every
record (9 ms, 3.3 ms) did not find "synthetic opiods" at all. At 100 copies of the
seeds' passages (50,478 records): this index 5.2 s to build, 14 ms median query; FTS5
15 s, 12 ms, and lost two answers; rapidfuzz 1.3 s, 355 ms.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlencode

from flask import Blueprint, Flask, render_template, request
from markupsafe import Markup, escape
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from cndkg.web.rows import select
from cndkg.web.sparql import published

bp = Blueprint("search", __name__)

SHORT = 3  # a query word this long or shorter matches whole words only
PAGE_SIZE = 20
FACET_VALUES = 12  # values shown per facet, most frequent first
SNIPPET = 320  # characters of a passage shown around its first match
# What a match is worth, by how the query word met the indexed word
EXACT, PREFIX, INSIDE, TYPO = 1.0, 0.9, 0.75, 0.7
# the kinds people search for, most specific first: an entity gets the first it has
KINDS: tuple[tuple[str, str], ...] = (
    ("State", "State"),
    ("GroupOfStates", "Group of States"),
    ("Person", "Person"),
    ("MinisterialDeclarationChallenge", "Challenge"),
    ("Challenge", "Challenge"),
    ("ThematicSession", "Session"),
    ("AgendaItemDeliberation", "Session"),
    ("CommissionSession", "Meeting"),
    ("IntersessionalMeeting", "Meeting"),
    ("ThematicDiscussion", "Meeting"),
    ("Segment", "Meeting"),
    ("RoundTable", "Meeting"),
    ("Meeting", "Meeting"),
    ("SourceDocument", "Source document"),
    ("Resolution", "Document"),
    ("Declaration", "Document"),
    ("Convention", "Document"),
    ("Report", "Document"),
    ("Document", "Document"),
    ("CivilSociety", "Civil society"),
    ("UNEntity", "Organization"),
    ("IntergovernmentalOrganization", "Organization"),
    ("NonGovernmentalOrganization", "Organization"),
    ("RegionalOrganization", "Organization"),
    ("OrganizationalUnit", "Organization"),
    ("Organization", "Organization"),
    ("Programme", "Initiative"),
    ("Tool", "Initiative"),
    ("Platform", "Initiative"),
    ("Database", "Initiative"),
    ("Network", "Initiative"),
    ("Coalition", "Initiative"),
    ("Strategy", "Initiative"),
    ("Project", "Initiative"),
    ("Initiative", "Initiative"),
)
PASSAGE = "Passage"
KIND_ORDER = {k: n for n, k in reversed(list(enumerate(k for _, k in KINDS)))} | {PASSAGE: 99}
FACETS = ("kind", "actor", "year", "challenge", "document")
FACET_NAMES = {
    "kind": "Kind",
    "actor": "Actor",
    "year": "Year",
    "challenge": "Challenge",
    "document": "Document",
}
# apostrophes and their look-alikes vanish when folding: D’Hoop, D'Hoop, DʼHoop meet
APOSTROPHES = dict.fromkeys(map(ord, "'’‘ʼ`´′"), None)
WORD = re.compile(r"\w+")
# the combining marks NFKD leaves after a letter (Latin, Greek, Cyrillic accents)
COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
CODE_LIKE = re.compile(r"^[\w.\-/]*[\d/.][\w.\-/]*$|^[A-Z]{2,4}$")
# an IRI's last segment that is a code people type (state/CHE, challenge/C07)
IRI_CODE = re.compile(r"/([A-Z][A-Z0-9]{1,5})$")


def fold(text: str) -> str:
    """Case-, accent- and apostrophe-blind form: 'Türkiye' meets 'turkiye', "D'Hoop"
    meets 'D’Hoop'."""
    text = text.translate(APOSTROPHES)
    if text.isascii():  # most text: nothing to take apart (30 s down to 9 s at 50,000)
        return text.casefold()
    return COMBINING.sub("", unicodedata.normalize("NFKD", text)).casefold()


def folded_with_offsets(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each of its characters, where it came from in `text`:
    matches found in the folded form are marked in the original."""
    out: list[str] = []
    origin: list[int] = []
    for i, c in enumerate(text):
        f = fold(c)
        out.append(f)
        origin.extend([i] * len(f))
    return "".join(out), origin


def words(text: str) -> list[str]:
    return WORD.findall(fold(text))


@dataclass
class Record:
    """One thing search can find: an entity (by its names and codes) or a passage."""

    iri: str
    label: str
    kind: str
    names: list[str] = field(default_factory=list)  # folded
    codes: set[str] = field(default_factory=set)  # folded
    text: str = ""  # a passage's text
    paragraph: str = ""  # a passage's label (¶ 12)
    document: str = ""  # a passage's source document
    date: str = ""  # a passage's document date, a meeting's start, a document's issue
    meeting: str = ""  # the meeting a passage reports on
    facets: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))


@dataclass
class Hit:
    record: Record
    score: float
    marked: Markup | None = None  # a passage's text around the words that matched


@dataclass
class Answer:
    hits: list[Hit]
    total: int
    facets: dict[str, list[tuple[str, str, int, bool]]]  # facet -> (value, label, n, chosen)
    page: int
    pages: int


class SearchIndex:
    """Records of one build, with the vocabulary of their words and where each occurs."""

    def __init__(self, records: list[Record], labels: Mapping[str, str]) -> None:
        self.records = records
        self.labels = dict(labels)  # IRI -> name, for facet values
        self.postings: dict[str, set[int]] = defaultdict(set)
        self.codes: dict[str, set[int]] = defaultdict(set)
        self.folded: list[str] = []
        for i, r in enumerate(records):
            folded = fold(r.text) if r.kind == PASSAGE else " | ".join(r.names)
            self.folded.append(folded)
            for w in set(WORD.findall(folded)):
                self.postings[w].add(i)
            for c in r.codes:
                self.codes[c].add(i)
                for w in WORD.findall(c):
                    self.postings[w].add(i)
        self.vocabulary = list(self.postings)

    def candidates(self, token: str) -> dict[str, float]:
        """The indexed words a query word stands for, each with what the match is worth."""
        if len(token) <= SHORT:
            return {token: EXACT} if token in self.postings else {}
        found: dict[str, float] = {}
        for w in self.vocabulary:
            if w == token:
                found[w] = EXACT
            elif w.startswith(token):
                found[w] = PREFIX
            elif token in w:
                found[w] = INSIDE
        if token not in self.postings:  # a typo: words one or two edits away
            edits = 1 if len(token) < 8 else 2
            for w, _, _ in process.extract(
                token, self.vocabulary, scorer=Levenshtein.distance,
                score_cutoff=edits, limit=None,
            ):  # fmt: skip
                if len(w) > SHORT:
                    found.setdefault(w, TYPO)
        return found

    def score(self, query: str) -> dict[int, float]:
        """Every record that matches all words of the query (or carries it as a code),
        with its score: codes first, then names, then passages."""
        q = fold(query).strip()
        tokens = WORD.findall(q)
        scores: dict[int, float] = {}
        code = q.replace(" ", "")
        for c, ids in self.codes.items():
            if c == code:
                for i in ids:
                    scores[i] = 100.0
            elif len(code) >= 2 and c.startswith(code) and CODE_LIKE.match(query.strip()):
                for i in ids:
                    scores.setdefault(i, 20.0)
        if not tokens:
            return scores
        best: dict[int, float] | None = None
        wanted = [self.candidates(token) for token in tokens]
        for found in wanted:
            per: dict[int, float] = {}
            for w, worth in found.items():
                for i in self.postings[w]:
                    if per.get(i, 0.0) < worth:
                        per[i] = worth
            best = per if best is None else {i: s + per[i] for i, s in best.items() if i in per}
            if not best:
                break
        for i, s in (best or {}).items():
            r = self.records[i]
            s /= len(tokens)
            if r.kind != PASSAGE:
                s += 2.0  # a thing named so before a passage that says it
                if q in r.names:
                    s += 3.0
                elif any(n.startswith(q) for n in r.names):
                    s += 1.0
                elif any(WORD.findall(n)[:1] and WORD.findall(n)[0] in wanted[0] for n in r.names):
                    s += 0.5  # a name that begins with what was typed, typos and all
                # the more of its name the query covers, the better: Colombia before
                # "Civil society organizations based in Colombia"
                shortest = min((len(WORD.findall(n)) for n in r.names), default=1)
                s += len(tokens) / max(shortest, len(tokens))
            elif phrase_in(q, self.folded[i]):
                s += 1.0
            scores[i] = max(scores.get(i, 0.0), s)
        return scores

    def search(self, query: str, chosen: Mapping[str, Iterable[str]], page: int = 1) -> Answer:
        """Ranked hits narrowed by the chosen facet values (any value within a facet,
        every facet), and the counts of each facet's values among the hits of the
        other facets' choices, so a count says what choosing that value would give."""
        scores = self.score(query)
        wanted = {f: set(v) for f, v in chosen.items() if f in FACETS and v}
        matching = [i for i in scores if self._passes(i, wanted)]
        facets: dict[str, list[tuple[str, str, int, bool]]] = {}
        for f in FACETS:
            others = {k: v for k, v in wanted.items() if k != f}
            counts: Counter[str] = Counter()
            for i in scores:
                if self._passes(i, others):
                    counts.update(self.records[i].facets.get(f, ()))
            values = counts.most_common(FACET_VALUES)
            values += [(v, counts[v]) for v in wanted.get(f, ()) if v not in dict(values)]
            if f == "year":
                values.sort(reverse=True)
            facets[f] = [(v, self.labels.get(v, v), n, v in wanted.get(f, ())) for v, n in values]
        matching.sort(key=lambda i: (-scores[i], KIND_ORDER[self.records[i].kind], i))
        pages = max(1, -(-len(matching) // PAGE_SIZE))
        page = min(max(1, page), pages)
        shown = matching[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
        marked_words = self._matched_words(query)
        hits = [
            Hit(self.records[i], scores[i], snippet(self.records[i].text, marked_words))
            if self.records[i].kind == PASSAGE
            else Hit(self.records[i], scores[i])
            for i in shown
        ]
        return Answer(hits, len(matching), facets, page, pages)

    def _passes(self, i: int, wanted: Mapping[str, set[str]]) -> bool:
        r = self.records[i]
        return all(r.facets.get(f, set()) & values for f, values in wanted.items())

    def _matched_words(self, query: str) -> set[str]:
        found: set[str] = set()
        for token in WORD.findall(fold(query)):
            found.update(self.candidates(token))
        return found


def phrase_in(phrase: str, text: str) -> bool:
    """The folded query as it stands, whole words, in the folded text (E/CN.7/2025/2 is
    not E/CN.7/2025/20)."""
    return bool(phrase) and re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text) is not None


def snippet(text: str, marked: set[str]) -> Markup:
    """The passage around its first matched word, cut at words (with an ellipsis), the
    matched words marked as the search folded them."""
    folded, origin = folded_with_offsets(text)
    spans: list[tuple[int, int]] = []
    for m in WORD.finditer(folded):
        if m.group() in marked:
            spans.append((origin[m.start()], origin[m.end() - 1] + 1))
    start, end = 0, len(text)
    if len(text) > SNIPPET:
        first = spans[0][0] if spans else 0
        start = max(0, first - SNIPPET // 3)
        end = min(len(text), start + SNIPPET)
        if start > 0:
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < first else start
        if end < len(text):
            space = text.rfind(" ", start, end)
            end = space if space > start else end
    out: list[Markup] = [Markup("… ") if start > 0 else Markup("")]
    pos = start
    for a, b in spans:
        if a < pos or b > end:
            continue
        out.append(escape(text[pos:a]))
        out.append(Markup("<mark>{}</mark>").format(text[a:b]))
        pos = b
    out.append(escape(text[pos:end]))
    if end < len(text):
        out.append(Markup(" …"))
    return Markup("").join(out)


# --- the index, read from the store once per build -----------------------------------

KIND_VALUES = " ".join(f"cnd:{c}" for c, _ in KINDS)


def read_index() -> SearchIndex:
    """Every record of the current build, from a handful of queries on its store."""
    types: dict[str, set[str]] = defaultdict(set)
    for r in select(
        f"""SELECT DISTINCT ?s ?t WHERE {{ VALUES ?t {{ {KIND_VALUES} }} ?s a ?t .
            FILTER NOT EXISTS {{ ?st cnd:onBehalfOfMembers ?s }} }}""",
        max_rows=1_000_000,
    ):
        types[r["s"]].add(r["t"].rsplit("#", 1)[-1])
    entities: dict[str, Record] = {}
    for iri, ts in types.items():
        kind = next(k for c, k in KINDS if c in ts)
        entities[iri] = Record(iri, "", kind)
        entities[iri].facets["kind"].add(kind)
        tail = IRI_CODE.search(iri)
        if tail:
            entities[iri].codes.add(fold(tail.group(1)))
    for r in select(
        """SELECT DISTINCT ?s ?name ?main WHERE {
            { ?s rdfs:label ?name BIND(true AS ?main) }
            UNION { ?s skos:altLabel|skos:prefLabel|schema:name ?name BIND(false AS ?main) } }""",
        max_rows=1_000_000,
    ):
        e = entities.get(r["s"])
        if e is None:
            continue
        name = fold(r["name"])
        if name not in e.names:
            e.names.append(name)
        if r["main"] == "true" and (not e.label or len(r["name"]) < len(e.label)):
            e.label = r["name"]
    for r in select(
        """SELECT DISTINCT ?s ?code WHERE {
            ?s skos:notation|cnd:code|dcterms:identifier|cnd:documentSymbol ?code }""",
        max_rows=1_000_000,
    ):
        e = entities.get(r["s"])
        if e is None:
            continue
        code = fold(r["code"])
        e.codes.add(code)
        if "/" in code:  # a joint symbol (E/CN.7/2025/2-E/CN.15/2025/2): each symbol
            e.codes.update(p for p in code.split("-") if "/" in p)
    for r in select(
        """SELECT DISTINCT ?s ?date WHERE {
            { ?s cnd:startDate ?date } UNION { ?s dcterms:issued ?date } }""",
        max_rows=1_000_000,
    ):
        e = entities.get(r["s"])
        if e is not None and (not e.date or r["date"] < e.date):
            e.date = r["date"][:10]
    for e in entities.values():
        if e.date:
            e.facets["year"].add(e.date[:4])
        if e.kind in ("State", "Group of States", "Person", "Organization", "Civil society"):
            e.facets["actor"].add(e.iri)
        if e.kind == "Challenge":
            e.facets["challenge"].add(e.iri)
        if e.kind == "Source document":
            e.facets["document"].add(e.iri)
    for r in select(
        """SELECT DISTINCT ?s ?c WHERE { ?s cnd:addressesChallenge ?c }""", max_rows=1_000_000
    ):
        if r["s"] in entities:
            entities[r["s"]].facets["challenge"].add(r["c"])
    for e in entities.values():
        e.label = e.label or (e.names[0] if e.names else e.iri.rsplit("/", 1)[-1])
    challenge_codes = {
        e.iri: next(iter(sorted(c.upper() for c in e.codes)), "")
        for e in entities.values()
        if e.kind == "Challenge"
    }
    labels = {
        iri: (f"{challenge_codes[iri]} {e.label}" if challenge_codes.get(iri) else e.label)
        for iri, e in entities.items()
    }
    passages = read_passages(entities, labels)
    records = [e for e in entities.values() if e.names or e.codes] + passages
    return SearchIndex(records, labels)


# what a paragraph's facts link it to, one simple query each (one query with UNIONs of
# property paths took 5.5 s on the seeds, these 0.1 s together)
FACT_LINKS = {
    "actor": """VALUES ?by { cnd:speaker cnd:participant cnd:holder cnd:mentions
        cnd:onBehalfOf } ?f ?by ?x . ?x a cnd:Actor""",
    "challenge": """VALUES ?by { cnd:designatedChallenge cnd:inContextOfChallenge
        cnd:mentions } ?f ?by ?x . ?x a cnd:Challenge""",
    "session": "?f cnd:inSession ?x",
    "meeting": "?f cnd:inMeeting ?x",
    "reported": "?f a cnd:Meeting BIND (?f AS ?x)",  # a meeting read from the paragraph
}


def read_passages(entities: Mapping[str, Record], labels: dict[str, str]) -> list[Record]:
    """Paragraphs with their document's title and date, and the meeting, actors and
    challenges of the facts read from them."""
    docs: dict[str, tuple[str, str, str]] = {}
    for r in select(
        """SELECT ?doc ?title ?issued ?meeting WHERE { ?doc a cnd:SourceDocument ;
            dcterms:title ?title . OPTIONAL { ?doc dcterms:issued ?issued }
            OPTIONAL { ?doc cnd:aboutMeeting ?meeting } }""",
        max_rows=100_000,
    ):
        docs[r["doc"]] = (r["title"], r.get("issued", "")[:10], r.get("meeting", ""))
        labels.setdefault(r["doc"], r["title"])
    facts: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for rel, pattern in FACT_LINKS.items():
        for r in select(
            f"""SELECT DISTINCT ?p ?x WHERE {{ ?f cnd:evidence ?ev .
                ?ev cnd:evidenceParagraph ?p . {pattern} }}""",
            max_rows=1_000_000,
        ):
            facts[r["p"]][rel].add(r["x"])
    part_of = {
        r["s"]: r["m"]
        for r in select("SELECT ?s ?m WHERE { ?s a cnd:MeetingPart ; cnd:partOf ?m }", 100_000)
    }

    def began(meeting: str) -> str:
        e = entities.get(meeting)
        return e.date if e is not None else ""

    passages: list[Record] = []
    for r in select(
        """SELECT ?p ?doc ?label ?text ?start WHERE { ?p a cnd:Paragraph ;
            cnd:paragraphOf ?doc ; cnd:paragraphLabel ?label ; cnd:paragraphText ?text ;
            cnd:charStart ?start } ORDER BY ?doc xsd:integer(?start)""",
        max_rows=1_000_000,
    ):
        title, issued, about = docs.get(r["doc"], ("", "", ""))
        found = facts.get(r["p"], {})
        sessions = found.get("session", set())
        meetings = (
            found.get("meeting", set())
            | found.get("reported", set())
            | {part_of[s] for s in sessions if s in part_of}
        )
        # of the meetings its facts are about, the one that began last (a thematic
        # discussion rather than the session it was part of), dated ones first; else
        # the meeting its document is about
        meeting = max(meetings, key=lambda m: (began(m), m), default=about)
        p = Record(
            r["p"], title or r["doc"].rsplit("/", 1)[-1], PASSAGE, text=r["text"],
            paragraph=r["label"], document=r["doc"], date=issued, meeting=meeting,
        )  # fmt: skip
        p.facets["kind"].add(PASSAGE)
        p.facets["document"].add(r["doc"])
        p.facets["actor"].update(found.get("actor", ()))
        p.facets["challenge"].update(found.get("challenge", ()))
        for session in sessions:
            if session in entities:
                p.facets["challenge"].update(entities[session].facets.get("challenge", ()))
        year = entities[meeting].date[:4] if meeting in entities else ""
        if year or issued:
            p.facets["year"].add(year or issued[:4])
        passages.append(p)
    return passages


# --- one index per build, made once ---------------------------------------------------

_lock = threading.Lock()
_indexes: dict[str, SearchIndex] = {}


def search_index() -> SearchIndex:
    """The index of the build the app answers from now; made on first need, once."""
    release = str(published().current().path)
    index = _indexes.get(release)
    if index is not None:
        return index
    with _lock:  # concurrent first searches wait for one reading, not one each
        index = _indexes.get(release)
        if index is None:
            index = read_index()
            _indexes.clear()  # the previous build's index goes with its build
            _indexes[release] = index
    return index


def warm_search(app: Flask) -> threading.Thread:
    """Make the index in the background as the server starts, so that the first
    visitor to search does not wait for it."""

    def build() -> None:
        with app.app_context():
            try:
                search_index()
            except Exception:  # no build yet, a store that is down: the first search retries
                app.logger.warning("search index not prepared in advance", exc_info=True)

    thread = threading.Thread(target=build, name="warm-search", daemon=True)
    thread.start()
    return thread


@bp.route("/search")
def search() -> str:
    q = request.args.get("q", "").strip()[:200]
    chosen = {f: request.args.getlist(f) for f in FACETS}
    try:
        page = int(request.args.get("page", "1"))
    except ValueError:
        page = 1
    answer = search_index().search(q, chosen, page) if q else None
    labels = search_index().labels if q else {}

    def page_url(n: int) -> str:
        args = [(k, v) for k, vs in request.args.lists() if k != "page" for v in vs]
        return "/search?" + urlencode([*args, ("page", str(n))])

    return render_template(
        "search.html", q=q, answer=answer, chosen=chosen, facet_names=FACET_NAMES,
        labels=labels, when=when, page_url=page_url, short=short, page_size=PAGE_SIZE,
    )  # fmt: skip


def short(text: str, limit: int = 70) -> str:
    """A long name cut at a word, with an ellipsis (the whole name is in its title)."""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > 0 else limit].rstrip(" ,;:") + "…"


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip


def when(iso: str) -> str:
    """A date in words, as a person writes it: '2024-03-04' is '4 March 2024'."""
    parts = iso[:10].split("-")
    try:
        if len(parts) == 3:
            return f"{int(parts[2])} {MONTHS[int(parts[1]) - 1]} {parts[0]}"
        if len(parts) == 2:
            return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    except (ValueError, IndexError):
        pass
    return iso

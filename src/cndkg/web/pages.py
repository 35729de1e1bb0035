"""Pages for people: overview, query workbench, search, source documents.

Every page reads the store through SPARQL (the same killable pool as /sparql); entity and
document pages are rendered on the server and work without JavaScript.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from flask import Blueprint, Flask, render_template, request
from markupsafe import Markup, escape

from cndkg.web import views_document, views_entity
from cndkg.web.rows import local, select
from cndkg.web.sparql import published

bp = Blueprint("pages", __name__)
QUERIES_DIR = Path(__file__).resolve().parents[3] / "queries"


def fold(text: str) -> str:
    """Case- and accent-blind form: 'Türkiye' and 'turkiye' meet."""
    s = unicodedata.normalize("NFKD", text)
    return "".join(c for c in s if not unicodedata.combining(c)).casefold()


@bp.app_context_processor
def helpers() -> dict[str, object]:
    return {"local": local}


@bp.route("/")
def overview() -> str:
    release = published().current()
    counts = select("""
        SELECT ?what (COUNT(DISTINCT ?x) AS ?n) WHERE {
          VALUES (?what ?class) {
            ("meetings" cnd:Meeting) ("sessions" cnd:MeetingPart) ("statements" cnd:Statement)
            ("actors" cnd:Actor) ("initiatives" cnd:Initiative) ("documents" cnd:Document) }
          ?x a ?class } GROUP BY ?what""")
    timeline = select("""
        SELECT ?m ?name ?kind ?start ?end WHERE {
          VALUES ?k { cnd:CommissionSession cnd:IntersessionalMeeting cnd:ThematicDiscussion
                      cnd:Segment cnd:RoundTable }
          ?m a ?k ; rdfs:label ?name ; cnd:startDate ?start .
          OPTIONAL { ?m cnd:endDate ?end }
          BIND (STRAFTER(STR(?k), "#") AS ?kind) } ORDER BY ?start ?name""")
    challenges = select("""SELECT ?c ?code ?label WHERE { ?c a cnd:MinisterialDeclarationChallenge ;
        cnd:code ?code ; rdfs:label ?label } ORDER BY ?code""")
    return render_template(
        "overview.html",
        counts={r["what"]: r["n"] for r in counts},
        timeline=timeline,
        challenges=challenges,
        manifest=release.manifest,
        release=release.path.name,
    )


@dataclass
class Example:
    name: str
    question: str
    query: str


def examples() -> list[Example]:
    out = []
    for path in sorted(QUERIES_DIR.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        question = " ".join(
            line.lstrip("# ").strip() for line in text.splitlines() if line.startswith("#")
        )
        out.append(Example(path.stem, question, text))
    return out


@bp.route("/workbench")
def workbench() -> str:
    return render_template(
        "workbench.html", examples=examples(), initial=request.args.get("query", "")
    )


@dataclass
class Hit:
    iri: str
    label: str
    kind: str


@dataclass
class Passage:
    document: str
    paragraph: str
    text: Markup


@dataclass
class SearchIndex:
    """Labels and paragraphs of one release, folded for matching."""

    release: str
    labels: list[tuple[str, str, str, str]] = field(default_factory=list)  # fold, iri, label, kind
    paragraphs: list[tuple[str, str, str, str]] = field(default_factory=list)


_indexes: dict[str, SearchIndex] = {}


def search_index() -> SearchIndex:
    release = published().current().path.name
    index = _indexes.get(release)
    if index is not None:
        return index
    index = SearchIndex(release)
    # the things people look for, not the facts about them (statements, mentions, ...)
    for r in select(
        """SELECT ?s ?label (SAMPLE(?t) AS ?type) WHERE {
            VALUES ?t { cnd:State cnd:Organization cnd:UNEntity cnd:IntergovernmentalOrganization
              cnd:NonGovernmentalOrganization cnd:RegionalOrganization cnd:OrganizationalUnit
              cnd:CivilSociety cnd:GroupOfStates cnd:Person cnd:Meeting cnd:CommissionSession
              cnd:IntersessionalMeeting cnd:ThematicDiscussion cnd:Segment cnd:RoundTable
              cnd:ThematicSession cnd:AgendaItemDeliberation cnd:Initiative cnd:Programme
              cnd:Tool cnd:Platform cnd:Database cnd:Network cnd:Coalition cnd:Strategy
              cnd:Project cnd:Document cnd:SourceDocument cnd:Resolution cnd:Declaration
              cnd:Convention cnd:Report cnd:Challenge cnd:MinisterialDeclarationChallenge }
            ?s a ?t . { ?s rdfs:label ?label } UNION { ?s skos:altLabel ?label }
            FILTER NOT EXISTS { ?st cnd:onBehalfOfMembers ?s }
          } GROUP BY ?s ?label""",
        max_rows=200_000,
    ):
        index.labels.append((fold(r["label"]), r["s"], r["label"], r["type"].rsplit("#", 1)[-1]))
    for r in select(
        """SELECT ?doc ?label ?text WHERE { ?p a cnd:Paragraph ;
            cnd:paragraphOf ?doc ; cnd:paragraphLabel ?label ; cnd:paragraphText ?text }""",
        max_rows=200_000,
    ):
        index.paragraphs.append((fold(r["text"]), r["doc"], r["label"], r["text"]))
    _indexes.clear()
    _indexes[release] = index
    return index


def warm_search(app: Flask) -> threading.Thread:
    """Build the search index in the background, so that the first visitor to search
    does not wait for it (3-5 s at 100x the seeds)."""

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
    hits: list[Hit] = []
    passages: list[Passage] = []
    if q:
        index = search_index()
        needle = fold(q)
        seen: set[str] = set()
        ranked = sorted(index.labels, key=lambda x: (not x[0].startswith(needle), len(x[0])))
        for folded, iri, label, kind in ranked:
            if needle in folded and iri not in seen:
                seen.add(iri)
                hits.append(Hit(iri, label, kind))
            if len(hits) >= 50:
                break
        words = needle.split()
        for folded, doc, label, text in index.paragraphs:
            if all(w in folded for w in words):
                passages.append(Passage(doc, label, highlight(text, words)))
            if len(passages) >= 50:
                break
    return render_template("search.html", q=q, hits=hits, passages=passages)


def highlight(text: str, words: list[str]) -> Markup:
    """Mark the words searched for, matching accents and case as the search did."""
    folded = fold(text)
    marks = []
    for w in words:
        for m in re.finditer(re.escape(w), folded):
            marks.append((m.start(), m.end()))
    if len(folded) != len(text):  # folding changed length: show unmarked text
        return Markup(escape(text))
    out, pos = [], 0
    for a, b in sorted(marks):
        if a < pos:
            continue
        out.append(escape(text[pos:a]))
        out.append(Markup("<mark>") + escape(text[a:b]) + Markup("</mark>"))
        pos = b
    out.append(escape(text[pos:]))
    return Markup("").join(out)


# the entity and document pages live in views_entity and views_document; linked.py
# renders them through these names
document_page = views_document.document_page
entity_facts = views_entity.entity_facts

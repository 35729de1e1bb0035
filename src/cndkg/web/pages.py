"""Pages for people: overview, source documents (search: search.py; the query
workbench: workbench.py).

Every page reads the store through SPARQL (the same killable pool as /sparql); entity and
document pages are rendered on the server and work without JavaScript.
"""

from __future__ import annotations

import json
import re

from flask import Blueprint, abort, g, render_template
from markupsafe import Markup, escape

from cndkg.web.pool import QueryJob
from cndkg.web.sparql import published

bp = Blueprint("pages", __name__)
PREFIXES = """PREFIX cnd: <https://w3id.org/cndkg/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX schema: <https://schema.org/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""


def select(query: str, max_rows: int = 5000) -> list[dict[str, str]]:
    """Rows of plain values for a SELECT run on the current build."""
    job = QueryJob(query=PREFIXES + query, result_format="json", max_rows=max_rows)
    answer = published().current().pool.run(job)
    data = json.loads(answer.body)
    return [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]


def local(iri: str) -> str:
    """The page of an entity IRI on this server ('/id/...'), the IRI itself if it is an
    http(s) IRI, or "" (no link): data may hold any IRI, javascript: and data: included."""
    base = getattr(g, "entity_base", None)
    if base is None:  # once per request: a page links dozens of IRIs
        base = g.entity_base = published().current().base
    if iri.startswith(base):
        return "/id/" + iri[len(base) :]
    return iri if iri.lower().startswith(("http://", "https://")) else ""


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
    challenges = select("""SELECT ?code ?label WHERE { ?c a cnd:MinisterialDeclarationChallenge ;
        cnd:code ?code ; rdfs:label ?label } ORDER BY ?code""")
    return render_template(
        "overview.html",
        counts={r["what"]: r["n"] for r in counts},
        timeline=timeline,
        challenges=challenges,
        manifest=release.manifest,
        release=release.path.name,
    )


@bp.route("/documents")
def documents() -> str:
    """Every source document of the build: what it gave, or why it was held back."""
    release = published().current()
    docs = release.manifest.get("documents", [])
    base = release.base
    rows = [
        {
            **d,
            "page": f"/id/source/{d.get('identity') or d['doc_id']}"
            if d.get("status") == "published"
            else "",
            "kinds": ", ".join(f"{n} {k}" for k, n in (d.get("facts") or {}).items() if n)
            or "0 facts",
        }
        for d in docs
    ]
    held = sum(1 for d in docs if d.get("status") != "published")
    return render_template(
        "documents.html", rows=rows, held=held, release=release.path.name, base=base
    )


def document_page(iri: str) -> str:
    """A source document as numbered paragraphs, extracted entities linked in place."""
    meta = select(f"""SELECT ?title ?genre ?issued ?file WHERE {{
        <{iri}> dcterms:title ?title ; cnd:genre ?genre ; cnd:originalFileName ?file .
        OPTIONAL {{ <{iri}> dcterms:issued ?issued }} }}""")
    if not meta:
        abort(404)
    paragraphs = select(
        f"""SELECT ?p ?label ?text ?start ?kind WHERE {{
        ?p cnd:paragraphOf <{iri}> ; cnd:paragraphLabel ?label ; cnd:paragraphText ?text ;
           cnd:charStart ?start .
        BIND (IF(EXISTS {{ ?p a cnd:Footnote }}, "Footnote", "Paragraph") AS ?kind)
        }} ORDER BY xsd:integer(?start)""",
        max_rows=100_000,
    )
    mentioned = select(
        f"""SELECT DISTINCT ?label ?e ?name WHERE {{
        ?fact cnd:evidence ?ev . ?ev oa:hasSource <{iri}> ;
              cnd:evidenceParagraph/cnd:paragraphLabel ?label .
        {{ ?fact cnd:speaker ?e }} UNION {{ ?fact cnd:mentions ?e }}
        UNION {{ ?fact cnd:citedDocument ?e }} UNION {{ ?fact cnd:participant ?e }}
        UNION {{ ?fact cnd:holder ?e }} UNION {{ ?fact cnd:designatedChallenge ?e }}
        UNION {{ ?fact cnd:hasMember ?e }}
        {{ ?e rdfs:label ?name }} UNION {{ ?e skos:altLabel ?name }}
        UNION {{ ?e dcterms:identifier ?name }} }}""",
        max_rows=100_000,
    )
    by_paragraph: dict[str, list[tuple[str, str]]] = {}
    for r in mentioned:
        by_paragraph.setdefault(r["label"], []).append((r["name"], r["e"]))
    seen: set[str] = set()
    rendered = []
    for p in paragraphs:
        if p["p"] in seen:
            continue
        seen.add(p["p"])
        rendered.append(
            {
                "label": p["label"],
                "kind": p["kind"],
                "html": link_entities(p["text"], by_paragraph.get(p["label"], [])),
            }
        )
    return render_template("document.html", iri=iri, meta=meta[0], paragraphs=rendered)


def link_entities(text: str, names: list[tuple[str, str]]) -> Markup:
    """Wrap each name of an entity extracted from this paragraph in a link to its page."""
    spans: list[tuple[int, int, str]] = []
    for name, iri in sorted(names, key=lambda x: -len(x[0])):
        if len(name) < 3:
            continue
        for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
            if all(m.end() <= a or m.start() >= b for a, b, _ in spans):
                spans.append((m.start(), m.end(), iri))
    out, pos = [], 0
    for a, b, iri in sorted(spans):
        out.append(escape(text[pos:a]))
        out.append(Markup('<a class="entity" href="{}">{}</a>').format(local(iri), text[a:b]))
        pos = b
    out.append(escape(text[pos:]))
    return Markup("").join(out)


def entity_facts(iri: str) -> dict[str, list[dict[str, str]]]:
    """Key facts in plain words, by what the entity is."""
    facts: dict[str, list[dict[str, str]]] = {}
    facts["statements"] = select(f"""SELECT ?st ?session ?sessionName ?date ?code ?quote ?doc
        ?para ?group WHERE {{
        ?st cnd:speaker <{iri}> ; cnd:inSession ?session ; cnd:evidence ?ev .
        ?ev oa:hasSelector/oa:exact ?quote ; oa:hasSource ?doc ;
            cnd:evidenceParagraph/cnd:paragraphLabel ?para .
        OPTIONAL {{ ?session rdfs:label ?sessionName }}
        OPTIONAL {{ ?session cnd:startDate ?date }}
        OPTIONAL {{ ?session cnd:addressesChallenge/cnd:code ?code }}
        OPTIONAL {{ ?st cnd:onBehalfOf/rdfs:label ?group }} }} ORDER BY ?date""")
    facts["sessions"] = select(f"""SELECT ?s ?name ?date ?code WHERE {{
        ?s cnd:partOf <{iri}> ; rdfs:label ?name .
        OPTIONAL {{ ?s cnd:startDate ?date }}
        OPTIONAL {{ ?s cnd:addressesChallenge/cnd:code ?code }} }} ORDER BY ?date ?name""")
    facts["roles"] = select(f"""SELECT ?role ?person ?name ?position ?quote ?doc ?para WHERE {{
        ?a cnd:inMeeting <{iri}> ; cnd:role/skos:notation ?role ; cnd:evidence ?ev .
        ?ev oa:hasSelector/oa:exact ?quote ; oa:hasSource ?doc ;
            cnd:evidenceParagraph/cnd:paragraphLabel ?para .
        OPTIONAL {{ ?a cnd:holder ?person . ?person rdfs:label ?name }}
        OPTIONAL {{ ?a cnd:position ?position }} }} ORDER BY ?role""")
    facts["speakers"] = select(f"""SELECT ?speaker ?name (COUNT(DISTINCT ?st) AS ?n) WHERE {{
        {{ ?st cnd:inSession <{iri}> }} UNION {{ ?st cnd:inSession/cnd:partOf <{iri}> }}
        ?st cnd:speaker ?speaker . ?speaker rdfs:label ?name }}
        GROUP BY ?speaker ?name ORDER BY DESC(?n) ?name""")
    facts["mentions"] = select(f"""SELECT ?quote ?doc ?para ?context ?contextName WHERE {{
        ?m cnd:mentions <{iri}> ; cnd:evidence ?ev .
        ?ev oa:hasSelector/oa:exact ?quote ; oa:hasSource ?doc ;
            cnd:evidenceParagraph/cnd:paragraphLabel ?para .
        OPTIONAL {{ ?m cnd:mentionedIn ?context . ?context rdfs:label ?contextName }} }}""")
    facts["owner"] = select(f"""SELECT ?owner ?name WHERE {{
        <{iri}> cnd:runBy ?owner . ?owner rdfs:label ?name }}""")
    facts["evidence"] = select(f"""SELECT ?quote ?doc ?para WHERE {{
        <{iri}> cnd:evidence ?ev . ?ev oa:hasSelector/oa:exact ?quote ; oa:hasSource ?doc ;
        cnd:evidenceParagraph/cnd:paragraphLabel ?para }}""")
    return facts


@bp.app_template_filter("readable")
def readable(quote: str) -> str:
    """A verbatim quote without its conversion markup, for reading (links keep the source)."""
    text = re.sub(r"<sup>[^<]*</sup>|\*\*|(?<!\w)\*|\*(?!\w)|\\(?=\S)", "", quote)
    return re.sub(r"\s+", " ", text).strip()


def paragraph_link(doc: str, para: str) -> str:
    return f"{local(doc)}#p-{para}"


@bp.app_template_filter("paragraph_link")
def _paragraph_link(row: dict[str, str]) -> str:
    return paragraph_link(row["doc"], row["para"])

"""Pages for people: the overview (entities: views_entity.py; documents:
views_document.py; lists and the dataset: views_lists.py; search: search.py; the query
workbench: workbench.py).

Every page reads the store through SPARQL (the same killable pool as /sparql); entity and
document pages are rendered on the server and work without JavaScript.
"""

from __future__ import annotations

from flask import Blueprint, render_template

from cndkg.web import views_document, views_entity
from cndkg.web.rows import local, select
from cndkg.web.sparql import published

bp = Blueprint("pages", __name__)


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


# the entity and document pages live in views_entity and views_document; linked.py
# renders them through these names
document_page = views_document.document_page
entity_facts = views_entity.entity_facts

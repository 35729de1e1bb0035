"""Lists behind the overview's counts, and the dataset's description (VoID) as a page."""

from __future__ import annotations

from collections import defaultdict

from flask import Blueprint, abort, current_app, render_template, request, url_for
from rdflib import Graph, URIRef

from cndkg.web import linked, words
from cndkg.web.rows import select

bp = Blueprint("list_views", __name__)

# one query per list: what a reader needs to pick an item, nothing more
LISTS: dict[str, tuple[str, str]] = {
    "meetings": (
        "Meetings",
        """SELECT ?x ?name ?start ?end ?group WHERE { ?x a cnd:Meeting ; rdfs:label ?name .
        FILTER NOT EXISTS { ?x a cnd:MeetingPart }
        OPTIONAL { ?x cnd:startDate ?start } OPTIONAL { ?x cnd:endDate ?end }
        BIND (SUBSTR(STR(?start), 1, 4) AS ?group) } ORDER BY ?start ?name""",
    ),
    "sessions": (
        "Sessions",
        """SELECT ?x ?name ?start ?end ?group ?code WHERE { ?x a cnd:MeetingPart ;
        rdfs:label ?name . OPTIONAL { ?x cnd:startDate ?start } OPTIONAL { ?x cnd:endDate ?end }
        OPTIONAL { ?x cnd:addressesChallenge/cnd:code ?code }
        BIND (SUBSTR(STR(?start), 1, 4) AS ?group) } ORDER BY ?start ?name""",
    ),
    "statements": (
        "Statements",
        """SELECT ?x ?name ?start ?group ?note WHERE { ?x a cnd:Statement ;
        cnd:speaker/rdfs:label ?name ; cnd:inSession ?s .
        OPTIONAL { ?s cnd:startDate ?start } OPTIONAL { ?s rdfs:label ?note }
        BIND (SUBSTR(STR(?start), 1, 4) AS ?group) } ORDER BY ?start ?name""",
    ),
    "actors": (
        "Delegations, organizations and people",
        """SELECT ?x ?name ?group (COUNT(DISTINCT ?st) AS ?n) WHERE {
        VALUES (?t ?group) { (cnd:State "States") (cnd:GroupOfStates "Groups of States")
          (cnd:IntergovernmentalOrganization "Intergovernmental organizations")
          (cnd:UNEntity "United Nations entities")
          (cnd:RegionalOrganization "Regional organizations")
          (cnd:NonGovernmentalOrganization "Non-governmental organizations")
          (cnd:CivilSociety "Civil society") (cnd:OrganizationalUnit "Offices and units")
          (cnd:Person "People") }
        ?x a ?t ; rdfs:label ?name . OPTIONAL { ?st cnd:speaker ?x }
        } GROUP BY ?x ?name ?group ORDER BY ?group ?name""",
    ),
    "initiatives": (
        "Initiatives",
        """SELECT ?x ?name ?note WHERE { ?x a cnd:Initiative ; rdfs:label ?name .
        OPTIONAL { ?x cnd:runBy/rdfs:label ?note } } ORDER BY ?name""",
    ),
    "documents": (
        "Documents cited and read",
        """SELECT ?x ?name ?group ?note WHERE { ?x a cnd:Document ; rdfs:label ?name .
        OPTIONAL { ?x cnd:documentSymbol ?note }
        BIND (IF(EXISTS { ?x a cnd:SourceDocument }, "Source documents of this graph",
          "Documents they cite") AS ?group) } ORDER BY ?group ?name""",
    ),
}


@bp.route("/list/<kind>")
def listing(kind: str) -> str:
    """Every meeting, session, statement, actor, initiative or document, grouped."""
    if kind not in LISTS:
        abort(404)
    title, query = LISTS[kind]
    groups: dict[str, list[dict[str, str]]] = defaultdict(list)
    seen: set[str] = set()
    for r in select(query, max_rows=100_000):
        if r["x"] in seen:
            continue
        seen.add(r["x"])
        r["when"] = words.date_range_words(r.get("start"), r.get("end"))
        groups[r.get("group") or ""].append(r)
    return render_template(
        "list.html", title=title, kind=kind, groups=sorted(groups.items()), total=len(seen)
    )


@bp.route("/dataset")
def dataset() -> str:
    """The VoID description of /.well-known/void, read as a page, with the downloads."""
    # asked for in Turtle, as a client would: linked.py stays the description's one author
    with current_app.test_request_context(
        "/.well-known/void", base_url=request.url_root, headers={"Accept": "text/turtle"}
    ):
        answer = linked.void()
    graph = Graph().parse(data=answer.get_data(), format="turtle")
    root = next(
        (s for s in graph.subjects() if isinstance(s, URIRef) and str(s).endswith("#cndkg")),
        None,
    )
    if root is None:
        abort(503)
    facts, subsets = [], []
    for p, o in sorted(graph.predicate_objects(root), key=lambda x: str(x[0])):
        if str(p).endswith("#subset"):
            subsets.append(
                {str(q).rsplit("#", 1)[-1]: str(v) for q, v in graph.predicate_objects(o)}
            )
            continue
        if str(p).endswith("#distribution"):
            continue
        facts.append(
            {
                "property": words.compact(str(p)),
                "iri": str(p),
                "value": str(o),
                "link": isinstance(o, URIRef),
            }
        )
    downloads = [
        {"name": name, "href": url_for("linked.download", name=name), "media": media}
        for name, (_, media) in linked.DOWNLOADS.items()
    ]
    return render_template(
        "dataset.html", facts=facts, subsets=sorted(subsets, key=lambda s: s.get("name", "")),
        downloads=downloads,
    )  # fmt: skip

"""Linked data: dereferenceable entity IRIs, the ontology, VoID and the downloads."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
from flask import Blueprint, Response, abort, current_app, render_template, request, send_file

from cndkg.release import DUMP_FILES
from cndkg.web import pages
from cndkg.web.negotiation import GRAPH_MEDIA, GRAPH_TYPES, NotAcceptable, choose, wants_html
from cndkg.web.pool import QueryFailed, QueryJob, QueryTimeout
from cndkg.web.sparql import problem, published, turtle_response

bp = Blueprint("linked", __name__)

DESCRIBE = """
CONSTRUCT {{ <{iri}> ?p ?o . ?s ?q <{iri}> . ?o ?ep ?eo . ?eo ?sp ?so . }}
WHERE {{
  {{ <{iri}> ?p ?o .
     OPTIONAL {{ <{iri}> <https://w3id.org/cndkg/ontology#evidence> ?o . ?o ?ep ?eo
       # the evidence's quote and offsets are on its selectors (Web Annotation)
       OPTIONAL {{ ?o <http://www.w3.org/ns/oa#hasSelector> ?eo . ?eo ?sp ?so }} }} }}
  UNION {{ ?s ?q <{iri}> }}
}}"""
DOWNLOADS = {
    "cndkg.ttl": (DUMP_FILES["ttl"], "text/turtle; charset=utf-8"),
    "cndkg.nt": (DUMP_FILES["nt"], "application/n-triples"),
    "cndkg.trig": (DUMP_FILES["trig"], "application/trig"),
    "cndkg.jsonld": (DUMP_FILES["jsonld"], "application/ld+json"),
    "ontology.ttl": ("ontology.ttl", "text/turtle; charset=utf-8"),
}
CONTEXT_FILE = "context.jsonld"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
CND = "https://w3id.org/cndkg/ontology#"
# IRI path characters (RFC 3987 iunreserved, sub-delims, ':', '@', '/'); no controls
VALID_PATH = re.compile(r"[\w\-.~!$&'()*+,;=:@/%\u00a0-\U0010ffff]+")


@bp.route("/id/<path:rest>")
def entity(rest: str) -> Response:
    release = published().current()
    iri = release.base + rest
    if not VALID_PATH.fullmatch(rest):
        abort(400, "not a valid entity IRI")
    html = wants_html(request)
    try:
        chosen = (
            "turtle"
            if html
            else choose(request, GRAPH_TYPES, "turtle", request.args.get("format", ""))
        )
    except NotAcceptable as exc:
        return problem(406, str(exc))
    job = QueryJob(
        query=DESCRIBE.format(iri=iri),
        result_format="json",
        max_rows=current_app.config["MAX_ROWS"],
    )
    try:
        result = release.pool.run(job, "ntriples" if html else chosen)
    except SyntaxError:
        abort(400, "not a valid entity IRI")
    except (QueryTimeout, QueryFailed) as exc:
        return problem(503, str(exc))
    if result.rows == 0:
        return problem(404, f"no entity <{iri}> in this dataset")
    if html:
        triples = list(ox.parse(result.body, format=ox.RdfFormat.N_TRIPLES))
        outgoing = [(t.predicate.value, t.object) for t in triples if t.subject.value == iri]
        incoming = [
            (t.subject.value, t.predicate.value)
            for t in triples
            if isinstance(t.object, ox.NamedNode) and t.object.value == iri
        ]
        types = sorted(
            o.value.rsplit("#", 1)[-1]
            for p, o in outgoing
            if p == RDF_TYPE and o.value.startswith(CND)
        )
        if "SourceDocument" in types:
            response = Response(pages.document_page(iri), mimetype="text/html")
        else:
            label = next(
                (o.value for p, o in outgoing if p == "http://www.w3.org/2000/01/rdf-schema#label"),
                rest,
            )
            response = Response(render_template(
                "entity.html", iri=iri, label=label, types=types, facts=pages.entity_facts(iri),
                outgoing=sorted(outgoing, key=lambda x: x[0]), incoming=sorted(incoming),
            ), mimetype="text/html")  # fmt: skip
    else:
        response = Response(result.body, content_type=GRAPH_MEDIA[chosen])
    response.headers["Vary"] = "Accept"
    return response


@bp.route("/ontology")
@bp.route("/ontology/<version>")
def ontology(version: str = "") -> Response:
    release = published().current()
    path = release.path / "ontology.ttl"
    if wants_html(request):
        return Response(
            render_template("ontology.html", terms=_ontology_terms(path)), mimetype="text/html"
        )
    return turtle_response(path.read_bytes())


def _ontology_terms(path: Path) -> list[dict[str, str]]:
    from rdflib import OWL, RDF, RDFS, Graph

    g = Graph().parse(path, format="turtle")
    terms = []
    for kind, label in (
        (OWL.Class, "Class"),
        (OWL.ObjectProperty, "Object property"),
        (OWL.DatatypeProperty, "Datatype property"),
        (OWL.AnnotationProperty, "Annotation property"),  # the dates (xsd:date is not OWL 2 DL)
    ):
        for term in sorted(g.subjects(RDF.type, kind), key=str):
            if not str(term).startswith("https://w3id.org/cndkg/ontology#"):
                continue
            terms.append({
                "iri": str(term), "name": str(term).rsplit("#", 1)[-1], "kind": label,
                "label": str(g.value(term, RDFS.label) or ""),
                "comment": str(g.value(term, RDFS.comment) or ""),
                "parents": ", ".join(sorted(
                    str(p).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
                    for p in g.objects(term, RDFS.subClassOf) if not isinstance(p, type(None))
                ) + sorted(str(p).rsplit("/", 1)[-1] for p in g.objects(term,
                                                                          RDFS.subPropertyOf))),
            })  # fmt: skip
    return terms


@bp.route("/download/<name>")
def download(name: str) -> Response:
    if name not in DOWNLOADS:
        abort(404)
    release = published().current()
    filename, media = DOWNLOADS[name]
    path = release.path / filename
    if not path.exists():
        abort(404)
    response = send_file(
        path, mimetype=media, as_attachment=False, download_name=name, conditional=True, etag=True
    )
    response.headers["X-Cndkg-Release"] = release.path.name
    return response


@bp.route("/context.jsonld")
def context() -> Response:
    release = published().current()
    return send_file(release.path / CONTEXT_FILE, mimetype="application/ld+json")


@bp.route("/.well-known/void")
def void() -> Response:
    release = published().current()
    root = request.url_root.rstrip("/")
    m = release.manifest
    graphs = m.get("graphs", {})
    subsets = "\n".join(
        f"    void:subset [ a void:Dataset ; void:triples {n} ; sd:name <{g}> ] ;"
        for g, n in sorted(graphs.items())
    )
    turtle = f"""@prefix void: <http://rdfs.org/ns/void#> .
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

<{root}/.well-known/void#cndkg> a void:Dataset, dcat:Dataset ;
    dcterms:title "cndkg: the open knowledge graph of the UN Commission on Narcotic Drugs"@en ;
    dcterms:description "Meetings, sessions, challenges, statements, roles, initiatives and citations extracted from CND documents, each fact with its source quote."@en ;
    dcterms:license <https://creativecommons.org/licenses/by/4.0/> ;
    dcterms:modified "{m.get("built", "")}"^^xsd:dateTime ;
    dcterms:hasVersion "{m.get("version", "")}" ;
    void:sparqlEndpoint <{root}/sparql> ;
    void:uriSpace "{release.base}" ;
    void:vocabulary <https://w3id.org/cndkg/ontology#>, <https://schema.org/>,
        <http://www.w3.org/ns/org#>, <http://www.w3.org/2004/02/skos/core#>,
        <http://www.w3.org/ns/prov#> ;
    void:triples {sum(graphs.values())} ;
    void:exampleResource <{release.base}meeting/cnd-td-2023-10>, <{release.base}state/CHE>,
        <{release.base}challenge/C06> ;
    void:dataDump <{root}/download/cndkg.ttl>, <{root}/download/cndkg.trig>,
        <{root}/download/cndkg.nt>, <{root}/download/cndkg.jsonld> ;
    dcat:distribution [ a dcat:Distribution ; dcat:downloadURL <{root}/download/cndkg.ttl> ;
        dcat:mediaType "text/turtle" ] ,
        [ a dcat:Distribution ; dcat:downloadURL <{root}/download/cndkg.jsonld> ;
        dcat:mediaType "application/ld+json" ] ;
{subsets}
    void:rootResource <{release.base}challenge/scheme/ministerial-declaration-2019> .
"""  # noqa: E501
    return turtle_response(turtle.encode("utf-8"))

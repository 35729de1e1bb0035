"""Linked data: dereferenceable entity and graph IRIs, the ontology, VoID, the JSON-LD
context, the Graph Store Protocol (read) and the downloads."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pyoxigraph as ox
from flask import Blueprint, Response, abort, current_app, render_template, request, send_file
from rdflib import RDF, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, VOID

from cndkg.context import CONTEXT_PATH, compact, context_from_ontology
from cndkg.release import DUMP_FILES
from cndkg.web import pages
from cndkg.web.address import public_root
from cndkg.web.caching import release_cached
from cndkg.web.negotiation import (
    GRAPH_MEDIA,
    GRAPH_TYPES,
    NotAcceptable,
    choose,
    format_parameter,
    wants_html,
)
from cndkg.web.pool import QueryFailed, QueryJob, QueryTimeout
from cndkg.web.published import Release
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
WHOLE_GRAPH = "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
WHOLE_DEFAULT = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
# a graph read whole is not capped at MAX_ROWS (that cap is what it exists to get around);
# the query time limit still holds
WHOLE = 1 << 62
# each dump's media type (IANA registered), by its key in DUMP_FILES
DUMP_MEDIA = {
    "ttl": "text/turtle", "nt": "application/n-triples", "trig": "application/trig",
    "jsonld": "application/ld+json",
}  # fmt: skip
DOWNLOADS = {
    **{f"cndkg.{fmt}": (DUMP_FILES[fmt], DUMP_MEDIA[fmt]) for fmt in DUMP_FILES},
    **{f"cndkg.{fmt}.gz": (DUMP_FILES[fmt] + ".gz", "application/gzip") for fmt in DUMP_FILES},
    "ontology.ttl": ("ontology.ttl", "text/turtle"),
}
# the dump that holds the default graph in a format, served for GSP's ?default
DEFAULT_GRAPH_DUMPS = {"turtle": "ttl", "ntriples": "nt", "jsonld": "jsonld"}
# the alternates a description offers (format parameter, media type), HTML first
ALTERNATES = [
    ("html", "text/html"), ("ttl", "text/turtle"), ("jsonld", "application/ld+json"),
    ("nt", "application/n-triples"), ("rdf", "application/rdf+xml"),
]  # fmt: skip
IANA = "https://www.iana.org/assignments/media-types/"
WIKIDATA = "http://www.wikidata.org/entity/"
LINKS = f"""SELECT ?p (COUNT(*) AS ?n) WHERE {{ ?s ?p ?o
  FILTER(isIRI(?o) && STRSTARTS(STR(?o), "{WIKIDATA}")) }} GROUP BY ?p ORDER BY ?p"""
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
CND = "https://w3id.org/cndkg/ontology#"
# IRI path characters (RFC 3987 iunreserved, sub-delims, ':', '@', '/'); no controls
VALID_PATH = re.compile(r"[\w\-.~!$&'()*+,;=:@/%\u00a0-\U0010ffff]+")


@bp.route("/id/<path:rest>")
@release_cached
def entity(rest: str) -> Response:
    release = published().current()
    iri = release.base + rest
    if not VALID_PATH.fullmatch(rest):
        abort(400, "not a valid entity IRI")
    if iri in release.graphs:  # a named graph's IRI: the graph, whole
        return with_alternates(whole_graph(release, iri, html_as_turtle=True))
    html = wants_html(request)
    try:
        chosen = (
            "turtle"
            if html
            else choose(request, GRAPH_TYPES, "turtle", format_parameter(request.args))
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
        response = Response(_entity_page(iri, rest, result.body), mimetype="text/html")
    else:
        response = graph_response(release, result.body, chosen)
    response.headers["Vary"] = "Accept"
    return with_alternates(response)


def _entity_page(iri: str, rest: str, ntriples: bytes) -> str:
    triples = list(ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES))
    outgoing = [(t.predicate.value, t.object) for t in triples if t.subject.value == iri]
    incoming = [
        (t.subject.value, t.predicate.value)
        for t in triples
        if isinstance(t.object, ox.NamedNode) and t.object.value == iri
    ]
    types = sorted(
        o.value.rsplit("#", 1)[-1] for p, o in outgoing if p == RDF_TYPE and o.value.startswith(CND)
    )
    if "SourceDocument" in types:
        return pages.document_page(iri)
    label = next(
        (o.value for p, o in outgoing if p == "http://www.w3.org/2000/01/rdf-schema#label"), rest
    )
    return render_template(
        "entity.html", iri=iri, label=label, types=types, facts=pages.entity_facts(iri),
        outgoing=sorted(outgoing, key=lambda x: x[0]), incoming=sorted(incoming),
    )  # fmt: skip


def graph_response(release: Release, body: bytes, chosen: str) -> Response:
    """RDF in the chosen format; JSON-LD compacted under the dataset's context."""
    if chosen == "jsonld":
        document = compact(json.loads(body or b"[]"), release_context(release))
        body = json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")
    return Response(body, content_type=GRAPH_MEDIA[chosen])


def release_context(release: Release) -> dict[str, Any]:
    """The JSON-LD context the release was built with (the ontology's terms)."""
    return _context(str(release.path / CONTEXT_PATH))


@lru_cache(maxsize=4)
def _context(path: str) -> dict[str, Any]:
    if Path(path).exists():
        context: dict[str, Any] = json.loads(Path(path).read_text(encoding="utf-8"))["@context"]
        return context
    # a store published elsewhere (STORE_URL) has no release folder: the context of
    # this checkout's ontology, the one `cndkg publish` sent there
    from cndkg.pipeline import ONTOLOGY_FILE  # the whole pipeline, for this case only

    return context_from_ontology(Graph().parse(ONTOLOGY_FILE, format="turtle"))


def whole_graph(release: Release, graph: str | None, html_as_turtle: bool = False) -> Response:
    """One graph of the dataset, all of it (the default graph: graph None), in the
    format asked for. The default graph in Turtle, N-Triples or JSON-LD is a dump."""
    override = format_parameter(request.args)
    try:
        if html_as_turtle and wants_html(request):
            chosen = "turtle"
        else:
            chosen = choose(request, GRAPH_TYPES, "turtle", override)
    except NotAcceptable as exc:
        return problem(406, str(exc))
    if graph is None and chosen in DEFAULT_GRAPH_DUMPS:
        path = release.path / DUMP_FILES[DEFAULT_GRAPH_DUMPS[chosen]]
        if path.exists():
            response = send_file(path, mimetype=GRAPH_MEDIA[chosen].split(";")[0])
            response.headers["Vary"] = "Accept"
            return response
    query = WHOLE_DEFAULT if graph is None else WHOLE_GRAPH.format(graph=graph)
    job = QueryJob(query=query, result_format=None, max_rows=WHOLE)
    try:
        result = release.pool.run(job, chosen)
    except (QueryTimeout, QueryFailed) as exc:
        return problem(503, str(exc))
    response = graph_response(release, result.body, chosen)
    response.headers["Vary"] = "Accept"
    return response


@bp.route("/graph-store")
@release_cached
def graph_store() -> Response:
    """SPARQL 1.1 Graph Store HTTP Protocol, read only: GET `?graph=IRI` (section 4.2,
    indirect graph identification) or `?default` (the default graph, the merge of all)."""
    release = published().current()
    graphs = request.args.getlist("graph")
    if request.args.get("default") is not None:
        if graphs:
            return problem(400, "either ?default or ?graph=IRI, not both")
        return whole_graph(release, None)
    if len(graphs) != 1:
        return problem(400, "name one graph: ?graph=IRI (see /.well-known/void), or ?default")
    if graphs[0] not in release.graphs:
        return problem(404, f"<{graphs[0]}> is not a graph of this dataset (see /.well-known/void)")
    return whole_graph(release, graphs[0])


def alternates() -> list[tuple[str, str]]:
    """(media type, URL) of the other formats of the resource asked for: the Link header
    and the pages' <link rel="alternate"> (RFC 8288; HTML 4.01, section 12.3)."""
    path = request.path
    if not (path.startswith("/id/") or path in ("/ontology", "/.well-known/void")):
        return []
    here = public_root() + path
    return [(media, f"{here}?format={fmt}") for fmt, media in ALTERNATES]


def with_alternates(response: Response) -> Response:
    links = [f'<{url}>; rel="alternate"; type="{media}"' for media, url in alternates()]
    if links and response.status_code == 200:
        response.headers["Link"] = ", ".join(links)
    return response


@bp.app_context_processor
def link_alternates() -> dict[str, Any]:
    """`alternates` for base.html: every page of a description links its RDF formats."""
    return {"alternates": [(m, u) for m, u in alternates() if m != "text/html"]}


@bp.route("/ontology")
@bp.route("/ontology/<version>")
@release_cached
def ontology(version: str = "") -> Response:
    release = published().current()
    path = release.path / "ontology.ttl"
    if wants_html(request):
        return with_alternates(Response(
            render_template("ontology.html", terms=_ontology_terms(path)), mimetype="text/html"
        ))  # fmt: skip
    return with_alternates(turtle_response(path.read_bytes()))


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
    """A dump as a file (ranges, ETag, Last-Modified from the file). A client that
    accepts gzip gets the pre-compressed copy with Content-Encoding: gzip; the `.gz`
    names give that copy as a file of its own."""
    if name not in DOWNLOADS:
        abort(404)
    release = published().current()
    filename, media = DOWNLOADS[name]
    path = release.path / filename
    compressed = path.with_name(path.name + ".gz")
    encoded = (
        not name.endswith(".gz")
        and "gzip" in request.accept_encodings
        and request.accept_encodings["gzip"] > 0
        and compressed.exists()
    )
    if not (compressed if encoded else path).exists():
        abort(404)
    # text/* gets its one charset parameter from werkzeug
    response = send_file(
        compressed if encoded else path, mimetype=media, as_attachment=False,
        download_name=name, conditional=True, etag=True,
    )  # fmt: skip
    if encoded:
        response.headers["Content-Encoding"] = "gzip"
    if not name.endswith(".gz"):
        response.vary.add("Accept-Encoding")
    response.headers["X-Cndkg-Release"] = release.path.name
    return response


@bp.route("/context.jsonld")
@release_cached
def context() -> Response:
    document = {"@context": release_context(published().current())}
    return Response(json.dumps(document, indent=2), mimetype="application/ld+json")


@bp.route("/.well-known/void")
@release_cached
def void() -> Response:
    """VoID (W3C Interest Group Note, 2011) and DCAT 3 of the dataset, its dumps and its
    links to Wikidata; every address under the service's public root (address.py)."""
    release = published().current()
    turtle = describe_dataset(release, public_root()).serialize(format="turtle")
    return with_alternates(turtle_response(turtle.encode("utf-8")))


def describe_dataset(release: Release, root: str) -> Graph:
    m = release.manifest
    graphs: dict[str, int] = m.get("graphs", {})
    base = release.base
    g = Graph()
    for prefix, ns in (("void", VOID), ("dcat", DCAT), ("dcterms", DCTERMS), ("sd", SD),
                       ("foaf", FOAF), ("xsd", XSD)):  # fmt: skip
        g.bind(prefix, ns)
    dataset = URIRef(f"{root}/.well-known/void#cndkg")
    licence = URIRef("https://creativecommons.org/licenses/by/4.0/")
    issued = Literal(m["built"], datatype=XSD.dateTime) if m.get("built") else None
    publisher = BNode("publisher")
    g.add((publisher, RDF.type, FOAF.Agent))
    g.add((publisher, FOAF.name, Literal(current_app.config["PUBLISHER"])))
    for p, o in (
        (RDF.type, VOID.Dataset), (RDF.type, DCAT.Dataset),
        (DCTERMS.title, Literal(
            "cndkg: the open knowledge graph of the UN Commission on Narcotic Drugs", lang="en")),
        (DCTERMS.description, Literal(
            "Meetings, sessions, challenges, statements, roles, initiatives and citations "
            "extracted from CND documents, each fact with its source quote.", lang="en")),
        (DCTERMS.license, licence), (DCTERMS.publisher, publisher),
        (DCTERMS.hasVersion, Literal(str(m.get("version", "")))),
        (VOID.sparqlEndpoint, URIRef(f"{root}/sparql")),
        (VOID.uriSpace, Literal(base)),
        (VOID.triples, Literal(_merged_triples(m))),
        (VOID.rootResource, URIRef(CND + "MinisterialDeclarationChallenges")),  # the one scheme
        *((VOID.vocabulary, URIRef(v)) for v in (
            "https://w3id.org/cndkg/ontology#", "https://schema.org/", "http://www.w3.org/ns/org#",
            "http://www.w3.org/2004/02/skos/core#", "http://www.w3.org/ns/prov#",
            "http://www.w3.org/ns/oa#")),
        *((VOID.exampleResource, URIRef(base + e)) for e in ("state/CHE", "challenge/C06")),
    ):  # fmt: skip
        g.add((dataset, p, o))
    if issued is not None:
        g.add((dataset, DCTERMS.modified, issued))
    for name, (filename, media) in DOWNLOADS.items():
        path = release.path / filename
        if not name.startswith("cndkg.") or not path.exists():
            continue  # the ontology is a resource of its own, not a dump of the dataset
        url = URIRef(f"{root}/download/{name}")
        dist = URIRef(f"{root}/.well-known/void#{name}")
        if not name.endswith(".gz"):
            g.add((dataset, VOID.dataDump, url))
        g.add((dataset, DCAT.distribution, dist))
        content = DOWNLOADS[name.removesuffix(".gz")][1]
        for p, o in (
            (RDF.type, DCAT.Distribution), (DCAT.downloadURL, url), (DCAT.accessURL, url),
            (DCAT.mediaType, URIRef(IANA + content)), (DCTERMS.license, licence),
            (DCAT.byteSize, Literal(path.stat().st_size, datatype=XSD.nonNegativeInteger)),
            (DCTERMS.publisher, publisher), (DCTERMS.title, Literal(name)),
        ):  # fmt: skip
            g.add((dist, p, o))
        if name.endswith(".gz"):
            g.add((dist, DCAT.compressFormat, URIRef(IANA + media)))
        if issued is not None:
            g.add((dist, DCTERMS.issued, issued))
    for graph, n in sorted(graphs.items()):
        subset = URIRef(graph)  # the named graph is the subset: its IRI names it
        g.add((dataset, VOID.subset, subset))
        g.add((subset, RDF.type, VOID.Dataset))
        g.add((subset, VOID.triples, Literal(n)))
        g.add((subset, SD.name, URIRef(graph)))
        g.add((subset, VOID.dataDump, URIRef(f"{root}/graph-store?graph={quote(graph, safe='')}")))
    wikidata = URIRef("http://www.wikidata.org/")
    g.add((wikidata, RDF.type, VOID.Dataset))
    g.add((wikidata, VOID.uriSpace, Literal(WIKIDATA)))
    g.add((wikidata, VOID.sparqlEndpoint, URIRef("https://query.wikidata.org/sparql")))
    for predicate, n in _links(release):
        linkset = URIRef(f"{root}/.well-known/void#wikidata-{quote(predicate, safe='')}")
        for p, o in (
            (RDF.type, VOID.Linkset), (VOID.subjectsTarget, dataset),
            (VOID.objectsTarget, wikidata), (VOID.target, dataset), (VOID.target, wikidata),
            (VOID.linkPredicate, URIRef(predicate)), (VOID.triples, Literal(n)),
        ):  # fmt: skip
            g.add((linkset, p, o))
        g.add((dataset, VOID.subset, linkset))
    return g


def _merged_triples(manifest: dict[str, Any]) -> int:
    """What the dumps and the default graph hold: every triple once, the RDF merge."""
    return int(manifest.get("merged_triples") or sum(manifest.get("graphs", {}).values()))


def _links(release: Release) -> list[tuple[str, int]]:
    """Each predicate linking to a Wikidata entity, with its number of triples."""
    job = QueryJob(query=LINKS, result_format="json", max_rows=1000)
    rows = json.loads(release.pool.run(job, None).body)["results"]["bindings"]
    return [(r["p"]["value"], int(r["n"]["value"])) for r in rows]

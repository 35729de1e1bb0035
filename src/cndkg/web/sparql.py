"""The SPARQL 1.1 Protocol endpoint at /sparql (query operation only: read-only).

Protocol section 2.1: query via GET, POST form-encoded, or POST
application/sparql-query; default-graph-uri and named-graph-uri; results chosen by
Accept or a `format` parameter. Without a query, GET answers the Service Description
(SPARQL 1.1 Service Description, section 3).
"""

from __future__ import annotations

import json
import re
import time
from functools import lru_cache
from urllib.parse import parse_qsl

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, render_template, request
from werkzeug.datastructures import ImmutableMultiDict, MultiDict

from cndkg.web.address import public_root
from cndkg.web.budget import client_budget, client_key, too_many
from cndkg.web.caching import release_cached
from cndkg.web.guard import QueryRefused, QuerySyntaxError, check_nesting
from cndkg.web.negotiation import (
    GRAPH_MEDIA,
    GRAPH_TYPES,
    RESULT_MEDIA,
    RESULT_TYPES,
    NotAcceptable,
    choose,
    format_parameter,
    wants_html,
)
from cndkg.web.pool import (
    RDF_FORMATS,
    NotAcceptableForm,
    PoolUnavailable,
    QueryFailed,
    QueryJob,
    QueryRefusedError,
    QueryTimeout,
)
from cndkg.web.published import Published
from cndkg.web.remote import RemotePublished

bp = Blueprint("sparql", __name__)
FORM = "application/x-www-form-urlencoded"


@lru_cache(maxsize=64)  # bodies are at most MAX_CONTENT_LENGTH (256 KiB): 16 MiB at worst
def form_fields(body: bytes) -> ImmutableMultiDict[str, str]:
    """A url-encoded form body, decoded by the standard library's parse_qsl as werkzeug
    does (a bad escape becomes U+FFFD), and remembered per distinct body: decoding a
    competency query took 50 us, a third of a cached answer."""
    try:
        text = body.decode()
    except UnicodeDecodeError:  # werkzeug's form parser reads such a body as an empty form
        return ImmutableMultiDict()
    return ImmutableMultiDict(parse_qsl(text, keep_blank_values=True, errors="replace"))


def posted_fields() -> MultiDict[str, str]:
    if request.mimetype == FORM:
        return form_fields(request.get_data())
    return request.form  # multipart: werkzeug's streaming parser


def problem(status: int, message: str) -> Response:
    response = Response(message.rstrip() + "\n", status=status, mimetype="text/plain")
    if status == 406:  # the refusal depends on Accept as much as an answer does
        response.headers["Vary"] = "Accept"
    return response


def published() -> Published | RemotePublished:
    pub = current_app.extensions["cndkg"]
    assert isinstance(pub, Published | RemotePublished)
    return pub


@bp.route("/sparql", methods=["GET", "POST"])
@release_cached
def sparql() -> Response:
    if request.method == "POST":
        mimetype = request.mimetype
        fields = posted_fields()
        if mimetype == "application/sparql-update" or "update" in fields:
            return problem(403, "SPARQL Update is not allowed: this endpoint is read-only")
        if mimetype == "application/sparql-query":
            charset = request.mimetype_params.get("charset", "utf-8").lower()
            if charset not in ("utf-8", "utf8"):  # SPARQL 1.1 Protocol, section 2.1.3
                return problem(415, f"a query posted directly must be UTF-8, not {charset}")
            query = request.get_data(as_text=True)
            params = request.args
        elif mimetype in (FORM, "multipart/form-data"):
            params = fields
            queries = params.getlist("query")
            if len(queries) != 1:
                return problem(400, "exactly one 'query' parameter is required")
            query = queries[0]
        else:
            return problem(
                415,
                f"unsupported Content-Type {mimetype or '(none)'}: use "
                "application/sparql-query or application/x-www-form-urlencoded",
            )
    else:
        if "update" in request.args:
            return problem(403, "SPARQL Update is not allowed: this endpoint is read-only")
        queries = request.args.getlist("query")
        if not queries:
            return service_description()
        if len(queries) != 1:
            return problem(400, "exactly one 'query' parameter is required")
        query = queries[0]
        params = request.args
    return answer(
        query,
        params.getlist("default-graph-uri"),
        params.getlist("named-graph-uri"),
        format_parameter(params),
    )


def answer(query: str, default_graphs: list[str], named_graphs: list[str], fmt: str) -> Response:
    """Run a client's query. The app only measures it (length, bracket depth): parsing,
    the guard's refusals and evaluation happen in a killable query process."""
    config = current_app.config
    if len(query) > config["MAX_QUERY_LENGTH"]:
        return problem(413, f"query longer than {config['MAX_QUERY_LENGTH']} characters")
    if not query.strip():
        return problem(400, "empty query")
    try:
        check_nesting(query)
    except QueryRefused as exc:
        return problem(400, str(exc))
    try:
        release = published().current()
    except FileNotFoundError as exc:
        return problem(503, f"no build to answer from: {exc}")
    allowed = release.graphs
    for g in default_graphs + named_graphs:
        if g not in allowed:
            return problem(400, f"<{g}> is not a graph of this dataset (see /.well-known/void)")
    # the form is known once the query process has parsed the query: it gets a format
    # for each kind of answer, None where the client accepts none of that kind
    refusals: list[str] = []
    result_format = _acceptable(RESULT_TYPES, "json", fmt, refusals)
    graph_format = _acceptable(GRAPH_TYPES, "turtle", fmt, refusals)
    if result_format is None and graph_format is None:
        return problem(406, refusals[0])
    job = QueryJob(
        query=query,
        result_format=result_format,
        max_rows=config["MAX_ROWS"],
        default_graphs=default_graphs,
        named_graphs=named_graphs or None,
        base_iri=release.base,
    )
    budget = client_budget()
    if release.pool.cached(job, graph_format) is None:
        wait = budget.refusal(client_key(request.environ))
        if wait:
            return too_many(wait)
    started = time.monotonic()
    try:
        result = release.pool.run(job, graph_format)
    except QuerySyntaxError as exc:
        return malformed(str(exc))
    except QueryRefusedError as exc:
        return problem(400, str(exc))
    except NotAcceptableForm as exc:
        return problem(406, f"none of the formats you accept can carry a {exc} answer")
    except QueryTimeout as exc:
        return problem(503, f"{exc}; narrow the query or add a LIMIT")
    except PoolUnavailable as exc:
        return problem(503, str(exc))
    except QueryFailed as exc:
        return problem(400, f"the query could not be evaluated: {exc}")
    finally:
        budget.charge(client_key(request.environ), time.monotonic() - started)
    graph_form = result.kind == "graph"
    media = GRAPH_MEDIA[result.result_format] if graph_form else RESULT_MEDIA[result.result_format]
    response = Response(result.body, status=200, content_type=media)
    response.headers["Vary"] = "Accept"
    response.headers["X-Cndkg-Release"] = release.path.name
    if result.truncated:
        # the answer is complete up to the cap: said in a header, and the status stays 200
        response.headers["X-Cndkg-Truncated"] = f"results capped at {config['MAX_ROWS']} rows"
        response.headers["Warning"] = f'199 cndkg "results capped at {config["MAX_ROWS"]} rows"'
    return response


SYNTAX_AT = re.compile(r"error at (\d+):(\d+): (.*)", re.DOTALL)


def malformed(message: str) -> Response:
    """400 for a query the parser rejects: text, or RFC 9457 problem details with the
    line and column (1-based) as members for a client that accepts
    application/problem+json (the workbench points at the place)."""
    if "application/problem+json" not in request.headers.get("Accept", ""):
        return problem(400, f"malformed query: {message}")
    at = SYNTAX_AT.match(message)
    body = {"title": "malformed query", "status": 400, "detail": message}
    if at:
        body |= {"line": int(at[1]), "column": int(at[2]), "detail": at[3]}
    return Response(json.dumps(body), status=400, mimetype="application/problem+json")


def _acceptable(table: dict[str, str], default: str, fmt: str, refusals: list[str]) -> str | None:
    try:
        return choose(request, table, default, fmt)
    except NotAcceptable as exc:
        refusals.append(str(exc))
        return None


SD_TEMPLATE = """@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix void: <http://rdfs.org/ns/void#> .
@prefix dcterms: <http://purl.org/dc/terms/> .

<{endpoint}> a sd:Service ;
    sd:endpoint <{endpoint}> ;
    sd:supportedLanguage sd:SPARQL11Query ;
    sd:resultFormat <http://www.w3.org/ns/formats/SPARQL_Results_JSON>,
        <http://www.w3.org/ns/formats/SPARQL_Results_XML>,
        <http://www.w3.org/ns/formats/SPARQL_Results_CSV>,
        <http://www.w3.org/ns/formats/SPARQL_Results_TSV>,
        <http://www.w3.org/ns/formats/Turtle>, <http://www.w3.org/ns/formats/N-Triples>,
        <http://www.w3.org/ns/formats/JSON-LD>, <http://www.w3.org/ns/formats/RDF_XML> ;
    sd:feature sd:UnionDefaultGraph ;
    dcterms:description "Read-only SPARQL 1.1 endpoint of cndkg. The default graph is the union of the named graphs; a relative IRI in a query without BASE is resolved against <{base}>; each named graph is read whole at <{root}/graph-store?graph=IRI> (SPARQL 1.1 Graph Store HTTP Protocol, GET). SERVICE, LOAD, updates and FROM outside the dataset's graphs are refused; queries are stopped after {timeout:g} s and answers capped at {max_rows} rows."@en ;
    sd:defaultDataset [
        a sd:Dataset ;
        void:sparqlEndpoint <{endpoint}> ;
        sd:defaultGraph [ a sd:Graph ; void:triples {triples} ] ;
{named}
    ] .
"""  # noqa: E501


def service_description() -> Response:
    release = published().current()
    endpoint = public_root() + "/sparql"
    graphs = release.manifest.get("graphs", {})
    named = "\n".join(
        f"        sd:namedGraph [ a sd:NamedGraph ; sd:name <{g}> ; "
        f"sd:graph [ a sd:Graph ; void:triples {n} ] ] ;"
        for g, n in sorted(graphs.items())
    )
    turtle = SD_TEMPLATE.format(
        endpoint=endpoint, timeout=current_app.config["QUERY_TIMEOUT"], base=release.base,
        root=public_root(),
        max_rows=current_app.config["MAX_ROWS"], triples=sum(graphs.values()), named=named,
    )  # fmt: skip
    if wants_html(request):
        return Response(
            render_template(
                "sparql.html", endpoint=endpoint, graphs=graphs, config=current_app.config
            ),
            mimetype="text/html",
        )
    return turtle_response(turtle.encode("utf-8"))


def turtle_response(turtle: bytes) -> Response:
    """A description written in Turtle, answered in the RDF format the client asks for."""
    try:
        chosen = choose(request, GRAPH_TYPES, "turtle", format_parameter(request.args))
    except NotAcceptable as exc:
        return problem(406, str(exc))
    if chosen == "turtle":
        body = turtle
    else:
        triples = list(ox.parse(turtle, format=ox.RdfFormat.TURTLE))
        body = ox.serialize(triples, format=RDF_FORMATS[chosen]) or b""
    response = Response(body, content_type=GRAPH_MEDIA[chosen])
    response.headers["Vary"] = "Accept"
    return response

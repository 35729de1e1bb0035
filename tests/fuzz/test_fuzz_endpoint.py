"""Property-based fuzzing of the endpoint's parameters and headers: never a 500, a trace
or a hang, whatever arrives."""

from __future__ import annotations

from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

FRAGMENTS = ["SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "WHERE", "{", "}", "?s", "?p", "?o", ".",
             "FILTER", "(", ")", "OPTIONAL", "UNION", "GRAPH", "SERVICE", "FROM", "NAMED",
             "<http://127.0.0.1:1/>", "<urn:x>", '"text"', "'x'", "#", "LIMIT", "1", "*",
             "PREFIX", "p:", "p:x", "INSERT", "DATA", "LOAD", "BIND", "AS", "COUNT", "\\",
             "\u0000", "\u202e", "𝔘", '"""', "<", ">"]  # fmt: skip
queries = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(FRAGMENTS), max_size=40).map(" ".join),
)
header_text = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=80)
media = st.sampled_from(
    [
        "application/sparql-results+json",
        "text/csv",
        "text/turtle",
        "*/*",
        "text/html",
        "application/ld+json;q=0.3",
        "image/png",
        "",
        ";;;",
        "text/*;q=abc",
        "application/sparql-results+xml, text/csv;q=0.5",
    ]
)
SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(
    query=queries,
    accept=st.one_of(media, header_text),
    fmt=st.one_of(st.just(""), header_text),
    graph=st.one_of(st.just(""), header_text),
)
def test_get_never_fails_badly(
    client: FlaskClient, query: str, accept: str, fmt: str, graph: str
) -> None:
    params = {"query": query}
    if fmt:
        params["format"] = fmt
    if graph:
        params["default-graph-uri"] = graph
    r = client.get("/sparql", query_string=params, headers={"Accept": accept})
    assert r.status_code in (200, 400, 403, 406, 413, 503), (r.status_code, r.text[:200])
    assert "Traceback" not in r.get_data(as_text=True)


@SETTINGS
@given(
    body=st.binary(max_size=400),
    content_type=st.one_of(
        media,
        header_text,
        st.sampled_from(
            [
                "application/sparql-query",
                "application/x-www-form-urlencoded",
                "application/sparql-update",
                "multipart/form-data; boundary=x",
            ]
        ),
    ),
)
def test_post_never_fails_badly(client: FlaskClient, body: bytes, content_type: str) -> None:
    r = client.post("/sparql", data=body, headers={"Content-Type": content_type})
    assert r.status_code in (200, 400, 403, 406, 413, 415, 503), (r.status_code, r.text[:200])
    assert "Traceback" not in r.get_data(as_text=True)


@SETTINGS
@given(path=st.text(max_size=80), accept=st.one_of(media, header_text))
def test_entity_paths_never_fail_badly(client: FlaskClient, path: str, accept: str) -> None:
    r = client.get("/id/" + path, headers={"Accept": accept})
    assert r.status_code in (200, 400, 404, 405, 406, 503), (r.status_code, r.text[:200])
    assert "Traceback" not in r.get_data(as_text=True)

"""The query pool: answers from killable processes, repeated answers from a cache."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pyoxigraph as ox
import pytest

from cndkg.web.pool import RESULT_FORMATS, QueryJob, QueryPool

COUNT = QueryJob("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "json", 10_000)


@pytest.mark.parametrize(("cache_bytes", "reused"), [(64 << 20, True), (0, False)])
def test_a_repeated_query_is_answered_from_the_cache_unless_it_is_off(
    seed_release: Path, cache_bytes: int, reused: bool
) -> None:
    pool = QueryPool(seed_release / "store", size=1, cache_bytes=cache_bytes)
    try:
        first, second = pool.run(COUNT), pool.run(COUNT)
    finally:
        pool.close()
    assert first.body == second.body and b'"n"' in first.body
    assert (first is second) is reused


@pytest.mark.parametrize("result_format", ["json", "xml", "csv", "tsv"])
def test_an_answer_past_the_row_cap_stops_the_engine_at_the_cap(
    seed_release: Path, result_format: str
) -> None:
    """A cross product of the seeds has about 900 million rows: computed in full, it would
    run into the time limit; cut at the cap, it answers at once, in every format."""
    pool = QueryPool(seed_release / "store", size=1, timeout=5.0, cache_bytes=0)
    job = QueryJob("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }", result_format, 100)
    try:
        answer = pool.run(job)
    finally:
        pool.close()
    assert answer.truncated and answer.rows == 100
    if result_format == "csv":  # lossy, so Oxigraph does not read it back
        rows = len(list(csv.reader(io.StringIO(answer.body.decode())))) - 1
    else:
        parsed = ox.parse_query_results(answer.body, format=RESULT_FORMATS[result_format])
        assert isinstance(parsed, ox.QuerySolutions)
        rows = len(list(parsed))
    assert rows == 100


def test_an_answer_under_the_cap_is_whole_and_untouched(seed_release: Path) -> None:
    query = "SELECT ?s ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label }"
    store = ox.Store.read_only(str(seed_release / "store"))
    result = store.query(query)
    assert isinstance(result, ox.QuerySolutions)
    direct = result.serialize(format=ox.QueryResultsFormat.JSON) or b""
    pool = QueryPool(seed_release / "store", size=1, cache_bytes=0)
    try:
        answer = pool.run(QueryJob(query, "json", 10_000))
    finally:
        pool.close()
    assert not answer.truncated and answer.rows == direct.count(b'"label"') - 1
    assert answer.body == direct

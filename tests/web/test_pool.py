"""The query pool: answers from killable processes, repeated answers from a cache."""

from __future__ import annotations

from pathlib import Path

import pytest

from cndkg.web.pool import QueryJob, QueryPool

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

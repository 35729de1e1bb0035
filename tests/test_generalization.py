"""Documents never seen before, one per genre, written for these tests (tests/cases/):
the competency answers match what each document says."""

from __future__ import annotations

from pathlib import Path

import pytest

from cndkg.evaluate import evaluate
from cndkg.pipeline import run_build
from tests.conftest import CASES, QUERIES

GENRES = [
    "chairs-summary-2027",
    "round-table-2029",
    "delegation-report-2026",
    "session-report-2028",
]
# Floors per case and query, from the last measured run (README "Extraction quality").
FLOORS = {
    "chairs-summary-2027": {
        "statements": 1.0,
        "group-members": 1.0,
        "sessions": 1.0,
        "meetings": 1.0,
        "participants": 1.0,
        "initiatives": 1.0,
        "roles": 0.85,
        "citations": 0.85,
    },
    "round-table-2029": {
        "meetings": 1.0,
        "sessions": 1.0,
        "roles": 1.0,
        "participants": 1.0,
        "citations": 0.9,
    },
    "delegation-report-2026": {
        "meetings": 1.0,
        "sessions": 1.0,
        "statements": 1.0,
        "participants": 0.9,
        "roles": 0.75,
        "citations": 0.75,
    },
    "session-report-2028": {
        "meetings": 1.0,
        "sessions": 1.0,
        "statements": 0.95,
        "group-members": 1.0,
        "roles": 1.0,
        "participants": 0.95,
        "initiatives": 1.0,
        "citations": 1.0,
    },
}


@pytest.mark.parametrize("case", GENRES)
def test_unseen_document_answers_competency_queries(case: str, tmp_path: Path) -> None:
    report = run_build(CASES / case, tmp_path / "build")
    assert report.ok, report.validation.summary() if report.validation else ""
    assert report.release is not None
    scores = {s.query: s for s in evaluate(report.release, QUERIES, CASES / case)}
    for query, floor in FLOORS[case].items():
        s = scores[query]
        assert s.f1 >= floor, (query, s.f1, s.missed, s.extra)

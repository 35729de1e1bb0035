"""Shared fixtures: the seeds built once per test session, the gazetteer, documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from cndkg.gazetteers import Gazetteer
from cndkg.model import Document
from cndkg.parse import parse_document
from cndkg.pipeline import BuildReport, run_build
from cndkg.sources import read_source

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "data" / "sources"
QUERIES = ROOT / "queries"
EXPECTED = ROOT / "tests" / "expected"
CASES = ROOT / "tests" / "cases"


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    return Gazetteer()


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory: pytest.TempPathFactory) -> BuildReport:
    out = tmp_path_factory.mktemp("seed-build")
    report = run_build(SOURCES, out)
    assert report.ok, report.validation.summary() if report.validation else "no report"
    return report


@pytest.fixture(scope="session")
def seed_release(seed_build: BuildReport) -> Path:
    assert seed_build.release is not None
    return seed_build.release


def seed_identity(name: str) -> str:
    """A seed's identity in IRIs (source/<identity>), by its number prefix ("003")."""
    return read_source(next(SOURCES.glob(f"{name}_*.txt"))).meta.identity


def seed(name: str) -> Document:
    """A parsed seed document by its number prefix ("001")."""
    path = next(SOURCES.glob(f"{name}_*.txt"))
    return parse_document(read_source(path))

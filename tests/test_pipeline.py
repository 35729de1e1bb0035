"""`cndkg build` on the seeds: a conforming, published build; failures publish nothing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from cndkg.cli import main
from cndkg.pipeline import BuildReport, run_build
from cndkg.query import select_rows
from cndkg.release import resolve
from cndkg.store import open_store
from tests.conftest import CASES, QUERIES, SOURCES


def rows_of(release: Path, query: str) -> list[dict[str, str]]:
    names, rows = select_rows(open_store(release), (QUERIES / query).read_text(encoding="utf-8"))
    return [dict(zip(names, r, strict=True)) for r in rows]


def test_seed_build_conforms_and_writes_every_artifact(seed_build: BuildReport) -> None:
    assert seed_build.validation is not None and seed_build.validation.conforms
    release = seed_build.release
    assert release is not None
    for name in (
        "dataset.trig",
        "union.ttl",
        "union.nt",
        "ontology.ttl",
        "validation-report.ttl",
        "manifest.json",
        "store",
    ):
        assert (release / name).exists(), name
    manifest = json.loads((release / "manifest.json").read_text())
    graphs = manifest["graphs"]
    assert sum(1 for g in graphs if "/graph/source/" in g) == 5
    assert any(g.endswith("/graph/inferred") for g in graphs)


def test_meetings_query_lists_the_meetings_of_the_seeds(seed_release: Path) -> None:
    meetings = {
        (r["kind"], r["start"], r["end"], r["place"]) for r in rows_of(seed_release, "meetings.rq")
    }
    for expected in [
        ("ThematicDiscussion", "2019-10-16", "2019-10-18", "Vienna"),
        ("ThematicDiscussion", "2020-10-19", "2020-10-21", "Vienna"),
        ("ThematicDiscussion", "2021-10-19", "2021-10-21", "Vienna"),
        ("ThematicDiscussion", "2022-09-21", "2022-09-22", "Vienna"),
        ("ThematicDiscussion", "2023-10-23", "2023-10-25", "Vienna"),
        ("ThematicDiscussion", "2023-12-04", "2023-12-06", "Vienna"),
        ("CommissionSession", "2024-03-14", "2024-03-22", "Vienna"),
        ("CommissionSession", "2025-03-10", "2025-03-14", "Vienna"),
        ("IntersessionalMeeting", "2024-11-12", "2024-11-14", "Vienna"),
        ("RoundTable", "2019-03-14", "2019-03-14", ""),
        ("RoundTable", "2019-03-15", "2019-03-15", ""),
    ]:
        assert expected in meetings, expected
    kinds = {r["kind"]: r for r in rows_of(seed_release, "meetings.rq")}
    assert "Segment" in kinds
    names = {r["name"] for r in rows_of(seed_release, "meetings.rq")}
    assert any("Roundtable Discussion" in n for n in names)  # the CCPCJ slides' roundtable
    assert any(r["meeting"].endswith("/cnd-62") for r in rows_of(seed_release, "meetings.rq"))


def test_sessions_query_gives_each_thematic_session_its_challenge(seed_release: Path) -> None:
    got = {
        (r["date"], r["challengeCode"])
        for r in rows_of(seed_release, "sessions.rq")
        if r["challengeCode"]
    }
    expected = {
        ("2019-10-16", "C01"),
        ("2019-10-17", "C02"),
        ("2019-10-18", "C03"),
        ("2020-10-19", "C04"),
        ("2020-10-19", "C05"),
        ("2020-10-20", "C06"),
        ("2020-10-21", "C07"),
        ("2021-10-19", "C08"),
        ("2021-10-20", "C09"),
        ("2021-10-21", "C10"),
        ("2022-09-21", "C11"),
        ("2022-09-22", "C11"),
        ("2023-10-23", "C01"),
        ("2023-10-23", "C02"),
        ("2023-10-24", "C08"),
        ("2023-10-24", "C09"),
        ("2023-10-25", "C10"),
        ("2023-10-25", "C11"),
        ("2023-12-04", "C04"),
        ("2023-12-04", "C05"),
        ("2023-12-05", "C06"),
        ("2023-12-05", "C03"),
        ("2023-12-06", "C07"),
    }
    assert got == expected


def test_failed_validation_leaves_the_previous_build_in_place(
    seed_build: BuildReport, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    shutil.copytree(seed_build.release.parent.parent, out, symlinks=True)  # type: ignore[union-attr]
    before = resolve(out)
    bad = tmp_path / "shapes"
    bad.mkdir()
    (bad / "strict.shacl.ttl").write_text(
        """
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix cnd: <https://w3id.org/cndkg/ontology#> .
        <urn:shape> a sh:NodeShape ; sh:targetClass cnd:Statement ;
            sh:property [ sh:path cnd:speaker ; sh:maxCount 0 ; sh:message "no speakers" ] .
        """,
        encoding="utf-8",
    )
    import cndkg.pipeline as pipeline

    original = pipeline.SHAPES_DIR
    pipeline.SHAPES_DIR = bad
    try:
        report = run_build(SOURCES, out, strict=True)
    finally:
        pipeline.SHAPES_DIR = original
    assert not report.ok
    assert report.validation is not None and "no speakers" in report.validation.summary()
    assert resolve(out) == before
    assert (out / "failed-validation-report.ttl").exists()


def test_bad_source_is_named_with_its_reason_and_the_others_are_published(
    seed_build: BuildReport, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sources = tmp_path / "sources"
    shutil.copytree(SOURCES, sources)
    (sources / "broken.txt").write_bytes(b"\xff\xfe\x00\x00binary")
    out = tmp_path / "out"
    assert main(["build", "--sources", str(sources), "--out", str(out)]) == 3
    captured = capsys.readouterr()
    assert "unreadable broken.txt" in captured.out and "binary" in captured.out
    assert "broken.txt" in captured.err
    manifest = json.loads((resolve(out) / "manifest.json").read_text())
    status = {d["file"]: (d["status"], d["total"]) for d in manifest["documents"]}
    assert status["broken.txt"] == ("unreadable", 0)
    assert all(status[p.name][0] == "published" for p in SOURCES.glob("*.txt"))
    assert (
        manifest["graphs"]
        == json.loads(
            (seed_build.release / "manifest.json").read_text()  # type: ignore[operator]
        )["graphs"]
    )


def test_a_document_that_breaks_a_shape_is_held_back_whole_and_the_rest_published(
    tmp_path: Path,
) -> None:
    """tests/cases/held-back: a copy of a seed whose sidecar gives a malformed symbol
    ("E/CN.7/2025/L. 2"), beside a seed that is fine."""
    sources = tmp_path / "sources"
    sources.mkdir()
    shutil.copy(CASES / "held-back" / "slip.txt.meta.json", sources)
    shutil.copy(next(SOURCES.glob("003_*.txt")), sources / "slip.txt")
    shutil.copy(next(SOURCES.glob("000_*.txt")), sources)
    report = run_build(sources, tmp_path / "out")
    assert report.release is not None
    held = {d.doc_id: d for d in report.held_back}
    assert list(held) == ["slip"], [d.line() for d in report.documents]
    assert any("symbol" in reason.lower() for reason in held["slip"].reasons)
    text = (report.release / "union.nt").read_text(encoding="utf-8")
    published = {d.file: d for d in report.documents}
    slip, fine = held["slip"].identity, published[next(SOURCES.glob("000_*.txt")).name].identity
    assert f"/source/{slip}" not in text and f"/source/{fine}" in text  # nothing of it published
    manifest = json.loads((report.release / "manifest.json").read_text())
    assert {d["doc_id"]: d["status"] for d in manifest["documents"]}["slip"] == "held back"
    strict = run_build(sources, tmp_path / "strict", strict=True)
    assert strict.release is None


def test_base_iri_is_configurable(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    shutil.copy(next(SOURCES.glob("003_*.txt")), sources)
    report = run_build(sources, tmp_path / "out", base="https://example.org/cnd/")
    assert report.release is not None
    text = (report.release / "union.nt").read_text(encoding="utf-8")
    assert "<https://example.org/cnd/meeting/cnd-68>" in text
    assert "https://w3id.org/cndkg/id/" not in text


def test_iris_are_stable_across_rebuilds(seed_release: Path, tmp_path: Path) -> None:
    again = run_build(SOURCES, tmp_path / "again")
    assert again.release is not None
    first = set((seed_release / "union.nt").read_text(encoding="utf-8").splitlines())
    second = set((again.release / "union.nt").read_text(encoding="utf-8").splitlines())
    assert first == second


def test_the_default_graph_states_each_fact_once_however_many_documents_state_it(
    tmp_path: Path,
) -> None:
    """Two reports of the same session both state its participants; SPARQL's default
    graph is their merge (a set), so each fact comes back once, not once per document."""
    sources = tmp_path / "sources"
    sources.mkdir()
    seed = sorted(SOURCES.glob("003_*.txt"))[0]
    for name in ("003_a.txt", "003_b.txt"):
        shutil.copy(seed, sources / name)
    with (sources / "003_b.txt").open("a", encoding="utf-8") as f:
        f.write("\n(A second printing.)\n")  # another document: the same bytes are one
    report = run_build(sources, tmp_path / "out")
    assert report.ok and report.release is not None
    manifest = json.loads((report.release / "manifest.json").read_text())
    assert manifest["merged_triples"] < manifest["triples"]
    store = open_store(report.release)
    facts = "?p a cnd:Participation ; cnd:participant ?actor"
    prefix = "PREFIX cnd: <https://w3id.org/cndkg/ontology#> "
    _, every = select_rows(store, prefix + f"SELECT ?p ?actor WHERE {{ {facts} }}")
    _, once = select_rows(store, prefix + f"SELECT DISTINCT ?p ?actor WHERE {{ {facts} }}")
    _, in_two = select_rows(
        store, prefix + f"SELECT DISTINCT ?p WHERE {{ GRAPH ?a {{ {facts} }} GRAPH ?b "
        "{ ?p a cnd:Participation } FILTER(?a != ?b) }",
    )  # fmt: skip
    assert in_two and once and len(every) == len(once)

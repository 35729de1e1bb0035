"""IRIs come from what things are: renaming the files or reading them in another order
changes no IRI of the graph; documents are named by symbol or content; a statement by
its meeting and speaker; the IRIs of the previous scheme are written out to redirect."""

from __future__ import annotations

import hashlib
import random
import re
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

import cndkg.pipeline
from cndkg.iris import (
    CHALLENGE_SCHEME,
    DEFAULT_BASE,
    REDIRECTS_FILE,
    Names,
    document_key,
    read_redirects,
    symbol_path,
)
from cndkg.model import Evidence
from cndkg.pipeline import BuildReport, run_build
from cndkg.store import STORE_DIR
from tests.conftest import SOURCES, seed_identity

SIDECAR = ".meta.json"


def every_iri(release: Path) -> set[str]:
    """Every IRI of a release's store, in any position of any quad, graph names too."""
    store = ox.Store.read_only(str(release / STORE_DIR))
    out: set[str] = set()
    for quad in store:
        for term in (quad.subject, quad.predicate, quad.object, quad.graph_name):
            if isinstance(term, ox.NamedNode):
                out.add(term.value)
    return out


@pytest.fixture(scope="module")
def renamed_build(tmp_path_factory: pytest.TempPathFactory) -> BuildReport:
    """The seeds under other names (each sidecar renamed with its document), numbered in
    a shuffled order, and handed to the build in yet another order."""
    folder = tmp_path_factory.mktemp("renamed") / "sources"
    folder.mkdir()
    documents = sorted(p for p in SOURCES.iterdir() if not p.name.endswith(SIDECAR))
    shuffled = documents[:]
    random.Random(17).shuffle(shuffled)
    assert shuffled != documents
    for i, path in enumerate(shuffled):
        new = folder / f"report-{len(shuffled) - i:02d}-copy{path.suffix}"
        shutil.copy(path, new)
        sidecar = path.with_name(path.name + SIDECAR)
        if sidecar.exists():
            shutil.copy(sidecar, new.with_name(new.name + SIDECAR))
    discover = cndkg.pipeline.discover
    mp = pytest.MonkeyPatch()
    mp.setattr(cndkg.pipeline, "discover", lambda f: list(reversed(discover(f))))
    try:
        report = run_build(folder, folder.parent / "build")
    finally:
        mp.undo()
    assert report.release is not None, [d.line() for d in report.documents]
    return report


def test_renamed_and_shuffled_files_give_the_same_iris(
    seed_release: Path, renamed_build: BuildReport
) -> None:
    assert renamed_build.release is not None
    ours, theirs = every_iri(seed_release), every_iri(renamed_build.release)
    assert len(ours) > 2000
    assert ours == theirs, (sorted(ours - theirs)[:5], sorted(theirs - ours)[:5])


def test_no_iri_holds_a_file_name(seed_release: Path, renamed_build: BuildReport) -> None:
    stems = [p.name.split(".")[0] for p in SOURCES.iterdir()]
    stems += [d.file.split(".")[0] for d in renamed_build.documents]
    named = [i for i in every_iri(seed_release) if any(s in i for s in stems)]
    assert named == []


def test_a_document_without_a_symbol_is_the_hash_of_its_bytes() -> None:
    path = next(SOURCES.glob("003_*.txt"))
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert seed_identity("003") == f"sha256-{digest[:16]}"


def test_a_document_with_a_symbol_is_its_symbol_as_the_un_writes_it() -> None:
    assert document_key("E/CN.7/2025/2", "en", b"any bytes") == "E/CN.7/2025/2"
    assert document_key("E/CN.7/2025/2", "en", b"other bytes") == "E/CN.7/2025/2"
    assert document_key("E/CN.7/2025/2", "fr", b"") == "E/CN.7/2025/2@fr"  # a translation
    # a slip in a sidecar ("L. 2") still gives one path segment per symbol part
    assert symbol_path("E/CN.7/2025/L. 2") == "E/CN.7/2025/L._2"


def test_cited_documents_with_a_symbol_follow_the_same_scheme() -> None:
    n = Names()
    assert n.cited_document("E/CN.7/2025/CRP.1", "E/CN.7/2025/CRP.1") == n(
        "document/E/CN.7/2025/CRP.1"
    )
    assert n.cited_document("A/HRC/54/53") == n("document/A/HRC/54/53")  # symbol as named
    assert n.cited_document("CND resolution 66/3") == n("document/cnd-resolution-66-3")


def test_a_statement_is_its_meeting_and_speaker_and_a_second_word_is_numbered_in_text_order() -> (
    None
):
    n = Names(DEFAULT_BASE, {"file-a": "E/CN.7/2025/2"})
    first = Evidence("file-a", "12", 100, 180, "The representative of Switzerland ...")
    reply = Evidence("file-a", "30", 900, 960, "In exercise of the right of reply, ...")
    other = Evidence("file-a", "12", 200, 260, "The representative of Chile ...")
    # given in another order than the text's: the text's order decides
    n.number_statements(
        [
            ("k-reply", "cnd-68", "state/CHE", reply),
            ("k-chile", "cnd-68", "state/CHL", other),
            ("k-first", "cnd-68", "state/CHE", first),
        ]
    )
    assert n.statement("k-first") == n("statement/cnd-68/state/CHE")
    assert n.statement("k-reply") == n("statement/cnd-68/state/CHE/2")
    assert n.statement("k-chile") == n("statement/cnd-68/state/CHL")
    assert n.evidence(first) == n("evidence/E/CN.7/2025/2/100-180")


def test_the_challenges_are_in_one_concept_scheme(seed_release: Path) -> None:
    store = ox.Store.read_only(str(seed_release / STORE_DIR))
    skos = "http://www.w3.org/2004/02/skos/core#"
    rows = store.query(
        f"SELECT DISTINCT ?scheme WHERE {{ ?c <{skos}inScheme> ?scheme ; "
        '<https://w3id.org/cndkg/ontology#code> ?code FILTER(REGEX(?code, "^C[01][0-9]$")) }'
    )
    assert [r["scheme"].value for r in rows] == [str(CHALLENGE_SCHEME)]  # type: ignore[union-attr]
    schemes = store.query(f"SELECT ?s WHERE {{ ?s a <{skos}ConceptScheme> }}")
    assert str(CHALLENGE_SCHEME) in {r["s"].value for r in schemes}  # type: ignore[union-attr]


def test_the_build_writes_the_old_iris_that_moved_and_where_they_went(
    seed_release: Path,
) -> None:
    table = read_redirects((seed_release / REDIRECTS_FILE).read_text(encoding="utf-8"))
    iris = every_iri(seed_release)
    doc = seed_identity("003")
    assert table["source/003_a017be807abfa683"] == f"{DEFAULT_BASE}source/{doc}"
    assert table["graph/source/003_a017be807abfa683"] == f"{DEFAULT_BASE}graph/source/{doc}"
    assert table["challenge/scheme/ministerial-declaration-2019"] == str(CHALLENGE_SCHEME)
    old_statements = [old for old in table if old.startswith("statement/")]
    assert old_statements and all(
        re.fullmatch(r"statement/\d{3}_[0-9a-f]{16}-.+", old) for old in old_statements
    )
    # every old IRI leads to an IRI of this build, and none to itself
    assert all(new in iris for new in table.values())
    assert all(DEFAULT_BASE + old not in iris for old in table)

"""The ontology is OWL 2 DL and consistent: alone, with the W3C vocabularies it aligns to
(PROV-O, ORG, Web Annotation, as published, in ontology/vocabularies/) and with the
published data of a seeds build, as OWL API's OWL 2 DL profile checker and the HermiT
reasoner judge it (cndkg.owlcheck). A JVM starts once per process, so each check runs
`python -m cndkg.owlcheck` in a process of its own.

The checker is part of the test setup (`make setup`; CI installs a Java runtime): if it
is missing these tests fail, they are never skipped.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from rdflib import OWL, RDF, RDFS, Graph, URIRef
from rdflib.term import Node

from tests.conftest import ROOT

ONTOLOGY = ROOT / "ontology" / "cnd.ttl"
VOCABULARIES = sorted((ROOT / "ontology" / "vocabularies").glob("*.ttl"))
CND = "https://w3id.org/cndkg/ontology#"


def owlcheck(*files: Path, given: list[Path] | None = None) -> dict[str, Any]:
    """The checker's JSON report on `files` (with the `given` vocabularies)."""
    args = [sys.executable, "-m", "cndkg.owlcheck", "--json", *map(str, files)]
    if given:
        args += ["--given", *map(str, given)]
    path = os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "PYTHONPATH": path}
    done = subprocess.run(args, capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode in (0, 1), f"the OWL checker did not run: {done.stderr[-2000:]}"
    report: dict[str, Any] = json.loads(done.stdout)
    return report


def assert_dl_and_consistent(report: dict[str, Any]) -> None:
    assert report["violation_count"] == 0, "\n".join(report["violations"])
    assert report["consistent"]
    assert report["unsatisfiable"] == []


def test_ontology_alone_is_owl2_dl_consistent_and_every_class_satisfiable() -> None:
    report = owlcheck(ONTOLOGY)
    assert report["checker"].startswith("OWL API 5.") and "HermiT 1." in report["checker"]
    assert report["profile"] == "OWL 2 DL" and report["axioms"] > 500
    assert_dl_and_consistent(report)


def test_ontology_with_prov_org_and_web_annotation() -> None:
    """Loaded next to the vocabularies it aligns to, it adds no profile violation of its
    own (theirs, e.g. PROV-O's punned prov:wasRevisionOf, are counted apart), and
    nothing is contradictory or unsatisfiable."""
    assert [p.name for p in VOCABULARIES] == ["oa.ttl", "org.ttl", "prov-o.ttl"]
    report = owlcheck(ONTOLOGY, given=VOCABULARIES)
    assert report["given_violations"] > 0  # the W3C files as published are not DL
    assert_dl_and_consistent(report)


def test_published_data_with_the_ontology_and_vocabularies(seed_release: Path) -> None:
    """What a store with PROV-O, ORG and Web Annotation loaded would hold: every
    statement, meeting, role and evidence of the seeds, with their inferred triples."""
    report = owlcheck(ONTOLOGY, seed_release / "union.nt", given=VOCABULARIES)
    assert report["axioms"] > 20_000
    assert_dl_and_consistent(report)


def test_the_checker_sees_a_contradiction_with_prov_and_a_date_range(tmp_path: Path) -> None:
    """Proof the checks above can fail: the old alignment of evidence to
    prov:wasDerivedFrom (domain prov:Entity) makes a statement, a prov:Activity, an
    entity too; an xsd:date range is outside the OWL 2 datatype map."""
    broken = tmp_path / "broken.ttl"
    broken.write_text(
        """@prefix cnd: <https://w3id.org/cndkg/ontology#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
cnd:evidence rdfs:subPropertyOf prov:wasDerivedFrom .
cnd:day a owl:DatatypeProperty ; rdfs:range xsd:date .
<https://w3id.org/cndkg/id/statement/s1> a cnd:Statement ;
    cnd:evidence <https://w3id.org/cndkg/id/evidence/d/0-9> .
""",
        encoding="utf-8",
    )
    report = owlcheck(ONTOLOGY, broken, given=VOCABULARIES)
    assert any("xsd:date" in v for v in report["violations"]), report["violations"]
    assert not report["consistent"]


# -- alignment: what the ontology header promises ------------------------------------

ALIGNED_TO = {
    "https://schema.org/",
    "http://www.w3.org/ns/org#",
    "http://xmlns.com/foaf/0.1/",
    "http://www.w3.org/ns/prov#",
    "http://www.w3.org/2004/02/skos/core#",
    "http://purl.org/dc/terms/",
    "http://www.w3.org/ns/oa#",
}


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


def external(term: object) -> bool:
    return isinstance(term, URIRef) and any(str(term).startswith(ns) for ns in ALIGNED_TO)


def ancestors(g: Graph, term: Node, link: URIRef) -> set[URIRef]:
    return {t for t in g.transitive_objects(term, link) if isinstance(t, URIRef)} - {term}


def test_every_class_is_a_subclass_of_a_term_of_an_aligned_vocabulary(ontology: Graph) -> None:
    classes = [c for c in ontology.subjects(RDF.type, OWL.Class) if str(c).startswith(CND)]
    assert len(classes) > 50
    alone = [c for c in classes if not any(map(external, ancestors(ontology, c, RDFS.subClassOf)))]
    assert alone == []


def test_every_aligned_vocabulary_is_used_and_unaligned_properties_are_listed(
    ontology: Graph,
) -> None:
    """The header promises a superproperty wherever those vocabularies have a matching
    term; the properties without one are named in ontology/README.md."""
    used = {ns for _, sup in ontology.subject_objects(RDFS.subClassOf | RDFS.subPropertyOf)
            for ns in ALIGNED_TO if str(sup).startswith(ns)}  # fmt: skip
    assert used == ALIGNED_TO
    kinds = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    properties = {
        p for k in kinds for p in ontology.subjects(RDF.type, k) if str(p).startswith(CND)
    }
    unaligned = {
        str(p).removeprefix(CND)
        for p in properties
        if not any(map(external, ancestors(ontology, p, RDFS.subPropertyOf)))
    }
    readme = (ROOT / "ontology" / "README.md").read_text(encoding="utf-8")
    listed = readme.split("No matching term", 1)[1].split("\n\n", 1)[0]
    assert unaligned and all(f"`{name}`" in listed for name in unaligned), sorted(unaligned)

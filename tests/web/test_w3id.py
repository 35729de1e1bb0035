"""The w3id.org redirect file (docs/w3id/cndkg/.htaccess) sends every kind of IRI the
build mints to a route of the service that answers it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from rdflib import OWL, Graph, URIRef

from cndkg.pipeline import ONTOLOGY_FILE
from tests.conftest import ROOT

HTACCESS = ROOT / "docs" / "w3id" / "cndkg" / ".htaccess"
W3ID = "https://w3id.org/cndkg/"
SERVICE = "https://cndkg.example.org"  # the placeholder the README says to replace
RULE = re.compile(r"^RewriteRule\s+(\S+)\s+(\S+)\s+\[([^\]]*)\]", re.M)


def redirect(iri: str) -> tuple[str, int]:
    """Where w3id sends an IRI of ours, and with which status (Apache applies the first
    rule whose pattern matches the path after the folder)."""
    path = iri.removeprefix(W3ID)
    for pattern, target, flags in RULE.findall(HTACCESS.read_text(encoding="utf-8")):
        match = re.search(pattern, path)
        if match:
            status = int(re.search(r"R=(\d+)", flags).group(1))  # type: ignore[union-attr]
            return match.expand(re.sub(r"\$(\d)", r"\\\1", target)), status
    raise AssertionError(f"no rule for {iri}")


def version_iri() -> str:
    ontology = Graph().parse(ONTOLOGY_FILE, format="turtle")
    return str(ontology.value(URIRef(W3ID + "ontology"), OWL.versionIRI))


@pytest.mark.parametrize(
    "iri",
    [
        W3ID + "id/state/CHE",
        W3ID + "id/meeting/cnd-td-2023-10",
        W3ID + "id/graph/entities",
        W3ID + "ontology",
        "version",
        W3ID + "context.jsonld",
        W3ID + "void",
    ],
)
def test_each_kind_of_iri_redirects_to_a_route_that_answers(client: FlaskClient, iri: str) -> None:
    target, status = redirect(version_iri() if iri == "version" else iri)
    assert target.startswith(SERVICE) and status in (302, 303)
    r = client.get(target.removeprefix(SERVICE), headers={"Accept": "text/turtle"})
    assert r.status_code == 200, target
    r.close()


def test_entities_redirect_with_see_other() -> None:
    """An entity is a thing, not a document: 303 to its description (Cool URIs, 4.3)."""
    assert redirect(W3ID + "id/state/CHE") == (SERVICE + "/id/state/CHE", 303)


def test_the_folder_has_what_w3id_requires() -> None:
    assert (HTACCESS.parent / "README.md").exists()
    assert "RewriteEngine on" in HTACCESS.read_text(encoding="utf-8")
    assert Path(HTACCESS).name == ".htaccess"

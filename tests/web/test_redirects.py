"""An IRI of the previous scheme answers 301 with its new IRI (cndkg.web.redirects)."""

from __future__ import annotations

from flask.testing import FlaskClient

from cndkg.iris import CHALLENGE_SCHEME
from tests.conftest import seed_identity


def test_an_old_source_iri_is_moved_permanently_to_the_new_one(client: FlaskClient) -> None:
    r = client.get("/id/source/003_a017be807abfa683", headers={"Accept": "text/turtle"})
    assert r.status_code == 301
    assert r.headers["Location"] == f"/id/source/{seed_identity('003')}"
    moved = client.get(r.headers["Location"], headers={"Accept": "text/turtle"})
    assert moved.status_code == 200 and b"SourceDocument" in moved.data


def test_old_paragraph_and_statement_iris_are_moved_and_their_new_iris_answer(
    client: FlaskClient,
) -> None:
    paragraph = client.get("/id/source/001_12162cf9f7a16b32/p/V.15")
    assert paragraph.status_code == 301
    assert paragraph.headers["Location"] == f"/id/source/{seed_identity('001')}/p/V.15"
    # the first statement of paragraph V.15 of the Chair's summaries (2023, session 2)
    r = client.get("/id/statement/001_12162cf9f7a16b32-V.15-4-5?format=turtle")
    assert r.status_code == 301
    location = r.headers["Location"]
    assert location.startswith("/id/statement/cnd-td-2023-10-s2/")
    assert location.endswith("?format=turtle")  # the question goes along
    assert client.get(location).status_code == 200


def test_the_old_challenge_scheme_is_moved_to_the_ontologys(client: FlaskClient) -> None:
    r = client.get("/id/challenge/scheme/ministerial-declaration-2019")
    assert r.status_code == 301
    assert r.headers["Location"] == str(CHALLENGE_SCHEME)


def test_iris_that_did_not_change_are_answered_not_moved(client: FlaskClient) -> None:
    for path in ("/id/state/CHE", "/id/meeting/cnd-68", "/id/challenge/C07"):
        r = client.get(path, headers={"Accept": "text/turtle"})
        assert r.status_code == 200, path
    assert client.get("/id/source/no-such-file").status_code == 404

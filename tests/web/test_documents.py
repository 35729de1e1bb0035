"""The page of source documents: what each document gave, or why it was held back."""

from __future__ import annotations

import shutil
from pathlib import Path

from flask.testing import FlaskClient

from cndkg.pipeline import run_build
from cndkg.web import create_app
from tests.conftest import CASES, SOURCES


def test_every_seed_is_listed_with_its_facts(client: FlaskClient) -> None:
    page = client.get("/documents").get_data(as_text=True)
    for path in SOURCES.glob("*.txt"):
        assert path.name in page
    assert "all published" in page
    assert "335 statements" in page or "334 statements" in page  # the Chair's summaries
    assert 'href="/documents"' in page  # in the menu


def test_a_held_back_document_is_named_with_its_reason(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    shutil.copy(CASES / "held-back" / "slip.txt.meta.json", sources)
    shutil.copy(next(SOURCES.glob("003_*.txt")), sources / "slip.txt")
    shutil.copy(next(SOURCES.glob("000_*.txt")), sources)
    assert run_build(sources, tmp_path / "out").release is not None
    app = create_app({"BUILD_DIR": str(tmp_path / "out"), "QUERY_WORKERS": 1, "TESTING": True})
    try:
        page = app.test_client().get("/documents").get_data(as_text=True)
    finally:
        app.extensions["cndkg"].close()
    assert "1 held back" in page
    entry = page.split("slip.txt", 1)[1].split("</li>\n  \n", 1)[0]
    assert "held back" in entry and "symbol" in entry

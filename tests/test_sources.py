"""Bad sources are refused with the file and the reason; sidecars are optional."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cndkg.model import SourceError
from cndkg.sources import read_source

GOOD = "Commission on Narcotic Drugs\n\nSixty-ninth session\n\nVienna, 9-13 March 2026\n"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"\x00\x01binary\x00", "binary"),
        ("Commission on Narcotic Drugs café".encode("latin-1"), "not UTF-8"),
        (b"A recipe for lemon cake, with eggs and flour.", "not a CND/CCPCJ document"),
    ],
)
def test_bad_source_names_file_and_reason(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(SourceError) as err:
        read_source(path)
    assert "bad.txt" in str(err.value) and reason in str(err.value)


def test_document_without_sidecar_gets_metadata_from_its_text(tmp_path: Path) -> None:
    path = tmp_path / "new.txt"
    path.write_text(GOOD, encoding="utf-8")
    meta = read_source(path).meta
    assert meta.title == "Commission on Narcotic Drugs"
    assert str(meta.date) == "2026-03-09"
    assert not meta.from_sidecar


def test_sidecar_metadata_wins(tmp_path: Path) -> None:
    path = tmp_path / "new.txt"
    path.write_text(GOOD, encoding="utf-8")
    (tmp_path / "new.txt.meta.json").write_text(
        '{"title": "Report", "date": "2026-03-20", "symbol": "E/CN.7/2026/15", '
        '"genre": "session-report"}',
        encoding="utf-8",
    )
    meta = read_source(path).meta
    assert (meta.title, str(meta.date), meta.symbol, meta.genre) == (
        "Report",
        "2026-03-20",
        "E/CN.7/2026/15",
        "session-report",
    )


def test_broken_sidecar_is_an_error_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "new.txt"
    path.write_text(GOOD, encoding="utf-8")
    (tmp_path / "new.txt.meta.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(SourceError, match=r"new\.txt\.meta\.json"):
        read_source(path)


def test_any_file_name_becomes_a_valid_identifier_and_is_named(tmp_path: Path) -> None:
    from cndkg.sources import doc_id_of

    for name in ("report 2026 ü.txt", "a<b>.txt", "line\nbreak.txt"):
        path = tmp_path / name
        path.write_text(GOOD, encoding="utf-8")
        doc = read_source(path)
        assert re.fullmatch(r"[A-Za-z0-9._-]+", doc.meta.doc_id), doc.meta.doc_id
        assert doc.meta.original_file_name == name
    assert doc_id_of(Path("000_8f5faabf5d39e4d7.txt")) == "000_8f5faabf5d39e4d7"


@pytest.mark.parametrize("value", ["20241116", '["2024-11-16"]', "null"])
def test_a_sidecar_field_of_the_wrong_type_is_named(tmp_path: Path, value: str) -> None:
    path = tmp_path / "new.txt"
    path.write_text(GOOD, encoding="utf-8")
    (tmp_path / "new.txt.meta.json").write_text(f'{{"date": {value}}}', encoding="utf-8")
    with pytest.raises(SourceError, match=r"new\.txt\.meta\.json.*'date' must be a string"):
        read_source(path)


def test_same_identifier_and_links_out_of_the_folder_are_refused_with_the_reason(
    tmp_path: Path,
) -> None:
    from cndkg.sources import discover, refused

    folder = tmp_path / "sources"
    folder.mkdir()
    (folder / "X.md").write_text(GOOD, encoding="utf-8")
    (folder / "X.txt").write_text(GOOD, encoding="utf-8")
    outside = tmp_path / "secret.txt"
    outside.write_text(GOOD, encoding="utf-8")
    (folder / "link.txt").symlink_to(outside)
    reasons = {p.name: r for p, r in refused(folder, discover(folder)).items()}
    assert set(reasons) == {"X.txt", "link.txt"}
    assert "same document identifier as X.md" in reasons["X.txt"]
    assert "outside the sources folder" in reasons["link.txt"]


def test_a_text_of_too_many_paragraphs_is_refused_early(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_text(GOOD + "\n\n".join(["CND"] * 20_001), encoding="utf-8")
    with pytest.raises(SourceError, match=r"huge\.txt.*paragraphs"):
        read_source(path)


def test_what_a_killed_build_left_behind_is_removed_by_the_next(tmp_path: Path) -> None:
    from cndkg.release import new_release

    left = tmp_path / "releases" / "20260101T000000-999999999.partial"
    left.mkdir(parents=True)
    fresh = new_release(tmp_path)
    assert not left.exists() and fresh.exists()

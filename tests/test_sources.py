"""Bad sources are refused with the file and the reason; sidecars are optional."""

from __future__ import annotations

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

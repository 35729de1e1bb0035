"""The command line: query formats, export formats, validate, and clear errors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from rdflib import Dataset, Graph

from cndkg.cli import main
from tests.conftest import QUERIES


def build_dir(release: Path) -> str:
    return str(release.parent.parent)


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_query_prints_a_table_csv_tsv_and_json(
    seed_release: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    q = str(QUERIES / "meetings.rq")
    code, out, _ = run(["query", q, "--build", build_dir(seed_release)], capsys)
    assert code == 0 and out.splitlines()[0].split(" | ")[0].strip() == "meeting"
    code, out, _ = run(["query", q, "--build", build_dir(seed_release), "--format", "csv"], capsys)
    header = next(csv.reader(io.StringIO(out)))
    assert header == ["meeting", "name", "kind", "start", "end", "place", "parent", "bodyCode"]
    code, out, _ = run(["query", q, "--build", build_dir(seed_release), "--format", "tsv"], capsys)
    assert out.splitlines()[0].split("\t")[0] == "?meeting"
    code, out, _ = run(["query", q, "--build", build_dir(seed_release), "--format", "json"], capsys)
    assert json.loads(out)["head"]["vars"][:3] == ["meeting", "name", "kind"]


def test_broken_query_is_a_clear_error(
    seed_release: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT ?x WHERE { ?x ", encoding="utf-8")
    code, _, err = run(["query", str(bad), "--build", build_dir(seed_release)], capsys)
    assert code == 2 and "bad.rq" in err and "syntax" in err.lower()


@pytest.mark.parametrize("fmt", ["ttl", "trig", "nt", "jsonld"])
def test_export_writes_parseable_rdf(
    seed_release: Path, tmp_path: Path, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / f"out.{fmt}"
    code, _, _ = run(
        ["export", "--build", build_dir(seed_release), "--format", fmt, "--output", str(target)],
        capsys,
    )
    assert code == 0
    parser = {"ttl": "turtle", "trig": "trig", "nt": "nt", "jsonld": "json-ld"}[fmt]
    graph = Dataset() if fmt == "trig" else Graph()
    graph.parse(target, format=parser)
    assert len(graph) > 10000


def test_validate_rechecks_a_build(seed_release: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["validate", "--build", build_dir(seed_release)], capsys)
    assert code == 0 and "conforms" in out


def test_missing_build_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["query", str(QUERIES / "meetings.rq"), "--build", str(tmp_path)], capsys)
    assert code == 2 and "holds no build" in err


def test_a_reader_that_stops_early_is_not_an_error(
    seed_release: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    """`cndkg query ... | head -1`: the command did its work; no error, exit status 0."""
    import os

    class ClosedPipe(io.StringIO):
        def write(self, text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

        def fileno(self) -> int:  # where main() points stdout at /dev/null
            return os.open(tmp_path / "stdout", os.O_WRONLY | os.O_CREAT)

    monkeypatch.setattr("sys.stdout", ClosedPipe())
    code = main(["query", "--build", str(seed_release), str(QUERIES / "meetings.rq")])
    assert code == 0 and "error" not in capsys.readouterr().err


def test_every_export_of_the_union_holds_the_same_triples(
    seed_release: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sizes = {}
    for fmt, parser in (("nt", "nt"), ("ttl", "turtle"), ("jsonld", "json-ld")):
        target = tmp_path / f"out.{fmt}"
        code, _, _ = run(
            ["export", "--build", build_dir(seed_release), "--format", fmt, "-o", str(target)],
            capsys,
        )
        assert code == 0
        sizes[fmt] = len(Graph().parse(target, format=parser))
    assert sizes["nt"] > 10000 and sizes["ttl"] == sizes["nt"] == sizes["jsonld"]


def test_show_misses_lists_what_matched_but_could_not_be_placed(
    seed_release: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Seed 001 ¶I.19: "Speakers from UNODC made interventions on ... the Container
    Control Programme": the programme is what was discussed, never a speaker."""
    code, out, _ = run(["evaluate", "--build", build_dir(seed_release), "--show-misses"], capsys)
    assert code == 0
    assert "diagnostic\t001_12162cf9f7a16b32.txt\tI.19: a programme as speaker" in out

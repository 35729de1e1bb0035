"""Wires the stages in order: sources -> parse -> extract -> link -> build -> reason ->
validate -> store. The only module that knows them all."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph

from cndkg import __version__
from cndkg.build import DEFAULT_BASE, ONTOLOGY_IRI, Names, build
from cndkg.extract import extract
from cndkg.gazetteers import DEFAULT_DIR as GAZETTEER_DIR
from cndkg.gazetteers import Gazetteer
from cndkg.link import link
from cndkg.model import Document, Mentions
from cndkg.parse import parse_document
from cndkg.reason import infer
from cndkg.release import discard, new_release, publish
from cndkg.sources import discover, read_source
from cndkg.store import create_store
from cndkg.validate import ValidationResult, load_shapes, validate

ROOT = Path(__file__).resolve().parents[2]
ONTOLOGY_FILE = ROOT / "ontology" / "cnd.ttl"
SHAPES_DIR = ROOT / "shapes"


@dataclass
class BuildReport:
    release: Path | None
    validation: ValidationResult | None
    timings: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.release is not None


class Timer:
    def __init__(self) -> None:
        self.timings: dict[str, float] = {}

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        t0 = time.perf_counter()
        yield
        self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - t0


def load_ontology() -> Graph:
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


def extract_folder(
    sources: Path, gaz: Gazetteer, timer: Timer | None = None
) -> tuple[dict[str, Document], list[Mentions]]:
    """Read, parse and extract every document of a folder (no RDF yet)."""
    timer = timer or Timer()
    with timer.stage("read"):
        docs = [read_source(p) for p in discover(sources)]
    with timer.stage("parse"):
        parsed = {d.meta.doc_id: parse_document(d) for d in docs}
    with timer.stage("extract"):
        mentions = [extract(parsed[k], gaz) for k in sorted(parsed)]
    return parsed, mentions


def build_dataset(
    sources: Path, base: str = DEFAULT_BASE, timer: Timer | None = None
) -> tuple[Dataset, Graph, Graph]:
    """The dataset (without inference), the union data graph and the ontology."""
    timer = timer or Timer()
    with timer.stage("gazetteers"):
        gaz = Gazetteer(GAZETTEER_DIR)
    parsed, mentions = extract_folder(sources, gaz, timer)
    with timer.stage("link"):
        linked = link(mentions, gaz)
    with timer.stage("rdf"):
        ds = build(linked, parsed, gaz, base)
        union = Graph()
        for g in ds.graphs():
            for t in g:
                union.add(t)
        ontology = load_ontology()
    return ds, union, ontology


def run_build(sources: Path, out: Path, base: str = DEFAULT_BASE) -> BuildReport:
    """Build, reason, validate; publish only a build that conforms."""
    timer = Timer()
    ds, union, ontology = build_dataset(sources, base, timer)
    names = Names(base)
    with timer.stage("reason"):
        inferred = infer(union, ontology)
    with timer.stage("validate"):
        check = Graph()
        for g in (union, ontology):
            for t in g:
                check.add(t)
        result = validate(check, load_shapes(SHAPES_DIR))
    counts = {str(g.identifier): len(g) for g in ds.graphs() if len(g)}
    if not result.conforms:
        out.mkdir(parents=True, exist_ok=True)
        result.report.serialize(out / "failed-validation-report.ttl", format="turtle")
        return BuildReport(None, result, timer.timings, counts)
    ont_graph = ds.graph(ONTOLOGY_IRI)
    for t in ontology:
        ont_graph.add(t)
    inf_graph = ds.graph(names.graph("inferred"))
    for t in inferred:
        inf_graph.add(t)
    counts = {str(g.identifier): len(g) for g in ds.graphs() if len(g)}
    partial = new_release(out)
    try:
        with timer.stage("write"):
            write_release(partial, ds, ontology, result, base)
        with timer.stage("store"):
            create_store(partial / "store", partial / "dataset.trig")
        manifest = {
            "version": __version__,
            "built": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "base": base,
            "sources": str(sources),
            "graphs": counts,
            "triples": sum(counts.values()),
            "timings_s": {k: round(v, 3) for k, v in timer.timings.items()},
        }
        (partial / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        release = publish(out, partial)
    except BaseException:
        discard(partial)
        raise
    (out / "failed-validation-report.ttl").unlink(missing_ok=True)
    return BuildReport(release, result, timer.timings, counts)


def jsonld_context(ds: Dataset) -> dict[str, str]:
    """The JSON-LD @context of our vocabulary: the prefixes the dataset binds."""
    wanted = {
        "cnd",
        "schema",
        "skos",
        "dcterms",
        "rdfs",
        "rdf",
        "xsd",
        "owl",
        "prov",
        "org",
        "foaf",
        "oa",
        "id",
    }
    return {p: str(ns) for p, ns in ds.namespaces() if p in wanted}


def write_release(
    folder: Path, ds: Dataset, ontology: Graph, result: ValidationResult, base: str
) -> None:
    """Write the release files; rdflib hands over N-Quads, Oxigraph writes the formats
    (10x faster than rdflib's pretty-printers at 240k triples)."""
    nquads = folder / "dataset.nq"
    ds.serialize(nquads, format="nquads", encoding="utf-8")
    quads = list(ox.parse(path=str(nquads), format=ox.RdfFormat.N_QUADS))
    nquads.unlink()
    prefixes = jsonld_context(ds)  # our vocabularies, not every prefix rdflib knows
    ox.serialize(quads, str(folder / "dataset.trig"), ox.RdfFormat.TRIG, prefixes=prefixes)
    union = list(dict.fromkeys(
        q.triple for q in quads
        if not (isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value == ONTOLOGY_IRI)
    ))  # fmt: skip
    ox.serialize(union, str(folder / "union.ttl"), ox.RdfFormat.TURTLE, prefixes=prefixes)
    ox.serialize(union, str(folder / "union.nt"), ox.RdfFormat.N_TRIPLES)
    ontology.serialize(folder / "ontology.ttl", format="turtle")
    context = jsonld_context(ds)
    (folder / "context.jsonld").write_text(
        json.dumps({"@context": context}, indent=2), encoding="utf-8"
    )
    # expanded JSON-LD under our @context: valid JSON-LD, terms readable with the context
    with (folder / "union.jsonld").open("wb") as out:
        out.write(b'{"@context": ' + json.dumps(context).encode() + b', "@graph": ')
        out.write(ox.serialize(union, format=ox.RdfFormat.JSON_LD) or b"[]")
        out.write(b"}\n")
    result.report.serialize(folder / "validation-report.ttl", format="turtle")

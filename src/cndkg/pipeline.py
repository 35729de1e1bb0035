"""Wires the stages in order: sources -> parse -> outline -> extract -> link -> build ->
reason -> validate -> store. The only module that knows them all."""

from __future__ import annotations

import gc
import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph

from cndkg import __version__
from cndkg.build import bind_prefixes, build, build_graphs, names_of
from cndkg.dumps import write_dumps
from cndkg.extract import extract
from cndkg.gazetteers import DEFAULT_DIR as GAZETTEER_DIR
from cndkg.gazetteers import Gazetteer
from cndkg.iris import DEFAULT_BASE, ONTOLOGY_IRI, REDIRECTS_FILE, Names
from cndkg.link import link
from cndkg.model import CndkgError, Document, Mentions, SourceDocument, SourceError
from cndkg.outline import outline_of
from cndkg.parse import parse_document
from cndkg.quotes import misquoted, with_violations
from cndkg.reason import infer
from cndkg.release import DUMP_FILES, discard, new_release, publish
from cndkg.report import HELD_BACK, PUBLISHED, UNREADABLE, DocumentReport, fact_counts
from cndkg.sources import discover, doc_id_of, read_source, refused
from cndkg.store import (
    STORE_DIR,
    Neighbourhoods,
    add_graph,
    add_graphs,
    drop_restated,
    graph_sizes,
    merge_default_graph,
)
from cndkg.validate import ValidationResult, load_shapes, validate_chunks, with_graph_wide

ROOT = Path(__file__).resolve().parents[2]
ONTOLOGY_FILE = ROOT / "ontology" / "cnd.ttl"
SHAPES_DIR = ROOT / "shapes"
REASON_BATCH = 100_000  # triples reasoned over at once: fast, and bounded in memory


MAX_ROUNDS = 4  # validation rounds: each holds back the documents whose facts broke a shape


@dataclass
class BuildReport:
    release: Path | None
    validation: ValidationResult | None
    timings: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    documents: list[DocumentReport] = field(default_factory=list)

    @property
    def held_back(self) -> list[DocumentReport]:
        return [d for d in self.documents if d.status != PUBLISHED]

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
    sources: Path,
    gaz: Gazetteer,
    timer: Timer | None = None,
    reports: dict[str, DocumentReport] | None = None,
) -> tuple[dict[str, Document], list[Mentions]]:
    """Read, parse and extract every document of a folder (no RDF yet).

    With `reports`, a document that cannot be read or extracted is recorded there as
    unreadable (0 facts, with the reason) and the others go on; without, the first
    such document stops the build, naming itself and the reason."""
    timer = timer or Timer()
    parsed: dict[str, Document] = {}
    identities: dict[str, str] = {}  # identity -> file name: one document, one file
    paths = discover(sources)
    refusals = refused(sources, paths)

    def unreadable(path: Path, reason: str, exc: Exception) -> None:
        if reports is None:
            raise exc
        doc = doc_id_of(path)
        doc += f"~{path.suffix.lstrip('.')}" if doc in reports else ""  # X.md beside X.txt
        reports[doc] = DocumentReport(doc, path.name, UNREADABLE, reasons=[reason])

    for path in paths:
        if path in refusals:
            unreadable(path, refusals[path], SourceError(refusals[path], path.name))
            continue
        try:
            with timer.stage("read"):
                source = read_source(path)
            twin = identities.setdefault(source.meta.identity, path.name)
            if twin != path.name:
                raise SourceError(
                    f"the same document as {twin} ({source.meta.identity})", path.name
                )
            with timer.stage("parse"):
                parsed[source.meta.doc_id] = parse_document(source)
        except CndkgError as exc:
            unreadable(path, exc.message, exc)
            continue
        except Exception as exc:  # a reader or the parser broke on this file: say so, go on
            unreadable(path, f"could not be read: {type(exc).__name__}: {exc}", exc)
            continue
        if reports is not None:
            reports[source.meta.doc_id] = _report_of(path, source)
    mentions: list[Mentions] = []
    # in the order of what the documents are, never of their file names: where two
    # documents tell the same thing, the same one speaks first whatever the files' names
    for key in sorted(parsed, key=lambda k: (parsed[k].identity, k)):
        try:
            with timer.stage("outline"):
                plan = outline_of(parsed[key], gaz)
            with timer.stage("extract"):
                m = extract(parsed[key], gaz, plan)
        except Exception as exc:  # a rule that breaks on one text must not sink the rest
            if reports is None:
                raise
            report = reports[key]
            report.status = UNREADABLE
            report.reasons.append(f"extraction failed: {type(exc).__name__}: {exc}")
            del parsed[key]
            continue
        if reports is not None:
            reports[key].facts = fact_counts(m)
            reports[key].diagnostics = m.diagnostics
        mentions.append(m)
    return parsed, mentions


def _report_of(path: Path, source: SourceDocument) -> DocumentReport:
    pages = source.page_starts[-1][1] if source.page_starts else 0
    return DocumentReport(
        source.meta.doc_id, path.name, media_type=source.media_type,
        genre=source.meta.genre, pages=pages, identity=source.meta.identity,
    )  # fmt: skip


def build_dataset(
    sources: Path, base: str = DEFAULT_BASE, timer: Timer | None = None
) -> tuple[Dataset, Graph, Graph]:
    """The dataset (without inference), the union data graph and the ontology, all in
    memory: for tests and small folders; run_build streams instead."""
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


def run_build(
    sources: Path, out: Path, base: str = DEFAULT_BASE, strict: bool = False
) -> BuildReport:
    """Build, reason, validate; publish what conforms.

    A document whose facts break a shape is held back, whole, with its violations, and
    the build is made again without it; every other document is published. `strict`
    keeps all-or-nothing: any violation and nothing is published. The graphs stream
    into the release's store (see stream_into), then SHACL checks the store chunk by
    chunk, so memory follows a batch of documents, not the archive.
    """
    timer = Timer()
    with timer.stage("gazetteers"):
        gaz = Gazetteer(GAZETTEER_DIR)
    reports: dict[str, DocumentReport] = {}
    parsed, mentions = extract_folder(sources, gaz, timer, reports)
    ontology = load_ontology()
    held: dict[str, list[str]] = {}
    # the extracted documents live until the end; left to the cyclic garbage collector,
    # every collection would walk them all again (3x slower stages at 100x the seeds)
    gc.collect()
    gc.freeze()
    try:
        for _round in range(MAX_ROUNDS):
            kept = [m for m in mentions if m.doc_id not in held]
            attempt = _build_once(
                kept, parsed, gaz, ontology, base, out, timer, strict, sources, reports
            )
            if attempt.release is not None or strict or not attempt.offenders:
                break
            held.update(attempt.offenders)
            _mark_held(reports, attempt.offenders)
            # the failed round consumed the parsed documents (memory): read them again
            parsed, mentions = extract_folder(sources, gaz, timer, {})
    finally:
        gc.unfreeze()
    if attempt.release is None:
        attempt.result.report.serialize(out / "failed-validation-report.ttl", format="turtle")
        _mark_held(reports, attempt.offenders)
    else:
        (out / "failed-validation-report.ttl").unlink(missing_ok=True)
    return BuildReport(
        attempt.release, attempt.result, timer.timings, attempt.counts, _ordered(reports)
    )


def _ordered(reports: dict[str, DocumentReport]) -> list[DocumentReport]:
    return [reports[k] for k in sorted(reports)]


def _mark_held(reports: dict[str, DocumentReport], offenders: dict[str, list[str]]) -> None:
    for doc_id, reasons in offenders.items():
        if doc_id in reports:
            reports[doc_id].status = HELD_BACK
            reports[doc_id].reasons = reasons


@dataclass
class _Attempt:
    """One build of a set of documents: published (its release), or refused, with the
    documents whose facts broke a shape and their violations (none under --strict)."""

    result: ValidationResult
    counts: dict[str, int]
    release: Path | None = None
    offenders: dict[str, list[str]] = field(default_factory=dict)


def _build_once(
    mentions: list[Mentions],
    parsed: dict[str, Document],
    gaz: Gazetteer,
    ontology: Graph,
    base: str,
    out: Path,
    timer: Timer,
    strict: bool,
    sources: Path,
    reports: dict[str, DocumentReport],
) -> _Attempt:
    """One build of these documents: the published release, or the documents whose
    facts broke a shape (with the violations) and nothing published."""
    with timer.stage("link"):
        linked = link(mentions, gaz)
    names = names_of(parsed, base)
    inferred_iri = str(names.graph("inferred"))
    partial = new_release(out)
    try:
        store = ox.Store(str(partial / STORE_DIR))
        add_graph(store, ontology, str(ONTOLOGY_IRI))
        quotes = misquoted(mentions, parsed, names)  # while the source texts are at hand
        graphs = build_graphs(linked, parsed, gaz, base, consume=True, names=names)
        stream_into(store, graphs, ontology, inferred_iri, timer)
        with timer.stage("validate"):
            store.flush()  # the validation processes open the store's folder read-only
            result = validate_store(store, ontology, inferred_iri, partial / STORE_DIR)
            result = with_violations(result, quotes)
        counts = graph_sizes(store)
        if not result.conforms:
            offenders = {} if strict else documents_of(store, result, names)
            del store
            discard(partial)
            return _Attempt(result, counts, offenders=offenders)
        # a Warning holds nothing back: it is reported with the document it comes from
        for doc_id, warnings in documents_of(store, result, names, "Warning").items():
            if doc_id in reports:
                reports[doc_id].warnings = warnings
        with timer.stage("write"):
            write_release(partial, store, ontology, result, base)
            write_redirects(partial / REDIRECTS_FILE, names)
        with timer.stage("load"):
            merged = merge_default_graph(store, partial / DUMP_FILES["nt"], ontology)
            store.optimize()
            store.flush()
            del store
        manifest = {
            "version": __version__,
            "built": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "base": base,
            "graphs": counts,
            "triples": sum(counts.values()),
            "merged_triples": merged,  # the default graph: each triple once
            "sources": str(sources),
            "timings_s": {k: round(v, 3) for k, v in timer.timings.items()},
            # what each source gave, and which were held back and why (cndkg.report)
            "documents": [r.as_json() for r in _ordered(reports)],
        }
        (partial / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        return _Attempt(result, counts, release=publish(out, partial))
    except BaseException:
        discard(partial)
        raise


def documents_of(
    store: ox.Store, result: ValidationResult, names: Names, severity: str = "Violation"
) -> dict[str, list[str]]:
    """The documents each result of this severity comes from: those whose graph states
    or points at its focus node. A violation no document's graph touches gives no
    document (and the build then fails whole: it is not one document's fault)."""
    prefix = str(names.graph("source/"))
    handle = {identity: doc_id for doc_id, identity in names.documents.items()}
    found: dict[str, list[str]] = {}
    for v in result.violations:
        if v.severity != severity or not v.focus.startswith(("http://", "https://")):
            continue
        f = ox.NamedNode(v.focus)  # refuses what is not an IRI before it reaches the query
        rows = store.query(
            f"SELECT DISTINCT ?g WHERE {{ {{ GRAPH ?g {{ {f} ?p ?o }} }} "
            f"UNION {{ GRAPH ?g {{ ?s ?p {f} }} }} }}"
        )
        for row in rows:  # type: ignore[union-attr]
            graph = str(row["g"].value)
            if graph.startswith(prefix):
                reason = f"{v.focus} {v.path.rsplit('#', 1)[-1]}: {v.message}"
                doc = graph[len(prefix) :]
                reasons = found.setdefault(handle.get(doc, doc), [])
                if reason not in reasons:
                    reasons.append(reason)
    return found


def stream_into(
    store: ox.Store, graphs: Iterator[Graph], ontology: Graph, inferred: str, timer: Timer
) -> None:
    """Store the graphs as they are built, with their OWL RL closure in `inferred`.

    Graphs are reasoned over in batches of REASON_BATCH triples: every OWL RL rule our
    ontology triggers reads one data triple, so the batches' closures add up to the
    closure of the whole (tested); what one batch derives and another states is dropped.
    """
    pending: list[Graph] = []  # reasoned over and stored together: fewer, larger calls
    while True:
        with timer.stage("rdf"):
            graph = next(graphs, None)
        if graph is not None:
            pending.append(graph)
        if pending and (graph is None or sum(map(len, pending)) >= REASON_BATCH):
            with timer.stage("reason"):
                closure = infer(chain.from_iterable(pending), ontology)
            with timer.stage("load"):
                named = [(g, str(g.identifier)) for g in pending]
                add_graphs(store, [*named, (closure, inferred)])
            pending = []
        if graph is None:
            break
    with timer.stage("reason"):
        drop_restated(store, inferred)


def validate_store(
    store: ox.Store, ontology: Graph, inferred: str, folder: Path | None = None
) -> ValidationResult:
    """SHACL over the asserted data of a store (not the inferred graph, which only
    restates it), chunk by chunk so memory stays flat as the archive grows. Given the
    store's folder, each validation process reads its own chunks from it."""
    shapes = load_shapes(SHAPES_DIR)
    chunks = Neighbourhoods.of_shapes(store, [str(ONTOLOGY_IRI), inferred], shapes)
    workers = min(os.cpu_count() or 1, len(chunks), 4)  # a process pool for large builds
    if workers > 1 and folder is not None:
        result = validate_chunks(chunks.stored(folder), ontology, shapes, workers)
    else:
        result = validate_chunks(chunks, ontology, shapes, workers)
    # the graph-wide shapes, once over the asserted data and the ontology
    graphs = [g.value for g in store.named_graphs() if g.value != inferred]
    return with_graph_wide(result, store, shapes, graphs)


def dump_prefixes(ds: Graph) -> dict[str, str]:
    """The prefixes the TriG and Turtle dumps use: those the dataset binds."""
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
    folder: Path, store: ox.Store, ontology: Graph, result: ValidationResult, base: str
) -> None:
    """Write the release files: the dumps (cndkg.dumps), the ontology, the report."""
    write_dumps(folder, store, ontology, dump_prefixes(bind_prefixes(Dataset(), base)))
    ontology.serialize(folder / "ontology.ttl", format="turtle")
    result.report.serialize(folder / "validation-report.ttl", format="turtle")


def write_redirects(path: Path, names: Names) -> None:
    """The IRIs of the previous scheme that this build's entities had, and their new
    IRIs: old path under the base, a tab, the new IRI (the web app answers 301)."""
    with path.open("w", encoding="utf-8") as f:
        f.writelines(f"{old}\t{new}\n" for old, new in names.redirects())

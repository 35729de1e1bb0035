"""The release's dumps, written from the store: every one holds the dataset VoID counts.

The N-Triples, Turtle and JSON-LD dumps are the RDF merge of all named graphs (the
ontology's included), which is also the SPARQL default graph; the TriG dump keeps each
named graph. Each is also written gzip-compressed (`<file>.gz`), so a client downloads a
tenth of the bytes and the server compresses nothing per request.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from pathlib import Path
from typing import Any, BinaryIO

import pyoxigraph as ox
from rdflib import Graph

from cndkg.context import CONTEXT_PATH, compact, context_from_ontology
from cndkg.processes import forkserver_context
from cndkg.release import DUMP_FILES

JSONLD_CHUNK = 5000  # triples compacted at once: PyLD holds one chunk, not the dump


def write_dumps(folder: Path, store: ox.Store, ontology: Graph, prefixes: dict[str, str]) -> None:
    """Write the dumps and the JSON-LD context into a release folder. Oxigraph serializes
    (10x faster than rdflib's pretty-printers at 240k triples) and streams."""
    store.dump(str(folder / DUMP_FILES["trig"]), ox.RdfFormat.TRIG, prefixes=prefixes)
    union_nt = folder / DUMP_FILES["nt"]
    ox.serialize(_merge(store), str(union_nt), ox.RdfFormat.N_TRIPLES)  # the one DISTINCT pass
    triples = ox.parse(path=str(union_nt), format=ox.RdfFormat.N_TRIPLES)
    ox.serialize(triples, str(folder / DUMP_FILES["ttl"]), ox.RdfFormat.TURTLE, prefixes=prefixes)
    context = context_from_ontology(ontology)
    (folder / CONTEXT_PATH).write_text(
        json.dumps({"@context": context}, indent=2), encoding="utf-8"
    )
    with (folder / DUMP_FILES["jsonld"]).open("wb") as out:
        write_compacted(ox.parse(path=str(union_nt), format=ox.RdfFormat.N_TRIPLES), context, out)
    for name in DUMP_FILES.values():
        gzip_copy(folder / name)


def write_compacted(triples: Iterator[Any], context: dict[str, Any], out: BinaryIO) -> None:
    """One JSON-LD document, the context inline and the nodes in "@graph", compacted a
    chunk at a time. A subject whose triples fall in two chunks becomes two node objects
    with one @id, which JSON-LD reads as one node (JSON-LD 1.1 API, section 7: node map).

    PyLD takes about 80 microseconds a triple (3 s at the seeds, minutes at 100x), so the
    chunks are compacted by a process per core, a few chunks ahead at most, and written
    in their order."""
    out.write(b'{"@context": ' + json.dumps(context).encode() + b',\n"@graph": [')
    chunks = (
        ox.serialize(chunk, format=ox.RdfFormat.JSON_LD) or b"[]"
        for chunk in iter(lambda: list(islice(triples, JSONLD_CHUNK)), [])
    )
    first = True
    workers = min(os.cpu_count() or 1, 4)
    with ProcessPoolExecutor(
        workers, mp_context=forkserver_context("cndkg.dumps"), initializer=_use, initargs=(context,)
    ) as pool:
        pending: deque[Future[list[bytes]]] = deque()
        for data in chunks:
            pending.append(pool.submit(_compacted_nodes, data))
            while len(pending) > 2 * workers or (pending and pending[0].done()):
                first = _write_nodes(out, pending.popleft().result(), first)
        while pending:
            first = _write_nodes(out, pending.popleft().result(), first)
    out.write(b"\n]}\n")


_context: dict[str, Any] = {}  # in a compacting process: the context it compacts with


def _use(context: dict[str, Any]) -> None:
    _context.update(context)


def _compacted_nodes(expanded: bytes) -> list[bytes]:
    """A chunk's node objects, compacted, each as its JSON text."""
    nodes = compact(json.loads(expanded), _context).get("@graph", [])
    return [json.dumps(node, ensure_ascii=False).encode() for node in nodes]


def _write_nodes(out: BinaryIO, nodes: list[bytes], first: bool) -> bool:
    for node in nodes:
        out.write((b"\n" if first else b",\n") + node)
        first = False
    return first


def gzip_copy(path: Path) -> Path:
    """`path` + ".gz" beside it; mtime 0 in the header, so one content gives one file."""
    target = path.with_name(path.name + ".gz")
    with (
        path.open("rb") as src,
        target.open("wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=6, mtime=0) as gz,
    ):
        shutil.copyfileobj(src, gz, 1 << 20)
    return target


def _merge(store: ox.Store) -> ox.QueryTriples:
    """Every fact of every named graph once: the dataset's RDF merge (RDF 1.1 Semantics,
    section 5.2), ontology included, as VoID and the SPARQL default graph count it."""
    triples = store.query(
        "CONSTRUCT { ?s ?p ?o } WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }"
    )
    assert isinstance(triples, ox.QueryTriples)
    return triples

"""The store behind queries: an embedded Oxigraph store persisted in each build.

rdflib builds, reasons and validates; Oxigraph answers queries (measured in
../shared/NOTES.md: 25-30x faster than rdflib's engine at 100k triples).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH
from rdflib.term import Node

STORE_DIR = "store"


def merge_default_graph(store: ox.Store, union_nt: Path, ontology: Graph) -> int:
    """Store the RDF merge of all named graphs as the default graph and return its size.

    Oxigraph's "default graph as union" is a bag: a fact stated by fifty documents comes
    back fifty times, and a join of four such patterns 50^4 times (minutes at 100x the
    seeds). SPARQL's dataset merge is a set, so it is written once, at build time."""
    store.bulk_load(path=str(union_nt), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())
    add_graphs_to(store, [(ontology, ox.DefaultGraph())])
    rows = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert isinstance(rows, ox.QuerySolutions)
    return int(next(iter(rows))["n"].value)  # type: ignore[union-attr]


def has_merged_default(store: ox.Store) -> bool:
    """Releases built before the merged default graph answer from the union instead."""
    return (
        next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is not None
    )


def open_store(release: Path) -> ox.Store:
    """Open a build's store read-only, so readers never lock or change it."""
    folder = release / STORE_DIR
    if not folder.is_dir():
        raise FileNotFoundError(f"no store in build {release} (run `cndkg build`)")
    return ox.Store.read_only(str(folder))


def query(store: ox.Store, sparql: str) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
    """Run a query whose default graph is the merge of all named graphs."""
    return store.query(sparql, use_default_graph_as_union=not has_merged_default(store))


def add_graphs(store: ox.Store, graphs: Iterable[tuple[Graph, str]]) -> None:
    """Add rdflib graphs to named graphs of the store in one bulk write."""
    add_graphs_to(store, ((graph, ox.NamedNode(name)) for graph, name in graphs))


def add_graphs_to(
    store: ox.Store, graphs: Iterable[tuple[Graph, ox.NamedNode | ox.DefaultGraph]]
) -> None:
    """rdflib writes N-Triples, Oxigraph reads them: no term is translated by hand."""

    def quads() -> Iterator[ox.Quad]:
        for graph, target in graphs:
            data = graph.serialize(format="nt", encoding="utf-8")
            for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES):
                yield ox.Quad(t.subject, t.predicate, t.object, target)

    store.bulk_extend(quads())


def add_graph(store: ox.Store, graph: Graph, name: str) -> None:
    add_graphs(store, [(graph, name)])


def graph_sizes(store: ox.Store) -> dict[str, int]:
    rows = store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    assert isinstance(rows, ox.QuerySolutions)
    return {row["g"].value: int(row["n"].value) for row in rows}  # type: ignore[union-attr]


def drop_restated(store: ox.Store, derived: str) -> None:
    """Remove from the derived graph what another graph states already (a fact derived
    from one document's graph may be asserted in another)."""
    store.update(
        f"DELETE {{ GRAPH <{derived}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{derived}> {{ ?s ?p ?o }} "
        f"GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{derived}>) }}"
    )


Triples = list[tuple[Node, Node, Node]]


class Neighbourhoods:
    """The data in chunks of `size` subjects, as rdflib triples with the subjects: all
    their triples, the types of the nodes they point to, the triples that point at
    them through `via` predicates, and for each pair (p1, p2) of `hops` the p2 triples of
    the nodes they reach by p1. That is all a shape with direct or two-step paths,
    sh:class and sh:targetObjectsOf can look at, so validating chunk by chunk equals
    validating the whole; `skip` names graphs left out (the ontology, the inferred graph).

    Iterated, the chunks are read here. `stored(folder)` gives chunks that are read
    where they are checked, from the store's folder opened read-only there: at 100x the
    seeds, reading the 41 chunks took 68 s and pickling them to the validation processes
    another 9 s, all in the one process that handed them out."""

    def __init__(
        self,
        store: ox.Store,
        skip: Sequence[str],
        via: Sequence[str],
        size: int = 5000,
        hops: Sequence[tuple[str, str]] = (),
    ) -> None:
        self.store, self.size = store, size
        self._hops = " ".join(f"(<{a}> <{b}>)" for a, b in hops)
        outside = f"FILTER(?g NOT IN ({', '.join(f'<{g}>' for g in skip)}))" if skip else ""
        self._outside = outside
        self._via = " ".join(f"<{p}>" for p in via)
        focus = f"{{ GRAPH ?g {{ ?s ?p ?o }} {outside} }}"
        if via:
            focus += f" UNION {{ GRAPH ?g {{ ?x ?q ?s }} VALUES ?q {{ {self._via} }} {outside} }}"
        rows = store.query(f"SELECT DISTINCT ?s WHERE {{ {focus} FILTER(isIRI(?s)) }}")
        assert isinstance(rows, ox.QuerySolutions)
        self.subjects = sorted(row["s"].value for row in rows)  # type: ignore[union-attr]

    @classmethod
    def of_shapes(
        cls, store: ox.Store, skip: Sequence[str], shapes: Graph, size: int = 5000
    ) -> Neighbourhoods:
        """The chunks these shapes can be checked on: `via` their sh:targetObjectsOf
        predicates, `hops` their two-step sequence paths (evidence -> paragraph -> its
        document)."""
        via = [str(p) for p in shapes.objects(None, SH.targetObjectsOf)]
        hops = []
        for path in set(shapes.objects(None, SH.path)):
            steps = list(Collection(shapes, path)) if shapes.value(path, RDF.first) else []
            if len(steps) == 2 and all(isinstance(s, URIRef) for s in steps):
                hops.append((str(steps[0]), str(steps[1])))
        return cls(store, skip, via, size, sorted(hops))

    def __len__(self) -> int:
        return -(-len(self.subjects) // self.size)

    def __iter__(self) -> Iterator[LoadedChunk]:
        for chunk in self._chunks():
            yield LoadedChunk(chunk.read(self.store), chunk.subjects)

    def stored(self, folder: Path) -> Iterator[StoredChunk]:
        """The chunks, to be read from `folder` (this store's, flushed) where they are
        checked; nothing may write to the store until they are."""
        for chunk in self._chunks():
            yield StoredChunk(chunk, str(folder))

    def _chunks(self) -> Iterator[NeighbourhoodChunk]:
        for i in range(0, len(self.subjects), self.size):
            yield NeighbourhoodChunk(
                self.subjects[i : i + self.size], self._outside, self._via, self._hops
            )


@dataclass(frozen=True)
class NeighbourhoodChunk:
    """Which subjects, and the query parts that read their neighbourhood from a store."""

    subjects: list[str]
    outside: str  # the FILTER that leaves out the skipped graphs
    via: str
    hops: str = ""  # VALUES rows (p1 p2) of the two-step paths

    def read(self, store: ox.Store) -> Triples:
        values = " ".join(f"<{s}>" for s in self.subjects)
        outside, via = self.outside, self.via
        pointing = (
            f"UNION {{ GRAPH ?g {{ ?x ?q ?s }} VALUES ?q {{ {via} }} {outside} }}" if via else ""
        )
        second = (
            f"UNION {{ GRAPH ?g {{ ?s ?p1 ?m }} GRAPH ?h {{ ?m ?p2 ?w }} "
            f"VALUES (?p1 ?p2) {{ {self.hops} }} {outside} {outside.replace('?g', '?h')} }}"
            if self.hops
            else ""
        )
        triples = store.query(
            f"CONSTRUCT {{ ?s ?p ?o . ?o a ?t . ?x ?q ?s . ?m ?p2 ?w }} WHERE {{ "
            f"VALUES ?s {{ {values} }} "
            f"{{ GRAPH ?g {{ ?s ?p ?o }} {outside} "
            f"OPTIONAL {{ GRAPH ?h {{ ?o a ?t }} {outside.replace('?g', '?h')} }} }} "
            f"{pointing} {second} }}"
        )
        assert isinstance(triples, ox.QueryTriples)
        return [(_term(t.subject), _term(t.predicate), _term(t.object)) for t in triples]


@dataclass(frozen=True)
class LoadedChunk:
    """A chunk read in the process that made it (a store without a folder)."""

    triples: Triples
    subjects: list[str]

    def load(self) -> tuple[Triples, list[str]]:
        return self.triples, self.subjects


@dataclass(frozen=True)
class StoredChunk:
    """A chunk read where it is checked, from the store's folder (a few kB to send)."""

    chunk: NeighbourhoodChunk
    path: str

    def load(self) -> tuple[Triples, list[str]]:
        return self.chunk.read(_read_only(self.path)), self.chunk.subjects


@lru_cache(maxsize=1)  # one store per validation process, opened once
def _read_only(path: str) -> ox.Store:
    return ox.Store.read_only(path)


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _term(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> Node:
    """An Oxigraph term as rdflib's N-Triples parser would give it (half the time of
    writing and re-reading N-Triples)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value, datatype=None if datatype == _XSD_STRING else URIRef(datatype))
    raise TypeError(f"RDF-star triple terms are not used here: {term}")

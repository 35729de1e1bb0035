"""A thin typed layer over pyshacl: the shapes in shapes/, a report people can act on.

Two kinds of rule are checked here rather than by pyshacl: a literal whose text its
datatype refuses (pyshacl raises a TypeError comparing one; it is reported and kept from
pyshacl instead), and the graph-wide shapes (shapes:GraphWideShape), whose SPARQL runs
once over the whole graph in Oxigraph instead of per chunk in pyshacl's own engine.
Both give ordinary SHACL results, so a report reads the same whoever found them.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox
from pyshacl import Validator
from pyshacl.graph_abstraction import DataGraph
from pyshacl.pytypes import SHACLExecutor
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from cndkg.processes import forkserver_context
from cndkg.store import _term as rdflib_term
from cndkg.store import add_graphs_to

SH = Namespace("http://www.w3.org/ns/shacl#")
SHAPES = Namespace("https://w3id.org/cndkg/shapes#")
DEFAULT_SHAPES = Path(__file__).resolve().parents[2] / "shapes"


class Chunk(Protocol):
    """Some focus nodes and the triples their shapes look at, read when loaded: by the
    process that checks the chunk, which may be a validation worker."""

    def load(self) -> tuple[Sequence[tuple[Node, Node, Node]], Sequence[str]]: ...


@dataclass
class Violation:
    focus: str
    path: str
    message: str
    severity: str
    component: str
    shape: str = ""  # the shape's name when it has one (shapes:Person), else ""

    def __str__(self) -> str:
        return f"[{self.severity}] {self.focus} {self.path}: {self.message} ({self.component})"


@dataclass
class ValidationResult:
    conforms: bool
    report: Graph
    violations: list[Violation] = field(default_factory=list)

    @property
    def warnings(self) -> list[Violation]:
        """Results that are reported but hold nothing back (sh:Warning, sh:Info)."""
        return [v for v in self.violations if v.severity != "Violation"]

    def summary(self, limit: int = 50) -> str:
        if self.conforms:
            return f"SHACL: conforms (0 violations, {len(self.warnings)} warning(s))"
        lines = [f"SHACL: {len(self.violations)} result(s)"]
        lines += [f"  {v}" for v in self.violations[:limit]]
        if len(self.violations) > limit:
            lines.append(f"  ... and {len(self.violations) - limit} more (see the report)")
        return "\n".join(lines)


def load_shapes(folder: Path = DEFAULT_SHAPES) -> Graph:
    shapes = Graph()
    for path in sorted(folder.glob("*.shacl.ttl")):
        shapes.parse(path, format="turtle")
    return shapes


def validate(
    data: Graph,
    shapes: Graph | None = None,
    focus: Sequence[str] | None = None,
    inplace: bool = False,
) -> ValidationResult:
    """Validate data (with the ontology in it, for subclass targets) against the shapes;
    with `focus`, only those nodes (the rest of data is their context), and without, the
    graph-wide shapes too. `inplace` spares pyshacl a copy of a graph the caller will not
    use again."""
    shapes = shapes if shapes is not None else load_shapes()
    malformed = ill_typed(data, set(map(URIRef, focus)) if focus else None)
    if malformed:  # kept from pyshacl, which fails comparing them
        data = data if inplace else _copy(data)
        for triple in malformed:
            data.remove(triple)
    validator = _FocusValidator(
        DataGraph.from_rdflib(data),
        shacl_graph=shapes,
        options={
            "inference": "none",
            "advanced": True,
            "allow_warnings": True,
            "inplace": inplace,
            "focus_nodes": list(focus) if focus else None,
        },
    )
    conforms, report, _ = validator.run()
    assert isinstance(report, Graph)
    extra = malformed_results(malformed, shapes)
    if focus is None:
        store = ox.Store()
        add_graphs_to(store, [(data, ox.DefaultGraph())])
        extra += graph_wide_results(store, shapes)
    return _result(bool(conforms), _with(report, extra))


class _FocusValidator(Validator):
    """pyshacl checks each target against the focus nodes as a list, which is quadratic
    (95% of a 240k-triple validation); a set gives the same answer."""

    def make_executor(self) -> SHACLExecutor:
        executor = super().make_executor()
        if executor.focus_nodes:
            executor.focus_nodes = frozenset(executor.focus_nodes)  # type: ignore[assignment]
        return executor


def validate_chunks(
    chunks: Iterable[Chunk],
    ontology: Graph,
    shapes: Graph,
    workers: int = 1,
) -> ValidationResult:
    """Validate chunks of triples (each with its focus nodes) and merge the reports into
    one, so a large build is checked in bounded memory; with workers > 1, that many
    processes check chunks side by side (pyshacl is pure Python: one core each)."""
    report = Graph()
    node = BNode()
    report.add((node, RDF.type, SH.ValidationReport))
    conforms = True
    for part_conforms, part_report in _checked(chunks, ontology, shapes, workers):
        conforms = conforms and part_conforms
        part = Graph().parse(data=part_report, format="nt")
        for s, p, o in part:
            if p == SH.conforms or (p == RDF.type and o == SH.ValidationReport):
                continue
            report.add((node if p == SH.result else s, p, o))
    report.add((node, SH.conforms, Literal(conforms)))
    return _result(conforms, report)


def _checked(
    chunks: Iterable[Chunk],
    ontology: Graph,
    shapes: Graph,
    workers: int,
) -> Iterator[tuple[bool, bytes]]:
    """Each chunk's (conforms, report as N-Triples), in order; at most two chunks per
    worker are in flight, so memory stays bounded whatever the number of chunks."""
    if workers <= 1:
        _SETUP.update(ontology=ontology, shapes=shapes)
        yield from map(_check, chunks)
        return
    setup = (ontology.serialize(format="nt"), shapes.serialize(format="nt"))
    ctx = forkserver_context(__name__)
    with ProcessPoolExecutor(workers, mp_context=ctx, initializer=_start, initargs=setup) as pool:
        pending: deque[Future[tuple[bool, bytes]]] = deque()
        for chunk in chunks:
            pending.append(pool.submit(_check, chunk))
            if len(pending) >= 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


_SETUP: dict[str, Graph] = {}  # this process's ontology and shapes, parsed once


def _start(ontology: str, shapes: str) -> None:
    _SETUP["ontology"] = Graph().parse(data=ontology, format="nt")
    _SETUP["shapes"] = Graph().parse(data=shapes, format="nt")


def _check(chunk: Chunk) -> tuple[bool, bytes]:
    data, focus = chunk.load()
    graph = Graph()
    for t in chain(data, _SETUP["ontology"]):
        graph.add(t)
    part = validate(graph, _SETUP["shapes"], focus, inplace=True)
    return part.conforms, part.report.serialize(format="nt", encoding="utf-8")


def _result(conforms: bool, report: Graph) -> ValidationResult:
    violations = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        severity = str(report.value(result, SH.resultSeverity) or "").rsplit("#", 1)[-1]
        violations.append(Violation(
            focus=str(report.value(result, SH.focusNode)),
            path=str(report.value(result, SH.resultPath) or ""),
            message=str(report.value(result, SH.resultMessage) or ""),
            severity=severity,
            component=str(report.value(result, SH.sourceConstraintComponent) or "").rsplit("#")[-1],
            shape=_name(report.value(result, SH.sourceShape)),
        ))  # fmt: skip
    violations.sort(key=lambda v: (v.severity != "Violation", v.focus, v.path))
    real = [v for v in violations if v.severity == "Violation"]
    return ValidationResult(conforms=conforms and not real, report=report, violations=violations)


def _name(shape: Node | None) -> str:
    return str(shape).rsplit("#", 1)[-1] if isinstance(shape, URIRef) else ""


def _copy(data: Graph) -> Graph:
    copy = Graph()
    for t in data:
        copy.add(t)
    return copy


def ill_typed(data: Graph, subjects: set[URIRef] | None = None) -> list[tuple[Node, Node, Node]]:
    """Triples whose literal's text its datatype refuses ("6 December 2023"^^xsd:date);
    with `subjects`, only theirs (a chunk reports its own subjects' triples)."""
    return [
        (s, p, o)
        for s, p, o in data
        if isinstance(o, Literal) and _ill_typed(o) and (subjects is None or s in subjects)
    ]


def _ill_typed(literal: Literal) -> bool:
    """rdflib knows whether a literal read from text is ill-typed; one made from another
    literal (as a SPARQL update does) it leaves unknown (None): read its text again."""
    if literal.ill_typed is None and literal.datatype is not None:
        return bool(Literal(str(literal), datatype=literal.datatype).ill_typed)
    return bool(literal.ill_typed)


Result = list[tuple[Node, Node, Node]]  # the triples of validation results, without the report


def malformed_results(triples: Sequence[tuple[Node, Node, Node]], shapes: Graph) -> Result:
    """A sh:DatatypeConstraintComponent result of shapes:WellFormedLiteral per triple."""
    shape = SHAPES.WellFormedLiteral
    template = str(shapes.value(shape, SH.message) or "{?value} is not a well-formed {?datatype}.")
    out: Result = []
    for s, p, o in triples:
        assert isinstance(o, Literal)
        values = {"value": f'"{o}"', "datatype": _short(o.datatype), "path": _short(p)}
        out += _result_triples(s, p, o, shape, SH.DatatypeConstraintComponent, SH.Violation,
                               _fill(template, values))  # fmt: skip
    return out


def graph_wide_results(
    store: ox.Store, shapes: Graph, graphs: Sequence[str] | None = None
) -> Result:
    """Run every graph-wide shape's SPARQL constraints once over the store: over its
    default graph, or, given `graphs`, over the union of those named graphs."""
    out: Result = []
    default: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] | None = None
    if graphs is not None:
        default = [ox.NamedNode(g) for g in graphs]
    for shape in sorted(shapes.subjects(RDF.type, SHAPES.GraphWideShape), key=str):
        severity = shapes.value(shape, SH.severity) or SH.Violation
        for constraint in shapes.objects(shape, SH.sparql):
            select = str(shapes.value(constraint, SH.select))
            template = str(shapes.value(constraint, SH.message) or shapes.value(shape, SH.message))
            solutions = store.query(select, default_graph=default)
            assert isinstance(solutions, ox.QuerySolutions)
            for row in solutions:
                this, path, value = (row[v] for v in ("this", "path", "value"))
                values = {"path": _short(path.value) if path else "", "value": _show(value)}
                out += _result_triples(
                    rdflib_term(this), rdflib_term(path) if path else None,
                    rdflib_term(value) if value else None, shape, SH.SPARQLConstraintComponent,
                    severity, _fill(template, values),
                )  # fmt: skip
    return out


def _result_triples(
    focus: Node, path: Node | None, value: Node | None, shape: Node, component: Node,
    severity: Node, message: str,
) -> Result:  # fmt: skip
    node = BNode()
    triples: Result = [
        (node, RDF.type, SH.ValidationResult),
        (node, SH.focusNode, focus),
        (node, SH.sourceShape, shape),
        (node, SH.sourceConstraintComponent, component),
        (node, SH.resultSeverity, severity),
        (node, SH.resultMessage, Literal(message)),
    ]
    if path is not None:
        triples.append((node, SH.resultPath, path))
    if value is not None:
        triples.append((node, SH.value, value))
    return triples


def _with(report: Graph, results: Result) -> Graph:
    """The report with more results (and sh:conforms false if any is a Violation)."""
    if not results:
        return report
    head = report.value(predicate=RDF.type, object=SH.ValidationReport)
    assert head is not None
    for s, p, o in results:
        report.add((s, p, o))
        if p == RDF.type:
            report.add((head, SH.result, s))
        if p == SH.resultSeverity and o == SH.Violation:
            report.set((head, SH.conforms, Literal(False)))
    return report


def _fill(template: str, values: dict[str, str]) -> str:
    for name, value in values.items():
        template = template.replace(f"{{?{name}}}", value).replace(f"{{${name}}}", value)
    return template


def _short(iri: object) -> str:
    text = str(iri)
    for prefix, ns in (("cnd:", "https://w3id.org/cndkg/ontology#"),
                       ("xsd:", "http://www.w3.org/2001/XMLSchema#")):  # fmt: skip
        if text.startswith(ns):
            return prefix + text[len(ns) :]
    return f"<{text}>"


def _show(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<{term.value}>"
    if isinstance(term, ox.Literal):
        return f'"{term.value}"'
    return str(term or "")


def with_graph_wide(
    result: ValidationResult, store: ox.Store, shapes: Graph, graphs: Sequence[str]
) -> ValidationResult:
    """The result of a chunked validation with the graph-wide shapes' results added,
    these being checked once over the union of `graphs` of the store."""
    extra = graph_wide_results(store, shapes, graphs)
    if not extra:
        return result
    return _result(result.conforms, _with(result.report, extra))

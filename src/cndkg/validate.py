"""A thin typed layer over pyshacl: the shapes in shapes/, a report people can act on."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Protocol

from pyshacl import Validator
from pyshacl.graph_abstraction import DataGraph
from pyshacl.pytypes import SHACLExecutor
from rdflib import BNode, Graph, Literal, Namespace
from rdflib.namespace import RDF
from rdflib.term import Node

from cndkg.processes import forkserver_context

SH = Namespace("http://www.w3.org/ns/shacl#")
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

    def __str__(self) -> str:
        return f"[{self.severity}] {self.focus} {self.path}: {self.message} ({self.component})"


@dataclass
class ValidationResult:
    conforms: bool
    report: Graph
    violations: list[Violation] = field(default_factory=list)

    def summary(self, limit: int = 50) -> str:
        if self.conforms:
            return "SHACL: conforms (0 violations)"
        lines = [f"SHACL: {len(self.violations)} violation(s)"]
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
    with `focus`, only those nodes (the rest of data is their context). `inplace` spares
    pyshacl a copy of a graph the caller will not use again."""
    validator = _FocusValidator(
        DataGraph.from_rdflib(data),
        shacl_graph=shapes if shapes is not None else load_shapes(),
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
    return _result(bool(conforms), report)


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
        ))  # fmt: skip
    violations.sort(key=lambda v: (v.severity != "Violation", v.focus, v.path))
    real = [v for v in violations if v.severity == "Violation"]
    return ValidationResult(conforms=conforms and not real, report=report, violations=violations)

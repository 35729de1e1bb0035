"""A thin typed layer over pyshacl: the shapes in shapes/, a report people can act on."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pyshacl import validate as shacl_validate
from rdflib import BNode, Graph, Literal, Namespace
from rdflib.namespace import RDF

SH = Namespace("http://www.w3.org/ns/shacl#")
DEFAULT_SHAPES = Path(__file__).resolve().parents[2] / "shapes"


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
    data: Graph, shapes: Graph | None = None, focus: Sequence[str] | None = None
) -> ValidationResult:
    """Validate data (with the ontology in it, for subclass targets) against the shapes;
    with `focus`, only those nodes (the rest of data is their context)."""
    conforms, report, _ = shacl_validate(
        data,
        shacl_graph=shapes if shapes is not None else load_shapes(),
        inference="none",
        advanced=True,
        allow_warnings=True,
        focus_nodes=list(focus) if focus else None,
    )
    assert isinstance(report, Graph)
    return _result(bool(conforms), report)


def validate_chunks(
    chunks: Iterable[tuple[bytes, Sequence[str]]], ontology: Graph, shapes: Graph
) -> ValidationResult:
    """Validate N-Triples chunks (each with its focus nodes) and merge the reports into
    one, so a large build is checked in bounded memory."""
    report = Graph()
    node = BNode()
    report.add((node, RDF.type, SH.ValidationReport))
    conforms = True
    for data, focus in chunks:
        graph = Graph()
        graph.parse(data=data, format="nt")
        for t in ontology:
            graph.add(t)
        part = validate(graph, shapes, focus)
        conforms = conforms and part.conforms
        for s, p, o in part.report:
            if p == SH.conforms or (p == RDF.type and o == SH.ValidationReport):
                continue
            report.add((node if p == SH.result else s, p, o))
    report.add((node, SH.conforms, Literal(conforms)))
    return _result(conforms, report)


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

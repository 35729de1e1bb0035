"""Quotes against their source text: the half of the evidence checks SHACL cannot make.

The graph holds each quote (oa:exact) and its offsets (oa:start, oa:end) but not the
full source text, so whether the quote *is* the source text at those offsets is checked
here, at build time, while the text is at hand. A mismatch is reported as a violation of
the build's SHACL report, focused on the evidence node: the document that states it is
held back with the reason, like a document whose facts break a shape (pipeline.py).
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import RDF, BNode, Literal, Namespace, URIRef

from cndkg.build import evidence_of
from cndkg.iris import OA, Names
from cndkg.model import Document, Mentions
from cndkg.validate import SH, ValidationResult, Violation

SHAPES = Namespace("https://w3id.org/cndkg/shapes#")
COMPONENT = "QuoteMatchesSourceText"  # named like a SHACL constraint component
SHOWN = 60  # characters of a quote and of the source shown in a message


def misquoted(
    mentions: Iterable[Mentions], parsed: dict[str, Document], names: Names
) -> list[Violation]:
    """A violation for every evidence whose quote is not the source text at its offsets."""
    found = []
    for m in mentions:
        for ev in evidence_of(m):
            # the evidence's own document: linking can give one document's mention the
            # evidence another document has for the same thing (a session both report)
            doc = parsed.get(ev.doc_id)
            if doc is None:
                continue
            text = doc.source.text
            source = text[ev.start : ev.end] if 0 <= ev.start <= ev.end <= len(text) else None
            if source == ev.quote:
                continue
            where = (
                f"the source there reads {_short(source)}"
                if source is not None
                else f"the source text has {len(text)} characters"
            )
            found.append(
                Violation(
                    focus=str(names.evidence(ev)),
                    path=str(OA.exact),
                    message=f"The quote {_short(ev.quote)} is not the source text at its "
                    f"offsets {ev.start}-{ev.end}: {where}.",
                    severity="Violation",
                    component=COMPONENT,
                )
            )
    return found


def with_violations(result: ValidationResult, extra: list[Violation]) -> ValidationResult:
    """The SHACL result with the build-time violations added, in its report graph too."""
    if not extra:
        return result
    report = result.report
    top = next(report.subjects(RDF.type, SH.ValidationReport), None) or BNode()
    report.set((top, SH.conforms, Literal(False)))
    for v in extra:
        node = BNode()
        report.add((top, SH.result, node))
        report.add((node, RDF.type, SH.ValidationResult))
        report.add((node, SH.focusNode, URIRef(v.focus)))
        report.add((node, SH.resultPath, URIRef(v.path)))
        report.add((node, SH.resultMessage, Literal(v.message)))
        report.add((node, SH.resultSeverity, SH.Violation))
        report.add((node, SH.sourceConstraintComponent, SHAPES[v.component]))
    return ValidationResult(False, report, [*extra, *result.violations])


def _short(text: str | None) -> str:
    if text is None:
        return "(none)"
    return repr(text if len(text) <= SHOWN else text[: SHOWN - 3] + "...")

"""OWL RL closure (owlrl) of data and ontology, kept in a named graph of its own.

Only the new, useful triples are kept: the entailments a client needs (types from
subclasses, superproperties, inverses, the standard-vocabulary alignment), not the
axiomatic triples about RDF, RDFS and OWL themselves.
"""

from __future__ import annotations

from collections.abc import Iterable

import owlrl
from rdflib import OWL, RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.term import Node

META = (str(RDF), str(RDFS), str(OWL), "http://www.w3.org/2001/XMLSchema#")
TRIVIAL_TYPES = {OWL.Thing, RDFS.Resource, OWL.NamedIndividual, RDFS.Class, OWL.Class}


def reasoning_input(
    data: Iterable[tuple[Node, Node, Node]], ontology: Graph
) -> Iterable[tuple[Node, Node, Node]]:
    """Leave out literal-valued triples that no axiom can use.

    A literal triple entails something only through a superproperty (cnd:startDate ->
    schema:startDate) or a domain, and every domain's type is asserted already; the
    paragraph texts and quotes are half the data and would slow owlrl down for nothing.
    """
    used = set(ontology.subjects(RDFS.subPropertyOf, None))
    for t in data:
        if not isinstance(t[2], Literal) or t[1] in used:
            yield t


def infer(
    data: Iterable[tuple[Node, Node, Node]], ontology: Graph, engine: str = "hybrid"
) -> Graph:
    """The triples OWL RL adds to data + ontology, without the axiomatic noise.

    engine "owlrl" runs owlrl over everything (the reference); "hybrid" (default, about
    6x faster on the seeds, more as data grows) runs the `reasonable` OWL 2 RL engine over
    the IRI-valued triples and the superproperty rule (prp-spo1) over the literal-valued
    ones: `reasonable` does not keep literals' datatypes and language tags, and literals
    only entail through superproperties here. The two closures are tested equal on the
    seeds.
    """
    if engine == "hybrid":
        return _infer_hybrid(data, ontology)
    return _infer_owlrl(data, ontology)


def _infer_hybrid(data: Iterable[tuple[Node, Node, Node]], ontology: Graph) -> Graph:
    import reasonable

    given = set(data)
    known = given | set(ontology)
    supers = _superproperties(ontology)
    reasoner = reasonable.PyReasoner()
    reasoner.from_graph([*ontology, *(t for t in given if not isinstance(t[2], Literal))])
    inferred = Graph()
    for s, p, o in reasoner.reason():
        if not isinstance(o, Literal) and (s, p, o) not in known and _useful(s, p, o):
            inferred.add((s, p, o))
    # literals entail only through superproperties (OWL RL rule prp-spo1)
    for s, p, o in given:
        if isinstance(o, Literal):
            for sup in supers.get(p, ()):
                if (s, sup, o) not in known and _useful(s, sup, o):
                    inferred.add((s, sup, o))
    return inferred


def _superproperties(ontology: Graph) -> dict[Node, set[Node]]:
    """Each property's superproperties, transitively (rdfs:subPropertyOf is)."""
    direct: dict[Node, set[Node]] = {}
    for sub, sup in ontology.subject_objects(RDFS.subPropertyOf):
        direct.setdefault(sub, set()).add(sup)
    closed: dict[Node, set[Node]] = {}
    for prop in direct:
        seen: set[Node] = set()
        todo = list(direct[prop])
        while todo:
            sup = todo.pop()
            if sup not in seen and sup != prop:
                seen.add(sup)
                todo.extend(direct.get(sup, ()))
        closed[prop] = seen
    return closed


def _infer_owlrl(data: Iterable[tuple[Node, Node, Node]], ontology: Graph) -> Graph:
    work = Graph()
    for t in ontology:
        work.add(t)
    given = Graph()
    for t in data:
        given.add(t)
    for t in reasoning_input(given, ontology):
        work.add(t)
    before = set(work)
    owlrl.DeductiveClosure(
        owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False
    ).expand(work)
    inferred = Graph()
    for s, p, o in work:
        if (s, p, o) in before or (s, p, o) in given or not _useful(s, p, o):
            continue
        inferred.add((s, p, o))
    return inferred


def _useful(s: Node, p: Node, o: Node) -> bool:
    if isinstance(s, (Literal, BNode)) or isinstance(o, BNode):
        return False
    if str(s).startswith(META):
        return False
    if p == OWL.sameAs and s == o:
        return False
    if p == RDF.type and o in TRIVIAL_TYPES:
        return False
    return not (
        isinstance(s, URIRef)
        and p
        in (
            RDFS.subClassOf,
            RDFS.subPropertyOf,
            OWL.equivalentClass,
            OWL.equivalentProperty,
            RDFS.domain,
            RDFS.range,
        )
    )

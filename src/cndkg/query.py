"""Run a SPARQL query on a build and render the answer (table, CSV, TSV, JSON)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from cndkg.model import CndkgError
from cndkg.release import resolve
from cndkg.store import open_store, query

RESULT_FORMATS = {
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "json": ox.QueryResultsFormat.JSON,
}


def term_value(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, (ox.NamedNode, ox.Literal, ox.BlankNode)):
        return str(term.value)
    return str(term)


def select_rows(store: ox.Store, sparql: str) -> tuple[list[str], list[list[str]]]:
    """Column names and rows of plain values, for a SELECT query."""
    result = query(store, sparql)
    if not isinstance(result, ox.QuerySolutions):
        raise CndkgError("not a SELECT query")
    names = [v.value for v in result.variables]
    rows = [[term_value(sol[n]) for n in names] for sol in result]
    return names, rows


def run_query_file(path: Path, build: Path, fmt: str = "table") -> str:
    try:
        sparql = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise CndkgError(f"cannot read query: {exc.strerror}", str(path)) from exc
    store = open_store(resolve(build))
    try:
        result = query(store, sparql)
    except SyntaxError as exc:
        raise CndkgError(f"SPARQL syntax error: {exc}", str(path)) from exc
    if isinstance(result, ox.QueryBoolean):
        return ("true" if bool(result) else "false") + "\n"
    if isinstance(result, ox.QueryTriples):
        return (result.serialize(format=ox.RdfFormat.TURTLE) or b"").decode("utf-8")
    if fmt in RESULT_FORMATS:
        return (result.serialize(format=RESULT_FORMATS[fmt]) or b"").decode("utf-8")
    names = [v.value for v in result.variables]
    rows = [[term_value(sol[n]) for n in names] for sol in result]
    return render_table(names, rows)


def render_table(names: list[str], rows: list[list[str]], width: int = 60) -> str:
    cut = [[c if len(c) <= width else c[: width - 1] + "…" for c in row] for row in rows]
    widths = [max([len(n), *(len(r[i]) for r in cut)]) for i, n in enumerate(names)]
    line = " | ".join(n.ljust(w) for n, w in zip(names, widths, strict=True))
    out = [line, "-+-".join("-" * w for w in widths)]
    out += [" | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in cut]
    out.append(f"({len(rows)} rows)")
    return "\n".join(out) + "\n"

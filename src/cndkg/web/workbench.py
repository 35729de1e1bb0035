"""The query workbench: an editor for SPARQL with the competency queries as examples,
each described by the question it answers (queries/examples.toml)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from flask import Blueprint, render_template, request

bp = Blueprint("workbench", __name__)
QUERIES_DIR = Path(__file__).resolve().parents[3] / "queries"
EXAMPLES_FILE = QUERIES_DIR / "examples.toml"


@dataclass(frozen=True)
class Example:
    name: str  # the query's file name without .rq: the public contract's name
    title: str
    question: str  # what a person asks, in their words
    answer: str  # what a row of the answer says
    query: str


@lru_cache(maxsize=1)
def examples() -> tuple[Example, ...]:
    """The competency queries in the order of examples.toml; a query without an entry
    there comes last, under its file name (the test suite says it lacks one)."""
    described = tomllib.loads(EXAMPLES_FILE.read_text(encoding="utf-8"))
    queries = {p.stem: p.read_text(encoding="utf-8") for p in sorted(QUERIES_DIR.glob("*.rq"))}
    out = [
        Example(
            name, d["title"], d["question"], d["answer"], for_reader(d["question"], queries[name])
        )
        for name, d in described.items()
        if name in queries
    ]
    out += [Example(n, n, "", "", q) for n, q in queries.items() if n not in described]
    return tuple(out)


def for_reader(question: str, query: str) -> str:
    """The query as the workbench shows it: the question it answers on top, without the
    developers' notes on whole comment lines (why no ORDER BY, what it cost at scale)."""
    lines = [line for line in query.splitlines() if not line.lstrip().startswith("#")]
    return f"# {question}\n" + "\n".join(lines) + "\n"


@bp.route("/workbench")
def workbench() -> str:
    return render_template(
        "workbench.html", examples=examples(), initial=request.args.get("query", "")
    )

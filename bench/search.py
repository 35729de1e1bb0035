"""Search on the seeds' graph: the index the site uses (web/search.py: a vocabulary of
folded words, typos matched with rapidfuzz's Levenshtein distance) against an SQLite
FTS5 index with the trigram tokenizer, and against rapidfuzz alone scoring every record.
Prints index build time, query latency and where each must-show query of issue 16 puts
what it means (1 = first), on the seeds and on 100 copies of their passages.

    PYTHONPATH=src .venv/bin/python bench/search.py [--build build]
"""

from __future__ import annotations

import argparse
import copy
import re
import sqlite3
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from rapidfuzz import fuzz, process

from cndkg.web import create_app
from cndkg.web.search import PASSAGE, WORD, Record, SearchIndex, fold, read_index

ID = "https://w3id.org/cndkg/id/"
MUST_SHOW = {  # query -> what it means (issue 16), read in the seeds
    "Columbia": ID + "state/COL",
    "synthetic opiods": ID + "challenge/C03",
    "D'Hoop": ID + "person/ghislain-d-hoop",
    "C07": ID + "challenge/C07",
    "E/CN.7/2025/2": ID + "document/e-cn-7-2025-2-e-cn-15-2025-2",
    "CHE": ID + "state/CHE",
    "EU": ID + "org/eu",
}
Ranker = Callable[[str], list[str]]  # query -> IRIs, best first


def vocabulary_ranker(records: list[Record], labels: dict[str, str]) -> Ranker:
    index = SearchIndex(records, labels)

    def rank(q: str) -> list[str]:
        return [h.record.iri for h in index.search(q, {}, 1).hits]

    return rank


def fts5_ranker(records: list[Record]) -> Ranker:
    """FTS5 trigram over the folded text: substrings for each word of three letters or
    more; for none found, the OR of the word's trigrams ranked by bm25 (fuzzy); shorter
    words by LIKE, as the trigram index cannot match them."""
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE r USING fts5(body, tokenize='trigram')")
    db.executemany(
        "INSERT INTO r(rowid, body) VALUES (?, ?)",
        [
            (i, fold(r.text) if r.kind == PASSAGE else " | ".join([*r.names, *r.codes]))
            for i, r in enumerate(records)
        ],
    )

    def rank(q: str) -> list[str]:
        words = WORD.findall(fold(q))
        long = [w for w in words if len(w) >= 3]
        short = [w for w in words if len(w) < 3]
        clauses = " AND ".join(f'"{w}"' for w in long)
        rows: list[tuple[int]] = []
        if clauses:
            rows = db.execute(
                "SELECT rowid FROM r WHERE r MATCH ? ORDER BY bm25(r) LIMIT 200", (clauses,)
            ).fetchall()
            if not rows:  # fuzzy: any trigram of the words
                grams = {w[i : i + 3] for w in long for i in range(len(w) - 2)}
                fuzzy = " OR ".join(f'"{g}"' for g in grams)
                rows = db.execute(
                    "SELECT rowid FROM r WHERE r MATCH ? ORDER BY bm25(r) LIMIT 200", (fuzzy,)
                ).fetchall()
        elif short:
            like = " AND ".join("body LIKE ?" for _ in short)
            rows = db.execute(
                f"SELECT rowid FROM r WHERE {like} LIMIT 200", [f"%{w}%" for w in short]
            ).fetchall()
        ids = [i for (i,) in rows]
        ids.sort(key=lambda i: records[i].kind == PASSAGE)  # stable: bm25 within each
        return [records[i].iri for i in ids]

    return rank


def rapidfuzz_ranker(records: list[Record]) -> Ranker:
    """rapidfuzz alone: WRatio of the folded query against every record's folded text."""
    texts = [
        fold(r.text) if r.kind == PASSAGE else " | ".join([*r.names, *r.codes]) for r in records
    ]

    def rank(q: str) -> list[str]:
        found = process.extract(fold(q), texts, scorer=fuzz.WRatio, limit=50, score_cutoff=60)
        return [records[i].iri for _, _, i in found]

    return rank


def measure(name: str, make: Callable[[], Ranker], person: re.Pattern[str]) -> None:
    t0 = time.perf_counter()
    rank = make()
    built = time.perf_counter() - t0
    places, times, eu_person = [], [], False
    for q, meant in MUST_SHOW.items():
        runs = []
        for _ in range(5):
            t = time.perf_counter()
            found = rank(q)
            runs.append(time.perf_counter() - t)
        times.append(statistics.median(runs))
        places.append(f"{q}={found.index(meant) + 1 if meant in found else '-'}")
        if q == "EU":
            eu_person = any(person.search(i) for i in found[:20])
    median, worst = statistics.median(times) * 1000, max(times) * 1000
    print(
        f"  {name:<11} build {built * 1000:7.0f} ms  query median {median:6.1f} ms, max "
        f"{worst:6.1f} ms  | {' '.join(places)} | EU finds a person: {eu_person}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", default="build")
    args = parser.parse_args()
    app = create_app({"BUILD_DIR": str(Path(args.build)), "QUERY_WORKERS": 1})
    person = re.compile(r"/person/")
    try:
        with app.app_context():
            read_index()  # the query processes start
            t0 = time.perf_counter()
            index = read_index()
            print(f"reading the records from the store: {time.perf_counter() - t0:.2f} s")
        records, labels = index.records, index.labels
        passages = [r for r in records if r.kind == PASSAGE]
        scaled = list(records)
        for n in range(99):  # 100 copies of the passages: the size of a 100x corpus
            for p in passages:
                c = copy.copy(p)
                c.iri = f"{p.iri}/copy{n}"
                scaled.append(c)
        for title, recs in (("seeds", records), ("seeds' passages x100", scaled)):
            print(f"{title}: {len(recs)} records")
            measure("vocabulary", lambda r=recs: vocabulary_ranker(r, labels), person)  # type: ignore[misc]
            measure("fts5", lambda r=recs: fts5_ranker(r), person)  # type: ignore[misc]
            measure("rapidfuzz", lambda r=recs: rapidfuzz_ranker(r), person)  # type: ignore[misc]
    finally:
        app.extensions["cndkg"].close()


if __name__ == "__main__":
    main()

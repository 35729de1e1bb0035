"""Which engine answers our queries: rdflib's own SPARQL engine vs Oxigraph (pyoxigraph),
on the same build, in one run. Prints load time and per-query medians with the ratio.

    .venv/bin/python bench/engines.py [--build build] [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset

from cndkg.release import resolve

QUERIES = Path(__file__).resolve().parents[1] / "queries"


def timed(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", type=Path, default=Path("build"))
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    release = resolve(args.build)

    t0 = time.perf_counter()
    ds = Dataset(default_union=True)
    ds.parse(release / "dataset.trig", format="trig")
    rdflib_load = time.perf_counter() - t0
    t0 = time.perf_counter()
    store = ox.Store.read_only(str(release / "store"))
    ox_open = time.perf_counter() - t0
    print(f"triples: {len(ds)}")
    print(
        f"load: rdflib parse TriG {rdflib_load:.2f} s; Oxigraph open persisted store "
        f"{ox_open * 1000:.1f} ms"
    )
    print(f"{'query':22} {'rdflib ms':>10} {'oxigraph ms':>12} {'ratio':>7}")
    for path in sorted(QUERIES.glob("*.rq")):
        q = path.read_text(encoding="utf-8")
        r = timed(lambda q=q: list(ds.query(q)), args.repeat)
        o = timed(lambda q=q: list(store.query(q, use_default_graph_as_union=True)), args.repeat)
        print(f"{path.stem:22} {r * 1000:10.1f} {o * 1000:12.2f} {r / o:7.1f}x")


if __name__ == "__main__":
    main()

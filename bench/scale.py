"""The whole pipeline at 10x and 100x the seeds: realistic variant documents (bench/
variants.py), built by the real `cndkg build` in a child process, then queried on the
store it wrote. Prints build time per stage, peak memory, triples and query latencies,
with the targets of issue #5.

    .venv/bin/python bench/scale.py [--factors 10,100] [--work /tmp/cndkg-scale]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
from variants import write_variants  # bench/variants.py, beside this script

from cndkg.processes import forkserver_context
from cndkg.release import resolve
from cndkg.store import query as run_query
from cndkg.web import DEFAULTS
from cndkg.web.pool import QueryJob, write_solutions

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ROOT / "queries"
MAX_ROWS = int(DEFAULTS["MAX_ROWS"])
STAGES = (
    "read", "parse", "outline", "extract", "link", "rdf", "reason", "load", "validate", "write",
)  # fmt: skip
BUILD_LIMIT_S, MEMORY_LIMIT_MIB = 600, 4096
FILTERED_LIMIT_MS, UNFILTERED_LIMIT_MS = 100, 2000
# how a user narrows each competency query to one meeting, actor or document: the
# variable bound, and the pattern that makes it required where the query has it OPTIONAL
FILTERS = {
    "meetings": ("meeting", ""),
    "sessions": ("meeting", "?session cnd:partOf ?meeting ."),
    "roles": ("meeting", "?assignment cnd:inMeeting ?meeting ."),
    "participants": ("actor", ""),
    "statements": ("speaker", ""),
    "group-members": ("member", ""),
    "initiatives": ("initiative", ""),
    "citations": ("document", ""),
    "evidence": ("document", ""),
}


def tree_rss_mib(pid: int) -> int:
    """Resident memory of a process and all its descendants (validation workers too)."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(status.split("VmRSS:")[1].split()[0]) if "VmRSS:" in status else 0
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError, IndexError):
            continue
    return total // 1024


def build(sources: Path, out: Path) -> tuple[float, int, int, dict[str, object]]:
    """Run `cndkg build` as a child: wall time, its own peak RSS, the peak of its process
    tree's summed RSS (sampled every 0.2 s; MiB) and its manifest."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "cndkg.cli", "build", "--sources", str(sources), "--out", str(out)],
        stdout=subprocess.DEVNULL,
    )
    tree_peak = 0
    while proc.poll() is None:
        tree_peak = max(tree_peak, tree_rss_mib(proc.pid))
        time.sleep(0.2)
    wall = time.perf_counter() - t0
    # 3: published without the documents it names (the variants may repeat a seed
    # byte for byte at 100x, and such a copy is refused as the same document)
    if proc.returncode not in (0, 3):
        raise SystemExit(f"cndkg build failed with status {proc.returncode}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
    manifest = json.loads((resolve(out) / "manifest.json").read_text(encoding="utf-8"))
    return wall, peak, tree_peak, manifest


def timed(store: ox.Store, sparql: str, repeat: int) -> tuple[float, float, int]:
    """Median milliseconds over `repeat` runs, two ways: the complete answer written as
    SPARQL JSON by Oxigraph, and the endpoint's answer (the same code path, cut at its
    row cap of MAX_ROWS); and the complete row count."""
    complete, served = [], []
    job = QueryJob(sparql, "json", MAX_ROWS)
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = run_query(store, sparql)
        assert isinstance(result, ox.QuerySolutions)
        result.serialize(format=ox.QueryResultsFormat.JSON)
        t1 = time.perf_counter()
        result = run_query(store, sparql)
        assert isinstance(result, ox.QuerySolutions)
        write_solutions(result, job)
        complete.append((t1 - t0) * 1000)
        served.append((time.perf_counter() - t1) * 1000)
    result = run_query(store, sparql)
    assert isinstance(result, ox.QuerySolutions)
    return statistics.median(complete), statistics.median(served), len(list(result))


def narrowed(sparql: str, var: str, pattern: str, iri: str) -> str:
    """The query restricted to one value of ?var, bound at the top of its WHERE."""
    top = f"WHERE {{ VALUES ?{var} {{ <{iri}> }} {pattern}"
    return re.sub(r"WHERE\s*\{", lambda _: top, sparql, count=1)


def busiest(store: ox.Store, sparql: str, var: str) -> str | None:
    """The value of ?var with the most rows: the worst case for a filtered query."""
    counts: dict[str, int] = {}
    for row in run_query(store, sparql):  # type: ignore[union-attr]
        term = row[var]
        if isinstance(term, ox.NamedNode):
            counts[term.value] = counts.get(term.value, 0) + 1
    return max(counts, key=counts.__getitem__) if counts else None


def measure(factor: int, work: Path, seed: int, repeat: int, reuse: bool) -> None:
    sources, out = work / f"sources-x{factor}", work / f"build-x{factor}"
    if not (reuse and (out / "current").exists()):
        generate_and_build(factor, sources, out, seed)
    else:
        print(f"\n## x{factor}: queries on the existing build {resolve(out)}")
    # in a process started as the endpoint starts its query processes: the same fork
    # server and malloc (cndkg.processes), so the figures are the endpoint's
    sys.stdout.flush()
    child = forkserver_context("cndkg.store").Process(
        target=query_table, args=(resolve(out), repeat)
    )
    child.start()
    child.join()
    if child.exitcode != 0:
        raise SystemExit(f"the query process failed with status {child.exitcode}")


def query_table(release: Path, repeat: int) -> None:
    store = ox.Store.read_only(str(release / "store"))
    print(
        f"\n{'query':20s} {'all ms':>9s} {'served ms':>9s} {'rows':>7s} {'one ms':>8s} "
        f"{'rows':>5s}  narrowed by\n{'':20s} {'(complete)':>9s} {'(<=' + str(MAX_ROWS) + ')':>9s}"
    )
    worst_all, worst_served, worst_one = 0.0, 0.0, 0.0
    for path in sorted(QUERIES.glob("*.rq")):
        sparql = path.read_text(encoding="utf-8")
        all_ms, served_ms, all_rows = timed(store, sparql, repeat)
        worst_all, worst_served = max(worst_all, all_ms), max(worst_served, served_ms)
        line = f"{path.stem:20s} {all_ms:9.1f} {served_ms:9.1f} {all_rows:7d}"
        var, pattern = FILTERS.get(path.stem, ("", ""))
        iri = busiest(store, sparql, var) if var else None
        if var and iri:
            one_ms, _, one_rows = timed(store, narrowed(sparql, var, pattern, iri), repeat)
            worst_one = max(worst_one, one_ms)
            print(f"{line} {one_ms:8.1f} {one_rows:5d}  ?{var}")
        else:
            print(f"{line} {'-':>8s} {'-':>5s}")
    met = worst_served < UNFILTERED_LIMIT_MS and worst_one < FILTERED_LIMIT_MS
    print(
        f"targets: unfiltered as served worst {worst_served:.0f} ms (< {UNFILTERED_LIMIT_MS}; "
        f"complete answers worst {worst_all:.0f} ms), "
        f"filtered worst {worst_one:.1f} ms (< {FILTERED_LIMIT_MS}): "
        + ("met" if met else "NOT met")
    )


def generate_and_build(factor: int, sources: Path, out: Path, seed: int) -> None:
    shutil.rmtree(sources, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    t0 = time.perf_counter()
    docs = [p for p in write_variants(ROOT / "data" / "sources", sources, factor, seed)
            if not p.name.endswith(".meta.json")]  # fmt: skip
    made = time.perf_counter() - t0
    size = sum(p.stat().st_size for p in docs)
    print(f"\n## x{factor}: {len(docs)} documents, {size / 1e6:.1f} MB, generated in {made:.1f} s")
    wall, peak, tree_peak, manifest = build(sources, out)
    timings = manifest["timings_s"]
    assert isinstance(timings, dict)
    print(
        f"build: {wall:.1f} s wall, peak RSS {peak} MiB (whole process tree, summed: "
        f"{tree_peak} MiB), {manifest['triples']} triples"
    )
    held = [d["file"] for d in manifest.get("documents", []) if d.get("status") != "published"]
    if held:  # a held-back document makes the build validate again: stages count twice
        print(f"held back: {len(held)} of {len(manifest['documents'])} documents")
    print("stages (s): " + ", ".join(f"{s} {timings.get(s, 0):.1f}" for s in STAGES))
    worst = max(peak, tree_peak)
    verdict = "met" if wall < BUILD_LIMIT_S and worst < MEMORY_LIMIT_MIB else "NOT met"
    print(f"target (< {BUILD_LIMIT_S} s and < {MEMORY_LIMIT_MIB} MiB): {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--factors", default="10,100", help="comma-separated, e.g. 10,100")
    parser.add_argument("--work", type=Path, default=Path("/tmp/cndkg-scale"))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--reuse", action="store_true", help="query the builds already made")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, {time.ctime()}")
    for factor in (int(f) for f in args.factors.split(",")):
        measure(factor, args.work, args.seed, args.repeat, args.reuse)


if __name__ == "__main__":
    main()

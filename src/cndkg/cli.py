"""`cndkg build | validate | export | query | evaluate | serve`."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from pathlib import Path

from cndkg.model import CndkgError
from cndkg.release import DUMP_FILES

QUERY_FORMATS = ("table", "csv", "tsv", "json")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="cndkg", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    b = sub.add_parser(
        "build",
        help="documents -> validated, inferred graph and its store",
        description="Build a release from a folder of documents (PDF, HTML, Markdown, text). "
        "Exit status: 0 all published; 3 published without the documents it names (unreadable, "
        "or their facts break a shape); 1 nothing published (--strict, or a violation no one "
        "document causes); 2 an error (bad folder, full disk).",
    )
    b.add_argument("--sources", type=Path, default=Path("data/sources"))
    b.add_argument("--out", type=Path, default=Path("build"))
    b.add_argument(
        "--base",
        default=os.environ.get("CNDKG_BASE", ""),
        help="base IRI of entities (default https://w3id.org/cndkg/id/)",
    )
    b.add_argument(
        "--strict",
        action="store_true",
        help="all or nothing: publish nothing if any document breaks a shape "
        "(default: hold that document back and publish the others)",
    )

    v = sub.add_parser("validate", help="re-check a build against the SHACL shapes")
    v.add_argument("--build", type=Path, default=Path("build"))

    e = sub.add_parser("export", help="write the build in an RDF format")
    e.add_argument("--build", type=Path, default=Path("build"))
    e.add_argument("--format", choices=sorted(DUMP_FILES), default="ttl")
    e.add_argument("--output", "-o", type=Path, help="file to write (default: stdout)")

    q = sub.add_parser("query", help="run a SPARQL query file on a build")
    q.add_argument("file", type=Path)
    q.add_argument("--build", type=Path, default=Path("build"))
    q.add_argument("--format", choices=QUERY_FORMATS, default="table")

    ev = sub.add_parser("evaluate", help="precision, recall and F1 per competency query")
    ev.add_argument("--build", type=Path, default=Path("build"))
    ev.add_argument(
        "--expected",
        type=Path,
        action="append",
        help="folder of expected answers (repeat for several; default tests/expected)",
    )
    ev.add_argument("--queries", type=Path, default=Path("queries"))
    ev.add_argument(
        "--show-misses",
        action="store_true",
        help="list the expected rows missed and the rows found but not expected",
    )
    ev.add_argument(
        "--min-f1", type=float, default=0.0, help="exit non-zero if any query scores below this F1"
    )
    ev.add_argument(
        "--sets",
        action="store_true",
        help="three tables: the seeds (this build), the invented cases and the real documents "
        "of tests/cases (each built on its own)",
    )

    s = sub.add_parser("serve", help="serve the build over HTTP (granian, 127.0.0.1)")
    s.add_argument("--build", type=Path, default=Path("build"))
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8080)
    s.add_argument("--workers", type=int, default=2, help="app processes")
    s.add_argument("--threads", type=int, default=4, help="request threads per process")
    s.add_argument("--timeout", type=float, default=10.0, help="per-query time limit, seconds")
    s.add_argument(
        "--store",
        default="",
        help="answer from this external store (base URL) "
        "where `cndkg publish` put the build, instead of the embedded store",
    )
    s.add_argument("--store-kind", choices=("oxigraph", "virtuoso"), default="oxigraph")

    pb = sub.add_parser("publish", help="push a build into a SPARQL 1.1 store (atomic switch)")
    pb.add_argument("--to", required=True, help="the store's base URL, e.g. http://127.0.0.1:7878")
    pb.add_argument("--kind", choices=("oxigraph", "virtuoso"), default="oxigraph")
    pb.add_argument("--build", type=Path, default=Path("build"))
    pb.add_argument("--user", default="")
    pb.add_argument("--password-env", default="", help="environment variable with the password")

    args = parser.parse_args(argv)
    try:
        return int(COMMANDS[args.command](args))
    except CndkgError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # the reader left (`| head`): what was asked is done
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no flush error
        return 0
    except OSError as exc:  # a full disk, a folder that cannot be written
        where = f" ({exc.filename})" if exc.filename else ""
        print(
            f"error: {exc.strerror or exc}{where}; nothing already built was changed",
            file=sys.stderr,
        )
        return 2


def cmd_build(args: argparse.Namespace) -> int:
    from cndkg.iris import DEFAULT_BASE
    from cndkg.pipeline import run_build

    report = run_build(args.sources, args.out, args.base or DEFAULT_BASE, strict=args.strict)
    timings = ", ".join(f"{k} {v:.2f}s" for k, v in report.timings.items())
    print("documents:")
    for doc in report.documents:
        print(f"  {doc.line()}")
    if not report.ok:
        assert report.validation is not None
        print(report.validation.summary(), file=sys.stderr)
        print(
            f"build failed validation; the previous build in {args.out} is unchanged "
            f"(report: {args.out / 'failed-validation-report.ttl'})",
            file=sys.stderr,
        )
        return 1
    total = sum(report.counts.values())
    print(f"built {report.release} ({total} triples; {timings})")
    held = report.held_back
    if held:
        names = ", ".join(d.file for d in held)
        print(
            f"{len(held)} of {len(report.documents)} document(s) held back, not published: "
            f"{names} (see above, and manifest.json in the release)",
            file=sys.stderr,
        )
        return 3  # published, without the documents named
    for graph, n in sorted(report.counts.items()):
        print(f"  {n:8d}  {graph}")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from cndkg.iris import DEFAULT_BASE, Names
    from cndkg.pipeline import load_ontology, validate_store
    from cndkg.release import resolve
    from cndkg.store import STORE_DIR, open_store

    release = resolve(args.build)
    manifest = json.loads((release / "manifest.json").read_text(encoding="utf-8"))
    inferred = str(Names(manifest.get("base", DEFAULT_BASE)).graph("inferred"))
    result = validate_store(open_store(release), load_ontology(), inferred, release / STORE_DIR)
    print(result.summary())
    return 0 if result.conforms else 1


def cmd_export(args: argparse.Namespace) -> int:
    from cndkg.release import resolve

    release = resolve(args.build)
    source = release / DUMP_FILES[args.format]
    if not source.is_file():
        raise FileNotFoundError(f"{source} is missing: rebuild with `cndkg build`")
    # the release holds every format already, written from the store at build time:
    # copied in chunks, so a 100x build (450 MB of N-Triples) is never held in memory
    with source.open("rb") as data:
        if args.output:
            with args.output.open("wb") as out:
                shutil.copyfileobj(data, out)
        else:
            shutil.copyfileobj(data, sys.stdout.buffer)
    return 0


def cmd_query(args: argparse.Namespace) -> int:
    from cndkg.query import run_query_file

    sys.stdout.write(run_query_file(args.file, args.build, args.format))
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    import tempfile

    from cndkg.evaluate import (
        SCORED_IN_CORPUS,
        case_folders,
        evaluate,
        evaluate_cases,
        format_diagnostics,
        format_misses,
        format_scores,
    )

    scores = evaluate(args.build, args.queries, args.expected or [Path("tests/expected")])
    if args.show_misses:
        print(format_misses(scores))
        print(format_diagnostics(args.build))
    if args.sets:
        print("Seeds (data/sources, this build):")
    print(format_scores(scores))
    worst = min((s.f1 for s in scores), default=1.0)
    if args.sets:
        invented, real = case_folders(Path("tests/cases"))
        with tempfile.TemporaryDirectory(prefix="cndkg-eval-") as work:
            for title, folders, only in (
                ("Invented cases (tests/cases, written to look like the seeds)", invented, ()),
                ("Real documents (tests/cases/E_2025_*, ECOSOC reports as published)", real,
                 SCORED_IN_CORPUS),
            ):  # fmt: skip
                total, per_case = evaluate_cases(folders, args.queries, Path(work), only)
                print(f"\n{title}: {', '.join(per_case)}")
                if args.show_misses:
                    print(format_misses([x for v in per_case.values() for x in v]))
                print(format_scores(total))
                for name, case_scores in per_case.items():
                    low = [f"{x.query} {x.f1:.3f}" for x in case_scores if x.f1 < 1.0]
                    print(f"  {name}: {'; '.join(low) if low else 'all 1.000'}")
                worst = min([worst, *(x.f1 for v in per_case.values() for x in v)])
    return 0 if worst >= args.min_f1 else 1


def check_store(release: Path) -> None:
    """Open a build's store once, so a missing or corrupt one is an error now, not later."""
    from cndkg.model import CndkgError
    from cndkg.store import open_store

    try:
        open_store(release)
    except FileNotFoundError:
        raise
    except (OSError, ValueError, RuntimeError) as exc:
        raise CndkgError(f"the store of this build cannot be opened: {exc}", str(release)) from exc


def cmd_publish(args: argparse.Namespace) -> int:
    from cndkg.publish import StoreClient, StoreEndpoints, password_from_env, publish

    endpoints = StoreEndpoints.for_kind(
        args.to, args.kind, args.user, password_from_env(args.password_env)
    )
    publish(args.build, StoreClient(endpoints))
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from cndkg.publish import StoreEndpoints
    from cndkg.release import resolve
    from cndkg.serve import serve

    store = ""
    if args.store:
        store = StoreEndpoints.for_kind(args.store, args.store_kind).query
    else:
        check_store(resolve(args.build))  # fail now, clearly, if there is nothing to serve
    serve(args.build, args.host, args.port, args.workers, args.threads, args.timeout, store)
    return 0


COMMANDS = {
    "build": cmd_build,
    "validate": cmd_validate,
    "export": cmd_export,
    "query": cmd_query,
    "evaluate": cmd_evaluate,
    "serve": cmd_serve,
    "publish": cmd_publish,
}

if __name__ == "__main__":
    sys.exit(main())

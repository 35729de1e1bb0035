"""Precision, recall and F1 of each competency query against expected answers.

Expected answers (tests/expected/*.csv, see its README) were written by reading the
documents. Rows are compared on key columns as multisets; codes are compared through
the gazetteers (so "POMPIDOU" and "COE-PG" are the same body); names in initiatives
and roles are compared loosely (shared words), since the text words them variously.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from cndkg.gazetteers import Gazetteer, normalize
from cndkg.query import select_rows
from cndkg.release import resolve
from cndkg.store import open_store

Row = dict[str, str]
Key = tuple[str, ...]


@dataclass
class Score:
    query: str
    expected: int
    found: int
    matched: int
    missed: list[tuple[Key, str]] = field(default_factory=list)
    extra: list[tuple[Key, str]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else (1.0 if not self.expected else 0.0)

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


class Canon:
    """Canonical forms of the values compared."""

    def __init__(self, gaz: Gazetteer, files: dict[str, str] | None = None) -> None:
        self.gaz = gaz
        self.files = files or {}  # document IRI -> the stem of its file as published

    def code(self, value: str) -> str:
        v = value.strip()
        if not v:
            return ""
        if v.startswith("CSO-"):
            return v.upper()
        for kind in ("state", "org", "group"):
            entry = self.gaz.get(kind, v) or self.gaz.lookup(kind, v)
            if entry:
                return entry.code
        return normalize(v)

    def doc(self, value: str) -> str:
        """A document as the annotators name it: its file's stem (its IRI is what the
        document is, cndkg.iris)."""
        return self.files.get(value) or value.rstrip("/").rsplit("/", 1)[-1]

    @staticmethod
    def flag(value: str) -> str:
        v = value.strip().lower()
        return "yes" if v in ("yes", "true", "1") or (v.startswith("http")) else ""

    def ident(self, value: str) -> str:
        """A cited document's identifier, through the gazetteer's name forms."""
        entry = self.gaz.lookup("document", value)
        return entry.code if entry else normalize(value)

    def initiative(self, name: str) -> str:
        """The gazetteer code of an initiative however it is worded, else its words."""
        n = normalize(name)
        candidates = [
            n,
            re.sub(
                r"\s+(?:programme|program|initiative|project|platform|tool|"
                r"toolkit|network|system)$",
                "",
                n,
            ),
        ]
        candidates += [c.split(" ", 1)[1] for c in list(candidates) if " " in c]
        for c in candidates:
            entry = self.gaz.lookup("initiative", c)
            if entry:
                return entry.code
        return n


def words(text: str) -> set[str]:
    stop = {"the", "of", "on", "and", "for", "to", "a", "an", "in", "unodc", "incb", "who"}
    found = re.findall(r"[a-z0-9]+", normalize(text).replace("program ", "programme "))
    return {w for w in found if w not in stop}


def similar(a: str, b: str) -> bool:
    wa, wb = words(a), words(b)
    if not wa or not wb:
        return not wa and not wb
    return len(wa & wb) / min(len(wa), len(wb)) >= 0.6


def surname(name: str) -> str:
    tokens = re.findall(r"[a-z]+", normalize(name))
    return tokens[-1] if tokens else ""


def same_person_name(a: str, b: str) -> bool:
    """Same surname, allowing one typing slip in long ones (the seeds spell one Chair
    both "Bakhjet" and "BAKHET")."""
    x, y = surname(a), surname(b)
    if x == y:
        return True
    if min(len(x), len(y)) < 5 or abs(len(x) - len(y)) > 1:
        return False
    return _edit_distance(x, y) <= 1


def _edit_distance(x: str, y: str) -> int:
    row = list(range(len(y) + 1))
    for i, cx in enumerate(x, 1):
        prev, row[0] = row[0], i
        for j, cy in enumerate(y, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (cx != cy))
    return row[-1]


@dataclass
class Spec:
    """How to compare one query: exact key, optional loose field."""

    key: Callable[[Row, dict[str, Row]], Key]
    expected_key: Callable[[Row], Key]
    loose: Callable[[str, str], bool] | None = None
    actual_loose: Callable[[Row], str] | None = None
    expected_loose: Callable[[Row], str] | None = None
    paragraph_at: int | None = None
    # columns compared too where the expected file has them (the corpus's meetings say
    # whose they are; the seeds' do not)
    optional: tuple[str, ...] = ()


def specs(c: Canon) -> dict[str, Spec]:
    def m_start(meetings: dict[str, Row], iri: str) -> str:
        return meetings.get(iri, {}).get("start", "")

    def m_kind(meetings: dict[str, Row], iri: str) -> str:
        return meetings.get(iri, {}).get("kind", "")

    return {
        "meetings": Spec(
            key=lambda r, m: (
                r["kind"],
                r["start"],
                r["end"],
                normalize(r["place"]),
                m_kind(m, r["parent"]),
                m_start(m, r["parent"]),
            ),
            expected_key=lambda e: (
                e["kind"],
                e["start"],
                e["end"],
                normalize(e["place"]),
                e["parentKind"],
                e["parentStart"],
            ),
            optional=("bodyCode",),
        ),
        "sessions": Spec(
            key=lambda r, m: (m_start(m, r["meeting"]), r["date"], r["challengeCode"]),
            expected_key=lambda e: (e["meetingStart"], e["date"], e["challengeCode"]),
        ),
        "statements": Spec(
            paragraph_at=1,
            key=lambda r, m: (
                c.doc(r.get("document", "")),
                r.get("paragraph", ""),
                r["sessionDate"],
                c.code(r["speakerCode"] or r["speakerName"]),
                c.flag(r["onBehalfOf"]),
                c.flag(r["rightOfReply"]),
            ),
            expected_key=lambda e: (
                e["doc"],
                e["paragraph"],
                e["sessionDate"],
                c.code(e["speakerCode"]),
                c.flag(e["onBehalfOf"]),
                c.flag(e["rightOfReply"]),
            ),
        ),
        "group-members": Spec(
            paragraph_at=1,
            key=lambda r, m: (
                c.doc(r.get("document", "")),
                r.get("paragraph", ""),
                c.code(r["speakerCode"]),
                c.code(r["memberCode"]),
            ),
            expected_key=lambda e: (
                e["doc"],
                e["paragraph"],
                c.code(e["speakerCode"]),
                c.code(e["memberCode"]),
            ),
        ),
        "roles": Spec(
            key=lambda r, m: (
                r["role"],
                m_start(m, r["meeting"]),
                r["countryCode"],
                c.code(r["organizationCode"]),
            ),
            expected_key=lambda e: (
                e["role"],
                e["meetingStart"],
                e["countryCode"],
                c.code(e["organizationCode"]),
            ),
            loose=same_person_name,
            actual_loose=lambda r: r["personName"],
            expected_loose=lambda e: e["personName"],
        ),
        "participants": Spec(
            key=lambda r, m: (
                m_start(m, r["meeting"]),
                c.code(r["actorCode"] or r["actorName"]),
                r["participation"],
            ),
            expected_key=lambda e: (e["meetingStart"], c.code(e["actorCode"]), e["participation"]),
        ),
        "initiatives": Spec(
            paragraph_at=1,
            key=lambda r, m: (c.doc(r["document"]), r["paragraph"], c.code(r["ownerCode"])),
            expected_key=lambda e: (e["doc"], e["paragraph"], c.code(e["ownerCode"])),
            loose=lambda a, b: c.initiative(a) == c.initiative(b) or similar(a, b),
            actual_loose=lambda r: r["name"],
            expected_loose=lambda e: e["name"],
        ),
        "citations": Spec(
            key=lambda r, m: (c.doc(r["document"]), c.ident(r["identifier"])),
            expected_key=lambda e: (e["doc"], c.ident(e["identifier"])),
        ),
        "challenge-timeline": Spec(
            key=lambda r, m: (r["challengeCode"], r["year"], r["sessions"]),
            expected_key=lambda e: (e["challengeCode"], e["year"], e["sessions"]),
        ),
    }


def match(
    actual: list[tuple[Key, str]], expected: list[tuple[Key, str]], spec: Spec
) -> tuple[int, list[tuple[Key, str]], list[tuple[Key, str]]]:
    """Greedy one-to-one matching: (matched, expected rows missed, actual rows extra).

    An empty expected paragraph matches any paragraph.
    """
    used = [False] * len(actual)
    matched = 0
    # exact first, then loose, so a loose match never steals an exact one
    for exact in (True, False):
        for ek, ev in list(expected):
            for i, (ak, av) in enumerate(actual):
                if used[i] or not _key_match(ak, ek, spec.paragraph_at):
                    continue
                if spec.loose is not None:
                    ok = (av == ev) if exact else spec.loose(av, ev)
                    if not ok:
                        continue
                elif not exact:
                    continue
                used[i] = True
                matched += 1
                expected.remove((ek, ev))
                break
    extra = [a for a, u in zip(actual, used, strict=True) if not u]
    return matched, expected, extra


def _key_match(actual: Key, expected: Key, paragraph_at: int | None) -> bool:
    """Equal keys; an expected paragraph left empty (unnumbered text) matches any."""
    return all(
        e == a or (e == "" and i == paragraph_at)
        for i, (a, e) in enumerate(zip(actual, expected, strict=True))
    )


def _collapse_unnumbered(
    actual: list[tuple[Key, str]], expected: list[tuple[Key, str]], at: int
) -> list[tuple[Key, str]]:
    """Where the annotator gave a document no paragraphs, count each answer once per
    document, as the annotator did."""
    unnumbered = {k[0] for k, _ in expected if k[at] == ""} - {
        k[0] for k, _ in expected if k[at] != ""
    }
    out: list[tuple[Key, str]] = []
    for key, loose in actual:
        if key[0] in unnumbered:
            key = (*key[:at], "", *key[at + 1 :])
            if (key, loose) in out:
                continue
        out.append((key, loose))
    return out


def read_expected(path: Path) -> list[Row]:
    with path.open(encoding="utf-8", newline="") as f:
        return [dict(r) for r in csv.DictReader(f)]


def evaluate(
    build: Path, queries: Path, expected: Path | list[Path], gaz: Gazetteer | None = None
) -> list[Score]:
    """Score each query against the expected answers of one folder, or of several (their
    rows together: the documents of one build, annotated folder by folder)."""
    folders = expected if isinstance(expected, list) else [expected]
    gaz = gaz or Gazetteer()
    store = open_store(resolve(build))
    _, named = select_rows(
        store,
        "SELECT ?d ?f WHERE { ?d <https://w3id.org/cndkg/ontology#originalFileName> ?f }",
    )
    canon = Canon(gaz, {d: Path(f).stem for d, f in named})
    names, rows = select_rows(store, (queries / "meetings.rq").read_text(encoding="utf-8"))
    meetings = {r[0]: dict(zip(names, r, strict=True)) for r in rows}
    scores: list[Score] = []
    for name, spec in specs(canon).items():
        files = [f / f"{name}.csv" for f in folders if (f / f"{name}.csv").exists()]
        if not files:
            continue
        cols, data = select_rows(store, (queries / f"{name}.rq").read_text(encoding="utf-8"))
        actual_rows = [dict(zip(cols, r, strict=True)) for r in data]
        exp_rows = [row for f in files for row in read_expected(f)]
        extra_cols = [c for c in spec.optional if exp_rows and all(c in e for e in exp_rows)]

        def more(row: Row, cols: list[str] = extra_cols) -> Key:
            return tuple(canon.code(row.get(c) or "") for c in cols)

        actual = [
            ((*spec.key(r, meetings), *more(r)), spec.actual_loose(r) if spec.actual_loose else "")
            for r in actual_rows
        ]
        exp = [
            (
                (*spec.expected_key(e), *more(e)),
                spec.expected_loose(e) if spec.expected_loose else "",
            )
            for e in exp_rows
        ]
        if spec.paragraph_at is not None:
            actual = _collapse_unnumbered(actual, exp, spec.paragraph_at)
        matched, missed, extra = match(actual, list(exp), spec)
        scores.append(Score(name, len(exp), len(actual), matched, missed, extra))
    return scores


SCORED_IN_CORPUS = ("meetings", "sessions", "statements", "group-members", "roles", "citations")


def case_folders(cases: Path) -> tuple[list[Path], list[Path]]:
    """The invented cases (a `source.txt` written to look like the seeds) and the real
    documents (folders holding the published file, a PDF), under tests/cases/."""
    folders = sorted(p for p in cases.iterdir() if p.is_dir() and (p / "meetings.csv").exists())
    invented = [p for p in folders if (p / "source.txt").exists()]
    real = [p for p in folders if any(p.glob("*.pdf"))]
    return invented, real


def evaluate_cases(
    folders: list[Path], queries: Path, work: Path, only: tuple[str, ...] = ()
) -> tuple[list[Score], dict[str, list[Score]]]:
    """Build each case folder on its own and score it against its expected answers; the
    first result sums the cases (micro-averaged), the second is per case."""
    from cndkg.pipeline import run_build  # the pipeline is needed only here

    per_case: dict[str, list[Score]] = {}
    for folder in folders:
        sources = work / folder.name / "sources"
        sources.mkdir(parents=True, exist_ok=True)
        # the case's document, not its notes: source.txt or the published file
        for f in folder.iterdir():
            if f.name == "source.txt" or f.suffix.lower() in (".pdf", ".html", ".htm"):
                (sources / f.name).write_bytes(f.read_bytes())
        report = run_build(sources, work / folder.name / "build")
        if report.release is None:
            raise RuntimeError(f"{folder.name}: the build published nothing")
        scores = evaluate(report.release, queries, folder)
        per_case[folder.name] = [x for x in scores if not only or x.query in only]
    total: dict[str, Score] = {}
    for scores in per_case.values():
        for x in scores:
            t = total.setdefault(x.query, Score(x.query, 0, 0, 0))
            t.expected += x.expected
            t.found += x.found
            t.matched += x.matched
    return list(total.values()), per_case


def format_diagnostics(build: Path) -> str:
    """What the build's documents matched but could not place (the manifest's report)."""
    import json

    manifest = json.loads((resolve(build) / "manifest.json").read_text(encoding="utf-8"))
    return "\n".join(
        f"diagnostic\t{d['file']}\t{line}"
        for d in manifest.get("documents", [])
        for line in d.get("diagnostics", [])
    )


def format_misses(scores: list[Score]) -> str:
    lines: list[str] = []
    for s in scores:
        for key, loose in sorted(s.missed):
            lines.append(f"{s.query}\tmissed\t{' | '.join(key)}\t{loose}")
        for key, loose in sorted(s.extra):
            lines.append(f"{s.query}\textra\t{' | '.join(key)}\t{loose}")
    return "\n".join(lines)


def format_scores(scores: list[Score]) -> str:
    lines = [
        f"{'query':20} {'expected':>8} {'found':>6} {'matched':>7} {'P':>6} {'R':>6} {'F1':>6}"
    ]
    for s in scores:
        lines.append(
            f"{s.query:20} {s.expected:8d} {s.found:6d} {s.matched:7d} "
            f"{s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f}"
        )
    return "\n".join(lines)

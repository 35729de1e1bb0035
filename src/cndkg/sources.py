"""Read source documents and their metadata sidecars.

A sidecar is `<file>.meta.json` beside the document. A document without one still
builds: its title, date and symbol are read from the text.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import date
from pathlib import Path

from cndkg.iris import document_key
from cndkg.model import SourceDocument, SourceError, SourceMetadata
from cndkg.readers import derive
from cndkg.rules.reported import MEETINGS

SIDECAR_SUFFIX = ".meta.json"
# the names a published document comes under; which format it is, its content decides
DOCUMENT_SUFFIXES = (".pdf", ".html", ".htm", ".xhtml", ".txt", ".text", ".md", ".markdown", "")
MAX_SOURCE_BYTES = 50_000_000  # a published file (a 190-page UN PDF is about 2 MB)
MAX_TEXT_CHARS = 3_000_000  # the text derived from it (that PDF gives about 600,000)
MAX_PARAGRAPHS = 20_000  # past this, a file is not one meeting document (and costs GBs)
SIDECAR_FIELDS = (
    "title", "issuer", "date", "symbol", "genre", "language", "original_file_name", "source",
)  # fmt: skip

# Words any document of this field uses (the CND, its sister commissions of ECOSOC,
# drug policy); a file with none of them is not one of ours.
GENRE_MARKERS = re.compile(
    r"\b(Commission on (?:Narcotic Drugs|Crime Prevention)|CND|CCPCJ|UNODC|"
    r"drug policy|narcotic|Ministerial Declaration|Economic and Social Council|ECOSOC|"
    r"(?:functional|regional) commission|Commission (?:on|for) [A-Z]\w+|"
    r"Statistical Commission|United Nations)\b",
    re.IGNORECASE,
)

MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        start=1,
    )
}
# a day range ("9-13 March 2026") dates the document by its first day
_DATE_DMY = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th)?(?:\s*[–-]\s*\d{1,2})?\s+([A-Z][a-z]+),?\s+((?:19|20)\d\d)\b"
)
_DATE_MDY = re.compile(r"\b([A-Z][a-z]+)\s+(\d{1,2}),\s+((?:19|20)\d\d)\b")


SPEAKER_LINE = re.compile(r"^[A-Z][\w .’'()-]{1,40}:\s+\S", re.M)


def doc_id_of(path: Path) -> str:
    """The build's handle on a file, in its report: the file name's stem, with spaces,
    accents, <, newlines written as '-'. Never in an IRI (SourceMetadata.identity is)."""
    return re.sub(r"[^A-Za-z0-9._-]+", "-", path.stem).strip("-.") or "document"


def refused(folder: Path, paths: list[Path]) -> dict[Path, str]:
    """Files of a sources folder that cannot be taken, with the reason: a link leading
    out of the folder, or a second file whose identifier another file already has."""
    out: dict[Path, str] = {}
    root = folder.resolve()
    seen: dict[str, Path] = {}
    for p in paths:
        target = p.resolve()
        if p.is_symlink() and root not in target.parents:
            out[p] = f"a link to {target}, outside the sources folder: not followed"
            continue
        key = doc_id_of(p).lower()
        if key in seen:
            out[p] = (
                f"same document identifier as {seen[key].name} ({doc_id_of(p)}): "
                "rename one of the two"
            )
            continue
        seen[key] = p
    return out


def discover(folder: Path) -> list[Path]:
    """List the documents of a sources folder, in a stable order."""
    if not folder.is_dir():
        raise SourceError("not a folder of source documents", str(folder))
    return sorted(
        p
        for p in folder.iterdir()
        if p.is_file()
        and not p.name.startswith(".")
        and p.suffix.lower() in DOCUMENT_SUFFIXES
        and p.name.upper() not in ("README.MD", "NOTES.MD")  # a folder's notes on itself
    )


def read_source(path: Path) -> SourceDocument:
    """Read one document, refusing what is not a readable text of this genre."""
    raw = path.read_bytes()
    if not raw.strip():
        raise SourceError("empty document", path.name)
    if len(raw) > MAX_SOURCE_BYTES:
        raise SourceError(f"larger than {MAX_SOURCE_BYTES} bytes", path.name)
    derived = derive(raw, path.name)
    text = derived.text
    if len(text) > MAX_TEXT_CHARS:
        raise SourceError(f"more than {MAX_TEXT_CHARS:,} characters of text", path.name)
    if text.count("\n\n") > MAX_PARAGRAPHS:
        raise SourceError(f"more than {MAX_PARAGRAPHS:,} paragraphs", path.name)
    if not GENRE_MARKERS.search(text):
        raise SourceError(
            "not a CND/CCPCJ document: none of the genre's words "
            "(Commission on Narcotic Drugs, CND, UNODC, drug policy, ...) occur",
            path.name,
        )
    meta = read_metadata(path, text, derived.hints)
    return SourceDocument(
        path=path,
        text=text,
        # its IRIs come from what it is (symbol, or its bytes), not from its file name
        meta=replace(meta, identity=document_key(meta.symbol, meta.language, raw)),
        media_type=derived.media_type,
        page_starts=derived.page_starts,
    )


def read_metadata(path: Path, text: str, hints: dict[str, str] | None = None) -> SourceMetadata:
    doc_id = doc_id_of(path)
    sidecar = path.with_name(path.name + SIDECAR_SUFFIX)
    if sidecar.exists():
        try:
            data = json.loads(sidecar.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            raise SourceError(f"sidecar is not valid JSON: {exc}", sidecar.name) from exc
        if not isinstance(data, dict):
            raise SourceError("sidecar must be a JSON object", sidecar.name)
        problems = [
            f"'{k}' must be a string, not {type(v).__name__} ({json.dumps(v)[:40]})"
            for k, v in data.items()
            if k in SIDECAR_FIELDS and not isinstance(v, str)
        ]
        if problems:
            raise SourceError("sidecar: " + "; ".join(problems), sidecar.name)
        issued = data.get("date") or ""
        try:
            doc_date = date.fromisoformat(issued) if issued else None
        except ValueError as exc:
            raise SourceError(f"sidecar date {issued!r} is not YYYY-MM-DD", sidecar.name) from exc
        return SourceMetadata(
            doc_id=doc_id,
            title=str(data.get("title", "")) or guess_title(text),
            issuer=str(data.get("issuer", "")),
            date=doc_date,
            symbol=str(data.get("symbol", "")),
            genre=str(data.get("genre", "")) or guess_genre(text),
            language=str(data.get("language", "en")),
            original_file_name=str(data.get("original_file_name", path.name)),
            from_sidecar=True,
        )
    hints = hints or {}
    return SourceMetadata(
        doc_id=doc_id,
        title=hints.get("title") or guess_title(text),
        issuer=hints.get("issuer", ""),
        date=_hint_date(hints.get("date", "")) or guess_date(text),
        symbol=hints.get("symbol") or guess_symbol(text),
        genre=guess_genre(text),
        original_file_name=path.name,
    )


def _plain(line: str) -> str:
    return re.sub(r"[*#_`]|<[^>]+>", "", line).strip()


def guess_title(text: str) -> str:
    """The first line that reads like a title (not chrome, not a date)."""
    for line in text.splitlines():
        plain = _plain(line)
        if len(plain) < 12 or plain.lower() in {"top of page", "search", "english only"}:
            continue
        if guess_date(plain) and len(plain) < 30:
            continue
        return plain[:300]
    return ""


def _hint_date(value: str) -> date | None:
    """A date the file states about itself: ISO (a web page's) or "28 February 2025"."""
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return guess_date(value)


def guess_date(text: str) -> date | None:
    for pattern, order in ((_DATE_DMY, "dmy"), (_DATE_MDY, "mdy")):
        for m in pattern.finditer(text[:3000]):
            if order == "dmy":
                day, month, year = m.group(1), m.group(2), m.group(3)
            else:
                month, day, year = m.group(1), m.group(2), m.group(3)
            mon = MONTHS.get(month.lower())
            if mon:
                try:
                    return date(int(year), mon, int(day))
                except ValueError:
                    continue
    return None


def guess_symbol(text: str) -> str:
    head = text[:1500]
    m = re.search(r"^\s*((?:E/CN\.7|E/CN\.15)/\d{4}/[A-Z0-9./-]+)\s*$", head, re.MULTILINE)
    return m.group(1) if m else ""


def guess_genre(text: str) -> str:
    """Name the genre from its stock phrases; rules apply to the genres they name."""
    low = text.lower()
    head = low[:6000]
    if "official records" in head and "report on the" in head and "session" in head:
        return "official-records-report"
    if re.search(
        r"^\W*(?:statement|intervention|remarks)\s+(?:by|of|delivered by)\b", low[:600], re.M
    ):
        return "national-statement"
    dateline = any(MEETINGS["dateline"].match(line) for line in text[:1500].splitlines())
    if dateline or re.search(r"\b(?:press release|un news)\b", head):
        return "news-release"
    if len(SPEAKER_LINE.findall(text)) >= 5:
        return "transcript"  # a blog's record of the plenary: "Colombia: We wish to ..."
    if "chair's summary" in low.replace("’", "'") or "chairs' summaries" in low.replace("’", "'"):
        return "chairs-summary"
    if "presentation transcript" in low or "slide" in low[:2000]:
        return "slide-transcript"
    if "round table" in low[:3000] or "round-table" in low[:3000]:
        return "round-table-summary"
    if "delegation" in low[:3000] and ("report" in low[:5000]):
        return "delegation-report"
    if "draft report" in low[:3000] or "report of the commission" in low[:3000]:
        return "session-report"
    return "other"

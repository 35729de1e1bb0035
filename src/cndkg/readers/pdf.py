"""A UN PDF (text layer) -> the text we extract from, with its pages and first-page facts.

pypdf reads each page's text layer; we chose it over pypdfium2 (20x faster on the five
ECOSOC reports of tests/cases, 0.25 s against 4.8 s for 130 pages) because pypdf keeps
the blank lines and indentation between blocks, which are the only cue separating a
heading from the paragraph it stands over; pdfplumber took 12.6 s and keeps neither.

What a UN page carries besides its body, and what we do with it:
- running heads: the document's symbols repeated on every page ("E/2025/26" over
  "E/CN.5/2025/6"): dropped;
- footers: job number and page ("4/15 25-03320", "V.25-01234 (E)"), dropped;
- footnotes under a rule of underscores: each becomes a block `<sup>N</sup> text` after
  the paragraph that was open at the foot of its page, and its marker in the body
  ("presentations. 3 During", "(Austria)4") becomes `<sup>N</sup>`, so the structure
  parser ties the two together as it does for any converted document;
- a sentence broken by the page: the two halves are joined into one block;
- headings (blocks between blank lines that are short and end in no stop): written as
  `## heading` lines, and a "Chapter III" line as a heading of its own.
The derived text is the evidence base: every quote is a span of it; the PDF stays the
source of record, and each line remembers the page it came from.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from cndkg.model import SourceError

SYMBOL = r"[A-Z]{1,4}(?:/[A-Z0-9][A-Za-z0-9.]*)+\*?"
SYMBOL_LINE = re.compile(rf"^\s*{SYMBOL}(?:\s*[-–]\s*{SYMBOL})*\s*$")
JOB = r"(?:V\.)?\d{2}-\d{5}\*?"
FOOTER = re.compile(
    rf"^\s*(?:\d{{1,3}}/\d{{1,3}}\s+{JOB}|{JOB}(?:\s+\d{{1,3}}/\d{{1,3}})?"
    rf"(?:\s+\(E\))?(?:\s+\d{{6}})*(?:\s+\*\d+\*)?)\s*$"
)
BARCODE = re.compile(r"^\s*\*\d{7,}\*\s*$")
PAGE_NUMBER = re.compile(r"^\s*\d{1,3}\s*$")
LEADER = re.compile(r"\.{4,}|(?:\.\s){4,}")
RULE = re.compile(r"^\s*_{5,}\s*$")
FOOTNOTE_START = re.compile(r"^\s*(\d{1,3}|\*{1,3})\s+(\S.*)$")
NUMBERED = re.compile(r"^\d{1,3}\.\s+\S")
CHAPTER = re.compile(r"^\s*Chapter\s+[IVXL]+\s*$")
TERMINAL = re.compile(r"[.;:!?”\"’)]\s*$")
STOPPED = re.compile(r"[.;:!?,]\s*$")  # a heading ends in none of these
SUP = re.compile(r"<sup>[^<]*</sup>")
CONTENTS = re.compile(r"^\s*Contents\s*$")
SYMBOL_CONTEXT = re.compile(r"(?:/|\b(?:Rev|Add|Corr|No|L|CRP|INF|para|paras|art))\.?$")
HEADING_MAX = 350
MAX_PAGES = 2000


@dataclass
class PdfText:
    """The text derived from a PDF and where each page of it begins."""

    text: str
    page_starts: list[tuple[int, int]] = field(default_factory=list)  # (offset, page no.)
    first_page: str = ""
    pages: int = 0
    front: str = ""  # the first pages (cover, contents): where the report's date stands


def read_pdf(data: bytes, name: str) -> PdfText:
    """The body text of a text-layer PDF, or a SourceError saying why there is none."""
    import pypdf  # imported here: only builds with PDFs pay for it
    from pypdf.errors import PdfReadError

    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise SourceError("encrypted PDF: its text cannot be read", name)
        if len(reader.pages) > MAX_PAGES:
            raise SourceError(f"PDF of more than {MAX_PAGES} pages", name)
        pages = [page.extract_text() or "" for page in reader.pages]
    except SourceError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise SourceError(f"unreadable PDF ({type(exc).__name__}: {exc})", name) from exc
    if not "".join(pages).strip():
        raise SourceError("PDF without a text layer (scanned?): no text to read", name)
    return derive(pages)


@dataclass
class _Line:
    text: str
    page: int


def derive(pages: list[str]) -> PdfText:
    """Join the pages' bodies into one text (see the module's docstring)."""
    heads = _running_lines(pages)
    lines: list[_Line] = []
    # (index in lines to flush after, [(page, note)])
    footnotes: list[tuple[int, list[tuple[int, str]]]] = []
    for number, page in enumerate(pages, start=1):
        body, notes = _split_page(page, heads)
        body = _mark_footnotes(body, [n for n, _ in notes])
        _join_page(lines, body, number)
        if notes:
            footnotes.append((len(lines), [(number, f"<sup>{n}</sup> {t}") for n, t in notes]))
    text, starts = _render(lines, footnotes)
    return PdfText(text, starts, pages[0] if pages else "", len(pages), "\n".join(pages[:6]))


def _running_lines(pages: list[str]) -> set[str]:
    """Symbol lines at the head of pages: the running heads to drop."""
    seen: set[str] = set()
    for page in pages:
        top = [ln.strip() for ln in page.splitlines() if ln.strip()][:3]
        seen.update(ln for ln in top if SYMBOL_LINE.match(ln))
    return seen


def _split_page(page: str, heads: set[str]) -> tuple[list[str], list[tuple[str, str]]]:
    body: list[str] = []
    notes: list[tuple[str, str]] = []
    in_notes = False
    raw_lines = page.splitlines()
    if sum(1 for ln in raw_lines if LEADER.search(ln)) >= 3:  # a table of contents
        cut = next((i for i, ln in enumerate(raw_lines) if CONTENTS.match(ln)), 0)
        raw_lines = raw_lines[:cut]
    for raw in raw_lines:
        line = raw.rstrip()
        stripped = line.strip()
        if stripped in heads or FOOTER.match(line) or BARCODE.match(line):
            continue
        if LEADER.search(line):
            continue  # a table of contents line
        if RULE.match(line):
            in_notes = True
            continue
        if in_notes:
            m = FOOTNOTE_START.match(line)
            if m and (not notes or _next_mark(notes[-1][0], m.group(1))):
                notes.append((m.group(1), m.group(2).strip()))
            elif notes and stripped and not PAGE_NUMBER.match(line):
                mark, text = notes[-1]
                joiner = "" if text.endswith("-") and "/" in text[-30:] else " "
                notes[-1] = (mark, text + joiner + stripped)
            continue
        body.append(line)
    while body and not body[-1].strip():
        body.pop()
    if body and PAGE_NUMBER.match(body[-1]):
        body.pop()
    return body, notes


def _next_mark(previous: str, mark: str) -> bool:
    if previous.isdigit() and mark.isdigit():
        return int(mark) == int(previous) + 1
    return True


def _mark_footnotes(body: list[str], marks: list[str]) -> list[str]:
    """Turn each footnote's marker in the page's body into `<sup>N</sup>`."""
    text = "\n".join(body)
    pos = 0
    for mark in marks:
        if not mark.isdigit():
            continue
        pattern = re.compile(rf"(?<=[^\s\d(/\-])(?P<sp> ?){mark}(?=[\s.,;:)]|$)")
        for m in pattern.finditer(text, pos):
            before = text[max(0, m.start() - 12) : m.start()]
            token = re.split(r"\s", before)[-1] if before else ""
            if SYMBOL_CONTEXT.search(token) or token[-1:].isdigit():
                continue
            if m.group("sp"):
                after = text[m.end() : m.end() + 2]
                ends_clause = before[-1:] in '.,;:)”’"'
                next_word = after.strip()[:1]
                if not (
                    ends_clause and (after[:1] == "\n" or not next_word or next_word.isupper())
                ):
                    continue
            elif not (before[-1:].isalpha() or before[-1:] in '.,;:)”’"'):
                continue
            text = text[: m.start()] + f"<sup>{mark}</sup>" + text[m.end() :]
            pos = m.start() + len(mark) + 11
            break
    return text.split("\n")


def _continues(body: list[str]) -> bool:
    """Whether the page opens with running text (a sentence of the paragraph left open
    at the foot of the last page) rather than a heading, a numbered paragraph or a list."""
    block: list[str] = []
    for line in body:
        if not line.strip():
            if block:
                break
            continue
        block.append(line.strip())
    if not block or block[0].startswith(("(", "<sup>", "-", "•")) or ":" in block[0][-2:]:
        return False
    joined = " ".join(block)
    return len(block) >= 2 and (len(joined) > HEADING_MAX or bool(STOPPED.search(joined)))


def _join_page(lines: list[_Line], body: list[str], page: int) -> None:
    """Append a page's lines; a sentence open at the foot continues on this page."""
    last = next((ln.text for ln in reversed(lines) if ln.text.strip()), "")
    first = next((ln for ln in body if ln.strip()), "")
    while lines and not lines[-1].text.strip():
        lines.pop()
    new_block = NUMBERED.match(first.strip()) or CHAPTER.match(first)
    # a page may open on the open paragraph's next sentence, not on a heading
    continues = TERMINAL.search(last) and not new_block and _continues(body)
    if lines and not continues and (TERMINAL.search(last) or new_block or not first):
        lines.append(_Line("", page))
    started = False
    for line in body:
        if not started and not line.strip():
            continue
        started = True
        lines.append(_Line(line, page))


def _render(
    lines: list[_Line], footnotes: list[tuple[int, list[tuple[int, str]]]]
) -> tuple[str, list[tuple[int, int]]]:
    """Write blocks: headings as `## ` lines, paragraphs as they are, footnotes after."""
    out: list[str] = []
    starts: list[tuple[int, int]] = []
    offset = 0
    pending: list[tuple[int, str]] = []
    flush_at = {i: notes for i, notes in footnotes}
    blocks: list[list[tuple[int, _Line]]] = [[]]
    for i, line in enumerate(lines):
        if CHAPTER.match(line.text) and blocks[-1]:
            blocks.append([])  # a chapter opens a block wherever it stands
        if line.text.strip():
            blocks[-1].append((i, line))
        elif blocks[-1]:
            blocks.append([])

    def emit(s: str, page: int) -> None:
        nonlocal offset
        if not starts or starts[-1][1] != page:
            starts.append((offset, page))
        out.append(s)
        offset += len(s) + 1

    for block in blocks:
        if not block:
            continue
        for s in _block_lines([ln for _, ln in block]):
            emit(s, block[0][1].page)
        emit("", block[-1][1].page)
        last_index = block[-1][0]
        for i in sorted(k for k in flush_at if k <= last_index + 1):
            pending.extend(flush_at.pop(i))
        for page, note in pending:  # each footnote keeps the page it stands on
            emit(note, page)
            emit("", page)
        pending = []
    for i in sorted(flush_at):
        for page, note in flush_at[i]:
            emit(note, page)
            emit("", page)
    return "\n".join(out).rstrip() + "\n", starts


COMPOUND_BREAK = re.compile(r"[A-Za-z] ?-$")  # "fifty-" at a line's end, "eighth" below
SPACED_ORDINAL = re.compile(
    r"\b(twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety) ?- ?"
    r"(?=(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)\b)"
)


def _block_lines(block: list[_Line]) -> list[str]:
    texts = [ln.text.rstrip() for ln in block]
    i = 0
    while i + 1 < len(texts):  # a hyphenated compound broken by the line is one word
        if COMPOUND_BREAK.search(texts[i]) and texts[i + 1].strip()[:1].isalpha():
            texts[i] = texts[i].rstrip("- ").rstrip() + "-" + texts[i + 1].lstrip()
            del texts[i + 1]
            continue
        i += 1
    texts = [SPACED_ORDINAL.sub(r"\1-", t) for t in texts]  # "twenty - eighth session"
    first = texts[0].strip()
    if CHAPTER.match(first):
        rest = _block_lines(block[1:]) if len(block) > 1 else []
        return [f"## {first}", *rest]
    joined = " ".join(t.strip() for t in texts)
    if (
        not NUMBERED.match(first)
        and len(joined) <= HEADING_MAX
        and not STOPPED.search(SUP.sub("", joined))
        and not first.startswith(("(", "<sup>", "-", "•"))
        and not first[:1].islower()
    ):
        return [f"## {joined}"]
    return [t.strip() if i == 0 else t.rstrip() for i, t in enumerate(texts)]

"""Published file -> text: PDF (text layer), HTML (a saved web page), Markdown, plain text.

The format is decided by the file's content (a PDF's `%PDF-` header, an HTML document's
tags), not by its name, so a saved page called `post.txt` is still read as a page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cndkg.model import SourceError

PDF = "application/pdf"
HTML = "text/html"
MARKDOWN = "text/markdown"
TEXT = "text/plain"
_HTML_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)
_MD_MARKS = re.compile(r"^(?:#{1,6}\s|\*\*|- |\* |\d+\.\s)|\]\(|<sup>", re.M)


@dataclass(frozen=True)
class Derived:
    """The text extraction reads, where each page starts in it, and what the file
    itself says about the document (title, date, symbol, ...) where it says it."""

    text: str
    media_type: str
    page_starts: tuple[tuple[int, int], ...] = ()
    hints: dict[str, str] = field(default_factory=dict)


def sniff(raw: bytes) -> str:
    """The media type of a file from its first bytes."""
    head = raw[:4096]
    if head.lstrip()[:5] == b"%PDF-":
        return PDF
    if _HTML_START.match(head) or re.search(rb"<html[\s>]", head, re.I):
        return HTML
    if b"\x00" in head:
        return "application/octet-stream"
    return TEXT


def derive(raw: bytes, name: str) -> Derived:
    """Read one published file as text, or raise a SourceError naming it and why."""
    kind = sniff(raw)
    if kind == PDF:
        from cndkg.readers.pdf import read_pdf
        from cndkg.readers.unpage import first_page_facts

        pdf = read_pdf(raw, name)
        return Derived(
            pdf.text, PDF, tuple(pdf.page_starts), first_page_facts(pdf.first_page, pdf.front)
        )
    if kind == HTML:
        from cndkg.readers.html import read_html

        text, hints = read_html(_decode(raw, name), name)
        return Derived(text, HTML, (), hints)
    if kind != TEXT:
        raise SourceError("binary file, not a text document, PDF or web page", name)
    text = _decode(raw, name)
    return Derived(text, MARKDOWN if _MD_MARKS.search(text[:20000]) else TEXT)


def _decode(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise SourceError(f"not UTF-8 (byte {exc.start})", name) from exc

"""Strip conversion noise from a span of source text, keeping a map back to it.

The seeds are markdown-ish conversions: `**bold**` running into headings, `<sup>8</sup>`
footnote markers, escaped `\\*`, `[symbol](#)` links, `<i>` tags. Extraction reads the
clean text; evidence quotes come from the original through the offset map, so every
quote occurs verbatim in its source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

NOISE = re.compile(
    r"<sup>\s*(?P<ref>\d+|\\?\*+)\s*</sup>"  # footnote marker
    r"|\*\*"  # bold
    r"|(?<![\w\\*])\*(?=[^\s*])"  # opening emphasis
    r"|(?<=[^\s*\\])\*(?![\w*])"  # closing emphasis
    r"|\\(?=[*_\[\]#.()\-])"  # markdown escape
    r"|</?(?:i|b|em|strong|u)>"  # inline html
    r"|\[(?=[^\]\n]*\]\([^)\n]*\))"  # link text opener
    r"|\]\([^)\n]*\)"  # link target
    r"|^\s*#+\s*"  # heading marker
)
SPACES = re.compile(r"[ \t\u00a0]+")


@dataclass
class CleanText:
    text: str
    offsets: list[int]
    footnote_refs: list[tuple[str, int]] = field(default_factory=list)


def clean(source: str, start: int, end: int) -> CleanText:
    """Clean source[start:end]; offsets[i] is the source index of text[i]."""
    chars: list[str] = []
    offsets: list[int] = []
    refs: list[tuple[str, int]] = []
    pos = start
    segment = source[start:end]
    for m in NOISE.finditer(segment):
        for i in range(pos, start + m.start()):
            _push(chars, offsets, source[i], i)
        if m.group("ref"):
            refs.append((m.group("ref").replace("\\", ""), len(chars)))
        pos = start + m.end()
    for i in range(pos, end):
        _push(chars, offsets, source[i], i)
    while chars and chars[-1] == " ":
        chars.pop()
        offsets.pop()
    return CleanText("".join(chars), offsets, refs)


def _push(chars: list[str], offsets: list[int], ch: str, index: int) -> None:
    """Append a character, folding runs of blanks into one space."""
    if ch in " \t\u00a0\r\n":
        if not chars or chars[-1] == " ":
            return
        ch = " "
    chars.append(ch)
    offsets.append(index)

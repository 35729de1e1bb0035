"""What the first page of a UN document says about it: symbols, date, body, session, title.

Two layouts: the Official Records cover ("E/2025/26*-E/CN.5/2025/6*", the commission,
"Report on the sixty-third session (14 February 2024 and 10-14 February 2025)") and the
ordinary masthead ("E/CN.7/2025/2", "Distr.: General", "12 December 2024", "Commission on
Narcotic Drugs", "Sixty-eighth session", "Vienna, 14-18 March 2025", the title).
"""

from __future__ import annotations

import re

SYMBOL = r"[A-Z]{1,4}(?:/[A-Z0-9][A-Za-z0-9.]*)+"
SYMBOLS = re.compile(rf"^\s*({SYMBOL})\*?(?:\s*[-–]\s*({SYMBOL})\*?)?\s*$", re.M)
BODY = re.compile(
    r"^\s*(?:Report of the )?((?:Commission|Committee|Council|Conference|Board|Forum)"
    r"\b[^\n]*(?:\n(?!\s*$)(?!\s*Report on)[^\n]*){0,2})",
    re.M,
)
REPORT_ON = re.compile(r"Report on the\s+([\w-]+(?:\s+special)?)\s+session\s*\(([^)]*)\)", re.S)
SESSION_LINE = re.compile(r"^\s*([A-Z][a-z]+(?:-[a-z]+)?)\s+session\s*$", re.M)
DATE = re.compile(r"\b(\d{1,2})\s+([A-Z][a-z]+)\s+((?:19|20)\d\d)\b")
DISTR_DATE = re.compile(r"Distr\.:\s*\w+\s*\n?\s*(\d{1,2}\s+[A-Z][a-z]+\s+(?:19|20)\d\d)")


ISSUED = re.compile(r"^\s*\[(\d{1,2}\s+[A-Z][a-z]+\s+(?:19|20)\d\d)\]\s*$", re.M)


def first_page_facts(page: str, front: str = "") -> dict[str, str]:
    """Hints for the document's metadata; each is only what the pages print. `front` is
    the first few pages, where a report prints the date it was issued ("[28 February
    2025]" over its contents)."""
    hints: dict[str, str] = {}
    m = SYMBOLS.search(page)
    if m:
        hints["symbol"] = "-".join(g for g in m.groups() if g)
    b = BODY.search(page)
    if b:
        hints["issuer"] = " ".join(b.group(1).split())
    r = REPORT_ON.search(page)
    if r:
        hints["session"] = " ".join(f"{r.group(1)} session".split())
        hints["session_dates"] = " ".join(r.group(2).split())
        hints["title"] = f"{hints.get('issuer', '')}: Report on the {hints['session']}".strip(": ")
        dates = DATE.findall(r.group(2))
        if dates:
            hints["date"] = " ".join(dates[-1])
    else:
        s = SESSION_LINE.search(page)
        if s:
            hints["session"] = s.group(0).strip()
    d = DISTR_DATE.search(page) or ISSUED.search(front)
    if d:
        hints["date"] = d.group(1)
    return hints

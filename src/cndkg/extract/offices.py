"""Officials named by office speak for the body of that office: "the Under-Secretary-
General for Economic and Social Affairs" for DESA (data/gazetteers/offices.csv)."""

from __future__ import annotations

import csv
import re
from functools import cache

from cndkg.gazetteers import DEFAULT_DIR


@cache
def office_patterns() -> list[tuple[re.Pattern[str], str]]:
    path = DEFAULT_DIR / "offices.csv"
    rows = list(csv.DictReader(path.read_text(encoding="utf-8").splitlines()))
    rows.sort(key=lambda row: len(row["office"]), reverse=True)
    # a bare title ("Secretary-General") is this office only when nothing qualifies it
    # ("Secretary-General of the Family Affairs Council" is another's)
    return [
        (
            re.compile(
                rf"(?<![\w-]){re.escape(row['office'])}\b"
                + ("" if re.search(r" (?:of|for) ", row["office"]) else r"(?!\s+(?:of|for)\s)")
            ),
            row["code"],
        )
        for row in rows
    ]


def office_of(phrase: str) -> str:
    """The body an office in the phrase belongs to, or "" where none is known."""
    for pattern, code in office_patterns():
        if pattern.search(phrase):
            return code
    return ""


def to_the_un(text: str, start: int) -> bool:
    """ "Permanent Representative of X to the United Nations": no speaker there."""
    return bool(re.search(r"\bto\s+(?:the\s+)?$", text[max(0, start - 8) : start]))

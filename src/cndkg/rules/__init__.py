"""Extraction rules as data: a named pattern, the genres it applies to, and the real
excerpt it must match with what it must yield there.

Each family of rules (meetings, statements, roles, ...) is one registry, a module of
this package; the extractors look rules up by name and a single parametrised test
(tests/test_rules.py) runs every rule on its excerpt. `python -m cndkg.rules` prints the
phrase list of docs/extraction.md from the registries.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

ALL_GENRES = frozenset({"*"})


@dataclass(frozen=True)
class Rule:
    """One stock phrase of a genre, as a regular expression.

    `yields` names the groups the excerpt's first match must capture, with their text;
    `source` says where the excerpt was read (a document symbol and paragraph).
    """

    name: str
    family: str
    pattern: re.Pattern[str]
    excerpt: str
    yields: dict[str, str] = field(default_factory=dict)
    genres: frozenset[str] = ALL_GENRES
    source: str = ""
    note: str = ""

    def applies_to(self, genre: str) -> bool:
        return "*" in self.genres or genre in self.genres

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        return self.pattern.search(text, pos, len(text) if endpos is None else endpos)

    def match(self, text: str, pos: int = 0) -> re.Match[str] | None:
        return self.pattern.match(text, pos)

    def fullmatch(self, text: str) -> re.Match[str] | None:
        return self.pattern.fullmatch(text)

    def finditer(
        self, text: str, pos: int = 0, endpos: int | None = None
    ) -> Iterable[re.Match[str]]:
        return self.pattern.finditer(text, pos, len(text) if endpos is None else endpos)


class Registry:
    """The rules of one family, by name."""

    def __init__(self, family: str, rules: Iterable[Rule]) -> None:
        self.family = family
        self.rules = {r.name: r for r in rules}
        for r in self.rules.values():
            if r.family != family:
                raise ValueError(f"rule {r.name} is of family {r.family}, not {family}")

    def __getitem__(self, name: str) -> Rule:
        return self.rules[name]

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules.values())

    def for_genre(self, genre: str) -> list[Rule]:
        return [r for r in self.rules.values() if r.applies_to(genre)]


def all_registries() -> list[Registry]:
    from cndkg.rules import documents, records, reported, seed_meetings, seed_roles, speakers

    return [
        *records.REGISTRIES, *reported.REGISTRIES, *speakers.REGISTRIES, *seed_roles.REGISTRIES,
        *seed_meetings.REGISTRIES, *documents.REGISTRIES,
    ]  # fmt: skip


def phrase_list() -> str:
    """docs/extraction.md's list of the phrases the pipeline reads, from the registries."""
    lines: list[str] = []
    for reg in all_registries():
        lines.append(f"**{reg.family}**")
        lines.append("")
        for r in reg:
            genres = ", ".join(sorted(r.genres)) if "*" not in r.genres else "all genres"
            lines.append(
                f"- `{r.name}` ({genres}): “{r.excerpt}”" + (f" ({r.source})" if r.source else "")
            )
        lines.append("")
    return "\n".join(lines)

"""Every extraction rule matches the real excerpt it was written from, and yields there
what it says it yields (cndkg.rules: rules are data, each with its excerpt)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cndkg.rules import Rule, all_registries, phrase_list

RULES = [rule for registry in all_registries() for rule in registry]


@pytest.mark.parametrize("rule", RULES, ids=[f"{r.family}/{r.name}" for r in RULES])
def test_rule_matches_its_excerpt(rule: Rule) -> None:
    m = rule.search(rule.excerpt)
    assert m is not None, f"{rule.name} does not match its excerpt ({rule.source})"
    for group, value in rule.yields.items():
        assert m.group(group) == value, (rule.name, group, m.group(group))


def test_every_rule_names_its_genres_and_source() -> None:
    for rule in RULES:
        assert rule.genres and rule.source, rule.name


def test_the_extraction_doc_lists_every_rule_as_the_registry_prints_it() -> None:
    listed = phrase_list()
    assert all(f"`{r.name}`" in listed for r in RULES)
    doc = Path(__file__).resolve().parents[1] / "docs" / "extraction.md"
    assert listed.strip() in doc.read_text(encoding="utf-8"), (
        "regenerate the list in docs/extraction.md: python -m cndkg.rules"
    )


@pytest.mark.parametrize(
    ("rule", "text"),
    [
        # another body's session, not the commission's
        ("numbered-session", "the seventy-ninth session of the General Assembly"),
        # a special session: the ordinal does not stand before "session"
        ("numbered-session", "the twenty-fourth special session of the General Assembly"),
        # presenting is not a statement
        ("made-statements", "Representatives of Finland, Sweden and Uganda gave presentations."),
    ],
)
def test_rule_does_not_match_what_it_must_not(rule: str, text: str) -> None:
    found = {r.name: r for r in RULES}[rule]
    assert found.search(text) is None

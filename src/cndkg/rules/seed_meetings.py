"""Stock phrases by which the seed genres name their meetings and sessions: "<ordinal>
session of the Commission", "<ordinal> intersessional meeting of the <ordinal> session",
"Thematic Discussion I, <dates>", headings quoting a "Ministerial Declaration Challenge",
"Round-table discussions were held on ... on the following themes". The excerpts are the
seeds' own (data/sources/)."""

from __future__ import annotations

import re

from cndkg.rules import Registry, Rule
from cndkg.rules.speakers import SEED_GENRES
from cndkg.rules.words import COMM, ORDINAL

SEED_001 = "seed 001_12162cf9f7a16b32"


def _rule(name: str, pattern: re.Pattern[str], excerpt: str, yields: dict[str, str],
          source: str = SEED_001) -> Rule:  # fmt: skip
    return Rule(name, "seed meetings", pattern, excerpt, yields, SEED_GENRES, source)


SEED_MEETINGS = Registry(
    "seed meetings",
    [
        _rule(
            "commission-ordinal-session",
            re.compile(
                rf"(?P<comm>{COMM})(?:\s*\((?:CND|CCPCJ)\))?\s*(?:at its\s+)?(?P<ord>{ORDINAL})"
                r"\s+session\b",
                re.IGNORECASE,
            ),
            "Commission on Narcotic DrugsSixty-seventh session",
            {"comm": "Commission on Narcotic Drugs", "ord": "Sixty-seventh"},
            SEED_001 + " (a heading run together by the conversion)",
        ),
        _rule(
            "ordinal-session-of-the-commission",
            re.compile(
                rf"(?P<ord>{ORDINAL})\s+session of the (?P<comm>{COMM}|Commission\b)",
                re.IGNORECASE,
            ),
            "The third intersessional meeting of the 67th session of the Commission on "
            "Narcotic Drugs CND took place",
            {"ord": "67th", "comm": "Commission on Narcotic Drugs"},
            "seed 000_8f5faabf5d39e4d7",
        ),
        _rule(
            "at-its-session",
            re.compile(
                rf"\b[Aa]t its (?P<ord>{ORDINAL}) session(?: in (?P<month>[A-Z][a-z]+) "
                r"(?P<year>\d{4}))?"
            ),
            "Chair of the Commission on Narcotic Drugs at its sixty-second session.",
            {"ord": "sixty-second"},
        ),
        _rule(
            "intersessional-meeting",
            re.compile(
                rf"(?P<o1>{ORDINAL})(?:\s+and\s+(?P<o2>{ORDINAL}))?\s+intersessional meetings?"
                rf"\s+of\s+the\s+(?:(?P<sord>{ORDINAL})\s+session\s+of\s+the\s+)?(?P<comm>{COMM})"
                rf"(?:\s*\(?(?:CND|CCPCJ)\)?)?(?:\s+at\s+its\s+(?P<sord2>{ORDINAL})\s+session)?",
                re.IGNORECASE,
            ),
            "The third intersessional meeting of the 67th session of the Commission on "
            "Narcotic Drugs CND took place",
            {"o1": "third", "sord": "67th", "comm": "Commission on Narcotic Drugs"},
            "seed 000_8f5faabf5d39e4d7",
        ),
        _rule(
            "thematic-discussion-heading",
            re.compile(r"Thematic Discussion\s+(?P<num>[IVX]+|\d+),?\s*(?P<rest>.*)", re.I),
            "Thematic Discussion I, 23–25 October 2023",
            {"num": "I", "rest": "23–25 October 2023"},
        ),
        _rule(
            "challenge-heading",
            re.compile(r"Challenge\s*:?\s*[\"“”](?P<q>[^\"“”]{12,})[\"“”]?"),
            'Ministerial Declaration Challenge: "Both the range of drugs and drugs markets are '
            'expanding and diversifying"',
            {"q": "Both the range of drugs and drugs markets are expanding and diversifying"},
        ),
        _rule(
            "thematic-session-heading",
            re.compile(r"Thematic Session\s+(?P<n>\d+)", re.I),
            "(b) Thematic Session 1 on the 2019 Ministerial Declaration",
            {"n": "1"},
        ),
        _rule(
            "opening-heading",
            re.compile(r"^\(?\w?\)?\s*Opening (?:session|segment)s?\b", re.I),
            "(a) Opening session",
            {},
        ),
        _rule(
            "agenda-item-considered",
            re.compile(
                r"At its (?P<meetings>[\w ,]+?) meetings?, on (?P<when>.+?), "
                r"the (?P<comm>Commission) (?:considered|held (?P<what>its [\w -]+?) under) "
                r"(?:agenda )?item (?P<item>\d+)"
                r"(?:, entitled [“\"](?P<title>[^”\"]+))?"
            ),
            "At its 5th and 6th meetings, on 12 March 2025, and 7th meeting, on 13 March 2025, "
            "the Commission considered agenda item 6, entitled “Follow-up",
            {"item": "6"},
            "seed 003_a017be807abfa683, para. 1",
        ),
        _rule(
            "round-tables-held",
            re.compile(
                r"Round[- ]table discussions were held on (?P<when>.+?) on the following themes",
                re.I,
            ),
            "Round-table discussions were held on 14 and 15 March 2019 on the following themes:",
            {"when": "14 and 15 March 2019"},
            "seed 004_5e408520479a9a67",
        ),
        _rule(
            "roundtable-convened",
            re.compile(
                rf"round ?table(?: discussion)? convened by the Chair of the (?P<comm>{COMM})", re.I
            ),
            "ROUNDTABLE DISCUSSION CONVENED BY THE CHAIR OF THE CND AT THE MARGINS",
            {"comm": "CND"},
            "seed 002_8bd5f4a5a631a17a",
        ),
        _rule(
            "at-the-margins",
            re.compile(
                r"at the margins of the (?P<body>ECOSOC|Economic and Social Council|General "
                r"Assembly|CND|CCPCJ) (?P<segment>[\w -]{3,40}? segment)",
                re.I,
            ),
            "CONVENED BY THE CHAIR OF THE CND AT THE MARGINS OF THE ECOSOC COORDINATION SEGMENT",
            {"body": "ECOSOC", "segment": "COORDINATION SEGMENT"},
            "seed 002_8bd5f4a5a631a17a",
        ),
        _rule(
            "segment",
            re.compile(
                rf"(?P<comm>{COMM})?\s*(?P<year>\d{{4}})?\s*(?P<kind>Ministerial|High-level) "
                r"[Ss]egment",
                re.I,
            ),
            "High-level segment",
            {"kind": "High-level"},
        ),
        _rule(
            "topics-introduced",
            re.compile(
                r"\b(?:topics|themes|sessions|challenges)\b[^.]*\b(?:discussed|addressed|"
                r"covered|held|programme)\b[^.]*:\s*$|\bprogramme\s*:\s*$",
                re.I,
            ),
            "The following topics were discussed:",
            {},
            "seed 000_8f5faabf5d39e4d7",
        ),
    ],
)

REGISTRIES = (SEED_MEETINGS,)

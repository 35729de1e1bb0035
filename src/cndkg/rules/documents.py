"""Stock phrases by which a document names programmes and initiatives, cites other
documents, and frames challenges of its own. The excerpts are the seeds' own
(data/sources/) or a report of tests/cases/E_2025_*."""

from __future__ import annotations

import re

from cndkg.gazetteers import alternation, listed
from cndkg.rules import Registry, Rule

ALL = frozenset({"*"})
# bodies whose programmes are named with their acronym first ("UNODC Global SMART
# Programme"): data/gazetteers/programme-owners.csv
OWNER_PREFIX = alternation(listed("programme-owners", "prefix"))

# a UN symbol with all its parts ("E/CN.7/2025/L.2/Rev.1", "E/2025/28/Add.1",
# "E/CN.9/2025/NGO/12"), and a double symbol kept whole ("A/80/61-E/2025/11")
_ONE_SYMBOL = (
    r"(?:A|E|S|UNEP|UNCTAD|FCCC|TD|ST)/(?:[A-Z]{1,6}(?:\.\d+)?/)*(?:\d{2,4}|[A-Z]{2,6})"
    r"(?:/(?:[A-Z0-9][A-Za-z0-9]*(?:\.[A-Za-z0-9]+)*))*"
)
_OF_DATE = r"\s+of\s+\d{1,2}\s+[A-Z][a-z]+\s+\d{4}"  # "79/1 of 22 September 2024"
NUMBER = r"(?:\d{2,4}/\d{1,3}(?:\s[A-C]\b)?|\d{1,4}(?:\s[A-Z])?\s\([IVXL]+\))"

INITIATIVES = Registry(
    "initiatives",
    [
        Rule(
            "named-programme",
            "initiatives",
            re.compile(
                rf"\b(?P<name>(?:{OWNER_PREFIX}\s+)?(?:[A-Z][\w\-]+\s+)(?:(?:[A-Z][\w\-]+|on|of|for|"
                r"to|and|the|against|in)\s+){0,8}?(?:Programme|Program|Initiative|Network|"
                r"Platform|Toolkit|Database|Coalition|Project|Advisory))\b"
                r"(?: (?:on|for|to) (?P<tail>(?:[A-Z][\w\-]+(?:\s+(?:and|of)\s+)?\s*){1,5}))?"
            ),
            'The IPO Spain and Iberoamerica Initiative: "A Transformative Approach"',
            {"name": "The IPO Spain and Iberoamerica Initiative"},
            ALL,
            "seed 000_8f5faabf5d39e4d7",
        ),
        Rule(
            "owned-tool",
            "initiatives",
            re.compile(
                rf"\b(?P<name>{OWNER_PREFIX}\s+(?:[A-Z][\w\-]*\s+){{1,4}}(?:[a-z][\w\-]*\s+)?"
                r"(?:programme|program|initiative|project|platform|tool|toolkit|network|database|"
                r"system))\b"
            ),
            "the UNODC Toolkit on Synthetic Drugs and the INCB PICS tool for the control of "
            "precursors",
            {"name": "INCB PICS tool"},
            ALL,
            "seed 001_12162cf9f7a16b32",
        ),
        Rule(
            "quoted-initiative",
            "initiatives",
            re.compile(
                r"[“\"](?P<name>[^”\"]{3,60})[”\"]\s+(?P<kind>initiative|programme|platform)"
            ),
            "welcomed the “Pledge4Action” initiative as a means to",
            {"name": "Pledge4Action", "kind": "initiative"},
            ALL,
            "seed 003_a017be807abfa683",
        ),
        Rule(
            "led-by",
            "initiatives",
            re.compile(r"led by (?:the )?(?P<who>[A-Z][\w ]+?)(?:[,.;]|$)"),
            "Initiative, led by the International Police Organization IPO Headquarters, "
            "exemplifies",
            {"who": "International Police Organization IPO Headquarters"},
            ALL,
            "seed 000_8f5faabf5d39e4d7",
        ),
    ],
)

CITATIONS = Registry(
    "citations",
    [
        Rule(
            "un-symbol",
            "citations",
            re.compile(rf"(?<![\w/]){_ONE_SYMBOL}(?:-{_ONE_SYMBOL})?(?![\w/])"),
            "World Population and Housing Census Programmes (E/CN.3/2025/3 and "
            "E/CN.3/2025/3/Corr.1)",
            {},
            ALL,
            "E/2025/24-E/CN.3/2025/37, chap. II, para. 4",
        ),
        Rule(
            "resolution-by-number",
            "citations",
            re.compile(
                r"\b(?P<body>CND\s|CCPCJ\s|Commission\s|General\s+Assembly\s|Economic\s+and\s+"
                r"Social\s+Council\s|Council\s|its\s)?(?P<kind>[Rr]esolutions?|[Dd]ecisions?)\s"
                rf"(?P<nums>{NUMBER}(?:{_OF_DATE})?(?:(?:,\s|,?\sand\s){NUMBER}(?:{_OF_DATE})?)*)"
                r"(?![/\w])"
            ),
            "the implementation of CND Resolution 60/8 concerning",
            {"body": "CND ", "kind": "Resolution", "nums": "60/8"},
            ALL,
            "seed 001_12162cf9f7a16b32",
        ),
        Rule(
            "cross-reference",
            "citations",
            re.compile(r"\(see\s+chap\.[^)]*\)"),
            "recommended it to the Economic and Social Council for adoption (see chap. I.A).",
            {},
            frozenset({"official-records-report"}),
            "E/2025/26-E/CN.5/2025/6, para. 7",
            "a report's reference to its own chapter is not a citation",
        ),
        Rule(
            "world-drug-report",
            "citations",
            re.compile(
                r"\b(?:(?P<y1>(?:19|20)\d\d) World Drug Report|World Drug Report"
                r"(?: (?P<y2>(?:19|20)\d\d))?)\b"
            ),
            "the findings of the 2019 World Drug Report and contributions",
            {"y1": "2019"},
            ALL,
            "seed 001_12162cf9f7a16b32",
        ),
    ],
)

FRAMING = Registry(
    "framing",
    [
        Rule(
            "challenge-response",
            "framing",
            re.compile(r"CHALLENGE\s*:\s*(?P<c>.+?)\s*RESPONSE\s*:?\s*(?P<r>.+)", re.S),
            "CHALLENGE:The abuse, illicit cultivation and production and manufacture of narcotic "
            "drugs and psychotropic substances have reached record levels RESPONSE: Kyoto "
            "Declaration: Crime prevention strategies",
            {"r": "Kyoto Declaration: Crime prevention strategies"},
            ALL,
            "seed 002_8bd5f4a5a631a17a (the challenge shortened)",
        ),
        Rule(
            "framing-heading",
            "framing",
            re.compile(r"\b(?:observations|challenges identified|key challenges)\b", re.I),
            "This report outlines key observations and the International Police Organization",
            {},
            ALL,
            "seed 000_8f5faabf5d39e4d7",
        ),
    ],
)

REGISTRIES = (INITIATIVES, CITATIONS, FRAMING)

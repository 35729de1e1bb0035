"""Stock phrases by which the seed genres (Chair's summaries, round-table summaries,
delegation reports, session-report drafts, slide transcripts) say who spoke, presented,
sat on a panel or observed. The excerpts are the seeds' own (data/sources/)."""

from __future__ import annotations

import re

from cndkg.rules import Registry, Rule

SEED_GENRES = frozenset(
    {"chairs-summary", "session-report", "delegation-report", "round-table-summary",
     "slide-transcript", "news-release", "transcript", "national-statement", "other"}
)  # fmt: skip

SPEAKERS = Registry(
    "speakers",
    [
        Rule(
            "statement-trigger",
            "speakers",
            re.compile(
                r"\b(?:statements?|interventions?)\b[^.]*?\b(?:were|was)\s+(?:also\s+)?"
                r"(?:made|delivered)|\bmade (?:a |their )?(?:statements?|interventions?)\b"
                r"|\bintervention by\b|\bright of reply\b|\b(?:opening|welcoming|featured|"
                r"in-person|online)\b[^.]*\bremarks by\b|\b[Dd]elegates from\b[^.]*\b(?:expressed|"
                r"spoke|stated|emphasized|called)\b|\bstatements? by\b",
                re.IGNORECASE,
            ),
            "Delegates from Colombia, Peru, Bolivia, Mexico, and Brazil—countries deeply "
            "involved in drug production and trafficking—expressed significant concerns",
            {},
            SEED_GENRES,
            "seed 000_8f5faabf5d39e4d7 (an NGO delegation post)",
        ),
        Rule(
            "panel-trigger",
            "speakers",
            re.compile(
                r"\bpanel(?:lists?)?\b[^.]*\b(?:participated|included|from)\b"
                r"|\bexperts? from\b[^.]*\bpanel",
                re.IGNORECASE,
            ),
            "The expert panel discussion preceding the interactive debate included an expert "
            "from Italy",
            {},
            SEED_GENRES,
            "seed 001_12162cf9f7a16b32 (Chair's summaries)",
        ),
        Rule(
            "present-trigger",
            "speakers",
            re.compile(
                r"\bmade presentations?\b|\bpresentations? (?:were|was) (?:made|delivered) by\b"
                r"|\bpresentations? by\b|\bintroductory (?:remarks|statements?) (?:were made )?by\b"
                r"|\bbriefed the Commission\b",
                re.IGNORECASE,
            ),
            "a panel discussion followed by presentations by international and regional "
            "organizations",
            {},
            SEED_GENRES,
            "seed 001_12162cf9f7a16b32 (Chair's summaries)",
        ),
        Rule(
            "observer-trigger",
            "speakers",
            re.compile(
                r"\bwas present with a delegation\b|\battended as (?:an? )?observers?\b", re.I
            ),
            "In this high-level event, IPO was present with a delegation of 10 people",
            {},
            SEED_GENRES,
            "seed 000_8f5faabf5d39e4d7 (an NGO delegation post)",
        ),
        Rule(
            "civil-society-from",
            "speakers",
            re.compile(
                r"(?:organi[sz]ations|NGOs?)\s*,?\s+(?:including\s+)?(?:those\s+)?(?:from|based in)"
                r"\s+(?P<list>[^.:]+)",
                re.IGNORECASE,
            ),
            "Observers from non-governmental organizations, including from Austria, Argentina, "
            "Colombia, Ghana, Kenya, also made statements.",
            {"list": "Austria, Argentina, Colombia, Ghana, Kenya, also made statements"},
            SEED_GENRES,
            "seed 001_12162cf9f7a16b32, I.6 (the list shortened)",
            "organizations known only by their country: CSO-<ISO3>",
        ),
        Rule(
            "nominated-by",
            "speakers",
            re.compile(
                r"nominated (?:through|by) (?:the )?[^,;()]*(?:\([^)]*\))?(?:,? in cooperation "
                r"with (?:the )?[^,;.]*)?",
                re.IGNORECASE,
            ),
            "The panels included experts nominated by the five Regional Groups, as well as "
            "civil society representatives.",
            {},
            SEED_GENRES,
            "seed 001_12162cf9f7a16b32",
            "who nominated a panellist is not a speaker",
        ),
        Rule(
            "on-behalf-of-anywhere",
            "speakers",
            re.compile(
                r"\bon behalf of\s+(?P<group>(?:a group of countries|a group of States"
                r"|(?:\d+|[a-z-]+) (?:Member States|countries|States))|[^,;)]+)",
                re.IGNORECASE,
            ),
            "statements were made by Switzerland on behalf of 47 Member States, Italy, the "
            "European Union",
            {"group": "47 Member States"},
            SEED_GENRES,
            "seed 001_12162cf9f7a16b32, V.15",
        ),
    ],
)

REGISTRIES = (SPEAKERS,)

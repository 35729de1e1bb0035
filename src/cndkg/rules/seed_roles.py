"""Stock phrases by which the seed genres say who chaired, moderated or presented:
"chaired by H.E. Ambassador <name> (<State>), Chair of the Commission ... at its
<ordinal> session", "The CND Chair, <name>, moderated". The excerpts are the seeds' own
(data/sources/) or, where the seeds have none, a report of tests/cases/E_2025_*."""

from __future__ import annotations

import re

from cndkg.rules import Registry, Rule
from cndkg.rules.speakers import SEED_GENRES
from cndkg.rules.words import COMM, NAME, ORDINAL, TITLE

SEED_ROLES = Registry(
    "seed roles",
    [
        Rule(
            "chaired-by",
            "seed roles",
            re.compile(
                rf"\b(?P<verb>chaired|co-chaired|moderated|presided over) by\s+(?P<title>{TITLE})"
                rf"{NAME}(?:\s*\((?P<country>[^)]+)\))?(?:,\s*(?P<office>[^,.;]+))?"
            ),
            "The thematic discussions were chaired by H.E. Ambassador Mirghani Abbaker Altayeb "
            "Bakhjet (Sudan), Chair of the Commission on Narcotic Drugs at its sixty-second "
            "session.",
            {"verb": "chaired", "name": "Mirghani Abbaker Altayeb Bakhjet", "country": "Sudan"},
            SEED_GENRES,
            "seed 001_12162cf9f7a16b32",
        ),
        Rule(
            "name-then-office",
            "seed roles",
            re.compile(
                rf"(?<![\w.])(?P<title>{TITLE}){NAME}(?:\s*\((?P<country>[^)]+)\))?,\s*"
                rf"(?P<office>(?:first |second |third )?(?:Vice-Chair|Chair|Rapporteur)[^,.;]*)"
            ),
            "H.E. Ambassador Mirghani Abbaker Altayeb Bakhjet (Sudan), Chair of the Commission "
            "on Narcotic Drugs at its sixty-second session",
            {"country": "Sudan"},
            SEED_GENRES,
            "seed 001_12162cf9f7a16b32",
        ),
        Rule(
            "office-colon",
            "seed roles",
            re.compile(
                rf"(?P<office>Rapporteur|Chair|Vice-Chairs?|Moderator)\s*:\s*(?P<title>{TITLE})"
                rf"{NAME}(?:\s*\((?P<country>[^)]+)\))?"
            ),
            "The Bureau was thus composed as follows: Chair: Krzysztof Maria Szczerski (Poland)",
            {"office": "Chair", "name": "Krzysztof Maria Szczerski", "country": "Poland"},
            SEED_GENRES,
            "E/2025/26-E/CN.5/2025/6, para. 42",
        ),
        Rule(
            "moderated-active",
            "seed roles",
            re.compile(
                rf"(?:The )?(?P<who>CND Chair|Chair),\s*(?P<title>{TITLE}){NAME},\s*moderated"
            ),
            "The CND Chair, H.E. Ambassador Mirghani Abbaker Altayeb BAKHET, moderated the "
            "discussions",
            {"who": "CND Chair", "name": "Mirghani Abbaker Altayeb BAKHET"},
            SEED_GENRES,
            "seed 001_12162cf9f7a16b32",
        ),
        Rule(
            "incoming-chair",
            "seed roles",
            re.compile(
                rf"\b[Tt]he (?:then )?(?P<vice>(?:first |second |third )?Vice-Chair) and incoming "
                rf"Chair of the (?P<ord>{ORDINAL}) (?:session of the )?(?:CND|Commission)"
            ),
            "The then Vice-Chair and incoming Chair of the sixty-seventh CND presented his Pledge",
            {"vice": "Vice-Chair", "ord": "sixty-seventh"},
            SEED_GENRES,
            "seed 001_12162cf9f7a16b32",
        ),
        Rule(
            "commission-officers",
            "seed roles",
            re.compile(
                r"\bby (?P<list>the (?:(?:first |second |third )?Vice-Chair|Chair|Secretary)"
                r"(?:(?:,| and) the (?:(?:first |second |third )?Vice-Chair|Chair|Secretary))*) of "
                r"the Commission\b"
            ),
            "a joint presentation was delivered by the Chair, the first Vice-Chair and the "
            "Secretary of the Commission at its sixty-sixth session",
            {"list": "the Chair, the first Vice-Chair and the Secretary"},
            SEED_GENRES,
            "seed 001_12162cf9f7a16b32",
        ),
        Rule(
            "ambassador-of",
            "seed roles",
            re.compile(r"\b[Tt]he Ambassador of (?P<country>[A-Z][\w ]+?)(?=[,.;]| and |$)"),
            "presentations were made by the Ambassador of Afghanistan and the Secretariat",
            {"country": "Afghanistan"},
            SEED_GENRES,
            "seed 001_12162cf9f7a16b32",
        ),
        Rule(
            "titled-office",
            "seed roles",
            re.compile(
                rf"(?P<title>H\.\s?E\.\s+(?:Ambassador\s+)?){NAME},?\s+(?P<office>(?:First |"
                rf"Second |Third )?(?:Vice-)?Chair of the {COMM} at its {ORDINAL} session)"
            ),
            "on behalf of H.E. Ambassador Mansoor Ahmad Khan, Chair of the Commission on "
            "Narcotic Drugs at its sixty-third session",
            {"name": "Mansoor Ahmad Khan"},
            SEED_GENRES,
            "seed 001_12162cf9f7a16b32",
        ),
        Rule(
            "chair-of-session",
            "seed roles",
            re.compile(rf"Chair of the (?P<comm>{COMM}) at its (?P<ord>{ORDINAL}) session", re.I),
            "Chair of the Commission on Narcotic Drugs at its sixty-second session",
            {"comm": "Commission on Narcotic Drugs", "ord": "sixty-second"},
            SEED_GENRES,
            "seed 001_12162cf9f7a16b32",
        ),
    ],
)

REGISTRIES = (SEED_ROLES,)

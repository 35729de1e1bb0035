"""Stock phrases of the genres that report what was said: news releases, NGO posts,
blog transcripts of plenaries, national statements.

The excerpts follow the wording of the UN's and UNODC's releases on CND openings, of NGO
delegation posts and of blog transcripts of the plenary (the names in them are the
pattern's, not a copy of one release).
"""

from __future__ import annotations

import re

from cndkg.rules import Registry, Rule
from cndkg.rules.words import ORDINAL

REPORTED = frozenset(
    {"news-release", "delegation-report", "transcript", "national-statement", "other"}
)
SAID = (
    r"(?:said|says|told|stressed|noted|underlined|underscored|emphasi[sz]ed|highlighted|"
    r"recalled|urged|warned|called\s+(?:for|on)|announced|added|welcomed|reaffirmed|"
    r"expressed|stated|declared|pointed\s+out|addressed\s+the\s+(?:Commission|session|meeting|"
    r"plenary|delegates))"
)
WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"

SPEECH = Registry(
    "reported speech",
    [
        Rule(
            "speaker-colon",
            "reported speech",
            re.compile(r"^(?P<who>[A-Z][\w .’'()/&-]{1,70}?)\s*:\s+(?=\S)"),
            "Colombia: We wish to recall the end of the armed conflict.",
            {"who": "Colombia"},
            frozenset({"transcript", "delegation-report", "other"}),
            "the blog transcripts of CND plenaries: one speaker per paragraph",
        ),
        Rule(
            "said",
            "reported speech",
            re.compile(rf"(?P<who>[^.;:“\"]{{3,220}}?)\s+(?:also\s+|further\s+)?{SAID}\b"),
            "Ana Gómez of Colombia said that alternative development needed long-term funding.",
            {"who": "Ana Gómez of Colombia"},
            REPORTED,
            "NGO delegation posts and news releases",
        ),
        Rule(
            "addressed-by",
            "reported speech",
            re.compile(
                r"(?:was|were)\s+(?:also\s+)?addressed\s+by\s+(?P<who>[^.;]{3,300}?)(?=\s+and\s+"
                r"featured|\.\s|\.$|;|$)|(?:video\s+)?message\s+from\s+(?P<video>[^.;]{3,200}?)(?=\.\s|\.$|;|$)"
            ),
            "The opening session was also addressed by Jan Novak, President of the "
            "International Narcotics Control Board.",
            {"who": "Jan Novak, President of the International Narcotics Control Board"},
            REPORTED,
            "UNODC releases on CND openings",
        ),
        Rule(
            "statement-by",
            "reported speech",
            re.compile(
                r"^\W*(?:Statement|Intervention|Remarks)\s+(?:by|of|delivered\s+by)\s+"
                r"(?P<who>[^\n]{3,300}?)(?:\s+(?:at|to|during|on\s+the\s+occasion\s+of)\s+"
                r"(?P<where>the\s+[^\n]{5,200}))?$",
                re.I,
            ),
            "Statement by the Delegation of Mexico at the 68th session of the Commission on "
            "Narcotic Drugs",
            {"who": "the Delegation of Mexico"},
            frozenset({"national-statement"}),
            "national statements: the title names the speaking State and the meeting",
        ),
    ],
)

MEETINGS = Registry(
    "reported meetings",
    [
        Rule(
            "session-named",
            "reported meetings",
            re.compile(
                rf"(?P<ord>{ORDINAL})\s+(?:regular\s+)?[Ss]ession\s+of\s+the\s+(?P<comm>Commission\s+on\s+"
                r"Narcotic\s+Drugs|Commission\s+on\s+Crime\s+Prevention\s+and\s+Criminal\s+Justice|"
                r"CND|CCPCJ)|(?P<comm2>CND|CCPCJ)\s*(?P<num>\d{2})\b"
                rf"|(?P<ord3>{ORDINAL})\s+(?P<comm3>CND|CCPCJ)\b"
            ),
            "The 63rd session of the Commission on Narcotic Drugs (CND) began today",
            {"ord": "63rd"},
            REPORTED,
            "UNODC releases on CND openings",
        ),
        Rule(
            "opened-today",
            "reported meetings",
            re.compile(
                rf"\b(?:began|begins|opened|opens|kicked\s+off|started|convened)\b[^.]{{0,40}}?"
                rf"\b(?:today|this\s+morning|on\s+{WEEKDAY})\b|\bbegan\s+meeting\s+today\b"
            ),
            "The 63rd session of the Commission on Narcotic Drugs (CND) began today with a call "
            "for concrete progress",
            {},
            REPORTED,
            "UNODC releases on CND openings: the release is dated the opening day",
        ),
        Rule(
            "held-between",
            "reported meetings",
            re.compile(
                r"\b(?:held|meeting|runs?|running|takes?\s+place)\s+(?:between|from)\s+"
                r"(?P<when>\d{1,2}(?:\s+[A-Z][a-z]+)?\s+(?:and|to|-|–)\s+\d{1,2}\s+[A-Z][a-z]+"
                r"(?:\s+\d{4})?)"
            ),
            "The Commission's session, being held between 9 and 17 March in Vienna",
            {"when": "9 and 17 March"},
            REPORTED,
            "UN News on a CND opening",
        ),
        Rule(
            "dateline",
            "reported meetings",
            re.compile(
                r"^\W*(?P<city>Vienna|New\s+York|Geneva)(?:\s*\([A-Za-z ]+\))?,\s+"
                r"(?P<when>\d{1,2}\s+[A-Z][a-z]+\s+\d{4})\s*[-–—]"
            ),
            "Vienna (Austria), 2 March 2020 - The 63rd session of the Commission",
            {"city": "Vienna", "when": "2 March 2020"},
            REPORTED,
            "UNODC press releases",
        ),
    ],
)

OFFICE = r"(?:(?:First|Second|Third|1st|2nd|3rd)\s+)?Vice[- ]Chair|Chair|Rapporteur"
STATE = r"[A-Z][\w ]{2,40}?"

OFFICES = Registry(
    "reported offices",
    [
        Rule(
            "is-chairing",
            "reported offices",
            re.compile(
                r"(?P<who>(?:Ambassador\s+)?[A-Z][\w’'.-]+(?:\s+[A-Z][\w’'.-]+){1,4})\s+of\s+"
                r"(?P<state>[A-Z][\w ]{2,40}?)\s+(?:is|was)\s+(?:chairing|presiding\s+over)"
            ),
            "Ambassador Jan Kowalski of Poland is chairing the 63rd session.",
            {"who": "Ambassador Jan Kowalski", "state": "Poland"},
            REPORTED,
            "UNODC releases on CND openings",
        ),
        Rule(
            "state-elected",
            "reported offices",
            re.compile(
                rf"(?:elected\s+(?P<s1>{STATE})\s+as\s+(?:the\s+)?(?P<o1>{OFFICE})"
                rf"|(?P<o2>{OFFICE})\s*(?:is|[-–:])\s*(?:the\s+)?(?P<s2>{STATE})(?=[.,;(]|\s*$)"
                rf"|(?P<s3>{STATE})\s+serves\s+as\s+(?P<o3>{OFFICE}))"
            ),
            "The commission elected Kenya as the 1st Vice Chair.",
            {"s1": "Kenya", "o1": "1st Vice Chair"},
            REPORTED,
            "blog transcripts of the election of officers",
        ),
    ],
)

SIDE_EVENTS = Registry(
    "side events",
    [
        Rule(
            "side-event",
            "side events",
            re.compile(
                r"\bside[- ]event\b(?:\s+(?:entitled|titled|called|on)\s+"
                r"[“\"](?P<title>[^”\"]{5,200})[”\"])?[^.]{0,200}?\b(?:co-?organi[sz]ed|organi[sz]ed|hosted|co-?sponsored|"
                r"sponsored|convened)\s+(?:jointly\s+)?by\s+(?P<sponsors>[^.;]{3,300})"
            ),
            "On 12 March, the delegation held a side event entitled “Prevention works” "
            "co-sponsored by the Governments of Italy and Colombia and UNODC.",
            {
                "title": "Prevention works",
                "sponsors": "the Governments of Italy and Colombia and UNODC",
            },
            REPORTED,
            "NGO delegation posts on the CND: side events and who sponsored them",
        ),
    ],
)

REGISTRIES = (SPEECH, MEETINGS, OFFICES, SIDE_EVENTS)

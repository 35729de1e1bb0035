"""Stock phrases of the Official Records report of an ECOSOC functional commission.

The CND reports to the Economic and Social Council in this format, as do its sister
commissions (tests/cases/E_2025_*): the excerpts below are read from those reports.
"""

from __future__ import annotations

import re

from cndkg.rules import Registry, Rule
from cndkg.rules.words import ORDINAL

REPORT = frozenset({"official-records-report", "session-report"})
NTH = r"\d{1,2}(?:st|nd|rd|th)"
NTH_LIST = (
    rf"(?:{NTH}(?:\s*\([a-z ]{{1,12}}\))?"
    rf"(?:(?:,\s*|,?\s+and\s+|\s+to\s+){NTH}(?:\s*\([a-z ]{{1,12}}\))?)*"
    r"|closing|opening|final)"
)
COMMISSION_WORD = r"(?:Commission|Council|Committee)"
OFFICE_WORD = (
    r"(?:President|Vice-President|Chair(?:person)?|Vice-Chair|Minister|Deputy Minister|"
    r"Secretary|Under-Secretary-General|Assistant Secretary-General|Secretary-General|"
    r"Director(?:-General)?|Executive Director|Deputy Executive Director|Executive Secretary|"
    r"Permanent Representative|Ambassador|Chief|Head|Coordinator|Special Rapporteur|"
    r"Special Envoy|Officer|Adviser|Advisor|Commissioner|High Commissioner|Administrator|"
    r"Scientist|Economist|Representative|Member)"
)

MEETINGS = Registry(
    "meetings",
    [
        Rule(
            "report-on-session",
            "meetings",
            re.compile(rf"Report on the (?P<ord>{ORDINAL}) session\s*\((?P<dates>[^)]{{6,80}})\)"),
            "Report on the sixty-third session (14 February 2024 and 10–14 February 2025)",
            {"ord": "sixty-third", "dates": "14 February 2024 and 10–14 February 2025"},
            REPORT,
            "E/2025/26-E/CN.5/2025/6, cover",
        ),
        Rule(
            "held-its-session",
            "meetings",
            re.compile(rf"(?:held|during) its (?P<ord>{ORDINAL}) session (?P<rest>[^.]{{0,200}})"),
            "The Commission for Social Development held its sixty-third session at "
            "Headquarters on 14 February 2024 and from 10 to 14 February 2025.",
            {"ord": "sixty-third"},
            REPORT,
            "E/2025/26-E/CN.5/2025/6, para. 35",
        ),
        Rule(
            "numbered-session",
            "meetings",
            re.compile(
                rf"\b(?P<ord>{ORDINAL})(?:\s+and\s+(?P<ord2>{ORDINAL}))?(?:\s+\(resumed\))?\s+sessions?\b"
                r"(?!\s+of\s+the\s+(?!Commission\b)[A-Z])"
            ),
            "approves the provisional agenda of and documentation for the sixty-fourth session "
            "of the Commission",
            {"ord": "sixty-fourth"},
            REPORT,
            "E/2025/26-E/CN.5/2025/6, chap. I.B",
            'not another body\'s session ("fifty-eighth session of the General Assembly"), '
            'and not a special session ("twenty-fourth special session": the ordinal is not '
            'followed by "session")',
        ),
        Rule(
            "at-its-session",
            "meetings",
            re.compile(rf"At its (?P<ord>{ORDINAL}) session, (?P<rest>from [^.]{{0,200}})"),
            "At its twenty-eighth session, from 7 to 11 April 2025, at the United Nations Office "
            "at Geneva, the Commission held seven plenary meetings.",
            {"ord": "twenty-eighth"},
            REPORT,
            "E/2025/31-E/CN.16/2025/4, para. 18",
        ),
        Rule(
            "place",
            "meetings",
            re.compile(
                r"\b(?:at\s+(?:United\s+Nations\s+)?(?P<hq>Headquarters)|(?:at|in)\s+(?:the\s+United\s+Nations\s+Office\s+at\s+)?"
                r"(?P<city>Vienna|Geneva|New\s+York|Nairobi|Bangkok))\b"
            ),
            "held its fifty-sixth session at Headquarters from 4 to 7 March 2025",
            {"hq": "Headquarters"},
            REPORT,
            "E/2025/24-E/CN.3/2025/37, chap. VIII, para. 1",
        ),
        Rule(
            "meetings-on",
            "meetings",
            re.compile(
                rf"(?P<nums>{NTH_LIST})\s+(?:\([a-z ]{{1,12}}\)\s+)?(?:plenary\s+)?meetings?"
                r"(?:\s*\([^)]{1,20}\))?,?\s+(?:on|from|held on)\s+"
                r"(?P<when>[^;]{4,60}?)(?=,|;|\.(?:\s|$)|$)"
            ),
            "The Commission considered item 3 (a) of its agenda at its 1st and 7th meetings, "
            "on 4 and 7 March 2025.",
            {"nums": "1st and 7th", "when": "4 and 7 March 2025"},
            REPORT,
            "E/2025/24-E/CN.3/2025/37, chap. II, para. 2",
        ),
        Rule(
            "meeting-at",
            "meetings",
            re.compile(
                rf"\b(?:[Aa]t|[Dd]uring)\s+(?:its|the)\s+(?P<nums>{NTH_LIST}|same)\s+"
                r"(?:\([a-z ]{1,12}\)\s+)?meetings?\b"
            ),
            "At the same meeting, the representative of the Russian Federation made a statement",
            {"nums": "same"},
            REPORT,
            "E/2025/26-E/CN.5/2025/6, para. 6",
        ),
    ],
)

SESSIONS = Registry(
    "sessions",
    [
        Rule(
            "considered-item",
            "sessions",
            re.compile(
                r"considered\s+(?:[^.;]{0,120}?\s+under\s+)?(?:agenda\s+)?(?:sub-)?items?\s+"
                r"(?P<item>\d{1,2})(?:\s*\([a-z]\))?"
            ),
            "The Commission considered agenda item 3 at its 2nd to 10th meetings.",
            {"item": "3"},
            REPORT,
            "E/2025/26-E/CN.5/2025/6, para. 8",
        ),
        Rule(
            "held-debate-on-item",
            "sessions",
            re.compile(
                r"held\s+(?:its|a|an)\s+(?:[\w-]+\s+){0,2}?(?:debate|discussion|dialogue)s?\b"
                r"[^.;]{0,80}?(?:under|on|\()\s*(?:agenda\s+)?(?:sub-)?items?\s+(?P<item>\d{1,2})"
            ),
            "At its 1st to 3rd meetings, on 10 and 11 March 2025, the Commission held its general "
            "debate under agenda item 3.",
            {"item": "3"},
            REPORT,
            "the CND's reports word the general debate so "
            "(seed 003_..., tests/cases/session-report-2028)",
        ),
        Rule(
            "adoption-of-report",
            "sessions",
            re.compile(r"^Adoption of the (?:draft )?report of the \w[\w ]*? on its", re.I),
            "Adoption of the report of the Commission on its sixty-third session",
            {},
            REPORT,
            "E/2025/26-E/CN.5/2025/6, chap. VI",
        ),
        Rule(
            "organizational-item",
            "sessions",
            re.compile(
                r"^(?:Adoption of the agenda|Election of (?:the )?(?:officers|Chair|Bureau))", re.I
            ),
            "Adoption of the agenda and other organizational matters",
            {},
            REPORT,
            "E/2025/25-E/CN.9/2025/7, chap. II",
            "the election of officers and the adoption of the agenda give no session",
        ),
    ],
)

STATEMENTS = Registry(
    "statements",
    [
        Rule(
            "statements-were-made-by",
            "statements",
            re.compile(
                r"(?:[Ss]tatements?|[Rr]emarks)\s+(?:[\w-]+\s+){0,8}?(?:were|was)\s+(?:also\s+)?made\s+by\s+"
                r"|heard\s+(?:a\s+|an\s+)?(?:[\w-]+\s+)?statements?\s+(?:[^.]{0,80}?\s+made\s+)?by\s+"
            ),
            "At the 3rd and 6th meetings, statements in exercise of the right of reply were "
            "made by the representatives of China and Israel, respectively.",
            {},
            REPORT,
            "E/2025/25-E/CN.9/2025/7, para. 7",
        ),
        Rule(
            "made-statements",
            "statements",
            re.compile(
                r"\b(?:also\s+)?(?:made|delivered|gave)\s+(?:a\s+|an\s+)?(?:[\w-]+\s+){0,2}?"
                r"(?:statements?|remarks)\b|\baddressed\s+the\s+(?:Commission|meeting|session)\b"
            ),
            "During the ensuing interactive discussion, the representatives of India and Qatar "
            "and the observers for Türkiye, Chile and Cuba made statements.",
            {},
            REPORT,
            "E/2025/26-E/CN.5/2025/6, para. 12",
        ),
        Rule(
            "who-made",
            "statements",
            re.compile(
                r",\s+who\s+(?:also\s+)?(?:made|delivered)\s+(?:a\s+|an\s+)?(?:[\w-]+\s+){0,2}?(?:statements?|remarks)"
            ),
            "moderated by the President of the Club de Madrid, Danilo Türk, who made a keynote "
            "statement.",
            {},
            REPORT,
            "E/2025/26-E/CN.5/2025/6, para. 12",
        ),
        Rule(
            "right-of-reply",
            "statements",
            re.compile(r"right\s+of\s+reply"),
            "statements in exercise of the right of reply were made by the representatives of "
            "China and Israel",
            {},
            REPORT,
            "E/2025/25-E/CN.9/2025/7, para. 7",
        ),
        Rule(
            "on-behalf-of",
            "statements",
            re.compile(
                r"\((?P<also>also\s+)?on\s+behalf\s+of\s+(?P<group>[^()]*(?:\([^()]*\)[^()]*)*)\)"
            ),
            "Australia (also on behalf of Canada and New Zealand)",
            {"also": "also ", "group": "Canada and New Zealand"},
            REPORT,
            "E/2025/25-E/CN.9/2025/7, para. 14",
        ),
        Rule(
            "listed-after-colon",
            "statements",
            re.compile(
                r"(?P<head>(?:[Rr]epresentatives?|[Oo]bservers?)\s+of\s+the\s+following\s+"
                r"(?P<what>[^:]{3,160}?)\s+(?:also\s+)?(?:made|delivered)\s+(?:a\s+)?statements?)\s*:\s*(?P<list>.+)$"
            ),
            "Representatives of the following non-governmental organizations in consultative "
            "status with the Economic and Social Council also made statements: Baha’í "
            "International Community and UNANIMA International.",
            {"list": "Baha’í International Community and UNANIMA International."},
            REPORT,
            "E/2025/26-E/CN.5/2025/6, para. 12",
        ),
        Rule(
            "commission-officer",
            "statements",
            re.compile(
                r"\b(?:the\s+)?(?P<office>Vice-Chair-cum-Rapporteur|Vice-Chair|Chair|Rapporteur|"
                r"secretariat)(?:\s+of\s+the\s+Commission(?:\s+(?:on|for)\s+[A-Z][\w ]+)?)?"
                r"(?:\s*\((?P<country>[^)]{3,60})\))?(?!\s+of\s+the\s+(?!Commission))"
            ),
            "At the 2nd meeting, the Chair (Poland) made an opening statement.",
            {"office": "Chair", "country": "Poland"},
            REPORT,
            "E/2025/26-E/CN.5/2025/6, para. 36",
            "an officer of the commission, or its secretariat, speaks for the commission",
        ),
    ],
)

ROLES = Registry(
    "roles",
    [
        Rule(
            "bureau-label",
            "roles",
            re.compile(r"(?P<role>Vice-Chair-cum-Rapporteur|Vice-Chairs?|Chair|Rapporteur)\s*:\s*"),
            "The Bureau was thus composed as follows: Chair: Krzysztof Maria Szczerski (Poland) "
            "Vice-Chairs: AlMaha Mubarak Al-Thani (Qatar)",
            {"role": "Chair"},
            REPORT,
            "E/2025/26-E/CN.5/2025/6, para. 42",
        ),
        Rule(
            "name-country",
            "roles",
            re.compile(
                r"(?P<name>[A-ZÀ-Ý][\w’'.-]*(?:\s+(?:[A-ZÀ-Ý][\w’'.-]*|de|da|das|do|dos|del|van|von|al|bin|ibn|M\.|O\.))*?)"
                r"\s*\((?P<country>[^()]{3,60}(?:\([^()]{1,30}\))?)\)"
            ),
            "Georges-Simon Ulrich (Switzerland)",
            {"name": "Georges-Simon Ulrich", "country": "Switzerland"},
            REPORT,
            "E/2025/24-E/CN.3/2025/37, chap. VIII, para. 3",
        ),
        Rule(
            "moderated-by",
            "roles",
            re.compile(
                r"\b(?:jointly\s+|co-)?moderated\s+by\s+(?P<who>[^.;]{3,400}?)"
                r"(?=,\s+who\b|,\s+and\s+(?!the\s|a\s|an\s)|\.\s|\.$|;|$)"
            ),
            "moderated by the President of the Club de Madrid, Danilo Türk, who made a keynote "
            "statement.",
            {"who": "the President of the Club de Madrid, Danilo Türk"},
            REPORT,
            "E/2025/26-E/CN.5/2025/6, para. 12",
        ),
        Rule(
            "served-as-moderator",
            "roles",
            re.compile(
                r"(?P<who>\b(?:The|the|A|a)\s+[^.;]{3,300}?),\s+(?:served|acted)\s+as\s+"
                r"(?:the\s+)?(?:co-)?moderators?"
            ),
            "The Secretary-General of the International Telecommunication Union, Doreen "
            "Bogdan-Martin, served as moderator.",
            {
                "who": "The Secretary-General of the International Telecommunication Union, Doreen "
                "Bogdan-Martin"
            },
            REPORT,
            "E/2025/27-E/CN.6/2025/19, para. 15",
        ),
        Rule(
            "officer-named",
            "roles",
            re.compile(
                r"\bthe\s+(?P<role>Vice-Chair|Chair|Rapporteur),?\s+(?P<name>[A-ZÀ-Ý][^(),]{3,60}?)\s*"
                r"\((?P<country>[^()]{3,60})\)"
            ),
            "the Chair, Muhammadou M.O. Kah (Gambia), opened the twenty-eighth session",
            {"role": "Chair", "name": "Muhammadou M.O. Kah", "country": "Gambia"},
            REPORT,
            "E/2025/31-E/CN.16/2025/4, para. 19",
        ),
        Rule(
            "serve-as-rapporteur",
            "roles",
            re.compile(r"would\s+serve\s+as\s+Rapporteur"),
            "the Vice-Chair Ana Cristina Amoroso das Neves (Portugal) would serve as Rapporteur",
            {},
            REPORT,
            "E/2025/31-E/CN.16/2025/4, para. 20",
        ),
    ],
)

ATTENDANCE = Registry(
    "attendance",
    [
        Rule(
            "represented",
            "attendance",
            re.compile(
                r"(?P<who>States\s+members\s+of\s+the\s+Commission|[Oo]bservers?|[Ss]tates?|"
                r"United\s+Nations\s+(?:entities|bodies|system|organizations|programmes)|[Ss]pecialized\s+"
                r"agencies|(?:[Ii]ntergovernmental|[Nn]on-governmental|[Oo]ther)\s+organizations)"
                r"[^:.]{0,160}?(?:were|was)\s+represented[^:]{0,80}:\s*(?P<list>.+)$"
            ),
            "The following States members of the Commission were represented at the session: "
            "Afghanistan, Algeria, Angola",
            {"who": "States members of the Commission", "list": "Afghanistan, Algeria, Angola"},
            REPORT,
            "the CND's reports, chapter on the organization of the session (attendance)",
        ),
    ],
)

REGISTRIES = (MEETINGS, SESSIONS, STATEMENTS, ROLES, ATTENDANCE)

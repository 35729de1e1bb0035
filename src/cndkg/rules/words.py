"""Words the rules of every genre share: ordinals as UN documents spell them."""

from __future__ import annotations

ORDINAL = (
    r"(?:\d{1,3}(?:st|nd|rd|th)|(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-)?"
    r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|tenth|eleventh|twelfth|"
    r"thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|"
    r"(?:twentieth|thirtieth|fortieth|fiftieth|sixtieth|seventieth|eightieth|ninetieth))"
)

# the Commissions a CND document names
COMM = (
    r"(?:Commission on Narcotic Drugs|Commission on Crime Prevention and Criminal Justice"
    r"|CND|CCPCJ)"
)
# a person's title and name as the seeds print them: "H.E. Ambassador Mirghani Abbaker
# Altayeb Bakhjet", "Ms. Ana Gómez", "Wolfgang Amadeus Bruelhart"
TITLE = r"(?:H\.\s?E\.\s+)?(?:(?:Mr|Ms|Mrs|Dr|Prof)\.?\s+)?(?:Ambassador\s+)?"
NAME = (
    r"(?P<name>(?:[A-Z][\w’'\-]+|[A-Z]\.|de|da|del|van|von|bin|al|[A-Z]{2,}[\w\-]*)"
    r"(?:\s+(?:[A-Z][\w’'\-]+|[A-Z]\.|de|da|del|la|van|von|bin|al|[a-z]{1,2}|[A-Z]{2,}[\w\-]*)){1,6})"
)

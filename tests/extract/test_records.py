"""The CND's own session report, in the Official Records format of its sister
commissions (tests/cases/E_2025_*): the parts of it those five reports do not show.
The pages are written as pypdf gives a UN PDF's (running head, job-number footer,
footnotes under a rule); the wording is the report's, the names the pattern's."""

from __future__ import annotations

from pathlib import Path

from cndkg.extract import extract
from cndkg.gazetteers import Gazetteer
from cndkg.model import Mentions, SourceDocument, SourceMetadata
from cndkg.parse import parse_document
from cndkg.readers.pdf import derive

COVER = (
    "E/2025/28\nE/CN.7/2025/16\n \nCommission on Narcotic Drugs\n \nReport on the "
    "sixty-eighth session\n(13 December 2024 and 10–14 March 2025)\n \nEconomic and Social "
    "Council\nOfficial Records, 2025\nSupplement No. 8\n"
)


def read(*pages: str) -> Mentions:
    text = derive([COVER, *pages])
    meta = SourceMetadata(
        "cnd68", genre="official-records-report", issuer="Commission on Narcotic Drugs"
    )
    source = SourceDocument(
        Path("cnd68.pdf"), text.text, meta, "application/pdf", tuple(text.page_starts)
    )
    return extract(parse_document(source), Gazetteer())


def test_general_debate_speakers_one_per_line_by_office() -> None:
    m = read(
        "E/2025/28\nE/CN.7/2025/16\n \n4/57 25-05678\n \nChapter II\n  General debate\n \n \n"
        "5. At its 1st to 3rd meetings, on 10 and 11 March 2025, the Commission held its general\n"
        "debate under agenda item 3. Statements were made by the following:\n"
        " Vice-President of the Plurinational State of Bolivia\n"
        " Ambassador and Permanent Representative of Burkina Faso to the United Nations\n"
        " (Vienna) (on behalf of the Group of African States)\n"
        " Minister of Health of Colombia (pre-recorded video)\n"
        " Executive Director of the United Nations Office on Drugs and Crime\n"
        "6. Statements in exercise of the right of reply were made by the representatives\n"
        "of Armenia and Azerbaijan.\n"
    )
    said = [(s.speaker.code, bool(s.on_behalf_of), s.right_of_reply) for s in m.statements]
    assert said == [
        ("BOL", False, False), ("BFA", True, False), ("COL", False, False),
        ("UNODC", False, False), ("ARM", False, True), ("AZE", False, True),
    ]  # fmt: skip
    day = {x.key: x.start for x in m.meetings}
    assert {str(day[s.session_key]) for s in m.statements} == {"2025-03-10"}
    assert [(x.key, str(x.date)) for x in m.sessions] == [("cnd-68/item-3", "2025-03-10")]


def test_a_group_footnote_lists_the_members() -> None:
    m = read(
        "E/2025/28\nE/CN.7/2025/16\n \n4/57 25-05678\n \n5. At its 2nd meeting, statements were "
        "made by the representatives of\nChile, Switzerland (on behalf of a group of countries)1 "
        "and Peru.\n__________________\n 1  Albania, Andorra, Argentina, Australia and the "
        "European Union.\n"
    )
    swiss = next(s for s in m.statements if s.speaker.code == "CHE")
    assert [x.code for x in swiss.members] == ["ALB", "AND", "ARG", "AUS", "EU"]
    assert swiss.members_evidence is not None and swiss.members_evidence.paragraph == "fn1"
    assert all(not s.members for s in m.statements if s.speaker.code != "CHE")


def test_associating_with_a_statement_is_not_membership() -> None:
    m = read(
        "E/2025/28\nE/CN.7/2025/16\n \n4/57 25-05678\n \n5. At its 2nd meeting, the "
        "observer for Poland (on behalf of the\nEuropean Union) made a statement. Albania and "
        "Georgia associated themselves with the statement.\n"
    )
    assert [(s.speaker.code, [x.code for x in s.members]) for s in m.statements] == [
        ("POL", ["EU"])
    ]

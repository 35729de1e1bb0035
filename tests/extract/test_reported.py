"""The genres that report what was said: a news release on a CND opening, a blog
transcript of the plenary with its election of officers, an NGO post, a national
statement. The texts follow each genre's wording (UNODC and UN News releases, the CND
blog, NGO delegation posts); names and numbers are the pattern's."""

from __future__ import annotations

from pathlib import Path

from cndkg.extract import extract
from cndkg.gazetteers import Gazetteer
from cndkg.model import Mentions
from cndkg.parse import parse_document
from cndkg.sources import read_source


def read(tmp_path: Path, name: str, text: str, sidecar: str = "") -> Mentions:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    if sidecar:
        (tmp_path / f"{name}.meta.json").write_text(sidecar, encoding="utf-8")
    return extract(parse_document(read_source(path)), Gazetteer())


NEWS = """# New chief addresses Commission on Narcotic Drugs

Vienna (Austria), 10 March 2031 - The 74th session of the Commission on Narcotic Drugs (CND) \
began today with a call for concrete progress. Amina Diallo addressed the Commission for the \
first time as Executive Director of the UN Office on Drugs and Crime (UNODC), highlighting \
the value of consensus.

Ambassador Jan Kowalski of Poland is chairing the 74th session. The opening session was also \
addressed by Pedro Alves, President of the International Narcotics Control Board and featured \
a video message from Lena Berg, Director-General of the World Health Organization.
"""


def test_news_release_dates_the_session_by_its_dateline_and_names_the_speakers(
    tmp_path: Path,
) -> None:
    m = read(tmp_path, "release.txt", NEWS)
    session = next(x for x in m.meetings if x.key == "cnd-74")
    assert (str(session.start), session.place) == ("2031-03-10", "Vienna")
    assert sorted(st.speaker.code for st in m.statements) == ["INCB", "UNODC", "WHO"]
    assert all(st.session_key == "cnd-74" for st in m.statements)
    chair = [(r.role, r.person, r.country) for r in m.roles]
    assert chair == [("Chair", "Jan Kowalski", "POL")]


TRANSCRIPT = """# Plenary: Opening of the seventy-fourth Session of the Commission on Narcotic Drugs

Chair: Welcome to the 74th CND! 1st Item - election of officers: The commission elected Kenya \
as the 1st Vice Chair. 2nd Vice Chair is Pakistan. The Rapporteur is Malta (WEOG). Mexico \
serves as Chair.

Colombia: We wish to recall the end of the armed conflict in our country.

European Union: We thank the Chair and align ourselves with the statement.

UNODC: Good morning, esteemed delegates.

Note: the audio was interrupted for ten minutes.

Argentina: I would like to congratulate you.
"""


def test_transcript_speakers_before_the_colon_and_states_elected_to_offices(
    tmp_path: Path,
) -> None:
    m = read(tmp_path, "plenary.txt", TRANSCRIPT)
    assert [st.speaker.code for st in m.statements] == ["COL", "EU", "UNODC", "ARG"]
    offices = sorted((r.role, r.country, r.person) for r in m.roles)
    assert offices == [
        ("Chair", "MEX", ""),
        ("Rapporteur", "MLT", ""),
        ("ViceChair", "KEN", ""),
        ("ViceChair", "PAK", ""),
    ]  # States hold them: no person is named "Malta WEOG"


POST = """# Our delegation at the 74th session of the Commission on Narcotic Drugs

The 74th session of the Commission on Narcotic Drugs took place in Vienna. Ana Gómez of \
Colombia said that alternative development needed long-term funding, while UNODC Executive \
Director Amina Diallo stressed prevention.
"""


def test_ngo_post_takes_its_date_from_the_post_and_reads_reported_speech(
    tmp_path: Path,
) -> None:
    m = read(tmp_path, "post.md", POST, '{"date": "2031-03-12", "genre": "delegation-report"}')
    assert sorted(st.speaker.code for st in m.statements) == ["COL", "UNODC"]


STATEMENT = """Statement by the Delegation of Mexico at the 74th session of the Commission on \
Narcotic Drugs

Madam Chair, my delegation thanks the secretariat for the documents before us.
"""


def test_national_statement_is_the_state_speaking_at_the_meeting_of_its_title(
    tmp_path: Path,
) -> None:
    m = read(tmp_path, "mexico.txt", STATEMENT)
    assert [(st.speaker.code, st.session_key) for st in m.statements] == [("MEX", "cnd-74")]


SIDE_EVENT = """# Our delegation at the 74th session of the Commission on Narcotic Drugs

The 74th session of the Commission on Narcotic Drugs took place in Vienna from 10 to 14 March \
2031. On 12 March, our delegation held a side event entitled “Prevention works” co-sponsored by \
the Governments of Italy and Colombia and UNODC.
"""


def test_a_side_event_is_a_meeting_of_the_session_with_its_sponsors(tmp_path: Path) -> None:
    m = read(tmp_path, "side.md", SIDE_EVENT, '{"genre": "delegation-report"}')
    event = next(x for x in m.meetings if x.kind == "SideEvent")
    assert (event.name, str(event.start), event.parent_key) == (
        "Side event: Prevention works",
        "2031-03-12",
        "cnd-74",
    )
    sponsors = sorted(p.actor.code for p in m.participations if p.kind == "sponsor")
    assert sponsors == ["COL", "ITA", "UNODC"]

"""Linking: every UN name form of a state found in the seeds resolves to one entity."""

from __future__ import annotations

import pytest

from cndkg.extract.actors import find_actors
from cndkg.gazetteers import Gazetteer
from tests.conftest import seed

# Name forms as the seeds print them, with the ISO 3166-1 alpha-3 code each must reach.
SEED_NAME_FORMS = {
    "Iran (Islamic Republic of)": "IRN",
    "the Islamic Republic of Iran": "IRN",
    "Islamic Republic of Iran": "IRN",
    "Venezuela (Bolivarian Republic of)": "VEN",
    "the Bolivarian Republic of Venezuela": "VEN",
    "Türkiye": "TUR",
    "Turkey": "TUR",
    "Plurinational State of Bolivia": "BOL",
    "the Plurinational State of Bolivia": "BOL",
    "Bolivia": "BOL",
    "the Kingdom of the Netherlands": "NLD",
    "Kingdom of the Netherlands": "NLD",
    "Tanzania (United Republic of)": "TZA",
    "United Republic of Tanzania": "TZA",
    "Republic of Moldova": "MDA",
    "Moldova": "MDA",
    "the Russian Federation": "RUS",
    "Russian Federation": "RUS",
    "Lao People’s Democratic Republic": "LAO",
    "Lao People's Democratic Republic": "LAO",
    "Democratic People’s Republic of Korea": "PRK",
    "Democratic People's Republic of Korea": "PRK",
    "the Republic of Korea": "KOR",
    "Côte d'Ivoire": "CIV",
    "Viet Nam": "VNM",
    "State of Palestine": "PSE",
    "the Niger": "NER",
    "the Syrian Arab Republic": "SYR",
    "the United Kingdom": "GBR",
    "the United Kingdom of Great Britain and Northern Ireland": "GBR",
    "the United States": "USA",
    "the United States of America": "USA",
    "Czechia": "CZE",
    "the Philippines": "PHL",
    "Macao (Special Administrative Region of China)": "MAC",
    "Cabo Verde": "CPV",
    "Brunei Darussalam": "BRN",
    "North Macedonia": "MKD",
    "Bosnia and Herzegovina": "BIH",
    "Antigua and Barbuda": "ATG",
    "the United Arab Emirates": "ARE",
    "Saudi Arabia": "SAU",
}


@pytest.mark.parametrize(("name", "code"), sorted(SEED_NAME_FORMS.items()))
def test_un_name_form_resolves_to_its_iso_code(gazetteer: Gazetteer, name: str, code: str) -> None:
    entry = gazetteer.lookup("state", name)
    assert entry is not None and entry.code == code


def test_name_forms_listed_here_all_occur_in_the_seeds() -> None:
    text = " ".join(seed(n).source.text for n in ("000", "001", "002", "003", "004"))
    for name in SEED_NAME_FORMS:
        assert name.removeprefix("the ") in text, name


@pytest.mark.parametrize(
    ("doc", "mark", "count"),
    [("001", "8", 21), ("001", "10", 44), ("003", "2", 40), ("003", "3", 11)],
)
def test_every_item_of_a_footnote_member_list_is_recognised(
    gazetteer: Gazetteer, doc: str, mark: str, count: int
) -> None:
    note = next(p for p in seed(doc).paragraphs if p.label == f"fn{mark}")
    found = find_actors(note.text, gazetteer)
    assert len(found) == count, [f.ref.name for f in found]


def test_organizations_resolve_by_name_and_acronym(gazetteer: Gazetteer) -> None:
    for name in (
        "United Nations Office on Drugs and Crime",
        "UNODC",
        "International Narcotics Control Board",
        "EMCDDA",
        "OAS-CICAD",
        "European Union Drugs Agency",
    ):
        assert gazetteer.lookup("org", name) is not None, name
    euda = gazetteer.lookup("org", "European Union Drugs Agency")
    assert euda is not None and euda.code == "EMCDDA"


def test_wikidata_iri_comes_from_the_checked_gazetteer(gazetteer: Gazetteer) -> None:
    che, incb = gazetteer.get("state", "CHE"), gazetteer.get("org", "INCB")
    assert che is not None and che.wikidata == "http://www.wikidata.org/entity/Q39"
    assert incb is not None and incb.wikidata == "http://www.wikidata.org/entity/Q667217"


def test_one_person_under_the_spellings_the_documents_give() -> None:
    """Seed 001 spells one Chair "Mirghani Abbaker Altayeb Bakhjet" and "... BAKHET"."""
    from cndkg.link import person_key

    known: dict[str, str] = {}
    first = person_key("Mirghani Abbaker Altayeb Bakhjet", known)
    assert person_key("Mirghani Abbaker Altayeb BAKHET", known) == first
    assert person_key("MIRGHANI ABBAKER ALTAYEB BAKHJET", known) == first
    # another given name, or a short surname one letter apart, is another person
    assert person_key("Omar Abbaker Altayeb Bakhjet", known) != first
    assert person_key("Ana Li", known) != person_key("Ana Lu", known)

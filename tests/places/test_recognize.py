"""Recognition: gazetteer-backed matching and guards against false hits."""

from __future__ import annotations

import pytest


def _texts(places):
    return [p.text for p in places]


def _literal(places):
    """The places where something can happen (demonyms, names inside organisation names
    and metonyms have other roles: marsad.places.candidates)."""
    return [p for p in places if p.role == "literal"]


def test_arabic_place_names_missed_by_ner_are_found(parse):
    places = parse("The ISIS emir in al-Mayadin in the province of Deir ez-Zour was captured.")
    assert "al-Mayadin" in _texts(places)
    assert "Deir ez-Zour" in _texts(places)


@pytest.mark.parametrize(
    "text",
    [
        "ISIS announced a series of invasions called “Enter through the Door.”",
        "ISIS is fighting the “Golani-Awakenings Alliance” in the east.",
        "President Jackson met Mr. Paris yesterday.",
    ],
)
def test_common_words_and_person_names_are_not_places(parse, text):
    assert parse(text) == []


def test_toponyms_inside_organisation_names_are_not_places(parse):
    text = (
        "The Islamic State of Iraq and al-Sham fought the Free Syrian Army, "
        "while al-Qaeda in Iraq regrouped in Mosul."
    )
    places = parse(text)
    assert _texts(_literal(places)) == ["Mosul"]
    # the names inside the organisations' names are found with their role, and a demonym
    # inside one stays a demonym ("Free Syrian Army")
    roles = {p.text: p.role for p in places if p.role != "literal"}
    assert roles.get("Iraq") in (None, "embedded") and roles.get("Syrian") in (None, "demonym")
    assert set(roles.values()) <= {"embedded", "demonym"}


def test_nationality_adjectives_are_not_places_but_possessives_are(parse):
    places = parse("Iraqi forces and Syrian rebels clashed in Syria’s eastern region.")
    assert _texts(_literal(places)) == ["Syria"]
    assert _literal(places)[0].geonameid == 163843
    # with the candidate recogniser on (the default), adjectives are demonyms of their country
    demonyms = [(p.text, p.country_code, p.role) for p in places if p.role != "literal"]
    assert demonyms in ([], [("Iraqi", "IQ", "demonym"), ("Syrian", "SY", "demonym")])


def test_kind_words_join_the_span(parse):
    places = parse("Fighting spread to Salahuddin province and the Aleppo countryside.")
    assert _texts(places) == ["Salahuddin province", "Aleppo countryside"]


def test_toponyms_of_actor_mentions_are_listed_in_their_role(geo_nlp, gazetteer):
    """Every toponym is a place (TR-News and GeoVirus annotate them all): one inside an
    organisation's mention is embedded, a state acting is a metonym; neither is where an event
    happened. A person's name holds no place."""
    from marsad.events.location import usable_places
    from marsad.model import ActorMention, Document
    from marsad.places.geoparser import Geoparser

    text = "Fighters of the Baghdad Brigade entered Baghdad. Syria accused Paris Hilton."
    doc = Document(id="t", text=text)
    doc.spacy_doc = geo_nlp(text)

    def mention(words, kind):
        start = text.index(words)
        return ActorMention(text=words, start=start, end=start + len(words), kind=kind)

    doc.actor_mentions = [
        mention("Baghdad Brigade", "armed_group"),
        mention("Syria", "state"),
        mention("Paris Hilton", "person"),
    ]
    Geoparser(gazetteer=gazetteer, nlp=geo_nlp)(doc)
    got = [(p.text, p.start, p.role) for p in doc.places]
    assert got == [
        ("Baghdad", text.index("Baghdad"), "embedded"),
        ("Baghdad", text.rindex("Baghdad"), "literal"),
        ("Syria", text.index("Syria"), "metonymic"),
    ]
    assert [(p.text, p.start) for p in usable_places(doc)] == [("Baghdad", text.rindex("Baghdad"))]


def test_a_facility_in_a_place_keeps_the_place(parse):
    places = parse("Guards were posted at the Turkish Embassy in Moscow after the attack.")
    assert [(p.text, p.country_code) for p in _literal(places)] == [("Moscow", "RU")]
    assert {p.role for p in places if p.text == "Turkish"} <= {"demonym"}


def test_one_sense_per_document_for_names_ner_calls_persons(parse):
    text = (
        "The Federal Member for Kennedy covers the Cairns district. "
        "Since 2010 the Cairns police force has been running a special unit."
    )
    places = [p for p in parse(text) if p.text.startswith("Cairns")]
    assert len(places) == 2
    assert all(p.country_code == "AU" for p in places)


def test_a_nickname_in_quotes_is_no_place(parse):
    texts = {
        'Cartel leader Ismael "El Mayo" Zambada met traffickers in Culiacan.': ["Culiacan"],
        'Police arrested Servando Gomez, alias "La Tuta", in Morelia.': ["Morelia"],
        'Residents of "Mosul" said the city was calm.': ["Mosul"],  # quotes alone make no nickname
    }
    for text, places in texts.items():
        assert [p.text for p in parse(text)] == places


def test_a_common_word_is_a_place_only_with_its_kind_word(parse, pipeline):
    # "Capital" (Denmark's Capital Region), "Coast" (Kenya's Coast Province) are GeoNames names;
    # in text in capitals the truecaser took them for names and capitalised them
    wire = "URBAN GUERRILLAS ATTACKED THE RESIDENCE OF THE MINISTER, ACCORDING TO AUTHORITIES IN THE CAPITAL."
    assert "CAPITAL" not in [p.text for p in pipeline.process(wire).places]
    got = {
        p.text: p
        for p in parse("Fighting spread to Mombasa, in Coast Province, and to Baidoa in Bay region.")
    }
    assert got["Coast Province"].feature_code == "ADM1" and got["Bay region"].country_code == "SO"


def test_in_text_in_capitals_a_common_word_is_no_acronym(pipeline):
    wire = "THE BOMB WAS HIDDEN INSIDE A CAR, SAID OFFICIALS IN LIMA. GUERRILLAS ATTACKED TROOPS IN MALI AND THE DRC."
    got = {p.text: p for p in pipeline.process(wire).places}
    assert not {"CAR", "SAID"} & set(got)  # a car, not the Central African Republic; no As Sa'id
    assert got["DRC"].country_code == "CD"  # the truecased copy keeps the acronym

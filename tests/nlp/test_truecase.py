"""Text in capitals or in lower case is parsed on a mixed-case copy, and the parse keeps the
document's own text."""

from __future__ import annotations

import pytest

from marsad.nlp.truecase import (
    Truecaser,
    cased_copy,
    cased_view,
    in_capitals,
    in_lower_case,
    parse_truecased,
    written_case,
)

WIRE = (
    "GUERRILLAS KILLED BODYGUARD JAIRO ORTEGA AND PRESIDENT ALFREDO CRISTIANI CONDEMNED THE ATTACK "
    "IN BOGOTA, COLOMBIA, ON 30 DECEMBER. THE FMLN SAID U.S. ADVISERS WERE KIDNAPPED."
)


@pytest.fixture(scope="module")
def truecaser(pipeline):
    svc = pipeline.services
    return Truecaser(svc.nlp, svc.actor_kb.ruler_patterns() + svc.gazetteer.ruler_patterns())


def test_capitals_are_told_from_mixed_case():
    assert in_capitals(WIRE)
    assert not in_capitals(
        "Guerrillas killed a bodyguard in Bogota, Colombia, on 30 December. The ELN said so."
    )
    assert not in_capitals("THE END")  # too short to judge


def test_the_copy_keeps_length_and_takes_case_from_what_marsad_knows(truecaser):
    cased = truecaser.truecase(WIRE)
    assert len(cased) == len(WIRE) and cased.lower() == WIRE.lower()
    assert cased.startswith("Guerrillas killed")  # a sentence's first word; common words lower
    assert "Colombia" in cased and "December" in cased  # a country of the gazetteer; a month
    assert "FMLN" in cased and "U.S. advisers" in cased  # short unknown words and initials stay
    assert "Jairo" in cased and "Alfredo Cristiani" in cased  # unknown words are names
    assert "condemned the attack" in cased and "were kidnapped" in cased


def test_an_inflected_common_word_of_a_name_keeps_lower_case(truecaser):
    # "Northern Areas", "Syrian Democratic Forces" are names; "areas" and "forces" are words
    cased = truecaser.truecase("police patrolled sensitive areas as the forces withdrew from mosul.")
    assert "sensitive areas as the forces withdrew from Mosul" in cased


def test_the_parse_is_carried_back_onto_the_original_words(pipeline, truecaser):
    nlp = pipeline.component("nlp").nlp
    doc = parse_truecased(nlp, truecaser, WIRE)
    assert doc.text == WIRE and doc.user_data.get("truecased")
    people = {e.text for e in doc.ents if e.label_ == "PERSON"}
    assert "ALFREDO CRISTIANI" in people
    assert {"BOGOTA", "COLOMBIA"} <= {e.text for e in doc.ents if e.label_ == "GPE"}
    plain = nlp(WIRE)
    assert "ALFREDO CRISTIANI" not in {e.text for e in plain.ents if e.label_ == "PERSON"}


LOWER = (
    "kanpur: samajwadi party chief mulayam singh yadav on sunday said the killing of innocent "
    "people in godhra was pre-planned, and the police arrested ten vhp workers in ahmedabad."
)


def test_lower_case_is_told_from_mixed_case_and_read_as_if_in_capitals(truecaser):
    assert in_lower_case(LOWER) and not in_capitals(LOWER)
    mixed = "Police arrested ten VHP workers in Ahmedabad on Sunday, officials said."
    assert (written_case(LOWER), written_case(WIRE), written_case(mixed)) == ("lower", "capitals", None)
    assert not in_lower_case(LOWER.capitalize().replace("kanpur", "Kanpur").replace(" vhp", " VHP").title())
    cased = cased_copy(truecaser, LOWER, "lower")
    assert cased is not None and len(cased) == len(LOWER) and cased.lower() == LOWER.lower()
    assert "VHP" in cased and "Godhra" in cased  # a short unknown word is an acronym; a name
    assert "the police arrested" in cased


def test_the_nlp_stage_parses_lower_case_on_its_truecased_copy(pipeline):
    doc = pipeline.process(LOWER)
    assert doc.spacy_doc.text == LOWER and doc.spacy_doc.user_data.get("truecased")
    assert "mulayam singh yadav" in {e.text for e in doc.spacy_doc.ents if e.label_ == "PERSON"}
    view = cased_view(doc.spacy_doc)  # the same parse on the copy's words, for stages that read case
    assert view is not None and len(view.text) == len(LOWER) and view.text.lower() == LOWER
    assert [t.idx for t in view] == [t.idx for t in doc.spacy_doc]
    assert [t.dep_ for t in view] == [t.dep_ for t in doc.spacy_doc]
    assert view[0].text == "Kanpur" and "Godhra" in view.text
    assert cased_view(pipeline.process(WIRE).spacy_doc) is None  # capitals are read as written
    assert (
        cased_view(pipeline.process("Police arrested ten VHP workers in Ahmedabad on Sunday.").spacy_doc)
        is None
    )


def test_places_and_actors_of_a_text_in_lower_case(pipeline):
    doc = pipeline.process(LOWER)
    places = {p.text: p for p in doc.places}
    assert {"godhra", "ahmedabad"} <= set(places)  # the document's own text, offsets unchanged
    assert places["godhra"].country_code == "IN" and all(
        doc.text[p.start : p.end] == p.text for p in doc.places
    )
    person = next(m for m in doc.actor_mentions if "mulayam singh yadav" in m.text)
    assert person.kind == "person" and person.text == doc.text[person.start : person.end]
    assert any(m.actor_id == "VHP" for m in doc.actor_mentions)
    from marsad.ingest import document_from_text

    batched = next(iter(pipeline.pipe([document_from_text(LOWER)])))  # the batch path keeps the copy too
    assert [p.text for p in batched.places] == [p.text for p in doc.places]


def test_the_nlp_stage_truecases_only_text_in_capitals(pipeline):
    caps = pipeline.process(WIRE)
    mixed = pipeline.process("Guerrillas killed a bodyguard in Bogota on Sunday, the army said.")
    assert caps.spacy_doc.text == caps.text and caps.spacy_doc.user_data.get("truecased")
    assert not mixed.spacy_doc.user_data.get("truecased")
    assert any("ALFREDO CRISTIANI" in m.text and m.kind == "person" for m in caps.actor_mentions)


def test_nationality_adjectives_are_capitalised(pipeline):
    svc = pipeline.services
    patterns = svc.actor_kb.ruler_patterns() + svc.gazetteer.ruler_patterns()
    plain = Truecaser(svc.nlp, patterns)
    told = Truecaser(svc.nlp, patterns, svc.gazetteer.demonyms())
    text = "TROOPS OF THE TURKISH AND SYRIAN ARMIES CLASHED NEAR THE BORDER ON MONDAY, OFFICIALS SAID."
    assert "the turkish and syrian armies" in plain.truecase(text)  # WordNet's "turkish", the language
    assert "the Turkish and Syrian armies clashed" in told.truecase(text)


def test_a_name_written_without_its_diacritics_is_capitalised(truecaser):
    # WordNet lists "bogota"; the gazetteer knows "Bogotá", and now its ASCII form
    assert "in Bogota, Colombia" in truecaser.truecase("the attack occurred in bogota, colombia, on may 3.")

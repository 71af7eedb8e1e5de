from datetime import date

import pytest
from actor_helpers import make_doc, resolver_run

from marsad.actors.resolver import ActorResolver


@pytest.fixture(scope="module")
def resolve(nlp, actor_kb):
    return resolver_run(nlp, actor_kb, date(2014, 6, 10))


def by_text(doc):
    return {(m.text, m.actor_id) for m in doc.actor_mentions}


def test_generic_agents_with_nationality(resolve):
    doc = resolve(
        "Gunmen killed three civilians, and Syrian mercenaries fought the Iraqi army. Syria's government denied it."
    )
    got = {m.text: (m.actor_id, m.sector, m.country) for m in doc.actor_mentions}
    assert got["Gunmen"] == ("gen:UAF", "UAF", None)
    assert got["three civilians"][1] == "CVL"
    assert got["Syrian mercenaries"] == ("SYR_UAF", "UAF", "SYR")
    assert got["the Iraqi army"][0] == "IRQ_MIL"  # the span covers the noun phrase
    assert got["Syria's government"] == ("SYR_GOV", "GOV", "SYR")
    assert all(m.reason for m in doc.actor_mentions)


def test_offsets_match_text(resolve):
    doc = resolve("Police arrested protesters after warplanes struck the town.")
    for m in doc.actor_mentions:
        assert doc.text[m.start : m.end] == m.text
    assert {m.sector for m in doc.actor_mentions} >= {"COP", "OPP", "MIL"}


def test_state_as_actor_not_place(resolve):
    doc = resolve("Jordan and Britain agreed to hold exercises in Syria.")
    ids = [m.actor_id for m in doc.actor_mentions]
    assert "JOR" in ids and "GBR" in ids and "SYR" not in ids


def test_former_name_resolves_with_reason(resolve):
    doc = resolve("The Islamic State of Iraq claimed the bombing.", date(2015, 1, 1))
    m = next(m for m in doc.actor_mentions if m.actor_id == "ISIS")
    assert m.method == "former_name" and "2013" in m.reason
    assert doc.actors[0].name == "Islamic State"


def test_coreference_latter_group_and_pronoun(resolve):
    doc = resolve(
        "The army fought Ahrar al-Sham near Idlib. The latter withdrew. "
        "Abu Bakr al-Baghdadi spoke on Friday. He called for attacks."
    )
    got = by_text(doc)
    assert ("The latter", "AHRAR_AL_SHAM") in got
    assert ("He", "BAGHDADI") in got
    assert all(m.method == "coref" for m in doc.actor_mentions if m.text in ("The latter", "He"))


def test_first_persons_in_a_quote_are_its_speaker_and_the_body_he_speaks_for(resolve):
    doc = resolve(
        'A Hezbollah spokesman said: "We will respond." Hassan Nasrallah said: "I will not leave." '
        '"I am innocent," said Hezbollah. Our forces advanced.'
    )
    got = by_text(doc)
    assert ("We", "HEZBOLLAH") in got  # the body a spokesman speaks for
    assert ("I", "NASRALLAH") in got  # the speaker himself
    assert [t for t, _ in got].count("I") == 1  # an organisation is no "I"
    assert not any(t == "Our" for t, _ in got)  # outside quotes, nobody speaks


def test_the_coalition_is_the_coalition_the_document_named_so(resolve):
    doc = resolve(
        "Coalition military forces conducted strikes in Syria. U.S. forces are advising the "
        "Syrian Democratic Forces (SDF). The coalition said it struck ISIL. Coalition advisers trained them."
    )
    got = by_text(doc)
    assert ("The coalition", "US_COALITION") in got  # not the SDF, the coalition named nearer
    assert ("Coalition", "US_COALITION") in got  # the word as a name, without a determiner


def test_two_parties_gives_two_mentions(resolve):
    doc = resolve("Hezbollah fought Jabhat al-Nusra in Qalamoun. A truce between the two parties failed.")
    twins = [m for m in doc.actor_mentions if m.text == "the two parties"]
    assert {m.actor_id for m in twins} == {"HEZBOLLAH", "NUSRA"}


def test_unknown_actor_kept(resolve):
    doc = resolve("The Liwa Shuhada al-Yarmouk brigade attacked the Free Syrian Army.")
    unknown = [a for a in doc.actors if not a.known]
    assert unknown and all(a.id.startswith("unk:") and a.ner_label for a in unknown)
    assert any(a.id == "FSA" for a in doc.actors)


def test_person_roles(resolve):
    doc = resolve(
        "Abu Omar al-Shishani, the ISIS commander in Raqqa, was killed. "
        "Hezbollah's leader, Hassan Nasrallah, spoke. Abu Yahya said he was a former Nusra official."
    )
    roles = {a.id: a.roles for a in doc.actors if a.roles}
    shishani = next(v for k, v in roles.items() if "shishani" in k)
    assert (
        shishani[0]["organization"] == "ISIS"
        and shishani[0]["role"] == "commander"
        and shishani[0]["place"] == "Raqqa"
    )
    assert roles["NASRALLAH"][0]["organization"] == "HEZBOLLAH"


def test_coalition_pattern(resolve):
    doc = resolve("The Hezbollah-Badr Alliance attacked Ahrar al-Sham.")
    coalition = next(a for a in doc.actors if a.kind == "coalition")
    assert set(coalition.members) == {"HEZBOLLAH", "BADR"}


def test_boilerplate_not_read(nlp, actor_kb):
    text = "ISIS attacked Samarra.\nMore from Hezbollah and the Taliban"
    doc = ActorResolver(actor_kb=actor_kb)(make_doc(nlp, text, coded_until=text.index("More")))
    assert {a.id for a in doc.actors} == {"ISIS"}

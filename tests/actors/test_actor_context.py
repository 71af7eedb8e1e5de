"""The right entity for the context: namesake states, surnames that are cities, descriptive
chains, distinct actors that share words, and a capital as actor or place."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from datetime import date

import pytest
from actor_helpers import mention, resolver_run

from marsad.actors.context import NAMESAKES, context_state


@pytest.fixture(scope="module")
def resolve(nlp, actor_kb):
    return resolver_run(nlp, actor_kb, date(2024, 3, 1))


def actor(doc, actor_id):
    return next(a for a in doc.actors if a.id == actor_id)


# ------------------------------------------------------------------ namesake states
def test_congo_cues_are_counted():
    congo = NAMESAKES[0]
    assert context_state("Shelling resumed north of Goma and in Ituri.", congo) == ("COD", "Goma")
    assert context_state("Talks in Brazzaville ended.", congo) == ("COG", "Brazzaville")
    assert context_state("Delegates from Kinshasa flew to Brazzaville.", congo) is None
    assert context_state("The Congolese team won.", congo) is None
    # the full name of one state is not a cue for the other
    assert context_state("The Democratic Republic of the Congo said so.", congo)[0] == "COD"


def test_congo_read_from_kinshasa_context(resolve):
    doc = resolve("Officials in Kinshasa met on Friday. Congo's government rejected the report.")
    m = mention(doc, "Congo's government")
    assert (m.actor_id, m.country) == ("COD_GOV", "COD")
    assert "Kinshasa" in m.reason


def test_congo_read_from_brazzaville_context(resolve):
    doc = resolve("Shops closed in Brazzaville. The Congolese army patrolled the streets.")
    m = mention(doc, "The Congolese army")
    assert (m.actor_id, m.country) == ("COG_MIL", "COG")


def test_congo_without_cues_keeps_the_dictionary_reading(resolve):
    doc = resolve("The Congolese army patrolled the streets after the vote.")
    assert mention(doc, "The Congolese army").country == "COD"


def test_named_congo_actor_keeps_its_country(resolve):
    doc = resolve("M23 rebels advanced while the army regrouped near Brazzaville and Pointe-Noire.")
    assert next(m for m in doc.actor_mentions if m.actor_id == "M23").country == "COD"


# ------------------------------------------------------------------ surnames and code names
def test_surname_that_is_a_city_is_the_person(resolve):
    doc = resolve("Senator Marcus Denver opposed the bill. Denver told reporters the vote was rigged.")
    full = mention(doc, "Senator Marcus Denver")
    short = mention(doc, "Denver")
    assert short.actor_id == full.actor_id and short.kind == "person"
    assert short.method == "surname" and "not a place" in short.reason


def test_surname_after_a_locative_preposition_stays_a_place(resolve):
    doc = resolve("Senator Marcus Denver opposed the bill. Supporters rallied in Denver.")
    assert [m.text for m in doc.actor_mentions if m.text == "Denver"] == []


def test_code_like_group_name_is_an_actor(resolve):
    doc = resolve("The M23 shelled Sake on Sunday and M23 fighters took the hills.")
    ids = {m.actor_id for m in doc.actor_mentions}
    assert "M23" in ids
    # an actor span is what the places stage skips, so the code name never becomes a place
    assert all(m.kind == "organization" for m in doc.actor_mentions if m.actor_id == "M23")


# ------------------------------------------------------------------ descriptive chains
def test_jihadist_group_and_militants_bind_to_the_named_group(resolve):
    doc = resolve(
        "Boko Haram raided a village near Maiduguri. The jihadist group said it lost two men. "
        "The insurgents torched the school."
    )
    for text in ("The jihadist group", "The insurgents"):
        m = mention(doc, text)
        assert (m.actor_id, m.method) == ("BOKO_HARAM", "coref")
    assert actor(doc, "BOKO_HARAM").aliases == ["Boko Haram"]  # descriptions are never aliases


@pytest.mark.parametrize(
    "text, description, named",
    [
        (
            "Los Zetas attacked a bar in Monterrey. The criminal group later left banners.",
            "The criminal group",
            "ZETAS",
        ),
        (
            "Jaish-e-Mohammed attacked the camp. The terror outfit said it lost two men.",
            "The terror outfit",
            "JEM",
        ),
    ],
)
def test_a_description_that_is_an_agent_noun_binds_to_the_named_group(resolve, text, description, named):
    m = mention(resolve(text), description)
    assert (m.actor_id, m.method) == (named, "coref")


def test_paramilitary_force_binds_but_the_army_does_not(resolve):
    doc = resolve(
        "The RSF stormed a market in Omdurman. The paramilitary force denied it. The army resisted."
    )
    assert mention(doc, "The paramilitary force").actor_id == "RSF_SDN"
    assert mention(doc, "The army").actor_id != "RSF_SDN"


def test_description_without_a_named_group_stays_generic(resolve):
    doc = resolve("The militants attacked a checkpoint at dawn.")
    assert mention(doc, "The militants").actor_id == "gen:REB"


def test_description_of_a_state_organ_is_not_bound(resolve):
    doc = resolve("The Nigerian army entered the town. The armed group fled.")
    assert all(m.actor_id != "NGA_MIL" for m in doc.actor_mentions if "group" in m.text)


# ------------------------------------------------------------------ distinct actors sharing words
def test_paramilitary_and_army_of_one_country_never_merge(resolve):
    doc = resolve(
        "The country's paramilitary Rapid Support Forces fought the country's army for a month near Kosti."
    )
    rsf = next(m for m in doc.actor_mentions if m.actor_id == "RSF_SDN")
    army = mention(doc, "the country's army")
    assert army.actor_id == "SDN_MIL" and "Rapid Support Forces" in army.reason
    assert "army" not in " ".join(actor(doc, "RSF_SDN").aliases)
    assert not any("Rapid" in a for a in actor(doc, "SDN_MIL").aliases)
    assert rsf.actor_id != army.actor_id


# ------------------------------------------------------------------ a capital: actor or place
def test_capital_as_speaker_is_the_government_and_after_in_a_place(resolve):
    doc = resolve("Moscow warned of retaliation. Envoys gathered in Moscow on Thursday.")
    acting = [m for m in doc.actor_mentions if m.text == "Moscow"]
    assert [(m.actor_id, m.start) for m in acting] == [("RUS_GOV", 0)]

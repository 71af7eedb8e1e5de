"""Actors of South Asia and Latin America (issue 12, the actor strings measure): the groups,
parties, cartels and news outlets of ``regions.yaml``; places that are not actors in
``actors resolve``; the document's state from a district or town the text names; a
parenthesised name that is no acronym stays a mention of its own. Sentences of our own."""

from datetime import date

import pytest
from actor_helpers import make_doc, mention

from marsad.actors.describe import any_place_country, complete, place_name


@pytest.fixture(scope="module")
def run(nlp, stage):
    return lambda text: stage(make_doc(nlp, text, date(2012, 5, 1)))


# ------------------------------------------------------------------ the regional dictionary
@pytest.mark.parametrize(
    "name, actor_id, country, sector",
    [
        ("CPI-Maoist", "CPI_MAOIST", "IND", "REB"),
        ("Communist Party of India (Maoist)", "CPI_MAOIST", "IND", "REB"),
        ("Garo National Liberation Army", "GNLA", "IND", "REB"),
        ("Balochistan Liberation Army", "BLA", "PAK", "REB"),
        ("Bharatiya Janata Party", "BJP", "IND", "PTY"),
        ("Vishwa Hindu Parishad", "VHP", "IND", "REL"),
        ("Press Trust of India", "PTI_NEWS", "IND", "JRN"),
        ("The Kathmandu Post", "KATHMANDU_POST", "NPL", "JRN"),
        ("Red Command", "COMANDO_VERMELHO", "BRA", "CRM"),
        ("Los Zetas", "ZETAS", "MEX", "CRM"),
        ("Ndrangheta", "NDRANGHETA", "ITA", "CRM"),
        ("FMLN", "FMLN", "SLV", "REB"),
        ("Sendero Luminoso", "SHINING_PATH", "PER", "REB"),
        ("Clarín", "CLARIN", "ARG", "JRN"),
        ("Otto Perez Molina", "OTTO_PEREZ_MOLINA", "GTM", "GOV"),
    ],
)
def test_regional_actors_are_in_the_dictionary(actor_kb, name, actor_id, country, sector):
    found = actor_kb.lookup(name)
    assert found is not None, name
    actor, _ = found
    assert (actor.id, actor.country, actor.sector) == (actor_id, country, sector)
    assert actor.source == "marsad:regions.yaml"


def test_a_common_word_outlet_name_matches_only_as_written(actor_kb):
    assert actor_kb.lookup("Dawn")[0].id == "DAWN_PAK"
    assert actor_kb.lookup("dawn") is None
    assert actor_kb.lookup("the news") is None
    assert actor_kb.lookup("the Hindu") is None  # "the Hindu community", not the newspaper
    assert actor_kb.lookup("The Hindu")[0].id == "THE_HINDU"


def test_regional_names_in_a_sentence(run):
    doc = run("Police said the Garo National Liberation Army extorted traders, reports The Shillong Times.")
    assert mention(doc, "the Garo National Liberation Army").actor_id == "GNLA"
    outlet = mention(doc, "The Shillong Times")
    assert (outlet.actor_id, outlet.country, outlet.sector) == ("SHILLONG_TIMES", "IND", "JRN")


# ------------------------------------------------------------------ the document's state from small places
def test_any_place_country_reads_districts(gazetteer, actor_kb):
    country = any_place_country(gazetteer, actor_kb)
    assert country("Sukma District") == "IND"  # a district, not a notable place
    assert country("Bajaur Agency") == "PAK"
    assert country("Putumayo") == "COL"
    assert country("Hyderabad") is None  # notable in India and in Pakistan


def test_a_generic_agent_takes_the_state_of_a_district(run):
    doc = run("Maoists torched three trucks engaged in road construction in Sukma District on Friday.")
    m = mention(doc, "Maoists")
    assert (m.country, m.sector) == ("IND", "REB")
    assert "the document's state IND" in m.reason


def test_a_parenthesised_name_that_is_no_acronym_stays_a_mention(run):
    doc = run("Cadres of the Communist Party of India-Maoist (CPI-Maoist) torched two trucks on Friday.")
    m = mention(doc, "CPI-Maoist")
    assert (m.actor_id, m.country) == ("CPI_MAOIST", "IND")


# ------------------------------------------------------------------ places are not actors in `actors resolve`
def test_place_name(gazetteer):
    known = place_name(gazetteer)
    assert known("Miram Shah") and known("Bajaur Agency") and known("Sukma")
    assert not known("Lobo")  # a one-word name must be a notable place or a division's own name
    assert known("Aleppo", strict=True) and not known("Sukma", strict=True)  # strict: notable only


def _unknown(text, kind):
    return {"text": text, "start": 0, "end": len(text), "id": f"unk:{text.lower()}", "name": text,
            "kind": kind, "sector": None, "country": None, "wikidata": None, "method": "ner",
            "reason": "not in the actor dictionary"}  # fmt: skip


def test_complete_drops_an_unknown_name_that_is_a_place(actor_kb):
    def is_place(name, strict=False):
        return name in ("Bajaur Agency", "Aleppo") or (name == "Moreno" and not strict)

    rows = complete("Bajaur Agency", [_unknown("Bajaur Agency", "organization")], actor_kb, is_place=is_place)
    assert rows == []
    # a person inside a longer query stays; a bare one-word "person" must be a notable place
    query = "Bajaur Agency elders"
    person = complete(query, [_unknown("Bajaur Agency", "person")], actor_kb, is_place=is_place)
    assert [r["id"] for r in person][:1] == ["unk:bajaur agency"]
    assert complete("Aleppo", [_unknown("Aleppo", "person")], actor_kb, is_place=is_place) == []
    kept = complete("Moreno", [_unknown("Moreno", "person")], actor_kb, is_place=is_place)
    assert [r["id"] for r in kept] == ["unk:moreno"]


# ------------------------------------------------------------------ the document's country for officials and local words
def test_an_unknown_official_takes_the_documents_state(run):
    doc = run(
        "Interior Minister Julio Alvarado said troops had been sent to Tegucigalpa and to San Pedro Sula."
    )
    m = mention(doc, "Interior Minister Julio Alvarado")
    assert (m.country, m.sector) == ("HND", "GOV")
    assert m.actor_id.startswith("unk:")  # his country, not a state organ's id
    assert "a title of state, no nationality: the document's state HND" in m.reason


def test_a_local_word_names_the_countrys_actor(actor_kb, run):
    assert actor_kb.local_actor("IND", "congress").id == "INC_IND"
    assert actor_kb.local_actor("USA", "congress") is None
    doc = run("Police said the congress and the BJP held rallies in Ahmedabad and Surat on Sunday.")
    m = mention(doc, "the congress")
    assert (m.actor_id, m.country, m.sector) == ("INC_IND", "IND", "PTY")
    us = run("The congress passed the budget after senators met in Washington, Chicago and Boston.")
    assert mention(us, "The congress").sector == "LEG"


def test_a_local_word_names_the_actor_only_while_it_exists(nlp, stage):
    text = "The Maoists torched three trucks in Dantewada district of Chhattisgarh."
    later = stage(make_doc(nlp, text, date(2012, 5, 1)))
    assert mention(later, "The Maoists").actor_id == "CPI_MAOIST"
    before = stage(make_doc(nlp, text, date(2001, 5, 1)))  # the CPI (Maoist) was founded in 2004
    assert (mention(before, "The Maoists").actor_id, mention(before, "The Maoists").sector) == (
        "IND_REB",
        "REB",
    )


def test_rangers_in_pakistan_are_the_pakistan_rangers(run):
    doc = run("A heavy contingent of Rangers reached the site in Karachi.")
    assert mention(doc, "Rangers").actor_id == "PAK_RANGERS"


def test_an_armed_agent_after_a_news_outlet_is_no_member_of_it(run):
    doc = run(
        "A woman was shot dead by militants at Drabgam in Pulwama District on March 3 reports "
        "Daily Excelsior Militants also fired upon a Police party at Tral"
    )
    assert mention(doc, "Daily Excelsior").actor_id == "DAILY_EXCELSIOR"
    assert mention(doc, "Militants").sector == "REB"


# ------------------------------------------------------------------ descriptions of armed and criminal groups
@pytest.mark.parametrize(
    "text, span, sector",
    [
        ("The governor said that criminal groups had attacked two buses.", "criminal groups", "CRM"),
        (
            "Agents dismantled an arms trafficking ring that shipped rifles south.",
            "an arms trafficking ring",
            "CRM",
        ),
        ("The drug lords ordered the killing of a judge.", "The drug lords", "CRM"),
        (
            "Police arrested members of a drug trafficking organization on Monday.",
            "a drug trafficking organization",
            "CRM",
        ),
        ("Extortionists burned a bus on the highway.", "Extortionists", "CRM"),
        ("A police party was attacked by miscreants near the village.", "miscreants", "UAF"),
        ("Unidentified persons shot dead a trader near the market.", "Unidentified persons", "UAF"),
        ("The mayor blamed the paramilitary groups for the massacre.", "the paramilitary groups", "UAF"),
        ("Troops clashed with subversive elements near the border.", "subversive elements", "REB"),
        ("The terror outfit claimed the attack on the camp.", "The terror outfit", "REB"),
        ("Guerrilla forces attacked the garrison at dawn.", "Guerrilla forces", "REB"),
        ("Two SFs were injured in the blast.", "Two SFs", "MIL"),
        ("Law enforcement agencies raided the warehouse.", "Law enforcement agencies", "COP"),
    ],
)
def test_descriptions_of_groups_are_generic_agents(run, text, span, sector):
    m = mention(run(text), span)
    assert m.sector == sector and m.actor_id.endswith(sector)
    assert "generic agent" in m.reason


# ------------------------------------------------------------------ text in lower case in `actors resolve`
def test_in_lower_case():
    from marsad.nlp.truecase import in_lower_case

    assert in_lower_case(
        "police said members of the vhp clashed with rioters in ahmedabad on thursday night."
    )
    assert not in_lower_case(
        "Police said members of the VHP clashed with rioters in Ahmedabad on Thursday night."
    )
    assert not in_lower_case("vhp workers")  # too short to judge


def test_resolve_reads_lower_case_text_through_its_truecased_copy():
    from marsad.actors.lookup import TextResolver

    text = "police said members of the vhp clashed with rioters in ahmedabad and vadodara on thursday."
    rows = TextResolver()(text)
    vhp = next(r for r in rows if r["id"] == "VHP")
    assert (vhp["text"], vhp["country"], vhp["sector"]) == ("the vhp", "IND", "REL")  # the query's own text
    assert all(r["text"] == text[r["start"] : r["end"]] for r in rows)

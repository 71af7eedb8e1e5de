"""Memberships and leadership that the title patterns alone missed: persons named for the
members of a body ("two policemen, identified as X and Y"), a copula with a named subject, a
mention that holds the role ("X the chief of al Qaeda"), a title inside a person's mention, a
verb of leading, a head of state and the state the sentence names, and organisations the
entity recogniser did not read ("the Alberta Liquor Store Association")."""

import pytest


@pytest.fixture(scope="module")
def resolve(pipeline):
    return lambda text: pipeline.process(text, date="2017-03-01")


def roles_of(doc):
    return {(a.name, r["role"], r["leads"], r["organization"]) for a in doc.actors for r in a.roles}


def test_persons_named_for_the_members_of_a_body_are_members_of_it(resolve):
    doc = resolve(
        "Two traffic Police Officers, identified as Shakeel Ahmad and Muhammad Kamran, were shot dead."
    )
    found = {(name, org) for name, role, _, org in roles_of(doc) if role == "member"}
    assert {name for name, _ in found} == {"Shakeel Ahmad", "Muhammad Kamran"}
    assert all(org.endswith("COP") for _, org in found)


def test_a_role_noun_is_no_body_of_members(resolve):
    doc = resolve("Police arrested its maximum leader, Miguel Angel Trevino, in July.")
    assert roles_of(doc) == set()


def test_civilians_are_no_body_one_is_a_member_of(resolve):
    doc = resolve("Two villagers, identified as Ram Lal and Shyam Lal, were killed by militants.")
    assert roles_of(doc) == set()


def test_a_named_subject_of_a_copula(resolve):
    doc = resolve("Gilda Flores was an active member of the Democratic Socialist Party of Guatemala.")
    [(name, role, leads, org)] = roles_of(doc)
    assert (name, role, leads) == ("Gilda Flores", "member", False)
    assert "democratic socialist party" in org.lower()


def test_a_role_before_an_organisation_with_no_comma(resolve):
    doc = resolve("Four militants including Mullah Akbar Swati the chief of al Qaeda were killed by police.")
    assert ("Mullah Akbar Swati", "leader", True, "AL_QAEDA") in roles_of(doc)


def test_a_title_inside_the_mention_of_a_person(resolve):
    doc = resolve("A Border Security Force BSF Assistant Commandant Gajender Singh was killed in Kanker.")
    [(_, role, leads, org)] = roles_of(doc)
    assert (role, leads, org) == ("officer", False, "IND_BSF")


@pytest.mark.parametrize(
    "text",
    [
        "The ELN is led by Manuel Perez, a former priest.",
        "Julio Ramirez heads the Gulf Cartel in Tamaulipas.",
    ],
)
def test_a_verb_of_leading(resolve, text):
    assert any(role == "leader" and leads for _, role, leads, _ in roles_of(resolve(text)))


def test_a_head_of_state_leads_the_state_the_sentence_names(resolve):
    doc = resolve(
        "Mexico has seen an uptick in kidnappings, despite promises by President Enrique Pena Nieto."
    )
    assert any(role == "president" and leads and org == "MEX" for _, role, leads, org in roles_of(doc))
    assert ("leads", "MEX") in {(r.type, r.target) for r in doc.relations}


def test_a_head_of_state_visiting_another_state_leads_none_of_it(resolve):
    doc = resolve("President Barack Obama arrived in Mexico on Monday.")
    assert not [r for r in doc.relations if r.type == "leads" and r.target == "MEX"]


def test_an_organisation_the_recogniser_read_as_a_place(resolve):
    doc = resolve(
        '"Our members comply," said Ivonne Martinez, president of the Alberta Liquor Store Association.'
    )
    [(name, role, leads, org)] = roles_of(doc)
    assert (name, role, leads, org) == (
        "Ivonne Martinez",
        "president",
        True,
        "unk:alberta liquor store association",
    )


def test_a_division_of_a_state_is_no_organisation(resolve):
    doc = resolve("Militants attacked a check post in Kurram Agency on Monday.")
    assert [m.text for m in doc.actor_mentions] == ["Militants"]


def test_a_headline_in_title_case_names_no_organisation(resolve):
    doc = resolve("US Treasury Targets Zetas Financial Network")
    assert "Zetas Financial Network" not in {m.text for m in doc.actor_mentions}


def test_the_role_of_an_organisation_before_the_name(resolve):
    doc = resolve(
        "Ten were detained, including the former leader of the Juarez Cartel, Vicente Carrillo Fuentes."
    )
    [role] = [r for a in doc.actors for r in a.roles]
    assert (role["role"], role["organization"], role["status"]) == ("leader", "JUAREZ_CARTEL", "former")
    assert ("formerly_member_of", "JUAREZ_CARTEL") in {(r.type, r.target) for r in doc.relations}


def test_names_beside_an_agent_noun_of_a_named_body(resolve):
    doc = resolve("Two CRPF jawans, Ram Singh and Mohan Lal, were killed in Sukma.")
    assert {(name, org) for name, role, _, org in roles_of(doc)} == {
        ("Ram Singh", "IND_CRPF"),
        ("Mohan Lal", "IND_CRPF"),
    }


def test_a_name_beside_a_group_s_name_is_no_member_by_that_alone(resolve):
    doc = resolve("Police met the Gulf Cartel, Juan Perez said on Monday.")
    assert not [r for r in roles_of(doc) if r[1] == "member"]


def test_a_mention_holding_the_title_of_a_head_of_state(resolve):
    doc = resolve("A week later the president of Uruguay, Jose Mujica, blamed the opposition.")
    assert any(role == "president" and leads and org == "URY_GOV" for _, role, leads, org in roles_of(doc))


def test_a_verb_in_capitals_is_no_acronym_of_a_group(resolve):
    """ "IS" the verb in a text in capitals (MUC-4's reports) is no Islamic State."""
    doc = resolve("THE ARMY IS CONDUCTING AN OPERATION IN MORAZAN.")
    assert "ISIS" not in {m.actor_id for m in doc.actor_mentions}
    assert "ISIS" in {m.actor_id for m in resolve("IS claimed the attack in Mosul.").actor_mentions}

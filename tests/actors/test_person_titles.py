"""Roles from chains of titles and from appositions that the knowledge base's role nouns alone
miss: ranks and officials' titles between an organisation and a name, "a spokesperson for X's
police", "former minister and current secretary general of X", a deputy who does not lead."""

import pytest


@pytest.fixture(scope="module")
def resolve(pipeline):
    return lambda text: pipeline.process(text, date="2017-03-01")


def roles_of(doc):
    return [(a.name, r["role"], r["leads"], r["organization"]) for a in doc.actors for r in a.roles]


def test_a_chain_of_titles_between_organisation_and_name(resolve):
    doc = resolve("Road Policing Command Acting Assistant Commissioner Michael Keating said three died.")
    [(name, role, leads, org)] = roles_of(doc)
    assert name == "Michael Keating" and org == "unk:road policing command"
    assert role == "officer" and not leads  # an assistant commissioner, not the head


def test_the_title_nearest_the_organisation_is_the_role(resolve):
    doc = resolve("Hezbollah deputy chairman Naim Qassem spoke on Sunday.")
    assert [(r[1], r[2], r[3]) for r in roles_of(doc)] == [("deputy leader", False, "HEZBOLLAH")]


def test_an_apposition_naming_the_organisation_after_a_possessive(resolve):
    doc = resolve("Ivan Blaz, a spokesperson for Rio's military police, told O Globo.")
    [(name, role, _, org)] = roles_of(doc)
    assert name == "Ivan Blaz" and role == "spokesman" and org.endswith("COP")


def test_the_current_role_of_a_former_minister(resolve):
    doc = resolve(
        "Father Chemita accused Alfonso Cabrera, former foreign minister and current secretary general "
        "of the ruling Christian Democratic Party, of ordering the killing."
    )
    cabrera = [r for r in roles_of(doc) if r[0] == "Alfonso Cabrera"]
    assert cabrera == [("Alfonso Cabrera", "leader", True, "unk:christian democratic party")]
    assert all(r["status"] == "current" for a in doc.actors for r in a.roles)


def test_a_rank_without_an_organisation_gives_no_role(resolve):
    doc = resolve("Lt. John Smith said the road was closed.")
    assert roles_of(doc) == []


def relations_of(doc):
    names = {a.id: a.name for a in doc.actors}
    return {(r.type, names.get(r.source), names.get(r.target)) for r in doc.relations}


def test_a_state_named_before_a_title_gives_its_government(resolve):
    doc = resolve("Peruvian President Ollanta Humala visited the mine on Tuesday.")
    [(name, role, leads, org)] = roles_of(doc)
    assert (role, leads, org) == ("president", True, "PER_GOV")
    government = next(a for a in doc.actors if a.id == "PER_GOV")
    # named only inside the person's title: its mention is nested there
    assert [m.text for m in government.mentions] == ["Peruvian"]
    assert ("leads", name, government.name) in relations_of(doc)


def test_an_agent_noun_in_a_title_is_the_organisation(resolve):
    doc = resolve("An army spokesman, Major Carlos Mena, said two soldiers were wounded near the border.")
    [(name, role, leads, org)] = roles_of(doc)
    assert name == "Carlos Mena" and role == "spokesman" and not leads and org.endswith("MIL")


def test_a_mention_ending_on_a_role_in_apposition(resolve):
    doc = resolve("Juan Orlando Hernandez, the Honduran president, met the envoy in Tegucigalpa.")
    assert [(r[1], r[2], r[3]) for r in roles_of(doc)] == [("president", True, "HND_GOV")]


def test_a_bare_title_names_no_state(resolve):
    doc = resolve("Juan Orlando Hernandez, the president, met the envoy.")
    assert roles_of(doc) == []


def test_an_abbreviated_rank_does_not_end_the_sentence(resolve):
    doc = resolve("Nobody else was hurt, said Toronto police Const. Priya Raman.")
    assert [s.text for s in doc.spacy_doc.sents] == [doc.text]
    [(name, role, _, org)] = roles_of(doc)
    assert name == "Priya Raman" and role == "officer" and org.endswith("COP")


def test_a_portfolio_title_after_a_states_possessive(resolve):
    doc = resolve("Peru's Interior Secretary Carlos Basombrio said the plan would start in June.")
    [(name, role, leads, org)] = roles_of(doc)
    assert (name, role, leads, org) == ("Carlos Basombrio", "minister", False, "PER_GOV")


def test_a_person_takes_the_sector_of_the_body_a_role_ties_them_to(resolve):
    doc = resolve(
        "Colombian authorities detained Nicolas Gonzalez Cardona, a pilot for the Medellin Cartel, in Bogota."
    )
    person = next(a for a in doc.actors if a.kind == "person")
    assert (person.sector, person.country) == ("CRM", "COL")
    assert "MEDELLIN_CARTEL" in person.reason

"""People and bodies no dictionary knows (issue 12, item 2): the document's state as their
country, the sector of an apposition or of the agent a role noun follows, civil titles, and
the classifier words before an unknown name. Sentences of our own."""

from datetime import date

import pytest
from actor_helpers import make_doc, mention

from marsad.actors.describe import complete, describe


@pytest.fixture(scope="module")
def run(nlp, stage):
    return lambda text: stage(make_doc(nlp, text, date(2024, 5, 1)))


def person(doc, name):
    return next(m for m in doc.actor_mentions if name in m.text and m.kind == "person")


def test_an_unknown_person_takes_the_documents_state(run):
    doc = run(
        "Honduran soldiers patrolled the streets of the capital. Ramon Estrada Cruz said the soldiers left."
    )
    m = person(doc, "Ramon Estrada Cruz")
    assert (m.actor_id, m.country) == ("unk:ramon estrada cruz", "HND")
    assert "not known, no nationality: the document's state HND" in m.reason
    assert next(a for a in doc.actors if a.id == m.actor_id).country == "HND"


def test_no_documents_state_leaves_an_unknown_person_without_country(run):
    doc = run("Turkish and Syrian officials met. Ramon Estrada Cruz said the talks failed.")
    assert person(doc, "Ramon Estrada Cruz").country is None


def test_an_apposition_gives_an_unknown_person_a_sector(run):
    doc = run("Ramon Estrada Cruz, a judge in the capital, ordered the release of the Honduran soldiers.")
    m = person(doc, "Ramon Estrada Cruz")
    assert (m.sector, m.country) == ("JUD", "HND")
    assert "in apposition 'a judge'" in m.reason
    doc = run("Ramon Estrada Cruz, head of the chamber of commerce, said that Honduran police came late.")
    assert person(doc, "Ramon Estrada Cruz").sector == "BUS"


def test_names_in_apposition_to_an_agent_take_its_sector(run):
    doc = run(
        "Maoists abducted two school teachers, Ram Kumar Das and Shyam Lal Verma, from a village in Odisha."
    )
    for name in ("Ram Kumar Das", "Shyam Lal Verma"):
        m = person(doc, name)
        assert (m.sector, m.country) == ("EDU", "IND")
        assert "the agent 'teachers' (EDU)" in m.reason


@pytest.mark.parametrize(
    "text",
    [
        "Two Policemen, identified as Zafarullah and Hilal, were injured when militants opened fire in Quetta.",
        "The slain policemen were identified as Zafarullah and Hilal by officials in Quetta.",
    ],
)
def test_names_given_to_an_agent_by_identified_as_take_its_sector(run, text):
    doc = run(text)
    for name in ("Zafarullah", "Hilal"):
        m = person(doc, name)
        assert m.sector == "COP"
        assert "(COP)" in m.reason


@pytest.mark.parametrize(
    ("text", "name", "sector"),
    [
        (
            "The killing follows that of Magistrate Carlos Valencia Garcia in Bogota.",
            "Carlos Valencia Garcia",
            "JUD",
        ),
        ("Spc. Isiah L. Booker, of Cibolo, Texas, died on Sunday.", "Isiah L. Booker", "MIL"),
    ],
)
def test_titles_of_magistrates_and_army_ranks_give_the_sector(run, text, name, sector):
    assert person(run(text), name).sector == sector


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("Gunmen shot dead his nephew near the market.", "nephew"),
        ("A farmer was killed by unidentified persons.", "A farmer"),
        ("The victim was taken to hospital.", "The victim"),
    ],
)
def test_relatives_and_single_victims_are_civilians(run, text, phrase):
    assert mention(run(text), phrase).sector == "CVL"


def test_a_copula_says_what_a_person_is_and_every_mention_of_them_is_so(run):
    doc = run(
        "In many cases Acioli ruled against the police. "
        "Acioli was reportedly the only judge in her district who would handle homicide cases."
    )
    first, second = [m for m in doc.actor_mentions if m.text == "Acioli"]
    assert (first.sector, second.sector) == ("JUD", "JUD")
    assert "as the copula says 'the only judge'" in second.reason
    assert "the sector another mention of the same person gives" in first.reason
    assert mention(doc, "the police").sector == "COP"  # the sentence's end is no title of the name


def test_a_security_official_is_of_the_security_forces(run):
    assert (
        mention(run("A security official was killed in a landmine explosion."), "A security official").sector
        == "MIL"
    )


def test_the_organisation_decides_for_a_member_of_it(actor_kb):
    assert describe("a member of parliament", actor_kb).sector == "LEG"
    assert describe("a cadre of the armed group", actor_kb).sector == "REB"


def test_an_apposition_with_no_agent_word_gives_nothing(run):
    doc = run("Ramon Estrada Cruz, a taxi driver, was shot by Honduran police.")
    assert person(doc, "Ramon Estrada Cruz").sector is None


@pytest.mark.parametrize(
    ("text", "phrase", "sector"),
    [
        ("The gang leader was arrested on Monday.", "The gang leader", "CRM"),
        ("The police chief said the attack was planned.", "The police chief", "COP"),
        ("A militia commander fled across the river.", "A militia commander", "UAF"),
        ("An army spokesman denied the report.", "An army spokesman", "MIL"),
        ("Union leaders called a strike.", "Union leaders", "LAB"),
    ],
)
def test_a_role_noun_after_an_agent_is_a_person_of_that_agent(run, text, phrase, sector):
    assert mention(run(text), phrase).sector == sector


def test_a_role_title_of_a_non_state_agent_codes_the_person(run):
    doc = run("The gang leader Ramon Estrada was arrested in Tegucigalpa.")
    m = person(doc, "Ramon Estrada")
    assert m.text == "The gang leader Ramon Estrada" and (m.sector, m.country) == ("CRM", "HND")


def test_a_district_officer_is_a_civil_administrator(run):
    doc = run("Chief District Officer Ram Bahadur Thapa said the Nepali police had arrested two men.")
    m = person(doc, "Ram Bahadur Thapa")
    assert (m.sector, m.country) == ("GOV", "NPL")


def test_classifier_words_before_an_unknown_name(run):
    doc = run(
        "According to a police report viewed by Chilean newspaper El Mercurio Austral, the shipments left."
    )
    m = next(m for m in doc.actor_mentions if "Mercurio" in m.text)
    assert (m.country, m.sector, m.method) == ("CHL", "JRN", "description")
    assert m.text == "Chilean newspaper El Mercurio Austral"


def test_actors_resolve_keeps_the_documents_state_of_a_description(actor_kb):
    rows = [
        {
            "text": "Corporacion Andina Corporation",
            "start": 0,
            "end": 30,
            "id": "unk:corporacion andina corporation",
            "kind": "organization",
            "sector": None,
            "country": "COL",
            "method": "ner",
            "reason": "not known, no nationality: the document's state COL (3 of 3 country cues)",
        }
    ]
    row = complete("Corporacion Andina Corporation said so.", rows, actor_kb, clause=True)[0]
    assert (row["sector"], row["country"]) == ("BUS", "COL")
    assert "the document's state COL" in row["reason"]

"""Relations from coded events between two resolved actors (conflict types → hostile,
cooperation types → ally), the "to defeat/degrade/counter X" cue, and negation. The whole
pipeline codes the sentences (written for the tests), since the events are the input here."""

import pytest


@pytest.fixture(scope="module")
def code(pipeline):
    return lambda text: pipeline.process(text, date="2016-03-01")


def pairs(doc, rel_type):
    return {frozenset((r.source, r.target)) for r in doc.relations if r.type == rel_type}


@pytest.mark.parametrize(
    "text, a, b",
    [
        # verbs the text cues do not read (those read "threatened", "accused": test_relation_cues)
        ("Iran warned Israel of missile strikes.", "IRN", "ISR"),  # THREATEN
        ("Turkey charged the PKK with bombing a police station.", "TUR", "PKK"),  # ACCUSE
    ],
)
def test_conflict_events_give_hostile_relations(code, text, a, b):
    doc = code(text)
    assert frozenset((a, b)) in pairs(doc, "hostile")
    rel = next(r for r in doc.relations if r.type == "hostile" and {r.source, r.target} == {a, b})
    assert "event" in rel.reason


def test_aid_event_gives_an_ally_relation(code):
    doc = code("The United States sent humanitarian aid to Jordan.")
    assert frozenset(("USA", "JOR")) in pairs(doc, "ally")


def test_violence_against_civilians_is_hostility_of_the_named_actor(code):
    doc = code("ISIS gunmen killed 20 civilians in Mosul.")
    assert any(
        "ISIS" in p and any(x.startswith("gen:") or x.endswith("_CVL") for x in p)
        for p in pairs(doc, "hostile")
    )


def test_what_was_agreed_on_is_no_partner(code):
    doc = code("Iran agreed to fight ISIS.")
    assert frozenset(("IRN", "ISIS")) not in pairs(doc, "ally")


def test_a_meeting_of_two_officials_is_no_alliance(code):
    doc = code("Jordanian Prime Minister Bisher Khasawneh met Iraqi President Barham Salih in Amman.")
    assert not pairs(doc, "ally")


def test_defeat_cue_is_hostile(code):
    doc = code("Iraqi forces and the Peshmerga vowed to defeat ISIS.")
    assert frozenset(("PESHMERGA", "ISIS")) in pairs(doc, "hostile")


def test_negated_hostile_verb_is_no_relation(code):
    doc = code("Iran did not attack Israel.")
    assert frozenset(("IRN", "ISR")) not in pairs(doc, "hostile")


def test_an_accused_backing_is_an_alleged_alliance(code):
    doc = code("Rwanda accused Uganda of backing the Taliban.")
    allies = [r for r in doc.relations if r.type == "ally"]
    assert [(r.source, r.target, r.certainty) for r in allies] == [("UGA", "TALIBAN", "hedged")]
    assert allies[0].reason.startswith("alleged")


def test_government_regaining_a_town_controls_it(code):
    doc = code("Syrian government forces retook the town of Palmyra from ISIS on Sunday.")
    claims = {(t.place.text, t.claim) for t in doc.territory}
    assert ("Palmyra", "seized") in claims
    assert not any(t.actor == "ISIS" for t in doc.territory)

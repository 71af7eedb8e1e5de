"""The left side of a relation cue is the agent of its clause (subject through infinitives,
conjoined subjects, the antecedent of "who", object control), with the nearest party before
the cue as fallback; event relations the same passage contradicts are dropped (sentences
written for the tests)."""

import pytest
from relation_helpers import pairs


@pytest.mark.parametrize(
    "text, a, b",
    [
        # a fronted "in support of": the agent comes after the cue
        (
            "In support of the Peshmerga, Hezbollah sent fighters to the front.",
            "HEZBOLLAH",
            "PESHMERGA",
        ),
        # a participle names its noun as the agent
        ("Analysts described Houthi fighters firing on Saudi forces.", "HOUTHIS", "SAU_MIL"),
    ],
)
def test_agent_of_the_clause(code, text, a, b):
    doc = code(text)
    kinds = {r.type for r in doc.relations if frozenset((r.source, r.target)) == frozenset((a, b))}
    assert kinds & {"hostile", "ally"}, [(r.source, r.target, r.type) for r in doc.relations]


def test_the_subject_not_the_nearest_party(code):
    doc = code("Hezbollah, after talks with the Peshmerga, launched raids against Jabhat al-Nusra.")
    hostile = pairs(doc, "hostile")
    assert frozenset(("HEZBOLLAH", "NUSRA")) in hostile
    assert frozenset(("PESHMERGA", "NUSRA")) not in hostile


def test_coordinated_subjects_are_both_sides(code):
    doc = code("Hezbollah and the Peshmerga are waging a long war against Jabhat al-Nusra.")
    assert {frozenset(("HEZBOLLAH", "NUSRA")), frozenset(("PESHMERGA", "NUSRA"))} <= pairs(doc, "hostile")


def test_no_agent_no_relation(code):
    """The subject is no actor: the nearest party before the cue is not taken instead."""
    doc = code("After the talks with Hezbollah, the new strategy will degrade Jabhat al-Nusra.")
    assert frozenset(("HEZBOLLAH", "NUSRA")) not in pairs(doc, "hostile")


def test_the_helper_and_the_helped_fight_the_enemy(code):
    doc = code("The US-led coalition is assisting the Peshmerga to defeat ISIS.")
    hostile = pairs(doc, "hostile")
    assert frozenset(("PESHMERGA", "ISIS")) in hostile
    assert frozenset(("US_COALITION", "ISIS")) in hostile


def test_the_supported_side_is_hostile_to_the_target(code):
    doc = code("The US-led coalition conducted six strikes against ISIS in support of the Peshmerga.")
    inferred = [
        r for r in doc.relations if frozenset((r.source, r.target)) == frozenset(("PESHMERGA", "ISIS"))
    ]
    assert [(r.type, r.certainty) for r in inferred] == [("hostile", "inferred")]


def test_supporting_an_operation_is_no_alliance(code):
    doc = code("Peshmerga units supporting Operation Inherent Resolve arrived on Monday.")
    assert not [r for r in doc.relations if r.type == "ally"]


@pytest.mark.parametrize(
    "text, a, b, rel_type",
    [
        ("Ahrar al-Sham and its allies Jabhat al-Nusra took the town.", "AHRAR_AL_SHAM", "NUSRA", "ally"),
        ("Ahrar al-Sham stood by its closest ally, Jabhat al-Nusra.", "AHRAR_AL_SHAM", "NUSRA", "ally"),
        (
            "Hezbollah, the sworn enemy of Jabhat al-Nusra, sent more fighters.",
            "HEZBOLLAH",
            "NUSRA",
            "hostile",
        ),
    ],
)
def test_nominal_cues(code, text, a, b, rel_type):
    assert frozenset((a, b)) in pairs(code(text), rel_type)


@pytest.mark.parametrize(
    "text",
    [
        "Iran called on Hezbollah to fight ISIS in the north.",
        "Iran gave rifles to Hezbollah to fight ISIS in the north.",
        "Iran urged Hezbollah to fight ISIS in the north.",
    ],
)
def test_the_object_of_the_governing_verb_does_the_fighting(code, text):
    hostile = pairs(code(text), "hostile")
    assert frozenset(("HEZBOLLAH", "ISIS")) in hostile
    assert frozenset(("IRN", "ISIS")) not in hostile


def test_an_unresolved_pronoun_points_back_to_the_party_before(code):
    doc = code("Hezbollah claimed that they had attacked Jabhat al-Nusra near the border.")
    assert frozenset(("HEZBOLLAH", "NUSRA")) in pairs(doc, "hostile")

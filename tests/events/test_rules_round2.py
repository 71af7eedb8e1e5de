"""Rules added in round 2: coordination vs. anaphor merging, verbal events' places and
coreference, background nominals, scoped operation names, ACLED context rules, the widened
CAMEO lexicon. Sentences are made up for the purpose."""

from __future__ import annotations

import pytest


def _types(doc):
    return [e.type for e in doc.events]


def _main(doc):
    assert doc.events, "no event coded"
    return doc.events[0]


def test_coordinated_places_survive_an_anaphor(code):
    doc = code(
        "ISIS launched a series of invasions last week. "
        "Those invasions targeted the cities of Samarra and Mosul."
    )
    assaults = [e for e in doc.events if e.type == "ASSAULT"]
    assert sorted(e.location.name for e in assaults if e.location) == ["Mosul", "Samarra"]
    assert all([m.actor_id for m in e.actors] == ["ISIS"] for e in assaults)


def test_verbal_event_takes_no_fallback_place(code):
    doc = code("Clashes broke out in Mosul. Qahtani apologized to civilians.")
    support = next(e for e in doc.events if e.type == "SUPPORT")
    assert support.location is None


def test_verbal_event_keeps_a_place_in_its_own_clause(code):
    doc = code("HTS and the Syrian army signed a truce in Idlib.")
    ev = next(e for e in doc.events if e.type in ("AGREE", "SUPPORT"))  # signing: SUPPORT (round 3)
    assert ev.location is not None and ev.location.name == "Idlib"


def test_same_actor_apologies_are_one_event_with_two_recipients(code):
    doc = code("Qahtani issued a statement apologizing to civilians. He also apologized to Ansar al-Islam.")
    support = [e for e in doc.events if e.type == "SUPPORT"]
    assert len(support) == 1
    assert {m.actor_id for m in support[0].recipients} == {"CIVILIANS", "ANSAR"}
    assert support[0].extra_evidence


def test_background_nominal_in_adverbial_phrase_is_not_coded(code):
    doc = code("After months of fighting on several fronts, ISIS launched an attack on Mosul.")
    triggers = [doc.text[e.trigger.start : e.trigger.end] for e in doc.events]
    assert "fighting" not in triggers and "attack" in " ".join(triggers)


def test_nominal_with_its_own_actor_in_adverbial_phrase_is_coded(code):
    doc = code("During clashes between the Syrian army and HTS in Idlib, ISIS attacked Aleppo.")
    assert len([e for e in doc.events if e.type == "ASSAULT"]) == 2


def test_operation_name_goes_to_the_event_it_modifies(code):
    doc = code(
        "The Syrian army repelled the attack, but ISIS launched a series of attacks on Aleppo "
        "it called “Spring Storm.”"
    )
    by_actor = {m.actor_id: e for e in doc.events for m in e.actors}
    assert by_actor["ISIS"].attributes.get("operation") == "Spring Storm"
    assert all("operation" not in e.attributes for e in doc.events if e is not by_actor["ISIS"])


@pytest.mark.parametrize(
    ("text", "sub"),
    [
        ("Gunmen hurled a grenade at a market in Kabul.", "Grenade"),
        ("The Taliban claimed responsibility for the bombing in Kabul.", "Claim of responsibility"),
        ("Police opened fire on protesters in Kabul, killing 3.", "Excessive force against protesters"),
        ("Protesters burned a police station in Kabul.", "Violent demonstration"),
        ("A mob lynched a man accused of theft in Kabul.", "Mob violence"),
        ("An earthquake struck Kabul, killing 20 people.", "Natural disaster"),
        ("An accidental explosion at a fuel depot in Gao killed 4 workers.", "Man-made disaster"),
        ("Police seized cocaine from smugglers in Gao.", "Organized crime"),
        ("A woman was raped by gunmen in Gao.", "Sexual violence"),
        ("The Syrian army recaptured Kafr Nabl from HTS.", "Government regains territory"),
        ("The army imposed a curfew in Gao.", "Other"),
    ],
)
def test_acled_context_rules(code, text, sub):
    assert _main(code(text)).acled_sub_event_type == sub


def test_group_formed_is_a_change_to_group(code):
    ev = _main(code("Several rebel factions formed a new alliance in Idlib."))
    assert ev.acled_sub_event_type == "Change to group/activity"


def test_condemned_attack_is_an_accusation(code):
    doc = code("The government condemned an attack by gunmen in Gao.")
    assert _types(doc)[0] == "ACCUSE" and "ASSAULT" not in _types(doc)


def test_fire_needs_a_target(code):
    assert "ASSAULT" not in _types(code("The president fired the minister of defence on Monday."))
    assert (
        _main(code("HTS fired rockets at Aleppo.")).acled_sub_event_type
        == "Shelling/artillery/missile attack"
    )


@pytest.mark.parametrize(
    ("text", "plover"),
    [
        ("Arnor restored full diplomatic ties with Gondor.", "COOPERATE"),
        ("The minister urged Gondor to release the prisoners.", "REQUEST"),
        ("Gondor threatened Arnor with sanctions.", "THREATEN"),
        ("Arnor rejected the proposal from Gondor.", "REJECT"),
        ("The president praised Gondor for its help.", "SUPPORT"),
        ("Arnor accused Gondor of spying.", "ACCUSE"),
        ("Gondor deployed troops along the border with Arnor.", "MOBILIZE"),
        ("Arnor suspended aid to Gondor.", "SANCTION"),
        ("Arnor sent humanitarian aid to Gondor.", "AID"),
    ],
)
def test_cameo_verb_classes(code, plover, text):
    assert _main(code(text)).type == plover

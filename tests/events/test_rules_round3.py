"""Rules added in round 3: speech-act framing (the statement is the event, its complement the
content), intentions/obligations/refusals, root-clause salience, quad classes, dates that are
not sides, NER names as sides, easing verbs, projectile objects. Sentences are made up."""

from __future__ import annotations

import pytest

from marsad.events.quad import quad_class


def _main(doc):
    assert doc.events, "no event coded"
    return doc.events[0]


def _types(doc):
    return [e.type for e in doc.events]


def _ids(mentions):
    return {m.actor_id or m.text for m in mentions}


# ---------------------------------------------------------------- framing: complements
def test_threat_absorbs_the_threatened_attack(code):
    doc = code("The Taliban threatened to attack Kabul if the talks failed.")
    ev = _main(doc)
    assert ev.type == "THREATEN" and ev.mode == "violence"
    assert "ASSAULT" not in _types(doc)
    assert _ids(ev.actors) == {"TALIBAN"}


def test_demand_that_clause_is_the_request_content(code):
    doc = code("The Syrian army demanded that HTS release the prisoners.")
    ev = _main(doc)
    assert ev.type == "REQUEST" and ev.mode == "yield"
    assert "RETREAT" not in _types(doc)


def test_coordinated_content_verbs_share_the_host(code):
    doc = code("The Taliban threatened to shell Kabul and attack its airport.")
    assert _types(doc) == ["THREATEN"]


def test_vow_to_fight_is_a_threat(code):
    ev = _main(code("al-Shabaab vowed to attack Mogadishu again."))
    assert ev.type == "THREATEN" and ev.mode == "violence"


def test_condemned_attack_and_its_relative_clause_are_content(code):
    doc = code("The Syrian army condemned the attack on a church in Aleppo that killed nine civilians.")
    assert _types(doc) == ["ACCUSE"]


def test_relative_clause_of_an_ordinary_noun_is_its_own_event(code):
    doc = code("Police arrested the gunmen who attacked the village of Kiboko.")
    assault = next(e for e in doc.events if e.type == "ASSAULT")
    assert _ids(assault.actors) == {"GUNMEN"}
    assert _main(doc).type == "COERCE"


# ---------------------------------------------------------------- framing: intentions
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Norway will send medical aid to Yemen next month.", "AGREE"),
        ("The Syrian army said it would withdraw its soldiers from Idlib.", "AGREE"),
        ("HTS is willing to withdraw its fighters from Aleppo.", "AGREE"),
        ("The Taliban said they will release the prisoners on Friday.", "AGREE"),
        ("Kenya will withdraw its troops from Somalia unless al-Shabaab accepts the talks.", "THREATEN"),
        ("Police will impose a curfew on Gao from Monday.", "THREATEN"),
        ("The Taliban will not accept the ceasefire proposal.", "REJECT"),
        ("HTS and the Syrian army failed to reach an agreement on Idlib.", "REJECT"),
    ],
)
def test_intentions_and_refusals_code_the_statement(code, text, expected):
    ev = _main(code(text))
    assert ev.type == expected, (text, ev.type, ev.reason)
    assert "future" not in ev.context


def test_threatened_curfew_takes_the_restrict_mode(code):
    ev = _main(code("Police will impose a curfew on Gao from Monday."))
    assert ev.mode == "restrict"


def test_obligation_is_a_request_by_the_speaker(code):
    ev = _main(code("The Taliban said that the police must release the prisoners."))
    assert ev.type == "REQUEST"
    assert _ids(ev.actors) == {"TALIBAN"}
    assert _ids(ev.recipients) == {"POLICE"}


def test_a_factual_event_is_not_reframed(code):
    ev = _main(code("Houthi forces shelled a village in Hays district, killing 2 civilians."))
    assert ev.type == "ASSAULT" and ev.attributes["modality"] == "factual"


def test_root_verb_in_a_hypothetical_word_list_stays_factual(code):
    ev = _main(code("Human rights groups demanded the release of the journalists."))
    assert ev.type == "REQUEST" and ev.attributes["modality"] == "factual"


# ---------------------------------------------------------------- salience: the root clause
def test_root_clause_event_outranks_a_subordinate_attack(code):
    doc = code("Kenya restored diplomatic ties with Somalia two years after rioters burned its embassy.")
    assert _main(doc).type == "COOPERATE"
    assert "ASSAULT" in _types(doc) or "PROTEST" in _types(doc)


def test_reporting_verb_is_not_a_clause_of_its_own(code):
    doc = code("Officials said the Syrian army attacked Idlib after HTS rejected the truce.")
    assert _main(doc).type == "ASSAULT"


# ---------------------------------------------------------------- quad classes
@pytest.mark.parametrize(
    ("text", "quad"),
    [
        ("The Taliban expressed concern about the election in Kabul.", 0),
        ("The Syrian army urged HTS to release the journalists.", 0),
        ("The Syrian army demanded that HTS release the journalists.", 3),
        ("The Taliban denied the allegations of torture.", 0),
        ("Police lifted the curfew in Gao on Monday.", 2),
        ("The Taliban met HTS in Kabul.", 1),
        ("ISIS attacked Mosul.", 4),
        ("Norway provided support to farmers in Yemen.", 2),
        ("The weather in Kabul was mild.", 0),
    ],
)
def test_quad_class_of_the_main_event(code, text, quad):
    doc = code(text)
    main = doc.events[0] if doc.events else None
    assert quad_class(main) == quad, (text, main and (main.type, main.attributes.get("statement")))
    if main is not None:
        assert main.attributes["quad_class"] == quad


def test_easing_verb_codes_a_concession_not_a_restriction(code):
    doc = code("Police lifted the curfew in Gao on Monday.")
    assert _types(doc) == ["CONCEDE"]
    assert _main(doc).attributes["material"] is True


def test_provided_support_is_aid(code):
    assert _main(code("Norway provided support to farmers in Yemen.")).type == "AID"


# ---------------------------------------------------------------- arguments
def test_a_date_is_never_a_recipient(code):
    ev = _main(code("Qahtani apologized on Friday."))
    assert ev.type == "SUPPORT" and not ev.recipients


def test_protesters_are_the_actor_of_their_rally(code):
    ev = _main(code("Protesters rallied in Kabul.", with_places=False))
    assert ev.type == "PROTEST" and _ids(ev.actors) == {"PROTESTERS"}


def test_unknown_name_is_a_side_next_to_dictionary_actors(code):
    ev = _main(code("The Taliban held talks with Pakistan in Doha."))
    assert ev.type == "CONSULT"
    ner = [m for m in ev.actors + ev.recipients if m.method == "ner"]
    assert [m.text for m in ner] == ["Pakistan"] and ner[0].reason


def test_launch_without_a_projectile_is_no_attack(code):
    doc = code("The Syrian army launched an inquiry against the company.")
    assert "ASSAULT" not in _types(doc)


def test_fire_with_a_projectile_is_an_attack(code):
    ev = _main(code("HTS fired rockets at Aleppo."))
    assert ev.type == "ASSAULT"


def test_pronoun_in_a_reported_clause_is_the_speaker(code):
    ev = _main(code("Kenya announced that it will withdraw its troops from Somalia."))
    assert [m.text for m in ev.actors] == ["Kenya"]


# ---------------------------------------------------------------- manual-driven retyping
def test_signing_an_agreement_is_support_and_promising_it_is_agree(code):
    assert _main(code("The Taliban and HTS signed a truce in Kabul.")).type == "SUPPORT"
    assert _main(code("The Taliban and HTS will sign a truce in Kabul.")).type == "AGREE"


def test_expelling_diplomats_reduces_relations(code):
    ev = _main(code("The Syrian army expelled two Turkish diplomats from Aleppo."))
    assert ev.type == "SANCTION" and ev.mode == "expel"
    assert _main(code("Police deported forty migrants from Gao.")).type == "COERCE"


def test_an_ultimatum_is_a_threat(code):
    assert _main(code("The Syrian army issued an ultimatum to HTS to leave Idlib.")).type == "THREATEN"


def test_expressed_regret_is_a_concession(code):
    assert _main(code("The Taliban expressed regret for the deaths of civilians in Kabul.")).type == "CONCEDE"


def test_labour_strike_is_a_protest_not_an_air_strike(code):
    ev = _main(code("Teachers began a general strike in Kabul on Monday."))
    assert ev.type == "PROTEST" and ev.mode == "strike"


def test_protest_purpose_is_not_coded_separately(code):
    doc = code("Protesters staged demonstrations in Kabul to demand the release of journalists.")
    assert _main(doc).type == "PROTEST" and "REQUEST" not in _types(doc)


def test_blocking_roads_protest_or_restriction_by_actor(code):
    assert _main(code("Protesters blocked roads in Kabul.")).type == "PROTEST"
    assert _main(code("The Syrian army blocked roads into Idlib.")).type == "COERCE"


def test_killed_in_a_gunbattle_keeps_the_killing(code):
    ev = _main(code("The Syrian army killed three HTS fighters in a gunbattle near Idlib."))
    assert ev.type == "ASSAULT" and _ids(ev.actors) == {"SYR_FORCES"}


def test_target_preposition_on_the_projectile(code):
    ev = _main(code("HTS on Thursday fired two artillery shells at Aleppo."))
    assert ev.type == "ASSAULT" and ev.location is not None and ev.location.name == "Aleppo"


def test_quad_schemes_differ_only_where_documented(code):
    ev = _main(code("The Syrian army suspended aid to Idlib."))
    assert ev.type == "SANCTION"
    assert quad_class(ev) == 4 and quad_class(ev, scheme="cameo") == 3
    attack = _main(code("ISIS attacked Mosul."))
    assert quad_class(attack) == quad_class(attack, scheme="cameo") == 4
    with pytest.raises(ValueError):
        quad_class(attack, scheme="gdelt")


def test_name_coordinated_with_the_verb_stays_a_second_target(code):
    doc = code("HTS shelled the towns of Idlib, in the north, and Aleppo in the west.")
    places = sorted(e.location.name for e in doc.events if e.type == "ASSAULT" and e.location)
    assert places == ["Aleppo", "Idlib"]


@pytest.mark.parametrize(
    ("text", "etype", "mode"),
    [
        ("Syrian army units remained on alert near Idlib.", "MOBILIZE", "troops"),
        ("Hundreds of teachers stopped work in Kabul on Monday.", "PROTEST", "strike"),
        ("HTS launched cyber warfare against the Syrian army.", "COERCE", "cyber"),
        ("ISIS held villagers as human shields in Mosul.", "COERCE", None),
        ("The Syrian army declared a state of siege in Aleppo.", "COERCE", "restrict"),
    ],
)
def test_more_material_acts(code, text, etype, mode):
    ev = _main(code(text))
    assert (ev.type, ev.mode) == (etype, mode), (text, ev.type, ev.mode, ev.reason)


def test_being_on_the_offensive_is_no_event_of_its_own(code):
    doc = code("ISIS is still on the offensive in Iraq.")
    assert not doc.events or not doc.events[0].actors


@pytest.mark.parametrize(
    ("text", "etype", "mode"),
    [
        ("HTS declared a unilateral ceasefire in Idlib on Friday.", "RETREAT", "ceasefire"),
        ("The Taliban announced a three-day cease-fire with the police.", "RETREAT", "ceasefire"),
        ("HTS agreed to a ceasefire with the Syrian army.", "AGREE", None),
        ("Norway gave 20 million dollars to Yemen.", "AID", None),
        ("Norway handed over medical supplies to the police in Kabul.", "AID", None),
        ("Kenya opened its borders to refugees from Somalia.", "AID", None),
        ("Kenya deployed 300 soldiers to the UN peacekeeping mission in Mogadishu.", "AID", None),
        ("Kenya and Uganda began joint military exercises near Gao.", "COOPERATE", None),
        ("Kenya deployed 300 soldiers to the border with Somalia.", "MOBILIZE", "troops"),
    ],
)
def test_cooperation_acts_by_object(code, text, etype, mode):
    ev = _main(code(text))
    assert (ev.type, ev.mode) == (etype, mode), (text, ev.type, ev.mode, ev.reason)


def test_handing_over_a_named_place_stays_a_transfer(code):
    ev = _main(code("HTS handed over Idlib to the Syrian army."))
    assert ev.acled_sub_event_type == "Non-violent transfer of territory"


@pytest.mark.parametrize(
    "text",
    [
        "The Taliban claimed that they had attacked the airport in Kabul.",
        "Norway is considering sending aid to Yemen.",
        "Kenya expressed pessimism about holding talks with al-Shabaab.",
    ],
)
def test_claims_options_and_comments_are_statements(code, text):
    doc = code(text)
    assert doc.events and quad_class(doc.events[0]) == 0, [
        (e.type, e.attributes.get("statement")) for e in doc.events
    ]


def test_a_message_sent_is_not_aid(code):
    doc = code("The Syrian army sent a condolence message to Kenya.")
    assert "AID" not in _types(doc)


def test_offered_condolences_are_the_act_with_the_offerer_as_actor(code):
    ev = _main(code("The Taliban offered their condolences to the families in Kabul."))
    assert ev.type == "SUPPORT" and _ids(ev.actors) == {"TALIBAN"} and quad_class(ev) == 0


def test_a_rejected_appeal_is_a_rejection(code):
    doc = code("HTS rejected an appeal by the Syrian army to lay down its arms.")
    assert _main(doc).type == "REJECT" and "REQUEST" not in _types(doc)


@pytest.mark.parametrize(
    ("text", "etype", "mode"),
    [
        ("The teachers' union called off its strike in Kabul.", "CONCEDE", None),
        ("Norway suspended aid to Yemen on Monday.", "SANCTION", "discontinue"),
        ("Kenya broke off talks with Somalia.", "SANCTION", "discontinue"),
        ("The Syrian army accepted the demands of HTS.", "CONCEDE", None),
    ],
)
def test_verbs_that_undo_their_object(code, text, etype, mode):
    doc = code(text)
    ev = _main(doc)
    assert (ev.type, ev.mode) == (etype, mode), (text, ev.type, ev.mode, ev.reason)
    assert len([e for e in doc.events if e.type in ("AID", "CONSULT", "PROTEST")]) == 0


def test_unknown_nationality_blocking_roads_is_a_protest(code):
    assert _main(code("Young Nigerians blocked roads in Lagos on Sunday.")).type == "PROTEST"


def test_relative_clause_of_an_event_noun_is_its_consequence(code):
    doc = code("Teachers organized a general strike that shut down Kabul.")
    assert _types(doc) == ["PROTEST"]


def test_copula_main_clause_outranks_its_adverbial_clause(code):
    doc = code(
        "Kenya is about to restore diplomatic ties with Somalia, five years after rioters burned its embassy."
    )
    assert _main(doc).type == "COOPERATE"


def test_left_for_talks_takes_the_traveller_as_actor(code):
    ev = _main(code("The Taliban delegation left for Doha on Monday for talks with Pakistan."))
    assert ev.type == "CONSULT" and _ids(ev.actors) == {"TALIBAN"}


def test_evacuating_people_is_aid_and_evacuating_staff_reduces_relations(code):
    assert _main(code("Kenya evacuated the wounded from Mogadishu on Friday.")).type == "AID"
    assert _main(code("Norway evacuated its embassy staff from Kabul.")).type == "SANCTION"


def test_hacking_into_is_cyber_coercion(code):
    ev = _main(code("HTS hacked into the computers of the Syrian army."))
    assert (ev.type, ev.mode) == ("COERCE", "cyber") and len(ev.recipients) == 1


def test_completed_withdrawal_has_its_actor(code):
    ev = _main(code("The Syrian army completed its withdrawal from Idlib on Tuesday."))
    assert ev.type == "RETREAT" and _ids(ev.actors) == {"SYR_FORCES"}

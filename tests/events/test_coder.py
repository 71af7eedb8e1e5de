"""The event coder on sentences made up for the purpose, with hand-made actors and places."""

from __future__ import annotations

from datetime import date

from marsad import registry
from marsad.events.coder import EventCoder


def _main(doc):
    assert doc.events, "no event coded"
    return doc.events[0]


def _ids(mentions):
    return [m.actor_id for m in mentions]


def test_registered():
    reg = registry.get("events", "marsad.event_coder")
    assert reg.ref == "marsad.event_coder@1.0" and reg.factory is EventCoder


def test_acled_note_shelling_with_fatalities(code):
    doc = code("On 3 May 2021, Houthi forces shelled a village in Hays district, killing 2 civilians.")
    ev = _main(doc)
    assert ev.type == "ASSAULT"
    assert ev.acled_event_type == "Explosions/Remote violence"
    assert ev.acled_sub_event_type == "Shelling/artillery/missile attack"
    assert _ids(ev.actors) == ["HOUTHI"]
    assert ev.fatalities == 2
    assert ev.location is not None and ev.location.name == "Hays district"
    assert ev.date.start == date(2021, 5, 3) and ev.date.granularity == "day"
    assert ev.component == "marsad.event_coder@1.0"
    assert len(doc.events) == 1, [e.trigger.text for e in doc.events]


def test_passive_voice_actor_is_agent(code):
    ev = _main(code("Abu Dhar al-Iraqi was captured by Jabhat al-Nusra in Idlib last week."))
    assert _ids(ev.actors) == ["NUSRA"] and _ids(ev.recipients) == ["ABU_DHAR"]
    assert ev.acled_sub_event_type == "Abduction/forced disappearance"
    assert ev.attributes.get("voice") == "passive"


def test_arrest_by_state_forces(code):
    ev = _main(code("Police arrested a journalist in Kabul on Monday."))
    assert ev.type == "COERCE" and ev.acled_sub_event_type == "Arrests"


def test_two_sided_clash_between(code):
    ev = _main(code("Heavy clashes broke out between the Syrian army and HTS in Idlib yesterday."))
    assert ev.type == "ASSAULT" and ev.acled_sub_event_type == "Armed clash"
    assert {*_ids(ev.actors), *_ids(ev.recipients)} == {"SYR_FORCES", "HTS"}
    assert ev.attributes["two_sided"] is True


def test_coordination_gives_one_event_per_place(code):
    doc = code("Taliban fighters attacked Kabul and Gao on Sunday.")
    places = sorted(e.location.name for e in doc.events if e.location)
    assert places == ["Gao", "Kabul"]


def test_negation(code):
    doc = code("Taliban fighters did not attack Kabul on Sunday.")
    assert doc.events and all(e.negated for e in doc.events)


def test_hedged_and_reported(code):
    hedged = _main(code("There is information that Taliban fighters attacked Kabul."))
    assert hedged.certainty == "hedged"
    reported = _main(code("A police spokesman said that al-Shabaab attacked Mogadishu."))
    assert reported.certainty == "reported"
    inferred = _main(code("The damage indicates that al-Shabaab attacked Mogadishu."))
    assert inferred.certainty == "inferred"


def test_violence_against_civilians(code):
    ev = _main(code("Gunmen killed 6 civilians in Gao on Friday."))
    assert ev.acled_event_type == "Violence against civilians" and ev.acled_sub_event_type == "Attack"
    assert ev.fatalities == 6


def test_territory_overtaken_by_non_state_actor(code):
    ev = _main(code("JNIM took control of Gao after heavy fighting."))
    assert ev.acled_sub_event_type == "Non-state actor overtakes territory"
    assert ev.location is not None and ev.location.name == "Gao"


def test_light_verb_and_operation_name(code):
    ev = _main(code("Taliban fighters launched a series of attacks on Kabul they called “Spring Storm.”"))
    assert ev.type == "ASSAULT" and _ids(ev.actors) == ["TALIBAN"]
    assert ev.attributes.get("operation") == "Spring Storm"


def test_peaceful_protest_and_intervention(code):
    assert _main(code("Protesters rallied in Kabul on Friday.")).acled_sub_event_type == "Peaceful protest"
    ev = _main(code("Protesters rallied in Kabul on Friday before police dispersed them with tear gas."))
    assert ev.acled_sub_event_type == "Protest with intervention"


def test_airstrike(code):
    ev = _main(code("Warplanes struck a market in Idlib on Tuesday, killing 12 civilians."))
    assert ev.acled_sub_event_type == "Air/drone strike" and ev.fatalities == 12


def test_event_coreference_merges_mentions(code):
    doc = code("Taliban fighters attacked Kabul on Sunday. The Taliban attack on Kabul lasted hours.")
    kabul = [e for e in doc.events if e.location and e.location.name == "Kabul" and e.type == "ASSAULT"]
    assert len(kabul) == 1 and kabul[0].extra_evidence


def test_ids_are_stable(build, coder):
    text = "Gunmen killed 6 civilians in Gao on Friday."
    first = [e.id for e in coder(build(text)).events]
    second = [e.id for e in coder(build(text)).events]
    assert first == second and all(i.startswith("ev_") for i in first)


def test_publication_date_fallback_has_reason(code):
    ev = _main(code("Gunmen killed 6 civilians in Gao."))
    assert ev.date.start == date(2021, 5, 4) and "publication date" in ev.date.reason


def test_without_places_or_actors(code):
    doc = code("Gunmen killed 6 civilians.", with_places=False, with_actors=False)
    ev = _main(doc)
    assert ev.location is None and ev.type == "ASSAULT"


def test_no_parse_is_a_warning(coder):
    from marsad.model import Document

    doc = coder(Document(id="x", text="nothing"))
    assert doc.events == [] and doc.warnings


def test_seed_required_events(build, coder, seed_text, seed_gold):
    """The seed with hand-made mentions/places: most required events found with the right type."""
    from marsad.model import Zone

    doc = build(seed_text, date(2014, 6, 10), doc_id="seed")
    cut = seed_text.find("Continue reading")
    doc.zones = [Zone("body", 0, cut), Zone("boilerplate", cut, len(seed_text), coded=False)]
    coder(doc)
    found = 0
    for gold in (g for g in seed_gold["events"] if g["required"]):
        needles = gold["evidence_contains"]
        needles = needles if isinstance(needles, list) else [needles]
        for ev in doc.events:
            spans = [ev.evidence.text] + [s.text for s in ev.extra_evidence]
            if ev.type in gold["type"] and any(n in s for n in needles for s in spans):
                found += 1
                break
    assert found >= 9
    assert len(doc.events) <= 20

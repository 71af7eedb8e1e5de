from datetime import date

import pytest
from actor_helpers import add_places, make_doc

from marsad.actors.resolver import ActorResolver
from marsad.relations.extractor import RelationExtractor, sentence_certainty

SEED_PLACES = {
    "Raqqa": 172955,
    "Anbar desert": 99592,
    "Syria": 163843,
    "Aleppo countryside": 170062,
    "Iraq": 99237,
    "Deir ez-Zour": 170794,
    "Samarra": 91597,
    "Mosul": 99072,
}


@pytest.fixture(scope="module")
def code(nlp, actor_kb):
    resolver = ActorResolver(actor_kb=actor_kb)
    extractor = RelationExtractor()

    def run(text, places=None, day=date(2014, 6, 10), coded_until=None):
        doc = resolver(make_doc(nlp, text, day, coded_until))
        add_places(doc, places or {})
        return extractor(doc)

    return run


def rels(doc):
    return {(r.source, r.type, r.target, r.certainty) for r in doc.relations}


def test_hostile_ally_linked_and_hedging(code):
    doc = code(
        "The Taliban are fighting against the Afghan army. "
        "There is information that Hezbollah and Badr are cooperating. "
        "The al-Qaeda-linked Ahrar al-Sham attacked the Free Syrian Army."
    )
    got = rels(doc)
    assert any(s == "TALIBAN" and t == "hostile" and o == "AFG_MIL" for s, t, o, _ in got)
    assert ("HEZBOLLAH", "ally", "BADR", "hedged") in got
    assert any(s == "AHRAR_AL_SHAM" and t == "linked" and o == "AL_QAEDA" for s, t, o, _ in got)
    assert all(r.reason and r.component == "marsad.relation_extractor@1.4" for r in doc.relations)
    assert all(doc.text[r.evidence.start : r.evidence.end] == r.evidence.text for r in doc.relations)


def test_certainty_cues():
    assert sentence_certainty("There is information that X and Y are cooperating.") == "hedged"
    assert sentence_certainty("He said X attacked Y.") == "reported"
    assert sentence_certainty("X attacked Y.") == "asserted"


def test_member_roles_and_dedupe(code):
    doc = code(
        "Abu Omar al-Shishani, the ISIS commander in Raqqa, was killed. The Hezbollah-Badr Alliance fought ISIS. "
        "Hezbollah fought ISIS again."
    )
    got = rels(doc)
    assert any(t == "member_of" and o == "ISIS" and s.startswith("unk:") for s, t, o, _ in got)
    assert (
        "HEZBOLLAH",
        "member_of",
        next(r.target for r in doc.relations if r.source == "HEZBOLLAH" and r.type == "member_of"),
        "asserted",
    ) in got
    hostile = [
        r for r in doc.relations if r.type == "hostile" and {r.source, r.target} == {"HEZBOLLAH", "ISIS"}
    ]
    assert len(hostile) == 1 and hostile[0].certainty == "asserted"


def test_territory_claims(code):
    doc = code(
        "Ahrar al-Sham controls large parts of Idlib. The Taliban has a branch in Afghanistan, in particular in Kandahar.",
        {"Idlib": 169388, "Afghanistan": 1149361, "Kandahar": 1138336},
    )
    got = {(t.actor, t.claim, t.place.text) for t in doc.territory}
    assert ("AHRAR_AL_SHAM", "controls", "Idlib") in got
    assert ("TALIBAN", "presence", "Kandahar") in got


def test_x_held_names_its_holder_never_another_actor(code):
    doc = code(
        "The Taliban shelled the rebel-held town of Idlib, and Ahrar al-Sham patrols the ISIS-held city of Raqqa.",
        {"Idlib": 169388, "Raqqa": 172955},
    )
    got = {(t.actor, t.place.text) for t in doc.territory}
    assert ("TALIBAN", "Idlib") not in got  # "rebel-held": the rebels, not the sentence's other actor
    assert ("ISIS", "Raqqa") in got and ("AHRAR_AL_SHAM", "Raqqa") not in got


def test_seed_gold_relations_and_territory(code, seed_text, seed_gold):
    doc = code(seed_text, SEED_PLACES, coded_until=seed_text.index("Continue reading"))
    ids = {"IRQ_FORCES": "IRQ_MIL", "ANSAR": "ANSAR_AL_ISLAM"}
    persons = {a.name: a.id for a in doc.actors if a.kind == "person"}
    ids["ABU_DHAR"] = persons.get("Abu Dhar al-Iraqi")
    ids["QAHTANI"] = persons.get("Abu Maria al-Qahtani")
    have = {(r.source, r.target, r.type) for r in doc.relations}
    missing = []
    for g in seed_gold["relations"]:
        a, b = ids.get(g["a"], g["a"]), ids.get(g["b"], g["b"])
        if (a, b, g["type"]) not in have and (
            g["type"] not in ("hostile", "ally") or (b, a, g["type"]) not in have
        ):
            missing.append(g)
    assert not missing
    terr = {(t.actor, t.place.geonameid) for t in doc.territory}
    for g in seed_gold["territory"]:
        assert any((ids.get(g["actor"], g["actor"]), p) in terr for p in g["place"])


def test_seed_gold_actors(code, seed_text, seed_gold):
    """Every gold mention is a mention of the right document-level actor (names as matched;
    "Golani" inside the coalition name "Golani-Awakenings Alliance" counts for NUSRA)."""
    doc = code(seed_text, coded_until=seed_text.index("Continue reading"))
    texts = {a.id: {m.text.replace("\xa0", " ").lower() for m in a.mentions} for a in doc.actors}
    ids = {"IRQ_FORCES": "IRQ_MIL", "ANSAR": "ANSAR_AL_ISLAM", "IRAQ_SUNNIS": "IRQ_SUNNI"}
    for g in seed_gold["actors"]:
        if g["kind"].startswith("author") or g["kind"] == "person":
            continue
        aid = ids.get(g["key"], g["key"])
        for text in g["mentions"]:
            assert text.lower() in texts.get(aid, set()), (g["key"], text)


def test_between_as_the_first_word_is_no_error(code):
    doc = code("Between the Taliban and Ahrar al-Sham there was fighting.")
    assert doc is not None


def test_a_seizure_claims_territory_only_when_it_takes_the_place(code):
    doc = code(
        "Hezbollah seized 17 tons of weapons from a tunnel near Idlib. Ahrar al-Sham captured the town of Raqqa.",
        {"Idlib": 169388, "Raqqa": 172955},
    )
    got = {(t.actor, t.claim, t.place.text) for t in doc.territory}
    assert ("AHRAR_AL_SHAM", "seized", "Raqqa") in got
    assert not [t for t in doc.territory if t.place.text == "Idlib"]  # weapons seized, not Idlib


def test_goods_or_persons_seized_are_no_territory(pipeline):
    doc = pipeline.process(
        "Mexican police seized 32 tons of marijuana in Tijuana on Monday. Soldiers captured a gunman in Tijuana.",
        date="2017-03-01",
    )
    assert [e for e in doc.events if e.mode == "seize"]  # the events are coded as seizures
    assert doc.territory == []


def test_medals_captured_are_no_territory(pipeline):
    """What a seizure takes must be a place or a word for one, not medals or a dam's land."""
    for text in ("Penny Oleksiak captured four medals in Canada.", "The army captured two boats in Basra."):
        assert pipeline.process(text, date="2017-03-01").territory == []
    taken = pipeline.process("The rebels captured the town of Kadugli on Monday.", date="2017-03-01")
    assert [t.place.text for t in taken.territory] == ["Kadugli"]

"""A batch is coded inside spaCy's memory zone: new words leave the vocabulary as it was, and
the coding is the same as outside the zone; the lemmatizer's cache is held to a size."""

from __future__ import annotations

import threading

import pytest

from marsad.engine.base import code_batch
from marsad.ingest import document_from_text
from marsad.nlp.memory import bound_caches, memory_zone

pytestmark = pytest.mark.slow

# words no English vocabulary holds, so that each run meets them for the first time
TEXTS = [
    "Gunmen of the Zorvathi Brigade killed three soldiers near Kirkuk on Monday, said Qelmarin Duvosk.",
    "Police arrested ten Brelnovite protesters in Basra after clashes at the Xantheral market.",
    "Rebels shelled Aleppo on Sunday, killing two civilians, the Vashkuri Front said in a statement.",
]


def _docs(texts: list[str]) -> list:
    return [document_from_text(t, date="2016-03-02", doc_id=f"zone-{i}") for i, t in enumerate(texts)]


def _sizes(nlp) -> tuple[int, int]:
    """Lexemes (counted, as ``len(vocab)`` counts those freed too) and strings."""
    return sum(1 for _ in nlp.vocab), len(nlp.vocab.strings)


def test_a_batch_leaves_the_vocabulary_as_it_found_it_and_codes_as_outside_the_zone(pipeline, nlp):
    texts = [t.replace("Zorvathi", f"Zorvathi{k}") for k in range(2) for t in TEXTS]
    code_batch(pipeline, _docs(TEXTS[:1]))  # every stage built, its strings registered
    before = _sizes(nlp)
    zoned = code_batch(pipeline, _docs(texts))
    assert _sizes(nlp) == before  # the new words' strings and lexemes were freed
    assert all(d.spacy_doc is None for d in zoned)
    assert any(d.events for d in zoned)

    plain = [pipeline.run(doc) for doc in _docs(texts)]  # outside any zone: the words stay
    assert _sizes(nlp) > before
    strip = ("pipeline",)
    for a, b in zip(zoned, plain, strict=True):
        da, db = a.to_dict(), b.to_dict()
        for key in strip:
            da.pop(key, None), db.pop(key, None)
        assert da == db

    again = code_batch(pipeline, _docs(texts))  # the zone's strings are gone, coding is unchanged
    assert [d.to_dict()["events"] for d in again] == [d.to_dict()["events"] for d in zoned]


WIRE = (
    "GUERRILLAS KILLED BODYGUARD JAIRO ORTEGA AND PRESIDENT ALFREDO CRISTIANI CONDEMNED THE ATTACK "
    "IN BOGOTA, COLOMBIA, ON 30 DECEMBER. THE FMLN SAID U.S. ADVISERS WERE KIDNAPPED."
)


def test_a_text_in_capitals_first_met_in_a_zone_is_coded_as_outside_it(nlp, gazetteer, actor_kb):
    """The truecaser (a matcher over the known names) is built on the first text in capitals,
    here inside a zone; it keeps working after the zone, and the coding is the same."""
    from marsad import Pipeline

    fresh = Pipeline(nlp=nlp, gazetteer=gazetteer, actor_kb=actor_kb)  # its truecaser not yet built
    code_batch(fresh, _docs(TEXTS[:1]))  # mixed case: no truecaser needed, none built
    assert fresh.component("nlp")._truecaser is None
    (zoned,) = code_batch(fresh, _docs([WIRE]))
    assert fresh.component("nlp")._truecaser is not None
    (caps,) = [fresh.run(d) for d in _docs([WIRE])]  # outside any zone, with the zone's truecaser
    assert caps.spacy_doc.user_data.get("truecased")
    assert any("ALFREDO CRISTIANI" in m.text and m.kind == "person" for m in caps.actor_mentions)
    plain, inside = caps.to_dict(), zoned.to_dict()
    assert inside["actors"] == plain["actors"] and inside["events"] == plain["events"]


def test_zones_do_not_nest_and_take_turns_between_threads(nlp):
    entered: list[str] = []
    with memory_zone(nlp):
        assert nlp.vocab.in_memory_zone
        with memory_zone(nlp):  # the same thread: the outer zone frees it all
            assert nlp.vocab.in_memory_zone
        assert nlp.vocab.in_memory_zone

        def other() -> None:
            with memory_zone(nlp):
                entered.append("other")

        thread = threading.Thread(target=other)
        thread.start()
        thread.join(0.3)
        assert entered == []  # waits for this zone to end
    thread.join(5)
    assert entered == ["other"] and not nlp.vocab.in_memory_zone


def test_a_component_cache_past_its_limit_is_emptied(nlp):
    lemmatizer = nlp.get_pipe("lemmatizer")
    list(nlp.pipe(["Soldiers were fighting in the burning villages.", "Troops withdrew."]))
    assert len(lemmatizer.cache) > 5
    assert bound_caches(nlp, limit=len(lemmatizer.cache)) == 0  # at the limit: kept
    assert bound_caches(nlp, limit=5) == 1 and lemmatizer.cache == {}
    assert [t.lemma_ for t in nlp("Troops withdrew.")][:2] == ["troop", "withdraw"]

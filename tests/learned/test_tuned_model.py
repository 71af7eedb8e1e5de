"""The tuned profile: the fine-tuned transformer as the event sentence model."""

from __future__ import annotations

import numpy as np
import pytest

from marsad.learned.event_model import TUNED_MODEL, default_model, reading_from
from marsad.learned.tune_coder import ReadingCache


def _tuned():
    from marsad.learned.tuned_model import TunedModelUnavailable, TunedSentenceModel

    try:
        return TunedSentenceModel(TUNED_MODEL)
    except (TunedModelUnavailable, FileNotFoundError) as exc:
        pytest.skip(str(exc))


def test_reading_from_distributions_picks_each_heads_best_and_the_mode_of_its_type():
    dist = {
        "label": {"VAC-ATTACK": 0.7, "NONE": 0.3},
        "plover": {"ASSAULT": 0.8, "NONE": 0.2},
        "status": {"asserted": 0.6, "generic": 0.4},
        "mode": {"ASSAULT:firearms": 0.5, "PROTEST:demo": 0.9},
    }
    r = reading_from(dist)
    assert (r.label, r.plover, r.status, r.mode) == ("VAC-ATTACK", "ASSAULT", "asserted", "firearms")
    assert r.event_probability == pytest.approx(0.8)


def test_the_shipped_tuned_model_reads_sentences(nlp):
    model = _tuned()
    attack, weather = model.read_many(
        [
            nlp("Gunmen shot dead three policemen at a checkpoint in Peshawar on Monday."),
            nlp("The sky was blue."),
        ]
    )
    assert attack.event_probability > 0.5 and attack.plover == "ASSAULT"
    assert weather.event_probability < attack.event_probability
    row = model.logits(["Troops fired on protesters."])[0]
    dist = model.distributions(row)
    assert {name for name, _ in model.heads} == set(dist)
    assert all(np.isclose(sum(d.values()), 1.0) for d in dist.values())
    assert default_model(str(TUNED_MODEL)).ref == model.ref


def test_reading_cache_reads_each_sentence_once(nlp):
    calls = []

    class Counting:
        ref, decision = "m@0", {}

        def read_many(self, sents):
            calls.extend(s.text for s in sents)
            return [s.text.upper() for s in sents]

    cache = ReadingCache(Counting())
    a, b = nlp("One sentence."), nlp("Another one.")
    assert cache.read_many([a, b]) == ["ONE SENTENCE.", "ANOTHER ONE."]
    assert cache.read_many([b, a]) == ["ANOTHER ONE.", "ONE SENTENCE."]
    assert calls == ["One sentence.", "Another one."]

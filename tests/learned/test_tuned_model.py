"""The tuned profile: the fine-tuned transformer as the event sentence model."""

from __future__ import annotations

import numpy as np
import pytest

from marsad.learned.event_model import reading_from
from marsad.learned.tune_coder import ReadingCache


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


class FixedSession:
    """An onnxruntime session stand-in: the same logits row for every sentence of a batch."""

    def __init__(self, row: list[float]) -> None:
        self.row = np.array(row, dtype=np.float32)
        self.batches: list[int] = []

    def get_inputs(self):
        return [type("Input", (), {"name": n})() for n in ("input_ids", "attention_mask", "token_type_ids")]

    def run(self, _outputs, feeds):
        n = feeds["input_ids"].shape[0]
        self.batches.append(n)
        return [np.tile(self.row, (n, 1))]


def test_tuned_model_splits_its_logits_into_one_distribution_per_head(nlp):
    from tokenizers import Tokenizer

    from marsad.learned.onnx_encoder import ENCODER_DIR
    from marsad.learned.tuned_model import TunedSentenceModel

    model = TunedSentenceModel.__new__(TunedSentenceModel)
    model.heads = [
        ("label", ["NONE", "VAC-ATTACK"]),
        ("plover", ["ASSAULT", "NONE"]),
        ("status", ["asserted"]),
    ]
    model.session = FixedSession([0.0, 2.0, 3.0, 0.0, 1.0])
    model.tokenizer = Tokenizer.from_file(str(ENCODER_DIR / "tokenizer.json"))
    model.tokenizer.enable_padding()
    model.inputs = {"input_ids", "attention_mask", "token_type_ids"}
    model.batch_size = 2
    readings = model.read_many([nlp("Gunmen shot three policemen."), nlp("Troops fired."), nlp("A blast.")])
    assert model.session.batches == [2, 1]  # batched by batch_size
    r = readings[0]
    assert (r.label, r.plover, r.status) == ("VAC-ATTACK", "ASSAULT", "asserted")
    assert r.probability("label", "VAC-ATTACK") == pytest.approx(np.exp(2) / (1 + np.exp(2)))
    assert all(np.isclose(sum(d.values()), 1.0) for d in r.distribution.values())
    assert model.logits([]).shape == (0, 5)


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

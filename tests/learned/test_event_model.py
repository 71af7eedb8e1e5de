"""The learned event sentence model: runtime, features, shipped model, training helpers."""

from __future__ import annotations

import numpy as np
import pytest

from marsad.learned.corpus.join import Example
from marsad.learned.event_model import DEFAULT_MODEL, EventSentenceModel, code_for, label_names
from marsad.learned.features import featurize, stem
from marsad.learned.linear import SparseLinearModel
from marsad.learned.train_events import build_vocab, design, fit_model, load_config, targets


def _example(i: int, text: str, label: str, plover: str, status: str | None, same: bool = False) -> Example:
    return Example(
        id=f"t{i}",
        source="test",
        text=text,
        label=label,
        plover=plover,
        mode=None,
        status=status,
        same_as_context=same,
    )


TOY = [
    (["w:bomb", "w:blast", "w:killed"], "ERV-IED", "ASSAULT", "asserted"),
    (["w:bomb", "w:exploded", "w:market"], "ERV-IED", "ASSAULT", "reported"),
    (["w:police", "w:arrested", "w:militants"], "SD-ARREST", "COERCE", "asserted"),
    (["w:police", "w:detained", "w:men"], "SD-ARREST", "COERCE", "reported"),
    (["w:weather", "w:sunny", "w:spring"], "NONE", "NONE", None),
    (["w:market", "w:prices", "w:rose"], "NONE", "NONE", None),
] * 3


def _toy_model() -> SparseLinearModel:
    cfg = dict(load_config(), min_count=1)
    examples = [_example(i, "", lab, plo, st) for i, (_, lab, plo, st) in enumerate(TOY)]
    return fit_model([f for f, *_ in TOY], examples, cfg, 1.0)


def test_linear_runtime_matches_scikit_learn():
    from sklearn.linear_model import LogisticRegression

    feats = [f for f, *_ in TOY]
    labels = [lab for _, lab, *_ in TOY]
    vocab = build_vocab(feats, 1)
    X = design(feats, vocab)
    clf = LogisticRegression(C=1.0, max_iter=1000).fit(X, labels)
    model = _toy_model()
    for fs, x in zip(feats, X, strict=True):
        ours = model.predict(fs)["label"]
        theirs = dict(zip(clf.classes_, clf.predict_proba(x)[0], strict=True))
        assert max(abs(ours[k] - theirs[k]) for k in theirs) < 0.05  # weights are stored as float16


def test_model_round_trips_through_its_files(tmp_path):
    model = _toy_model()
    model.save(tmp_path)
    again = SparseLinearModel.load(tmp_path)
    feats = ["w:police", "w:arrested", "w:unknown-word"]
    a, b = model.predict(feats), again.predict(feats)
    for head in a:
        assert a[head].keys() == b[head].keys()
        assert max(abs(a[head][k] - b[head][k]) for k in a[head]) < 1e-2
    assert max(a["label"], key=a["label"].get) == "SD-ARREST"


def test_no_known_feature_gives_the_bias_only():
    model = _toy_model()
    probs = model.predict(["w:never-seen"])["label"]
    bias = model.heads["label"].bias.astype(float)
    expected = np.exp(bias - bias.max()) / np.exp(bias - bias.max()).sum()
    assert np.allclose([probs[lab] for lab in model.heads["label"].labels], expected)


def test_targets_per_head():
    ev = _example(1, "", "ERV-IED", "ASSAULT", None, same=True)
    none = _example(2, "", "NONE", "NONE", None)
    assert targets(ev, "status") == "asserted"  # an event without a status is taken as asserted
    assert targets(none, "status") is None  # NONE items do not train the status head
    assert targets(ev, "mode") == "ASSAULT:none"
    assert targets(ev, "same") == "yes" and targets(none, "same") is None


def test_stem_joins_inflections():
    assert stem("killed") == stem("kills") == stem("killing") == "kill"


def test_features_fold_case(nlp):
    from marsad.events.lexicon import load_lexicon

    lex = load_lexicon()
    upper = set(featurize(nlp("GUERRILLAS KILLED TWO SOLDIERS IN MORAZAN."), lex))
    lower = set(featurize(nlp("Guerrillas killed two soldiers in Morazan."), lex))
    words = {f for f in lower if f.startswith(("w:", "s:", "b:"))}
    assert words <= upper


def test_features_carry_the_rules_reading(nlp):
    from marsad.events.lexicon import load_lexicon

    feats = featurize(nlp("Police arrested three militants in Srinagar."), load_lexicon())
    assert any(f.startswith("rt:") and f != "rt:none" for f in feats)
    assert "rt:none" in featurize(nlp("The weather was pleasant."), load_lexicon())


def test_label_table_has_thirty_labels_and_none():
    names = label_names()
    assert len(names) == 31 and names["NONE"] == (None, None)
    assert code_for("Armed clash") == "BAT-CLASH" and code_for(None) == "NONE"


def test_shipped_model_loads_offline_and_reads(nlp):
    assert (DEFAULT_MODEL / "model.json").exists(), "the trained model ships inside the package"
    model = EventSentenceModel()
    assert model.ref.startswith("marsad.event_sentence_model@")
    assert set(model.model.heads) == {"label", "plover", "status", "mode", "same"}
    reading = model.read(
        nlp("Gunmen shot dead four villagers and wounded six others in the district on Monday.")
    )
    assert reading.is_event and reading.plover == "ASSAULT"
    assert 0.0 <= reading.label_p <= 1.0
    top = reading.top("label")
    assert top[0][0] == reading.label and len(top) == 3


def test_model_refuses_a_missing_folder(tmp_path):
    with pytest.raises(FileNotFoundError, match="train_events"):
        EventSentenceModel(tmp_path)


def test_design_rows_are_unit_length():
    X = design([["a", "b", "c", "zz"], []], {"a": 0, "b": 1, "c": 2})
    assert np.isclose(np.sqrt(X[0].multiply(X[0]).sum()), 1.0)
    assert X[1].nnz == 0


def test_accurate_profile_reads_with_onnx_embeddings(nlp):
    pytest.importorskip("onnxruntime")
    pytest.importorskip("tokenizers")
    from marsad.learned.event_model import ACCURATE_MODEL
    from marsad.learned.onnx_encoder import OnnxSentenceEncoder

    vectors = OnnxSentenceEncoder().encode(["Rebels shelled the town.", "The weather was mild."])
    assert vectors.shape == (2, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    model = EventSentenceModel(ACCURATE_MODEL)
    assert model.model.dense == "minilm-l6-int8" and model.encoder is not None
    readings = model.read_many(
        [nlp("Rebels shelled the town on Sunday, killing three people."), nlp("The weather was mild.")]
    )
    assert readings[0].event_probability > readings[1].event_probability


def test_coder_version_names_the_model():
    from marsad import registry
    from marsad.learned import coder  # noqa: F401  (registers the component)

    ref = registry.get("events", "marsad.learned_event_coder").ref
    assert "+event_sentence-" + EventSentenceModel().version + "." in ref
    assert ".event_arguments-1.1" in ref or ".no-event_arguments" in ref
    assert ref.endswith((".event_tolls-1.2", ".no-event_tolls"))


def test_thresholds_follow_the_one_standard_error_rule():
    from marsad.learned.tune_coder import choose

    def s(f1, p, r):
        return {"f1": f1, "precision": p, "recall": r, "incidents": 40}

    grid = [
        (0.9, 0.9, 0.9, s(0.70, 0.80, 0.62)),
        (0.5, 0.9, 0.9, s(0.66, 0.55, 0.83)),
        (0.3, 0.9, 0.9, s(0.40, 0.27, 0.9)),
    ]
    assert choose(grid)[0] == 0.5  # within one SE of the best, the one with the higher recall


def test_onnx_sessions_take_the_thread_count_dask_gives_its_workers(monkeypatch):
    from marsad.learned.onnx_encoder import onnx_threads

    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    assert onnx_threads() == 1
    monkeypatch.setenv("OMP_NUM_THREADS", "3")
    assert onnx_threads() == 3
    monkeypatch.delenv("OMP_NUM_THREADS")
    assert 1 <= onnx_threads() <= 4


def test_shipped_models_match_their_configs():
    # a shipped model is what its config, retrained, would give: same version, the same data
    from marsad.learned.event_model import ACCURATE_MODEL
    from marsad.learned.train_events import ACCURATE_CONFIG_PATH, CONFIG_PATH

    for folder, path in ((DEFAULT_MODEL, CONFIG_PATH), (ACCURATE_MODEL, ACCURATE_CONFIG_PATH)):
        cfg, meta = load_config(path), SparseLinearModel.load(folder).meta
        assert meta["version"] == cfg["version"], folder
        assert meta.get("label_revisions", 0) == cfg.get("label_revisions", 0), folder
        assert folder.name == cfg.get("folder", f"event_sentence-{cfg['version']}")

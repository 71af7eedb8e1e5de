"""Train the learned event sentence model: ``python -m marsad.learned.train_events``.

Input: the annotated corpus (``corpus/events``, joined with ``MARSAD_DEV_DATA``), the config
``configs/event_model.yaml`` (fixed seed, C grid), the spaCy pipeline and the trigger lexicon.
Output: ``models/event_sentence-<version>/`` inside the package — ``weights.npz``,
``vocab.txt`` and ``model.json`` (labels, the chosen C, training counts, versions) — loaded
offline by :mod:`marsad.learned.event_model`.

Only the training part of the fixed random split is used (fold 0, the held-out test fifth,
is never seen, nor are the articles of the incident benchmark). C is chosen by 4-fold
cross-validation on the training part, by the weighted F1 of the ``label`` head.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from marsad.learned.corpus.join import Example, load_corpus
from marsad.learned.linear import Head, SparseLinearModel

PACKAGE_DIR = Path(__file__).resolve().parent
CONFIG_PATH = PACKAGE_DIR / "configs" / "event_model.yaml"
ACCURATE_CONFIG_PATH = PACKAGE_DIR / "configs" / "event_model_accurate.yaml"
MODELS_DIR = PACKAGE_DIR / "models"


SPLIT_NOTE = "random split, folds 1-4 (fold 0 held out); incident-benchmark articles excluded"


def trained_on(train: list[Example]) -> dict[str, Any]:
    """What a model card says of its training items: counts, labels, sources."""
    return {
        "items": len(train),
        "real": sum(not e.written for e in train),
        "written": sum(e.written for e in train),
        "labels": dict(Counter(e.label for e in train).most_common()),
        "sources": dict(Counter(e.source for e in train).most_common()),
    }


def load_config(path: Path = CONFIG_PATH) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def targets(ex: Example, head: str) -> str | None:
    """The training target of one head for one example (None: the example does not train it)."""
    is_event = ex.label != "NONE" or ex.plover != "NONE"
    if head == "label":
        return ex.label
    if head == "plover":
        return ex.plover
    if head == "status":
        return (ex.status or "asserted") if is_event else None
    if head == "same":
        return ("yes" if ex.same_as_context else "no") if is_event else None
    if head == "mode":
        return f"{ex.plover}:{ex.mode or 'none'}" if ex.plover != "NONE" else None
    raise ValueError(head)


def featurize_texts(
    texts: Sequence[str], nlp: Any = None, lex: Any = None, progress: bool = True
) -> list[list[str]]:
    """Parse each text as one sentence and return its features."""
    from tqdm import tqdm

    from marsad.events.lexicon import load_lexicon
    from marsad.learned.features import featurize
    from marsad.nlp.loader import load_spacy

    nlp = nlp or load_spacy()
    lex = lex or load_lexicon()
    docs = nlp.pipe(texts, batch_size=64)
    return [featurize(d, lex) for d in tqdm(docs, total=len(texts), disable=not progress, desc="features")]


def build_vocab(feats: list[list[str]], min_count: int) -> dict[str, int]:
    counts = Counter(f for fs in feats for f in set(fs))
    kept = sorted(f for f, c in counts.items() if c >= min_count)
    return {f: i for i, f in enumerate(kept)}


def design(
    feats: list[list[str]], vocab: dict[str, int], dense: np.ndarray | None = None, scale: float = 1.0
):
    """The training matrix: binary features, L2-normalised per row, then the scaled embeddings."""
    from scipy.sparse import csr_matrix, hstack

    rows, cols, vals = [], [], []
    for r, fs in enumerate(feats):
        idx = sorted({vocab[f] for f in fs if f in vocab})
        if idx:
            v = 1.0 / np.sqrt(len(idx))
            rows += [r] * len(idx)
            cols += idx
            vals += [v] * len(idx)
    X = csr_matrix((vals, (rows, cols)), shape=(len(feats), len(vocab)), dtype=np.float64)
    if dense is not None:
        X = hstack([X, csr_matrix(dense.astype(np.float64) * scale)]).tocsr()
    return X


def _fit_head(X, y: list[str], c: float, cfg: dict[str, Any]):
    from sklearn.linear_model import LogisticRegression

    clf = LogisticRegression(
        C=c,
        class_weight=cfg.get("class_weight"),
        max_iter=cfg.get("max_iter", 2000),
        random_state=cfg["seed"],
    )
    clf.fit(X, y)
    return clf


def _head_from(clf, name: str, n_sparse: int) -> Head:
    labels = [str(c) for c in clf.classes_]
    W = clf.coef_.T.astype(np.float32)
    b = clf.intercept_.astype(np.float32)
    if len(labels) == 2:  # binary: scikit-learn keeps one row; make it a two-column softmax
        W = np.hstack([-W / 2, W / 2])
        b = np.array([-b[0] / 2, b[0] / 2], dtype=np.float32)
    dense = W[n_sparse:] if W.shape[0] > n_sparse else None
    return Head(name, labels, W[:n_sparse], b, dense)


def choose_c(
    feats: list[list[str]],
    examples: list[Example],
    cfg: dict[str, Any],
    log=print,
    dense: np.ndarray | None = None,
) -> float:
    """C by cross-validation on the training examples only (their folds), by the F1 average of
    ``label`` named in the config (``selection``: weighted or macro)."""
    from sklearn.metrics import f1_score

    folds = sorted({e.fold for e in examples if not e.written})
    best, best_f1 = cfg["c_grid"][0], -1.0
    for c in cfg["c_grid"]:
        gold, pred = [], []
        for k in folds:
            tr = [i for i, e in enumerate(examples) if e.written or e.fold != k]
            te = [i for i, e in enumerate(examples) if not e.written and e.fold == k]
            vocab = build_vocab([feats[i] for i in tr], cfg["min_count"])
            X = design(feats, vocab, dense, cfg.get("dense_scale", 1.0))
            clf = _fit_head(X[tr], [examples[i].label for i in tr], c, cfg)
            pred += list(clf.predict(X[te]))
            gold += [examples[i].label for i in te]
        f1 = f1_score(gold, pred, average=cfg.get("selection", "weighted"), zero_division=0)
        log(f"  C={c}: cross-validated {cfg.get('selection', 'weighted')} F1 {f1:.3f}")
        if f1 > best_f1:
            best, best_f1 = c, f1
    return best


def fit_model(
    feats: list[list[str]],
    examples: list[Example],
    cfg: dict[str, Any],
    c: float,
    meta: dict | None = None,
    dense: np.ndarray | None = None,
) -> SparseLinearModel:
    """One model, every head, on the given examples (and their embeddings, for a dense model)."""
    vocab = build_vocab(feats, cfg["min_count"])
    X = design(feats, vocab, dense, cfg.get("dense_scale", 1.0))
    heads = {}
    for head in cfg["heads"]:
        idx = [i for i, e in enumerate(examples) if targets(e, head) is not None]
        y = [targets(examples[i], head) for i in idx]
        if len(set(y)) < 2:  # one class only (tiny corpora): a constant head
            only = y[0] if y else "NONE"
            heads[head] = Head(head, [only], np.zeros((len(vocab), 1), np.float32), np.zeros(1, np.float32))
            continue
        heads[head] = _head_from(_fit_head(X[idx], y, c, cfg), head, len(vocab))
    meta = dict(meta or {})
    if dense is not None:
        meta.update(dense=cfg["dense"], dense_scale=cfg.get("dense_scale", 1.0))
    return SparseLinearModel(vocab, heads, meta)


def embed(texts: Sequence[str], cfg: dict[str, Any]) -> np.ndarray | None:
    """Sentence embeddings for a config with a dense part (the accurate profile), else None."""
    if not cfg.get("dense"):
        return None
    from marsad.learned.onnx_encoder import OnnxSentenceEncoder

    return OnnxSentenceEncoder(MODELS_DIR / cfg["dense"]).encode(list(texts))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=None, help="shared data dir (default MARSAD_DEV_DATA)")
    ap.add_argument("--config", type=Path, default=CONFIG_PATH)
    ap.add_argument(
        "--profile", choices=("fast", "accurate"), default=None, help="the shipped config of a profile"
    )
    ap.add_argument("--out", type=Path, default=None, help="model folder (default: inside the package)")
    ap.add_argument("--c", type=float, default=None, help="skip the C search and use this value")
    args = ap.parse_args(argv)
    if args.profile == "accurate":
        args.config = ACCURATE_CONFIG_PATH
    cfg = load_config(args.config)
    random.seed(cfg["seed"])
    np.random.seed(cfg["seed"])
    t0 = time.time()
    corpus = load_corpus(
        args.data,
        written=cfg.get("written_items", True),
        warn=lambda m: print(m, file=sys.stderr),
        revisions=cfg.get("label_revisions", 0),
    )
    # a model trained before a sampling round reads the rounds that came before it
    train = [e for e in corpus if e.random_split == "train" and e.round <= cfg.get("rounds", 99)]
    print(f"corpus: {len(corpus)} items; training part {len(train)} (held-out fold 0 not used)")
    feats = featurize_texts([e.text for e in train])
    dense = embed([e.text for e in train], cfg)
    c = args.c or choose_c(feats, train, cfg, dense=dense)
    print(f"chosen C = {c}")
    from marsad.nlp.loader import load_spacy

    nlp = load_spacy()
    meta = {
        "name": cfg["name"],
        "version": cfg["version"],
        "features_version": cfg["features_version"],
        "C": c,
        "seed": cfg["seed"],
        "spacy_model": f"{nlp.meta.get('name')}@{nlp.meta.get('version')}",
        "trained_on": trained_on(train),
        "label_revisions": cfg.get("label_revisions", 0),
        "split": SPLIT_NOTE,
    }
    model = fit_model(feats, train, cfg, c, meta, dense)
    out = args.out or MODELS_DIR / cfg.get("folder", f"event_sentence-{cfg['version']}")
    model.save(out)
    print(f"model ({len(model.vocab)} features) -> {out} in {time.time() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
